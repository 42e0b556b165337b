"""Pelican plugins of the site, one package per capability.

`core` holds what every plugin shares (error reporting, the strict and atomic build runner);
the other packages each register one capability with Pelican.
"""

import zoneinfo

# Time zones come from the tzdata package pinned in pyproject.toml, never from the machine's
# database: zoneinfo reads the machine's first, and an outdated one writes other times into the
# pages and feeds (Africa/Cairo has had summer time again since 2023), so two machines would
# build different bytes. Python runs this before any module of any plugin, the build runner's
# included, and so before Pelican or a plugin looks up a zone. The cache is emptied too, in case
# a library imported earlier looked one up (Babel reads the local zone when it is imported).
zoneinfo.reset_tzpath(to=[])
zoneinfo.ZoneInfo.clear_cache()
