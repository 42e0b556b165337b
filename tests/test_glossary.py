"""One voice: no page and no data text uses a word that the glossary (docs/glossar.md) rejects.

The glossary's tables give, per language, the word the site uses for each thing; the columns
"nicht" (German texts) and "not" (English texts) list rejected variants in backticks, and the
columns "nicht in Überschriften" / "not in headings" list variants rejected only in titles,
headings and names. A variant matches as written (case counts) and only as whole words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from plugins.core.language_spans import MARKING

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossar.md"
LANGUAGES = ("de", "en")

# a glossary column's header → the language and the scope its variants are rejected in
REJECTING_COLUMNS = {
    "nicht": ("de", "text"),
    "not": ("en", "text"),
    "nicht in überschriften": ("de", "heading"),
    "not in headings": ("en", "heading"),
}
# the column that names the word to use instead starts with this
PREFERRED_COLUMN = {"de": "deutsch", "en": "english"}

# Front-matter fields that are shown as text; titles also count as headings.
TEXT_FIELDS = {"summary", "location"}
HEADING_FIELDS = {"title", "short_title"}
# Data fields that are identifiers, numbers, addresses or the local-language name: not text.
NOT_TEXT_KEYS = {
    "slug", "id", "page", "unit", "office", "type", "status", "country", "local", "local_lang",
    "url", "wikidata", "geonames", "updated", "since", "since_date", "status_as_of",
    "coordinates", "email", "phone", "website", "value", "year", "approximate", "postcode",
}  # fmt: skip
HEADING_KEYS = {"name"}  # names of offices, units and cities are shown as headings

PLACEHOLDER_SUPPLIER = re.compile(r"\|[^\]|]*\]\]")  # `| who supplies it]]`, never shown
LINK_TARGET = re.compile(r"\]\([^)]*\)")
URL = re.compile(r"(?:https?://|\{filename\}|\{static\})\S*")
FOREIGN_SPAN = re.compile(r'<span lang="([A-Za-z]+)[^"]*"[^>]*>(.*?)</span>')
SHORT_SPAN = re.compile(MARKING)  # `[Kulturamt]{lang=de}`, read as the build reads it
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Rule:
    variant: str
    lang: str
    scope: str  # "text" (everywhere) or "heading" (titles, headings, names)
    preferred: str

    def matches(self, text: str) -> bool:
        return whole_words(self.variant).search(text) is not None


@functools.cache
def whole_words(variant: str) -> re.Pattern[str]:
    """`variant` as written, not as part of a longer word (a hyphen ends a word)."""
    return re.compile(rf"(?<!\w){re.escape(variant)}(?!\w)")


@dataclass(frozen=True)
class Passage:
    path: str
    line: int
    lang: str | None  # None: shown in both languages
    heading: bool
    text: str


def table_rows(markdown: str) -> Iterator[tuple[list[str], list[str]]]:
    """(header cells, row cells) for each body row of each Markdown table."""
    header: list[str] | None = None
    for line in [*markdown.splitlines(), ""]:
        if not line.lstrip().startswith("|"):
            header = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if header is None:
            header = [cell.lower() for cell in cells]
        elif not all(set(cell) <= set("-: ") for cell in cells):
            yield header, cells


def rules_from(markdown: str) -> list[Rule]:
    rules = []
    for header, cells in table_rows(markdown):
        for index, name in enumerate(header):
            if name not in REJECTING_COLUMNS or index >= len(cells):
                continue
            lang, scope = REJECTING_COLUMNS[name]
            preferred = next(
                (
                    cells[i]
                    for i, other in enumerate(header)
                    if other.startswith(PREFERRED_COLUMN[lang]) and i < len(cells)
                ),
                "",
            )
            for variant in re.findall(r"`([^`]+)`", cells[index]):
                rules.append(Rule(variant, lang, scope, preferred))
    return rules


def split_languages(text: str, lang: str | None) -> Iterator[tuple[str | None, str]]:
    """The text without addresses and markup, and each passage marked as another language
    (`<span lang="de">…</span>` or `[…]{lang=de}`) in its language."""
    text = PLACEHOLDER_SUPPLIER.sub("]]", text)
    text = URL.sub(" ", LINK_TARGET.sub("]", text))
    for span in FOREIGN_SPAN.finditer(text):
        yield span.group(1).lower(), TAG.sub(" ", span.group(2))
    text = FOREIGN_SPAN.sub(" ", text)
    for span in SHORT_SPAN.finditer(text):
        yield span["code"].strip().split("-")[0].lower(), TAG.sub(" ", span["text"])
    yield lang, TAG.sub(" ", SHORT_SPAN.sub(" ", text))


def markdown_passages(path: Path, root: Path) -> Iterator[Passage]:
    relative = path.relative_to(root).as_posix()
    lang = next((part for part in path.relative_to(root).parts if part in LANGUAGES), None)
    in_front_matter = True
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if in_front_matter:
            if not line.strip():
                in_front_matter = False
                continue
            field, _, value = line.partition(":")
            field = field.strip().lower()
            if field in TEXT_FIELDS | HEADING_FIELDS:
                for part_lang, text in split_languages(value, lang):
                    yield Passage(relative, number, part_lang, field in HEADING_FIELDS, text)
            continue
        heading = line.lstrip().startswith("#")
        for part_lang, text in split_languages(line, lang):
            yield Passage(relative, number, part_lang, heading, text)


def data_passages(path: Path, root: Path) -> Iterator[Passage]:
    relative = path.relative_to(root).as_posix()

    def walk(node, line: int, lang: str | None, heading: bool) -> Iterator[Passage]:
        if isinstance(node, CommentedMap):
            for key, child in node.items():
                if key in NOT_TEXT_KEYS:
                    continue
                yield from walk(
                    child,
                    node.lc.value(key)[0] + 1,
                    key if key in LANGUAGES else lang,
                    heading or key in HEADING_KEYS,
                )
        elif isinstance(node, CommentedSeq):
            for index, child in enumerate(node):
                yield from walk(child, node.lc.item(index)[0] + 1, lang, heading)
        elif isinstance(node, str):
            for part_lang, text in split_languages(node, lang):
                yield Passage(relative, line, part_lang, heading, text)

    yield from walk(YAML().load(path.read_text(encoding="utf-8")), 1, None, False)


def passages(root: Path) -> Iterator[Passage]:
    for path in sorted((root / "content").rglob("*.md")):
        yield from markdown_passages(path, root)
    for path in sorted((root / "data").glob("*.yaml")):
        yield from data_passages(path, root)


def findings(root: Path, rules: list[Rule]) -> list[str]:
    found = []
    for passage in passages(root):
        for rule in rules:
            if passage.lang not in (rule.lang, None):
                continue
            if rule.scope == "heading" and not passage.heading:
                continue
            if rule.matches(passage.text):
                where = "heading " if rule.scope == "heading" else ""
                found.append(
                    f"{passage.path}:{passage.line}: {where}'{rule.variant}' ({rule.lang}) – "
                    f"the glossary writes: {rule.preferred}"
                )
    return found


def glossary_rules() -> list[Rule]:
    return rules_from(GLOSSARY.read_text(encoding="utf-8"))


def test_the_glossary_rejects_variants_in_both_languages_and_in_headings():
    rules = glossary_rules()
    assert len(rules) > 80, "the glossary's tables were not read"
    assert {("de", "text"), ("en", "text"), ("de", "heading")} <= {
        (rule.lang, rule.scope) for rule in rules
    }
    assert all(rule.preferred for rule in rules), "every rejected variant names the word to use"
    assert {"sister city", "Großbritannien", "Ogaki", "Łódź"} <= {rule.variant for rule in rules}


def test_no_page_or_data_text_uses_a_variant_the_glossary_rejects():
    found = findings(ROOT, glossary_rules())
    assert not found, "\n".join(found)


def test_a_rejected_variant_is_found_only_in_its_own_language_and_scope(tmp_path):
    """The check can fail: a planted variant is reported; the same word in the other language,
    in an address, in the local-language name or in running text (for a heading rule) is not."""
    (tmp_path / "content" / "pages" / "de").mkdir(parents=True)
    (tmp_path / "content" / "pages" / "en").mkdir(parents=True)
    (tmp_path / "data").mkdir()
    (tmp_path / "content" / "pages" / "de" / "seite.md").write_text(
        "Title: Kontakt und Stellen\n"
        "Key: test\n"
        "Summary: Die drei Stellen.\n"
        "\n"
        "Leeds liegt in Großbritannien; nach [Kairo](https://example.org/Cairo) geht es so.\n"
        'Der Name <span lang="en">sister city</span> gehört in keine Seite.\n'
        "Auch [sister cities]{lang=en} nicht, auch nicht in [[Leeds]{lang=en}](/x/).\n",
        encoding="utf-8",
    )
    (tmp_path / "content" / "pages" / "en" / "page.md").write_text(
        "Title: Page\n"
        "Key: test\n"
        "Summary: Our sister cities.\n"
        "\n"
        'Stuttgart is in Germany, <span lang="de">Kairo</span> in Egypt, and the slug is xian.\n'
        "In German, [Kairo]{lang=de} is also [[Kairo]{lang=de}](https://example.org/).\n",
        encoding="utf-8",
    )
    (tmp_path / "data" / "partner_cities.yaml").write_text(
        "cities:\n"
        "  - slug: lodz\n"
        "    name:\n"
        "      de: Lodz\n"
        "      en: Lodz\n"
        "      local: Łódź\n"
        "    summary:\n"
        "      de: Brünn und Kyjiw\n"
        "      en: 'Xi’an, see https://example.org/Xian'\n",
        encoding="utf-8",
    )
    found = findings(tmp_path, glossary_rules())
    assert sorted(found) == sorted(
        [
            "content/pages/de/seite.md:1: heading 'Stellen' (de) – the glossary writes: "
            "die drei Einrichtungen; die Einrichtung",
            "content/pages/de/seite.md:5: 'Großbritannien' (de) – the glossary writes: "
            "Vereinigtes Königreich",
            "content/pages/de/seite.md:6: 'sister city' (en) – the glossary writes: "
            "town twinning, twinning; the city: twin town",
            "content/pages/de/seite.md:7: 'sister cities' (en) – the glossary writes: "
            "town twinning, twinning; the city: twin town",
            "content/pages/en/page.md:3: 'sister cities' (en) – the glossary writes: "
            "town twinning, twinning; the city: twin town",
            "data/partner_cities.yaml:5: 'Lodz' (en) – the glossary writes: Łódź",
            "data/partner_cities.yaml:9: 'Xi’an' (en) – the glossary writes: Xi'an",
        ]
    ), "\n".join(found)


def guide_passages(root: Path) -> Iterator[Passage]:
    """The editors' guide (docs/redaktion.md and its task pages), German text line by line;
    `#` lines are headings."""
    for path in [
        root / "docs" / "redaktion.md",
        *sorted((root / "docs" / "redaktion").glob("*.md")),
    ]:
        relative = path.relative_to(root).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for part_lang, text in split_languages(line, "de"):
                yield Passage(relative, number, part_lang, line.startswith("#"), text)


def test_the_editors_guide_uses_the_glossarys_german_words():
    """The guide speaks as the site does: „Einrichtung“ in its headings, „Vereinigte Staaten“."""
    found = []
    for passage in guide_passages(ROOT):
        for rule in glossary_rules():
            if passage.lang != rule.lang or (rule.scope == "heading" and not passage.heading):
                continue
            if rule.matches(passage.text):
                found.append(f"{passage.path}:{passage.line}: '{rule.variant}' – {rule.preferred}")
    assert not found, "\n".join(found)
