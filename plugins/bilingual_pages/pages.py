"""Pages as a bilingual tree whose shape is the folder tree under `content/pages/<lang>/`.

`content/pages/de/stuttgart/aufgaben.md` is published at `/stuttgart/aufgaben/`, its English
twin `content/pages/en/stuttgart/tasks.md` at `/en/stuttgart/tasks/`; both carry the same
`Key`, which pairs them as translations. An `index.md` stands for its folder. The folder tree
gives every page its parent, children, breadcrumbs and office section.

Pelican reads page files with `PageReader` (reader.py), which checks every field and the
body with line numbers; this module checks what lies around the files (links, files that are
not pages) and the whole tree after reading (translations, parents, navigation settings).
Problems go to the run's problem sink, so one run reports them all.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pelican import signals
from pelican.contents import Page
from pelican.utils import sanitised_join

from plugins.core import Problem, enabled
from plugins.core.errors import report
from plugins.core.messages import Msg
from plugins.core.source import is_linked, refusal, symbolic_links

from . import breadcrumbs, navigation
from .reader import MISSING_KEY, PageReader

log = logging.getLogger(__name__)

PAGES_FOLDER = "pages"
ADDRESS_PART = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # of a page's URL: file and folder names
NAVIGATION_SETTINGS = ("MAIN_NAVIGATION", "SERVICE_NAVIGATION", "FOOTER_NAVIGATION")
DEFAULT_ORDER = 1000


@dataclass(frozen=True)
class Route:
    """Where a page file is published."""

    lang: str
    tree_path: str  # "" for the home page, "stuttgart/aufgaben" for a sub-page

    def url(self, default_lang: str) -> str:
        prefix = "" if self.lang == default_lang else f"{self.lang}/"
        return prefix + (f"{self.tree_path}/" if self.tree_path else "")


@functools.lru_cache(maxsize=65536)  # asked twice a page, again in each run of the preview
def route_for(relative_source_path: str, languages: tuple[str, ...]) -> Route | None:
    """Return the route of `pages/<lang>/<path>.md`, or None for a file outside that scheme."""
    parts = PurePosixPath(relative_source_path).with_suffix("").parts
    if len(parts) < 3 or parts[0] != PAGES_FOLDER or parts[1] not in languages:
        return None
    rest = list(parts[2:])
    if rest[-1] == "index":
        rest.pop()
    return Route(lang=parts[1], tree_path="/".join(rest))


def parent_path(tree_path: str) -> str | None:
    """The tree path of the parent page: the folder's index page; the home page has none."""
    if not tree_path:
        return None
    return tree_path.rpartition("/")[0]


class TreePage(Page):
    """A page of the tree: Pelican's `Page`, but the folders against which its `{filename}`
    links are resolved are worked out once a page instead of once a link. Pelican asks for
    both for every such link, when the page is rendered and again in the link check, with
    `os.path.relpath` and `abspath` each time (some 5 % of a profiled 1,000-page build)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # worked out here, where pages are made: first set in a forked rendering or link-check
        # worker, they would grow every page's attributes there, a copy of each in each worker
        self._content_root = os.path.abspath(self.settings["PATH"])
        self._relative_dir = Page.relative_dir.fget(self)

    @property
    def relative_dir(self) -> str:
        known = self.__dict__.get("_relative_dir")
        return Page.relative_dir.fget(self) if known is None else known

    def get_relative_source_path(self, source_path: str | None = None) -> str | None:
        """As Pelican's: the path relative to the content folder. For the page's own file,
        the path worked out when the page was made; for a relative path that stays inside the
        folder, the normalised path less the folder's own."""
        if not source_path:
            known = self.__dict__.get("relative_source_path")  # set by Pelican's __init__
            if known is not None:
                return known
        elif not os.path.isabs(source_path):
            root = self.__dict__.get("_content_root") or os.path.abspath(self.settings["PATH"])
            full = os.path.normpath(os.path.join(root, source_path))
            if full.startswith(root + os.sep) and root != os.sep:
                return full[len(root) + 1 :].replace(os.sep, "/")
        return super().get_relative_source_path(source_path)

    def _has_valid_save_as(self) -> bool:
        """As Pelican's, once per address (the preview asks again in every run)."""
        output = self.settings.get("OUTPUT_PATH")
        return output is None or _inside(output, self.save_as) or super()._has_valid_save_as()

    def _expand_settings(self, key: str, klass: str | None = None) -> str:
        return super()._expand_settings(key, klass or "Page")  # PAGE_URL, not TREEPAGE_URL


@functools.lru_cache(maxsize=65536)
def _inside(output: str, save_as: str) -> bool:
    try:
        sanitised_join(output, save_as)
    except RuntimeError:
        return False
    return True


def _read_as_tree_page(read_file, *args, content_class=Page, **kwargs):
    """Pelican's `Readers.read_file`, making `TreePage`s where Pelican asks for pages."""
    if content_class is Page:
        content_class = TreePage
    return read_file(*args, content_class=content_class, **kwargs)


# --- before Pelican reads the files ---------------------------------------------------------

# files that look like pages but are not read as pages: only `.md` files are
NOT_PAGES = (".markdown", ".mkd", ".mdown", ".html", ".htm", ".rst", ".txt")


def on_readers_init(readers) -> None:
    """Read `.md` with our page reader; read no HTML or reStructuredText (an `.rst` file could
    include any file of the machine with `.. include::`)."""
    if not enabled(readers.settings, __package__):
        return
    readers.reader_classes["md"] = PageReader
    for extension in ("markdown", "mkd", "mdown", "html", "htm", "rst"):
        readers.reader_classes[extension] = None


def on_page_generator_init(generator) -> None:
    """Refuse links in content/ and report files that are not where a page can be."""
    settings = generator.settings
    if not enabled(settings, __package__):
        return
    languages = tuple(settings["SITE_LANGUAGES"])
    content_root = Path(generator.path)
    problems: list[Problem] = []
    for relative, is_folder in symbolic_links(content_root):
        problems.append(refusal(content_root / relative, content_root, f"content/{relative}"))
        if is_folder:  # Pelican follows linked folders; keep it out of them
            settings["PAGE_EXCLUDES"] = [*settings["PAGE_EXCLUDES"], relative]
    pages_root = content_root / PAGES_FOLDER
    other_files = [
        Path(folder) / name
        for folder, _folders, names in os.walk(pages_root)  # linked folders: refused above
        for name in names
        if os.path.splitext(name)[1].lower() in NOT_PAGES
    ]
    for path in sorted(other_files):
        if not is_linked(path, content_root):
            problems.append(
                Problem(
                    f"content/{path.relative_to(content_root).as_posix()}",
                    None,
                    Msg("wird nicht gelesen: nur Dateien mit der Endung .md sind Seiten"),
                    hint=Msg(
                        "die Datei in .md (Markdown) umbenennen oder aus content/pages/ nehmen"
                    ),
                )
            )
    files = generator.get_files(settings["PAGE_PATHS"], exclude=settings["PAGE_EXCLUDES"])
    for relative in files:
        route = route_for(relative, languages)
        if route is None:
            problems.append(
                Problem(
                    f"content/{relative}",
                    None,
                    Msg(
                        "eine Seite muss in content/pages/<Sprache>/ liegen, mit einer Sprache "
                        "aus {languages}",
                        languages=", ".join(languages),
                    ),
                    hint=Msg("die Datei in einen dieser Ordner verschieben"),
                )
            )
            continue
        for part in route.tree_path.split("/") if route.tree_path else ():
            if not ADDRESS_PART.fullmatch(part):
                problems.append(
                    Problem(
                        f"content/{relative}",
                        None,
                        Msg(
                            "der Adressteil '{part}' darf nur Kleinbuchstaben, Ziffern und "
                            "Bindestriche enthalten",
                            part=part,
                        ),
                        hint=Msg("Datei oder Ordner umbenennen (ä → ae, ß → ss, Leerzeichen → -)"),
                    )
                )
                break
    report(settings, problems)
    if not (settings["CACHE_CONTENT"] or settings["LOAD_CONTENT_CACHE"]):
        generator._filestamp_func = _no_stamp
    generator.readers.read_file = functools.partial(_read_as_tree_page, generator.readers.read_file)
    reader = generator.readers.readers.get("md")
    if isinstance(reader, PageReader):  # read every page now, on every core
        reader.prepare(sorted(str(content_root / relative) for relative in files))


def _no_stamp(filename: str) -> None:
    """A file's stamp while Pelican's content cache is off: the generator asks for each file's
    time twice a run (a stat each) to compare with a kept stamp that never exists."""
    return None


# --- per page, right after Pelican creates it ----------------------------------------------


def on_content_object_init(content) -> None:
    """Give a page its language and URL from its file path."""
    if not isinstance(content, Page) or content.source_path is None:
        return
    if not enabled(content.settings, __package__):
        return
    settings = content.settings
    route = route_for(content.relative_source_path, tuple(settings["SITE_LANGUAGES"]))
    if route is None:
        return  # reported by on_page_generator_init
    default_lang = settings["DEFAULT_LANG"]
    content.lang = route.lang
    content.in_default_lang = route.lang == default_lang
    content.tree_path = route.tree_path
    content.slug = route.tree_path or "index"
    content.override_url = route.url(default_lang)
    content.override_save_as = content.override_url + "index.html"
    content.order = getattr(content, "order", DEFAULT_ORDER)
    if getattr(content, "stored_body", None) is not None:
        content._get_content = content.stored_body  # Pelican reads the body when it is shown
    if not hasattr(content, "short_title"):
        content.short_title = content.title


# --- the tree, once all pages are read -----------------------------------------------------


def on_page_generator_finalized(generator) -> None:
    """Link pages into one tree per language and check translations and navigation."""
    settings = generator.settings
    if not enabled(settings, __package__):
        return
    languages = tuple(settings["SITE_LANGUAGES"])
    problems: list[Problem] = []
    pages = [
        page
        for page in (
            generator.pages
            + generator.translations
            + generator.hidden_pages
            + generator.hidden_translations
        )
        if hasattr(page, "tree_path")
    ]
    # A language with a page whose key could not be read may well have the page another one
    # misses: its problem is reported already, so "no translation" would only mislead.
    unsure = {page.lang for page in pages if page.key.startswith(MISSING_KEY)}

    by_path: dict[str, dict[str, Page]] = {lang: {} for lang in languages}
    by_key: dict[str, dict[str, Page]] = {}
    for page in sorted(pages, key=lambda p: p.relative_source_path):
        shown_as = f"content/{page.relative_source_path}"
        twin = by_key.setdefault(page.key, {}).get(page.lang)
        if twin is not None:
            problems.append(
                Problem(
                    shown_as,
                    _line(page, "key"),
                    Msg(
                        "'{key}' wird schon von {other} verwendet",
                        key=page.key,
                        other=f"content/{twin.relative_source_path}",
                    ),
                    field="Key",
                    hint=Msg("jeder Seite einer Sprache einen eigenen Schlüssel geben"),
                )
            )
            continue
        by_key[page.key][page.lang] = page
        by_path[page.lang][page.tree_path] = page

    for key, versions in by_key.items():
        if key.startswith(MISSING_KEY):
            continue
        for lang in languages:
            if lang not in versions and lang not in unsure:
                some = next(iter(versions.values()))
                problems.append(
                    Problem(
                        f"content/{some.relative_source_path}",
                        _line(some, "key"),
                        Msg("hat keine Übersetzung in '{lang}'", lang=lang),
                        field="Key",
                        hint=Msg(
                            "eine Seite unter content/pages/{lang}/ mit 'Key: {key}' anlegen",
                            lang=lang,
                            key=key,
                        ),
                    )
                )

    for lang, tree in by_path.items():
        if "" not in tree and lang not in unsure:
            problems.append(
                Problem(
                    f"content/{PAGES_FOLDER}/{lang}/index.md",
                    None,
                    Msg("die Startseite fehlt"),
                    hint=Msg("sie anlegen: jede Sprache braucht eine"),
                )
            )
        for page in tree.values():
            page.children = []
            page.parent = None
        for tree_path, page in tree.items():
            parent = parent_path(tree_path)
            if parent is None:
                continue
            if parent not in tree:
                problems.append(
                    Problem(
                        f"content/{page.relative_source_path}",
                        None,
                        Msg("hat keine übergeordnete Seite"),
                        hint=Msg(
                            "{path} anlegen",
                            path=f"content/{PAGES_FOLDER}/{lang}/"
                            f"{parent + '/' if parent else ''}index.md",
                        ),
                    )
                )
                continue
            page.parent = tree[parent]
            tree[parent].children.append(page)
        for page in tree.values():
            page.children.sort(key=lambda p: (p.order, p.title))
            page.ancestors = _ancestors(page)
            # the office section a page belongs to: its top-level ancestor below home
            chain = [*page.ancestors, page]
            page.section = chain[1] if len(chain) > 1 else None

    for setting in NAVIGATION_SETTINGS:
        for key in settings.get(setting, ()):
            for lang in languages:
                if lang not in by_key.get(key, {}) and lang not in unsure:
                    problems.append(
                        Problem(
                            "pelicanconf.py",
                            None,
                            Msg(
                                "nennt den Seitenschlüssel '{key}', zu dem es in '{lang}' keine "
                                "Seite gibt",
                                key=key,
                                lang=lang,
                            ),
                            field=setting,
                            hint=Msg(
                                "die Seite anlegen oder den Schlüssel aus der Einstellung nehmen"
                            ),
                        )
                    )

    report(settings, problems)
    generator.context["pages_by_key"] = {
        lang: {key: versions[lang] for key, versions in by_key.items() if lang in versions}
        for lang in languages
    }
    generator.context["languages_unsure"] = unsure


def required_page_problems(context: dict, key: str, needs: str) -> list[Problem]:
    """A problem for each language without a page of `key`, which another part of the site
    hangs its pages under. None for a language with an unreadable key: reported already."""
    unsure = context.get("languages_unsure", set())
    return [
        Problem(
            f"content/{PAGES_FOLDER}/{lang}/",
            None,
            Msg("braucht eine Seite mit 'Key: {key}'", key=key),
            hint=needs,
        )
        for lang, pages in context["pages_by_key"].items()
        if key not in pages and lang not in unsure
    ]


def _ancestors(page) -> list:
    chain = []
    parent = page.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    return chain[::-1]


def _line(page, field: str) -> int | None:
    return getattr(page, "field_lines", {}).get(field)


def register() -> None:
    """Connect the steps: our reader, check files (init), route pages (per object), link the
    tree (finalized)."""
    signals.readers_init.connect(on_readers_init)
    breadcrumbs.register()
    navigation.register()
    signals.page_generator_init.connect(on_page_generator_init)
    signals.content_object_init.connect(on_content_object_init)
    signals.page_generator_finalized.connect(on_page_generator_finalized)
