"""Every kind of mistake an editor (or an attacker with commit rights) can make, one per row.

Each row takes a copy of the real project with a good site already built, makes exactly one
mistake, and runs `invoke build` as an editor would. It must end with exit status 1, name the
file, the line and the field in the editors' form (`file:line: record: field: what – what to
do`), print no traceback, and leave the previous `output/` byte for byte as it was. Nothing from
outside the repository may appear in a message; nothing may be written outside `output/`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from plugins.events.model import anniversary_uid
from tests.fixture_site import copy_project, run_invoke

ROOT = Path(__file__).resolve().parents[1]
SECRET = "SECRET-TOKEN-5f1c9a"  # stands for a CI token: must never be read into anything
# `path:line: …` or `path: …`, a path inside the repository, the message after it
PROBLEM_LINE = re.compile(
    r"  (?P<path>(content|data)/[^:]+?|pelicanconf\.py)(?::(?P<line>\d+))?: .+"
)

EVENT = {
    "de": (
        "treffen",
        "Title: Partnerschaftstreffen\n"
        "UID: test-treffen-0001@example\n"
        "Start: 2027-05-09 18:00\n"
        "End: 20:00\n"
        "Office: stuttgart\n"
        "Updated: 2027-01-10\n"
        "\n"
        "Ein Treffen im Rathaus.\n",
    ),
    "en": (
        "meeting",
        "Title: Partnership meeting\n"
        "UID: test-treffen-0001@example\n"
        "Start: 2027-05-09 18:00\n"
        "End: 20:00\n"
        "Office: stuttgart\n"
        "Updated: 2027-01-10\n"
        "\n"
        "A meeting at the town hall.\n",
    ),
}
GERMAN_EVENT = "content/events/de/treffen.md"
PAGE = "content/pages/de/impressum.md"


def run_build(project: Path) -> subprocess.CompletedProcess:
    # the timeout: a rule like FREQ=SECONDLY once made the build run for minutes
    return run_invoke(project, "build", build_date="2027-01-15", timeout=120)


def problem_lines(stderr: str) -> list[str]:
    """The reported problems: lines indented by two spaces (the source line and marker under
    a problem are indented further)."""
    return [line for line in stderr.splitlines() if line.startswith("  ") and line[2] != " "]


GUIDE_MESSAGES = ROOT / "docs" / "redaktion" / "fehlermeldungen.md"


def guide_messages() -> list[list[str]]:
    """The messages the editors' guide explains (the tables of its page "Fehlermeldungen"):
    each the text between backticks in a row's first cell, split where it says `…`."""
    messages = []
    for row in GUIDE_MESSAGES.read_text(encoding="utf-8").splitlines():
        if row.startswith("| `"):
            first_cell = row.split(" | ")[0]
            messages += [code.split("…") for code in re.findall(r"`([^`]+)`", first_cell)]
    return messages


def explained(line: str, messages: list[list[str]]) -> bool:
    def matches(parts: list[str]) -> bool:
        position = 0
        for part in parts:
            position = line.find(part, position)
            if position < 0:
                return False
            position += len(part)
        return True

    return any(matches(parts) for parts in messages)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def files_beside_output(project: Path) -> set[str]:
    """Everything in the project but the output and the compiled templates in cache/ (a cache
    for the next run, which a failed build may fill as well: plugins/core/template_cache.py)."""
    return {
        path.relative_to(project).as_posix()
        for path in project.rglob("*")
        if not path.relative_to(project).as_posix().startswith(("output", ".output-", "cache"))
    }


@pytest.fixture(scope="module")
def good_project(tmp_path_factory) -> Path:
    """The real project with two test events, built once: the last good site."""
    project = copy_project(tmp_path_factory.mktemp("good") / "site")
    for lang, (name, text) in EVENT.items():
        (project / "content" / "events" / lang / f"{name}.md").write_text(text, encoding="utf-8")
    run = run_build(project)
    assert run.returncode == 0, run.stderr
    return project


@pytest.fixture
def project(good_project, tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(good_project, copy, symlinks=True)
    (tmp_path / "outside.txt").write_text(f"password={SECRET}\n", encoding="utf-8")
    (copy / ".git").mkdir()
    (copy / ".git" / "config").write_text(
        f'[remote "origin"]\n\turl = https://x-access-token:{SECRET}@github.com/a/b\n',
        encoding="utf-8",
    )
    return copy


# --- mistakes ------------------------------------------------------------------------------


def edit(path: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        file = project / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, count), encoding="utf-8")

    return apply


def write(path: str, text: str | bytes) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        file = project / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))

    return apply


def event(field_line: str, new: str) -> Callable[[Path], None]:
    """The German test event with one front-matter line replaced (or added, if absent)."""
    return edit(GERMAN_EVENT, field_line, new)


def both_events(old: str, new: str) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        edit(GERMAN_EVENT, old, new)(project)
        edit("content/events/en/meeting.md", old, new)(project)

    return apply


def link_to(path: str, target: Callable[[Path], Path]) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        file = project / path
        file.parent.mkdir(parents=True, exist_ok=True)
        if file.exists() or file.is_symlink():
            file.unlink()
        file.symlink_to(target(project))

    return apply


def body(text: str, path: str = PAGE) -> Callable[[Path], None]:
    """Text appended to the body of a page (or event)."""

    def apply(project: Path) -> None:
        file = project / path
        file.write_text(file.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")

    return apply


def together(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        for step in steps:
            step(project)

    return apply


def outside(project: Path) -> Path:
    return project.parent / "outside.txt"


@dataclass(frozen=True)
class Mistake:
    name: str
    make: Callable[[Path], None]
    expected: tuple[str, ...]  # each must start one reported problem line
    absent: tuple[str, ...] = ()  # follow-on problems that must not be reported
    shown: tuple[str, ...] = ()  # lines printed under a problem: the source line, the marker


MISTAKES = [
    # 1. nothing from outside the repository
    Mistake(
        "static-link-outside-content",
        body("[Passwörter]({static}/../../../../../../etc/passwd)"),
        (
            f"{PAGE}:{{page_end}}: der Link '{{static}}/../../../../../../etc/passwd' führt aus dem Ordner content/ hinaus",
        ),
    ),
    Mistake(
        "attach-link-to-the-git-config",
        body("[Konfiguration]({attach}../../../.git/config)"),
        (
            f"{PAGE}:{{page_end}}: der Link '{{attach}}../../../.git/config' führt aus dem Ordner content/ hinaus",
        ),
    ),
    Mistake(
        "filename-link-outside-content",
        body("[x]({filename}/../pelicanconf.py)"),
        (
            f"{PAGE}:{{page_end}}: der Link '{{filename}}/../pelicanconf.py' führt aus dem Ordner content/ hinaus",
        ),
    ),
    Mistake(
        "static-link-to-a-missing-file",
        body("![Rathaus]({static}/bilder/rathaus.jpg)"),
        (
            f"{PAGE}:{{page_end}}: der Link '{{static}}/bilder/rathaus.jpg' führt auf bilder/rathaus.jpg, die es nicht gibt",
        ),
    ),
    Mistake(
        "page-file-linked-to-a-file-outside",
        link_to("content/pages/de/geheim.md", outside),
        ("content/pages/de/geheim.md: ist eine Verknüpfung",),
    ),
    Mistake(
        "page-folder-linked-outside",
        link_to("content/pages/de/etc", lambda project: Path("/etc")),
        ("content/pages/de/etc: ist eine Verknüpfung",),
    ),
    Mistake(
        "data-file-linked-to-a-credentials-file",
        link_to("data/partner_cities.yaml", outside),
        ("data/partner_cities.yaml: ist eine Verknüpfung",),
    ),
    Mistake(
        "event-file-linked-to-the-git-config",
        link_to("content/events/de/konfiguration.md", lambda project: project / ".git" / "config"),
        ("content/events/de/konfiguration.md: ist eine Verknüpfung",),
    ),
    Mistake(
        "restructuredtext-page-could-include-any-file",
        write("content/pages/de/notiz.rst", f".. include:: {'/etc/passwd'}\n"),
        (
            "content/pages/de/notiz.rst: wird nicht gelesen: nur Dateien mit der Endung .md sind Seiten",
        ),
    ),
    # 2. one reading of front matter
    Mistake(
        "indented-status-of-an-event",
        event("Updated: 2027-01-10\n", "Updated: 2027-01-10\n Status: cancelled\n"),
        (
            f"{GERMAN_EVENT}:7: Veranstaltung 'treffen': Feld 'Status': beginnt mit einem Leerzeichen",
        ),
        absent=("hat keine Fassung in 'de'",),
    ),
    Mistake(
        "indented-status-of-a-page",
        edit(PAGE, "Summary:", "  Status: draft\nSummary:"),
        (f"{PAGE}:4: Feld 'Status': beginnt mit einem Leerzeichen",),
        absent=("hat keine Übersetzung",),
    ),
    Mistake(
        "summary-given-twice",
        edit(PAGE, "Summary:", "Summary: Erste.\nSummary:"),
        (f"{PAGE}:5: Feld 'Summary': steht zweimal da (auch in Zeile 4)",),
    ),
    Mistake(
        "title-given-twice",
        edit(PAGE, "Key:", "Title: Noch ein Titel\nKey:"),
        (f"{PAGE}:3: Feld 'Title': steht zweimal da (auch in Zeile 1)",),
    ),
    Mistake(
        "free-text-line-among-the-fields",
        edit(PAGE, "Key:", "Bitte noch prüfen\nKey:"),
        (f"{PAGE}:3: ist keine Feldzeile wie 'Title: …'",),
        absent=("Feld 'Key': fehlt",),
    ),
    Mistake(
        "yaml-style-fences-around-the-fields",
        edit(PAGE, "Title:", "---\nTitle:"),
        (f"{PAGE}:1: beginnt mit '---'",),
    ),
    Mistake(
        "misspelt-field",
        edit(PAGE, "Key:", "Kee:"),
        (f"{PAGE}:3: Feld 'Kee': unbekanntes Feld – Meinten Sie 'Key'?",),
        absent=("Feld 'Key': fehlt", "hat keine Übersetzung"),
    ),
    Mistake(
        "unknown-event-field",
        event("Office:", "Raum: 101\nOffice:"),
        (f"{GERMAN_EVENT}:5: Veranstaltung 'treffen': Feld 'Raum': unbekanntes Feld",),
    ),
    # 3. every mistake located, all in one run
    Mistake(
        "page-not-in-utf-8",
        write(
            PAGE, "Title: Impressum\nKey: legal-notice\nSummary: S\n\nStra\xdfe\n".encode("latin-1")
        ),
        (f"{PAGE}:5: ist kein UTF-8-Text",),
    ),
    Mistake(
        "impossible-unquoted-date-in-yaml",
        edit("data/partner_cities.yaml", 'since_date: "1962-05-26"', "since_date: 1962-02-30"),
        (
            "data/partner_cities.yaml:{since_date}: Stadt 'strasbourg': Feld 'relations.since_date': '1962-02-30' ist kein echtes Datum",
        ),
    ),
    Mistake(
        "vertical-tab-pasted-from-word",
        edit(PAGE, "Title: ", "Title: Impressum\x0bund "),
        (f"{PAGE}:1: Spalte 17 enthält ein unsichtbares Steuerzeichen U+000B",),
    ),
    Mistake(
        "nul-byte-in-yaml",
        edit("data/offices.yaml", "offices:", "offices:\x00"),
        ("data/offices.yaml:",),
    ),
    Mistake(
        "control-character-escaped-in-yaml",
        edit("data/partner_cities.yaml", 'de: "Straßburg"', 'de: "Stra\\vßburg"'),
        (
            "data/partner_cities.yaml:{name_de}: Stadt 'strasbourg': Feld 'name.de': enthält ein unsichtbares Steuerzeichen U+000B",
        ),
    ),
    Mistake(
        "year-9999",
        both_events("Start: 2027-05-09 18:00\nEnd: 20:00", "Start: 9999-12-31"),
        (f"{GERMAN_EVENT}:3: Veranstaltung 'treffen': Feld 'Start': liegt im Jahr 9999",),
    ),
    Mistake(
        "event-uid-of-an-anniversary",
        both_events("test-treffen-0001@example", anniversary_uid("stuttgart", "strasbourg")),
        (f"{GERMAN_EVENT}:2: Feld 'UID': ist schon die UID eines Jahrestags",),
    ),
    Mistake(
        "broken-filename-link",
        body("Siehe [Ämter]({filename}stuttgart/aemtr.md)."),
        (
            f"{PAGE}:{{page_end}}: der Link '{{filename}}stuttgart/aemtr.md' führt auf pages/de/stuttgart/aemtr.md, die es nicht gibt – Meinten Sie '{{filename}}stuttgart/aemter.md'?",
        ),
    ),
    Mistake(
        "image-without-alt-text",
        together(write("content/bilder/karte.png", b"\x89PNG\r\n"), body("![](/bilder/karte.png)")),
        (f"{PAGE}:{{page_end}}: ein Bild hat keinen Alternativtext",),
    ),
    Mistake(
        "markdown-link-to-a-path-the-site-does-not-have",
        body("Mehr unter [Aufgaben](/stuttgart/aufgabe/)."),
        (
            f"{PAGE}:{{page_end}}: der Link '/stuttgart/aufgabe/' führt auf keine Seite dieser Website",
        ),
    ),
    Mistake(
        "link-to-an-anchor-that-is-not-there",
        body("Siehe [Haftung](/impressum/#haftung-fuer-links)."),
        (
            f"{PAGE}:{{page_end}}: der Link '/impressum/#haftung-fuer-links' führt auf /impressum/, die kein '#haftung-fuer-links' hat",
        ),
    ),
    Mistake(
        "located-and-unlocated-problems-together",
        together(
            edit(
                "data/partner_cities.yaml",
                '    name:\n      de: "Straßburg"',
                '    nmae:\n      de: "Straßburg"',
            ),
            write("content/events/notiz.md", "Title: x\n"),
        ),
        (
            "content/events/notiz.md: liegt in keinem Sprachordner",
            "data/partner_cities.yaml:{name}: Stadt 'strasbourg': Feld 'nmae': unbekanntes Feld",
        ),
    ),
    Mistake(
        "empty-data-file",
        write("data/partner_cities.yaml", ""),
        ("data/partner_cities.yaml: enthält keine Einträge",),
    ),
    Mistake(
        "data-file-of-comments-only",
        write("data/offices.yaml", "# offices:\n#   - id: stuttgart\n"),
        ("data/offices.yaml: enthält keine Einträge",),
    ),
    Mistake(
        "data-file-with-an-empty-list",
        write("data/partner_cities.yaml", "cities: []\n"),
        ("data/partner_cities.yaml:1: Datei: Feld 'cities': die Liste ist leer",),
    ),
    Mistake(
        "page-file-name-with-an-umlaut-and-a-space",
        together(
            write(
                "content/pages/de/Über uns.md", "Title: Über uns\nKey: about-us\nSummary: S\n\nT.\n"
            ),
            write(
                "content/pages/en/about-us.md", "Title: About us\nKey: about-us\nSummary: S\n\nT.\n"
            ),
        ),
        ("content/pages/de/Über uns.md: der Adressteil 'Über uns' darf nur Kleinbuchstaben",),
    ),
    Mistake(
        "data-record-that-is-not-a-mapping",
        edit(
            "data/partner_cities.yaml",
            "  - slug: strasbourg\n",
            "  - [strasbourg]\n  - slug: strasbourg-x\n",
        ),
        (
            "data/partner_cities.yaml:{strasbourg}: Stadt in Zeile {strasbourg}: muss eine Gruppe von Feldern sein, ist aber eine Liste",
        ),
        absent=("das Feld 'slug' fehlt",),
    ),
    Mistake(
        "mistake-in-one-language-only",
        event("Start: 2027-05-09 18:00", "Start: 9.5.2027 18 Uhr"),
        (
            f"{GERMAN_EVENT}:3: Veranstaltung 'treffen': Feld 'Start': muss ein Datum wie 2027-05-09 sein",
        ),
        absent=("hat keine Fassung in 'de'",),
    ),
    Mistake(
        "address-in-a-form-the-site-cannot-read",
        both_events("Office:", "Location: Rathaus\nAddress: Marktplatz eins in Stuttgart\nOffice:"),
        (
            f"{GERMAN_EVENT}:6: Veranstaltung 'treffen': Feld 'Address': 'Marktplatz eins in Stuttgart' ist keine Anschrift",
        ),
    ),
    Mistake(
        "address-without-a-place",
        both_events("Office:", "Address: Marktplatz 1, 70173 Stuttgart\nOffice:"),
        (f"{GERMAN_EVENT}:5: Veranstaltung 'treffen': Feld 'Address': hat keinen Ort",),
    ),
    Mistake(
        "online-address-that-is-not-https",
        both_events("Office:", "Online: javascript:alert(1)\nOffice:"),
        (
            f"{GERMAN_EVENT}:5: Veranstaltung 'treffen': Feld 'Online': 'javascript:alert(1)' ist keine Webadresse",
        ),
    ),
    # 4. bounded work and clean text
    Mistake(
        "recurrence-every-second",
        both_events("Office:", "Recurrence: FREQ=SECONDLY\nOffice:"),
        (
            f"{GERMAN_EVENT}:5: Veranstaltung 'treffen': Feld 'Recurrence': FREQ=SECONDLY wiederholt sich öfter",
        ),
    ),
    Mistake(
        "recurrence-with-a-huge-count",
        both_events("Office:", "Recurrence: FREQ=DAILY;COUNT=1000000\nOffice:"),
        (
            f"{GERMAN_EVENT}:5: Veranstaltung 'treffen': Feld 'Recurrence': COUNT=1000000 liegt nicht zwischen 1 und 1000",
        ),
    ),
    Mistake(
        "recurrence-that-never-happens",
        both_events("Office:", "Recurrence: FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\nOffice:"),
        (
            f"{GERMAN_EVENT}:5: Veranstaltung 'treffen': Feld 'Recurrence': ergibt in den 10 Jahren nach dem Beginn keinen Tag",
        ),
    ),
    Mistake(
        "title-of-100-kb",
        edit(PAGE, "Title: ", "Title: " + "Impressum " * 10_000),
        (f"{PAGE}:1: Feld 'Title': ist 100009 Zeichen lang; erlaubt sind höchstens 200",),
    ),
    Mistake(
        "mailto-address-with-a-smuggled-copy",
        edit("data/offices.yaml", "role:", "email: x@stuttgart.de?cc=y@example.org\n        role:"),
        (
            "data/offices.yaml:{first_role}: Einrichtung 'dortmund': Feld 'contacts.email': muss aussehen wie name@stuttgart.de",
        ),
    ),
    Mistake(
        "script-in-a-page",
        body("<script>alert(document.cookie)</script>"),
        (f"{PAGE}:{{page_end}}: das HTML-Element <script> ist nicht erlaubt",),
    ),
    Mistake(
        "event-handler-attribute",
        body('<span onmouseover="alert(1)">Hinweis</span>'),
        (f"{PAGE}:{{page_end}}: <span onmouseover=…> führt ein Skript aus",),
    ),
    Mistake(
        "javascript-link",
        body("[Klick](javascript:alert(1))"),
        (f"{PAGE}:{{page_end}}: die Adresse 'javascript:…' in <a href> ist nicht erlaubt",),
    ),
    Mistake(
        "iframe",
        body('<iframe src="https://www.youtube.com/embed/x"></iframe>'),
        (f"{PAGE}:{{page_end}}: das HTML-Element <iframe> ist nicht erlaubt",),
    ),
    Mistake(
        "image-from-another-host",
        body('<img src="https://tracker.example/pixel.gif" alt="Logo">'),
        (f"{PAGE}:{{page_end}}: <img> lädt eine Datei von einem anderen Server (tracker.example)",),
    ),
    Mistake(
        "script-in-an-event-description",
        body("<script>alert(1)</script>", GERMAN_EVENT),
        (f"{GERMAN_EVENT}:{{event_end}}: das HTML-Element <script> ist nicht erlaubt",),
    ),
    Mistake(
        "foreign-language-text-with-the-name-of-its-language",
        body("Das [Stuttgart Region House]{lang=englisch} in Brüssel."),
        (
            f"{PAGE}:{{page_end}}: Feld 'lang': 'englisch' ist kein Sprachkürzel wie en, fr oder pt-BR – Meinten Sie 'en'?",
        ),
        shown=(
            "      {page_end} | Das [Stuttgart Region House]{lang=englisch} in Brüssel.",
            "      {page_end_pad} |" + " " * len(" Das [Stuttgart Region House]") + "^",
        ),
    ),
    Mistake(
        "foreign-language-code-after-a-space",
        body("Das [Stuttgart Region House] {lang=en} in Brüssel."),
        (
            f"{PAGE}:{{page_end}}: Feld 'lang': '{{lang=en}}' steht nicht direkt hinter einem Text in eckigen Klammern",
        ),
    ),
    # 5. YAML syntax in editors' words, with the line and a marker under the column
    Mistake(
        "yaml-tab-instead-of-spaces",
        edit(
            "data/partner_cities.yaml",
            "  - slug: strasbourg\n    updated:",
            "  - slug: strasbourg\n\tupdated:",
        ),
        (
            "data/partner_cities.yaml:{strasbourg_next}: Zeile {strasbourg_next} enthält ein Tabulatorzeichen; YAML rückt nur mit Leerzeichen ein",
        ),
        shown=("      {strasbourg_next} | →updated:", "      {strasbourg_next_pad} | ^"),
    ),
    Mistake(
        "yaml-line-indented-differently",
        edit("data/partner_cities.yaml", '      en: "Strasbourg"', '     en: "Strasbourg"'),
        (
            "data/partner_cities.yaml:{name_en}: Zeile {name_en} ist anders eingerückt als die Zeilen davor: 5 Leerzeichen, passend wären 4 oder 6",
        ),
    ),
    Mistake(
        "yaml-value-with-a-colon",
        edit("data/partner_cities.yaml", 'local: "Strasbourg"', "local: Strasbourg: Straßburg"),
        (
            'data/partner_cities.yaml:{name_local}: der Wert enthält einen Doppelpunkt mit Leerzeichen danach – den Wert in Anführungszeichen setzen: local: "Strasbourg: Straßburg"',
        ),
    ),
    Mistake(
        "yaml-value-starting-with-an-at-sign",
        edit("data/partner_cities.yaml", 'local: "Strasbourg"', "local: @Strasbourg"),
        (
            "data/partner_cities.yaml:{name_local}: der Wert beginnt mit dem Zeichen '@', das in YAML eine besondere Bedeutung hat",
        ),
    ),
    Mistake(
        "yaml-missing-space-after-colon",
        edit("data/partner_cities.yaml", "    geonames: 2973783", "    geonames:2973783"),
        ("data/partner_cities.yaml:{geonames}: nach dem Doppelpunkt fehlt ein Leerzeichen",),
    ),
    Mistake(
        "yaml-unclosed-quote",
        edit("data/partner_cities.yaml", 'de: "Straßburg"', 'de: "Straßburg'),
        (
            'data/partner_cities.yaml:{name_de}: das Anführungszeichen " in Zeile {name_de} wird nicht geschlossen',
        ),
    ),
    Mistake(
        "yaml-key-given-twice",
        edit(
            "data/partner_cities.yaml",
            '    country: "FR"\n',
            '    country: "FR"\n    country: "DE"\n',
        ),
        (
            "data/partner_cities.yaml:{country_next}: 'country' steht in diesem Eintrag zweimal (zuerst in Zeile {country})",
        ),
    ),
    Mistake(
        "yaml-field-among-list-items",
        edit(
            "data/partner_cities.yaml",
            "        status: aktiv\n    # stuttgart.de nennt",
            "        status: aktiv\n      note: x\n    # stuttgart.de nennt",
        ),
        (
            "data/partner_cities.yaml:{note}: Zeile {note} ist ein Feld, steht aber auf der Höhe der Listeneinträge",
        ),
    ),
    # 6. "Meinten Sie …?" for near misses
    Mistake(
        "office-id-with-a-typo",
        both_events("Office: stuttgart", "Office: stutgart"),
        (
            f"{GERMAN_EVENT}:5: Veranstaltung 'treffen': Feld 'Office': unbekannte Einrichtung 'stutgart' – Meinten Sie 'stuttgart'?",
        ),
    ),
    Mistake(
        "city-slug-with-a-typo",
        both_events("Office: stuttgart", "Office: stuttgart\nCities: strassburg"),
        (
            f"{GERMAN_EVENT}:6: Veranstaltung 'treffen': Feld 'Cities': unbekannte Partnerstadt 'strassburg' – Meinten Sie 'strasbourg'?",
        ),
    ),
]


# lines of the good project that expected messages name, found before the mistake is made
ANCHORS = {
    "since_date": ("data/partner_cities.yaml", 'since_date: "1962-05-26"', 0),
    "name_de": ("data/partner_cities.yaml", 'de: "Straßburg"', 0),
    "name": ("data/partner_cities.yaml", 'de: "Straßburg"', -1),
    "strasbourg": ("data/partner_cities.yaml", "  - slug: strasbourg\n", 0),
    "first_role": ("data/offices.yaml", "        role:", 0),
    "strasbourg_next": ("data/partner_cities.yaml", "  - slug: strasbourg\n", 1),
    "name_en": ("data/partner_cities.yaml", 'en: "Strasbourg"', 0),
    "name_local": ("data/partner_cities.yaml", 'local: "Strasbourg"', 0),
    "geonames": ("data/partner_cities.yaml", "    geonames: 2973783", 0),
    "country": ("data/partner_cities.yaml", '    country: "FR"\n', 0),
    "country_next": ("data/partner_cities.yaml", '    country: "FR"\n', 1),
    "note": ("data/partner_cities.yaml", "    # stuttgart.de nennt", 0),
}


def located(expected: str, project: Path) -> str:
    """`expected` with its line numbers filled in: where `body()` puts its text (after the last
    line of the page or event and an empty one), and the lines of ANCHORS."""
    for placeholder, path in (("{page_end}", PAGE), ("{event_end}", GERMAN_EVENT)):
        end = len((project / path).read_text(encoding="utf-8").splitlines()) + 2
        expected = expected.replace(placeholder[:-1] + "_pad}", " " * len(str(end)))
        expected = expected.replace(placeholder, str(end))
    for name, (path, needle, offset) in ANCHORS.items():
        if "{" + name in expected:
            text = (project / path).read_text(encoding="utf-8")
            line = text[: text.index(needle)].count("\n") + 1 + offset
            expected = expected.replace("{" + name + "}", str(line))
            expected = expected.replace("{" + name + "_pad}", " " * len(str(line)))
    return expected


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_mistake_is_located_and_keeps_the_last_good_site(project, mistake):
    expected = [located(text, project) for text in mistake.expected]
    shown = [located(text, project) for text in mistake.shown]
    before = snapshot(project / "output")
    beside = files_beside_output(project)
    mistake.make(project)
    beside_with_mistake = files_beside_output(project)

    run = run_build(project)

    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "Traceback" not in output and "interner Fehler" not in output, output
    reported = problem_lines(run.stderr)
    messages = guide_messages()
    for line in reported:
        assert PROBLEM_LINE.fullmatch(line), f"not in the editors' form: {line}"
        assert " – " in line, f"says not what to do: {line}"
        assert explained(line, messages), f"{GUIDE_MESSAGES.name} does not explain: {line}"
    for text in expected:
        assert any(line.startswith(f"  {text}") for line in reported), (text, reported)
    for follow_on in mistake.absent:
        assert not any(follow_on in line for line in reported), (follow_on, reported)
    for line in shown:
        assert any(printed.startswith(line) for printed in run.stderr.splitlines()), (line, run)
    assert SECRET not in output and "root:x:0:0" not in output
    assert snapshot(project / "output") == before, "the last good site changed"
    assert files_beside_output(project) == beside_with_mistake, "something was written beside"
    assert beside <= beside_with_mistake


def test_every_mistake_of_a_run_is_reported_in_that_run(project):
    """A wrong Order used to hide a bad Start, and a data mistake every page mistake."""
    names = ("misspelt-field", "year-9999", "impossible-unquoted-date-in-yaml", "javascript-link")
    mistakes = [next(m for m in MISTAKES if m.name == name) for name in names]
    expected = [located(mistake.expected[0], project) for mistake in mistakes]
    for mistake in mistakes:
        mistake.make(project)
    run = run_build(project)
    assert run.returncode == 1
    for text in expected:
        assert f"  {text}" in run.stderr, (text, run.stderr)


def test_four_mistakes_give_four_messages_and_nothing_else(project):
    """Each mistake once, none hiding another, no follow-on: a wrong Order beside a link that
    is not allowed on the same page, a bad Start in one language of an event (whose other
    language must not be reported as missing), and an impossible date in the data."""
    edit(PAGE, "Order: 10", "Order: zehn")(project)
    event("Start: 2027-05-09 18:00", "Start: 9.5.2027 18 Uhr")(project)
    edit("data/partner_cities.yaml", 'since_date: "1962-05-26"', "since_date: 1962-02-30")(project)
    body("[Klick](javascript:alert(1))")(project)
    run = run_build(project)
    assert run.returncode == 1
    reported = problem_lines(run.stderr)
    assert len(reported) == 4, run.stderr
    assert run.stderr.startswith("Bauen: 4 Fehler gefunden; nichts wurde geschrieben"), run.stderr
    for start in (
        f"  {PAGE}:5: Feld 'Order': muss eine ganze Zahl wie 20 sein, ist aber 'zehn'",
        f"  {GERMAN_EVENT}:3: Veranstaltung 'treffen': Feld 'Start': muss ein Datum",
        "  data/partner_cities.yaml:",
        f"  {PAGE}:",
    ):
        assert any(line.startswith(start) for line in reported), (start, reported)
    assert not any("hat keine Fassung" in line for line in reported), reported


def test_messages_are_english_when_chosen(project):
    """MELDUNGEN=en switches every message and the summary to English."""
    edit(PAGE, "Key:", "Kee:")(project)
    run = subprocess.run(
        [sys.executable, "-m", "invoke", "build"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT), "MELDUNGEN": "en"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        "build: 1 problem found; nothing was written, the last good site is unchanged:",
        f"  {PAGE}:3: field 'Kee': unknown field – did you mean 'Key'? Allowed are Title, Key, "
        "Summary, Short_title, Order, Template, Modified, Status",
    ]


def test_what_is_not_a_mistake_still_builds(project):
    """The strict reading must not refuse what Pelican read right: a byte-order mark, a first
    paragraph that looks like a field, a file linked with {static}, allowed raw HTML."""
    page = project / PAGE
    page.write_text("\ufeff" + page.read_text(encoding="utf-8"), encoding="utf-8")
    edit(GERMAN_EVENT, "Ein Treffen im Rathaus.", "Anmeldung: bis 1. Mai\n\nEin Treffen.")(project)
    write("content/dokumente/satzung.pdf", b"%PDF-1.4\n")(project)
    body(
        'Die [Satzung]({static}/dokumente/satzung.pdf), <span lang="fr">Strasbourg</span> und '
        "[Straatsburg]{lang=nl}; [1]{x} bleibt, wie es ist."
    )(project)
    run = run_build(project)
    assert run.returncode == 0, run.stderr
    site = project / "output"
    assert (site / "dokumente" / "satzung.pdf").read_bytes() == b"%PDF-1.4\n"
    legal = (site / "impressum" / "index.html").read_text(encoding="utf-8")
    assert 'href="/dokumente/satzung.pdf"' in legal and '<span lang="fr">Strasbourg</span>' in legal
    assert '<span lang="nl">Straatsburg</span>' in legal and "[1]{x} bleibt" in legal
    event_page = (site / "veranstaltungen" / "treffen" / "index.html").read_text(encoding="utf-8")
    assert "Anmeldung: bis 1. Mai" in event_page
    feed = (site / "veranstaltungen" / "alle.ics").read_text(encoding="utf-8")
    assert "Anmeldung: bis 1. Mai" in feed
