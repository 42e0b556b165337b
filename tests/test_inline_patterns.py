"""Inline patterns tried only where they occur (plugins/core/inline_patterns.py) give exactly
the HTML of Python-Markdown's own inline processing: on every page and event of the site, on
the benchmark's generated pages, and on generated Markdown full of inline syntax."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import InlineProcessor

from benchmarks.corpus import make_corpus
from plugins.core.build import load_settings
from plugins.core.front_matter import parse
from plugins.core.inline_patterns import NAME, PRIORITY, SkippingInlineProcessor
from plugins.core.markup import markdown_converter

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = load_settings(ROOT / "pelicanconf.py")
OURS = markdown_converter(SETTINGS)
MARKDOWNS = markdown_converter(SETTINGS)  # the same, with Markdown's own inline processing
MARKDOWNS.treeprocessors.register(InlineProcessor(MARKDOWNS), NAME, PRIORITY)


def both(text: str) -> tuple[str, str]:
    OURS.reset()
    MARKDOWNS.reset()
    return OURS.convert(text), MARKDOWNS.convert(text)


def test_the_build_uses_the_skipping_processor():
    assert isinstance(OURS.treeprocessors["inline"], SkippingInlineProcessor)
    assert not isinstance(MARKDOWNS.treeprocessors["inline"], SkippingInlineProcessor)


def test_every_page_and_event_of_the_site_is_the_same_html():
    files = sorted((ROOT / "content").rglob("*.md"))
    assert len(files) > 50
    for path in files:
        body = parse(path.read_text(encoding="utf-8"), str(path)).body
        ours, markdowns = both(body)
        assert ours == markdowns, path


def test_the_benchmark_pages_are_the_same_html():
    corpus = make_corpus(15, seed=3)
    for page in [*corpus.pages, *corpus.events]:
        ours, markdowns = both(page.body)
        assert ours == markdowns, page.body[:200]


INLINE = [
    "word",
    " ",
    "  ",
    "\n",
    "\n\n",
    "*",
    "**",
    "_",
    "__",
    "`",
    "``",
    "[",
    "]",
    "(",
    ")",
    "!",
    "<",
    ">",
    "&",
    "&amp;",
    "\\",
    "{lang=en}",
    "{lang=xx}",
    "{: #id }",
    "[^1]",
    "[^1]: note\n",
    "*[EU]: Europäische Union\n",
    "EU",
    "<span>",
    "</span>",
    "<b>",
    "https://example.org",
    "<https://example.org>",
    "<a@b.de>",
    "[x](/y/)",
    "[x][r]",
    "\n[r]: /z/\n",
    "![b](c.png)",
    "{filename}a.md",
    "- ",
    "1. ",
    "# ",
    "> ",
    "| a | b |\n|---|--:|\n",
    "~~",
    "^",
    "'",
    '"',
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(INLINE), max_size=40).map("".join))
def test_generated_markdown_is_the_same_html(text):
    ours, markdowns = both(text)
    assert ours == markdowns
