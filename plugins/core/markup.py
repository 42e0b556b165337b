"""The body of a page or event: Markdown to HTML, and what that HTML may contain.

`render_body` converts the body with the build's own Markdown settings, minus the `meta`
extension (front matter is read by `front_matter`, once), and checks the result:

* **Links to files of the repository** (`{filename}`, `{static}`, `{attach}`, Pelican's
  syntax) must point to a file inside `content/` that exists; `{filename}` to a page. A bad
  target is reported at its line and replaced by `#` before Pelican sees it, so Pelican never
  copies a file from outside the content folder (or writes outside the output folder).
* **Raw HTML** may be used for what Markdown cannot say (`<span lang="ar">`), but only
  elements and attributes of text: no scripts, event handlers, `javascript:` addresses,
  frames, forms, styles, or anything loaded from another host (the site makes no third-party
  requests, and its Content-Security-Policy would block such things anyway).
* **Images** need a text alternative.

Every problem names its line, found by looking for the offending text in the source.
"""

from __future__ import annotations

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
    "script": "runs a program in the visitor's browser",
    "noscript": "belongs to scripts, which pages do not have",
    "iframe": "embeds another website, which contacts its host and may track visitors",
    "frame": "embeds another website",
    "frameset": "embeds other websites",
    "object": "embeds a plug-in or another site",
    "embed": "embeds a plug-in or another site",
    "applet": "embeds a plug-in",
    "style": "sets styles, which the site's security policy blocks",
    "link": "loads a file into the page",
    "meta": "changes how the page is read or redirects it",
    "base": "changes where every link of the page points",
    "form": "sends what visitors type somewhere",
    "svg": "can hold scripts and external resources",
    "math": "is not supported in page text",
}
URL_ATTRIBUTES = {"href", "src", "cite"}
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
    """One converter for a run; `convert` resets it before each body."""
    return markdown.Markdown(**markdown_settings(settings))


@dataclass(frozen=True)
class Body:
    """A source body as editors wrote it, and where it starts in its file."""

    shown_as: str
    text: str
    first_line: int
    source_path: Path  # the file, for relative links
    content_root: Path

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

    def problem(self, needles: tuple[str, ...], message: str, hint: str | None = None) -> Problem:
        return Problem(self.shown_as, self.line_of(*needles), message, hint=hint)


def render_body(body: Body, converter: markdown.Markdown, *, siteurl: str = "") -> tuple[str, list]:
    """The body as HTML (bad file links made harmless) and every problem found in it."""
    converter.reset()
    html = converter.convert(body.text)
    problems: list[Problem] = []
    html = check_file_links(html, body, problems)
    problems += check_html(html, body, siteurl=siteurl)
    return html, problems


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
        problem = _file_link_problem(match["what"], match["value"], match["path"], body)
        if problem is None:
            return match.group()
        problems.append(problem)
        return f"{match['markup']}{match['quote']}#{match['quote']}"

    return INTRASITE.sub(replace, html)


def _file_link_problem(what: str, value: str, written: str, body: Body) -> Problem | None:
    needles = (written, unescape(written), value)
    if what not in FILE_LINKS:
        return body.problem(
            needles,
            f"'{{{what}}}' is not a kind of link this site knows",
            hint="link pages with {filename}page.md and files with {static}file.pdf",
        )
    shown = unescape(value)
    if not urlparse(unescape(value)).path:
        return body.problem(needles, f"the link '{{{what}}}' names no file", hint="add the file")
    target = link_target(value, body.source_path, body.content_root)
    root = body.content_root
    if os.path.commonpath([str(target), str(root)]) != str(root):
        return body.problem(
            needles,
            f"the link '{{{what}}}{shown}' points outside the content folder",
            hint="link only files under content/",
        )
    if is_linked(target, root):
        return body.problem(
            needles,
            f"the link '{{{what}}}{shown}' points to a symbolic link, which is not followed",
            hint="put the file itself under content/",
        )
    if not target.is_file():
        return body.problem(
            needles,
            f"the link '{{{what}}}{shown}' points to {target.relative_to(root).as_posix()}, "
            "which does not exist",
            hint="check the file name and the folder (a path without / starts in the "
            "folder of this file)",
        )
    pages = root / "pages"
    is_page = target.suffix == ".md" and target.is_relative_to(pages)
    if what == "filename" and not is_page:
        return body.problem(
            needles,
            f"'{{filename}}' links pages, but {target.relative_to(root).as_posix()} is not a "
            "page under content/pages/",
            hint="link other files with {static}",
        )
    if what in ("static", "attach") and target.suffix == ".md":
        return body.problem(
            needles,
            f"'{{{what}}}' would publish the source of {target.relative_to(root).as_posix()}",
            hint="link pages with {filename}",
        )
    return None


# --- what raw HTML may contain ----------------------------------------------------------------


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.found.append((tag, attrs))


def check_html(html: str, body: Body, *, siteurl: str = "") -> list[Problem]:
    """Problems of the elements, attributes and addresses in rendered body HTML."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    problems: list[Problem] = []
    own_host = urlparse(siteurl).netloc.lower()
    for tag, attributes in parser.found:
        if tag not in ELEMENTS:
            reason = REASONS.get(tag, "is not an element of text")
            problems.append(
                body.problem(
                    (f"<{tag}",),
                    f"the HTML element <{tag}> is not allowed: it {reason}"
                    if tag in REASONS
                    else f"the HTML element <{tag}> is not allowed in page text",
                    hint="remove it; write the text in Markdown, link other sites instead of "
                    "embedding them",
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
                        f"<{tag} {name}=…> runs a script when the visitor acts",
                        hint="remove the attribute; pages have no scripts",
                    )
                )
            elif name == "style" and name in allowed and TABLE_ALIGN.fullmatch(value.strip()):
                continue
            elif name == "style":
                problems.append(
                    body.problem(
                        ("style=",),
                        f"<{tag} style=…> sets a style, which the site's security policy blocks",
                        hint="remove it; the site's stylesheet formats text",
                    )
                )
            elif name not in allowed and not name.startswith("aria-"):
                problems.append(
                    body.problem(
                        (f"{name}=", name),
                        f"the attribute '{name}' is not allowed on <{tag}>",
                        hint="remove it",
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
                    "an image has no text alternative",
                    hint="describe what it shows in the brackets: ![Rathaus am Marktplatz](…)",
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
            why = "it runs a script" if name.endswith("script") else "it is not a web address"
            return body.problem(
                needles,
                f"the address '{name}:…' in <{tag} {attribute}> is not allowed: {why}",
                hint="link a web page (https://…) or a page of this site",
            )
        if name not in LINK_SCHEMES:
            return body.problem(
                needles,
                f"the address '{name}:…' in <{tag} {attribute}> is not a web address",
                hint="use https://…, mailto: or tel:",
            )
    if loads and (scheme or plain.startswith("//")):
        host = urlparse(plain if scheme else "https:" + plain).netloc
        if host != own_host or not own_host:
            return body.problem(
                needles,
                f"<{tag}> loads a file from another host ({host}), which visitors' browsers "
                "would contact",
                hint="copy the file into content/ and link it with {static}",
            )
    return None
