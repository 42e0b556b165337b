"""Typography in the page's language: German quotes, dashes and no-break spaces on German pages,
typogrify's English conventions on English ones; code is left alone."""

from __future__ import annotations

import pytest
import smartypants as _smartypants
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.theme_l10n.typography import _smarten, typeset, typeset_text

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
