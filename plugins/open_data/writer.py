"""Write the open-data files next to the open-data page, under /daten/:

* `partnerstaedte.{json,geojson,csv,xlsx}` from the partner-city records;
* `veranstaltungen.xlsx`, the spreadsheet of the events plugin's `veranstaltungen.json`.

The files are written as bytes, not through templates, so their content is exactly what the
serializers produce. The page itself is an editors' page with `Template: open_data`.
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals
from pelican.generators import Generator
from pelican.utils import sanitised_join

from plugins.core import enabled

from .serializers import (
    CSV_COLUMNS,
    GEONAMES_LICENCE,
    LICENCE,
    NESTED_ONLY,
    cities_to_csv,
    cities_to_geojson,
    cities_to_json,
)
from .spreadsheets import cities_to_xlsx, events_to_xlsx

FOLDER = "daten"
PAGE_KEY = "open-data"
FILES = {
    "json": "partnerstaedte.json",
    "geojson": "partnerstaedte.geojson",
    "csv": "partnerstaedte.csv",
    "xlsx": "partnerstaedte.xlsx",
}
EVENTS_JSON = f"{FOLDER}/veranstaltungen.json"  # written by plugins/events
EVENTS_XLSX = f"{FOLDER}/veranstaltungen.xlsx"
RUN_KEY = "_OPEN_DATA_WRITTEN"  # in the run's settings: what the finalized step needs


def publishers(data, lang: str = "de") -> str:
    """The bodies behind the data, as the files name them."""
    return "; ".join(office.body[lang] for office in data.offices)


def data_page_url(settings: dict, pages_by_key: dict, lang: str = "de") -> str:
    page = pages_by_key.get(lang, {}).get(PAGE_KEY)
    return f"{settings['SITEURL']}/{page.url if page else FOLDER + '/'}"


class OpenDataGenerator(Generator):
    def generate_context(self) -> None:
        self.context.update(
            open_data_files={k: f"{FOLDER}/{v}" for k, v in FILES.items()},
            open_data_columns=CSV_COLUMNS,
            open_data_licence=LICENCE,
            open_data_third_party=GEONAMES_LICENCE,
            open_data_nested_only=NESTED_ONLY,
        )
        if enabled(self.settings, "plugins.events"):
            self.context["open_data_event_spreadsheet"] = EVENTS_XLSX

    def generate_output(self, writer) -> None:
        data = self.context["site_data"]
        city_pages = self.context["city_pages"]
        siteurl = self.settings["SITEURL"]
        source = data_page_url(self.settings, self.context["pages_by_key"])

        def page_url(city) -> str:
            return f"{siteurl}/{city_pages[city.slug]['de'].url}"

        contents = {
            "json": cities_to_json(data.cities),
            "geojson": cities_to_geojson(data.cities, page_url),
            "csv": cities_to_csv(data.cities),
            "xlsx": cities_to_xlsx(data.cities, publishers(data), source),
        }
        for kind, raw in contents.items():
            path = Path(sanitised_join(self.output_path, FOLDER, FILES[kind]))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(raw)
        # for `finalized`, which gets only the run's settings (a per-run dict, like the
        # problem sink), once the events plugin has written its JSON
        self.settings[RUN_KEY] = (publishers(data), source)


def get_generators(pelican) -> type[Generator] | None:
    return OpenDataGenerator if enabled(pelican.settings, __package__) else None


def write_event_spreadsheet(pelican) -> None:
    """`veranstaltungen.xlsx` from `veranstaltungen.json`, so the two cannot differ."""
    if not enabled(pelican.settings, __package__):
        return
    if not enabled(pelican.settings, "plugins.events"):
        return
    if RUN_KEY not in pelican.settings:  # the run stopped before writing anything
        return
    names, source = pelican.settings[RUN_KEY]
    output = Path(pelican.output_path)
    raw = (output / EVENTS_JSON).read_bytes()
    (output / EVENTS_XLSX).write_bytes(events_to_xlsx(raw, names, source))


def register() -> None:
    """get_generators: runs after the partner-city generator, whose records it serializes.
    finalized: the events' spreadsheet is made from the JSON file the events plugin writes
    after this plugin's generator has run."""
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(write_event_spreadsheet)
