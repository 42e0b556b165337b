"""`invoke new page` creates a valid, paired page in both languages."""

from __future__ import annotations

import pytest

from plugins.bilingual_pages.scaffold import scaffold_page
from tests.fixture_site import build_fixture, copy_fixture, copy_project, run_invoke


def test_new_page_builds_at_both_urls_and_is_linked_as_translation(tmp_path):
    content = copy_fixture(tmp_path / "content")
    created = scaffold_page(content, "buero/neu", english_path="office/new", title="Neu")
    assert [p.relative_to(content).as_posix() for p in created] == [
        "pages/de/buero/neu.md",
        "pages/en/office/new.md",
    ]
    result = build_fixture(content, tmp_path / "out")
    assert result.ok, result.problems
    german = (tmp_path / "out/buero/neu/index.html").read_text(encoding="utf-8")
    assert 'href="/en/office/new/" hreflang="en"' in german


def test_new_page_refuses_to_overwrite_or_to_create_an_orphan(tmp_path):
    content = copy_fixture(tmp_path / "content")
    with pytest.raises(SystemExit, match="exists already"):
        scaffold_page(content, "buero/aufgaben", english_path="office/tasks")
    with pytest.raises(SystemExit, match=r"index\.md does not exist"):
        scaffold_page(content, "nirgends/seite")
    with pytest.raises(SystemExit, match="is not a URL path"):
        scaffold_page(content, "Büro/Neue Seite")


def test_new_event_creates_a_paired_event_that_builds_and_reaches_the_feeds(tmp_path):
    project = copy_project(tmp_path / "site")
    made = run_invoke(
        project,
        "new",
        "event",
        "besuch-aus-bruenn",
        "--english-path=visit-from-brno",
        "--start=2027-05-09 18:00",
        "--office=stuttgart",
        "--title=Besuch aus Brünn",
    )
    assert made.returncode == 0, made.stderr
    assert made.stdout.split() == [
        "created",
        "content/events/de/besuch-aus-bruenn.md",
        "created",
        "content/events/en/visit-from-brno.md",
    ]
    german = (project / "content/events/de/besuch-aus-bruenn.md").read_text(encoding="utf-8")
    english = (project / "content/events/en/visit-from-brno.md").read_text(encoding="utf-8")
    uid = next(line for line in german.splitlines() if line.startswith("UID: "))
    assert uid in english.splitlines()
    built = run_invoke(project, "build")
    assert built.returncode == 0, built.stderr
    assert (project / "output/veranstaltungen/besuch-aus-bruenn/index.html").is_file()
    assert (project / "output/en/events/visit-from-brno/index.html").is_file()
    feed = (project / "output/veranstaltungen/stuttgart.ics").read_bytes().decode("utf-8")
    assert uid.replace("UID: ", "UID:") in feed.replace("\r\n ", "")


def test_new_event_needs_a_start_and_an_office_and_refuses_bad_input(tmp_path):
    project = copy_project(tmp_path / "site")
    missing = run_invoke(project, "new", "event", "termin")
    assert missing.returncode != 0 and "give --start" in missing.stderr
    bad = run_invoke(project, "new", "event", "termin", "--start=9.5.2027", "--office=stuttgart")
    assert bad.returncode != 0 and "must be a date like 2027-05-09" in bad.stderr
    assert "Traceback" not in missing.stderr + bad.stderr
    assert not (project / "content/events/de/termin.md").exists()
