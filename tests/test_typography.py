"""Typography in the page's language: German quotes, dashes and no-break spaces on German pages,
typogrify's English conventions on English ones; code is left alone."""

from __future__ import annotations

import pytest

from plugins.theme_l10n.typography import typeset, typeset_text

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
