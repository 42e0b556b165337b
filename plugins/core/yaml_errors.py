"""YAML syntax errors explained in editors' words, with the line and a marker under the column.

ruamel.yaml says what its parser expected (`expected <block end>, but found '-'`); an editor
needs to know what to change in the file. `explain` sorts an error into the mistakes editors
make – indentation, tab characters, a missing colon or space after it, an unclosed quote or
bracket, a key given twice, a value that starts with a character YAML reserves, a field among
list items – by looking at the error *and* at the lines it points to, and names the line where
the mistake is (which is not always the line where the parser gave up).

`special_values` finds values that load without an error but not as written: `&name` and
`!name` at the start of a value are YAML anchors and tags, and vanish from the text.
"""

from __future__ import annotations

import re

from ruamel.yaml.error import MarkedYAMLError

from .errors import Problem
from .messages import Msg

SPECIAL = ":@`*&!%|>"  # characters a plain YAML value must not start with
# `key: value` (or `- key: value`): where the key ends and the value starts
KEY_LINE = re.compile(r"(?P<indent>[ ]*)(?P<dash>-[ ]+)?(?P<key>[^\s#'\"][^:#]*?):(?P<rest>.*)")
NO_SPACE = re.compile(r"(?P<indent>[ ]*)(?:-[ ]+)?(?P<key>[A-Za-z_][\w.-]*):(?P<value>[^\s:/])")
DUPLICATE = re.compile(r'found duplicate key "(?P<key>[^"]*)"')
BAD_START = re.compile(r"found character '(?P<character>\\t|.)' that cannot start any token")


def explain(error: MarkedYAMLError, text: str, shown_as: str) -> Problem:
    """The problem an editor should fix for `error` in `text` (the file `shown_as`)."""
    lines = text.split("\n")
    problem = str(error.problem or "")
    context = str(error.context or "")
    mark, start = error.problem_mark, error.context_mark
    at = mark or start

    def line(index: int) -> str:
        return lines[index] if 0 <= index < len(lines) else ""

    def found(index: int, column: int | None, message: Msg, hint: Msg) -> Problem:
        return Problem(
            shown_as,
            index + 1,
            message,
            hint=hint,
            column=column + 1 if column is not None else None,
            excerpt=line(index),
        )

    if at is None:
        return Problem(
            shown_as,
            None,
            Msg("kann nicht als YAML gelesen werden"),
            hint=Msg("mit den Einträgen vergleichen, die docs/daten.md beschreibt"),
        )

    # a quote left open: YAML reads on into the next lines and fails somewhere below
    unclosed = _unclosed_quote(lines, at.line)
    if unclosed is not None:
        index, column = unclosed
        quote = lines[index][column]
        return found(
            index,
            column,
            Msg(
                "das Anführungszeichen {quote} in Zeile {line} wird nicht geschlossen",
                quote=quote,
                line=index + 1,
            ),
            Msg(
                "am Ende des Werts dasselbe Anführungszeichen setzen: {quote}…{quote}", quote=quote
            ),
        )

    # a tab character where YAML expects spaces
    bad = BAD_START.search(problem)
    if bad and bad["character"] in ("\t", "\\t"):
        return found(
            mark.line,
            mark.column,
            Msg(
                "Zeile {line} enthält ein Tabulatorzeichen; YAML rückt nur mit Leerzeichen ein",
                line=mark.line + 1,
            ),
            Msg("den Tabulator löschen und mit Leerzeichen einrücken, wie die Zeilen darüber"),
        )
    # a value starting with a character YAML reserves
    if bad or "undefined alias" in problem or "chomping or indentation" in problem:
        column = mark.column if bad else (start or mark).column
        index = mark.line if bad else (start or mark).line
        return _special_start(index, column, line(index), found)

    if "duplicate key" in problem and mark is not None:
        key = DUPLICATE.search(problem)
        name = key["key"] if key else line(mark.line).strip().split(":")[0]
        first = _first_key_line(lines, name, start.line if start else 0, mark.line)
        return found(
            mark.line,
            mark.column,
            Msg(
                "'{key}' steht in diesem Eintrag zweimal (zuerst in Zeile {first})",
                key=name,
                first=first + 1,
            ),
            Msg("eine der beiden Zeilen löschen oder zusammenführen"),
        )

    if "quoted scalar" in context and start is not None:
        quote = line(start.line)[start.column : start.column + 1] or '"'
        return found(
            start.line,
            start.column,
            Msg(
                "das Anführungszeichen {quote} in Zeile {line} wird nicht geschlossen",
                quote=quote,
                line=start.line + 1,
            ),
            Msg(
                "am Ende des Werts dasselbe Anführungszeichen setzen: {quote}…{quote}", quote=quote
            ),
        )

    if ("flow sequence" in context or "flow mapping" in context) and start is not None:
        bracket = "[" if "sequence" in context else "{"
        closing = "]" if bracket == "[" else "}"
        return found(
            start.line,
            start.column,
            Msg(
                "die Klammer {bracket} in Zeile {line} wird nicht geschlossen",
                bracket=bracket,
                line=start.line + 1,
            ),
            Msg(
                "die Klammer mit {closing} in derselben Zeile schließen, oder den Wert in "
                "Anführungszeichen setzen, wenn er mit {bracket} beginnt",
                closing=closing,
                bracket=bracket,
            ),
        )

    if "could not find expected ':'" in problem and start is not None:
        return _missing_colon(start.line, line(start.line), found)

    if "mapping values are not allowed" in problem and mark is not None:
        return _unexpected_colon(lines, mark.line, mark.column, found)

    if "expected <block end>" in problem and mark is not None and start is not None:
        return _block_end(lines, mark.line, start.column, found)

    return found(
        at.line,
        at.column,
        Msg("YAML-Syntaxfehler in Zeile {line}", line=at.line + 1),
        Msg(
            "Einrückung und Doppelpunkte mit den Zeilen davor vergleichen; Texte mit "
            "Sonderzeichen in Anführungszeichen setzen"
        ),
    )


def _quoted(line: str) -> str | None:
    """`line` with its value in double quotes, as the fix to suggest."""
    match = KEY_LINE.fullmatch(line)
    if match is None:
        return None
    value = match["rest"].strip()
    if not value:
        return None
    value = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{match["indent"]}{match["dash"] or ""}{match["key"]}: "{value}"'.strip()


def _special_start(index: int, column: int, text: str, found) -> Problem:
    return found(index, column, _special_message(text[column : column + 1]), _quote_hint(text))


def _special_message(character: str) -> Msg:
    return Msg(
        "der Wert beginnt mit dem Zeichen {character}, das in YAML eine besondere Bedeutung hat",
        character=f"'{character or '?'}'",
    )


def _quote_hint(line: str) -> Msg:
    fixed = _quoted(line)
    if fixed is None:
        return Msg("den Wert in Anführungszeichen setzen")
    return Msg("den Wert in Anführungszeichen setzen: {fixed}", fixed=fixed)


def _missing_colon(index: int, text: str, found) -> Problem:
    no_space = NO_SPACE.match(text)
    if no_space:
        return found(
            index,
            no_space.end("key"),
            Msg("nach dem Doppelpunkt fehlt ein Leerzeichen"),
            Msg("ein Leerzeichen nach dem Doppelpunkt setzen: '{key}: …'", key=no_space["key"]),
        )
    indent = len(text) - len(text.lstrip(" "))
    return found(
        index,
        indent,
        Msg("Zeile {line} ist keine Zeile 'name: Wert': der Doppelpunkt fehlt", line=index + 1),
        Msg("nach dem Feldnamen einen Doppelpunkt und ein Leerzeichen setzen"),
    )


def _previous(lines: list[str], index: int) -> int | None:
    """The nearest line before `index` with content (not empty, not a comment)."""
    for before in range(index - 1, -1, -1):
        if lines[before].strip() and not lines[before].lstrip().startswith("#"):
            return before
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _unexpected_colon(lines: list[str], index: int, column: int, found) -> Problem:
    text = lines[index] if index < len(lines) else ""
    key = KEY_LINE.fullmatch(text)
    separator = key.end("key") if key else None
    before = _previous(lines, index)
    # `slug:a` in the line before: read as one text, which this line then continues
    if (
        before is not None
        and NO_SPACE.match(lines[before])
        and not KEY_LINE.fullmatch(lines[before])["rest"].startswith(" ")
    ):
        return _missing_colon(before, lines[before], found)
    if separator is not None and column > separator:
        value = text[separator + 1 :].lstrip()
        if value.startswith(":"):
            return _special_start(
                index, separator + 1 + text[separator + 1 :].index(":"), text, found
            )
        return found(
            index,
            column,
            Msg("der Wert enthält einen Doppelpunkt mit Leerzeichen danach"),
            _quote_hint(text),
        )
    if before is not None and _indent(text) > _indent(lines[before]):
        return found(
            index,
            _indent(text),
            Msg(
                "Zeile {line} ist weiter eingerückt als die Zeile davor, die schon einen Wert hat",
                line=index + 1,
            ),
            Msg(
                "die Zeile so weit einrücken wie die Zeile davor ({spaces} Leerzeichen); oder "
                "den Wert aus der Zeile davor entfernen, wenn darunter Felder folgen sollen",
                spaces=_indent(lines[before]),
            ),
        )
    return found(
        index,
        column,
        Msg(
            "der Doppelpunkt in Zeile {line} steht an einer Stelle, an der YAML keinen erwartet",
            line=index + 1,
        ),
        Msg("Einrückung prüfen; einen Text mit Doppelpunkt in Anführungszeichen setzen"),
    )


def _block_end(lines: list[str], index: int, column: int, found) -> Problem:
    """The parser ended a list or mapping that started at `column`, and this line continues
    something else: a wrong indentation, or a field among list items (or the other way)."""
    text = lines[index] if index < len(lines) else ""
    indent = _indent(text)
    before = _previous(lines, index)
    if indent != column:
        levels = _levels(lines, index)
        lower = [level for level in levels if level < indent]
        higher = [level for level in levels if level > indent]
        choices = [*lower[-1:], *higher[:1]]
        return found(
            index,
            indent,
            Msg(
                "Zeile {line} ist anders eingerückt als die Zeilen davor: {spaces} Leerzeichen, "
                "passend wären {choices}",
                line=index + 1,
                spaces=indent,
                choices=Msg("{a} oder {b}", a=choices[0], b=choices[1])
                if len(choices) == 2
                else str(choices[0] if choices else column),
            ),
            Msg(
                "die Zeile genau so weit einrücken wie die Felder desselben Eintrags darüber; "
                "nur Leerzeichen verwenden"
            ),
        )
    if text.lstrip().startswith("- "):
        return found(
            index,
            indent,
            Msg(
                "Zeile {line} beginnt einen Listeneintrag ('- '), aber die Zeilen davor auf "
                "gleicher Höhe sind Felder ('name: Wert')",
                line=index + 1,
            ),
            Msg(
                "entweder alle Zeilen auf dieser Höhe als Listeneinträge mit '- ' schreiben "
                "oder alle als Felder"
            ),
        )
    spaces = _indent(lines[before]) + 2 if before is not None else indent + 2
    return found(
        index,
        indent,
        Msg(
            "Zeile {line} ist ein Feld, steht aber auf der Höhe der Listeneinträge ('- ') davor",
            line=index + 1,
        ),
        Msg(
            "das Feld so weit einrücken wie die Felder des Eintrags darüber ({spaces} "
            "Leerzeichen), oder mit '- ' einen neuen Listeneintrag beginnen",
            spaces=spaces,
        ),
    )


def _unclosed_quote(lines: list[str], upto: int) -> tuple[int, int] | None:
    """(line, column) of the nearest value at or before line `upto` that opens a quote and
    does not close it on its line (editors' values fit on one line)."""
    for index in range(min(upto, len(lines) - 1), -1, -1):
        match = KEY_LINE.fullmatch(lines[index])
        value = match["rest"].lstrip(" ") if match else ""
        if not value[:1] or value[0] not in "\"'":
            continue
        quote, rest = value[0], value[1:]
        if quote == '"':
            rest = rest.replace("\\\\", "").replace('\\"', "")
        else:
            rest = rest.replace("''", "")
        if quote not in rest:
            return index, len(lines[index]) - len(value)
    return None


def _levels(lines: list[str], index: int) -> list[int]:
    """The indentations a line after the lines before `index` may have: that of each
    enclosing line up to the top, and of the fields of a list item (after `- `)."""
    levels: set[int] = set()
    limit = None
    for before in range(index - 1, -1, -1):
        text = lines[before]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        indent = _indent(text)
        if limit is None or indent < limit:
            levels.add(indent)
            match = KEY_LINE.fullmatch(text)
            if match and match["dash"]:
                levels.add(match.start("key"))
            limit = indent
    return sorted(levels)


def _first_key_line(lines: list[str], key: str, start: int, end: int) -> int:
    for index in range(start, end):
        match = KEY_LINE.fullmatch(lines[index])
        if match and match["key"].strip() == key:
            return index
    return start


def special_values(text: str, shown_as: str) -> list[Problem]:
    """Values that YAML reads without an error but not as written: an unquoted value starting
    with `&` (an anchor) or `!` (a tag) loses that part."""
    problems = []
    for index, line in enumerate(text.split("\n")):
        match = KEY_LINE.fullmatch(line)
        if match is None:
            item = re.fullmatch(r"(?P<indent>[ ]*)-[ ]+(?P<value>[&!].*)", line)
            if item is None:
                continue
            column = item.start("value")
        else:
            rest = match["rest"]
            value = rest.lstrip(" ")
            if not rest.startswith(" ") or not value[:1] or value[0] not in "&!":
                continue
            column = len(line) - len(value)
        problems.append(
            Problem(
                shown_as,
                index + 1,
                _special_message(line[column]),
                hint=_quote_hint(line),
                column=column + 1,
                excerpt=line,
            )
        )
    return problems
