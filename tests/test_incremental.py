"""The preview's warm builds (plugins/core/warm.py, plugins/core/preview/builder.py) make
exactly what a full build makes.

One builder process, as `make serve` runs it, is given a round of saves after each edit of a
series (a page's text, a title, a page added and removed, an event, a partner city, an office,
a mistake and its fix, a link to a page that goes away); after each, its folder is compared
byte for byte with a full build of the same files. Files whose bytes did not change keep
their time: a warm run writes only what changed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plugins.core.build import build
from tasks import PREVIEW_CSP
from tests.fixture_site import add_fixture_events, copy_project

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2027-01-15"
INDEX = "pagefind/"  # made after each good run, in a process of its own; not compared


class WarmBuilder:
    """The preview's builder process, spoken to as the preview server does."""

    def __init__(self, project: Path, output: Path) -> None:
        overrides = json.dumps({"CONTENT_SECURITY_POLICY": PREVIEW_CSP})
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "plugins.core.preview.builder",
                str(project / "pelicanconf.py"),
                str(output),
                overrides,
            ],
            cwd=project,
            env={**os.environ, "PYTHONPATH": str(ROOT), "BUILD_DATE": TODAY},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, *open_files: str, interrupt: bool = False) -> list[dict]:
        """One round of saves; the builder's news up to the end of its run. `interrupt`: a
        newer save comes in as soon as the open pages are written (the server then signals)."""
        self.process.stdin.write(json.dumps({"open": list(open_files)}) + "\n")
        self.process.stdin.flush()
        news = []
        while True:
            line = self.process.stdout.readline()
            assert line, "the builder ended"
            news.append(json.loads(line))
            if news[-1]["event"] == "shown" and interrupt:
                self.process.send_signal(signal.SIGUSR1)
            if news[-1]["event"] in ("done", "superseded"):
                return news

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()


def files(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below `folder` but the search index: its bytes and its time."""
    found = {}
    for path in folder.rglob("*"):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and not name.startswith(INDEX):
            found[name] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def full_build(project: Path, output: Path) -> dict:
    if output.exists():
        shutil.rmtree(output)
    result = build(
        project / "pelicanconf.py",
        output,
        overrides={"CONTENT_SECURITY_POLICY": PREVIEW_CSP},
        fresh=True,
    )
    assert result.ok, result.problems
    return files(output)


def differences(warm: dict, full: dict) -> list[str]:
    return sorted(
        name
        for name in warm.keys() | full.keys()
        if warm.get(name, (None,))[0] != full.get(name, (None,))[0]
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_page_text(project: Path) -> str:
    page = project / "content/pages/de/stuttgart/aufgaben.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEin neuer Absatz.\n", encoding="utf-8")
    return "stuttgart/aufgaben/index.html"


def edit_page_title(project: Path) -> str:
    edit(project / "content/pages/en/stuttgart/tasks.md", "Title: ", "Title: Renamed ")
    return "en/stuttgart/tasks/index.html"


def add_page(project: Path) -> str:
    for lang, name, title in (("de", "neu.md", "Neue Seite"), ("en", "new.md", "New page")):
        (project / f"content/pages/{lang}/dortmund/{name}").write_text(
            f"Title: {title}\nKey: dortmund-new\nSummary: {title}.\n\n{title}.\n", encoding="utf-8"
        )
    return "dortmund/neu/index.html"


def remove_page(project: Path) -> str:
    (project / "content/pages/de/dortmund/neu.md").unlink()
    (project / "content/pages/en/dortmund/new.md").unlink()
    return "dortmund/index.html"


def edit_event(project: Path) -> str:
    edit(project / "content/events/de/stammtisch.md", "End: 19:30", "End: 20:00")
    edit(project / "content/events/en/regulars-table.md", "End: 19:30", "End: 20:00")
    return "veranstaltungen/index.html"


def edit_city(project: Path) -> str:
    edit(
        project / "data/partner_cities.yaml",
        'de: "Seit 1948 ist St. Helens',
        'de: "Seit Juni 1948 ist St. Helens',
    )
    return "partnerstaedte/st-helens/index.html"


def edit_office(project: Path) -> str:
    edit(
        project / "data/offices.yaml",
        "de: Abteilung Außenbeziehungen",
        "de: Abteilung für Außenbeziehungen",
    )
    return "kontakt/index.html"


EDITS = [edit_page_text, edit_page_title, add_page, remove_page, edit_event, edit_city]
EDITS += [edit_office]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = add_fixture_events(copy_project(tmp_path_factory.mktemp("warm") / "site"))
    return project


@pytest.fixture(scope="module")
def builder(project):
    builder = WarmBuilder(project, project / ".preview")
    news = builder.run()
    assert news[-1]["ok"], news[-1]["problems"]
    yield builder
    builder.close()


@pytest.fixture(autouse=True)
def build_date(monkeypatch):
    monkeypatch.setenv("BUILD_DATE", TODAY)


@pytest.mark.parametrize("change", EDITS, ids=[change.__name__ for change in EDITS])
def test_a_warm_run_after_an_edit_makes_what_a_full_build_makes(project, builder, change):
    before = files(project / ".preview")
    shown = change(project)
    news = builder.run(shown)
    assert news[-1]["ok"], news[-1]["problems"]
    assert [item["event"] for item in news] == ["shown", "done"], "the open page first"
    after = files(project / ".preview")
    assert differences(after, full_build(project, project / "full")) == []
    assert after[shown][0] != before.get(shown, (None,))[0], "the open page shows the edit"
    rewritten = [
        name
        for name, (data, time) in after.items()
        if name in before and before[name][1] != time and before[name][0] == data
    ]
    assert rewritten == [], "files with the same bytes are left alone"


def test_a_page_edit_renders_that_page_alone(project, builder):
    before = files(project / ".preview")
    shown = edit_page_text(project)
    builder.run(shown)
    after = files(project / ".preview")
    changed = sorted(name for name in after if after[name][0] != before.get(name, (None,))[0])
    assert changed == [shown]


def test_a_mistake_changes_nothing_and_its_fix_makes_what_a_full_build_makes(project, builder):
    page = project / "content/pages/de/stuttgart/aufgaben.md"
    before = files(project / ".preview")
    edit(page, "Key:", "Kee:")
    news = builder.run("stuttgart/aufgaben/index.html")
    assert not news[-1]["ok"] and [item["event"] for item in news] == ["done"]
    assert any(problem["field"] == "Kee" for problem in news[-1]["problems"])
    assert files(project / ".preview") == before, "the last good version stays"
    edit(page, "Kee:", "Key:")
    edit(page, "Title: ", "Title: Repariert ")
    assert builder.run("stuttgart/aufgaben/index.html")[-1]["ok"]
    assert differences(files(project / ".preview"), full_build(project, project / "full")) == []


def test_a_mistake_stays_reported_while_other_files_change(project, builder):
    """A page file that did not change is not read again, but its problems are reported in
    every run until it is mended; so is its draft status."""
    page = project / "content/pages/de/stuttgart/aufgaben.md"
    edit(page, "Key:", "Kee:")
    assert not builder.run()[-1]["ok"]
    cities = project / "data/partner_cities.yaml"
    cities.write_text(cities.read_text(encoding="utf-8") + "# geändert\n", encoding="utf-8")
    news = builder.run()
    assert not news[-1]["ok"]
    assert any(problem["field"] == "Kee" for problem in news[-1]["problems"])
    edit(page, "Kee:", "Key:")
    assert builder.run()[-1]["ok"]
    assert differences(files(project / ".preview"), full_build(project, project / "full")) == []


def test_a_link_whose_target_goes_is_reported_and_found_again(project, builder):
    linking = project / "content/pages/de/dortmund/index.md"
    linking.write_text(
        linking.read_text(encoding="utf-8") + "\n[Ziel]({filename}ziel.md)\n", encoding="utf-8"
    )
    target = project / "content/pages/de/dortmund/ziel.md"
    target.write_text("Title: Ziel\nKey: dortmund-target\nSummary: Ziel.\n\nZiel.\n", "utf-8")
    english = project / "content/pages/en/dortmund/target.md"
    english.write_text("Title: Target\nKey: dortmund-target\nSummary: T.\n\nT.\n", "utf-8")
    assert builder.run()[-1]["ok"]
    target.unlink()
    english.unlink()
    news = builder.run()
    assert not news[-1]["ok"]
    assert any("ziel.md" in problem["text"] for problem in news[-1]["problems"])
    edit(linking, "\n[Ziel]({filename}ziel.md)\n", "\n")
    assert builder.run()[-1]["ok"]
    assert differences(files(project / ".preview"), full_build(project, project / "full")) == []


def test_a_newer_save_stops_the_rest_of_a_run_and_the_next_run_completes_it(project, builder):
    """The open page is written, then a newer save comes in: the run stops before the rest of
    the site (here: every page, whose navigation shows the changed title), and the next run
    leaves the folder as a full build would."""
    edit(project / "content/pages/de/stuttgart/index.md", "Title: ", "Title: Stadt ")
    news = builder.run("stuttgart/index.html", interrupt=True)
    assert [item["event"] for item in news] == ["shown", "superseded"]
    assert builder.run("stuttgart/index.html")[-1]["ok"]
    assert differences(files(project / ".preview"), full_build(project, project / "full")) == []


def test_the_search_index_follows_a_good_run(project, builder):
    """Deferred: made after the run, in a process of its own."""
    builder.run()
    entry = project / ".preview" / "pagefind" / "pagefind-entry.json"
    for _ in range(120):
        if entry.exists():
            break
        time.sleep(0.5)
    assert entry.exists()
