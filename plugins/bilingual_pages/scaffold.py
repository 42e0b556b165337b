"""`invoke new page`: create a page in both languages, paired, in the right place, as drafts.

Nothing is invented: the title and summary are the editor's; an English file without an
English title is written with the German texts and marked as not yet translated. Both files
carry `Status: draft`, so they show in the preview with an "Entwurf" banner but are never
published until the editor deletes that line (plugins/core/drafts.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from plugins.core.messages import MessageError, Msg

from .pages import PAGES_FOLDER

TEMPLATE = """Title: {title}
Key: {key}
Summary: {summary}
Status: draft

{body}"""
UNTRANSLATED = (
    "<!-- Noch nicht übersetzt: Title, Summary und Text aus der deutschen Fassung "
    "übersetzen, dann die Zeile 'Status: draft' löschen. -->\n"
)
PATH_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*$")


def scaffold_page(
    content_root: Path,
    path: str,
    *,
    title: str,
    summary: str,
    key: str | None = None,
    english_path: str | None = None,
    english_title: str | None = None,
    english_summary: str | None = None,
) -> list[Path]:
    """Create `pages/de/<path>.md` and `pages/en/<english_path or path>.md`; return both paths.

    Raises MessageError if a path is not a clean URL path, if a file exists already, or if
    the folder has no index page to hang the new page under.
    """
    english_path = english_path or path
    for candidate in (path, english_path):
        if not PATH_PATTERN.match(candidate):
            raise MessageError(
                Msg(
                    "'{path}' ist kein Adresspfad wie stuttgart/neue-seite (Kleinbuchstaben, "
                    "Ziffern, Bindestriche, Schrägstriche)",
                    path=candidate,
                )
            )
    for name, value in (("Title", title), ("Summary", summary)):
        if not value or "\n" in value:
            raise MessageError(Msg("{name} muss eine Zeile Text sein", name=name))
    key = key or path.replace("/", "-")
    translated = bool(english_title)
    texts = {
        "de": (title, summary, ""),
        "en": (english_title, english_summary or summary, "")
        if translated
        else (title, summary, UNTRANSLATED),
    }
    created = []
    for lang, relative in (("de", path), ("en", english_path)):
        target = content_root / PAGES_FOLDER / lang / f"{relative}.md"
        shown = target.relative_to(content_root.parent).as_posix()
        if target.exists():
            raise MessageError(Msg("{file} gibt es schon", file=shown))
        parent = target.parent
        if parent != content_root / PAGES_FOLDER / lang and not (parent / "index.md").exists():
            raise MessageError(
                Msg(
                    "{file} gibt es nicht; zuerst den Bereich darüber anlegen",
                    file=(parent / "index.md").relative_to(content_root.parent).as_posix(),
                )
            )
        page_title, page_summary, body = texts[lang]
        created.append(
            (target, TEMPLATE.format(title=page_title, key=key, summary=page_summary, body=body))
        )
    for target, text in created:
        target.write_text(text, encoding="utf-8")
    return [target for target, _text in created]
