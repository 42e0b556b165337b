"""Shared pieces of all plugins: editor-facing errors and the build runner."""

from .errors import ContentError, ContentErrors, Problem

__all__ = ["ContentError", "ContentErrors", "Problem"]
