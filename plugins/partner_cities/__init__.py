"""Partner-city profiles from data/partner_cities.yaml, in every site language."""

from .generator import register

__all__ = ["register"]
