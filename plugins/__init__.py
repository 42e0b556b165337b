"""Pelican plugins of the site, one package per capability.

`core` holds what every plugin shares (error reporting, the strict and atomic build runner);
the other packages each register one capability with Pelican.
"""
