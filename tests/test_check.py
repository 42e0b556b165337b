"""`make check` renders no page, yet reports every mistake `make build` reports, in the same
words, and lets pass what a build lets pass (plugins/core/checking.py).

The rows are those of test_editor_mistakes.py (one mistake each, every plugin), run with
`invoke check` instead of `invoke build`.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.fixture_site import run_invoke
from tests.test_editor_mistakes import (  # noqa: F401 (good_project, project: fixtures)
    GERMAN_EVENT,
    MISTAKES,
    PAGE,
    ROOT,
    SECRET,
    body,
    good_project,
    located,
    problem_lines,
    project,
    run_build,
    snapshot,
)


@pytest.fixture
def site(request):
    """A copy of the real project with a good site built (test_editor_mistakes' `project`)."""
    return request.getfixturevalue("project")


def run_check(folder: Path) -> subprocess.CompletedProcess:
    return run_invoke(folder, "check", build_date="2027-01-15", timeout=120)


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_check_reports_each_mistake_as_the_build_does(site, mistake):
    expected = [located(text, site) for text in mistake.expected]
    shown = [located(text, site) for text in mistake.shown]
    before = snapshot(site / "output")
    mistake.make(site)

    run = run_check(site)

    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert run.stderr.startswith("Prüfen: "), output
    assert "Traceback" not in output and "interner Fehler" not in output, output
    reported = problem_lines(run.stderr)
    for text in expected:
        assert any(line.startswith(f"  {text}") for line in reported), (text, reported)
    for follow_on in mistake.absent:
        assert not any(follow_on in line for line in reported), (follow_on, reported)
    for line in shown:
        assert any(printed.startswith(line) for printed in run.stderr.splitlines()), (line, run)
    assert SECRET not in output
    assert snapshot(site / "output") == before, "a check changed the site"


# links to what a check does not render or write: a page's element made by its template, a
# calendar feed, a theme file, an open-data file, an event's page, a partner city's profile
PLANNED_TARGETS = (
    "[Stuttgart](/kontakt/#stuttgart)",
    "[Karte](/partnerstaedte/#map-europe)",
    "[Kalender](/veranstaltungen/alle.ics)",
    "[Stil](/theme/css/site.css)",
    "[Daten](/daten/partnerstaedte.csv)",
    "[Tabelle](/daten/veranstaltungen.xlsx)",
    "[Treffen](/veranstaltungen/treffen/)",
    "[Cardiff](/partnerstaedte/cardiff/)",
    "[Fehler](/404.html)",
)


def test_links_to_files_a_check_does_not_write_pass_as_in_a_build(site):
    body("\n".join(f"- {link}" for link in PLANNED_TARGETS))(site)
    build = run_build(site)
    assert build.returncode == 0, build.stderr
    check = run_check(site)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("Geprüft: keine Fehler in "), check.stdout
    assert "nichts geschrieben" in check.stdout


def test_broken_links_to_what_a_check_does_not_render_fail_as_in_a_build(site):
    """An element a template makes (`#stuttgart` on the contact page) is found only by
    rendering that page: a check renders it when the body has no such id, and reports the
    same as a build."""
    broken = (
        "[A](/kontakt/#stutgart)",
        "[B](/veranstaltungen/alle.ical)",
        "[C](/partnerstaedte/cardif/)",
        "[D](#nirgends)",
    )
    body("\n".join(f"- {link}" for link in broken), GERMAN_EVENT)(site)
    body("[E](/partnerstaedte/#map-mars)")(site)
    build = run_build(site)
    check = run_check(site)
    assert build.returncode == check.returncode == 1
    built, checked = problem_lines(build.stderr), problem_lines(check.stderr)
    assert len(built) == 5, build.stderr
    assert sorted(built) == sorted(checked), (built, checked)
    assert any(line.startswith(f"  {PAGE}:") and "#map-mars" in line for line in checked)
