"""Time zones come from the pinned tzdata package, never from the machine's database.

zoneinfo looks a zone up in the machine's database first, so a machine with an outdated one
built other times into the pages and feeds than a machine with a current one: Africa/Cairo has
had summer time again since 2023. `plugins/__init__.py` empties zoneinfo's search path. These
tests run the plugins and a whole build, in fresh processes, on a machine whose database is
wrong on purpose (PYTHONTZPATH): Europe/Berlin keeps Tokyo's time and Africa/Cairo the rules of
2015 to 2022, without summer time. The results must be what the tzdata package says.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from tests.fixture_site import copy_project

ROOT = Path(__file__).resolve().parents[1]
WRONG_RULES = {"Europe/Berlin": "Asia/Tokyo", "Africa/Cairo": "Etc/GMT-2"}
FIXTURE_EVENTS = Path(__file__).parent / "fixtures" / "events"
CAIRO_EVENT = """\
Title: {title}
UID: fixture-cairo-summer@example
Start: 2024-07-10 10:00
End: 12:00
Timezone: Africa/Cairo
Office: stuttgart
Updated: 2024-06-01

{title}.
"""
CAIRO_TITLES = {"de": "Sommertermin in Kairo", "en": "Summer meeting in Cairo"}

ZONES = """\
import datetime as dt, json, zoneinfo
import plugins
july = dt.datetime(2024, 7, 10, 12)
print(json.dumps({
    "tzpath": list(zoneinfo.TZPATH),
    "berlin": zoneinfo.ZoneInfo("Europe/Berlin").utcoffset(july) / dt.timedelta(hours=1),
    "cairo": zoneinfo.ZoneInfo("Africa/Cairo").utcoffset(july) / dt.timedelta(hours=1),
}))
"""
BUILD = """\
import sys
from pathlib import Path
project, output, machine_database = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
opened = []
def record(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].startswith(machine_database):
        opened.append(args[0])
sys.addaudithook(record)
from plugins.core.build import build
result = build(project / "publishconf.py", output, overrides={
    "PATH": str(project / "content"), "DATA_PATH": str(project / "data"),
    "SITEURL": "https://example.org", "EVENTS_TODAY": "2027-01-15",
})
if not result.ok:
    sys.exit("\\n".join(result.problems))
if opened:
    sys.exit("read the machine's time zone database: " + ", ".join(sorted(set(opened))))
"""


@pytest.fixture
def wrong_database(tmp_path) -> Path:
    """A machine's time zone database that contradicts the tzdata package."""
    folder = tmp_path / "machine-zoneinfo"
    zones = resources.files("tzdata") / "zoneinfo"
    for name, rules in WRONG_RULES.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((zones / rules).read_bytes())
    return folder


def python(code: str, *args: str, machine_database: Path | None) -> subprocess.Popen:
    """A fresh Python running `code` in the project, on the machine's or the given database."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONTZPATH"}
    if machine_database is not None:
        env["PYTHONTZPATH"] = str(machine_database)
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(*processes: subprocess.Popen) -> list[str]:
    """What each process printed, once all have ended; each must have succeeded."""
    outputs = [process.communicate(timeout=120) for process in processes]
    for process, (_stdout, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, stderr
    return [stdout for stdout, _stderr in outputs]


def offsets(feed: str, zone: str) -> set[str]:
    """The UTC offsets that the feed's VTIMEZONE of `zone` names (TZOFFSETTO)."""
    for block in feed.split("BEGIN:VTIMEZONE")[1:]:
        block = block.split("END:VTIMEZONE")[0]
        if f"TZID:{zone}\r\n" in block:
            return set(re.findall(r"TZOFFSETTO:([+-]\d{4})", block))
    return set()


def tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def test_the_plugins_read_zones_only_from_tzdata_so_cairo_has_summer_time_in_2024(
    wrong_database,
):
    [printed] = finished(python(ZONES, machine_database=wrong_database))
    zones = json.loads(printed)
    assert zones == {"tzpath": [], "berlin": 2, "cairo": 3}


def test_a_machine_with_a_wrong_time_zone_database_builds_the_same_site(tmp_path, wrong_database):
    project = copy_project(tmp_path / "project")
    for lang in ("de", "en"):
        events = project / "content" / "events" / lang
        for source in (FIXTURE_EVENTS / lang).glob("*.md"):
            (events / source.name).write_bytes(source.read_bytes())
        title = CAIRO_TITLES[lang]
        (events / "kairo.md").write_text(CAIRO_EVENT.format(title=title), encoding="utf-8")
    usual, wrong = tmp_path / "usual", tmp_path / "wrong"
    # both at once: the machine has two cores
    finished(
        python(BUILD, str(project), str(usual), str(wrong_database), machine_database=None),
        python(
            BUILD, str(project), str(wrong), str(wrong_database), machine_database=wrong_database
        ),
    )

    feed = (usual / "veranstaltungen" / "stuttgart.ics").read_bytes().decode()
    # the build really writes both zones, summer time included
    assert "DTSTART;TZID=Africa/Cairo:20240710T100000" in feed
    assert "DTSTART;TZID=Europe/Berlin:20270512T180000" in feed
    assert offsets(feed, "Africa/Cairo") == {"+0200", "+0300"}
    assert offsets(feed, "Europe/Berlin") == {"+0100", "+0200"}
    assert tree(usual) == tree(wrong)
    files = [name for name in tree(usual) if (usual / name).is_file()]
    _match, mismatch, errors = filecmp.cmpfiles(usual, wrong, files, shallow=False)
    assert mismatch == [] and errors == []
