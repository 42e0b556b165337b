"""Shared pieces of all plugins: editor-facing errors, reading editors' files, the build runner."""

from .errors import ContentErrors, Problem, has_problems, report


def enabled(settings: dict, package: str) -> bool:
    """Is plugin `package` on in this run? Pelican's signals are process-wide, so a receiver
    connected by an earlier run (tests, the preview) must not act in a run without its plugin."""
    return package in settings.get("PLUGINS", ())


__all__ = ["ContentErrors", "Problem", "enabled", "has_problems", "report"]
