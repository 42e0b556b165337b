"""A small reader of built HTML files for assertions (standard library only)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

INVISIBLE_SOFT_HYPHEN = "\u00ad"
WORD_JOINER = "\u2060"


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    parents: list[Element] = field(default_factory=list)

    def is_inside(self, tag: str, css_class: str) -> bool:
        return any(
            p.tag == tag and css_class in p.attrs.get("class", "").split() for p in self.parents
        )


@dataclass
class Document:
    path: Path
    elements: list[Element] = field(default_factory=list)

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        return [
            element
            for element in self.elements
            if element.tag == tag and all(element.attrs.get(k) == v for k, v in attrs.items())
        ]

    def with_class(self, tag: str, css_class: str) -> list[Element]:
        """Elements `tag` whose class list holds `css_class`."""
        return [e for e in self.find_all(tag) if css_class in e.attrs.get("class", "").split()]

    def inside(self, tag: str, container: str, css_class: str) -> list[Element]:
        """Elements `tag` inside a `container` element with class `css_class`."""
        return [e for e in self.find_all(tag) if e.is_inside(container, css_class)]

    def json_ld(self, type_name: str) -> dict:
        """The one JSON-LD block of `@type` `type_name` (a page may have several blocks)."""
        found = [
            data
            for data in (
                json.loads(e.text) for e in self.find_all("script", type="application/ld+json")
            )
            if data.get("@type") == type_name
        ]
        assert len(found) == 1, f"{self.path}: {len(found)} JSON-LD blocks of type {type_name}"
        return found[0]

    def first(self, tag: str, **attrs: str) -> Element:
        found = self.find_all(tag, **attrs)
        assert found, f"{self.path}: no <{tag} {attrs}>"
        return found[0]


class _Reader(HTMLParser):
    def __init__(self, document: Document):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.open: list[Element] = []

    def handle_starttag(self, tag, attrs):
        element = Element(
            tag, {name: value or "" for name, value in attrs}, parents=list(self.open)
        )
        self.document.elements.append(element)
        if tag not in {"meta", "link", "img", "br", "hr", "input", "source"}:
            self.open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        # the text as read: soft hyphens and word joiners only steer line breaks
        data = data.replace(INVISIBLE_SOFT_HYPHEN, "").replace(WORD_JOINER, "")
        for element in self.open:
            element.text += data


def read_html(path: Path) -> Document:
    document = Document(path)
    _Reader(document).feed(path.read_text(encoding="utf-8"))
    return document


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def url_of(site: Path, path: Path) -> str:
    """`/stuttgart/` for site/stuttgart/index.html."""
    relative = path.relative_to(site).as_posix()
    return "/" + relative.removesuffix("index.html")
