"""Write one profile page per partner city and language.

The list of all partner cities is an ordinary page (`Template: partner_cities`) that editors
write; the profiles hang under it: `/partnerstaedte/<slug>/`, `/en/partner-cities/<slug>/`.
Records come from the shared loader (`plugins.core.site_data`), loaded once per run and kept in
the run's context as `site_data` for every template and plugin.
"""

from __future__ import annotations

import functools
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from plugins.bilingual_pages.generated import GeneratedPage, link_translations
from plugins.bilingual_pages.pages import required_page_problems
from plugins.core import Problem, enabled, has_problems, report, warm
from plugins.core.checking import OnDemand, checking
from plugins.core.messages import Msg
from plugins.core.placeholders import record
from plugins.core.site_data import PartnerCity, SiteData, placeholders, read_site_data
from plugins.theme_l10n.l10n import country_name

from .maps import partner_maps

LIST_PAGE_KEY = "partner-cities"
TEMPLATE = "partner_city"


def site_data(generator: Generator) -> SiteData:
    """The run's data records, read on first use (the context is new for every run). Their
    problems go to the run's problem sink; the records read are kept even then, so that the
    references of pages and events to them can still be checked."""
    if "site_data" not in generator.context:
        folder = Path(generator.settings["DATA_PATH"])
        memo = warm.memo(generator.settings)
        if memo is None:
            data, problems = read_site_data(folder)
        else:  # the preview's warm run: read again only if a data file changed
            data, problems = memo.cached(
                "site data",
                warm.files_digest(folder),
                lambda: read_site_data(folder, memo.table("data records")),
            )
        report(generator.settings, problems)
        record(generator.settings, placeholders(data))
        generator.context["site_data"] = data
    return generator.context["site_data"]


class PartnerCitiesGenerator(Generator):
    """Loads the data in `generate_context` (so `check` validates it) and writes profiles."""

    def generate_context(self) -> None:
        data = site_data(self)
        pages = self.context["pages_by_key"]
        problems = required_page_problems(
            self.context,
            LIST_PAGE_KEY,
            Msg(
                "sie mit 'Template: partner_cities' anlegen: unter ihr erscheinen die Profile "
                "der Partnerstädte"
            ),
        )
        problems += page_reference_problems(data, pages, self.context.get("languages_unsure"))
        report(self.settings, problems)
        if has_problems(self.settings):
            return  # checked; nothing is built in a run that will fail
        profiles = {}
        for city in data.cities:
            versions = []
            for lang in self.settings["SITE_LANGUAGES"]:
                parent = pages[lang][LIST_PAGE_KEY]
                versions.append(
                    GeneratedPage(
                        key=f"city:{city.slug}",
                        lang=lang,
                        url=f"{parent.url}{city.slug}/",
                        title=city.name[lang],
                        short_title=city.name[lang],
                        summary=city.summary[lang],
                        parent=parent,
                    )
                )
            link_translations(versions)
            profiles[city.slug] = {version.lang: version for version in versions}
        self.context["city_pages"] = profiles
        lists = {lang: pages[lang][LIST_PAGE_KEY].url for lang in self.settings["SITE_LANGUAGES"]}
        draw = functools.partial(partner_maps, data, profiles, lists, self.settings["SITEURL"])
        memo = warm.memo(self.settings)
        if memo is not None:  # the preview's warm run: drawn again only if what they show changed
            key = warm.digest((data, lists, self.settings["SITEURL"], profiles))
            draw = functools.partial(draw, known=functools.partial(memo.cached, "map layouts"))
            draw = functools.partial(memo.cached, "partner maps", key, draw)
        # the maps show the records checked above; a check draws them only for a page that it
        # renders after all (checking.py)
        self.context["partner_maps"] = OnDemand(draw) if checking(self.settings) else draw()

    def generate_output(self, writer) -> None:
        template = self.get_template(TEMPLATE)
        for city in self.context["site_data"].cities:
            for page in self.context["city_pages"][city.slug].values():
                writer.write_file(
                    page.save_as,
                    template,
                    self.context,
                    page=page,
                    city=city,
                    json_ld=city_json_ld(city, page, self.settings["SITEURL"]),
                    relative_urls=self.settings["RELATIVE_URLS"],
                )


def city_json_ld(city: PartnerCity, page: GeneratedPage, siteurl: str) -> dict:
    """schema.org `City` (or `AdministrativeArea` for a partner region) for a profile page,
    linked to Wikidata and GeoNames where known."""
    lang = page.lang
    data = {
        "@context": "https://schema.org",
        "@type": "AdministrativeArea" if city.is_region else "City",
        "name": city.name[lang],
        "description": city.summary[lang],
        "url": f"{siteurl}/{page.url}",
        "containedInPlace": {
            "@type": "Country",
            "identifier": city.country,
            "name": country_name(city.country, lang),
        },
    }
    if city.local_name != city.name[lang]:
        data["alternateName"] = city.local_name
    if city.lat is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": city.lat, "longitude": city.lon}
    same_as = []
    if city.wikidata:
        same_as.append(f"https://www.wikidata.org/wiki/{city.wikidata}")
    if city.geonames:
        same_as.append(f"https://www.geonames.org/{city.geonames}")
    if same_as:
        data["sameAs"] = same_as
    return data


def page_reference_problems(data: SiteData, pages: dict, unsure=None) -> list[Problem]:
    """Offices and units name page keys (`page:`); each must exist in every language (but in a
    language with an unreadable page key, which is reported already)."""
    problems = []
    for office in data.offices:
        targets = [("page", office.page)] + [
            ("units.page", unit.page) for unit in office.units if unit.page
        ]
        for field_name, key in targets:
            if key is None:
                continue  # missing or wrong: reported with the data
            missing = [
                lang for lang in pages if key not in pages[lang] and lang not in (unsure or ())
            ]
            if missing:
                problems.append(
                    Problem(
                        "data/offices.yaml",
                        office.line,
                        Msg(
                            "nennt den Seitenschlüssel '{key}', zu dem es in {languages} keine "
                            "Seite gibt",
                            key=key,
                            languages=", ".join(missing),
                        ),
                        record=Msg("Einrichtung '{name}'", name=office.id),
                        field=field_name,
                        hint=Msg("den 'Key:' der Bereichsseite der Einrichtung verwenden"),
                    )
                )
    return problems


def get_generators(pelican) -> type[Generator] | None:
    return PartnerCitiesGenerator if enabled(pelican.settings, __package__) else None


def register() -> None:
    """get_generators: our generator runs after Pelican's pages, so the list page exists."""
    signals.get_generators.connect(get_generators)
