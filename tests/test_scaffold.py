"""`make new` creates pages and events in both languages as drafts: nothing invented, shown
in the preview with an "Entwurf" banner, refused by every release until marked ready."""

from __future__ import annotations

import pytest

from plugins.bilingual_pages.scaffold import scaffold_page
from plugins.core.messages import MessageError
from tests.fixture_site import build_fixture, copy_fixture, copy_project, run_invoke


def test_new_page_builds_at_both_urls_and_is_linked_as_translation(tmp_path):
    content = copy_fixture(tmp_path / "content")
    created = scaffold_page(
        content,
        "buero/neu",
        english_path="office/new",
        title="Neu",
        summary="Worum es geht.",
        english_title="New",
    )
    assert [p.relative_to(content).as_posix() for p in created] == [
        "pages/de/buero/neu.md",
        "pages/en/office/new.md",
    ]
    result = build_fixture(content, tmp_path / "out")
    assert result.ok, result.problems
    german = (tmp_path / "out/buero/neu/index.html").read_text(encoding="utf-8")
    assert 'href="/en/office/new/" hreflang="en"' in german
    assert "Entwurf:" in german
    assert [draft.path for draft in result.drafts] == [
        "content/pages/de/buero/neu.md",
        "content/pages/en/office/new.md",
    ]


def test_new_page_invents_nothing_and_marks_an_untranslated_english_file(tmp_path):
    content = copy_fixture(tmp_path / "content")
    german, english = scaffold_page(
        content, "buero/neu", english_path="office/new", title="Neu", summary="Worum es geht."
    )
    assert german.read_text(encoding="utf-8") == (
        "Title: Neu\nKey: buero-neu\nSummary: Worum es geht.\nStatus: draft\n\n"
    )
    text = english.read_text(encoding="utf-8")
    assert "Title: Neu\n" in text and "Status: draft\n" in text
    assert "Noch nicht übersetzt" in text
    assert "Neue Seite" not in text and "Order:" not in text


def test_new_page_refuses_to_overwrite_or_to_create_an_orphan(tmp_path):
    content = copy_fixture(tmp_path / "content")
    texts = {"title": "T", "summary": "S."}
    with pytest.raises(MessageError, match="gibt es schon"):
        scaffold_page(content, "buero/aufgaben", english_path="office/tasks", **texts)
    with pytest.raises(MessageError, match="zuerst den Bereich darüber anlegen"):
        scaffold_page(content, "nirgends/seite", **texts)
    with pytest.raises(MessageError, match="ist kein Adresspfad"):
        scaffold_page(content, "Büro/Neue Seite", **texts)


def test_new_event_is_a_paired_draft_that_previews_and_is_refused_for_publishing(tmp_path):
    project = copy_project(tmp_path / "site")
    made = run_invoke(
        project,
        "new",
        "event",
        "besuch-aus-bruenn",
        "--english-path=visit-from-brno",
        "--start=2027-05-09 18:00",
        "--end=20:00",
        "--office=stuttgart",
        "--title=Besuch aus Brünn",
        "--english-title=Visit from Brno",
    )
    assert made.returncode == 0, made.stderr
    lines = made.stdout.splitlines()
    assert lines[:2] == [
        "Angelegt als Entwurf: content/events/de/besuch-aus-bruenn.md",
        "Angelegt als Entwurf: content/events/en/visit-from-brno.md",
    ]
    assert (
        "Vorschau: http://127.0.0.1:8000/veranstaltungen/besuch-aus-bruenn/ (nach make serve)"
        in (made.stdout)
    )
    assert "Nächste Schritte:" in made.stdout
    german = (project / "content/events/de/besuch-aus-bruenn.md").read_text(encoding="utf-8")
    english = (project / "content/events/en/visit-from-brno.md").read_text(encoding="utf-8")
    uid = next(line for line in german.splitlines() if line.startswith("UID: "))
    assert uid in english.splitlines()
    assert "Status: draft" in german and "End: 20:00" in german and "Location" not in german
    built = run_invoke(project, "build")
    assert built.returncode == 0, built.stderr
    page = (project / "output/veranstaltungen/besuch-aus-bruenn/index.html").read_text("utf-8")
    assert "Entwurf:" in page
    assert (project / "output/en/events/visit-from-brno/index.html").is_file()
    before = sorted(p.relative_to(project).as_posix() for p in (project / "output").rglob("*"))
    for stage in ("staging", "production"):
        refused = run_invoke(project, "publish", f"--stage={stage}")
        assert refused.returncode == 1
        assert (
            "  content/events/de/besuch-aus-bruenn.md:6: Feld 'Status': ist ein Entwurf und wird "
            "nicht veröffentlicht"
        ) in refused.stderr
        assert "content/events/en/visit-from-brno.md:6:" in refused.stderr
    after = sorted(p.relative_to(project).as_posix() for p in (project / "output").rglob("*"))
    assert after == before
    release = run_invoke(project, "check", "--release")
    assert release.returncode == 1 and "ist ein Entwurf" in release.stderr


def test_new_event_asks_for_what_it_needs_and_refuses_bad_input(tmp_path):
    project = copy_project(tmp_path / "site")
    missing = run_invoke(project, "new", "event", "termin", "--title=Termin")
    assert missing.returncode == 1 and "new: --start fehlt" in missing.stderr
    bad = run_invoke(
        project, "new", "event", "termin", "--title=T", "--start=9.5.2027", "--office=stuttgart"
    )
    assert bad.returncode == 1 and "muss ein Datum wie 2027-05-09 sein" in bad.stderr
    no_end = run_invoke(
        project,
        "new",
        "event",
        "termin",
        "--title=T",
        "--start=2027-05-09 18:00",
        "--office=stuttgart",
    )
    assert no_end.returncode == 1 and "--end fehlt" in no_end.stderr
    typo = run_invoke(
        project, "new", "event", "termin", "--title=T", "--start=2027-05-09", "--office=stutgart"
    )
    assert typo.returncode == 1 and "Meinten Sie 'stuttgart'?" in typo.stderr
    output = missing.stderr + bad.stderr + no_end.stderr + typo.stderr
    assert "Traceback" not in output
    assert not (project / "content/events/de/termin.md").exists()
