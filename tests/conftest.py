"""Shared fixtures: one real build of the site, a local server for it, and Debian's Chromium."""

from __future__ import annotations

import functools
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from plugins.core.build import build

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_path() -> str:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    found = shutil.which("chromium")
    if found:
        return found
    pytest.fail("Debian's chromium is not installed; `make test` installs it")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built with the production settings into a temporary folder."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = build(ROOT / "publishconf.py", output, overrides={"SITEURL": ""})
    assert result.ok, "\n".join(result.problems)
    return output


class _QuietHandler(SimpleHTTPRequestHandler):
    # extends the base class's table of types
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".ics": "text/calendar"}  # noqa: RUF012

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site served on 127.0.0.1 at a free port, as a web server would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (which never downloads a browser here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def page_without_js(browser):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    yield tab
    context.close()
