"""Messages to editors: plain German by default, English as a setting, and every message has
its English text (plugins/core/messages.py)."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from plugins.core.errors import Problem
from plugins.core.messages import CATALOGUES, Msg, extract, language

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = CATALOGUES / "en" / "LC_MESSAGES" / "messages.po"
FIELD = re.compile(r"\{(\w+)\}")


def catalogue() -> dict[str, str]:
    with CATALOGUE.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def test_every_message_has_an_english_text_with_the_same_values():
    english = catalogue()
    for template in extract(ROOT):
        assert english.get(template), f"not translated: {template!r}"
        assert set(FIELD.findall(english[template])) == set(FIELD.findall(template)), template


def test_the_catalogue_has_no_messages_the_code_no_longer_uses():
    assert set(catalogue()) - extract(ROOT) == set()


def test_a_problem_reads_in_german_by_default(monkeypatch):
    monkeypatch.delenv("MELDUNGEN", raising=False)
    problem = Problem(
        "content/events/de/treffen.md",
        4,
        Msg("endet vor dem Beginn ({start})", start="2027-05-09 18:00"),
        record=Msg("Veranstaltung '{name}'", name="treffen"),
        field="End",
        hint=Msg("Datum und Uhrzeit des Endes prüfen"),
    )
    assert str(problem) == (
        "content/events/de/treffen.md:4: Veranstaltung 'treffen': Feld 'End': endet vor dem "
        "Beginn (2027-05-09 18:00) – Datum und Uhrzeit des Endes prüfen"
    )
    assert problem.text("en") == (
        "content/events/de/treffen.md:4: event 'treffen': field 'End': ends before it starts "
        "(2027-05-09 18:00) – check the date and time of the end"
    )


def test_english_is_chosen_by_the_setting_and_the_environment_overrides_it(monkeypatch):
    monkeypatch.delenv("MELDUNGEN", raising=False)
    assert language({}) == "de"
    assert language({"MESSAGES_LANGUAGE": "en"}) == "en"
    monkeypatch.setenv("MELDUNGEN", "de")
    assert language({"MESSAGES_LANGUAGE": "en"}) == "de"
    monkeypatch.setenv("MELDUNGEN", "en")
    assert str(Problem("data/offices.yaml", 3, Msg("ist leer"))) == "data/offices.yaml:3: is empty"


def test_a_problem_as_data_for_the_preview_names_every_part():
    problem = Problem(
        "data/partner_cities.yaml",
        45,
        Msg("der Wert enthält einen Doppelpunkt mit Leerzeichen danach"),
        hint=Msg("den Wert in Anführungszeichen setzen"),
        column=18,
        excerpt="    note: Achtung: wichtig",
    )
    data = problem.as_dict("de")
    assert data == {
        "path": "data/partner_cities.yaml",
        "line": 45,
        "column": 18,
        "record": None,
        "field": None,
        "message": "der Wert enthält einen Doppelpunkt mit Leerzeichen danach",
        "hint": "den Wert in Anführungszeichen setzen",
        "excerpt": "    note: Achtung: wichtig",
        "text": "data/partner_cities.yaml:45: der Wert enthält einen Doppelpunkt mit "
        "Leerzeichen danach – den Wert in Anführungszeichen setzen",
    }
    assert problem.marker() == [
        "45 |     note: Achtung: wichtig",
        "   |                  ^",
    ]
