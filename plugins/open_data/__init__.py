"""Open data: the partner cities as JSON, GeoJSON and CSV, from the same records as the pages."""

from .writer import register

__all__ = ["register"]
