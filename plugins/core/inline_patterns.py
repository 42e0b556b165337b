"""Python-Markdown's inline processing, without trying patterns that cannot match.

Markdown's `InlineProcessor` tries every inline pattern (some twenty: links, emphasis, code,
our language spans …) on every run of text, one after another, each through a method call
that checks the pattern's excluded ancestors and starts a `finditer`. Nearly every try finds
nothing: for 1,000 pages of a thousand words a million tries, some 15 % of the time Markdown
takes. `SkippingInlineProcessor` first asks the pattern's own regular expression whether it
occurs in the rest of the text at all, and goes on to the next pattern if it does not; that is
what Markdown's `__applyPattern` returns for such a pattern anyway (the text unchanged, not
matched, the next pattern from the start), so the HTML is the same.

It replaces a private method of Markdown's class (`__handleInline`, name-mangled), written
after Markdown 3.11's: the version is pinned by requirements/build.txt, and
tests/test_inline_patterns.py compares the HTML of both processors on every page of the site
and on generated Markdown, so a Markdown upgrade that changes the method fails there.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
from markdown import inlinepatterns, treeprocessors, util

NAME, PRIORITY = "inline", 20  # where Markdown registers its InlineProcessor


class SkippingInlineProcessor(treeprocessors.InlineProcessor):
    """Markdown's InlineProcessor that skips a pattern whose expression does not occur."""

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        # each pattern with its expression, if it is searched as Markdown searches it
        # (`finditer` from the start index: new-style patterns)
        self._searched = [
            (pattern, pattern.getCompiledRegExp())
            if isinstance(pattern, inlinepatterns.InlineProcessor)
            else (pattern, None)
            for pattern in self.inlinePatterns
        ]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, pattern_index: int = 0) -> str:
        """Markdown's `__handleInline` (which it calls positionally), with the search first."""
        if not isinstance(data, util.AtomicString):
            start = 0
            searched = self._searched
            while pattern_index < len(searched):
                pattern, expression = searched[pattern_index]
                if expression is not None and expression.search(data, start) is None:
                    pattern_index += 1
                    start = 0
                    continue
                data, matched, start = self._InlineProcessor__applyPattern(
                    pattern, data, pattern_index, start
                )
                if not matched:
                    pattern_index += 1
        return data


def skip_unmatched_patterns(converter: markdown.Markdown) -> markdown.Markdown:
    """`converter` with `SkippingInlineProcessor` in place of Markdown's own."""
    converter.treeprocessors.register(SkippingInlineProcessor(converter), NAME, PRIORITY)
    return converter
