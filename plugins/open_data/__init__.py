"""Open data: the partner cities as JSON, GeoJSON, CSV and .xlsx, from the same records as the
pages, the events as .xlsx, and their description for data portals (DCAT-AP.de) and search
engines (schema.org)."""

from .writer import register

__all__ = ["register"]
