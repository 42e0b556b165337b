"""Links that editors write in pages and events lead somewhere on the built site."""

from .links import register

__all__ = ["register"]
