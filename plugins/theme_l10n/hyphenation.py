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


_DIGITS = re.compile(r"\d")
_NOT_ZERO = re.compile(r"[1-9]")


class _LazyPatterns(dict):
    """pyphen's patterns of a dictionary, by their letters: each held as the line of the file
    that gives it until it is first looked up (`get`, all that pyphen asks of it), then as
    pyphen's `(offset, values)`."""

    def get(self, letters, default=None):
        found = dict.get(self, letters, default)
        if type(found) is not str:
            return found
        # as pyphen's HyphDict parses a line (the loader keeps only lines with a digit > 0)
        values = tuple(int(digit or "0") for digit, _ in pyphen.parse(found))
        start, end = 0, len(values)
        while not values[start]:
            start += 1
        while not values[end - 1]:
            end -= 1
        self[letters] = parsed = (start, values[start:end])
        return parsed


class _HyphDict(pyphen.HyphDict):
    """pyphen's `HyphDict`, read in a few hundredths of a second instead of half a second: the
    letters of every pattern are found in one pass over the file, each pattern's values only
    when a word needs them (tests/test_hyphenation.py compares every pattern with pyphen's).
    A dictionary with pyphen's extensions (`^^` escapes, `/` alternatives) is read by pyphen."""

    def __init__(self, path):
        with path.open("rb") as file:  # the first line names the encoding, as pyphen reads it
            encoding = file.readline().decode()
        if encoding.lower() == "microsoft-cp1251":
            encoding = "cp1251"
        lines = [line.strip() for line in path.read_text(encoding).split("\n")[1:]]
        # pyphen skips comments, settings and patterns whose values are all 0
        lines = [
            line
            for line in lines
            if line and not line.startswith(pyphen.ignored) and _NOT_ZERO.search(line)
        ]
        patterns = "\n".join(lines)
        if "^^" in patterns or "/" in patterns:
            super().__init__(path)
            return
        letters = _DIGITS.sub("", patterns).split("\n")
        # of two patterns with the same letters the last wins, as in pyphen
        self.patterns = _LazyPatterns(zip(letters, lines, strict=True))
        self.cache = {}
        self.maxlen = max(map(len, self.patterns))


@functools.cache
def _dictionary(lang: str) -> pyphen.Pyphen | None:
    name = DICTIONARIES.get(lang)
    if not name:
        return None
    path = pyphen.LANGUAGES[pyphen.language_fallback(name)]
    if path not in pyphen.hdcache:  # pyphen's own cache of read dictionaries, by file
        pyphen.hdcache[path] = _HyphDict(path)
    return pyphen.Pyphen(lang=name, left=3, right=3)


def preload() -> None:
    """Load the dictionaries now: before the readers fork, so that every worker has them
    without loading them again."""
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
