"""Screenshots for the editors' guide (docs/redaktion/): each task done in a running preview.

    make guide-screenshots          (python -m scripts.guide_screenshots [DESTINATION])

A copy of the project (tests/fixture_site.copy_project: settings, commands, theme, content,
data) gets a preview of its own, started as an editor starts it (`invoke serve --port=…`, which
is what `make serve` runs). Each step then does in the copy what a task page of the guide says
– changes a sentence, creates an example event with `invoke new`, adds an example partner city,
makes a mistake on purpose – waits until the browser shows the result (the preview reloads the
page by itself), and photographs it. The real content/ and data/ are never touched; every
example says that it is one.

The pictures are the top of the page or the part a step is about (marked with a red frame), at
`DESKTOP` width and, where the step is about phones, at `PHONE` width; pngquant reduces them to
at most 256 colours (Debian's package, installed by scripts/install-system-deps.sh).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fixture_site import copy_project  # noqa: E402 (the project root on the path first)

DESTINATION = ROOT / "docs" / "redaktion" / "bilder"
DESKTOP = {"width": 1024, "height": 720}
PHONE = {"width": 360, "height": 740}
CHROMIUM = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"]
BUILD_DATE = "2027-01-15"  # the day upcoming events count from: the same pictures every time
FRAME = "3px solid #d4351c"  # the red frame around what a step is about
WAIT = 120  # seconds for a rebuild on a busy machine

EXAMPLE_SENTENCE = "Dieser Satz ist ein Beispiel für eine Änderung."
EVENT = "beispiel-termin"
CITY = (
    "  - slug: beispielstadt\n"
    '    updated: "2027-01-15"\n'
    "    name:\n"
    '      de: "Beispielstadt"\n'
    '      en: "Example Town"\n'
    '      local: "Beispielstadt"\n'
    "      local_lang: de\n"
    '    country: "DE"\n'
    "    relations:\n"
    "      - office: stuttgart\n"
    "        type: freundschaft\n"
    "        status: aktiv\n"
    "    summary:\n"
    '      de: "Ein Beispiel aus dem Redaktionsleitfaden: So erscheint eine neue Stadt. '
    'Diese Stadt und diese Beziehung gibt es nicht."\n'
    "      en: \"An example from the editors' guide: this is how a new town appears. "
    'This town and this relation do not exist."\n'
)
EXAMPLE_PAGE_BODY = """\
Dieser Text zeigt, wie Markdown aussieht. Ein Wort wird **fett** oder *kursiv*, ein Link führt
auf eine andere Seite: [Aufgaben der Abteilung]({filename}aufgaben.md).

## Eine Zwischenüberschrift

- ein Punkt einer Liste
- noch ein Punkt

1. der erste Schritt
2. der zweite Schritt

| Stadt | seit |
|---|---|
| Beispielstadt | 2027 |

## Fremdsprachige Namen und fehlende Angaben

Das Europabüro heißt auf Englisch [Stuttgart Region House]{lang=en}.

Telefon: [[folgt: Telefonnummer der Beispielstelle | Beispielstelle]]
"""


@dataclass
class Preview:
    """The project copy, its preview's address and the browser tab looking at it."""

    project: Path
    base: str
    tab: object  # playwright Page
    destination: Path
    written: list[Path]

    def file(self, path: str) -> Path:
        return self.project / path

    def change(self, path: str, old: str, new: str) -> None:
        file = self.file(path)
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    def invoke(self, *arguments: str) -> str:
        run = subprocess.run(
            [sys.executable, "-m", "invoke", *arguments],
            cwd=self.project,
            env=_environment(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=WAIT,
            check=True,
        )
        return run.stdout + run.stderr

    def open(self, address: str, showing: str) -> None:
        """Open `address` once the preview serves it with `showing` on it."""
        url = self.base + address
        _wait(lambda: showing in _words(unescape(_fetch(url))), f"{address} with {showing!r}")

        def opened() -> bool:
            from playwright.sync_api import Error

            # a reload that the last page started as the preview rebuilt can cut goto short,
            # or win over it
            try:
                self.tab.goto(url)
            except Error:
                return False
            return self.tab.url == url and showing in self._text()

        _wait(opened, f"{address} in the browser")
        self.tab.evaluate("document.fonts.ready")

    def _text(self) -> str:
        from playwright.sync_api import Error

        try:
            return _words(self.tab.evaluate("document.body.innerText"))
        except Error:  # the page is being reloaded
            return ""

    def wait_for(self, text: str) -> None:
        """Wait until the open page, reloaded by the preview, shows `text`."""

        _wait(lambda: text in self._text(), repr(text))
        self.tab.wait_for_load_state()
        self.tab.evaluate("document.fonts.ready")

    def shoot(
        self,
        name: str,
        *,
        focus: str | None = None,
        frame: str | None = None,
        height: int = 560,
        above: int = 160,
    ) -> None:
        """Photograph the top of the page, or the part from `above` pixels over `focus` (a CSS
        selector), `height` pixels high; `frame` (a CSS selector) gets a red frame."""
        width = self.tab.viewport_size["width"]
        top = 0
        if frame:
            self.tab.locator(frame).first.evaluate(
                "(element, frame) => { element.style.outline = frame;"
                " element.style.outlineOffset = '4px'; }",
                FRAME,
            )
        if focus:
            box = self.tab.locator(focus).first.bounding_box()
            scrolled = self.tab.evaluate("window.scrollY")
            top = max(0, int(box["y"] + scrolled) - above)
        full = self.tab.evaluate("document.documentElement.scrollHeight")
        clip = {"x": 0, "y": top, "width": width, "height": min(height, full - top)}
        path = self.destination / f"{name}.png"
        self.tab.screenshot(path=str(path), clip=clip, full_page=True)
        self.written.append(path)


# --- the steps, in the order of the guide's task pages ---------------------------------------


def start_page(preview: Preview) -> None:
    """01: after `make serve`, the start page at http://127.0.0.1:8000/."""
    preview.open("/", "Internationale Beziehungen")
    preview.shoot("01-vorschau-startseite", height=620)


def change_a_sentence(preview: Preview) -> None:
    """02: a sentence added to a page; the preview shows it after saving."""
    preview.open("/stuttgart/aufgaben/", "voneinander profitieren")
    preview.change(
        "content/pages/de/stuttgart/aufgaben.md",
        "voneinander profitieren.\n",
        f"voneinander profitieren. {EXAMPLE_SENTENCE}\n",
    )
    preview.wait_for(EXAMPLE_SENTENCE)
    changed = "main p:has-text('Dieser Satz ist ein Beispiel')"
    preview.shoot("02-satz-geaendert", frame=changed, height=600)


def create_an_event(preview: Preview) -> None:
    """03: `make new` creates an example event as a draft; its page in the preview."""
    preview.invoke(
        "new",
        "event",
        EVENT,
        "--english-path=example-event",
        "--title=Beispiel-Termin",
        "--english-title=Example event",
        "--start=2027-03-10 10:00",
        "--end=12:00",
        "--office=stuttgart",
    )
    preview.change(
        f"content/events/de/{EVENT}.md",
        "\n\n",
        "\n\nDieser Termin ist ein Beispiel aus dem Redaktionsleitfaden; es gibt ihn nicht.\n\n",
    )
    preview.open(f"/veranstaltungen/{EVENT}/", "es gibt ihn nicht")
    preview.shoot("03-termin-entwurf", height=640)


def add_a_partner_city(preview: Preview) -> None:
    """04: an example town added to data/partner_cities.yaml; its profile page."""
    preview.change("data/partner_cities.yaml", "cities:\n", "cities:\n" + CITY)
    preview.open("/partnerstaedte/beispielstadt/", "Diese Stadt und diese Beziehung")
    preview.shoot("04-partnerstadt", height=600)


def look_at_the_preview_on_a_phone(preview: Preview) -> None:
    """05: the changed page at a phone's width."""
    preview.tab.set_viewport_size(PHONE)
    preview.open("/stuttgart/aufgaben/", EXAMPLE_SENTENCE)
    preview.shoot(
        "05-vorschau-telefon", frame="main p:has-text('Dieser Satz ist ein Beispiel')", height=740
    )
    preview.tab.set_viewport_size(DESKTOP)


def mark_the_event_ready(preview: Preview) -> None:
    """06: before committing: the draft line deleted, the page without the draft banner."""
    preview.open(f"/veranstaltungen/{EVENT}/", "es gibt ihn nicht")
    preview.change(f"content/events/de/{EVENT}.md", "Status: draft\n", "")
    preview.tab.get_by_text("Entwurf:").first.wait_for(state="detached", timeout=WAIT * 1000)
    preview.shoot("06-termin-fertig", height=520)


def read_a_problem(preview: Preview) -> None:
    """07: a deliberate mistake (the end before the start): the problem panel over the page."""
    preview.change(f"content/events/de/{EVENT}.md", "End: 12:00", "End: 09:00")
    panel = preview.tab.get_by_role("alert")
    panel.wait_for(timeout=WAIT * 1000)
    preview.shoot("07-fehlermeldung", height=600)
    preview.change(f"content/events/de/{EVENT}.md", "End: 09:00", "End: 12:00")
    panel.wait_for(state="detached", timeout=WAIT * 1000)


def write_markdown(preview: Preview) -> None:
    """08 and 09: an example page in Markdown; a foreign-language name and a placeholder."""
    preview.invoke(
        "new",
        "page",
        "stuttgart/beispielseite",
        "--title=Beispielseite",
        "--summary=Eine Beispielseite aus dem Redaktionsleitfaden.",
    )
    file = preview.file("content/pages/de/stuttgart/beispielseite.md")
    head = file.read_text(encoding="utf-8").split("\n\n", 1)[0]
    file.write_text(f"{head}\n\n{EXAMPLE_PAGE_BODY}", encoding="utf-8")
    preview.open("/stuttgart/beispielseite/", "ein Punkt einer Liste")
    preview.shoot("08-markdown", height=860)
    preview.shoot(
        "09-fremdsprache-und-platzhalter",
        focus="main h2 >> nth=1",
        frame="main span[lang='en']",
        height=200,
        above=30,
    )


STEPS: list[Callable[[Preview], None]] = [
    start_page,
    change_a_sentence,
    create_an_event,
    add_a_partner_city,
    look_at_the_preview_on_a_phone,
    mark_the_event_ready,
    read_a_problem,
    write_markdown,
]


# --- the preview and the pictures ------------------------------------------------------------


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "BUILD_DATE": BUILD_DATE, "MELDUNGEN": "de"}


def _words(text: str) -> str:
    """Text as read: soft hyphens gone, no-break spaces and line breaks as spaces."""
    return " ".join(text.replace("\u00ad", "").split())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return ""


def _wait(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise SystemExit(f"guide screenshots: timed out waiting for {what}")


def _optimise(paths: list[Path]) -> None:
    """At most 256 colours, metadata stripped: a few dozen KB a picture."""
    pngquant = shutil.which("pngquant")
    if pngquant is None:
        raise SystemExit("guide screenshots: pngquant is missing (make system-deps installs it)")
    subprocess.run(
        [
            pngquant,
            "--force",
            "--skip-if-larger",
            "--strip",
            "--speed=1",
            "--quality=70-95",
            "--ext=.png",
            *map(str, paths),
        ],
        check=False,  # exit 98/99: a picture already smaller than its reduction
    )


def take(destination: Path = DESTINATION) -> list[Path]:
    """Do every step in a fresh project copy with its own preview; the pictures written."""
    from playwright.sync_api import sync_playwright

    destination.mkdir(parents=True, exist_ok=True)
    executable = next(path for path in CHROMIUM if Path(path).exists())
    with tempfile.TemporaryDirectory(prefix="guide-") as folder:
        project = copy_project(Path(folder) / "projekt")
        port = _free_port()
        log = (Path(folder) / "serve.log").open("w", encoding="utf-8")
        server = subprocess.Popen(
            [sys.executable, "-m", "invoke", "serve", f"--port={port}"],
            cwd=project,
            env=_environment(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        written: list[Path] = []
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(lambda: bool(_fetch(base + "/")), "the preview")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
                )
                # the red frames are set from the page's script context: past the preview's CSP
                context = browser.new_context(viewport=DESKTOP, locale="de-DE", bypass_csp=True)
                preview = Preview(project, base, context.new_page(), destination, written)
                for step in STEPS:
                    step(preview)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()
    _optimise(written)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DESTINATION
    for picture in take(target):
        print(picture.relative_to(ROOT) if picture.is_relative_to(ROOT) else picture)
