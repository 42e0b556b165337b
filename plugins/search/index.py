"""Run Pagefind over the built site, in runs of bounded size, and make its output reproducible.

Pagefind holds everything it indexes in memory until it writes: about 70 MiB, and 0.17 to
0.24 MiB more for each page of a thousand words (measured with Pagefind 1.5: 178 MiB for 626
pages, 288 MiB for 1,253, about 310 MiB for 1,000 pages of a 5,000-page site, 963 MiB for all
5,000 in one run). A site of up to `BATCH` pages is indexed in one run,
as Pagefind does by default. A larger one is indexed language by language, in runs of at most
`BATCH` / 2 pages each, two at a time (a run uses one core): however large the site grows, at
most `BATCH` pages are in Pagefind's memory at once (two runs of 314 pages took 213 MiB
together, one run of 627 pages 210):

* the first run of each language writes into the main bundle, `/pagefind/`, whose
  `pagefind-entry.json` then lists every language (each run writes its own; they are merged);
* each further run is a bundle of its own, `/pagefind/<lang>-<n>/`, which the search page
  adds to its language's index with Pagefind's `mergeIndex` (as Pagefind searches several
  sites at once); `/pagefind/parts.json` lists them by language.

Each run indexes a folder of hard links to its pages, with the site's relative paths, so
Pagefind gives every page its address on the site.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path

from pelican import signals

from plugins.core import enabled

BUNDLE = "pagefind"
PARTS = "parts.json"  # the further bundles of each language, for the search page
BATCH = 600  # pages in Pagefind's memory at once at most: about 0.3 MiB a page
AT_ONCE = 2  # runs at a time, each of at most BATCH / AT_ONCE pages (fixed: the bundles a site
# is indexed into must not depend on the machine)
# Pagefind also writes its ready-made interfaces; the site uses its own (theme/static/js/search.js)
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
_LANG = re.compile(rb"<html[^>]*?\slang=\"([^\"]+)\"", re.IGNORECASE)


def index_site(output: Path, batch: int = BATCH) -> None:
    """Index `output` in place; raise RuntimeError with Pagefind's message if it fails."""
    bundle = output / BUNDLE
    pages = sorted(
        path.relative_to(output).as_posix()
        for path in output.rglob("*.html")
        if not path.is_relative_to(bundle)
    )
    if len(pages) <= batch:
        _pagefind(output, bundle)
        entries = [_read_entry(bundle)]
        parts: dict[str, list[str]] = {}
    else:
        entries, parts = [], {}
        firsts: list[Callable[[], None]] = []  # into the main bundle: one after another
        further: list[Callable[[], None]] = []  # each into its own bundle
        for lang, paths in sorted(_by_language(output, pages).items()):
            runs = -(-len(paths) * AT_ONCE // batch)  # as few runs as fit, of equal size
            size = -(-len(paths) // runs)
            for number, start in enumerate(range(0, len(paths), size)):
                subset = paths[start : start + size]
                if number == 0:
                    firsts.append(_first_run(output, subset, bundle, entries))
                else:
                    target = bundle / f"{lang}-{number}"
                    further.append(_further_run(output, subset, target))
                    parts.setdefault(lang, []).append(f"{lang}-{number}/")
        _run_all(firsts, further)
    _tidy(bundle)
    # Pagefind lists the languages in a different order from run to run; sort them so that
    # two builds of the same commit stay byte-identical.
    entry = entries[0]
    entry["languages"] = dict(
        sorted(item for each in entries for item in each["languages"].items())
    )
    _write_json(bundle / "pagefind-entry.json", entry)
    _write_json(bundle / PARTS, parts)


def _first_run(output: Path, pages: list[str], bundle: Path, entries: list) -> Callable:
    def run() -> None:
        _pagefind_subset(output, pages, bundle)
        entries.append(_read_entry(bundle))

    return run


def _further_run(output: Path, pages: list[str], target: Path) -> Callable:
    def run() -> None:
        _pagefind_subset(output, pages, target)
        _tidy(target)

    return run


def _run_all(firsts: list[Callable], further: list[Callable]) -> None:
    """The first run of each language in order (they write into the same bundle) and then
    further runs, while `AT_ONCE` - 1 more threads take further runs meanwhile."""
    waiting = deque(further)
    lock = threading.Lock()
    failures: list[BaseException] = []

    def lane(own: list[Callable]) -> None:
        try:
            for run in own:
                run()
            while not failures:
                with lock:
                    if not waiting:
                        return
                    run = waiting.popleft()
                run()
        except BaseException as failure:  # raised again in the calling thread
            failures.append(failure)

    others = [threading.Thread(target=lane, args=([],)) for _ in range(AT_ONCE - 1)]
    for other in others:
        other.start()
    lane(firsts)
    for other in others:
        other.join()
    if failures:
        raise failures[0]


def _by_language(output: Path, pages: list[str]) -> dict[str, list[str]]:
    """The pages by the language of their `<html lang>` (Pagefind's index of that language)."""
    languages: dict[str, list[str]] = {}
    for page in pages:
        with open(output / page, "rb") as file:
            found = _LANG.search(file.read(1024))
        languages.setdefault(found.group(1).decode() if found else "", []).append(page)
    return languages


def _pagefind_subset(output: Path, pages: list[str], target: Path) -> None:
    """Index `pages` (paths below `output`) into the bundle `target`."""
    # beside the site, named after it, so that the build runner cleans up after a killed run
    with tempfile.TemporaryDirectory(prefix=f"{output.name}-index-", dir=output.parent) as staging:
        root = Path(staging)
        for page in pages:
            (root / page).parent.mkdir(parents=True, exist_ok=True)
            os.link(output / page, root / page)
        _pagefind(root, target)


def _pagefind(site: Path, target: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site)]
    command += ["--output-path", str(target), "--silent"]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise RuntimeError(f"the search index could not be built: {run.stderr.strip()}")


def _read_entry(bundle: Path) -> dict:
    return json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))


def _tidy(bundle: Path) -> None:
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)


def _write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def on_finalized(pelican) -> None:
    """For a plain Pelican run; the build runner indexes the site itself once the run's
    process has ended (plugins/core/build.py), with the memory of the run given back."""
    settings = pelican.settings
    if enabled(settings, __package__) and not settings.get("SEARCH_INDEX_BY_RUNNER"):
        index_site(Path(pelican.output_path))


def register() -> None:
    signals.finalized.connect(on_finalized)
