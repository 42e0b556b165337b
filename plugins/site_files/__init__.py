"""Files every site needs beside its pages: a 404 page, `sitemap.xml` and `robots.txt`.

* `404.html` at the root, in both languages, because a server cannot know which one the
  visitor wanted. GitHub Pages serves it for every missing address, nginx with
  `error_page 404 /404.html;` (docs/deployment.md). Search engines are told not to index it.
* `sitemap.xml` (sitemaps.org 0.9, with an `xhtml:link` per language version) is read from the
  built pages' own `canonical` and `hreflang` links, so it lists exactly what was written. The
  protocol needs full addresses, so it is written only when SITEURL is one (`invoke publish`).
* `robots.txt` lets every crawler in and names the sitemap where there is one.
"""

from .files import register

__all__ = ["register"]
