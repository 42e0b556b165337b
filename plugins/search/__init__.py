"""Full-text search with Pagefind, built into the site so it works offline and on any server.

Once all pages are written (`finalized`), Pagefind indexes the `<main>` of every page marked
`data-pagefind-body` (the base template marks all but the 404 and search pages), one index per
`<html lang>`, into `/pagefind/`. The search page (`Template: search`) loads it with its own
small script; without JavaScript that page lists every page instead.
"""

from .index import register

__all__ = ["register"]
