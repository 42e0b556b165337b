"""Placeholders and the release gate: every missing detail is marked in one syntax and listed
with who supplies it; a production release is refused while a page the law requires has one;
a staging release is allowed and says on every page that it is a preview."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from plugins.core.build import build
from tests.built_html import read_html
from tests.fixture_site import copy_project, run_invoke

ROOT = Path(__file__).resolve().parents[1]
LEGAL = ("impressum", "datenschutz", "barrierefreiheit")
PLACEHOLDER = re.compile(r"\[\[folgt:([^|\]]*)\|([^\]]*)\]\]")


@pytest.fixture(autouse=True)
def messages_in_english(monkeypatch):
    """These tests pin what each check finds; they read its messages in English (the
    German texts are pinned by tests/test_editor_mistakes.py and tests/test_messages.py)."""
    monkeypatch.setenv("MELDUNGEN", "en")


def placeholders_in_content() -> list[tuple[str, int]]:
    found = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found += [(path.relative_to(ROOT).as_posix(), number)] * len(PLACEHOLDER.findall(line))
    return found


def test_the_release_check_lists_every_placeholder_with_who_supplies_it(tmp_path):
    project = copy_project(tmp_path / "site")
    run = run_invoke(project, "check", "--release")
    assert run.returncode == 1, run.stdout + run.stderr
    listed = re.findall(r"^  (required|        )  (\S+):(\d+): (.+)$", run.stdout, flags=re.M)
    in_content = placeholders_in_content()
    assert len(in_content) > 70
    assert sorted(
        (path, int(line)) for _, path, line, _ in listed if path.startswith("content/")
    ) == sorted(in_content)
    assert any(path == "data/offices.yaml" and mark == "required" for mark, path, _, _ in listed)
    # the legal pages' placeholders block a release; those on other pages do not
    for mark, path, _line, _what in listed:
        legal = any(
            name in path
            for name in (
                "impressum",
                "legal-notice",
                "datenschutz",
                "privacy",
                "barrierefreiheit",
                "accessibility",
                "offices.yaml",
            )
        )
        assert (mark == "required") == legal, (mark, path)
    assert "Wirtschaftsförderung Region Stuttgart (WRS):" in run.stdout


def test_a_production_release_is_refused_while_the_law_requires_a_detail(tmp_path):
    project = copy_project(tmp_path / "site")
    run = run_invoke(project, "publish")
    assert run.returncode == 1
    assert (
        "content/pages/de/impressum.md:18: 'E-Mail-Adresse der Abteilung Außenbeziehungen' is still to be supplied, on a page the law requires – Landeshauptstadt Stuttgart supplies it"
        in run.stderr
    )
    assert "Traceback" not in run.stdout + run.stderr
    assert not (project / "output").exists(), "nothing may be published"


def test_a_staging_release_says_on_every_page_that_it_is_a_preview(tmp_path):
    project = copy_project(tmp_path / "site")
    run = run_invoke(project, "publish", "--stage=staging")
    assert run.returncode == 0, run.stderr
    site = project / "output"
    pages = sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)
    assert len(pages) > 100
    for page in pages:
        document = read_html(page)
        assert document.first("meta", name="robots").attrs["content"].startswith("noindex"), page
        (banner,) = document.with_class("div", "stage-banner")
        assert banner.text.strip().startswith(("Vorschau:", "Preview:")), page
    assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"


def test_once_every_required_detail_is_supplied_production_goes(tmp_path):
    project = copy_project(tmp_path / "site")
    for path in (project / "content").rglob("*.md"):
        if any(
            name in path.name
            for name in (
                "impressum",
                "legal-notice",
                "datenschutz",
                "privacy",
                "barrierefreiheit",
                "accessibility",
            )
        ):
            text = path.read_text(encoding="utf-8")
            path.write_text(PLACEHOLDER.sub("geliefert", text), encoding="utf-8")
    offices = project / "data" / "offices.yaml"
    text = offices.read_text(encoding="utf-8")
    offices.write_text(re.sub(r"\n( +)note:\n\1  de: .*\n\1  en: .*", "", text), encoding="utf-8")
    assert "note:\n" not in offices.read_text(encoding="utf-8").split("offices:", 1)[1]
    run = run_invoke(project, "publish")
    assert run.returncode == 0, run.stderr
    legal = read_html(project / "output" / "impressum" / "index.html")
    assert not legal.with_class("span", "pending") and not legal.with_class("div", "stage-banner")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            '- E-Mail: <span class="pending">Angabe folgt: E-Mail</span>',
            "marks a missing detail by hand – write it as [[folgt:",
        ),
        (
            "- E-Mail: [[folgt: E-Mail-Adresse]]",
            "a placeholder needs what is missing and who supplies it",
        ),
        (
            "- E-Mail: [[folgt: E-Mail-Adresse | Stadt",
            "a placeholder is not closed with ]] on its line",
        ),
    ],
)
def test_a_placeholder_in_another_form_is_a_mistake(tmp_path, line, expected):
    project = copy_project(tmp_path / "site")
    page = project / "content" / "pages" / "de" / "impressum.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    lines[17] = line  # line 18
    page.write_text("\n".join(lines), encoding="utf-8")
    result = build(
        ROOT / "pelicanconf.py",
        project / "out",
        overrides={"PATH": str(project / "content"), "DATA_PATH": str(project / "data")},
    )
    assert any(
        p.startswith(f"content/pages/de/impressum.md:18: {expected}") for p in result.problems
    ), result.problems


def test_placeholders_read_as_such_in_both_languages(built_site):
    german = read_html(built_site / "impressum" / "index.html").with_class("span", "pending")
    english = read_html(built_site / "en" / "legal-notice" / "index.html").with_class(
        "span", "pending"
    )

    def words(span) -> str:  # typogrify joins short last words with no-break spaces
        return " ".join(span.text.split())

    assert german and all(words(span).startswith("Angabe folgt: ") for span in german)
    assert english and all(words(span).startswith("To be supplied: ") for span in english)
    assert not any("|" in span.text or "[[" in span.text for span in german + english)
