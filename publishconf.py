"""Production settings: everything from pelicanconf.py plus the public address of the site.

SITEURL comes from the environment so that one commit builds for GitHub Pages, a municipal
server or a local check alike, e.g. `SITEURL=https://international.example.org invoke publish`.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
