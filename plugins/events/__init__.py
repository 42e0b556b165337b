"""Events: pages, iCalendar feeds and open data from content/events/ and the partnerships."""

from .generator import register

__all__ = ["register"]
