"""The 404 page (a generator) and the sitemap and robots files (written once all pages are)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from xml.sax.saxutils import quoteattr

from pelican import signals
from pelican.generators import Generator

from plugins.core import enabled
from plugins.core.checking import checking, plan
from plugins.core.output import write_bytes

# The 404 page shows both languages; texts per language, German first.
NOT_FOUND_TEXT = {
    "de": {
        "title": "Seite nicht gefunden",
        "lead": "Unter dieser Adresse gibt es keine Seite. Vielleicht wurde sie verschoben, "
        "oder die Adresse enthält einen Tippfehler.",
        "next": "Hier geht es weiter:",
    },
    "en": {
        "title": "Page not found",
        "lead": "There is no page at this address. It may have moved, or the address may "
        "contain a typo.",
        "next": "Where to go from here:",
    },
}
NOT_FOUND_LINKS = ["home", "search", "partner-cities", "events", "contact"]


class NotFoundGenerator(Generator):
    def generate_output(self, writer) -> None:
        writer.write_file(
            "404.html",
            self.get_template("404"),
            self.context,
            texts=NOT_FOUND_TEXT,
            link_keys=NOT_FOUND_LINKS,
            relative_urls=False,  # served at any depth: links must not be relative
        )


class _Head(HTMLParser):
    """The `canonical`, `hreflang` alternates and robots directive of one page's <head>."""

    def __init__(self):
        super().__init__()
        self.canonical: str | None = None
        self.alternates: dict[str, str] = {}
        self.noindex = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "canonical":
            self.canonical = attributes.get("href")
        elif tag == "link" and attributes.get("rel") == "alternate" and "hreflang" in attributes:
            self.alternates[attributes["hreflang"]] = attributes.get("href", "")
        elif tag == "meta" and attributes.get("name") == "robots":
            self.noindex = "noindex" in (attributes.get("content") or "")


def read_head(path: Path) -> _Head:
    text = path.read_text(encoding="utf-8")
    head = _Head()
    head.feed(text[: text.find("</head>") + len("</head>")])
    return head


def sitemap(output: Path) -> bytes:
    """Every indexable page once, at its canonical address, with its language versions."""
    entries = []
    for path in sorted(output.rglob("*.html")):
        head = read_head(path)
        if head.noindex or not head.canonical:
            continue
        links = "".join(
            f'\n    <xhtml:link rel="alternate" hreflang={quoteattr(lang)} href={quoteattr(href)}/>'
            for lang, href in sorted(head.alternates.items())
        )
        entries.append(f"  <url>\n    <loc>{_text(head.canonical)}</loc>{links}\n  </url>\n")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' + "".join(entries) + "</urlset>\n"
    ).encode("utf-8")


def _text(value: str) -> str:
    return quoteattr(value)[1:-1]


def robots(siteurl: str | None, *, staging: bool = False) -> bytes:
    """Every crawler welcome, with the sitemap; a staging site (a preview) keeps them out."""
    if staging:
        return b"User-agent: *\nDisallow: /\n"
    lines = ["User-agent: *", "Allow: /"]
    if siteurl:
        lines.append(f"Sitemap: {siteurl}/sitemap.xml")
    return ("\n".join(lines) + "\n").encode("ascii")


def write_index_files(pelican) -> None:
    if not enabled(pelican.settings, __package__):
        return
    output = Path(pelican.output_path)
    siteurl = pelican.settings["SITEURL"]
    absolute = siteurl.startswith(("https://", "http://"))
    staging = pelican.settings.get("SITE_STAGE") == "staging"
    if absolute and not staging and checking(pelican.settings):
        plan(pelican.settings).add("sitemap.xml")  # made of the rendered pages: none in a check
    elif absolute and not staging:
        write_bytes(output / "sitemap.xml", sitemap(output))
    write_bytes(output / "robots.txt", robots(siteurl if absolute else None, staging=staging))


def get_generators(pelican) -> type[Generator] | None:
    return NotFoundGenerator if enabled(pelican.settings, __package__) else None


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(write_index_files)
