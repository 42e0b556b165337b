"""A build whose inputs are those of the last build keeps that output and returns at once; any
change of an input, or of the output, makes it build again."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.core.build import build
from tests.fixture_site import NAVIGATION, PAGE_PLUGINS, build_fixture, copy_fixture

ROOT = Path(__file__).resolve().parents[1]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def site(tmp_path):
    content = copy_fixture(tmp_path / "content")
    first = build_fixture(content, tmp_path / "out")
    assert first.ok and first.written and not first.unchanged
    return content, tmp_path / "out"


def test_nothing_changed_means_nothing_to_do_and_the_same_bytes(site, tmp_path):
    content, output = site
    again = build_fixture(content, output)
    assert again.ok and again.unchanged and not again.written
    result = build_fixture(content, tmp_path / "cold")
    assert not result.unchanged
    assert snapshot(output) == snapshot(tmp_path / "cold")


def test_a_changed_page_builds_again(site):
    content, output = site
    page = content / "pages" / "de" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nNeu.\n", encoding="utf-8")
    again = build_fixture(content, output)
    assert again.written and not again.unchanged
    assert "Neu." in (output / "index.html").read_text(encoding="utf-8")


def test_a_touched_output_builds_again(site):
    content, output = site
    (output / "index.html").unlink()
    again = build_fixture(content, output)
    assert again.written and (output / "index.html").exists()


def test_other_settings_build_again(site):
    content, output = site
    again = build_fixture(content, output, SITEURL="https://example.org")
    assert again.written and not again.unchanged


def test_fresh_ignores_the_last_build(site):
    content, output = site
    settings = {"PATH": str(content), "PLUGINS": PAGE_PLUGINS, **NAVIGATION}
    again = build(ROOT / "pelicanconf.py", output, overrides=settings, fresh=True)
    assert again.written and not again.unchanged
