"""The body of a page or event: Markdown to HTML, and what that HTML may contain.

`render_body` converts the body with the build's own Markdown settings, minus the `meta`
extension (front matter is read by `front_matter`, once), and checks the result:

* **Links to files of the repository** (`{filename}`, `{static}`, `{attach}`, Pelican's
  syntax) must point to a file inside `content/` that exists; `{filename}` to a page. A bad
  target is reported at its line and replaced by `#` before Pelican sees it, so Pelican never
  copies a file from outside the content folder (or writes outside the output folder).
* **Raw HTML** may be used for what Markdown cannot say (`<abbr title="…">`), but only
  elements and attributes of text: no scripts, event handlers, `javascript:` addresses,
  frames, forms, styles, or anything loaded from another host (the site makes no third-party
  requests, and its Content-Security-Policy would block such things anyway).
* **Images** need a text alternative.
* **Foreign-language text** is written `[Stuttgart Region House]{lang=en}`
  (plugins/core/language_spans.py, registered here so that check and build read it alike); a
  tag that is not a language, or a `{lang=…}` behind no bracketed text, is reported.

Every problem names its line, found by looking for the offending text in the source.
"""

from __future__ import annotations

import difflib
import functools
import os
import posixpath
import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import markdown

from .errors import Problem
from .inline_patterns import skip_unmatched_patterns
from .language_spans import (
    EXAMPLE,
    LanguageSpans,
    language_spans,
    leftover_markings,
    place_leftovers,
)
from .language_tags import meant_tag
from .messages import Msg
from .source import is_linked, line_of

META_EXTENSIONS = {"meta", "markdown.extensions.meta"}

# Pelican's intrasite link syntax, as Content._get_intrasite_link_regex builds it
INTRASITE = re.compile(
    r"""(?P<markup><[^>]+(?:href|src|poster|data|cite|formaction|action|content)\s*=\s*)
        (?P<quote>["'])(?P<path>[{|](?P<what>.*?)[|}](?P<value>.*?))(?P=quote)""",
    re.X,
)
FILE_LINKS = ("filename", "static", "attach")

# Elements of text that Markdown writes or editors may add; everything else is refused.
# fmt: off
ELEMENTS = frozenset({
    "a", "abbr", "address", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code",
    "col", "colgroup", "data", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section",
    "small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
})
# fmt: on
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "lang", "dir", "title", "translate", "role"})
ATTRIBUTES = {
    "a": {"href", "hreflang", "rel", "type"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"srcset", "sizes", "type", "media", "width", "height"},
    "td": {"colspan", "rowspan", "headers", "style"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr", "style"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "data": {"value"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "details": {"open"},
    "col": {"span"},
    "colgroup": {"span"},
}
# the tables extension aligns columns with this style, the only one allowed
TABLE_ALIGN = re.compile(r"text-align: ?(left|right|center);?")
REASONS = {
    "script": Msg("es führt ein Programm im Browser der Besucher aus"),
    "noscript": Msg("es gehört zu Skripten, die Seiten nicht haben"),
    "iframe": Msg(
        "es bettet eine andere Website ein, die ihren Server kontaktiert und Besucher "
        "verfolgen kann"
    ),
    "frame": Msg("es bettet eine andere Website ein"),
    "frameset": Msg("es bettet andere Websites ein"),
    "object": Msg("es bettet ein Plug-in oder eine andere Website ein"),
    "embed": Msg("es bettet ein Plug-in oder eine andere Website ein"),
    "applet": Msg("es bettet ein Plug-in ein"),
    "style": Msg("es setzt Gestaltung, die die Sicherheitsregeln der Website blockieren"),
    "link": Msg("es lädt eine Datei in die Seite"),
    "meta": Msg("es ändert, wie die Seite gelesen wird, oder leitet sie um"),
    "base": Msg("es ändert, wohin jeder Link der Seite führt"),
    "form": Msg("es schickt, was Besucher eingeben, irgendwohin"),
    "svg": Msg("es kann Skripte und fremde Dateien enthalten"),
    "math": Msg("es wird in Seitentext nicht unterstützt"),
}
URL_ATTRIBUTES = {"href", "src", "cite"}
# the addresses the link check follows (plugins/link_check): of links, images and their sources
ADDRESS_ATTRIBUTES = frozenset(
    {("a", "href"), ("img", "src"), ("img", "srcset"), ("source", "srcset")}
)
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def markdown_settings(settings: dict) -> dict:
    """The build's Markdown settings for bodies: every configured extension but `meta`."""
    config = dict(settings["MARKDOWN"])
    extension_configs = dict(config.get("extension_configs", {}))
    extensions = [
        name
        for name in [*config.get("extensions", []), *extension_configs]
        if not (isinstance(name, str) and name in META_EXTENSIONS)
    ]
    config["extensions"] = list(dict.fromkeys(extensions))
    config["extension_configs"] = {
        name: options for name, options in extension_configs.items() if name not in META_EXTENSIONS
    }
    return config


def markdown_converter(settings: dict) -> markdown.Markdown:
    """One converter for a run, with the short syntax for foreign-language text and inline
    patterns tried only where they occur (inline_patterns.py); `convert` resets it before
    each body."""
    config = markdown_settings(settings)
    config["extensions"] = [*config["extensions"], LanguageSpans()]
    return skip_unmatched_patterns(markdown.Markdown(**config))


@dataclass(frozen=True)
class Body:
    """A source body as editors wrote it, and where it starts in its file."""

    shown_as: str
    text: str
    first_line: int
    source_path: Path  # the file, for relative links
    content_root: Path

    @functools.cached_property
    def folder(self) -> str:
        """The file's folder below the content folder, as relative links start from it."""
        return self.source_path.parent.relative_to(self.content_root).as_posix()

    def line_of(self, *needles: str) -> int | None:
        for needle in needles:
            if needle:
                found = line_of(self.text, needle, self.first_line)
                if found is not None:
                    return found
                found = line_of(self.text.lower(), needle.lower(), self.first_line)
                if found is not None:
                    return found
        return None

    def problem(
        self,
        needles: tuple[str, ...],
        message: Msg | str,
        hint: Msg | str | None = None,
        *,
        field: str | None = None,
        marked: str | None = None,
    ) -> Problem:
        """A problem at the first line holding one of `needles`; the marker under that line
        points at `marked`, if given and found there."""
        line = self.line_of(*needles)
        excerpt = column = None
        if line is not None:
            excerpt = self.text.split("\n")[line - self.first_line]
            if marked and marked in excerpt:
                column = excerpt.index(marked) + 1
        return Problem(
            self.shown_as, line, message, field=field, hint=hint, column=column, excerpt=excerpt
        )


def render_body(
    body: Body,
    converter: markdown.Markdown,
    *,
    siteurl: str = "",
    link_tags: list[str] | None = None,
) -> tuple[str, list]:
    """The body as HTML (bad file links made harmless) and every problem found in it. The
    start tags of its elements with an address the link check follows are added to
    `link_tags`, as the HTML writes them: the link check resolves them as Pelican resolves
    the body's links, without reading and parsing the whole body again."""
    converter.reset()
    html = converter.convert(body.text)
    problems: list[Problem] = check_language_markings(html, body, converter)
    html = check_file_links(html, body, problems)
    problems += check_html(html, body, siteurl=siteurl, link_tags=link_tags)
    return html, problems


# --- foreign-language text -------------------------------------------------------------------


def check_language_markings(html: str, body: Body, converter: markdown.Markdown) -> list[Problem]:
    """Problems of the short syntax `[text]{lang=xx}`: a tag that is not a language, and a
    `{lang=…}` that stayed in the text because no bracketed text stands right before it."""
    problems = []
    extension = language_spans(converter)
    for mistake in extension.mistakes if extension else ():
        meant = meant_tag(mistake.code)
        how = (
            Msg("Meinten Sie '{meant}'? So schreiben: {example}", meant=meant, example=EXAMPLE)
            if meant
            else Msg(
                "das Kürzel der Sprache schreiben, etwa en für Englisch, fr für Französisch, "
                "pt-BR für Portugiesisch in Brasilien: {example}",
                example=EXAMPLE,
            )
        )
        problems.append(
            body.problem(
                (mistake.written, mistake.attribute),
                Msg("'{code}' ist kein Sprachkürzel wie en, fr oder pt-BR", code=mistake.code)
                if mistake.code
                else Msg("nach 'lang=' fehlt das Kürzel der Sprache"),
                how,
                field="lang",
                marked=mistake.attribute,
            )
        )
    leftovers = leftover_markings(html)
    for attribute, found in zip(leftovers, place_leftovers(body.text, leftovers), strict=True):
        line = None if found is None else body.first_line + found[0]
        problems.append(
            Problem(
                body.shown_as,
                line,
                Msg(
                    "'{attribute}' steht nicht direkt hinter einem Text in eckigen Klammern",
                    attribute=attribute,
                ),
                field="lang",
                hint=Msg(
                    "den fremdsprachigen Text in eckige Klammern setzen, {attribute} ohne "
                    "Leerzeichen direkt dahinter: {example}",
                    attribute=attribute,
                    example=EXAMPLE,
                ),
                column=None if found is None else found[1],
                excerpt=None if found is None else body.text.split("\n")[found[0]],
            )
        )
    return problems


# --- links to files of the repository --------------------------------------------------------


def link_target(value: str, source_path: Path, content_root: Path) -> Path:
    """The file a `{filename}`/`{static}` value points to, as Pelican resolves it."""
    path = unquote(urlparse(unescape(value)).path)
    if path.startswith("/"):
        relative = path.lstrip("/")
    else:
        folder = source_path.parent.relative_to(content_root).as_posix()
        relative = posixpath.join(folder, path)
    return Path(os.path.normpath(content_root / relative))


def resolve_file_links(html: str, source_path: Path, content_root: Path, url_of) -> str:
    """Replace each intrasite link of checked HTML by `url_of(what, relative target path)`,
    keeping its query and fragment (for text that Pelican does not resolve itself)."""

    def replace(match: re.Match) -> str:
        parsed = urlparse(unescape(match["value"]))
        target = link_target(match["value"], source_path, content_root)
        url = url_of(match["what"], target.relative_to(content_root).as_posix())
        url += (f"?{parsed.query}" if parsed.query else "") + (
            f"#{parsed.fragment}" if parsed.fragment else ""
        )
        return f"{match['markup']}{match['quote']}{url}{match['quote']}"

    return INTRASITE.sub(replace, html)


def check_file_links(html: str, body: Body, problems: list[Problem]) -> str:
    """Check every intrasite link; replace the bad ones by `#` so Pelican ignores them."""

    def replace(match: re.Match) -> str:
        if _is_good_link(match["what"], match["value"], body):
            return match.group()
        problem = _file_link_problem(match["what"], match["value"], match["path"], body)
        if problem is None:
            return match.group()
        problems.append(problem)
        return f"{match['markup']}{match['quote']}#{match['quote']}"

    return INTRASITE.sub(replace, html)


_TARGETS: dict[tuple[str, Path], tuple[bool, bool]] = {}


def _target_state(target: str, root: Path) -> tuple[bool, bool]:
    """(is a symbolic link on the way, is a file) of a link's target, looked up once per run:
    thousands of links lead to the same few hundred files."""
    key = (target, root)
    if key not in _TARGETS:
        path = Path(target)
        _TARGETS[key] = (is_linked(path, root), path.is_file())
    return _TARGETS[key]


def forget_files() -> None:
    """Forget the targets looked up so far: a new run starts (the files may have changed)."""
    _TARGETS.clear()


def _is_good_link(what: str, value: str, body: Body) -> bool:
    """The common case, decided on strings: a link of a known kind to an existing file inside
    content/, with no symbolic link on the way, a page for `{filename}` and not a page for
    `{static}` and `{attach}`; exactly where `_file_link_problem` finds nothing. Anything
    else goes the long way, with pathlib, which says what is wrong (for good links the long
    way took some 5 % of the time of reading a page)."""
    path = unquote(urlparse(unescape(value)).path)
    if what not in FILE_LINKS or not path:
        return False
    root = str(body.content_root)
    relative = path.lstrip("/") if path.startswith("/") else posixpath.join(body.folder, path)
    target = os.path.normpath(os.path.join(root, relative))
    if not target.startswith(root + os.sep):
        return False
    linked, exists = _target_state(target, body.content_root)
    if linked or not exists:
        return False
    name = target.rpartition(os.sep)[2]
    dot = name.rfind(".")  # pathlib's suffix: the name's last dot, not its first character
    is_markdown = 0 < dot < len(name) - 1 and name[dot:] == ".md"
    if what == "filename":
        return is_markdown and target.startswith(os.path.join(root, "pages") + os.sep)
    return not is_markdown


def _file_link_problem(what: str, value: str, written: str, body: Body) -> Problem | None:
    needles = (written, unescape(written), value)
    if what not in FILE_LINKS:
        return body.problem(
            needles,
            Msg("'{kind}' ist keine Art von Link, die diese Website kennt", kind=f"{{{what}}}"),
            hint=Msg(
                "Seiten mit {filename}seite.md und Dateien mit {static}datei.pdf verlinken",
                filename="{filename}",
                static="{static}",
            ),
        )
    shown = unescape(value)
    link = f"{{{what}}}{shown}"
    if not urlparse(unescape(value)).path:
        return body.problem(
            needles,
            Msg("der Link '{link}' nennt keine Datei", link=f"{{{what}}}"),
            hint=Msg("den Dateinamen ergänzen"),
        )
    target = link_target(value, body.source_path, body.content_root)
    root = body.content_root
    if os.path.commonpath([str(target), str(root)]) != str(root):
        return body.problem(
            needles,
            Msg("der Link '{link}' führt aus dem Ordner content/ hinaus", link=link),
            hint=Msg("nur Dateien unter content/ verlinken"),
        )
    linked, exists = _target_state(str(target), root)
    if linked:
        return body.problem(
            needles,
            Msg("der Link '{link}' führt auf eine Verknüpfung, der nicht gefolgt wird", link=link),
            hint=Msg("die Datei selbst unter content/ ablegen"),
        )
    if not exists:
        meant = _meant(value, target, body)
        check = Msg(
            "Dateiname und Ordner prüfen (ein Pfad ohne / am Anfang beginnt im Ordner dieser Datei)"
        )
        return body.problem(
            needles,
            Msg(
                "der Link '{link}' führt auf {target}, die es nicht gibt",
                link=link,
                target=target.relative_to(root).as_posix(),
            ),
            hint=Msg("Meinten Sie '{meant}'? {check}", meant=f"{{{what}}}{meant}", check=check)
            if meant
            else check,
        )
    pages = root / "pages"
    is_page = target.suffix == ".md" and target.is_relative_to(pages)
    if what == "filename" and not is_page:
        return body.problem(
            needles,
            Msg(
                "'{filename}' verlinkt Seiten, aber {target} ist keine Seite unter content/pages/",
                filename="{filename}",
                target=target.relative_to(root).as_posix(),
            ),
            hint=Msg("andere Dateien mit {static} verlinken", static="{static}"),
        )
    if what in ("static", "attach") and target.suffix == ".md":
        return body.problem(
            needles,
            Msg(
                "'{kind}' würde den Quelltext von {target} veröffentlichen",
                kind=f"{{{what}}}",
                target=target.relative_to(root).as_posix(),
            ),
            hint=Msg("Seiten mit {filename} verlinken", filename="{filename}"),
        )
    return None


def _meant(value: str, target: Path, body: Body) -> str | None:
    """The existing file a link to the missing `target` most likely means, written as the
    link is written (from the content folder with a leading /, else from the file's folder)."""
    root = body.content_root
    wanted = target.relative_to(root).as_posix()
    suffix = target.suffix or ".md"
    candidates = [
        path.relative_to(root).as_posix()
        for path in sorted(root.rglob(f"*{suffix}"))
        if path.is_file() and not is_linked(path, root)
    ]
    close = difflib.get_close_matches(wanted, candidates, n=1, cutoff=0.8)
    if not close:
        return None
    if unquote(urlparse(unescape(value)).path).startswith("/"):
        return "/" + close[0]
    folder = body.source_path.parent.relative_to(root).as_posix()
    return posixpath.relpath(close[0], folder)


# --- what raw HTML may contain ----------------------------------------------------------------


class _Elements(HTMLParser):
    def __init__(self, link_tags: list[str] | None):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.link_tags = link_tags

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))
        if self.link_tags is not None and any(
            value and (tag, name) in ADDRESS_ATTRIBUTES for name, value in attrs
        ):
            self.link_tags.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def check_html(
    html: str, body: Body, *, siteurl: str = "", link_tags: list[str] | None = None
) -> list[Problem]:
    """Problems of the elements, attributes and addresses in rendered body HTML; the start
    tags of elements with addresses the link check follows are added to `link_tags`."""
    parser = _Elements(link_tags)
    parser.feed(html)
    parser.close()
    problems: list[Problem] = []
    own_host = urlparse(siteurl).netloc.lower()
    for tag, attributes in parser.found:
        if tag not in ELEMENTS:
            problems.append(
                body.problem(
                    (f"<{tag}",),
                    Msg(
                        "das HTML-Element <{tag}> ist nicht erlaubt: {reason}",
                        tag=tag,
                        reason=REASONS[tag],
                    )
                    if tag in REASONS
                    else Msg("das HTML-Element <{tag}> ist in Seitentext nicht erlaubt", tag=tag),
                    hint=Msg(
                        "das Element entfernen; den Text in Markdown schreiben, andere Websites "
                        "verlinken statt einbetten"
                    ),
                )
            )
            continue
        allowed = GLOBAL_ATTRIBUTES | ATTRIBUTES.get(tag, set())
        values = {name: value or "" for name, value in attributes}
        for name, value in attributes:
            value = value or ""
            if name.startswith("on"):
                problems.append(
                    body.problem(
                        (f"{name}=", name),
                        Msg(
                            "<{tag} {name}=…> führt ein Skript aus, wenn Besucher etwas tun",
                            tag=tag,
                            name=name,
                        ),
                        hint=Msg("das Attribut entfernen; Seiten haben keine Skripte"),
                    )
                )
            elif name == "style" and name in allowed and TABLE_ALIGN.fullmatch(value.strip()):
                continue
            elif name == "style":
                problems.append(
                    body.problem(
                        ("style=",),
                        Msg(
                            "<{tag} style=…> setzt eine Gestaltung, die die Sicherheitsregeln der "
                            "Website blockieren",
                            tag=tag,
                        ),
                        hint=Msg("das Attribut entfernen; die Gestaltung kommt aus dem Stylesheet"),
                    )
                )
            elif name not in allowed and not name.startswith("aria-"):
                problems.append(
                    body.problem(
                        (f"{name}=", name),
                        Msg(
                            "das Attribut '{name}' ist an <{tag}> nicht erlaubt", name=name, tag=tag
                        ),
                        hint=Msg("das Attribut entfernen"),
                    )
                )
            elif name in URL_ATTRIBUTES or name == "srcset":
                addresses = (
                    [part.strip().split(" ")[0] for part in value.split(",")]
                    if name == "srcset"
                    else [value]
                )
                for address in addresses:
                    problem = _address_problem(tag, name, address, own_host, body)
                    if problem is not None:
                        problems.append(problem)
        if tag == "img" and not values.get("alt", "").strip():
            problems.append(
                body.problem(
                    (values.get("src", ""), "<img", "!["),
                    Msg("ein Bild hat keinen Alternativtext"),
                    hint=Msg(
                        "in den eckigen Klammern beschreiben, was es zeigt: "
                        "![Rathaus am Marktplatz](…)"
                    ),
                )
            )
    return problems


def _address_problem(tag: str, attribute: str, address: str, own_host: str, body: Body):
    plain = _INVISIBLE.sub("", unescape(address)).lower()
    if plain.startswith("#") or not plain:
        return None
    scheme = _SCHEME.match(plain)
    loads = attribute in ("src", "srcset")
    needles = (address, unescape(address))
    if scheme:
        name = scheme.group(1)
        if loads and plain.startswith("data:image/"):
            return None
        if name in ("javascript", "vbscript", "data", "file"):
            return body.problem(
                needles,
                Msg(
                    "die Adresse '{scheme}:…' in <{tag} {attribute}> ist nicht erlaubt: {why}",
                    scheme=name,
                    tag=tag,
                    attribute=attribute,
                    why=Msg("sie führt ein Skript aus")
                    if name.endswith("script")
                    else Msg("sie ist keine Webadresse"),
                ),
                hint=Msg("eine Webseite (https://…) oder eine Seite dieser Website verlinken"),
            )
        if name not in LINK_SCHEMES:
            return body.problem(
                needles,
                Msg(
                    "die Adresse '{scheme}:…' in <{tag} {attribute}> ist keine Webadresse",
                    scheme=name,
                    tag=tag,
                    attribute=attribute,
                ),
                hint=Msg("https://…, mailto: oder tel: verwenden"),
            )
    if loads and (scheme or plain.startswith("//")):
        host = urlparse(plain if scheme else "https:" + plain).netloc
        if host != own_host or not own_host:
            return body.problem(
                needles,
                Msg(
                    "<{tag}> lädt eine Datei von einem anderen Server ({host}), den die Browser "
                    "der Besucher kontaktieren würden",
                    tag=tag,
                    host=host,
                ),
                hint=Msg(
                    "die Datei unter content/ ablegen und mit {static} einbinden", static="{static}"
                ),
            )
    return None
