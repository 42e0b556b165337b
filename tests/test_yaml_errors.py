"""YAML syntax errors in editors' words: the line where the mistake is, what kind of mistake,
and a column for the marker (plugins/core/yaml_errors.py)."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from plugins.core.yaml_errors import explain, special_values

HEAD = "cities:\n  - slug: a\n"
CASES = [
    ("indented-under-a-value", HEAD + "    name: x\n      de: y\n", 4, "ist weiter eingerückt"),
    (
        "indented-between-levels",
        HEAD + "    name:\n      de: y\n     en: z\n",
        5,
        "passend wären 4 oder 6",
    ),
    ("list-item-indented-off", HEAD + "    name: b\n   - slug: c\n", 4, "anders eingerückt"),
    ("tab", HEAD + "\tname: b\n", 3, "Tabulatorzeichen"),
    ("no-colon", HEAD + "    name b\n    country: DE\n", 3, "der Doppelpunkt fehlt"),
    ("no-space-after-colon", "cities:\n  - slug:a\n    country: DE\n", 2, "fehlt ein Leerzeichen"),
    ("unclosed-quote", HEAD + '    name: "Brünn\n    country: DE\n', 3, "wird nicht geschlossen"),
    ("unclosed-bracket", HEAD + "    tags: [a, b\n    country: DE\n", 3, "Klammer [ in Zeile 3"),
    ("duplicate-key", HEAD + "    slug: b\n", 3, "zweimal (zuerst in Zeile 2)"),
    ("at-sign", HEAD + "    name: @stuttgart\n", 3, "mit dem Zeichen '@'"),
    ("backtick", HEAD + "    name: `x`\n", 3, "mit dem Zeichen '`'"),
    ("alias", HEAD + "    name: *x\n", 3, "mit dem Zeichen '*'"),
    ("percent", HEAD + "    name: %x\n", 3, "mit dem Zeichen '%'"),
    ("block-indicator", HEAD + "    name: |x\n", 3, "mit dem Zeichen '|'"),
    ("colon-first", HEAD + "    name: : x\n", 3, "mit dem Zeichen ':'"),
    (
        "colon-in-value",
        HEAD + "    note: Achtung: wichtig\n",
        3,
        'setzen: note: "Achtung: wichtig"',
    ),
    ("field-among-list-items", HEAD + "  name: b\n", 3, "auf der Höhe der Listeneinträge"),
    ("list-item-among-fields", "offices:\n  id: a\n  - id: b\n", 3, "beginnt einen Listeneintrag"),
]


@pytest.mark.parametrize(
    ("text", "line", "says"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_syntax_error_is_explained_at_the_line_of_the_mistake(text, line, says):
    try:
        YAML(typ="rt").load(text)
    except MarkedYAMLError as error:
        problem = explain(error, text, "data/x.yaml")
    else:
        (problem,) = special_values(text, "data/x.yaml")
    assert problem.line == line
    assert says in problem.text("de"), problem.text("de")
    assert problem.excerpt == text.split("\n")[line - 1]
    assert problem.column is not None


@pytest.mark.parametrize("value", ["&anker text", "!tag text"])
def test_anchors_and_tags_that_load_silently_are_refused(value):
    text = HEAD + f"    name: {value}\n"
    (problem,) = special_values(text, "data/x.yaml")
    assert problem.line == 3 and problem.column == 11
    assert f'name: "{value}"' in problem.text("de")
