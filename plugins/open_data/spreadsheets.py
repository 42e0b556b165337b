"""The open data as spreadsheets (.xlsx, Office Open XML), for people who double-click a file.

A CSV file opens right only where the program guesses encoding, separator and decimal mark as
the file means them; German Excel expects `;` and decimal commas and puts our comma-separated
file into one column. An .xlsx file stores numbers as numbers and text as text, so Excel and
LibreOffice open it the same way in every language.

* Typed cells: numbers, dates and true/false as such; every text as a string cell, never as a
  formula, whatever it starts with (openpyxl stores a text starting with `=` as a formula
  unless told otherwise). Text that would become a formula when someone retypes the cell gets
  Excel's "quote prefix" style, the one Excel itself gives to `'=…`.
* A header row of field names (documented on the open-data page), frozen and filterable; a
  second sheet with the licence, which the document properties repeat.
* Reproducible: openpyxl stamps the time of writing into the document properties and every
  zip entry. The dates are left out of the properties (all core properties are optional,
  ECMA-376 Part 2) and the zip entries get the zip format's first date, so two builds give the
  same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.constants import ARC_CORE, DCTERMS_NS
from openpyxl.xml.functions import tostring

from plugins.core.site_data import PartnerCity

from .serializers import (
    CSV_COLUMNS,
    FORMULA_START,
    GEONAMES_NOTE,
    LICENCE,
    LICENCE_NOTE,
    relation_records,
)

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry
DATE_FORMAT = "yyyy-mm-dd"
DATE_TIME_FORMAT = "yyyy-mm-dd hh:mm"
WIDEST_COLUMN = 60  # characters; longer texts wrap in the cell when opened
UNDATED = {f"{{{DCTERMS_NS}}}created", f"{{{DCTERMS_NS}}}modified"}

# The languages of the events' per-language fields, in column order.
LANGUAGES = ("de", "en")

LICENCE_ROWS = [("Lizenz", "Licence"), (LICENCE_NOTE.de, LICENCE_NOTE.en)]
GEONAMES_ROWS = [(GEONAMES_NOTE.de, GEONAMES_NOTE.en)]


def _text(sheet: Worksheet, row: int, column: int, value: str) -> None:
    """A string cell, never a formula (openpyxl would store `=…` as one)."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True  # retyping the cell in Excel keeps it text


def _cell(sheet: Worksheet, row: int, column: int, value: object) -> None:
    if value is None:
        return
    if isinstance(value, str):
        _text(sheet, row, column, value)
        return
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, dt.datetime):
        cell.number_format = DATE_TIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT


def _width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return len(DATE_TIME_FORMAT)
    if isinstance(value, dt.date):
        return len(DATE_FORMAT)
    return len(str(value))


def _table(sheet: Worksheet, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """A header row of field names, then one row per record; frozen header, filters, widths."""
    bold = Font(bold=True)
    widths = [len(name) for name in columns]
    for index, name in enumerate(columns, start=1):
        _text(sheet, 1, index, name)
        sheet.cell(row=1, column=index).font = bold
    for row_number, row in enumerate(rows, start=2):
        for index, value in enumerate(row, start=1):
            _cell(sheet, row_number, index, value)
            widths[index - 1] = max(widths[index - 1], _width(value))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, WIDEST_COLUMN)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _licence_sheet(workbook: Workbook, rows: Sequence[tuple[str, str]]) -> None:
    sheet = workbook.create_sheet("Lizenz – Licence")
    for number, (german, english) in enumerate(rows, start=1):
        _text(sheet, number, 1, german)
        _text(sheet, number, 2, english)
    sheet["A1"].font = sheet["B1"].font = Font(bold=True)
    sheet.column_dimensions["A"].width = sheet.column_dimensions["B"].width = WIDEST_COLUMN


def _source_rows(source_url: str) -> list[tuple[str, str]]:
    return [
        ("Quelle und Beschreibung der Felder", "Source and description of the fields"),
        (source_url, source_url),
    ]


def _new_workbook(title: str, creator: str, description: str) -> tuple[Workbook, Worksheet]:
    workbook = Workbook()
    workbook.properties.title = title
    workbook.properties.creator = creator
    workbook.properties.description = description
    workbook.properties.language = "de"
    sheet = workbook.active
    return workbook, sheet


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file, the same bytes for the same workbook: no time of writing in the document
    properties or the zip entries."""
    written = io.BytesIO()
    ExcelWriter(workbook, ZipFile(written, "w", ZIP_DEFLATED)).save()
    core = workbook.properties.to_tree()
    for child in [child for child in core if child.tag in UNDATED]:
        core.remove(child)
    result = io.BytesIO()
    with ZipFile(written) as source, ZipFile(result, "w", ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = tostring(core) if entry.filename == ARC_CORE else source.read(entry)
            target.writestr(ZipInfo(entry.filename, date_time=ZIP_EPOCH), data, ZIP_DEFLATED)
    return result.getvalue()


def cities_to_xlsx(cities: tuple[PartnerCity, ...], publishers: str, source_url: str) -> bytes:
    """The partner cities as in the CSV file: one row per relation, the same columns, typed."""
    columns = [name for name, _de, _en in CSV_COLUMNS]
    workbook, sheet = _new_workbook(
        "Partnerstädte – Partner cities", publishers, f"{LICENCE['name']}; {source_url}"
    )
    sheet.title = "Partnerstädte"
    _table(sheet, columns, ([record[c] for c in columns] for record in relation_records(cities)))
    _licence_sheet(workbook, [*LICENCE_ROWS, *GEONAMES_ROWS, *_source_rows(source_url)])
    return workbook_bytes(workbook)


def event_columns(records: list[dict]) -> list[str]:
    """The JSON fields as columns; a per-language field becomes `<field>_de`, `<field>_en`."""
    columns: list[str] = []
    for key, value in records[0].items() if records else ():
        if isinstance(value, dict):
            columns.extend(f"{key}_{lang}" for lang in LANGUAGES)
        else:
            columns.append(key)
    return columns


def _event_value(value: object, key: str, timezone: str) -> object:
    """A JSON value as a cell: times as local date and time in the event's time zone (a
    spreadsheet has no time zones; the `timezone` column names it), `updated` in UTC, lists as
    comma-separated text."""
    if isinstance(value, list):
        return ", ".join(value) or None
    if key in ("start", "end"):
        if "T" not in value:
            return dt.date.fromisoformat(value)
        local = dt.datetime.fromisoformat(value).astimezone(ZoneInfo(timezone))
        return local.replace(tzinfo=None)
    if key == "updated":
        return dt.datetime.fromisoformat(value).astimezone(dt.UTC).replace(tzinfo=None)
    return value


def events_to_xlsx(events_json: bytes, publishers: str, source_url: str) -> bytes:
    """`veranstaltungen.json` as a sheet: one row per event, the fields of the JSON file."""
    records = json.loads(events_json)["events"]
    columns = event_columns(records)
    rows = []
    for record in records:
        row: list[object] = []
        for key, value in record.items():
            if isinstance(value, dict):
                row.extend(value.get(lang) for lang in LANGUAGES)
            else:
                row.append(_event_value(value, key, record["timezone"]))
        rows.append(row)
    workbook, sheet = _new_workbook(
        "Termine – Events", publishers, f"{LICENCE['name']}; {source_url}"
    )
    sheet.title = "Termine"
    _table(sheet, columns, rows)
    _licence_sheet(workbook, [*LICENCE_ROWS, *_source_rows(source_url)])
    return workbook_bytes(workbook)
