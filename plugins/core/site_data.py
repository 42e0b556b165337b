"""The editors' data files as typed records: `data/offices.yaml` and `data/partner_cities.yaml`.

`load_site_data(data_dir)` is the one entry point every plugin uses. It reads both files,
checks every field and every reference between them (a city's office, a contact's unit) and
raises `ContentErrors` with all problems of both files together. The schema is documented for
editors at the top of each file and in docs/daten.md.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path

from .data import (
    LANGUAGES,
    Fields,
    LocalText,
    Source,
    boolean,
    choice,
    country,
    describe,
    email,
    integer,
    iso_date,
    language_tag,
    latitude,
    load_yaml,
    long_text,
    longitude,
    phone,
    slug,
    text,
    web_address,
    wikidata_id,
    year,
)
from .errors import ContentErrors, Problem
from .messages import Msg
from .placeholders import Placeholder

RELATION_TYPES = (
    "partnerschaft",
    "freundschaft",
    "solidaritaetspartnerschaft",
    "projektpartnerschaft",
    "partnerregion",
)
STATUSES = ("aktiv", "ruhend", "beendet")


@dataclass(frozen=True)
class Address:
    street: str | None
    postcode: str | None
    city: LocalText
    country: str
    note: LocalText | None  # what is still to be supplied, shown as such
    note_line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Contact:
    name: str | None
    role: LocalText
    unit: str | None
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class Unit:
    id: str
    name: LocalText
    description: LocalText
    address: Address | None
    page: str | None


@dataclass(frozen=True)
class Office:
    id: str
    name: LocalText
    body: LocalText
    short_name: LocalText  # where space is short: event lists, calendar names
    placement: LocalText | None
    address: Address
    website: str
    page: str  # page key of the office's section
    tasks: tuple[LocalText, ...]
    networks: tuple[str, ...]
    units: tuple[Unit, ...]
    contacts: tuple[Contact, ...]
    line: int
    updated: dt.date | None = None  # the day the record last changed (anniversaries' stamp)


@dataclass(frozen=True)
class Relation:
    office: str
    type: str
    since: int | None
    since_date: dt.date | None
    status: str
    status_as_of: int | None  # the last year a source confirms the status; None: current
    holder: LocalText | None  # who holds the relation, where not the office's body itself
    note: LocalText | None


@dataclass(frozen=True)
class Population:
    value: int
    year: int | None
    source: str
    approximate: bool


@dataclass(frozen=True)
class Link:
    url: str
    title: LocalText


@dataclass(frozen=True)
class PartnerCity:
    slug: str
    name: LocalText
    local_name: str
    local_lang: str
    country: str
    lat: float | None
    lon: float | None
    wikidata: str | None
    geonames: int | None
    relations: tuple[Relation, ...]
    population: Population | None
    summary: LocalText
    links: tuple[Link, ...]
    line: int = field(default=0, compare=False)  # where the record starts in the file
    # the day the record last changed (anniversaries' stamp): about the record, not the city
    updated: dt.date | None = field(default=None, compare=False)

    @property
    def offices(self) -> tuple[str, ...]:
        return tuple(relation.office for relation in self.relations)

    @property
    def is_region(self) -> bool:
        """A partner region rather than a city (Northern Virginia)."""
        return all(relation.type == "partnerregion" for relation in self.relations)


@dataclass(frozen=True)
class SiteData:
    offices: tuple[Office, ...]
    cities: tuple[PartnerCity, ...]

    def office(self, office_id: str) -> Office:
        return next(office for office in self.offices if office.id == office_id)

    def city(self, slug: str) -> PartnerCity:
        return next(city for city in self.cities if city.slug == slug)

    def cities_of(self, office_id: str) -> list[PartnerCity]:
        return [city for city in self.cities if office_id in city.offices]

    def relation_values(self, attribute: str) -> list[str]:
        """The relation types or statuses in use, in schema order: the options of a filter."""
        order = {"type": RELATION_TYPES, "status": STATUSES}[attribute]
        used = {getattr(r, attribute) for city in self.cities for r in city.relations}
        return [value for value in order if value in used]


def read_site_data(data_dir: Path, records: dict | None = None) -> tuple[SiteData, list[Problem]]:
    """Read and check both data files: the records, and every problem found.

    With problems, the records are incomplete (fields may be None); they still tell which
    office ids and city slugs exist, so references to them can be checked in the same run.
    `records`: the preview's parsed records of earlier runs, by file (data.Source.records).
    """
    problems: list[Problem] = []

    def source(name: str) -> Source:
        shown_as = f"data/{name}"
        kept = None if records is None else records.setdefault(shown_as, {})
        return Source(data_dir / name, shown_as, problems, kept)

    offices = _read_offices(source("offices.yaml"))
    cities_source = source("partner_cities.yaml")
    # without any office read (the file is missing or broken), references cannot be checked
    office_ids = {office.id for office in offices} if offices else None
    cities = _read_cities(cities_source, office_ids)
    return SiteData(offices=tuple(offices), cities=tuple(cities)), problems


def placeholders(data: SiteData) -> list[Placeholder]:
    """The details still to be supplied in the data: the `note` of an address, which the
    directory (a page the law requires) shows as "Angabe folgt"."""
    found = []
    for office in data.offices:
        addresses = [office.address, *(unit.address for unit in office.units)]
        for address in addresses:
            if address is not None and address.note is not None and office.body is not None:
                found.append(
                    Placeholder(
                        "data/offices.yaml",
                        address.note_line,
                        address.note.de,
                        office.body.de,
                        page="contact",
                    )
                )
    return found


def load_site_data(data_dir: Path) -> SiteData:
    """Read and check both data files; raise ContentErrors with every problem found."""
    data, problems = read_site_data(data_dir)
    if problems:
        raise ContentErrors(problems)
    return data


RECORDS = {
    "office": (Msg("Einrichtung '{name}'"), Msg("Einrichtung in Zeile {line}")),
    "city": (Msg("Stadt '{name}'"), Msg("Stadt in Zeile {line}")),
}


def _record(kind: str, ident, line: int) -> Msg:
    """How a message names a record: by its id, or by its line where the id is missing."""
    by_name, by_line = RECORDS[kind]
    if isinstance(ident, str) and ident:
        return Msg(by_name.template, name=str(describe(ident)).strip(chr(39)))
    return Msg(by_line.template, line=line)


def _top_list(source: Source, key: str) -> list[tuple[int, object]]:
    document = load_yaml(source)
    if document is None:
        return []
    top = Fields(document, source, record=Msg("Datei"))
    items = top.items(key)
    top.finish()
    if not items and top.has(key):
        top.problem(
            key,
            Msg("die Liste ist leer"),
            hint=Msg(
                "eine leere Liste würde alle Seiten daraus entfernen; die Einträge aus git "
                "wiederherstellen"
            ),
        )
    return items


def _read_address(fields: Fields) -> Address:
    address = Address(
        street=fields.get("street", text, required=False),
        postcode=fields.get("postcode", text, required=False),
        city=fields.place_name("city"),
        country=fields.get("country", country),
        note=fields.local_text("note", required=False, long=True),
        note_line=fields.line_of("note") if fields.has("note") else None,
    )
    fields.finish()
    return address


def _read_offices(source: Source) -> list[Office]:
    offices: list[Office] = []
    seen: dict[str, int] = {}
    for line, item in _top_list(source, "offices"):
        ident = item.get("id") if hasattr(item, "get") else None
        fields = Fields(item, source, record=_record("office", ident, line), line=line)
        office_id = fields.get("id", slug)
        if office_id in seen:
            fields.problem(
                "id",
                Msg(
                    "'{id}' ist doppelt vergeben (zuerst in Zeile {line})",
                    id=office_id,
                    line=seen[office_id],
                ),
                hint=Msg("jeder Einrichtung eine eigene Kennung geben"),
            )
        seen.setdefault(office_id, line)
        units = []
        for unit_line, unit_item in fields.items("units", required=False):
            unit = Fields(unit_item, source, record=fields.record, prefix="units.", line=unit_line)
            address = unit.nested("address", required=False)
            units.append(
                Unit(
                    id=unit.get("id", slug),
                    name=unit.local_text("name"),
                    description=unit.local_text("description", long=True),
                    address=_read_address(address) if unit.has("address") else None,
                    page=unit.get("page", text, required=False),
                )
            )
            unit.finish()
        unit_ids = {unit.id for unit in units}
        contacts = []
        for contact_line, contact_item in fields.items("contacts", required=False):
            contact = Fields(
                contact_item,
                source,
                record=fields.record,
                prefix="contacts.",
                line=contact_line,
            )
            unit_id = contact.get("unit", slug, required=False)
            if unit_id is not None and unit_id not in unit_ids:
                close = difflib.get_close_matches(unit_id, sorted(unit_ids), n=1, cutoff=0.6)
                contact.problem(
                    "unit",
                    Msg(
                        "nennt die Einheit '{unit}', die die Einrichtung '{office}' nicht hat",
                        unit=unit_id,
                        office=office_id,
                    ),
                    hint=Msg(
                        "Meinten Sie '{meant}'? Vorhanden: {known}",
                        meant=close[0],
                        known=", ".join(sorted(unit_ids)),
                    )
                    if close
                    else Msg("vorhanden: {known}", known=", ".join(sorted(unit_ids)))
                    if unit_ids
                    else Msg("die Einrichtung hat keine Einheiten: die Einheit ergänzen"),
                )
            contacts.append(
                Contact(
                    name=contact.get("name", text, required=False),
                    role=contact.local_text("role"),
                    unit=unit_id,
                    email=contact.get("email", email, required=False),
                    phone=contact.get("phone", phone, required=False),
                )
            )
            contact.finish()
        tasks = []
        for task_line, task_item in fields.items("tasks", required=False):
            task = Fields(task_item, source, record=fields.record, prefix="tasks.", line=task_line)
            tasks.append(LocalText(de=task.get("de", long_text), en=task.get("en", long_text)))
            task.finish()
        networks = []
        for network_line, network in fields.items("networks", required=False):
            if isinstance(network, str) and network.strip():
                networks.append(network.strip())
            else:
                source.problem(
                    network_line,
                    Msg("jedes Netzwerk muss ein Name sein"),
                    record=fields.record,
                    field="networks",
                    hint=Msg("je Zeile einen Namen nach '- ' schreiben"),
                )
        offices.append(
            Office(
                id=office_id,
                name=fields.local_text("name"),
                body=fields.local_text("body"),
                short_name=fields.local_text("short_name"),
                placement=fields.local_text("placement", required=False),
                address=_read_address(fields.nested("address")),
                website=fields.get("website", web_address),
                page=fields.get("page", text),
                tasks=tuple(tasks),
                networks=tuple(networks),
                units=tuple(units),
                contacts=tuple(contacts),
                line=line,
                updated=fields.get("updated", iso_date),
            )
        )
        fields.finish()
    return offices


def _read_cities(source: Source, office_ids: set[str] | None) -> list[PartnerCity]:
    cities: list[PartnerCity] = []
    seen: dict[str, int] = {}
    for line, item in _top_list(source, "cities"):
        ident = item.get("slug") if hasattr(item, "get") else None
        record = _record("city", ident, line)
        fields = Fields(item, source, record=record, line=line)
        city_slug = fields.get("slug", slug)
        if city_slug in seen:
            fields.problem(
                "slug",
                Msg(
                    "'{id}' ist doppelt vergeben (zuerst in Zeile {line})",
                    id=city_slug,
                    line=seen[city_slug],
                ),
                hint=Msg(
                    "jeder Stadt eine eigene Kennung geben; eine Stadt mit mehreren Beziehungen "
                    "führt sie alle unter einem Eintrag"
                ),
            )
        seen.setdefault(city_slug, line)

        name = fields.nested("name")
        names = {lang: name.get(lang, text) for lang in LANGUAGES}
        local_name = name.get("local", text)
        local_lang = name.get("local_lang", language_tag)
        name.finish()

        lat = lon = None
        if fields.has("coordinates"):
            coordinates = fields.nested("coordinates")
            lat = coordinates.get("lat", latitude)
            lon = coordinates.get("lon", longitude)
            coordinates.finish()
        else:
            fields.raw("coordinates")

        relations = []
        for relation_line, relation_item in fields.items("relations"):
            relation = Fields(
                relation_item, source, record=record, prefix="relations.", line=relation_line
            )
            office = relation.get("office", slug)
            if office is not None and office_ids is not None and office not in office_ids:
                known = sorted(i for i in office_ids if i)
                close = difflib.get_close_matches(office, known, n=1, cutoff=0.6)
                relation.problem(
                    "office",
                    Msg(
                        "nennt die Einrichtung '{office}', die data/offices.yaml nicht hat",
                        office=office,
                    ),
                    hint=Msg(
                        "Meinten Sie '{meant}'? Vorhanden: {known}",
                        meant=close[0],
                        known=", ".join(known),
                    )
                    if close
                    else Msg("vorhanden: {known}", known=", ".join(known)),
                )
            since = relation.get("since", year, required=False)
            since_date = relation.get("since_date", iso_date, required=False)
            if since_date and since and since_date.year != since:
                relation.problem(
                    "since_date",
                    Msg(
                        "liegt im Jahr {year}, aber 'since' sagt {since}",
                        year=since_date.year,
                        since=since,
                    ),
                    hint=Msg("Jahr und Datum angleichen"),
                )
            as_of = relation.get("status_as_of", year, required=False)
            if as_of and since and as_of < since:
                relation.problem(
                    "status_as_of",
                    Msg("ist {year}, vor Beginn der Beziehung ({since})", year=as_of, since=since),
                    hint=Msg("das Jahr angeben, für das eine Quelle den Status zuletzt belegt"),
                )
            relations.append(
                Relation(
                    office=office,
                    type=relation.get("type", choice(*RELATION_TYPES)),
                    since=since,
                    since_date=since_date,
                    status=relation.get("status", choice(*STATUSES)),
                    status_as_of=as_of,
                    holder=relation.local_text("holder", required=False),
                    note=relation.local_text("note", required=False, long=True),
                )
            )
            relation.finish()
        if not relations and fields.has("relations"):
            fields.problem(
                "relations",
                Msg("braucht mindestens eine Beziehung zu einer Einrichtung"),
                hint=Msg("Einrichtung, Art und Status der Beziehung ergänzen"),
            )

        population = None
        if fields.has("population"):
            block = fields.nested("population")
            value = block.get("value", integer(1))
            population = (
                Population(
                    value=value,
                    year=block.get("year", year, required=False),
                    source=block.get("source", text),
                    approximate=block.get("approximate", boolean, default=False, required=False),
                )
                if value is not None
                else None
            )
            block.finish()
        else:
            fields.raw("population")

        links = []
        for link_line, link_item in fields.items("links", required=False):
            link = Fields(link_item, source, record=record, prefix="links.", line=link_line)
            links.append(Link(url=link.get("url", web_address), title=link.local_text("title")))
            link.finish()

        cities.append(
            PartnerCity(
                slug=city_slug,
                name=LocalText(**names) if None not in names.values() else None,
                local_name=local_name,
                local_lang=local_lang,
                country=fields.get("country", country),
                lat=lat,
                lon=lon,
                wikidata=fields.get("wikidata", wikidata_id, required=False),
                geonames=fields.get("geonames", integer(1), required=False),
                relations=tuple(relations),
                population=population,
                summary=fields.local_text("summary", long=True),
                links=tuple(links),
                line=line,
                updated=fields.get("updated", iso_date),
            )
        )
        fields.finish()
    return cities
