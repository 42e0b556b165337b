"""The shared loader of data/offices.yaml and data/partner_cities.yaml: typed records from a
valid file, and for each kind of mistake a message with file, line, record and field."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.core import ContentErrors
from plugins.core.site_data import load_site_data
from tests.fixture_site import copy_project, run_invoke

FIXTURE = Path(__file__).parent / "fixtures" / "data"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def messages_in_english(monkeypatch):
    """These tests pin what each check finds; they read its messages in English (the
    German texts are pinned by tests/test_editor_mistakes.py and tests/test_messages.py)."""
    monkeypatch.setenv("MELDUNGEN", "en")


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "data"))


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(data_dir: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load_site_data(data_dir)
    return [str(problem) for problem in caught.value.problems]


def test_valid_files_load_into_typed_records(data_dir):
    data = load_site_data(data_dir)
    brno, oslo = data.cities
    assert brno.name.de == "Brünn" and brno.local_lang == "cs"
    assert (brno.lat, brno.lon) == (49.2, 16.61)
    assert brno.relations[0].since == 1989 and str(brno.relations[0].since_date) == "1989-12-04"
    assert brno.population.value == 380700 and brno.population.approximate is True
    assert data.office("stuttgart").contacts[0].unit == "bruessel"
    assert data.cities_of("stuttgart") == [brno, oslo]


def test_filter_options_are_the_relation_values_in_use_in_schema_order(data_dir):
    data = load_site_data(data_dir)
    assert data.relation_values("type") == ["partnerschaft", "freundschaft"]
    assert data.relation_values("status") == ["aktiv", "ruhend"]
    replace(data_dir / "partner_cities.yaml", "status: aktiv", "status: ruhend")
    assert load_site_data(data_dir).relation_values("status") == ["ruhend"]


def test_a_place_name_is_one_name_or_one_per_language(data_dir):
    assert load_site_data(data_dir).office("stuttgart").address.city.en == "Stuttgart"
    replace(data_dir / "offices.yaml", "{city: Stuttgart,", "{city: {de: Brüssel, en: Brussels},")
    city = load_site_data(data_dir).office("stuttgart").address.city
    assert (city.de, city.en) == ("Brüssel", "Brussels")


def test_country_no_stays_norway_not_false(data_dir):
    """YAML 1.1 loaders read `NO` as false; ours reads YAML 1.2."""
    assert load_site_data(data_dir).cities[1].country == "NO"


def test_the_real_data_files_load():
    data = load_site_data(ROOT / "data")
    assert {office.id for office in data.offices} == {"stuttgart", "region-stuttgart", "dortmund"}
    assert len(data.cities) == 27


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "partner_cities.yaml",
            "lon: 16.61}",
            "lon: 16.61",
            "data/partner_cities.yaml:10: the bracket { in line 10 is not closed",
        ),
        (
            "partner_cities.yaml",
            "    summary: {de: Eine Stadt., en: A city.}\n",
            "",
            "data/partner_cities.yaml:2: city 'brno': field 'summary' is missing",
        ),
        (
            "partner_cities.yaml",
            '    country: "CZ"\n',
            '    country: "CZ"\n    contry: CZ\n',
            "data/partner_cities.yaml:10: city 'brno': field 'contry': unknown field",
        ),
        (
            "partner_cities.yaml",
            "local_lang: cs",
            "local_lang: [cs]",
            "data/partner_cities.yaml:8: city 'brno': field 'name.local_lang': must look like ru, zh",
        ),
        (
            "partner_cities.yaml",
            "since: 1989",
            "since: '89'",
            "data/partner_cities.yaml:14: city 'brno': field 'relations.since': must be a year like 1989, got '89'",
        ),
        (
            "partner_cities.yaml",
            "lat: 49.20",
            "lat: 149.20",
            "data/partner_cities.yaml:10: city 'brno': field 'coordinates.lat': must be between -90 and 90, got 149.2",
        ),
        (
            "partner_cities.yaml",
            'since_date: "1989-12-04"',
            'since_date: "1989-13-04"',
            "data/partner_cities.yaml:15: city 'brno': field 'relations.since_date': '1989-13-04' is not a real date – check the day and the month",
        ),
        (
            "partner_cities.yaml",
            "        status: aktiv\n",
            "        status: aktiv\n        status_as_of: 1980\n",
            "data/partner_cities.yaml:17: city 'brno': field 'relations.status_as_of': is 1980, before the relation began (1989)",
        ),
        (
            "partner_cities.yaml",
            "        status: aktiv\n",
            "        status: aktiv\n        holder: Verband\n",
            "data/partner_cities.yaml:17: city 'brno': field 'relations.holder': must be a mapping",
        ),
        (
            "partner_cities.yaml",
            'since_date: "1989-12-04"',
            'since_date: "1988-12-04"',
            "data/partner_cities.yaml:15: city 'brno': field 'relations.since_date': is in 1988, but 'since' says 1989",
        ),
        (
            "partner_cities.yaml",
            "      - office: stuttgart\n",
            "      - office: dortmund\n",
            "data/partner_cities.yaml:12: city 'brno': field 'relations.office': names office 'dortmund', "
            "which data/offices.yaml does not have – known: stuttgart",
        ),
        (
            "partner_cities.yaml",
            "status: ruhend",
            "status: eingeschlafen",
            "data/partner_cities.yaml:24: city 'oslo': field 'relations.status': must be one of aktiv, ruhend, beendet",
        ),
        (
            "partner_cities.yaml",
            "  - slug: oslo",
            "  - slug: brno",
            "data/partner_cities.yaml:19: city 'brno': field 'slug': 'brno' is used twice (first in line 2)",
        ),
        (
            "partner_cities.yaml",
            "country: NO",
            "country: XX",
            "data/partner_cities.yaml:22: city 'oslo': field 'country': must be an ISO 3166-1 country code",
        ),
        (
            "offices.yaml",
            "        unit: bruessel",
            "        unit: paris",
            "data/offices.yaml:16: office 'stuttgart': field 'contacts.unit': names unit 'paris', which "
            "office 'stuttgart' does not have – known: bruessel",
        ),
        (
            "offices.yaml",
            '    website: "https://www.stuttgart.de/"',
            "    website: www.stuttgart.de",
            "data/offices.yaml:8: office 'stuttgart': field 'website': must look like https://",
        ),
    ],
)
def test_each_mistake_is_reported_with_file_line_record_and_field(
    data_dir, file, old, new, expected
):
    replace(data_dir / file, old, new)
    problems = problems_of(data_dir)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_all_mistakes_of_both_files_are_reported_together(data_dir):
    replace(data_dir / "partner_cities.yaml", "since: 1989", "since: neunzehn")
    replace(data_dir / "partner_cities.yaml", "country: NO", "country: Norway")
    replace(data_dir / "offices.yaml", "page: office", "page: office\n    colour: blue")
    assert len(problems_of(data_dir)) == 3


def test_missing_file_is_reported(data_dir):
    (data_dir / "offices.yaml").unlink()
    assert problems_of(data_dir) == [
        "data/offices.yaml: is missing – restore the file from git (git checkout -- <file>)"
    ]


def test_a_data_mistake_fails_the_build_cleanly_and_keeps_the_last_good_site(tmp_path):
    project = copy_project(tmp_path / "project")

    def build() -> subprocess.CompletedProcess:
        return run_invoke(project, "build")

    assert build().returncode == 0
    good = (project / "output/partnerstaedte/brno/index.html").read_bytes()
    data = project / "data/partner_cities.yaml"
    lines = data.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, start=1) if "since: 1989" in text)
    lines[line - 1] = lines[line - 1].replace("since: 1989", "since: 89x")
    data.write_text("".join(lines), encoding="utf-8")

    run = build()
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert (
        f"data/partner_cities.yaml:{line}: city 'brno': field 'relations.since': "
        "must be a year like 1989, got '89x'"
    ) in run.stderr
    assert (project / "output/partnerstaedte/brno/index.html").read_bytes() == good


def test_an_office_naming_a_page_that_does_not_exist_fails_the_check(tmp_path):
    project = copy_project(tmp_path / "project")
    offices = project / "data/offices.yaml"
    offices.write_text(
        offices.read_text(encoding="utf-8").replace(
            "page: region-stuttgart-brussels", "page: region-stuttgart-bruxelles"
        ),
        encoding="utf-8",
    )
    run = run_invoke(project, "check")
    assert run.returncode == 1
    assert (
        "office 'region-stuttgart': field 'units.page': names page key "
        "'region-stuttgart-bruxelles', which has no page in de, en"
    ) in run.stderr


# --- records parsed one by one equal the whole file parsed --------------------------------

TRICKY_LINES = [
    "  - x\n",
    '  - "offen\n',
    "  - slug: neu\n",
    "    note: |\n",
    "      - a\n",
    "cities:\n",
    "---\n",
    "\t- x\n",
    "  -x\n",
    "- slug: x\n",
    '"\n',
    "  # Kommentar\n",
    "\n",
    "    name: {de: a,\n",
    "  -\n",
    "    slug: doppelt\n",
    "  - [a, b]\n",
]


def lines_noted(node) -> tuple:
    """The lines ruamel noted for a mapping or list: where it starts, and for each key or item
    the line of the key and of its value (the loader reads lines, no columns; an empty value at
    the end of a record is noted at the column where the next record starts, or 0)."""
    return node.lc.line, {key: position[::2] for key, position in node.lc.data.items()}


def same_document(pieces, whole, where="Dokument") -> None:
    """Values, kinds and every line ruamel noted are the same."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar

    assert type(pieces) is type(whole), where
    if isinstance(pieces, CommentedMap | CommentedSeq):
        assert lines_noted(pieces) == lines_noted(whole), where
        assert len(pieces) == len(whole), where
        keys = list(pieces) if isinstance(pieces, CommentedMap) else list(range(len(pieces)))
        assert keys == (list(whole) if isinstance(whole, CommentedMap) else keys), where
        for key in keys:
            same_document(pieces[key], whole[key], f"{where}/{key}")
    elif isinstance(pieces, TaggedScalar):  # `!x` (refused before parsing, see special_values)
        assert (pieces.value, str(pieces.tag)) == (whole.value, str(whole.tag)), where
    else:
        assert pieces == whole, where


def whole_parse(text: str):
    from ruamel.yaml.error import YAMLError

    from plugins.core.data import _parser

    try:
        return _parser().load(text), None
    except (YAMLError, ValueError, TypeError, OverflowError, RecursionError) as error:
        return None, error


@pytest.mark.parametrize("name", ["offices.yaml", "partner_cities.yaml"])
def test_the_real_files_parsed_record_by_record_equal_the_whole_parse(name):
    from plugins.core.data import _in_pieces

    text = (ROOT / "data" / name).read_text(encoding="utf-8")
    known: dict = {}
    for _ in range(2):  # parsed, then taken from the first parse
        pieces = _in_pieces(text, known)
        assert pieces is not None, "the real files have the usual shape"
        same_document(pieces, whole_parse(text)[0])


@settings(
    max_examples=int(os.environ.get("PIECES_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    name=st.sampled_from(["offices.yaml", "partner_cities.yaml"]),
    edits=st.lists(
        st.tuples(
            st.sampled_from(["delete", "duplicate", "insert", "indent", "dedent", "character"]),
            st.integers(min_value=0, max_value=10_000),
            st.sampled_from(TRICKY_LINES),
            st.sampled_from(list("\"'[]{}:#-|>&*! \t")),
        ),
        min_size=1,
        max_size=3,
    ),
)
def test_edited_files_parsed_record_by_record_equal_the_whole_parse_or_are_left_to_it(name, edits):
    """After any edit, the records parsed one by one (some taken from an earlier parse, at
    other lines) are what a parse of the whole file gives; where they cannot be, the whole
    file is parsed (None), and every mistake is reported from that parse."""
    from plugins.core.data import _in_pieces

    lines = (ROOT / "data" / name).read_text(encoding="utf-8").splitlines(keepends=True)
    known: dict = {}
    _in_pieces("".join(lines), known)  # what the preview parsed before the edit
    for kind, where, line, character in edits:
        at = where % len(lines)
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "insert":
            lines.insert(at, line)
        elif kind == "indent":
            lines[at] = "  " + lines[at]
        elif kind == "dedent":
            lines[at] = lines[at].removeprefix("  ")
        elif lines[at].strip():
            column = where % len(lines[at].rstrip("\n"))
            lines[at] = lines[at][:column] + character + lines[at][column + 1 :]
        if not lines:
            return
    text = "".join(lines)
    pieces = _in_pieces(text, known)
    whole, error = whole_parse(text)
    if pieces is not None:
        assert error is None, "a file that cannot be parsed whole is not parsed in pieces"
        same_document(pieces, whole)
