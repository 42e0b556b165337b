"""The open data opens right in spreadsheet programs.

LibreOffice Calc reads the CSV file with its umlauts, other scripts and numbers, and opens the
.xlsx files, in a German locale, with numbers as numbers and every text as text, never as a
formula. openpyxl reads the .xlsx files back cell by cell.

LibreOffice is Debian's `libreoffice-calc-nogui` (scripts/install-system-deps.sh), run headless
with a private profile; it is slow to start, so it runs twice in all, each time converting
every file it needs to .xlsx for openpyxl to read.

LibreOffice's import dialog recognises UTF-8 by the byte-order mark, but its command line does
not look (it reads Windows-1252 unless told). The CSV conversion is therefore given what the
dialog shows for our file (comma, double quote, UTF-8, English number format) and the
byte-order mark is checked on its own.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from plugins.core.data import LocalText
from plugins.core.site_data import load_site_data
from plugins.open_data.serializers import (
    CSV_COLUMNS,
    GEONAMES_LICENCE,
    LICENCE,
    relation_records,
    spreadsheet_safe,
)
from plugins.open_data.spreadsheets import cities_to_xlsx, event_columns

ROOT = Path(__file__).resolve().parents[1]
DATA = load_site_data(ROOT / "data")
COLUMNS = [name for name, _de, _en in CSV_COLUMNS]
# comma, double quote, UTF-8, from line 1, standard cells, English (USA), quoted fields are not
# forced to text, special numbers (dates) detected: the import dialog's choices for our file
CSV_IMPORT = "CSV:44,34,76,1,,1033,false,true"
FORMULAS = ['=HYPERLINK("https://evil.example";"Klick")', "+1+1", "-2+3", "@SUM(1)", "=1/0"]


def soffice() -> str:
    found = shutil.which("soffice")
    if not found:
        pytest.fail("LibreOffice is not installed; `make test` installs libreoffice-calc-nogui")
    return found


def convert_to_xlsx(sources: list[Path], outdir: Path, profile: Path, *, infilter=None, env=None):
    """One LibreOffice start converts every source into `outdir`."""
    command = [
        soffice(),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        *([f"--infilter={infilter}"] if infilter else []),
        "--convert-to",
        "xlsx",
        "--outdir",
        str(outdir),
        *map(str, sources),
    ]
    subprocess.run(
        command, check=True, capture_output=True, timeout=180, env={**os.environ, **(env or {})}
    )
    for source in sources:
        assert (outdir / f"{source.stem}.xlsx").exists(), f"LibreOffice did not convert {source}"


def formula_workbook(folder: Path) -> Path:
    """A partner-city spreadsheet whose texts would all be formulas if they were not text."""
    city = DATA.cities[0]
    hostile = dataclasses.replace(
        city,
        name=LocalText(de=FORMULAS[0], en=FORMULAS[1]),
        local_name=FORMULAS[2],
        relations=(dataclasses.replace(city.relations[0], note=LocalText(*FORMULAS[3:5])),),
    )
    path = folder / "formeln.xlsx"
    path.write_bytes(cities_to_xlsx((hostile,), "Test", "https://example.org/daten/"))
    return path


@pytest.fixture(scope="module")
def calc(built_site, tmp_path_factory) -> dict[str, Path]:
    """LibreOffice's own .xlsx of each file: the CSV opened with the import dialog's choices;
    the .xlsx files (and one full of would-be formulas) opened in a German locale."""
    work = tmp_path_factory.mktemp("calc")
    sources = work / "sources"
    sources.mkdir()
    csv_file = sources / "partnerstaedte.csv"
    shutil.copy(built_site / "daten/partnerstaedte.csv", csv_file)
    from_csv = work / "from_csv"
    convert_to_xlsx([csv_file], from_csv, work / "profile-csv", infilter=CSV_IMPORT)
    workbooks = [
        Path(shutil.copy(built_site / f"daten/{name}.xlsx", sources))
        for name in ("partnerstaedte", "veranstaltungen")
    ]
    german = {"LANG": "de_DE.UTF-8", "LC_ALL": "de_DE.UTF-8"}
    resaved = work / "resaved"
    convert_to_xlsx(
        [*workbooks, formula_workbook(sources)], resaved, work / "profile-de", env=german
    )
    return {
        "csv": from_csv / "partnerstaedte.xlsx",
        "cities": resaved / "partnerstaedte.xlsx",
        "events": resaved / "veranstaltungen.xlsx",
        "formulas": resaved / "formeln.xlsx",
    }


def cells(path: Path, sheet: int = 0) -> list[list[openpyxl.cell.Cell]]:
    workbook = openpyxl.load_workbook(path)  # formulas, if any, stay formulas
    return [list(row) for row in workbook.worksheets[sheet].iter_rows()]


def boolean_formula(value: bool) -> str:
    """How LibreOffice saves true/false in .xlsx: it has no boolean cells, only TRUE()."""
    return f"={str(value).upper()}()"


def assert_row_holds(row, record: dict, *, csv_text: bool) -> None:
    """Each cell holds the record's value with its type: numbers as numbers, the day as a date,
    true/false as a boolean, text as text (as the CSV writes it, or unchanged in .xlsx)."""
    for cell, column in zip(row, COLUMNS, strict=True):
        value = record[column]
        where = f"{record['slug']}.{column}"
        if isinstance(value, bool):
            assert cell.value in (value, boolean_formula(value)), where
            continue
        assert cell.data_type != "f", f"{where} is a formula"
        if value is None:
            assert cell.value in (None, ""), where
        elif isinstance(value, int | float):
            assert cell.data_type == "n" and cell.value == value, where
        elif isinstance(value, dt.date):
            assert cell.is_date and cell.value.date() == value, where
        else:
            assert cell.data_type == "s", where
            assert cell.value == (spreadsheet_safe(value) if csv_text else value), where


def test_libreoffice_reads_the_csv_with_its_umlauts_scripts_and_numbers(built_site, calc):
    assert (built_site / "daten/partnerstaedte.csv").read_bytes().startswith(codecs.BOM_UTF8)
    rows = cells(calc["csv"])
    assert [cell.value for cell in rows[0]] == COLUMNS  # the mark is read as one, not as text
    records = relation_records(DATA.cities)
    assert len(rows) == len(records) + 1
    for row, record in zip(rows[1:], records, strict=True):
        assert_row_holds(row, record, csv_text=True)
    names = {row[0].value: [cell.value for cell in row[1:4]] for row in rows[1:]}
    assert names["strasbourg"][0] == "Straßburg"
    assert names["lodz"][1] == "Łódź"
    assert names["cairo"][2] == "القاهرة"
    assert names["zhytomyr"][2] == "Житомир"


@pytest.mark.parametrize("made_by", ["site", "libreoffice"])
def test_the_xlsx_file_has_typed_cells_and_no_formulas(built_site, calc, made_by):
    path = built_site / "daten/partnerstaedte.xlsx" if made_by == "site" else calc["cities"]
    rows = cells(path)
    assert [cell.value for cell in rows[0]] == COLUMNS
    records = relation_records(DATA.cities)
    assert len(rows) == len(records) + 1
    for row, record in zip(rows[1:], records, strict=True):
        assert_row_holds(row, record, csv_text=False)


def test_text_that_looks_like_a_formula_stays_text_in_libreoffice(calc, tmp_path):
    ours = cells(formula_workbook(tmp_path))
    libreoffice = cells(calc["formulas"])
    for rows in (ours, libreoffice):
        texts = [cell for cell in rows[1] if cell.value in FORMULAS]
        assert sorted(cell.value for cell in texts) == sorted(FORMULAS)
        assert all(cell.data_type == "s" for cell in texts)
    assert all(cell.quotePrefix for cell in ours[1] if cell.value in FORMULAS)
    with zipfile.ZipFile(calc["formulas"]) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_the_xlsx_file_names_its_licence(built_site):
    workbook = openpyxl.load_workbook(built_site / "daten/partnerstaedte.xlsx")
    assert workbook.sheetnames == ["Partnerstädte", "Lizenz – Licence"]
    text = " ".join(str(c.value) for row in workbook.worksheets[1].iter_rows() for c in row)
    assert LICENCE["url"] in text and GEONAMES_LICENCE["url"] in text and "GeoNames" in text
    assert LICENCE["name"] in workbook.properties.description
    assert "Landeshauptstadt Stuttgart" in workbook.properties.creator


def test_the_events_spreadsheet_holds_the_json_records(built_site, calc):
    records = json.loads((built_site / "daten/veranstaltungen.json").read_bytes())["events"]
    for path in (built_site / "daten/veranstaltungen.xlsx", calc["events"]):
        rows = cells(path)
        assert [cell.value for cell in rows[0]] == event_columns(records)
        assert len(rows) == len(records) + 1
        columns = [cell.value for cell in rows[0]]
        for row, record in zip(rows[1:], records, strict=True):
            values = dict(zip(columns, row, strict=True))
            assert all(
                cell.data_type != "f" or cell.value in map(boolean_formula, (True, False))
                for cell in row
            )
            assert values["uid"].value == record["uid"]
            assert values["title_de"].value == record["title"]["de"]
            assert values["url_en"].value == record["url"]["en"]
            assert values["sequence"].value == record["sequence"]
            assert values["all_day"].value in (
                record["all_day"],
                boolean_formula(record["all_day"]),
            )
            start = values["start"]
            assert start.is_date, "a date or a date and time, not text"
            if record["all_day"]:
                assert start.value.date().isoformat() == record["start"]
            else:  # the local time in the event's time zone, as the JSON file gives it
                assert start.value == dt.datetime.fromisoformat(record["start"]).replace(
                    tzinfo=None
                )
            assert (values["cities"].value or "") == ", ".join(record["cities"])


def test_the_xlsx_files_carry_no_time_of_writing(built_site):
    for name in ("partnerstaedte.xlsx", "veranstaltungen.xlsx"):
        with zipfile.ZipFile(built_site / "daten" / name) as archive:
            assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            core = archive.read("docProps/core.xml")
            assert b"dcterms:created" not in core and b"dcterms:modified" not in core
