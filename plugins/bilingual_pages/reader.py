"""Reading a page file: the one front-matter reader, the page schema, the checked body.

Pelican reads every `.md` file with `PageReader` instead of its own Markdown reader, so the
fields the check sees are exactly the fields the site is built from. Problems go to the run's
problem sink; the reader still returns a page (with stand-in values for what is missing), so
that the run goes on and finds every other problem too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from pelican.readers import BaseReader

from plugins.core import bodies, drafts, warm
from plugins.core.checking import checking
from plugins.core.errors import Invalid, report
from plugins.core.front_matter import Document, Spec, check, parse
from plugins.core.markup import Body, forget_files, markdown_converter, render_body
from plugins.core.messages import Msg
from plugins.core.parallel import fork_map
from plugins.core.placeholders import LABEL, mark, record
from plugins.core.source import read_text
from plugins.theme_l10n.hyphenation import hyphenate_html
from plugins.theme_l10n.hyphenation import preload as preload_hyphenation
from plugins.theme_l10n.typography import typeset

KEY = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
MISSING_KEY = "missing-key:"  # stands in for a key that could not be read


def page_key(value: str) -> str:
    if not KEY.fullmatch(value):
        raise Invalid(
            Msg("'{value}' ist kein Schlüssel", value=value),
            hint=Msg(
                "Kleinbuchstaben, Ziffern und Bindestriche verwenden, etwa stuttgart-tasks; "
                "beide Sprachen tragen denselben Schlüssel"
            ),
        )
    return value


def order(value: str) -> int:
    if not re.fullmatch(r"-?[0-9]{1,6}", value):
        raise Invalid(
            Msg("muss eine ganze Zahl wie 20 sein, ist aber '{value}'", value=value),
            hint=Msg("10, 20, 30 … schreiben"),
        )
    return int(value)


def modified(value: str) -> str:
    try:
        day = dt.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        raise Invalid(
            Msg("'{value}' ist kein echtes Datum", value=value),
            hint=Msg("einen existierenden Tag wie 2026-11-21 schreiben"),
        ) from None
    if day is None:
        raise Invalid(
            Msg("muss ein Datum wie 2026-11-21 sein, ist aber '{value}'", value=value),
            hint=Msg("Jahr-Monat-Tag schreiben"),
        )
    if not 2000 <= day.year <= 2100:
        raise Invalid(
            Msg("das Jahr {year} ist nicht plausibel", year=day.year),
            hint=Msg("die Jahreszahl prüfen"),
        )
    return value


def page_schema(templates: tuple[str, ...]) -> tuple[Spec, ...]:
    def template(value: str) -> str:
        if value not in templates:
            raise Invalid(
                Msg(
                    "muss einer dieser Werte sein: {options}; ist aber '{value}'",
                    options=", ".join(templates),
                    value=value,
                ),
                hint=Msg("für eine gewöhnliche Seite das Feld weglassen"),
            )
        return value

    def status(value: str) -> str:
        if value != drafts.VALUE:
            raise Invalid(
                Msg("muss draft sein oder fehlen, ist aber '{value}'", value=value),
                hint=Msg("eine fertige Seite hat keine Zeile 'Status:'; sie löschen"),
            )
        return value

    return (
        Spec("title", required=True, max_length=200),
        Spec("key", required=True, max_length=80, kind=page_key),
        Spec("summary", required=True, max_length=400),
        Spec("short_title", max_length=60),
        Spec("order", kind=order),
        Spec("template", kind=template),
        Spec("modified", kind=modified),
        Spec("status", kind=status),
    )


def _bytes_digest(path: str, known: dict) -> bytes | None:
    """A digest of the file's bytes (kept in `known` by `warm.file_mark`); None (read it
    again) for a link or an unreadable file."""
    mark = warm.file_mark(path)
    if mark is None:
        return None
    if known.get(path, (None,))[0] != mark:
        try:
            with open(path, "rb") as file:
                known[path] = (mark, hashlib.file_digest(file, "blake2b").digest())
        except OSError:
            return None
    return known[path][1]


@dataclass
class PageRead:
    """What reading one page file gives: picklable, so it can be made in another process."""

    html: str
    values: dict  # checked fields, not yet through Pelican's metadata processors
    document: Document
    problems: list
    placeholders: list
    drafts: list = dataclasses.field(default_factory=list)
    stored: bodies.StoredBody | None = None  # the body, kept on disk (html: its file links)
    # the start tags of its elements with addresses (markup.render_body), kept on disk like
    # the body where the run has a body folder, so that the build does not hold them all
    link_tags: bodies.StoredBody | bodies.KeptBody | str = ""


class PageReader(BaseReader):
    """Markdown pages: strict front matter, body without the `meta` extension, checked HTML.

    `prepare` reads many files at once on every core (plugins/core/parallel.py) before Pelican
    asks for them one by one; `read` then hands out the prepared result."""

    enabled = True
    file_extensions = ("md",)

    def __init__(self, settings):
        super().__init__(settings)
        self._converter = markdown_converter(settings)
        self._schema = page_schema(tuple(settings["PAGE_TEMPLATES"]))
        self._prepared: dict[str, PageRead] = {}

    def prepare(self, paths: list[str]) -> None:
        """Read `paths` now, in parallel; `read` takes the results."""
        if not checking(self.settings):  # a check does not hyphenate
            preload_hyphenation()  # once, here, not in every worker
        forget_files()  # what the files of content/ were in an earlier run
        memo = warm.memo(self.settings)
        if memo is None:
            self._prepared.update(zip(paths, fork_map(self._read, paths), strict=True))
            return
        # the preview's warm run: a file is read again if its bytes changed, or if a file
        # appeared or went (a link of its may now lead somewhere, or nowhere)
        known = memo.table("page reads")
        stats = memo.table("page file digests")  # by the file's size, time and inode
        files = memo.listing(self.settings["PATH"])
        keys = {path: (_bytes_digest(path, stats), files) for path in paths}
        todo = [
            path
            for path in paths
            if keys[path][0] is None or known.get(path, (None,))[0] != keys[path]
        ]
        for path, page in zip(todo, fork_map(self._read, todo), strict=True):
            known[path] = (keys[path], page)
        self._prepared.update((path, known[path][1]) for path in paths)

    def read(self, source_path):
        page = self.replay(source_path)
        metadata = self._metadata(page.document, page.values, Path(source_path))
        if page.stored is not None:
            metadata["stored_body"] = page.stored  # read where the page is rendered
        metadata["link_tags"] = page.link_tags  # for the link check (plugins/link_check)
        return page.html, metadata

    def prepared(self, source_path) -> PageRead | None:
        """What `prepare` read from the file for this run; in a warm run of the preview, the
        same object as in the run before if the file is unchanged (warm.py makes the page
        object again only if it is not)."""
        return self._prepared.get(str(source_path))

    def replay(self, source_path) -> PageRead:
        """Take the file's read and report its problems, placeholders and draft status for
        this run, as `read` does."""
        page = self._prepared.pop(str(source_path), None) or self._read(str(source_path))
        report(self.settings, page.problems)
        record(self.settings, page.placeholders)
        drafts.record(self.settings, page.drafts)
        return page

    def _read(self, source_path: str) -> PageRead:
        path = Path(source_path)
        content_root = Path(self.settings["PATH"])
        shown_as = "content/" + path.relative_to(content_root).as_posix()
        problems: list = []
        text = read_text(path, content_root, shown_as, problems)
        document = parse(text or "", shown_as)
        if text is None:
            return PageRead("", {}, document, problems, [])
        values = check(document, self._schema)
        lang = self._lang(path)
        body, found = mark(document.body, shown_as, document.body_line, lang, problems)
        link_tags: list[str] = []
        html, body_problems = render_body(
            Body(shown_as, body, document.body_line, path, content_root),
            self._converter,
            siteurl=self.settings.get("SITEURL", ""),
            link_tags=link_tags,
        )
        # typeset and hyphenated once, here: the text is checked, and templates show it as it
        # is; Leichte Sprache is never hyphenated at a line end (its rules forbid it). A check
        # leaves both out: they change the text, never an address or an id
        if not checking(self.settings):
            html = typeset(html, lang)
            if values.get("key") != "easy-read":
                html = hyphenate_html(html, lang)
        stored = bodies.keep(self.settings, source_path, html)
        tags = "".join(link_tags)
        kept_tags = (bodies.keep(self.settings, source_path, tags) if tags else None) or tags
        return PageRead(
            html if stored is None else bodies.file_links(html),
            values,
            document,
            [*document.problems, *problems, *body_problems],
            [dataclasses.replace(p, page=values.get("key")) for p in found],
            [drafts.Draft(shown_as, document.line("status"))] if "status" in values else [],
            stored,
            kept_tags,
        )

    def _lang(self, path: Path) -> str:
        """The language of a page file, from its folder (`content/pages/<lang>/…`)."""
        parts = path.relative_to(Path(self.settings["PATH"])).parts
        lang = parts[1] if len(parts) > 2 else ""
        return lang if lang in LABEL else self.settings["DEFAULT_LANG"]

    def _metadata(self, document: Document, values: dict, path: Path) -> dict:
        """Pelican's metadata; stand-ins where a required field could not be read, so that one
        mistake is reported once (and not again as a missing title or translation)."""
        # a draft is built like any page (Pelican's own drafts would leave the page tree)
        is_draft = values.get("status") == drafts.VALUE
        values = {name: value for name, value in values.items() if name != "status"}
        metadata = {name: self.process_metadata(name, value) for name, value in values.items()}
        metadata["is_draft"] = is_draft
        metadata.setdefault("title", path.stem)
        metadata.setdefault("summary", "")
        if "key" not in metadata:
            metadata["key"] = f"{MISSING_KEY}{document.shown_as}"
        metadata["field_lines"] = {name: found.line for name, found in document.fields.items()}
        metadata["body_line"] = document.body_line  # to locate links
        metadata["has_problems"] = bool(document.problems) or not document.fields
        return metadata
