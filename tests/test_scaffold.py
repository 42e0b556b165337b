"""`invoke new page` creates a valid, paired page in both languages."""

from __future__ import annotations

import pytest

from plugins.bilingual_pages.scaffold import scaffold_page
from tests.fixture_site import build_fixture, copy_fixture


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
