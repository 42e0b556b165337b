"""Foreign-language text in Markdown: `[Stuttgart Region House]{lang=en}`.

Screen readers read a word in the voice of its language only if the page says which language
it is in. Editors used to write `<span lang="en">Stuttgart Region House</span>`; this extension
gives the same HTML from Pandoc's bracketed span, limited to the one attribute `lang`:

    [Stuttgart Region House]{lang=en}   →   <span lang="en">Stuttgart Region House</span>

The text in the brackets is Markdown (emphasis, a link); the span may stand in a link's text
(`[[Leichte Sprache]{lang=de}]({filename}…)`) or in emphasis. The tag is a BCP 47 simple tag
(plugins/core/language_tags.py), written in its usual case in the HTML.

What it must leave alone: links `[x](y)` and reference links (handled before it, as they
have no `{` after `]`), `[[folgt: …]]` placeholders (replaced before Markdown runs),
attr_list's `{: …}` after an element, code, and prose that merely looks alike (`[1]{x}`).
Raw `<span lang="…">` stays allowed.

Mistakes are collected, not raised: `mistakes` lists the markings with a tag that is not a
language (their text is kept, without `lang`), and `leftover_markings` finds a `{lang=…}`
that is not behind a text in brackets (`House] {lang=en}`, a forgotten `[`); the page reader
reports both with their line (plugins/core/markup.py).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from html import unescape

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from .language_tags import canonical_tag

EXAMPLE = "[Stuttgart Region House]{lang=en}"
# After raw HTML (90), so that a tag's attributes are never read as a marking; before
# emphasis (60), so that `[*Name*]{lang=en}` and `*[Name]{lang=en}*` both work. Links and
# reference links (160–130) come first: a link's text is then searched for a marking too.
PRIORITY = 85
# the bracketed text: brackets inside must pair up (a link's `[Impressum]` left by the link
# pattern, or plain `[1]`), two levels deep; possessive, so that a long line of `[` cannot make
# the search backtrack
_TEXT = r"(?:[^\[\]]++|\[(?:[^\[\]]++|\[[^\[\]]*+\])*+\])*+"
_ATTRIBUTE = r"\{[ \t]*lang[ \t]*=(?P<code>[^}\n]*)\}"
MARKING = rf"\[(?P<text>{_TEXT})\](?P<attribute>{_ATTRIBUTE})"
# a `{lang=…}` left in the text after conversion, and what does not count as text
_LEFTOVER = re.compile(r"\{[ \t]*lang[ \t]*=[^}\n]*\}")
_NOT_TEXT = re.compile(
    r"<(code|pre|kbd|samp)\b[^>]*>.*?</\1\s*>|<[^>]*>", re.DOTALL | re.IGNORECASE
)


@dataclass(frozen=True)
class Mistake:
    """A marking whose tag is not a language: as written, and the tag alone."""

    written: str  # `[Stuttgart Region House]{lang=englisch}`; "" if it holds code or HTML
    attribute: str  # `{lang=englisch}`
    code: str  # `englisch`


def _unquoted(code: str) -> str:
    code = code.strip()
    if len(code) >= 2 and code[0] == code[-1] and code[0] in "\"'":
        return code[1:-1].strip()
    return code


class LanguageSpanProcessor(InlineProcessor):
    """`[text]{lang=xx}` → `<span lang="xx">text</span>`."""

    def __init__(self, md: Markdown, mistakes: list[Mistake]):
        super().__init__(MARKING, md)
        self.mistakes = mistakes

    def handleMatch(self, m: re.Match[str], data: str):
        if not m["text"].strip():
            return None, None, None  # `[]{lang=en}`: reported as left over
        code = _unquoted(m["code"])
        tag = canonical_tag(code)
        span = etree.Element("span")
        if tag is None:
            written = m.group(0)
            # text with stashed code or HTML does not read as written: the attribute alone
            self.mistakes.append(
                Mistake("" if util.STX in written else written, m["attribute"], code)
            )
        else:
            span.set("lang", tag)
        span.text = m["text"]
        return span, m.start(0), m.end(0)


class LanguageSpans(Extension):
    """The short syntax for foreign-language text; `mistakes` lists the bad tags of the last
    conversion (emptied by `Markdown.reset`)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.mistakes: list[Mistake] = []

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)  # so that md.reset() calls our reset()
        md.inlinePatterns.register(
            LanguageSpanProcessor(md, self.mistakes), "language_span", PRIORITY
        )

    def reset(self) -> None:
        self.mistakes.clear()


def language_spans(md: Markdown) -> LanguageSpans | None:
    """The extension registered on `md`, if it is."""
    return next((e for e in md.registeredExtensions if isinstance(e, LanguageSpans)), None)


def leftover_markings(html: str) -> list[str]:
    """Each `{lang=…}` that stayed in the text of converted HTML (outside code): one that
    follows no text in brackets, or a space, or a marking inside another."""
    if not _LEFTOVER.search(html):  # the usual case, found at C speed
        return []
    return [unescape(m.group(0)) for m in _LEFTOVER.finditer(_NOT_TEXT.sub(" ", html))]


def place_leftovers(text: str, leftovers: list[str]) -> list[tuple[int, int] | None]:
    """For each left-over attribute (in the order of the HTML), its place in the source `text`
    as (index of the line, 1-based column): the next `{lang=…}` written so that the syntax
    does not take it (read as the converter reads it), else the first one as written."""
    converted = {m.end("attribute") for m in re.finditer(MARKING, text) if m["text"].strip()}
    candidates = [m for m in _LEFTOVER.finditer(text) if m.end() not in converted]
    places: list[tuple[int, int] | None] = []
    for attribute in leftovers:
        found = next((m for m in candidates if m.group(0) == attribute), None)
        if found is not None:
            candidates.remove(found)
            start = found.start()
        else:
            start = text.find(attribute)
            if start < 0:
                places.append(None)
                continue
        line_start = text.rfind("\n", 0, start) + 1
        places.append((text.count("\n", 0, start), start - line_start + 1))
    return places
