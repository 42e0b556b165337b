"""The theme in the reader's language: UI catalogues, Babel dates, typography filters."""

from .l10n import register

__all__ = ["register"]
