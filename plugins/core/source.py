"""Reading editors' files: only from inside the repository, only as UTF-8 text, never a link.

Every page, event and data file goes through `read_text`. It refuses

* a symbolic link anywhere between the content (or data) folder and the file – a link could
  publish a file from outside the repository (a CI token, `/etc/passwd`); the file is named,
  never read and never printed;
* a file larger than `MAX_FILE_BYTES` (no page needs that much; it would only slow the build);
* text that is not UTF-8 (the line of the first bad byte is given);
* invisible control characters, such as the vertical tab Word pastes for a line break or a NUL
  byte, each with its line and column.

The text comes back without a byte-order mark and with `\\n` line ends, so that line numbers
are the ones an editor sees.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from .errors import Problem
from .messages import Msg

MAX_FILE_BYTES = 512 * 1024
MAX_CONTROL_REPORTS = 5  # per file; a file full of them is one mistake, not hundreds

# C0 and C1 controls but tab, line feed and carriage return; DEL; the Unicode line and
# paragraph separators and annotation characters; the non-characters U+FFFE and U+FFFF.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufff9-\ufffb\ufffe\uffff]")
CONTROL_NAMES = {
    "\x00": Msg("Nullzeichen"),
    "\x08": Msg("Rückschritt"),
    "\x0b": Msg("vertikaler Tabulator, ein aus Word kopierter Zeilenumbruch"),
    "\x0c": Msg("Seitenvorschub, ein aus Word kopierter Seitenumbruch"),
    "\x1b": Msg("Escape-Zeichen"),
    "\x7f": Msg("Löschzeichen"),
    "\x85": Msg("nächste Zeile"),
    "\u2028": Msg("Zeilentrenner"),
    "\u2029": Msg("Absatztrenner"),
}
_NEWLINE = re.compile(r"\r\n?")


def describe_character(character: str) -> Msg:
    name = CONTROL_NAMES.get(character) or unicodedata.name(character, "").lower()
    if not name:
        return Msg("U+{code}", code=f"{ord(character):04X}")
    return Msg("U+{code} ({name})", code=f"{ord(character):04X}", name=name)


def control_characters(text: str, shown_as: str, first_line: int = 1, **where) -> list[Problem]:
    """A problem for each line of `text` with an invisible control character (a few at most)."""
    problems: list[Problem] = []
    lines_with = 0
    for number, line in enumerate(text.split("\n"), start=first_line):
        match = CONTROL.search(line)
        if match is None:
            continue
        lines_with += 1
        if lines_with > MAX_CONTROL_REPORTS:
            continue
        problems.append(
            Problem(
                shown_as,
                number,
                Msg(
                    "Spalte {column} enthält ein unsichtbares Steuerzeichen {character}",
                    column=match.start() + 1,
                    character=describe_character(match.group()),
                ),
                hint=Msg("das Zeichen löschen (Leerzeichen oder Zeilenumbruch daneben neu tippen)"),
                column=match.start() + 1,
                excerpt=CONTROL.sub("?", line),
                **where,
            )
        )
    if lines_with > MAX_CONTROL_REPORTS:
        problems.append(
            Problem(
                shown_as,
                None,
                Msg(
                    "{count} weitere Zeilen enthalten unsichtbare Steuerzeichen",
                    count=lines_with - MAX_CONTROL_REPORTS,
                ),
                hint=Msg("den Text als reinen Text ohne Formatierung speichern und neu einfügen"),
                **where,
            )
        )
    return problems


def is_linked(path: Path, root: Path) -> bool:
    """Is `path`, or any folder between `root` and it, a symbolic link?"""
    try:
        relative = path.relative_to(root)
    except ValueError:
        return True
    current = root
    if current.is_symlink():
        return True
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            return True
    return False


def refusal(path: Path, root: Path, shown_as: str) -> Problem | None:
    """Why `path` must not be read, if it must not: a link, or a place outside `root`."""
    if is_linked(path, root):
        return Problem(
            shown_as,
            None,
            Msg(
                "ist eine Verknüpfung (symbolischer Link); Verknüpfungen werden nie gelesen, "
                "damit nichts von außerhalb des Repositorys veröffentlicht wird"
            ),
            hint=Msg("die Datei selbst statt einer Verknüpfung in den Ordner legen"),
        )
    real, inside = os.path.realpath(path), os.path.realpath(root)
    if os.path.commonpath([real, inside]) != inside:
        return Problem(
            shown_as,
            None,
            Msg("liegt außerhalb des Repositorys"),
            hint=Msg("die Datei in den Ordner verschieben"),
        )
    return None


def read_text(path: Path, root: Path, shown_as: str, problems: list[Problem]) -> str | None:
    """The text of an editor's file, or None (with the reason in `problems`)."""
    refused = refusal(path, root, shown_as)
    if refused is not None:
        problems.append(refused)
        return None
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        problems.append(
            Problem(
                shown_as,
                None,
                Msg("fehlt"),
                hint=Msg("die Datei aus git wiederherstellen (git checkout -- <Datei>)"),
            )
        )
        return None
    except IsADirectoryError:
        problems.append(
            Problem(
                shown_as,
                None,
                Msg("ist ein Ordner, wo eine Datei erwartet wird"),
                hint=Msg("den Ordner umbenennen oder verschieben"),
            )
        )
        return None
    except OSError as error:
        problems.append(
            Problem(
                shown_as,
                None,
                Msg("kann nicht gelesen werden ({reason})", reason=error.strerror or ""),
                hint=Msg("die Datei und ihre Zugriffsrechte prüfen"),
            )
        )
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.append(
            Problem(
                shown_as,
                None,
                Msg("ist größer als {size} KB", size=MAX_FILE_BYTES // 1024),
                hint=Msg("den Text auf mehrere Dateien aufteilen"),
            )
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(
            Problem(
                shown_as,
                line,
                Msg(
                    "ist kein UTF-8-Text (das Byte 0x{byte} kann nicht gelesen werden)",
                    byte=f"{raw[error.start]:02X}",
                ),
                hint=Msg(
                    "die Datei mit der Kodierung UTF-8 speichern (in den meisten Editoren: "
                    "Speichern unter … → Kodierung)"
                ),
            )
        )
        return None
    text = _NEWLINE.sub("\n", text.removeprefix("\ufeff"))
    found = control_characters(text, shown_as)
    if found:
        problems.extend(found)
        return None
    return text


def line_of(text: str, needle: str, start_line: int = 1) -> int | None:
    """The line of the first occurrence of `needle` in `text` (which starts at `start_line`)."""
    index = text.find(needle)
    if index < 0:
        return None
    return start_line + text.count("\n", 0, index)


def symbolic_links(root: Path) -> list[tuple[str, bool]]:
    """Every symbolic link under `root`, without following any: (relative path, is a folder).
    A folder that cannot be listed is passed over, as `os.walk` does."""
    found = []

    def walk(folder: str, prefix: str) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:  # the kind comes with the listing: no call per file
            if entry.is_symlink():
                found.append((prefix + entry.name, entry.is_dir()))
            elif entry.is_dir(follow_symlinks=False):
                walk(entry.path, f"{prefix}{entry.name}/")

    walk(os.fspath(root), "")
    return sorted(found)


def files_under(root: Path, suffix: str) -> list[Path]:
    """The files ending in `suffix` under `root`, without entering linked or hidden folders."""
    found = []
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        found += [Path(folder) / name for name in files if name.endswith(suffix)]
    return sorted(found)
