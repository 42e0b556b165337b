"""Site settings for local builds and the preview (`make serve`).

`publishconf.py` builds on these.
"""

from pathlib import Path

from plugins.core.template_cache import TemplateCache

ROOT = Path(__file__).parent

SITENAME = "Internationale Beziehungen"
SITEURL = ""  # root-relative links locally; publishconf.py sets the public address
AUTHOR = "Stuttgart, Region Stuttgart, Dortmund"
TIMEZONE = "Europe/Berlin"

# Language of the messages of build, check and the other commands: "de" or "en"; the
# environment variable MELDUNGEN overrides it for one run (MELDUNGEN=en make check).
MESSAGES_LANGUAGE = "de"

# German at /, English under /en/. The folder a page file sits in gives its language.
DEFAULT_LANG = "de"
SITE_LANGUAGES = ("de", "en")
PATH = str(ROOT / "content")
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["news"]
PAGE_TRANSLATION_ID = "key"  # "Key:" pairs a page with its translation
PATH_METADATA = r"pages/(?P<lang>[a-z]{2})/.*"
# URLs come from the folder tree (plugins/bilingual_pages); these are what Pelican falls back to.
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
FORMATTED_FIELDS = []  # Summary stays plain text

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)

# Pages the theme links in its header and footer, by page key.
MAIN_NAVIGATION = [
    "stuttgart",
    "region-stuttgart",
    "dortmund",
    "partner-cities",
    "events",
    "contact",
]
SERVICE_NAVIGATION = ["easy-read", "sign-language"]
FOOTER_NAVIGATION = [
    "open-data",
    "legal-notice",
    "privacy",
    "accessibility",
    "easy-read",
    "sign-language",
]

THEME = str(ROOT / "theme")
PLUGIN_PATHS = []
PLUGINS = [
    "plugins.bilingual_pages",
    "plugins.theme_l10n",
    "plugins.partner_cities",
    "plugins.office_directory",
    "plugins.open_data",
    "plugins.events",
    "plugins.site_files",
    "plugins.search",
    "plugins.link_check",
    "plugins.release_gate",
]
# The stage a build is for: None (local builds and the preview), "staging" (a preview that
# says so on every page, not indexed) or "production" (refused while a page the law requires
# still shows a placeholder). `invoke publish --stage=…` sets it.
SITE_STAGE = None
# Pages the law requires to be complete before production (keys): legal notice (§ 5 DDG),
# privacy (Art. 13 GDPR), accessibility statement with feedback (BITV 2.0 § 7), directory.
RELEASE_REQUIRED_PAGES = ["legal-notice", "privacy", "accessibility", "contact"]
DATA_PATH = str(ROOT / "data")
# templates a page may name in its "Template:" field
PAGE_TEMPLATES = [
    "page",
    "home",
    "partner_cities",
    "office_directory",
    "open_data",
    "events",
    "search",
]

JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,  # text from front matter is data, never markup
    "extensions": ["jinja2.ext.i18n"],
}
# templates compiled once a run for all of Pelican's environments, and kept for the next run
# (plugins/core/template_cache.py); `make clean` removes cache/
JINJA_ENVIRONMENT["bytecode_cache"] = TemplateCache(ROOT / "cache" / "templates", JINJA_ENVIRONMENT)
# Typographic refinement runs in the templates (filter `typogrify`), so titles stay plain text
# for <title>, attributes and structured data: see plugins/theme_l10n.
TYPOGRIFY = False

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# Only what we generate: no archives, categories, tags, authors or feeds for now.
DIRECT_TEMPLATES = []
ARTICLE_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False

STATIC_PATHS = []
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]

OUTPUT_PATH = str(ROOT / "output")
DELETE_OUTPUT_DIRECTORY = False  # the build runner swaps in a complete new folder instead
RELATIVE_URLS = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DEFAULT_DATE = None
