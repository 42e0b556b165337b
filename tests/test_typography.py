"""Typography in the page's language: German quotes, dashes and no-break spaces on German pages,
typogrify's English conventions on English ones; code is left alone."""

from __future__ import annotations

import re

import pytest
import smartypants as _smartypants
from hypothesis import given, settings
from hypothesis import strategies as st
from typogrify import filters

from plugins.theme_l10n.typography import (
    _amp,
    _caps,
    _german_quotes,
    _german_text,
    _smarten,
    _text_nodes,
    _widont,
    typeset,
    typeset_text,
)

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("source", "german"),
    [
        ('<p>Er sagte "Hallo".</p>', "<p>Er sagte&nbsp;&#8222;Hallo&#8220;.</p>"),
        ("<p>Wort -- Wort und Wort - Wort</p>", "<p>Wort – Wort und Wort –&nbsp;Wort</p>"),
        ("<p>Am 26. Mai kommen sie</p>", f"<p>Am 26.{NBSP}Mai kommen&nbsp;sie</p>"),
        (
            "<p>etwa z. B. dies oder d. h. das</p>",
            f"<p>etwa z.{NBSP}B. dies oder d.{NBSP}h.&nbsp;das</p>",
        ),
        (
            "<p>nach § 5 und Art. 13 DSGVO</p>",
            f'<p>nach §{NBSP}5 und Art.{NBSP}13 <span class="caps">DSGVO</span></p>',
        ),
        ("<p>rund 10 % mehr</p>", f"<p>rund 10{NBSP}%&nbsp;mehr</p>"),
        ('<p><code>"x" -- y</code> bleibt</p>', '<p><code>"x" -- y</code> bleibt</p>'),
    ],
)
def test_german_pages_get_german_typography(source, german):
    """smartypants turned German quotes into English ones and `--` into an em dash."""
    assert typeset(source, "de") == german


def test_english_pages_keep_typogrifys_conventions():
    assert typeset('<p>He said "hello" -- on 26 May.</p>', "en") == (
        "<p>He said &#8220;hello&#8221; &#8212; on 26&nbsp;May.</p>"
    )


def test_titles_are_escaped_then_typeset_and_their_quotes_curled():
    assert (
        typeset_text('Tag "der Städte" <b>', "de") == "Tag &#8222;der Städte&#8220;&nbsp;&lt;b&gt;"
    )


# What `_smarten` is made of: pieces where smartypants' rules meet (quotes next to tags and
# dashes, escapes, skipped elements, comments with and without `--`).
_PIECES = [
    "a",
    "Wort",
    " ",
    "\n",
    '"',
    "'",
    "-",
    "--",
    "---",
    "...",
    ". . .",
    "``",
    "''",
    "`",
    '\\"',
    "\\\\",
    "\\'",
    "(",
    "1",
    "80s",
    "<",
    ">",
    "&nbsp;",
    "&#8211;",
    "<b>",
    "</b>",
    "<code>",
    "</code>",
    "<pre class=x>",
    "</PRE>",
    "<tt>",
    "</tt>",
    "<!-- c -->",
    "<!-- a -- b -->",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_smartening_only_where_needed_changes_nothing(text):
    """`_smarten` calls smartypants' converters only on text that has their characters; the
    result must be what smartypants itself makes of the same text, in both languages."""
    attributes = _smartypants.Attr
    assert _smarten(text, english=True) == _smartypants.smartypants(text, attributes.default)
    german = attributes.q | attributes.D | attributes.e
    assert _smarten(text, english=False) == _smartypants.smartypants(text, german)


# What typogrify's filters are made of, as a page body has them: block and inline tags (with
# attributes, some holding `>` or `&`), code, kbd and script, comments, ampersands and spaces of
# every kind, capitals (dotted too), quotes, dashes, German abbreviations, dates and units, and
# tags that are not quite tags.
_HTML_PIECES = [
    "a",
    "Wort",
    "word",
    " ",
    "  ",
    "\n",
    "\u00a0",
    "&nbsp;",
    "&",
    "&amp;",
    "&#38;",
    "EU",
    "IHK",
    "2KU2",
    "JIMMY'S",
    "D.O.T.",
    "A. B. ",
    "Ä",
    '"',
    "'",
    "&#8220;",
    "-",
    " - ",
    " -- ",
    "...",
    "z. B.",
    "26. Mai",
    "§ 5",
    "Nr. 3",
    "10 %",
    "<p>",
    "</p>",
    "<h2>",
    "</h2>",
    "<li>",
    "</li>",
    "<dt>",
    "</dd>",
    "<ul>",
    "</ul>",
    '<a href="/x?a&amp;b">',
    "</a>",
    "<em>",
    "</em>",
    "<b>",
    "</b>",
    "<strong>",
    "</strong>",
    "<br>",
    '<abbr title="x > & y">',
    "</abbr>",
    '<span class="x">',
    "</span>",
    "<code>",
    "</code>",
    "<pre>",
    "</pre>",
    "<kbd>",
    "</kbd>",
    "<script>",
    "</script>",
    "<!-- c -->",
    "<!-- a -- b -->",
    "<",
    ">",
    "<>",
    "<b <p>",
]
_BODIES = st.lists(st.sampled_from(_HTML_PIECES), max_size=40).map("".join)


def _each_text(html: str, change) -> str:
    """The German spaces as they were applied first: text by text, between `<…>` tags."""
    parts = re.split(r"(<[^>]*>)", html)
    depth = 0
    for index, part in enumerate(parts):
        if index % 2:
            raw = re.match(r"<(/?)(code|pre|kbd|samp|script|style|math)\b", part, re.IGNORECASE)
            if raw:
                depth += -1 if raw.group(1) else 1
        elif depth <= 0 and part:
            parts[index] = change(part)
    return "".join(parts)


def _typogrify(html: str, lang: str) -> str:
    """`typeset` as typogrify's and smartypants' own filters make it, one pass each."""
    attributes = _smartypants.Attr
    text = filters.amp(html)
    if lang == "de":
        text = _each_text(text, _german_text)
        text = _german_quotes(
            _smartypants.smartypants(text, attributes.q | attributes.D | attributes.e)
        )
    else:
        text = _smartypants.smartypants(text, attributes.default)
    return filters.widont(filters.initial_quotes(filters.caps(text)))


@settings(max_examples=3000, deadline=None)
@given(_BODIES)
def test_typogrifys_filters_in_fewer_passes_change_nothing(html):
    """`amp`, `caps` and `widont` on all texts at once or on each block's end only, and the
    German spaces, smartypants and caps on one tokenization, make what typogrify's own filters
    make, one pass over the page each."""
    assert _amp(html) == filters.amp(html)
    assert _caps(html) == filters.caps(html)
    assert _widont(html) == filters.widont(html)
    assert _text_nodes(html, _german_text) == _each_text(html, _german_text)
    for lang in ("de", "en"):
        assert typeset(html, lang) == _typogrify(html, lang)
