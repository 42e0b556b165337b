"""Soft hyphens put in at build time, so that no browser breaks a German heading, label or table
cell in the middle of a word without a hyphen (Chromium on Linux has no German dictionary)."""

from __future__ import annotations

import pyphen
import pytest

from plugins.theme_l10n.hyphenation import (
    BREAKS,
    DICTIONARIES,
    SOFT_HYPHEN,
    _HyphDict,
    _LazyPatterns,
    hyphenate_html,
    hyphenate_text,
)


def shown(text: str) -> str:
    return text.replace(SOFT_HYPHEN, "-")


@pytest.mark.parametrize(
    ("word", "hyphenated"),
    [
        ("Außenbeziehungen", "Außen-be-zie-hun-gen"),
        ("Städtepartnerschaft", "Städ-te-part-ner-schaft"),
        ("Partnerregionen", "Part-ner-re-gio-nen"),  # the patterns: Partn-er-re-gi-o-nen
        ("Zusammenarbeit", "Zu-sam-men-ar-beit"),  # the patterns: Zu-sam-menar-beit
    ],
)
def test_long_german_words_get_soft_hyphens_where_a_german_reader_expects_them(word, hyphenated):
    assert shown(hyphenate_text(word, "de")) == hyphenated


def test_no_piece_between_two_breaks_is_a_single_letter():
    # the patterns give Eu-r-o-pa-büro; one letter on its own is never split off
    assert "-r-" not in shown(hyphenate_text("Europabüroleitung", "de"))


def test_short_words_stay_whole_unless_a_no_break_space_ties_them_to_the_next():
    assert hyphenate_text("Abteilung Aufgaben", "de") == "Abteilung Aufgaben"
    # typogrify ties the last two words of a title together; the pair must still fit a phone
    assert shown(hyphenate_text("town&nbsp;twinning", "en")) == "town&nbsp;twin-ning"


def test_tags_and_entities_are_left_as_they_are():
    text = '<span class="caps">Außenbeziehungen</span>&nbsp;&#8222;Wirtschaftsförderung&#8220;'
    result = shown(hyphenate_text(text, "de"))
    assert result == (
        '<span class="caps">Außen-be-zie-hun-gen</span>&nbsp;&#8222;Wirt-schafts-för-de-rung&#8220;'
    )


def test_in_a_body_only_headings_terms_and_table_cells_are_hyphenated():
    body = (
        "<h2>Außenbeziehungen</h2><p>Außenbeziehungen</p>"
        "<table><tr><th>Außenbeziehungen</th><td>Städtepartnerschaft</td></tr></table>"
        "<dl><dt>Städtepartnerschaft</dt><dd>Städtepartnerschaft</dd></dl>"
    )
    result = shown(hyphenate_html(body, "de"))
    assert result.count("Außen-be") == 2
    assert result.count("Städ-te") == 2
    assert "<p>Außenbeziehungen</p>" in result
    assert "<dd>Städtepartnerschaft</dd>" in result


def test_a_language_without_a_dictionary_is_left_alone():
    assert hyphenate_html("<h2>Außenbeziehungen</h2>", "xx") == "<h2>Außenbeziehungen</h2>"


def test_every_hand_made_break_differs_from_the_patterns_and_spells_the_word():
    patterns = pyphen.Pyphen(lang="de_DE", left=3, right=3)
    for word, breaks in BREAKS.items():
        assert breaks.replace("-", "") == word
        assert patterns.inserted(word) != breaks, f"{word}: the patterns do it already"


def test_a_dash_tied_to_the_last_word_of_a_title_is_not_left_at_a_line_end():
    """„Dortmund –&nbsp;Leeds“ broke after the dash and put „ Leeds“ alone on a line."""
    assert hyphenate_text("Dortmund –&nbsp;Leeds", "de") == "Dortmund –\u2060&nbsp;Leeds"


@pytest.mark.parametrize("lang", sorted(DICTIONARIES))
def test_dictionaries_read_quickly_have_pyphens_patterns(lang):
    """The dictionaries are read without parsing every pattern (half a second for German);
    every pattern a word may look up must still be what pyphen itself reads from the file."""
    path = pyphen.LANGUAGES[pyphen.language_fallback(DICTIONARIES[lang])]
    ours, pyphens = _HyphDict(path), pyphen.HyphDict(path)
    assert isinstance(ours.patterns, _LazyPatterns), "read by pyphen, not quickly"
    assert set(dict.keys(ours.patterns)) == set(pyphens.patterns)
    assert all(ours.patterns.get(letters) == found for letters, found in pyphens.patterns.items())
    assert ours.patterns.get("qqq") is None
    assert ours.maxlen == pyphens.maxlen
