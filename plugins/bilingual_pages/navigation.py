"""Template helpers for navigation that grows with the site: rendered once, marked per page.

The section navigation lists an office section's pages, with the branch on the way to the
shown page opened. Every page on one branch shows the same list but for which link is marked
as the current page, so the list is rendered once per branch (`once`, a cache of the run's
Jinja environment) and `mark_current` marks the page on a copy: a build stays linear in the
number of pages however large a section grows.
"""

from __future__ import annotations

import re

from markupsafe import Markup
from pelican import signals

from plugins.core import enabled, warm


def make_once():
    """`{% call once(*key) %}…{% endcall %}`: the block rendered once per key and run. In the
    preview's warm runs, each page that shows the block counts what the block read as read by
    itself (plugins/core/warm.py)."""
    rendered: dict[tuple, tuple[Markup, object]] = {}

    def once(*key, caller):
        if key not in rendered:
            with warm.captured() as trace:
                rendered[key] = (Markup(caller()), trace)
        markup, trace = rendered[key]
        warm.replay(trace)
        return markup

    return once


def on_way_to(candidate, page) -> bool:
    """Is `candidate` the page itself or one of its ancestors?"""
    return candidate is page or candidate in getattr(page, "ancestors", ())


# what may follow a link's address up to the end of its tag: the mark of the open branch
_MARK = re.compile(r'(?: aria-current="[^"]*")?>')


def mark_current(html, url: str) -> Markup:
    """`html` with its first link to `url` marked `aria-current="page"` (replacing a mark
    it had as the open branch). A search for the address and one fixed pattern after it, not
    a pattern made (and compiled) for every page."""
    text, address = str(html), f'href="{url}"'
    at = text.find(address)
    while at != -1:
        end = _MARK.match(text, at + len(address))
        if end:
            return Markup(f'{text[:at]}{address} aria-current="page">{text[end.end() :]}')
        at = text.find(address, at + 1)
    return Markup(text)


def on_generator_init(generator) -> None:
    if not enabled(generator.settings, __package__):
        return
    env = generator.env
    env.globals["once"] = make_once()  # a new cache for every generator of every run
    env.tests["on_way_to"] = on_way_to
    env.filters["mark_current"] = mark_current


def register() -> None:
    signals.generator_init.connect(on_generator_init)
