"""Write the open-data files next to the open-data page: /daten/partnerstaedte.{json,geojson,csv}.

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

FOLDER = "daten"
FILES = {
    "json": "partnerstaedte.json",
    "geojson": "partnerstaedte.geojson",
    "csv": "partnerstaedte.csv",
}


class OpenDataGenerator(Generator):
    def generate_context(self) -> None:
        self.context.update(
            open_data_files={k: f"{FOLDER}/{v}" for k, v in FILES.items()},
            open_data_columns=CSV_COLUMNS,
            open_data_licence=LICENCE,
            open_data_third_party=GEONAMES_LICENCE,
            open_data_nested_only=NESTED_ONLY,
        )

    def generate_output(self, writer) -> None:
        data = self.context["site_data"]
        city_pages = self.context["city_pages"]
        siteurl = self.settings["SITEURL"]

        def page_url(city) -> str:
            return f"{siteurl}/{city_pages[city.slug]['de'].url}"

        contents = {
            "json": cities_to_json(data.cities),
            "geojson": cities_to_geojson(data.cities, page_url),
            "csv": cities_to_csv(data.cities),
        }
        for kind, raw in contents.items():
            path = Path(sanitised_join(self.output_path, FOLDER, FILES[kind]))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(raw)


def get_generators(pelican) -> type[Generator] | None:
    return OpenDataGenerator if enabled(pelican.settings, __package__) else None


def register() -> None:
    """get_generators: runs after the partner-city generator, whose records it serializes."""
    signals.get_generators.connect(get_generators)
