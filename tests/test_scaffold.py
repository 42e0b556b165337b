"""`invoke new page` creates a valid, paired page in both languages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plugins.bilingual_pages.scaffold import scaffold_page
from plugins.core.build import build

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
NAVIGATION = {
    "MAIN_NAVIGATION": ["office"],
    "SERVICE_NAVIGATION": [],
    "FOOTER_NAVIGATION": ["legal-notice"],
}


def test_new_page_builds_at_both_urls_and_is_linked_as_translation(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    created = scaffold_page(content, "buero/neu", english_path="office/new", title="Neu")
    assert [p.relative_to(content).as_posix() for p in created] == [
        "pages/de/buero/neu.md",
        "pages/en/office/new.md",
    ]
    result = build(
        ROOT / "pelicanconf.py", tmp_path / "out", overrides={"PATH": str(content), **NAVIGATION}
    )
    assert result.ok, result.problems
    german = (tmp_path / "out/buero/neu/index.html").read_text(encoding="utf-8")
    assert 'href="/en/office/new/" hreflang="en"' in german


def test_new_page_refuses_to_overwrite_or_to_create_an_orphan(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    with pytest.raises(SystemExit, match="exists already"):
        scaffold_page(content, "buero/aufgaben", english_path="office/tasks")
    with pytest.raises(SystemExit, match=r"index\.md does not exist"):
        scaffold_page(content, "nirgends/seite")
    with pytest.raises(SystemExit, match="is not a URL path"):
        scaffold_page(content, "Büro/Neue Seite")
