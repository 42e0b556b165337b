"""Pages as a bilingual tree whose shape is the folder tree under `content/pages/<lang>/`.

`content/pages/de/stuttgart/aufgaben.md` is published at `/stuttgart/aufgaben/`, its English
twin `content/pages/en/stuttgart/tasks.md` at `/en/stuttgart/tasks/`; both carry the same
`Key`, which pairs them as translations. An `index.md` stands for its folder. The folder tree
gives every page its parent, children, breadcrumbs and office section.

The plugin validates every page file before Pelican reads it (fields, types, with line
numbers) and the whole tree after (translations, parents, navigation settings), and raises
all problems of the run together.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pelican import signals
from pelican.contents import Page

from plugins.core import ContentErrors, Problem, enabled
from plugins.core.errors import read_front_matter

log = logging.getLogger(__name__)

PAGES_FOLDER = "pages"
REQUIRED_FIELDS = ("title", "key", "summary")
OPTIONAL_FIELDS = ("short_title", "order", "template", "modified")
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


# --- validation of one file, before Pelican reads it ---------------------------------------


def check_front_matter(path: Path, shown_as: str, templates: tuple[str, ...]) -> list[Problem]:
    """Every problem of the front matter of one page file, each with its line."""
    problems = []
    fields = read_front_matter(path)
    allowed = REQUIRED_FIELDS + OPTIONAL_FIELDS
    for name, (line, value) in fields.items():
        if name not in allowed:
            expected = ", ".join(f.capitalize() for f in allowed)
            problems.append(
                Problem(shown_as, line, f"unknown field; allowed are {expected}", field=name)
            )
        elif not value:
            problems.append(Problem(shown_as, line, "is empty", field=name))
    for name in REQUIRED_FIELDS:
        if name not in fields:
            problems.append(
                Problem(
                    shown_as,
                    1,
                    f"is missing; every page needs '{name.capitalize()}: …' at the top",
                    field=name,
                )
            )
    if "order" in fields:
        line, value = fields["order"]
        if value and not value.lstrip("-").isdigit():
            problems.append(
                Problem(
                    shown_as, line, f"must be a whole number like 20, got '{value}'", field="order"
                )
            )
    if "template" in fields:
        line, value = fields["template"]
        if value and value not in templates:
            problems.append(
                Problem(
                    shown_as,
                    line,
                    f"must be one of {', '.join(templates)}, got '{value}'",
                    field="template",
                )
            )
    if "modified" in fields:
        line, value = fields["modified"]
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            problems.append(
                Problem(
                    shown_as,
                    line,
                    f"must be a date like 2026-11-21, got '{value}'",
                    field="modified",
                )
            )
    return problems


def on_page_generator_init(generator) -> None:
    """Check every page file before Pelican parses it, so mistakes come with line numbers."""
    settings = generator.settings
    if not enabled(settings, __package__):
        return
    languages = tuple(settings["SITE_LANGUAGES"])
    content_root = Path(generator.path)
    problems: list[Problem] = []
    for relative in generator.get_files(settings["PAGE_PATHS"], exclude=settings["PAGE_EXCLUDES"]):
        shown_as = f"content/{relative}"
        if route_for(relative, languages) is None:
            problems.append(
                Problem(
                    shown_as,
                    None,
                    "a page must be in content/pages/<language>/ "
                    f"with a language of {', '.join(languages)}",
                )
            )
            continue
        templates = tuple(settings["PAGE_TEMPLATES"])
        problems.extend(check_front_matter(content_root / relative, shown_as, templates))
    generator.bilingual_problems = problems


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
    if not hasattr(content, "key"):  # reported already; keep Pelican's pairing from failing
        content.key = f"missing-key:{content.relative_source_path}"
    raw_order = str(getattr(content, "order", DEFAULT_ORDER))
    content.order = int(raw_order) if raw_order.lstrip("-").isdigit() else DEFAULT_ORDER
    if not hasattr(content, "short_title"):
        content.short_title = content.title


# --- the tree, once all pages are read -----------------------------------------------------


def on_page_generator_finalized(generator) -> None:
    """Link pages into one tree per language and check translations and navigation."""
    settings = generator.settings
    if not enabled(settings, __package__):
        return
    languages = tuple(settings["SITE_LANGUAGES"])
    problems: list[Problem] = list(getattr(generator, "bilingual_problems", []))
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
                    f"'{page.key}' is already used by content/{twin.relative_source_path}",
                    field="key",
                )
            )
            continue
        by_key[page.key][page.lang] = page
        by_path[page.lang][page.tree_path] = page

    for key, versions in by_key.items():
        if key.startswith("missing-key:"):
            continue
        for lang in languages:
            if lang not in versions:
                some = next(iter(versions.values()))
                problems.append(
                    Problem(
                        f"content/{some.relative_source_path}",
                        _line(some, "key"),
                        f"has no translation in '{lang}': add a page under content/pages/{lang}/ "
                        f"with 'Key: {key}'",
                        field="key",
                    )
                )

    for lang, tree in by_path.items():
        if "" not in tree:
            problems.append(
                Problem(f"content/{PAGES_FOLDER}/{lang}/index.md", None, "the home page is missing")
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
                        f"has no parent page: add content/{PAGES_FOLDER}/{lang}/"
                        f"{parent + '/' if parent else ''}index.md",
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
                if lang not in by_key.get(key, {}):
                    problems.append(
                        Problem(
                            "pelicanconf.py",
                            None,
                            f"names page key '{key}', which has no page in '{lang}'",
                            field=setting,
                        )
                    )

    if problems:
        raise ContentErrors(problems)
    generator.context["pages_by_key"] = {
        lang: {key: versions[lang] for key, versions in by_key.items()} for lang in languages
    }


def _ancestors(page) -> list:
    chain = []
    parent = page.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    return chain[::-1]


def _line(page, field: str) -> int | None:
    found = read_front_matter(Path(page.source_path)).get(field)
    return found[0] if found else None


def register() -> None:
    """Connect the three steps: check files (init), route pages (per object), link the tree."""
    signals.page_generator_init.connect(on_page_generator_init)
    signals.content_object_init.connect(on_content_object_init)
    signals.page_generator_finalized.connect(on_page_generator_finalized)
