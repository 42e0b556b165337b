"""Soft hyphens in headings, labels and table cells, put in at build time.

Browsers hyphenate (`hyphens: auto`) only with a dictionary of the page's language, and Chromium
on Linux has none for German: a heading such as „Partnerregionen“ on a phone was broken as
„Partnerregione/n“ by `overflow-wrap`. The build therefore writes the break points itself, as
soft hyphens (U+00AD) from the LibreOffice dictionaries that `pyphen` ships; the stylesheet sets
`hyphens: manual`, so a browser breaks a long word only there, and shows the hyphen when it does.

Only words of `MIN_LENGTH` letters or more get soft hyphens – a shorter word fits a line of a
320 px screen even in a main heading, and a browser would otherwise break „Abtei-lung“ where
the whole word could move to the next line – and words of `MIN_GLUED` letters or more that a
no-break space ties to their neighbour (typogrify's last two words of a heading, „26. Mai“):
the two together may be too wide for a line. Only short texts shown in large type or narrow
columns get them (titles, headings, labels, table cells); running text is left alone, so
search, copying and the page sizes stay as they are. Each word is hyphenated once
per language and build process (`_word`), each title once (`hyphenate_text`).

A dash that typogrify ties to the last word of a title („Dortmund –&nbsp;Leeds“) still
allows a break after it (Unicode line breaking lets a line end after a dash even before a
no-break space), which left „ Leeds“ alone on a line, indented by the space: a word joiner
(U+2060) after the dash keeps the two together.

A few compounds on this site are split better by hand than by the patterns (`BREAKS`): the
patterns would offer „Partn-er-re-gi-o-nen“ and „Zu-sam-menar-beit“.
"""

from __future__ import annotations

import functools
import re

import pyphen

SOFT_HYPHEN = "\u00ad"
MIN_LENGTH = 12
MIN_GLUED = 6
DICTIONARIES = {"de": "de_DE", "en": "en_GB"}
# whole words (any case) with their break points; checked against the patterns' output in
# tests/test_hyphenation.py so the table stays short
BREAKS = {
    "europaaktive": "eu-ro-pa-ak-ti-ve",
    "europaarbeit": "eu-ro-pa-ar-beit",
    "fachämtern": "fach-äm-tern",
    "mitgliedschaft": "mit-glied-schaft",
    "mitgliedschaften": "mit-glied-schaf-ten",
    "partnerregion": "part-ner-re-gion",
    "partnerregionen": "part-ner-re-gio-nen",
    "zusammenarbeit": "zu-sam-men-ar-beit",
    "zusammengearbeitet": "zu-sam-men-ge-ar-bei-tet",
}
# an entity (left as it is) or a word that may be long enough
_WORD = re.compile(rf"(&#?\w+;)|([^\W\d_]{{{MIN_GLUED},}})")
_NO_BREAK = ("&nbsp;", "&#160;", "\u00a0")
WORD_JOINER = "\u2060"
_DASH_BEFORE_NO_BREAK = re.compile(r"(–|—|&#821[12];)(?=&nbsp;|&#160;|\u00a0)")
# a tag, or the text between tags
_PARTS = re.compile(r"(<[^>]*>)")
_HEADING_OR_CELL = re.compile(r"<(/?)(h[1-6]|th|td|dt|caption)\b", re.IGNORECASE)


@functools.cache
def _dictionary(lang: str) -> pyphen.Pyphen | None:
    name = DICTIONARIES.get(lang)
    return pyphen.Pyphen(lang=name, left=3, right=3) if name else None


def preload() -> None:
    """Load the dictionaries now (about 0.6 s each): before the readers fork, so that every
    worker has them without loading them again."""
    for lang in DICTIONARIES:
        _dictionary(lang)


@functools.lru_cache(maxsize=65536)
def _word(word: str, lang: str) -> str:
    by_hand = BREAKS.get(word.lower()) if lang == "de" else None
    if by_hand:
        parts, start = [], 0
        for piece in by_hand.split("-"):
            parts.append(word[start : start + len(piece)])
            start += len(piece)
        return SOFT_HYPHEN.join(parts)
    dictionary = _dictionary(lang)
    if dictionary is None:
        return word
    # the patterns may leave a single letter between two breaks („Eu-r-o-pa“): such a piece
    # joins the one before it
    parts: list[str] = []
    for piece in dictionary.inserted(word, hyphen=SOFT_HYPHEN).split(SOFT_HYPHEN):
        if parts and len(piece) < 2:
            parts[-1] += piece
        else:
            parts.append(piece)
    return SOFT_HYPHEN.join(parts)


def _hyphenate_words(text: str, lang: str) -> str:
    def replace(match: re.Match) -> str:
        word = match.group(2)
        if not word:
            return match.group(1)
        glued = text[: match.start()].endswith(_NO_BREAK) or text[match.end() :].startswith(
            _NO_BREAK
        )
        return _word(word, lang) if glued or len(word) >= MIN_LENGTH else word

    return _DASH_BEFORE_NO_BREAK.sub(rf"\1{WORD_JOINER}", _WORD.sub(replace, text))


@functools.lru_cache(maxsize=16384)
def hyphenate_text(text: str, lang: str) -> str:
    """Text or inline markup (a title, a label) with soft hyphens in its long words; tags and
    entities stay as they are."""
    parts = _PARTS.split(text)
    for index in range(0, len(parts), 2):
        if parts[index]:
            parts[index] = _hyphenate_words(parts[index], lang)
    return "".join(parts)


def hyphenate_html(html: str, lang: str) -> str:
    """A rendered body with soft hyphens in its headings, table cells and terms (`dt`); the
    running text is left alone."""
    if lang not in DICTIONARIES:
        return html
    parts = _PARTS.split(html)
    depth = 0
    for index, part in enumerate(parts):
        if index % 2:
            found = _HEADING_OR_CELL.match(part)
            if found:
                depth = max(0, depth + (-1 if found.group(1) else 1))
            continue
        if depth and part:
            parts[index] = _hyphenate_words(part, lang)
    return "".join(parts)
