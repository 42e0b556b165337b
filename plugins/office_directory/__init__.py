"""The office directory: every office, unit and public contact, with schema.org data."""

from .directory import register

__all__ = ["register"]
