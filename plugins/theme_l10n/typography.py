"""Typography in the page's language, applied once per text.

typogrify does what is right in every language – `&` and runs of capitals wrapped for styling,
no widow word at the end of a heading or paragraph – and keeps doing it. Its quotes and dashes
(smartypants) are English; German gets its own:

* quotes `"…"` become „…“ and `'…'` ‚…‘ (smartypants' English curls, turned German); an
  apostrophe stays ’;
* ` -- ` and ` - ` between words become a spaced en dash ` – ` (English keeps smartypants'
  em dash for `--`);
* a no-break space keeps together what must not be split over two lines: `26. Mai`, `z. B.`,
  `d. h.`, `§ 5`, `Nr. 3`, `S. 12`, `10 %`.

Text is typeset where it is read (page and event bodies, by their readers) or, for short texts
shown in many places (titles in navigation and lists), once per distinct text: `typeset` keeps
what it computed, so a title in the navigation of 5,000 pages is typeset once.
"""

from __future__ import annotations

import functools
import html
import re

import smartypants as _smartypants
from markupsafe import Markup
from typogrify.filters import amp, caps, initial_quotes, widont

NBSP = "\u00a0"
MONTHS = (
    "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|"
    "Jan\\.|Feb\\.|Apr\\.|Aug\\.|Sept?\\.|Okt\\.|Nov\\.|Dez\\."
)
# a tag, or the text between tags; text inside these elements is left as it is
_PARTS = re.compile(r"(<[^>]*>)")
_RAW = re.compile(r"<(/?)(code|pre|kbd|samp|script|style|math)\b", re.IGNORECASE)
_GERMAN_SPACES = [
    (re.compile(rf"\b(\d{{1,2}}\.) ({MONTHS})"), rf"\1{NBSP}\2"),
    (re.compile(r"\b(z|d|u|o|s|v)\. (B|h|a|Ä|ä|a|g|u|o)\.", re.IGNORECASE), rf"\1.{NBSP}\2."),
    (re.compile(r"(§§?|Art\.|Abs\.|Nr\.|S\.) (?=\d)"), rf"\1{NBSP}"),
    (re.compile(r"(\d) (%|€|km|m²|km²)(?=\W|$)"), rf"\1{NBSP}\2"),
]
_SPACED_DASH = re.compile(r"(?<=\w) (?:--|-) (?=\w)")


def _text_nodes(html: str, change) -> str:
    """Apply `change` to the text between tags, outside code and similar elements."""
    parts = _PARTS.split(html)
    depth = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            raw = _RAW.match(part)
            if raw:
                depth += -1 if raw.group(1) else 1
            continue
        if depth <= 0 and part:
            parts[index] = change(part)
    return "".join(parts)


def _german_text(text: str) -> str:
    text = _SPACED_DASH.sub(" – ", text)
    for pattern, replacement in _GERMAN_SPACES:
        text = pattern.sub(replacement, text)
    return text


def _german_quotes(html: str) -> str:
    """smartypants' English curls as German quotes: “…” → „…“, ‘…’ → ‚…‘ (’ stays: it is also
    the apostrophe)."""
    return (
        html.replace("&#8220;", "&#8222;")
        .replace("&#8221;", "&#8220;")
        .replace("&#8216;", "&#8218;")
    )


# smartypants' own tokenizer: a run of text, then a tag or comment
_TAG_SOUP = re.compile(r"([^<]*)(<!--.*?--\s*>|<[^>]*>)", re.S)
_SKIPPED = re.compile(r"<(/)?(pre|samp|code|tt|kbd|script|style|math)[^>]*>", re.I)
_NOT_SPACE = re.compile(r"\S")


def _tokens(html: str):
    """(is_tag, text) pairs, as smartypants tokenizes: a comment containing `--` is text."""
    end = 0
    for match in _TAG_SOUP.finditer(html):
        if match.start() != end:  # finditer skips nothing here; match() chains the same way
            break
        if match.group(1):
            yield False, match.group(1)
        tag = match.group(2)
        is_tag = not (tag.startswith("<!--") and "--" in tag[4:].rstrip(">").rstrip().rstrip("-"))
        yield is_tag, tag
        end = match.end()
    if end < len(html):
        yield False, html[end:]


def _smarten(html: str, english: bool) -> str:
    """smartypants (quotes, dashes, ellipses; English: `--` an em dash and ``backticks''; German:
    `--` an en dash, `---` an em dash), token by token as `smartypants.smartypants` does it,
    but calling each of its converters only on text that has the characters it converts: most
    text nodes have none, and smartypants runs some twenty regular expressions on each."""
    result: list[str] = []
    skipped: list[str] = []
    previous_last = ""
    for is_tag, token in _tokens(html):
        if is_tag:
            result.append(token)
            skip = _SKIPPED.match(token)
            if skip:
                if not skip.group(1):
                    skipped.append(skip.group(2).lower())
                elif skipped and skip.group(2).lower() == skipped[-1]:
                    skipped.pop()
            continue
        last = token[-1:]
        if not skipped:
            if "\\" in token:
                token = _smartypants.process_escapes(token)
            if "--" in token:
                token = (
                    _smartypants.convert_dashes(token)
                    if english
                    else _smartypants.convert_dashes_oldschool(token)
                )
            if "..." in token or ". . ." in token:
                token = _smartypants.convert_ellipses(token)
            if english and ("``" in token or "''" in token):
                token = _smartypants.convert_backticks(token)
            if token == "'":
                token = "&#8217;" if _NOT_SPACE.match(previous_last) else "&#8216;"
            elif token == '"':
                token = "&#8221;" if _NOT_SPACE.match(previous_last) else "&#8220;"
            elif "'" in token or '"' in token:
                token = _smartypants.convert_quotes(token)
        previous_last = last
        result.append(token)
    return "".join(result)


def typeset(html: str, lang: str) -> str:
    """`html` (trusted markup, or escaped text) with the typography of `lang`."""
    text = amp(html)
    if lang == "de":
        text = _german_quotes(_smarten(_text_nodes(text, _german_text), english=False))
    else:
        text = _smarten(text, english=True)
    return widont(initial_quotes(caps(text)))


def typeset_html(html, lang: str) -> Markup:
    """Trusted HTML (rendered Markdown), typeset."""
    return Markup(typeset(str(html), lang))


def typeset_text(text, lang: str) -> Markup:
    """Plain text (a title) for an element's content: escaped first (quotes may stay, they are
    safe there and get curled), then typeset – once per distinct text."""
    return Markup(_typeset_escaped(html.escape(str(text), quote=False), lang))


@functools.lru_cache(maxsize=16384)
def _typeset_escaped(escaped: str, lang: str) -> str:
    return typeset(escaped, lang)
