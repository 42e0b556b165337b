"""`invoke new page`: create a page in both languages, already paired and in the right place."""

from __future__ import annotations

import re
from pathlib import Path

from .pages import PAGES_FOLDER

TEMPLATE = """Title: {title}
Short_title: {title}
Key: {key}
Summary: {summary}
Order: 100

{body}
"""
TEXT = {
    "de": ("Eine Zusammenfassung in ein bis zwei Sätzen.", "## Überschrift\n\nDer Text der Seite."),
    "en": ("A summary in one or two sentences.", "## Heading\n\nThe text of the page."),
}
PATH_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")


def scaffold_page(
    content_root: Path,
    path: str,
    *,
    key: str | None = None,
    title: str = "Neue Seite",
    english_path: str | None = None,
) -> list[Path]:
    """Create `pages/de/<path>.md` and `pages/en/<english_path or path>.md`; return both paths.

    Raises SystemExit with a plain message if a path is not a clean URL path, if a file exists
    already, or if the folder has no index page to hang the new page under.
    """
    english_path = english_path or path
    for candidate in (path, english_path):
        if not PATH_PATTERN.match(candidate):
            raise SystemExit(
                f"new: '{candidate}' is not a URL path like stuttgart/neue-seite "
                "(lowercase letters, digits, hyphens, slashes)"
            )
    key = key or path.replace("/", "-")
    created = []
    for lang, relative in (("de", path), ("en", english_path)):
        target = content_root / PAGES_FOLDER / lang / f"{relative}.md"
        if target.exists():
            raise SystemExit(f"new: {target} exists already")
        parent = target.parent
        if parent != content_root / PAGES_FOLDER / lang and not (parent / "index.md").exists():
            raise SystemExit(f"new: {parent}/index.md does not exist; create the section first")
        summary, body = TEXT[lang]
        created.append((target, TEMPLATE.format(title=title, key=key, summary=summary, body=body)))
    for target, text in created:
        target.write_text(text, encoding="utf-8")
    return [target for target, _text in created]
