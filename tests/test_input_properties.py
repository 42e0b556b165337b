"""Properties of reading editors' input, tried with generated text (hypothesis).

* Any text at all, valid or not, as a page, an event or a data file gives records or located
  problems – never an exception, which the build would show as "internal error".
* Hostile text that passes the checks comes out escaped wherever it is written: calendar names
  and descriptions (TEXT in iCalendar) and CSV cells (never a spreadsheet formula).
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from plugins.bilingual_pages.reader import PageReader
from plugins.core.build import load_settings
from plugins.core.errors import SINK, Problem
from plugins.core.front_matter import parse
from plugins.core.site_data import read_site_data
from plugins.events.feeds import Feed, calendar_bytes
from plugins.events.model import read_events
from plugins.open_data.serializers import FORMULA_START, spreadsheet_safe
from tests.ical_tools import unfold

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = load_settings(ROOT / "pelicanconf.py")
DATA = read_site_data(ROOT / "data")[0]
EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text shaped like front matter: field lines, indented lines, blank lines, stray text, fences,
# control characters, and the characters that matter to Markdown, HTML and YAML.
SPECIAL = ":-[]{}#&*!|>'\"%@`<>=;,\\/ \t\x0b\x00\ufeff\u2028"
piece = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(list(SPECIAL)), max_size=40)
field_name = st.sampled_from(
    [
        "Title",
        "Key",
        "Summary",
        "Order",
        "Template",
        "Modified",
        "UID",
        "Start",
        "End",
        "Office",
        "Cities",
        "Status",
        "Updated",
        "Recurrence",
        "Timezone",
        "Lang",
        "Slug",
        "Titel",
    ]
)
line = st.one_of(
    st.builds(lambda name, value: f"{name}: {value}", field_name, piece),
    st.builds(
        lambda pad, name, value: f"{pad}{name}: {value}",
        st.sampled_from([" ", "   ", "\t", "    "]),
        field_name,
        piece,
    ),
    st.sampled_from(
        [
            "",
            "---",
            "Start: 2027-05-09 18:00",
            "End: 20:00",
            "Office: stuttgart",
            "Recurrence: FREQ=SECONDLY",
            "Recurrence: FREQ=DAILY;COUNT=100000",
            "[x]({static}/../../etc/passwd)",
            "<script>x</script>",
            "![](a.png)",
        ]
    ),
    piece,
)
front_matter_text = st.lists(line, max_size=14).map("\n".join)


@EXAMPLES
@given(front_matter_text)
def test_any_front_matter_gives_fields_or_located_problems(text):
    document = parse(text, "content/pages/de/seite.md")
    for problem in document.problems:
        assert problem.path == "content/pages/de/seite.md" and problem.line >= 1
    for found in document.fields.values():
        assert found.value == found.value.strip() and "\n" not in found.value


@EXAMPLES
@given(st.one_of(front_matter_text, st.binary(max_size=300)))
def test_any_page_file_is_read_without_an_exception(text):
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        page = content / "pages" / "de" / "seite.md"
        page.parent.mkdir(parents=True)
        page.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        settings_of_run = {**SETTINGS, "PATH": str(content), SINK: []}
        html, metadata = PageReader(settings_of_run).read(str(page))
        assert isinstance(html, str) and metadata["title"] and metadata["key"]
        assert all(isinstance(problem, Problem) for problem in settings_of_run[SINK])


@EXAMPLES
@given(st.one_of(front_matter_text, st.binary(max_size=300)), front_matter_text)
def test_any_event_files_are_read_without_an_exception(german, english):
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder)
        for lang, text in (("de", german), ("en", english)):
            path = content / "events" / lang / "termin.md"
            path.parent.mkdir(parents=True)
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        events, problems = read_events(content, DATA, SETTINGS)
        assert all(problem.path.startswith("content/events/") for problem in problems)
        assert bool(events) or bool(problems)


YAML_SPECIAL = ":-[]{}#&*!|>'\"%@`?,\n \t"
yaml_piece = st.text(
    alphabet=st.characters(codec="utf-8") | st.sampled_from(list(YAML_SPECIAL)), max_size=60
)
ORIGINAL = {
    name: (ROOT / "data" / name).read_text(encoding="utf-8")
    for name in ("offices.yaml", "partner_cities.yaml")
}


@st.composite
def damaged_data(draw) -> tuple[str, str]:
    """A data file with some of its lines replaced, or anything at all."""
    name = draw(st.sampled_from(sorted(ORIGINAL)))
    if draw(st.booleans()):
        return name, draw(yaml_piece)
    lines = ORIGINAL[name].split("\n")
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        lines[index] = draw(
            st.one_of(
                yaml_piece,
                st.sampled_from(
                    [
                        "since_date: 2023-02-30",
                        "country: NO",
                        "lat: .nan",
                        "value: 1e999",
                        "- *a",
                        "  &a [*a, *a]",
                        "!!python/object:os.system {}",
                        "email: a@b.de?cc=c@d.de",
                    ]
                ),
            )
        )
    return name, "\n".join(lines)


@EXAMPLES
@given(damaged_data())
def test_any_data_file_gives_records_or_located_problems(damaged):
    name, text = damaged
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        for original, content in ORIGINAL.items():
            (data / original).write_text(text if original == name else content, encoding="utf-8")
        _records, problems = read_site_data(data)
        for problem in problems:
            assert problem.path.startswith("data/") and str(problem)


# --- hostile text comes out escaped ------------------------------------------------------------

hostile = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    | st.sampled_from(list(";,\\:\"'<>&=+-@\n")),
    min_size=1,
    max_size=80,
).filter(lambda value: value.strip())


@EXAMPLES
@given(hostile, hostile)
@example(name="Nachtrag \\N", description="C:\\Neu; a,b")  # icalendar read \N as a line break
def test_calendar_names_and_descriptions_come_back_as_written(name, description):
    """NAME and X-WR-CALNAME were written unescaped: a ';' or ',' changed the name for strict
    parsers, and a line break was stopped only by an assert inside icalendar."""
    raw = calendar_bytes(
        Feed("de", "veranstaltungen/alle.ics", name, description, ()),
        siteurl="https://international.example.org",
    )
    lines = unfold(raw)

    def text(prop: str) -> str:
        """The property's TEXT value (RFC 5545 §3.3.11), read from the unfolded lines."""
        (value,) = [line.split(":", 1)[1] for line in lines if line.split(":")[0] == prop]
        return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)

    assert text("NAME") == text("X-WR-CALNAME") == name
    assert text("X-WR-CALDESC") == text("DESCRIPTION") == description
    names = [line.split(b":")[0].split(b";")[0] for line in raw.split(b"\r\n") if line[:1] != b" "]
    assert names.count(b"NAME") == 1 and names.count(b"X-WR-CALNAME") == 1


@EXAMPLES
@given(st.lists(hostile, min_size=1, max_size=6))
def test_no_csv_cell_is_a_formula_and_each_reads_back(cells):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow([spreadsheet_safe(c) for c in cells])
    (read,) = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    for written, original in zip(read, cells, strict=True):
        assert not written.startswith(FORMULA_START)
        assert written == original or (
            written == "'" + original and original.startswith(FORMULA_START)
        )
