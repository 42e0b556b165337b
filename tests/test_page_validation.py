"""Editors' mistakes in page files: each is reported with file, line and field, all of them
together, with a non-zero exit and no traceback, and the last good output stays untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixture_site import build_fixture, copy_fixture, copy_project, run_invoke

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def messages_in_english(monkeypatch):
    """These tests pin what each check finds; they read its messages in English (the
    German texts are pinned by tests/test_editor_mistakes.py and tests/test_messages.py)."""
    monkeypatch.setenv("MELDUNGEN", "en")


@pytest.fixture
def content(tmp_path) -> Path:
    return copy_fixture(tmp_path / "content")


def write(content: Path, relative: str, text: str) -> None:
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_fixture_site_builds_cleanly(content, tmp_path):
    result = build_fixture(content, tmp_path / "out")
    assert result.ok, result.problems
    assert (tmp_path / "out" / "buero" / "aufgaben" / "index.html").exists()
    assert (tmp_path / "out" / "en" / "office" / "tasks" / "index.html").exists()


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        (
            "Title: X\nKey: office-tasks\nSummary: S\nTitel: Tippfehler\n",
            "content/pages/de/buero/aufgaben.md:4: field 'Titel': unknown field",
        ),
        ("Title: X\nSummary: S\n", "content/pages/de/buero/aufgaben.md:1: field 'Key': is missing"),
        (
            "Title: X\nKey: office-tasks\nSummary: S\nOrder: zehn\n",
            "content/pages/de/buero/aufgaben.md:4: field 'Order': must be a whole number like 20, got 'zehn'",
        ),
        (
            "Title: X\nKey: office-tasks\nSummary: S\nModified: 21.11.2026\n",
            "content/pages/de/buero/aufgaben.md:4: field 'Modified': must be a date like 2026-11-21",
        ),
        (
            "Title: X\nKey: office-tasks\nSummary: S\nTemplate: fancy\n",
            "content/pages/de/buero/aufgaben.md:4: field 'Template': must be one of page, home",
        ),
        (
            "Title: X\nKey: office-tasks\nSummary:\n",
            "content/pages/de/buero/aufgaben.md:3: field 'Summary': is empty",
        ),
    ],
)
def test_front_matter_mistake_is_reported_with_file_line_and_field(
    content, tmp_path, front_matter, expected
):
    write(content, "pages/de/buero/aufgaben.md", front_matter + "\nText.\n")
    result = build_fixture(content, tmp_path / "out")
    assert not result.ok
    assert any(problem.startswith(expected) for problem in result.problems), result.problems


def test_missing_translation_is_reported(content, tmp_path):
    (content / "pages/en/office/tasks.md").unlink()
    result = build_fixture(content, tmp_path / "out")
    assert (
        "content/pages/de/buero/aufgaben.md:2: field 'Key': has no translation in 'en' – "
        "add a page under content/pages/en/ with 'Key: office-tasks'"
    ) in result.problems


def test_duplicate_key_in_one_language_is_reported(content, tmp_path):
    write(content, "pages/de/buero/zweite.md", "Title: Z\nKey: office-tasks\nSummary: S\n\nText.\n")
    result = build_fixture(content, tmp_path / "out")
    assert any(
        "content/pages/de/buero/zweite.md:2: field 'Key': 'office-tasks' is already used by "
        "content/pages/de/buero/aufgaben.md" in p
        for p in result.problems
    ), result.problems


def test_page_without_parent_page_is_reported(content, tmp_path):
    write(content, "pages/de/waise/seite.md", "Title: W\nKey: orphan\nSummary: S\n\nText.\n")
    write(content, "pages/en/orphan/page.md", "Title: O\nKey: orphan\nSummary: S\n\nText.\n")
    result = build_fixture(content, tmp_path / "out")
    assert (
        "content/pages/de/waise/seite.md: has no parent page – add content/pages/de/waise/index.md"
    ) in result.problems


def test_page_outside_a_language_folder_is_reported(content, tmp_path):
    write(content, "pages/fr/index.md", "Title: Accueil\nKey: home\nSummary: S\n\nTexte.\n")
    result = build_fixture(content, tmp_path / "out")
    assert any(
        p.startswith("content/pages/fr/index.md: a page must be in content/pages/<language>/")
        for p in result.problems
    ), result.problems


def test_broken_internal_link_is_reported(content, tmp_path):
    write(
        content,
        "pages/de/buero/aufgaben.md",
        "Title: X\nKey: office-tasks\nSummary: S\n\nSiehe [dort]({filename}fehlt.md).\n",
    )
    result = build_fixture(content, tmp_path / "out")
    assert any("fehlt.md" in p for p in result.problems), result.problems


def test_navigation_setting_naming_an_unknown_page_is_reported(content, tmp_path):
    result = build_fixture(content, tmp_path / "out", MAIN_NAVIGATION=["office", "nowhere"])
    assert (
        "pelicanconf.py: field 'MAIN_NAVIGATION': names page key 'nowhere', which has no page "
        "in 'de' – add the page or remove the key from the setting"
    ) in result.problems


def test_all_mistakes_of_a_run_are_reported_together(content, tmp_path):
    write(
        content,
        "pages/de/buero/aufgaben.md",
        "Title: X\nKey: office-tasks\nSummary: S\nOrder: x\n\nT.\n",
    )
    write(
        content,
        "pages/en/office/tasks.md",
        "Title: X\nKey: office-tasks\nSummary: S\nColour: red\n\nT.\n",
    )
    result = build_fixture(content, tmp_path / "out")
    assert len(result.problems) == 2, result.problems


def test_failed_build_leaves_the_last_good_output_untouched(content, tmp_path):
    output = tmp_path / "out"
    assert build_fixture(content, output).ok
    before = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    write(
        content,
        "pages/de/buero/aufgaben.md",
        "Title: Neu\nKey: office-tasks\nSummary: S\nOrder: x\n\nT.\n",
    )
    assert not build_fixture(content, output).ok
    after = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".out-staging-*")), "the staging folder was not cleaned up"


def test_check_command_exits_non_zero_with_plain_message_and_no_traceback(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "content/pages/de/impressum.md"
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith("Key:"))
    lines[line - 1] = lines[line - 1].replace("Key:", "Kee:")
    page.write_text("".join(lines), encoding="utf-8")
    run = run_invoke(project, "check")
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    assert f"content/pages/de/impressum.md:{line}: field 'Kee': unknown field" in run.stderr
    assert not (project / "output").exists(), "check must not write output"
