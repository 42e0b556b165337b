"""Open data: the partner cities as JSON, GeoJSON, CSV and .xlsx, from the same records as the
pages, and the events as .xlsx."""

from .writer import register

__all__ = ["register"]
