"""Bilingual page tree: German at `/`, English under `/en/`, every page paired with its translation."""

from .pages import register

__all__ = ["register"]
