"""No production release while a page the law requires shows a placeholder."""

from .gate import register

__all__ = ["register"]
