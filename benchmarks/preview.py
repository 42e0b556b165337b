"""The editors' loop, timed as an editor meets it: from saving a file to the browser showing
the page again with the edit.

For each site (the real site with the test events of tests/fixtures/events, and the real site
with a corpus of generated pages, corpus.py), `invoke serve` runs in a copy of the project and
Debian's chromium, driven by Playwright, opens a page. Then, `runs` times each:

* **page**: a paragraph is added to the open page's Markdown file;
* **event**: the open event's title is changed (in its listings and feeds too);
* **city**: a sentence of a partner city's profile is changed (data/partner_cities.yaml).

The time is taken from just before the file is written to the `load` event of the reloaded page
that shows the edit. Between edits the preview is left to finish its run (the rest of the
site, the search index).
"""

from __future__ import annotations

import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = {0: 0.5, 1000: 1.0}  # seconds from save to reload: the real site, 1,000 pages a language
CITY = "st-helens"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status(port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__vorschau/status.json") as answer:
        return json.loads(answer.read())


def settle(port: int, quiet: float = 1.5, limit: float = 120) -> None:
    """Wait until the preview has made no new build for `quiet` seconds and no search index is
    being made (the builder's other work)."""
    deadline = time.monotonic() + limit
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        now = status(port)
        indexing = subprocess.run(
            ["pgrep", "-f", "pagefind"], capture_output=True, check=False
        ).stdout.strip()
        build = now["build"]
        if build != last or indexing or now["running"]:
            last, since = build, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.1)


def event_of(project: Path) -> tuple[Path, str]:
    """A German event file and the address of its page."""
    source = sorted((project / "content" / "events" / "de").glob("*.md"))[0]
    title = re.search(r"^Title: (.*)$", source.read_text(encoding="utf-8"), re.M).group(1)
    for page in sorted((project / ".preview" / "veranstaltungen").glob("*/index.html")):
        if title in page.read_text(encoding="utf-8").replace("\xad", ""):
            return source, "/" + page.parent.relative_to(project / ".preview").as_posix() + "/"
    raise SystemExit(f"no page for the event {title!r}")


def page_of(project: Path, relative: str) -> tuple[Path, str]:
    """A German page file (`relative` to content/pages/de/) and its address."""
    source = project / "content" / "pages" / "de" / relative
    address = relative.removesuffix(".md").removesuffix("index")
    return source, f"/{address.strip('/')}/".replace("//", "/")


def measure(
    project: Path, runs: int, page: str = "stuttgart/aufgaben.md", progress=print
) -> dict[str, list[float]]:
    """Seconds from save to reload for each kind of edit, `runs` times each; `page` is the
    page file edited, below content/pages/de/. The project needs an event
    (tests.fixture_site.add_fixture_events)."""
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM_ARGS, chromium_path

    port = free_port()
    log = open(project / "preview.log", "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", f"--port={port}"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    results: dict[str, list[float]] = {}
    try:
        for _ in range(1200):
            try:
                status(port)
                break
            except OSError:
                time.sleep(0.25)
        settle(port)
        page_file, page_url = page_of(project, page)
        event_file, event_url = event_of(project)
        city_file = project / "data" / "partner_cities.yaml"
        city_url = f"/partnerstaedte/{CITY}/"

        def edit_page(mark: str) -> None:
            text = page_file.read_text(encoding="utf-8")
            page_file.write_text(f"{text}\nNachtrag {mark}.\n", encoding="utf-8")

        def edit_event(mark: str) -> None:
            text = event_file.read_text(encoding="utf-8")
            text = re.sub(r"^Title: .*$", f"Title: Termin {mark}", text, count=1, flags=re.M)
            event_file.write_text(text, encoding="utf-8")

        def edit_city(mark: str) -> None:
            text = city_file.read_text(encoding="utf-8")
            text = re.sub(
                r"Seit 1948 ist St\. Helens( M\d+)?",
                f"Seit 1948 ist St. Helens {mark}",
                text,
                count=1,
            )
            city_file.write_text(text, encoding="utf-8")

        kinds = {
            "page": (page_url, edit_page),
            "event": (event_url, edit_event),
            "city": (city_url, edit_city),
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_ARGS
            )
            tab = browser.new_page()
            counter = 0
            for kind, (url, edit) in kinds.items():
                tab.goto(f"http://127.0.0.1:{port}{url}")
                time.sleep(1)  # the page is listening: the preview knows it is open
                times = results.setdefault(kind, [])
                for _ in range(runs):
                    counter += 1
                    mark = f"M{counter:04d}"
                    started = time.time()
                    edit(mark)
                    shown = wait_for_reload(tab, mark)
                    times.append(shown - started)
                    progress(f"  preview, {kind} edit: {times[-1]:.2f} s to the reload")
                    settle(port)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    return results


def wait_for_reload(tab, mark: str, limit: float = 60) -> float:
    """The time (epoch seconds, the browser's clock) at which the page that shows `mark` had
    loaded."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            loaded = tab.evaluate(
                "mark => document.readyState === 'complete' && "
                "document.documentElement.textContent.replace(/\\u00ad/g, '').includes(mark) "
                "? performance.timing.loadEventEnd : 0",
                mark,
            )
        except Exception:  # the page is being replaced just now
            loaded = 0
        if loaded:
            return loaded / 1000
        time.sleep(0.02)
    raise SystemExit(f"the edit {mark} did not show within {limit:.0f} s")


def summary(results: dict[str, list[float]]) -> dict[str, dict]:
    return {
        kind: {"median": statistics.median(times), "min": min(times), "max": max(times)}
        for kind, times in results.items()
    }
