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
from typogrify.filters import amp, initial_quotes, widont

NBSP = "\u00a0"
MONTHS = (
    "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|"
    "Jan\\.|Feb\\.|Apr\\.|Aug\\.|Sept?\\.|Okt\\.|Nov\\.|Dez\\."
)
# a tag, or the text between tags; text inside these elements is left as it is
_PARTS = re.compile(r"(<[^>]*>)")
_RAW = re.compile(r"<(/?)(code|pre|kbd|samp|script|style|math)\b", re.IGNORECASE)
_RAW_START = frozenset("/cCpPkKsSmM")  # the second character of a tag that `_RAW` may match
_GERMAN_SPACES = [
    (re.compile(rf"\b(\d{{1,2}}\.) ({MONTHS})"), rf"\1{NBSP}\2"),
    (re.compile(r"\b(z|d|u|o|s|v)\. (B|h|a|Ä|ä|a|g|u|o)\.", re.IGNORECASE), rf"\1.{NBSP}\2."),
    (re.compile(r"(§§?|Art\.|Abs\.|Nr\.|S\.) (?=\d)"), rf"\1{NBSP}"),
    (re.compile(r"(\d) (%|€|km|m²|km²)(?=\W|$)"), rf"\1{NBSP}\2"),
]
_SPACED_DASH = re.compile(r"(?<=\w) (?:--|-) (?=\w)")
# joins texts changed in one call: an empty tag, which no text holds
_JOIN = "<>"


def _text_nodes(html: str, change) -> str:
    """Apply `change` to the text between tags, outside code and similar elements.

    The texts are joined by `<>` and changed in one call, which is much faster than a call per
    text: `change` must be one that never matches `<` or `>` and sees them as it sees the start
    or end of a text (true of `_german_text`, whose patterns name every character they match and
    look around only for word characters, digits and spaces). A text never holds `<>`: that is
    a tag."""
    parts = _PARTS.split(html)
    depth = 0
    chosen: list[int] = []
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            raw = _RAW.match(part)
            if raw:
                depth += -1 if raw.group(1) else 1
            continue
        if depth <= 0 and part:
            chosen.append(index)
    changed = change(_JOIN.join(parts[index] for index in chosen)).split(_JOIN)
    if len(changed) != len(chosen):  # cannot happen with the changes above; safe all the same
        changed = [change(parts[index]) for index in chosen]
    for index, text in zip(chosen, changed, strict=True):
        parts[index] = text
    return "".join(parts)


def _german_tokens(tokens: list[str], tags: list[bool]) -> None:
    """`_text_nodes(…, _german_text)` on the tokens of a text without comments (whose tags are
    then those `_PARTS` finds), in place."""
    depth = 0
    chosen: list[int] = []
    for index, token in enumerate(tokens):
        if tags[index]:
            raw = _RAW.match(token) if token[1:2] in _RAW_START else None
            if raw:
                depth += -1 if raw.group(1) else 1
        elif depth <= 0:
            chosen.append(index)
    changed = _german_text(_JOIN.join(tokens[index] for index in chosen)).split(_JOIN)
    if len(changed) != len(chosen):
        changed = [_german_text(tokens[index]) for index in chosen]
    for index, text in zip(chosen, changed, strict=True):
        tokens[index] = text


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
# the second character of a tag that `_SKIPPED` may match
_SKIPPED_START = frozenset("/pPsScCtTkKmM")


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


def _split(html: str) -> tuple[list[str], list[bool]]:
    """The tokens of `html` as smartypants has them, and which of them are tags."""
    pairs = list(_tokens(html))
    return [token for _, token in pairs], [is_tag for is_tag, _ in pairs]


def _smarten(html: str, english: bool) -> str:
    """smartypants (quotes, dashes, ellipses; English: `--` an em dash and ``backticks''; German:
    `--` an en dash, `---` an em dash), token by token as `smartypants.smartypants` does it,
    but calling each of its converters only on text that has the characters it converts: most
    text nodes have none, and smartypants runs some twenty regular expressions on each."""
    tokens, tags = _split(html)
    _smarten_tokens(tokens, tags, english)
    return "".join(tokens)


def _smarten_tokens(tokens: list[str], tags: list[bool], english: bool) -> None:
    """`_smarten` on the tokens of a text, in place."""
    skipped: list[str] = []
    previous_last = ""
    for index, token in enumerate(tokens):
        if tags[index]:
            if token[1:2] in _SKIPPED_START:
                skip = _SKIPPED.match(token)
                if skip:
                    if not skip.group(1):
                        skipped.append(skip.group(2).lower())
                    elif skipped and skip.group(2).lower() == skipped[-1]:
                        skipped.pop()
            continue
        if not token:  # `_PARTS` leaves empty texts between tags; smartypants has none
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
            tokens[index] = token
        previous_last = last


# --- typogrify's own filters, with its patterns, in fewer passes --------------------------------
#
# `amp`, `caps` and `widont` as typogrify.filters has them, made faster without a change to what
# they make (tests/test_typography.py compares them with typogrify's on generated HTML): `amp`
# and `caps` change the texts between tags, all joined by `<>` (a tag to them, one regular
# expression call a page instead of one a text); `widont` looks only at the end of each
# paragraph, heading or list item, where its pattern can match, instead of trying it at every
# character of the page. Where a page has what these shortcuts do not cover (a tag within a
# tag, an ampersand within an odd tag), typogrify's filter does the work.

# typogrify's `amp`: an ampersand between spaces, in the text between tags
_AMP = re.compile(r"(\s|&nbsp;)(&|&amp;|&\#38;)(\s|&nbsp;)")
_AMP_TAG = re.compile(r"</?\w+((\s+\w+(\s*=\s*(?:\".*?\"|'.*?'|[^'\">\s]+))?)+\s*|\s*)/?>")
# typogrify's `caps`; a run of dotted capitals may also end at `<>`, where its text ends
_CAPS = re.compile(
    r"""(
        (\b[A-Z\d]*        # group 2: capitals and digits,
        [A-Z]\d*[A-Z]      # at least two capitals (digits may stand between them),
        [A-Z\d']*\b)       # capitals, digits or straight apostrophes
        | (\b[A-Z]+\.\s?   # or group 3: capitals, a full stop, perhaps a space,
        (?:[A-Z]+\.\s?)+)  # and the same at least once more
        (?:\s|\b|$|(?=<>)))
    """,
    re.VERBOSE,
)
_CAPS_SKIP = re.compile("<(/)?(?:kbd|script)[^>]*>", re.IGNORECASE)
_CAPS_SKIP_START = frozenset("/kKsS")
# typogrify's `widont`
_WIDONT = re.compile(
    r"""((?:</?(?:a|em|span|strong|i|b)[^>]*>)|[^<>\s])
        \s+
        ([^<>\s]+
        \s*
        (</(a|em|span|strong|i|b)>\s*)*
        ((</(p|h[1-6]|li|dt|dd)>)|$))
    """,
    re.VERBOSE,
)
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|dt|dd)>")
# reversed: what may stand between the last word of a block and its end tag, the word, the
# space before it
_LAST_WORD_REVERSED = re.compile(r"(?:\s|>(?:a|me|naps|gnorts|i|b)/<)*[^<>\s]+\s+")
_TAG_IN_TAG = re.compile(r"<[^>]*<")


def _amp(html: str) -> str:
    """typogrify's `amp`: `&` between spaces wrapped in `<span class="amp">`, in text only."""
    if not _AMP.search(html):
        return html
    parts = _PARTS.split(html)
    # typogrify tells tags by its own pattern; where every tag is one by both, the texts agree
    if "<" in parts[-1] or not all(map(_AMP_TAG.fullmatch, parts[1::2])):
        return amp(html)
    texts = parts[0::2]
    changed = _AMP.sub(r'\1<span class="amp">&amp;</span>\3', _JOIN.join(texts)).split(_JOIN)
    if len(changed) != len(texts):
        return amp(html)
    parts[0::2] = changed
    return "".join(parts)


def _caps_wrapper(match: re.Match) -> str:
    # typogrify's: a dotted run keeps one space after it (and loses the one it matched)
    if match.group(2):
        return f'<span class="caps">{match.group(2)}</span>'
    dotted = match.group(3)
    if dotted[-1] == " ":
        return f'<span class="caps">{dotted[:-1]}</span> '
    return f'<span class="caps">{dotted}</span>'


def _caps(html: str) -> str:
    """typogrify's `caps`: runs of capitals wrapped in `<span class="caps">`, in the text
    between smartypants' tokens, but for the text right after an opening `kbd` or `script`."""
    tokens, tags = _split(html)
    _caps_tokens(tokens, tags)
    return "".join(tokens)


def _caps_tokens(tokens: list[str], tags: list[bool]) -> None:
    """`_caps` on the tokens of a text, in place."""
    chosen: list[int] = []
    skipped = False
    for index, token in enumerate(tokens):
        if tags[index]:
            skip = _CAPS_SKIP.match(token) if token[1:2] in _CAPS_SKIP_START else None
            skipped = skip is not None and skip.group(1) is None
        elif not skipped:
            chosen.append(index)
    if not chosen:
        return
    texts = [tokens[index] for index in chosen]
    # a comment with `--` is text to smartypants, and may hold `<>`
    if any(_JOIN in text for text in texts):
        changed = [_CAPS.sub(_caps_wrapper, text) for text in texts]
    else:
        changed = _CAPS.sub(_caps_wrapper, _JOIN.join(texts)).split(_JOIN)
    for index, text in zip(chosen, changed, strict=True):
        tokens[index] = text


def _widont(html: str) -> str:
    """typogrify's `widont`: a no-break space before the last word of a paragraph, heading,
    list item or term.

    Its pattern ends at such an end tag (or the end of the text) and holds no other: so each
    block is tried once, from where its last word starts, and the text after the last block as
    typogrify does."""
    if _TAG_IN_TAG.search(html):  # a tag inside a tag: the pattern may span blocks
        return widont(html)
    reversed_html = html[::-1]
    size = len(html)
    result: list[str] = []
    start = 0
    for block_end in _BLOCK_END.finditer(html):
        last = _LAST_WORD_REVERSED.match(reversed_html, size - block_end.start())
        if last:
            space = size - last.end()  # where the space before the last word starts
            tag = html.rfind("<", start, space) if html[space - 1] == ">" else -1
            begin = tag if tag >= 0 else space - 1
            found = _WIDONT.match(html, begin) if begin >= start else None
            if found:
                if found.end() != block_end.end():  # not as reasoned above: typogrify decides
                    return widont(html)
                result += (html[start:begin], found.group(1), "&nbsp;", found.group(2))
                start = found.end()
    result.append(_WIDONT.sub(r"\1&nbsp;\2", html[start:]))
    return "".join(result)


def typeset(html: str, lang: str) -> str:
    """`html` (trusted markup, or escaped text) with the typography of `lang`."""
    text = _amp(html)
    if "<!--" in text:
        # smartypants' tokens differ from plain tags only at comments: filter by filter
        if lang == "de":
            text = _german_quotes(_smarten(_text_nodes(text, _german_text), english=False))
        else:
            text = _smarten(text, english=True)
        return _widont(initial_quotes(_caps(text)))
    # one tokenization for the German spaces, smartypants and caps: none of them adds or
    # removes a `<` or `>`, so the tokens of each one's result are those of its input; without
    # comments, smartypants' tokens are the texts and tags that `_PARTS` finds
    tokens = _PARTS.split(text)
    tags = [False, True] * (len(tokens) // 2) + [False]
    if lang == "de":
        _german_tokens(tokens, tags)
        _smarten_tokens(tokens, tags, english=False)
        tokens = [_german_quotes(token) if "&#82" in token else token for token in tokens]
    else:
        _smarten_tokens(tokens, tags, english=True)
    _caps_tokens(tokens, tags)
    return _widont(initial_quotes("".join(tokens)))


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
