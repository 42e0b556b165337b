"""The editors' preview: serves the site, rebuilds on save, keeps the last good version on a
mistake, and reloads the browser (the preview's script is added to each page by the preview
only; it listens to the preview's server-sent events)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.fixture_site import copy_project

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(condition, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("timed out")


def first_event(port: int, host: str) -> str:
    """The first message of the preview's event stream, asked for with the `Host` given."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/__vorschau/ereignisse?seite=/", headers={"Host": host}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.headers["Content-Type"].startswith("text/event-stream")
        return response.readline().decode("utf-8")


def test_preview_rebuilds_on_save_and_keeps_the_last_good_version_on_a_mistake(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", f"--port={port}"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/stuttgart/aufgaben/"
    page = project / "content/pages/de/stuttgart/aufgaben.md"
    original = page.read_text(encoding="utf-8")
    try:
        first = wait_for(lambda: fetch(url))
        assert '<script src="/__vorschau/overlay.js" defer></script></head>' in first
        assert not (project / "output").exists(), "the preview must not write output/"

        missing = urllib.request.Request(f"http://127.0.0.1:{port}/gibt-es-nicht/")
        try:
            urllib.request.urlopen(missing, timeout=5)
            raise AssertionError("an unknown address must not be found")
        except urllib.error.HTTPError as error:
            assert error.code == 404
            assert "Seite nicht gefunden" in error.read().decode("utf-8"), "the site's own 404"
        foreign = urllib.request.Request(url, headers={"Host": f"attacker.example:{port}"})
        try:
            urllib.request.urlopen(foreign, timeout=5)
            raise AssertionError("a request for another host must be refused")
        except urllib.error.HTTPError as error:
            assert error.code == 403
        assert "/__vorschau/overlay.js" in fetch(url.replace("127.0.0.1", "localhost"))
        assert first_event(port, f"127.0.0.1:{port}").startswith("retry:")
        try:
            first_event(port, f"attacker.example:{port}")
            raise AssertionError("the event stream must refuse another host")
        except urllib.error.HTTPError as error:
            assert error.code == 403

        page.write_text(original.replace("Title: ", "Title: Geändert ", 1), encoding="utf-8")
        wait_for(lambda: "Geändert" in fetch(url))

        page.write_text(
            original.replace("Title: ", "Title: Kaputt ", 1).replace("Key:", "Kee:", 1),
            encoding="utf-8",
        )
        time.sleep(3)
        shown = fetch(url)
        assert "Geändert" in shown and "Kaputt" not in shown
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "Feld 'Kee': unbekanntes Feld" in output
    assert "Traceback" not in output


def test_a_second_preview_says_the_port_is_in_use_and_leaves_the_first_alone(tmp_path):
    """A second `make serve` used to rebuild the running preview's folder and end in a
    traceback ("Address already in use")."""
    project = copy_project(tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            [sys.executable, "-m", "invoke", "serve", f"--port={port}"],
            cwd=project,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert run.returncode == 1
    assert f"Port {port} ist schon belegt" in run.stderr
    assert f"http://127.0.0.1:{port}/" in run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert not (project / ".preview").exists(), "nothing was built"


def test_a_mistake_shows_in_the_browser_over_the_last_good_page_and_goes_away_when_fixed(
    tmp_path, page
):
    """The editor looks at the browser, not the terminal: a failed build shows its problems
    (file, line, the line with a marker, what to do) over the page; fixing the file reloads
    the page with the change and without the panel, with no reload by hand."""
    project = copy_project(tmp_path / "project")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", f"--port={port}"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/stuttgart/aufgaben/"
    source = project / "content/pages/de/stuttgart/aufgaben.md"
    original = source.read_text(encoding="utf-8")
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    try:
        wait_for(lambda: fetch(url))
        page.goto(url)
        assert page.locator(".vorschau-fehler").count() == 0
        title = page.locator("h1").inner_text()

        broken = original.replace("Key:", "Kee:", 1)
        line = broken.splitlines().index(
            next(x for x in broken.splitlines() if x.startswith("Kee:"))
        )
        source.write_text(broken, encoding="utf-8")
        panel = page.get_by_role("alert")
        panel.wait_for(timeout=30000)
        text = panel.inner_text()
        assert "Fehler: die Vorschau zeigt den letzten guten Stand" in text
        assert f"content/pages/de/stuttgart/aufgaben.md:{line + 1}" in text
        assert "Feld 'Kee'" in text and "Was tun: " in text
        assert f"{line + 1} | Kee:" in text, "the line as written"
        assert page.locator("h1").first.inner_text() == title, "the last good page below it"
        page.screenshot(path=str(tmp_path / "overlay.png"))

        source.write_text(original.replace("Title: ", "Title: Repariert ", 1), encoding="utf-8")
        page.locator("h1", has_text="Repariert").wait_for(timeout=30000)
        assert page.locator(".vorschau-fehler").count() == 0
        assert not errors, errors  # the CSP let the panel's script and style in
    finally:
        server.terminate()
        server.communicate(timeout=10)
