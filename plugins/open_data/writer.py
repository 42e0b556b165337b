"""Write the open-data files next to the open-data page, under /daten/:

* `partnerstaedte.{json,geojson,csv,xlsx}` from the partner-city records;
* `veranstaltungen.xlsx`, the spreadsheet of the events plugin's `veranstaltungen.json`;
* `dcat.jsonld`, the DCAT-AP.de catalogue of both datasets (`catalogue.py`).

The files are written as bytes, not through templates, so their content is exactly what the
serializers produce. The page itself is an editors' page with `Template: open_data`.
"""

from __future__ import annotations

import json
from pathlib import Path

from pelican import signals
from pelican.generators import Generator
from pelican.utils import sanitised_join

from plugins.core import enabled
from plugins.core.checking import checking, plan
from plugins.core.output import write_bytes
from plugins.core.render import defer

from .catalogue import (
    CATALOGUE_FILE,
    FOLDER,
    check_settings,
    dcat_catalogue,
    open_data_json_ld,
    page_urls,
    publisher_names,
)
from .serializers import (
    CSV_COLUMNS,
    GEONAMES_LICENCE,
    LICENCE,
    NESTED_ONLY,
    cities_to_csv,
    cities_to_geojson,
    cities_to_json,
)

FILES = {
    "json": "partnerstaedte.json",
    "geojson": "partnerstaedte.geojson",
    "csv": "partnerstaedte.csv",
    "xlsx": "partnerstaedte.xlsx",
}
EVENTS_JSON = f"{FOLDER}/veranstaltungen.json"  # written by plugins/events
EVENTS_XLSX = f"{FOLDER}/veranstaltungen.xlsx"
RUN_KEY = "_OPEN_DATA_WRITTEN"  # in the run's settings: what the finalized step needs


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
        self.context["open_data_catalogue"] = CATALOGUE_FILE
        check_settings(self.settings)

    def generate_output(self, writer) -> None:
        defer(self.settings, self._write)  # in the preview, after the pages open in a browser

    def _write(self) -> None:
        data = self.context["site_data"]
        city_pages = self.context["city_pages"]
        siteurl = self.settings["SITEURL"]
        source = page_urls(self.context)["de"]
        names = publisher_names(data).de

        def page_url(city) -> str:
            return f"{siteurl}/{city_pages[city.slug]['de'].url}"

        contents = {
            "json": cities_to_json(data.cities),
            "geojson": cities_to_geojson(data.cities, page_url),
            "csv": cities_to_csv(data.cities),
        }
        if checking(self.settings):  # the spreadsheet holds what the JSON holds
            plan(self.settings).add(f"{FOLDER}/{FILES['xlsx']}")
        else:
            from .spreadsheets import cities_to_xlsx  # openpyxl: only when it is written

            contents["xlsx"] = cities_to_xlsx(data.cities, names, source)
        catalogue = json.dumps(dcat_catalogue(self.context), ensure_ascii=False, indent=2)
        writes = {f"{FOLDER}/{FILES[kind]}": raw for kind, raw in contents.items()}
        writes[CATALOGUE_FILE] = (catalogue + "\n").encode("utf-8")
        for name, raw in writes.items():
            write_bytes(sanitised_join(self.output_path, name), raw)
        # for `finalized`, which gets only the run's settings (a per-run dict, like the
        # problem sink), once the events plugin has written its JSON
        self.settings[RUN_KEY] = (names, source)


def on_generator_init(generator) -> None:
    if enabled(generator.settings, __package__):
        generator.env.globals["open_data_json_ld"] = open_data_json_ld


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
    if checking(pelican.settings):  # made from the JSON, which is checked as it is written
        plan(pelican.settings).add(EVENTS_XLSX)
        return
    from .spreadsheets import events_to_xlsx  # openpyxl: only when it is written

    names, source = pelican.settings[RUN_KEY]
    output = Path(pelican.output_path)
    raw = (output / EVENTS_JSON).read_bytes()
    write_bytes(output / EVENTS_XLSX, events_to_xlsx(raw, names, source))


def register() -> None:
    """get_generators: runs after the partner-city generator, whose records it serializes.
    generator_init: the open-data page, written by Pelican's page generator, gets its
    schema.org data from a template function.
    finalized: the events' spreadsheet is made from the JSON file the events plugin writes
    after this plugin's generator has run."""
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(on_generator_init)  # the page generator renders the page
    signals.finalized.connect(write_event_spreadsheet)
