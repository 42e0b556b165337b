"""Screenshots of the site's main kinds of page, on a phone and a desktop, in both languages, so a
reviewer sees every change of the look in the diff (`make screenshots`, which builds first).

    python -m scripts.screenshots OUTPUT_DIR [DESTINATION]

Each picture is the top of the page, up to `MAX_SCREENS` screen heights, at the widths of
`VIEWPORTS`; written as `<page>-<lang>-<width>.png` into docs/screenshots/. Debian's Chromium
(the one the tests use) renders them with the site's own font, so the pictures are the same on
every machine with the same Chromium.
"""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DESTINATION = ROOT / "docs" / "screenshots"
VIEWPORTS = {360: 740, 1280: 800}
MAX_SCREENS = 3
# name: (German address, English address)
PAGES = {
    "home": ("/", "/en/"),
    "office": ("/stuttgart/", "/en/stuttgart/"),
    "partner-cities": ("/partnerstaedte/", "/en/partner-cities/"),
    "city": ("/partnerstaedte/cardiff/", "/en/partner-cities/cardiff/"),
    "events": ("/veranstaltungen/", "/en/events/"),
    "event": (
        "/veranstaltungen/jahrestag-dortmund-leeds/",
        "/en/events/anniversary-dortmund-leeds/",
    ),
}
CHROMIUM = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def take(site: Path, destination: Path = DESTINATION) -> list[Path]:
    """Serve `site` on 127.0.0.1 and photograph every page of `PAGES` at every viewport."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    destination.mkdir(parents=True, exist_ok=True)
    written = []
    executable = next(path for path in CHROMIUM if Path(path).exists())
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
            )
            for width, height in VIEWPORTS.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                tab = context.new_page()
                for name, addresses in PAGES.items():
                    for lang, address in zip(("de", "en"), addresses, strict=True):
                        tab.goto(base + address)
                        tab.evaluate("document.fonts.ready")
                        full = tab.evaluate("document.documentElement.scrollHeight")
                        clip = {"x": 0, "y": 0, "width": width}
                        clip["height"] = min(full, height * MAX_SCREENS)
                        path = destination / f"{name}-{lang}-{width}.png"
                        tab.screenshot(path=path, clip=clip, full_page=True)
                        written.append(path)
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return written


if __name__ == "__main__":
    site = Path(sys.argv[1])
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else DESTINATION
    for path in take(site, target):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
