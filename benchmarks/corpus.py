"""A corpus of pages and events that grows the site to a chosen size, the same on every run.

`make_corpus(pairs)` makes `pairs` page pairs (German and English, paired by `Key:`) under ten
sections (lexicon.SECTIONS), each section split into topic folders of at most 25 pages, and
`pairs // 10` event pairs. Every page has about 1,000 words of Markdown: headings, paragraphs,
bullet and numbered lists, tables, quotes, emphasis, links to other pages of the corpus
(`{filename}` links, as editors write them), umlauts and ß, abbreviations, dashes and quotes
for typogrify to work on. A page and its translation share their structure (the same headings,
lists, tables and links, in that order), as translated pages do. Everything comes from one
seeded random generator: the same `pairs` and `seed` give the same files, byte for byte.

The files are Markdown only (the site refuses raw HTML other than text markup) with the front
matter the site requires: Title, Key, Summary and, for most pages, Order; events have Title,
UID, Start, End, Office and Updated.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import lexicon as lx

SEED = 12
LANGS = ("de", "en")
GROUP_SIZE = 25  # pages per topic folder, its index page included
WORDS = (1000, 120, 750, 1300)  # words per page: mean, spread, least, most
EVENT_WORDS = (200, 40, 120, 300)
OVERSHOOT = 30  # words a page gets past its target: the last block and the related links
OFFICES = ("stuttgart", "region-stuttgart", "dortmund")
FIRST_EVENT_DAY = dt.date(2027, 1, 20)  # after the benchmark's BUILD_DATE, so all are upcoming
UPDATED = "2027-01-10"


@dataclass(frozen=True)
class Page:
    """One page file: `path` is relative to `content/pages/<lang>/`."""

    lang: str
    path: str
    title: str
    key: str
    summary: str
    order: int | None
    body: str

    def source(self) -> str:
        fields = [f"Title: {self.title}", f"Key: {self.key}", f"Summary: {self.summary}"]
        if self.order is not None:
            fields.append(f"Order: {self.order}")
        return "\n".join(fields) + "\n\n" + self.body


@dataclass(frozen=True)
class Event:
    """One event file, `content/events/<lang>/<slug>.md`."""

    lang: str
    slug: str
    title: str
    uid: str
    start: dt.datetime
    end: dt.datetime
    office: str
    body: str

    def source(self) -> str:
        return (
            f"Title: {self.title}\nUID: {self.uid}\n"
            f"Start: {self.start:%Y-%m-%d %H:%M}\nEnd: {self.end:%Y-%m-%d %H:%M}\n"
            f"Office: {self.office}\nUpdated: {UPDATED}\n\n{self.body}"
        )


@dataclass(frozen=True)
class Corpus:
    pairs: int
    seed: int
    pages: tuple[Page, ...]
    events: tuple[Event, ...]

    def add_to(self, project: Path) -> None:
        """Write the pages and events into a copy of the project (tests.fixture_site)."""
        for page in self.pages:
            write(project / "content" / "pages" / page.lang / page.path, page.source())
        for event in self.events:
            write(project / "content" / "events" / event.lang / f"{event.slug}.md", event.source())


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def words(markdown: str) -> int:
    """Words of a Markdown text: tokens with a letter or digit (not `##`, `|`, `-`)."""
    return sum(1 for token in markdown.split() if any(c.isalnum() for c in token))


def slugify(text: str, limit: int = 40) -> str:
    """An address part as the site wants it: lowercase ASCII letters, digits and hyphens."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = text.replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "seite"


# --- German grammar, as much as the sentences need ---------------------------------------

ARTICLE = {
    ("m", "nom"): "der",
    ("f", "nom"): "die",
    ("n", "nom"): "das",
    ("m", "acc"): "den",
    ("f", "acc"): "die",
    ("n", "acc"): "das",
    ("m", "dat"): "dem",
    ("f", "dat"): "der",
    ("n", "dat"): "dem",
}
STRONG_ENDING = {"m": "er", "f": "e", "n": "es"}  # an adjective without article


def weak_ending(gender: str, case: str) -> str:
    """An adjective's ending after the definite article."""
    return "en" if case == "dat" or (case == "acc" and gender == "m") else "e"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def german_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


# --- the language-neutral plan of a text, rendered in each language -------------------------


@dataclass(frozen=True)
class Thing:
    """A noun phrase: compound part and head, an adjective (or None), emphasis (0, 1, 2)."""

    part: int
    head: int
    adjective: int | None
    emphasis: int

    def german(self, case: str) -> str:
        gender, head, _ = lx.COMPOUND_HEADS[self.head]
        noun = emphasised(lx.COMPOUND_PARTS[self.part][0] + head.lower(), self.emphasis)
        article = ARTICLE[gender, case]
        if self.adjective is None:
            return f"{article} {noun}"
        adjective = lx.ADJECTIVES[self.adjective][0] + weak_ending(gender, case)
        return f"{article} {adjective} {noun}"

    def english(self) -> str:
        noun = f"{lx.COMPOUND_PARTS[self.part][1]} {lx.COMPOUND_HEADS[self.head][2]}"
        noun = emphasised(noun, self.emphasis)
        if self.adjective is None:
            return f"the {noun}"
        return f"the {lx.ADJECTIVES[self.adjective][1]} {noun}"

    def german_title(self) -> str:
        gender, head, _ = lx.COMPOUND_HEADS[self.head]
        noun = lx.COMPOUND_PARTS[self.part][0] + head.lower()
        if self.adjective is None:
            return noun
        adjective = lx.ADJECTIVES[self.adjective][0] + STRONG_ENDING[gender]
        return f"{capitalised(adjective)} {noun}"

    def english_title(self) -> str:
        noun = f"{lx.COMPOUND_PARTS[self.part][1]} {lx.COMPOUND_HEADS[self.head][2]}"
        if self.adjective is None:
            return capitalised(noun)
        return capitalised(f"{lx.ADJECTIVES[self.adjective][1]} {noun}")


def emphasised(text: str, emphasis: int) -> str:
    """`text` as it is (0), strong (1) or emphasised (2)."""
    mark = ("", "**", "*")[emphasis]
    return f"{mark}{text}{mark}"


@dataclass(frozen=True)
class Link:
    """A link to another page of the corpus, by its number."""

    target: int


@dataclass
class Sentence:
    """One sentence: which pattern, and the choices that fill it (the same in both languages)."""

    pattern: int
    values: dict


PATTERNS = 14  # sentence patterns, see german_sentence and english_sentence
LINK_PATTERN = 9
QUOTE_PATTERN = 8
PLAIN_PATTERNS = (0, 1, 3, 5, 11)


class Plan:
    """Draws the choices of a text from the random generator."""

    def __init__(self, rng: random.Random, link_targets: Callable[[], int] | None):
        self.rng = rng
        self.link_targets = link_targets

    def thing(self, emphasis: bool = True) -> Thing:
        rng = self.rng
        return Thing(
            rng.randrange(len(lx.COMPOUND_PARTS)),
            rng.randrange(len(lx.COMPOUND_HEADS)),
            rng.randrange(len(lx.ADJECTIVES)) if rng.random() < 0.4 else None,
            rng.choice((0, 0, 0, 0, 0, 1, 2)) if emphasis else 0,
        )

    def sentence(self, plain: bool = False) -> Sentence:
        """`plain`: no link, no emphasis, no quotes (for a Summary, which is plain text)."""
        rng = self.rng
        pattern = rng.choice(PLAIN_PATTERNS) if plain else rng.randrange(PATTERNS)
        if pattern == LINK_PATTERN and not self.link_targets:
            pattern = 0
        values = {
            "actor": rng.randrange(len(lx.ACTORS)),
            "actor2": rng.randrange(len(lx.ACTORS)),
            "verb": rng.randrange(len(lx.VERBS)),
            "verb2": rng.randrange(len(lx.VERBS)),
            "thing": self.thing(not plain),
            "thing2": self.thing(not plain),
            "adverbial": rng.randrange(10),
            "city": rng.randrange(len(lx.CITIES)),
            "home": rng.randrange(len(lx.HOMES)),
            "year": rng.randrange(1989, 2028),
            "number": rng.choice((12, 25, 40, 85, 120, 250, 1200, 3500, 14000)),
            "amount": rng.choice((5000, 12500, 45000, 80000, 250000, 1200000)),
            "day": rng.randrange(1, 29),
            "month": rng.randrange(12),
            "person": rng.randrange(len(lx.PEOPLE)),
            "clause": rng.randrange(len(lx.CLAUSES["de"])),
            "clause2": rng.randrange(len(lx.CLAUSES["de"])),
            "programme": rng.randrange(len(lx.PROGRAMMES)),
        }
        if pattern == LINK_PATTERN:
            values["link"] = Link(self.link_targets())
        return Sentence(pattern, values)


def german_adverbial(v: dict) -> str:
    city = lx.CITIES[v["city"]][0]
    month = lx.MONTHS[v["month"]][0]
    return (
        f"seit {v['year']}",
        f"im Frühjahr {v['year']}",
        f"in {city}",
        "jedes Jahr",
        "zum ersten Mal",
        f"mit {german_number(v['number'])} Teilnehmenden",
        f"für rund {german_number(v['amount'])} Euro",
        f"nach dem Beschluss des Gemeinderats vom {v['day']}. {month} {v['year']}",
        f"gemeinsam mit {city}",
        "über drei Jahre",
    )[v["adverbial"]]


def english_adverbial(v: dict) -> str:
    city = lx.CITIES[v["city"]][1]
    month = lx.MONTHS[v["month"]][1]
    return (
        f"since {v['year']}",
        f"in the spring of {v['year']}",
        f"in {city}",
        "every year",
        "for the first time",
        f"with {v['number']:,} participants",
        f"for around €{v['amount']:,}",
        f"following the council's decision of {v['day']} {month} {v['year']}",
        f"together with {city}",
        "over three years",
    )[v["adverbial"]]


def german_actor(index: int, case: str) -> str:
    gender, name = lx.ACTORS[index][0]
    return f"{ARTICLE[gender, case]} {name}"


def german_sentence(s: Sentence, link: Callable[[Link], tuple[str, str]]) -> str:
    v = s.values
    actor, actor2 = german_actor(v["actor"], "nom"), german_actor(v["actor2"], "nom")
    verb, verb2 = lx.VERBS[v["verb"]][0], lx.VERBS[v["verb2"]][0]
    thing, thing2 = v["thing"].german("acc"), v["thing2"].german("acc")
    adverbial = german_adverbial(v)
    city, home = lx.CITIES[v["city"]][0], lx.HOMES[v["home"]][0]
    clause, clause2 = lx.CLAUSES["de"][v["clause"]], lx.CLAUSES["de"][v["clause2"]]
    year, month = v["year"], lx.MONTHS[v["month"]][0]
    amount = german_number(v["amount"])
    match s.pattern:
        case 0:
            return f"{capitalised(actor)} {verb} {thing} {adverbial}."
        case 1:
            return f"{capitalised(adverbial)} {verb} {actor} {thing}."
        case 2:
            return f"Gemeinsam mit {german_actor(v['actor2'], 'dat')} {verb} {actor} {thing}."
        case 3:
            return f"{capitalised(actor)} ist für {thing} zuständig; {clause}."
        case 4:
            guests = german_number(v["number"])
            destination = "in die Region" if home == "die Region" else f"nach {home}"
            return f"Im Jahr {year} kamen {guests} Gäste aus {city} {destination}."
        case 5:
            return f"Für {thing} stehen {amount} Euro bereit."
        case 6:
            return f"Wer {thing} plant, wendet sich an {german_actor(v['actor'], 'acc')}."
        case 7:
            return f"{capitalised(actor)} {verb} {thing}, während {actor2} {thing2} {verb2}."
        case 8:
            person = lx.PEOPLE[v["person"]]
            said = capitalised(v["thing"].german("nom"))
            return f"„{said} ist für uns ein großer Gewinn“, sagt {person}."
        case 9:
            title, href = link(v["link"])
            return f"Mehr dazu steht auf der Seite [{title}]({href})."
        case 10:
            programme = lx.PROGRAMMES[v["programme"]]
            return f"Die EU fördert {thing} über das Programm {programme} mit {amount} Euro."
        case 11:
            return f"Am {v['day']}. {month} {year} {verb} {actor} {thing} in {city}."
        case 12:
            return f"Wichtig ist: {clause} – und {clause2}."
        case 13:
            first, second = v["thing"].german("nom"), v["thing2"].german("nom")
            return f"Auf dem Programm stehen {first}, {second} & vieles mehr ..."
    raise ValueError(s.pattern)


def english_sentence(s: Sentence, link: Callable[[Link], tuple[str, str]]) -> str:
    v = s.values
    actor, actor2 = lx.ACTORS[v["actor"]][1], lx.ACTORS[v["actor2"]][1]
    verb, verb2 = lx.VERBS[v["verb"]][1], lx.VERBS[v["verb2"]][1]
    thing, thing2 = v["thing"].english(), v["thing2"].english()
    adverbial = english_adverbial(v)
    city, home = lx.CITIES[v["city"]][1], lx.HOMES[v["home"]][1]
    clause, clause2 = lx.CLAUSES["en"][v["clause"]], lx.CLAUSES["en"][v["clause2"]]
    year, month = v["year"], lx.MONTHS[v["month"]][1]
    amount = f"€{v['amount']:,}"
    match s.pattern:
        case 0:
            return f"{capitalised(actor)} {verb} {thing} {adverbial}."
        case 1:
            return f"{capitalised(adverbial)}, {actor} {verb} {thing}."
        case 2:
            return f"Together with {actor2}, {actor} {verb} {thing}."
        case 3:
            return f"{capitalised(actor)} is responsible for {thing}; {clause}."
        case 4:
            return f"In {year}, {v['number']:,} guests came from {city} to {home}."
        case 5:
            return f"{amount} is available for {thing}."
        case 6:
            return f"Anyone planning {thing} should contact {actor}."
        case 7:
            return f"{capitalised(actor)} {verb} {thing}, while {actor2} {verb2} {thing2}."
        case 8:
            person = lx.PEOPLE[v["person"]]
            return f'"{capitalised(thing)} is a real gain for us," says {person}.'
        case 9:
            title, href = link(v["link"])
            return f"There is more on the page [{title}]({href})."
        case 10:
            programme = lx.PROGRAMMES[v["programme"]]
            return f"The EU funds {thing} through the {programme} programme with {amount}."
        case 11:
            return f"On {v['day']} {month} {year}, {actor} {verb} {thing} in {city}."
        case 12:
            return f"One thing matters: {clause} -- and {clause2}."
        case 13:
            return f"The programme includes {thing}, {thing2} & much more ..."
    raise ValueError(s.pattern)


SENTENCE = {"de": german_sentence, "en": english_sentence}


def render(sentences: list[Sentence], lang: str, link) -> str:
    return " ".join(SENTENCE[lang](sentence, link) for sentence in sentences)


# --- blocks of a page ------------------------------------------------------------------------


def block(plan: Plan) -> Callable[[str, Callable], str]:
    """One block of Markdown (paragraph, list, table, quote, sub-heading), as a function of the
    language, so that both languages get the same block."""
    rng = plan.rng
    kind = rng.choices(
        ("paragraph", "bullets", "steps", "table", "quote", "subheading"),
        weights=(10, 2, 1, 1, 1, 1),
    )[0]
    if kind == "paragraph":
        return paragraph(plan)
    if kind == "bullets":
        items = [
            (plan.thing(), rng.randrange(len(lx.CLAUSES["de"])), plan.sentence())
            for _ in range(rng.randrange(3, 7))
        ]
        linked = [
            Link(plan.link_targets()) if plan.link_targets and rng.random() < 0.3 else None
            for _ in items
        ]

        def bullets(lang: str, link) -> str:
            lines = []
            for (thing, clause, _), target in zip(items, linked, strict=True):
                if target is not None:
                    title, href = link(target)
                    lines.append(f"- [{title}]({href})")
                    continue
                name = capitalised(thing.german("nom") if lang == "de" else thing.english())
                dash = "–" if lang == "de" else "--"
                lines.append(f"- {name} {dash} {lx.CLAUSES[lang][clause]}")
            return "\n".join(lines)

        return bullets
    if kind == "steps":
        clauses = rng.sample(range(len(lx.CLAUSES["de"])), rng.randrange(3, 6))
        return lambda lang, link: "\n".join(
            f"{number}. {capitalised(lx.CLAUSES[lang][clause])}."
            for number, clause in enumerate(clauses, 1)
        )
    if kind == "table":
        rows = [
            (
                rng.randrange(1990, 2028),
                rng.randrange(len(lx.CITIES)),
                rng.randrange(8, 400),
                rng.randrange(1, 400) * 250,
            )
            for _ in range(rng.randrange(3, 7))
        ]

        def table(lang: str, link) -> str:
            if lang == "de":
                head = "| Jahr | Partnerstadt | Teilnehmende | Mittel in Euro |"
                cells = [
                    (y, lx.CITIES[c][0], german_number(p), german_number(m)) for y, c, p, m in rows
                ]
            else:
                head = "| Year | Partner city | Participants | Funds in euros |"
                cells = [(y, lx.CITIES[c][1], f"{p:,}", f"{m:,}") for y, c, p, m in rows]
            lines = [head, "|------|--------------|-------------:|---------------:|"]
            lines += [f"| {y} | {c} | {p} | {m} |" for y, c, p, m in cells]
            return "\n".join(lines)

        return table
    if kind == "quote":
        sentence = plan.sentence()
        sentence.pattern = QUOTE_PATTERN
        return lambda lang, link: "> " + SENTENCE[lang](sentence, link)
    heading = plan.thing(emphasis=False)
    return lambda lang, link: (
        "### " + (heading.german_title() if lang == "de" else heading.english_title())
    )


@dataclass(frozen=True)
class Text:
    """A body in both languages."""

    de: str
    en: str


def page_text(plan: Plan, link_of: dict[str, Callable], target_words: int, related: list[int]):
    """A page body of about `target_words` words (the mean of both languages: English needs
    about a sixth more words than German), in both languages."""
    rng = plan.rng
    parts: dict[str, list[str]] = {lang: [] for lang in LANGS}
    count = 0.0
    target_words -= OVERSHOOT

    def add(make: Callable[[str, Callable], str]) -> None:
        nonlocal count
        for lang in LANGS:
            parts[lang].append(make(lang, link_of[lang]))
        count += (words(parts["de"][-1]) + words(parts["en"][-1])) / 2

    for _ in range(rng.randrange(1, 3)):
        add(paragraph(plan))
    headings = rng.sample(range(len(lx.HEADINGS["de"])), len(lx.HEADINGS["de"]))
    while count < target_words:
        heading = headings.pop() if headings else None
        if heading is None:
            thing = plan.thing(emphasis=False)
            add(
                lambda lang, _link, t=thing: (
                    "## " + (t.german_title() if lang == "de" else t.english_title())
                )
            )
        else:
            add(lambda lang, _link, h=heading: "## " + lx.HEADINGS[lang][h])
        add(paragraph(plan))
        for _ in range(rng.randrange(1, 4)):
            if count >= target_words:
                break
            add(block(plan))
    if related:
        add(lambda lang, _link: "## " + ("Mehr zum Thema" if lang == "de" else "Related pages"))
        add(
            lambda lang, link: "\n".join(
                f"- [{title}]({href})" for title, href in (link(Link(n)) for n in related)
            )
        )
    return Text(*("\n\n".join(parts[lang]) + "\n" for lang in LANGS))


def paragraph(plan: Plan) -> Callable[[str, Callable], str]:
    sentences = [plan.sentence() for _ in range(plan.rng.randrange(3, 7))]
    return lambda lang, link: render(sentences, lang, link)


# --- the corpus ------------------------------------------------------------------------------


@dataclass
class Slot:
    """A page pair's place in the tree, before its text is written."""

    number: int
    section: int
    kind: str  # "section", "topic" or "page"
    paths: dict[str, str]
    titles: dict[str, str]
    key: str
    order: int | None


def layout(pairs: int, rng: random.Random) -> list[Slot]:
    """`pairs` page pairs, as evenly as possible under the ten sections: each section an index
    page and topic folders of GROUP_SIZE pages (the folder's index page and its pages)."""
    if pairs < len(lx.SECTIONS):
        raise ValueError(f"at least {len(lx.SECTIONS)} page pairs are needed, one per section")
    slots: list[Slot] = []
    plan = Plan(rng, None)
    for section, ((de_folder, de_title), (en_folder, en_title)) in enumerate(lx.SECTIONS):
        size = pairs // len(lx.SECTIONS) + (section < pairs % len(lx.SECTIONS))
        slots.append(
            Slot(
                len(slots) + 1,
                section,
                "section",
                {"de": f"{de_folder}/index.md", "en": f"{en_folder}/index.md"},
                {"de": de_title, "en": en_title},
                f"bench-{en_folder}",
                900 + section,
            )
        )
        left, topic = size - 1, 0
        while left > 0:
            topic += 1
            thing, other = plan.thing(emphasis=False), plan.thing(emphasis=False)
            titles = {
                "de": f"{thing.german_title()} und {other.german_title()}",
                "en": f"{thing.english_title()} and {other.english_title().lower()}",
            }
            folders = {
                "de": f"{de_folder}/{slugify(titles['de'], 30)}-{topic}",
                "en": f"{en_folder}/{slugify(titles['en'], 30)}-{topic}",
            }
            slots.append(
                Slot(
                    len(slots) + 1,
                    section,
                    "topic",
                    {lang: f"{folders[lang]}/index.md" for lang in LANGS},
                    titles,
                    f"bench-{en_folder}-topic-{topic}",
                    topic * 10,
                )
            )
            left -= 1
            for position in range(min(GROUP_SIZE - 1, left)):
                number = len(slots) + 1
                titles = page_titles(plan)
                slots.append(
                    Slot(
                        number,
                        section,
                        "page",
                        {
                            lang: f"{folders[lang]}/{slugify(titles[lang])}-{number}.md"
                            for lang in LANGS
                        },
                        titles,
                        f"bench-page-{number}",
                        (position + 1) * 10 if rng.random() < 0.8 else None,
                    )
                )
                left -= 1
    return slots


def page_titles(plan: Plan) -> dict[str, str]:
    rng = plan.rng
    thing = plan.thing(emphasis=False)
    city = lx.CITIES[rng.randrange(len(lx.CITIES))]
    match rng.randrange(3):
        case 0:
            return {
                "de": f"{thing.german_title()} mit {city[0]}",
                "en": f"{thing.english_title()} with {city[1]}",
            }
        case 1:
            year = rng.randrange(2015, 2029)
            return {"de": f"{thing.german_title()} {year}", "en": f"{thing.english_title()} {year}"}
    other = plan.thing(emphasis=False)
    return {
        "de": f"{thing.german_title()} und {other.german_title()}",
        "en": f"{thing.english_title()} and {other.english_title().lower()}",
    }


def make_corpus(pairs: int, seed: int = SEED, events: int | None = None) -> Corpus:
    """`pairs` page pairs and `events` event pairs (default: pairs // 10)."""
    rng = random.Random(seed)
    slots = layout(pairs, rng)
    by_number = {slot.number: slot for slot in slots}

    def linker(lang: str, source: str) -> Callable[[Link], tuple[str, str]]:
        folder = posixpath.dirname(source)

        def link(target: Link) -> tuple[str, str]:
            slot = by_number[target.target]
            return slot.titles[lang], "{filename}" + posixpath.relpath(slot.paths[lang], folder)

        return link

    def any_page() -> int:
        return rng.randrange(1, len(slots) + 1)

    pages: list[Page] = []
    for slot in slots:
        plan = Plan(rng, any_page)
        target = round(min(max(rng.gauss(WORDS[0], WORDS[1]), WORDS[2]), WORDS[3]))
        related = [any_page() for _ in range(3)]
        links = {lang: linker(lang, slot.paths[lang]) for lang in LANGS}
        text = page_text(plan, links, target, related)
        summary = Plan(rng, None).sentence(plain=True)
        for lang in LANGS:
            pages.append(
                Page(
                    lang,
                    slot.paths[lang],
                    slot.titles[lang],
                    slot.key,
                    SENTENCE[lang](summary, links[lang]),
                    slot.order,
                    getattr(text, lang),
                )
            )
    return Corpus(pairs, seed, tuple(pages), tuple(make_events(rng, events_of(pairs, events))))


def events_of(pairs: int, events: int | None) -> int:
    return pairs // 10 if events is None else events


def make_events(rng: random.Random, count: int) -> list[Event]:
    events: list[Event] = []
    for number in range(1, count + 1):
        plan = Plan(rng, None)
        titles = page_titles(plan)
        day = FIRST_EVENT_DAY + dt.timedelta(days=rng.randrange(330))
        start = dt.datetime.combine(day, dt.time(rng.choice((10, 14, 17, 18, 19))))
        end = start + dt.timedelta(hours=rng.choice((1, 2, 3)))
        office = OFFICES[rng.randrange(len(OFFICES))]
        target = round(min(max(rng.gauss(*EVENT_WORDS[:2]), EVENT_WORDS[2]), EVENT_WORDS[3]))
        intro = [plan.sentence() for _ in range(rng.randrange(3, 6))]
        steps = rng.sample(range(len(lx.CLAUSES["de"])), 3)
        more: list[Sentence] = []
        body = {}
        while True:
            for lang in LANGS:
                items = "\n".join(f"- {capitalised(lx.CLAUSES[lang][c])}" for c in steps)
                body[lang] = (
                    f"{render(intro, lang, None)}\n\n{items}\n\n{render(more, lang, None)}\n"
                )
            if words(body["de"]) >= target:
                break
            more.append(plan.sentence())
        for lang in LANGS:
            slug = f"{slugify(titles[lang])}-{number}"
            events.append(
                Event(
                    lang,
                    slug,
                    titles[lang],
                    f"bench-event-{number}@international.example",
                    start,
                    end,
                    office,
                    body[lang],
                )
            )
    return events
