"""The short syntax for foreign-language text, `[Stuttgart Region House]{lang=en}`, read with
the build's own Markdown settings (plugins/core/markup.py, plugins/core/language_spans.py)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from plugins.core.build import load_settings
from plugins.core.language_spans import MARKING
from plugins.core.language_tags import canonical_tag, meant_tag
from plugins.core.markup import Body, markdown_converter, render_body
from plugins.core.placeholders import mark
from plugins.theme_l10n.hyphenation import hyphenate_html
from plugins.theme_l10n.typography import typeset

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = load_settings(ROOT / "pelicanconf.py")
CONVERTER = markdown_converter(SETTINGS)
CONTENT = ROOT / "content"
PAGE = CONTENT / "pages" / "en" / "index.md"
FIRST_LINE = 7  # the body starts at line 7 of its file, as after six lines of front matter


def rendered(text: str) -> tuple[str, list]:
    body = Body("content/pages/en/index.md", text, FIRST_LINE, PAGE, CONTENT)
    return render_body(body, CONVERTER)


def html_of(text: str) -> str:
    html, problems = rendered(text)
    assert problems == [], [str(p) for p in problems]
    return html


def test_a_bracketed_text_with_a_language_becomes_a_span_in_that_language():
    assert html_of("The [Stuttgart Region House]{lang=en} opened in 2002.") == (
        '<p>The <span lang="en">Stuttgart Region House</span> opened in 2002.</p>'
    )


def test_it_gives_the_same_html_as_the_raw_span_it_replaces():
    for short, raw in [
        ("the [Kulturamt]{lang=de} advises", 'the <span lang="de">Kulturamt</span> advises'),
        ("[„Europabüro“]{lang=de}", '<span lang="de">„Europabüro“</span>'),
        ("[A & B]{lang=fr}", '<span lang="fr">A & B</span>'),
        ("[Zeile eins\nZeile zwei]{lang=de}", '<span lang="de">Zeile eins\nZeile zwei</span>'),
    ]:
        assert html_of(short) == html_of(raw), short


def test_the_tag_is_written_in_its_usual_case_and_may_be_quoted_or_spaced():
    assert html_of("[Nome]{lang=PT-br}") == '<p><span lang="pt-BR">Nome</span></p>'
    assert html_of('[名字]{ lang = "zh-hans" }') == '<p><span lang="zh-Hans">名字</span></p>'
    assert html_of("[Nombre]{lang='es-419'}") == '<p><span lang="es-419">Nombre</span></p>'


def test_emphasis_around_and_inside_a_span():
    assert html_of("*[Kulturamt]{lang=de}*") == '<p><em><span lang="de">Kulturamt</span></em></p>'
    assert html_of("[**Kulturamt**]{lang=de}") == (
        '<p><span lang="de"><strong>Kulturamt</strong></span></p>'
    )
    assert html_of("**[A]{lang=de}** and [B]{lang=fr}.") == (
        '<p><strong><span lang="de">A</span></strong> and <span lang="fr">B</span>.</p>'
    )


def test_a_span_in_a_link_text_and_a_link_in_a_span():
    assert html_of("[[Leichte Sprache]{lang=de}]({filename}../de/leichte-sprache.md)") == (
        '<p><a href="{filename}../de/leichte-sprache.md">'
        '<span lang="de">Leichte Sprache</span></a></p>'
    )
    assert html_of("[siehe [Impressum](/impressum/) unten]{lang=de}") == (
        '<p><span lang="de">siehe <a href="/impressum/">Impressum</a> unten</span></p>'
    )


def test_links_reference_links_and_attribute_lists_read_as_before():
    assert html_of("[Impressum](/impressum/)") == '<p><a href="/impressum/">Impressum</a></p>'
    assert html_of("[Impressum][i]\n\n[i]: /impressum/") == (
        '<p><a href="/impressum/">Impressum</a></p>'
    )
    # attr_list sets the language of the link itself
    assert html_of("[Impressum](/impressum/){lang=de}") == (
        '<p><a href="/impressum/" lang="de">Impressum</a></p>'
    )
    # a shortcut reference of the same name stays the link it was, in that language
    assert html_of("[Impressum]{lang=de}\n\n[Impressum]: /impressum/") == (
        '<p><a href="/impressum/" lang="de">Impressum</a></p>'
    )
    assert html_of("## Contact {: #kontakt }") == '<h2 id="kontakt">Contact</h2>'


def test_text_that_merely_looks_similar_stays_as_it_is():
    for text in [
        "See note [1]{x} below.",
        "A [range]{.class} and [a]{language=en}.",
        "In set notation [0, 1]{} is written so.",
        "[Fußnote] {siehe unten}",
    ]:
        assert html_of(text) == f"<p>{text}</p>", text


def test_code_shows_the_syntax_as_written():
    assert html_of("Write `[Name]{lang=en}`.") == ("<p>Write <code>[Name]{lang=en}</code>.</p>")
    assert html_of("```\n[Name]{lang=en}\nName] {lang=xx}\n```") == (
        "<pre><code>[Name]{lang=en}\nName] {lang=xx}\n</code></pre>"
    )


def test_raw_html_stays_allowed_and_its_attributes_are_never_read_as_a_marking():
    assert html_of('<span lang="ar">القاهرة</span>') == '<p><span lang="ar">القاهرة</span></p>'
    assert html_of('<abbr title="[x]{lang=en}">X</abbr>') == (
        '<p><abbr title="[x]{lang=en}">X</abbr></p>'
    )


def test_a_placeholder_and_a_foreign_name_in_one_line():
    text = "Address: [Stadt Dortmund]{lang=de}, [[folgt: street | Stadt Dortmund]], Dortmund"
    problems: list = []
    marked, found = mark(text, "content/pages/en/legal-notice.md", 5, "en", problems)
    assert problems == [] and [p.what for p in found] == ["street"]
    assert html_of(marked) == (
        '<p>Address: <span lang="de">Stadt Dortmund</span>, '
        '<span class="pending">To be supplied: street</span>, Dortmund</p>'
    )


@pytest.mark.parametrize("lang", ["de", "en"])
def test_typography_and_hyphenation_treat_it_as_the_raw_span(lang):
    """Quotes, dashes, no-break spaces and soft hyphens come out as for the raw span, in
    headings (with their ids) as in paragraphs."""
    short = (
        "### City of Stuttgart ([Landeshauptstadt Stuttgart]{lang=de})\n\n"
        'Named "[Europabüro der Region Stuttgart]{lang=de}" - since 2002, '
        "z. B. [Oberbürgermeisterin oder Oberbürgermeister]{lang=de}.\n\n"
        "| Amt |\n|---|\n| [Informationstechnik-Verordnung]{lang=de} |\n"
    )
    raw = re.sub(r"\[([^\[\]]+)\]\{lang=(\w+)\}", r'<span lang="\2">\1</span>', short)
    assert raw != short

    def typeset_page(text: str) -> str:
        return hyphenate_html(typeset(html_of(text), lang), lang)

    assert typeset_page(short) == typeset_page(raw)
    assert 'id="city-of-stuttgart-landeshauptstadt-stuttgart"' in typeset_page(short)
    assert "\u00ad" in typeset_page(short), "the table cell is hyphenated"


def test_a_tag_that_is_not_a_language_is_reported_at_its_line_with_what_to_do():
    html, problems = rendered("First line.\n\nThe [Stuttgart Region House]{lang=englisch}.")
    assert [p.text("de") for p in problems] == [
        f"content/pages/en/index.md:{FIRST_LINE + 2}: Feld 'lang': 'englisch' ist kein "
        "Sprachkürzel wie en, fr oder pt-BR – Meinten Sie 'en'? So schreiben: "
        "[Stuttgart Region House]{lang=en}"
    ]
    assert problems[0].excerpt == "The [Stuttgart Region House]{lang=englisch}."
    assert problems[0].column == len("The [Stuttgart Region House]") + 1
    assert (
        problems[0]
        .text("en")
        .endswith(
            "field 'lang': 'englisch' is not a language code like en, fr or pt-BR – did you mean "
            "'en'? Write it like this: [Stuttgart Region House]{lang=en}"
        )
    )
    assert "<span>Stuttgart Region House</span>" in html, "the text is kept, without a language"


@pytest.mark.parametrize(
    ("code", "meant"),
    [
        ("ge", None),  # German is de
        ("eng", None),  # BCP 47 takes the two-letter code
        ("en_GB", "en-GB"),
        ("Deutsch", "de"),
        ("french", "fr"),
        ("xx", None),
        ("de-XY", None),
        ("zh-Hanx", None),
        ("en-GB-oxendict", None),
    ],
)
def test_each_kind_of_wrong_tag_is_refused(code, meant):
    assert canonical_tag(code) is None
    assert meant_tag(code) == meant
    _html, problems = rendered(f"The [name]{{lang={code}}}.")
    assert len(problems) == 1 and problems[0].field == "lang"
    assert f"'{code}' ist kein Sprachkürzel" in problems[0].text("de")
    assert (f"Meinten Sie '{meant}'?" in problems[0].text("de")) == (meant is not None)


def test_a_missing_tag_is_reported():
    _html, problems = rendered("The [name]{lang=}.")
    assert [p.text("de").split(" – ")[0] for p in problems] == [
        f"content/pages/en/index.md:{FIRST_LINE}: Feld 'lang': nach 'lang=' fehlt das Kürzel "
        "der Sprache"
    ]


def test_a_language_after_a_space_or_without_brackets_is_reported_where_it_is():
    text = (
        "The [Kulturamt]{lang=de} advises.\n"  # right: converted
        "The [Sozialamt] {lang=de} too.\n"  # a space before the brace
        "And Amt für Sport und Bewegung]{lang=de}.\n"  # the opening bracket forgotten
        "Nested: [the [Amt]{lang=de} office]{lang=en}.\n"  # a marking inside another
        "Empty: []{lang=de}."
    )
    _html, problems = rendered(text)
    assert sorted((p.line, p.column, p.field) for p in problems) == [
        (FIRST_LINE + 1, len("The [Sozialamt] ") + 1, "lang"),
        (FIRST_LINE + 2, len("And Amt für Sport und Bewegung]") + 1, "lang"),
        (FIRST_LINE + 3, len("Nested: [the [Amt]") + 1, "lang"),
        (FIRST_LINE + 4, len("Empty: []") + 1, "lang"),
    ]
    assert problems[0].text("de") == (
        f"content/pages/en/index.md:{FIRST_LINE + 1}: Feld 'lang': '{{lang=de}}' steht nicht "
        "direkt hinter einem Text in eckigen Klammern – den fremdsprachigen Text in eckige "
        "Klammern setzen, {lang=de} ohne Leerzeichen direkt dahinter: "
        "[Stuttgart Region House]{lang=en}"
    )


def test_the_search_for_markings_takes_linear_time_on_hostile_text():
    """Possessive repetition: a line of brackets that never close cannot make the search
    backtrack (a greedy pattern would take minutes on these)."""
    marking = re.compile(MARKING)
    for text in ["[" * 200_000, "[a" * 100_000, "[x" + "[a]" * 60_000, "]{lang=en}" * 20_000]:
        started = time.perf_counter()
        assert list(marking.finditer(text)) == []
        assert time.perf_counter() - started < 1.0, text[:12]
