"""Bilingual page tree: German at `/`, English under `/en/`, each page paired with its twin."""

from .pages import register

__all__ = ["register"]
