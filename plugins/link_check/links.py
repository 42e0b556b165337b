"""Every link an editor writes to this site must lead to a page (and an anchor) it builds.

`[Ämter](/stuttgart/aemter/)` or `<img src="karte.png">` pass Markdown and Pelican unnoticed
when nothing is there, and visitors find a 404. Once the site is written (`finalized`), each
link and image address in the text of a page or event that points to this site – root-relative,
relative, or starting with an absolute SITEURL – is looked up in the output folder: the file,
or the folder's `index.html`, and the `id` its `#fragment` names. A missing target is reported
at the line of the source that holds the address.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pelican import signals

from plugins.core import Problem, enabled, report
from plugins.core.messages import Msg
from plugins.core.parallel import fork_map
from plugins.core.render import forget_texts
from plugins.core.source import line_of

SOURCES = "LINK_CHECK_SOURCES"  # settings key: the texts of the run to check
ADDRESS_ATTRIBUTES = {("a", "href"), ("img", "src"), ("source", "srcset"), ("img", "srcset")}


@dataclass(frozen=True)
class Text:
    """The HTML of one page's or event's text, and where it came from."""

    shown_as: str
    source: Callable[[], str]  # the Markdown body, read again only to tell a broken link's line
    first_line: int
    url: str  # the page's own address, relative to the site root: "stuttgart/aufgaben/"
    html: Callable[[], str]  # made when it is checked, so that no run keeps them all at once


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


class Site:
    """The written output folder, looked up by address."""

    def __init__(self, output: Path, siteurl: str):
        self.output = output
        self.siteurl = siteurl.rstrip("/")
        self._ids: dict[Path, set[str]] = {}
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
            self._files[path] = self._file(path)
        return self._files[path]

    def _file(self, path: str) -> Path | None:
        candidate = self.output / path
        if path.endswith("/") or path == "" or candidate.is_dir():
            candidate = candidate / "index.html"
        if not candidate.resolve().is_relative_to(self.output.resolve()):
            return None
        return candidate if candidate.is_file() else None

    def ids(self, page: Path) -> set[str]:
        if page not in self._ids:
            self._ids[page] = _parse(page.read_text(encoding="utf-8", errors="replace")).ids
        return self._ids[page]


def problems_of(text: Text, site: Site) -> list[Problem]:
    problems = []
    for element, address in _parse(text.html()).found:
        target = site.target(address, text.url)
        if target is None:
            continue
        path, fragment = target
        found = site.file(path)
        if found is not None and not (
            fragment and found.suffix == ".html" and fragment not in site.ids(found)
        ):
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
        elif fragment and found.suffix == ".html" and fragment not in site.ids(found):
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
    settings, context = generators[0].settings, generators[0].context
    texts = settings.setdefault(SOURCES, [])
    for generator in generators:
        for page in getattr(generator, "pages", []) + getattr(generator, "translations", []):
            if hasattr(page, "tree_path") and hasattr(page, "body_line"):
                source = functools.partial(_body_of, page.source_path, page.body_line)
                shown_as = f"content/{page.relative_source_path}"
                content = functools.partial(getattr, page, "content")
                texts.append(Text(shown_as, source, page.body_line, page.url, content))
    index = context.get("events_index")
    for event in index.events if index is not None else ():
        if event.kind == "event":
            page = index.pages[(event.lang, event.uid)]
            html = functools.partial(getattr, event, "description_html")
            body = functools.partial(getattr, event, "body")
            texts.append(Text(event.source, body, event.body_line, page.url, html))


def on_finalized(pelican) -> None:
    settings = pelican.settings
    if not enabled(settings, __package__):
        return
    site = Site(Path(pelican.output_path), settings.get("SITEURL", ""))

    def check(text: Text) -> list[Problem]:
        problems = problems_of(text, site)
        forget_texts()
        return problems

    for problems in fork_map(check, settings.get(SOURCES, [])):  # on every core
        report(settings, problems)


def register() -> None:
    """all_generators_finalized: the texts, before writing; finalized: the written site."""
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.finalized.connect(on_finalized)
