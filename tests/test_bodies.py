"""Page bodies on disk during a run: the build process keeps a page's links to files, and the
page reads its body where it is shown."""

from __future__ import annotations

from pathlib import Path

from plugins.bilingual_pages.reader import PageReader
from plugins.core import bodies
from plugins.core.build import load_settings
from plugins.core.errors import SINK

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = load_settings(ROOT / "pelicanconf.py")
PAGE = """Title: Seite
Key: seite
Summary: Eine Seite.

Ein Absatz mit einem [Plan]({static}/dateien/plan.pdf) und einem [Link](https://example.org/).
"""


def read(tmp_path: Path, **extra) -> tuple[str, dict]:
    content = tmp_path / "content"
    page = content / "pages" / "de" / "seite.md"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE, encoding="utf-8")
    (content / "dateien").mkdir()
    (content / "dateien" / "plan.pdf").write_bytes(b"%PDF-1.4\n")
    settings = {**SETTINGS, "PATH": str(content), SINK: [], **extra}
    return PageReader(settings).read(str(page))


def test_with_a_body_folder_the_page_keeps_only_its_links_to_files(tmp_path):
    store = tmp_path / "bodies"
    store.mkdir()
    kept, metadata = read(tmp_path, **{bodies.STORE: str(store)})
    whole, _ = read(tmp_path / "in-memory")
    assert "Ein Absatz" in whole and "Ein Absatz" not in kept
    assert kept == '<a href="{static}/dateien/plan.pdf"', "for Pelican to publish the file"
    assert metadata["stored_body"]() == whole
    assert [path.parent for path in store.iterdir()] == [store]


def test_without_a_body_folder_the_body_stays_in_memory(tmp_path):
    html, metadata = read(tmp_path)
    assert "Ein Absatz" in html and "stored_body" not in metadata
