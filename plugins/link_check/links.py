"""Every link an editor writes to this site must lead to a page (and an anchor) it builds.

`[Ämter](/stuttgart/aemter/)` or `<img src="karte.png">` pass Markdown and Pelican unnoticed
when nothing is there, and visitors find a 404. Once the site is written (`finalized`), each
link and image address in the text of a page or event that points to this site – root-relative,
relative, or starting with an absolute SITEURL – is looked up in the output folder: the file,
or the folder's `index.html`, and the `id` its `#fragment` names. A missing target is reported
at the line of the source that holds the address.

A check (`make check`, plugins/core/checking.py) renders no page: targets are looked up in the
planned site instead, the files the run would write (planned, or written as a build writes
them, like the static files). A `#fragment` is looked for first among the `id`s of the target's
body, as the page shows it in full; only if it is not there is the target rendered after all
and looked up as a build does, so a check reports exactly what a build reports.
"""

from __future__ import annotations

import functools
import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pelican import signals

from plugins.core import Problem, enabled, report, warm
from plugins.core.checking import PLAN, Plan
from plugins.core.markup import ADDRESS_ATTRIBUTES
from plugins.core.messages import Msg
from plugins.core.parallel import fork_map
from plugins.core.render import forget_texts, log_again, warnings_of
from plugins.core.source import line_of

SOURCES = "LINK_CHECK_SOURCES"  # settings key: the texts of the run to check
LATER = "LINK_CHECK_GENERATORS"  # settings key: where to find them, in the preview's warm runs


@dataclass(frozen=True)
class Text:
    """The HTML of one page's or event's text, and where it came from."""

    shown_as: str
    source: Callable[[], str]  # the Markdown body, read again only to tell a broken link's line
    first_line: int
    url: str  # the page's own address, relative to the site root: "stuttgart/aufgaben/"
    html: Callable[[], str]  # made when it is checked, so that no run keeps them all at once
    save_as: str = ""  # the page's file below the site root: "stuttgart/aufgaben/index.html"
    # its (element, address) pairs, if they can be had without making and parsing `html`
    addresses: Callable[[], list[tuple[str, str]]] | None = None

    def links(self) -> list[tuple[str, str]]:
        """(element, address) of every address in the text the link check follows."""
        return self.addresses() if self.addresses is not None else _parse(self.html()).found


def _body_of(path: str, first_line: int) -> str:
    """The body of a page file: its lines from `first_line` on (after the front matter)."""
    with open(path, encoding="utf-8-sig", errors="replace") as file:
        return "".join(file.readlines()[first_line - 1 :])


class _Addresses(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (element, address)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif (tag, name) in ADDRESS_ATTRIBUTES and value:
                if name == "srcset":
                    self.found += [(tag, p.strip().split(" ")[0]) for p in value.split(",")]
                else:
                    self.found.append((tag, value))


def _parse(html: str) -> _Addresses:
    parser = _Addresses()
    parser.feed(html)
    parser.close()
    return parser


def _page_addresses(page) -> list[tuple[str, str]]:
    """The addresses of a page's body as the page shows them, from the start tags that hold
    them (`link_tags`, kept by the reader from its own parse of the body): Pelican's link
    resolution, which `page.content` runs over the whole body, run over these tags alone gives
    them the same addresses, and the body is neither read again nor parsed a second time."""
    tags = page.link_tags() if callable(page.link_tags) else page.link_tags  # bodies.keep
    return _parse(page._update_content(tags, page.get_siteurl())).found


class Site:
    """The site, looked up by address: the written output folder, and in a check the files
    planned beside it (`plan`), with the bodies of their pages (`bodies`, by file)."""

    def __init__(
        self,
        output: Path,
        siteurl: str,
        plan: Plan | None = None,
        bodies: dict[str, Callable[[], str]] | None = None,
    ):
        self.output = output
        self.siteurl = siteurl.rstrip("/")
        self.plan = plan
        self.bodies = bodies or {}
        self._ids: dict[Path, set[str]] = {}
        self._body_ids: dict[str, set[str]] = {}
        self._files: dict[str, Path | None] = {}

    def target(self, address: str, page_url: str) -> tuple[str, str] | None:
        """(path below the site root, fragment) of an address on this site; None if it points
        elsewhere (another host, mailto:, a fragment of the page itself)."""
        if self.siteurl and address.startswith(self.siteurl + "/"):
            address = address[len(self.siteurl) :]
        parts = urlsplit(address)
        if parts.scheme or parts.netloc:
            return None
        if not parts.path:
            return (page_url, parts.fragment) if parts.fragment else None
        path = unquote(parts.path)
        if not path.startswith("/"):
            path = posixpath.join("/" + page_url, path)
        normal = posixpath.normpath(path)
        if path.endswith("/") and normal != "/":
            normal += "/"
        return normal.lstrip("/"), parts.fragment

    def file(self, path: str) -> Path | None:
        if path not in self._files:  # thousands of links lead to the same few hundred pages
            self._files[path] = self._planned(path) or self._file(path)
        return self._files[path]

    def _planned(self, path: str) -> Path | None:
        if self.plan is None:
            return None
        name = path.rstrip("/")
        if path.endswith("/") or path == "" or self.plan.is_folder(name):
            name = posixpath.join(name, "index.html")
        return self.output / name if name in self.plan else None

    def _file(self, path: str) -> Path | None:
        candidate = self.output / path
        if path.endswith("/") or path == "" or candidate.is_dir():
            candidate = candidate / "index.html"
        if not candidate.resolve().is_relative_to(self.output.resolve()):
            return None
        return candidate if candidate.is_file() else None

    def has_id(self, page: Path, fragment: str) -> bool:
        """Does the HTML page `page` (from `file`) have an element with the id `fragment`?"""
        if page.suffix != ".html":
            return True  # a fragment of a PDF or image is not an element's id
        name = page.relative_to(self.output).as_posix()
        if self.plan is not None and name in self.plan and page not in self._ids:
            if fragment in self._ids_of_body(name):
                return True  # the page shows its body in full
            if not self.plan.render(name):
                return True  # not a page that can be rendered here: nothing to hold against it
        return fragment in self.ids(page)

    def _ids_of_body(self, name: str) -> set[str]:
        if name not in self._body_ids:
            body = self.bodies.get(name)
            self._body_ids[name] = _parse(body()).ids if body is not None else set()
        return self._body_ids[name]

    def ids(self, page: Path) -> set[str]:
        if page not in self._ids:
            self._ids[page] = _parse(page.read_text(encoding="utf-8", errors="replace")).ids
        return self._ids[page]


def problems_of(text: Text, site: Site) -> list[Problem]:
    problems = []
    for element, address in text.links():
        target = site.target(address, text.url)
        if target is None:
            continue
        path, fragment = target
        found = site.file(path)
        if found is not None and not (fragment and not site.has_id(found, fragment)):
            continue
        # a resolved {filename} link reads differently in the source: try its parts too
        needles = (
            address,
            f"#{fragment}" if fragment else "",
            posixpath.basename(path.rstrip("/")),
        )
        source = text.source()
        line = next(
            (at for n in needles if n and (at := line_of(source, n, text.first_line))),
            None,
        )
        if found is None and element == "a":
            problems.append(
                Problem(
                    text.shown_as,
                    line,
                    Msg(
                        "der Link '{address}' führt auf keine Seite dieser Website", address=address
                    ),
                    hint=Msg(
                        "die Adresse prüfen; Seiten besser mit {filename}seite.md verlinken, "
                        "dann prüft der Bau den Link",
                        filename="{filename}",
                    ),
                )
            )
        elif found is None:
            problems.append(
                Problem(
                    text.shown_as,
                    line,
                    Msg("das Bild '{address}' liegt nicht auf dieser Website", address=address),
                    hint=Msg(
                        "die Datei unter content/ ablegen und mit {static} einbinden",
                        static="{static}",
                    ),
                )
            )
        else:
            problems.append(
                Problem(
                    text.shown_as,
                    line,
                    Msg(
                        "der Link '{address}' führt auf /{path}, die kein '#{fragment}' hat",
                        address=address,
                        path=path,
                        fragment=fragment,
                    ),
                    hint=Msg(
                        "den Teil nach # prüfen: er muss die Kennung einer Überschrift oder "
                        "eines Elements auf der Zielseite sein"
                    ),
                )
            )
    return problems


def on_all_generators_finalized(generators) -> None:
    """Keep the texts of the run (the generators are not reachable once it is written)."""
    if not generators or not enabled(generators[0].settings, __package__):
        return
    settings = generators[0].settings
    if warm.memo(settings) is not None:  # the preview: after the open pages are written
        settings[LATER] = generators
        return
    _keep_texts(generators)


def _keep_texts(generators) -> None:
    settings, context = generators[0].settings, generators[0].context
    texts = settings.setdefault(SOURCES, [])
    for generator in generators:
        for page in getattr(generator, "pages", []) + getattr(generator, "translations", []):
            if hasattr(page, "tree_path") and hasattr(page, "body_line"):
                source = functools.partial(_body_of, page.source_path, page.body_line)
                shown_as = f"content/{page.relative_source_path}"
                content = functools.partial(getattr, page, "content")
                addresses = (
                    functools.partial(_page_addresses, page) if hasattr(page, "link_tags") else None
                )
                texts.append(
                    Text(
                        shown_as, source, page.body_line, page.url, content, page.save_as, addresses
                    )
                )
    index = context.get("events_index")
    for event in index.events if index is not None else ():
        if event.kind == "event":
            page = index.pages[(event.lang, event.uid)]
            html = functools.partial(getattr, event, "description_html")
            body = functools.partial(getattr, event, "body")
            texts.append(Text(event.source, body, event.body_line, page.url, html, page.save_as))


def on_finalized(pelican) -> None:
    settings = pelican.settings
    if not enabled(settings, __package__):
        return
    if LATER in settings:
        warm.stop_if_superseded()
        _keep_texts(settings.pop(LATER))
    texts = settings.get(SOURCES, [])
    plan = settings.get(PLAN)
    bodies = {text.save_as: text.html for text in texts if text.save_as} if plan else None
    site = Site(Path(pelican.output_path), settings.get("SITEURL", ""), plan, bodies)

    def check(text: Text) -> list[Problem]:
        problems = problems_of(text, site)
        forget_texts()
        return problems

    parent = os.getpid()
    # on every core; what a worker logs (Pelican's warnings on a page's links, which a build
    # logs while rendering it) is logged again here, where the build runner counts it
    for problems, pid, messages in fork_map(functools.partial(warnings_of, check), texts):
        log_again(pid, messages, parent)
        report(settings, problems)


def register() -> None:
    """all_generators_finalized: the texts, before writing; finalized: the written site."""
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.finalized.connect(on_finalized)
