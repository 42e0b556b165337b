"""Stock Pelican as the benchmark's yardstick: the same bodies, Pelican's own defaults.

The stock site gets exactly the Markdown bodies the benchmark adds to our site: every page
pair of the corpus, and every event pair as a page pair (stock Pelican has no events), with
the same front matter for pages (Title, Key, Summary, Order) and Title and Key for events. Its
settings are Pelican 4.12's defaults (the `notmyidea` theme, its feeds and direct templates)
except for what a fair comparison needs:

* `TYPOGRIFY = True`: our theme runs typogrify on every page; stock Pelican does it at read time.
* `PLUGINS = []`: no plugins at all (not even namespace plugins Pelican would find installed).
* `MARKDOWN`: our site's own extensions (read from the project's pelicanconf.py).
* two languages paired by `Key` (`PAGE_TRANSLATION_ID`), with German at `/` and English
  under `/en/`, from the folder (`PATH_METADATA`), and our URL scheme: one folder per page.
* `DISPLAY_PAGES_ON_MENU = False`: otherwise the default theme lists every page in the menu of
  every page, thousands of links each; our theme lists only the section's pages.

It does not get the real site's own pages, data, maps, feeds or search index: our build does
that work on top, so the comparison leans in stock Pelican's favour.
"""

from __future__ import annotations

import runpy
from pathlib import Path

from .corpus import Corpus, write

EVENT_FOLDERS = {"de": "termine", "en": "events"}

SETTINGS = '''"""Stock Pelican 4.12 for the benchmark (written by benchmarks/stock.py)."""

AUTHOR = "Benchmark"
SITENAME = "Stock Pelican"
SITEURL = ""
TIMEZONE = "Europe/Berlin"
PATH = "content"
PLUGINS = []
TYPOGRIFY = True
MARKDOWN = {markdown!r}

DEFAULT_LANG = "de"
ARTICLE_PATHS = []
PAGE_PATHS = ["pages"]
PAGE_TRANSLATION_ID = "key"
PATH_METADATA = r"pages/(?P<lang>[a-z]{{2}})/(?P<slug>.+)\\.md"
PAGE_URL = "{{slug}}/"
PAGE_SAVE_AS = "{{slug}}/index.html"
PAGE_LANG_URL = "{{lang}}/{{slug}}/"
PAGE_LANG_SAVE_AS = "{{lang}}/{{slug}}/index.html"
DISPLAY_PAGES_ON_MENU = False
'''


def write_stock_site(corpus: Corpus, folder: Path, project: Path) -> Path:
    """Write the stock site (settings and content) into `folder`; `project` is the copy of our
    project the corpus was added to, whose Markdown settings stock Pelican uses too."""
    markdown = runpy.run_path(str(project / "pelicanconf.py"))["MARKDOWN"]
    write(folder / "pelicanconf.py", SETTINGS.format(markdown=markdown))
    pages = folder / "content" / "pages"
    for page in corpus.pages:
        write(pages / page.lang / page.path, page.source())
    for event in corpus.events:
        number = event.uid.split("@")[0]
        write(
            pages / event.lang / EVENT_FOLDERS[event.lang] / f"{event.slug}.md",
            f"Title: {event.title}\nKey: {number}\n\n{event.body}",
        )
    return folder
