"""Where the time of our build goes: a cProfile run, read as cost centres.

`python -m benchmarks.costs STATS -- invoke build` runs the command (a Python module's command
line, here `python -m invoke build`) under cProfile in this process, in one process
(`BUILD_WORKERS=1`: the profiler would not see forked workers) and writes its statistics
to STATS. It merges what the profiler counted per code object by function name: Pelican makes a
Jinja environment per generator, so a template is compiled several times, and `pstats` would
keep only one of the copies of each template function.

`cost_centres(STATS, …)` then sums the profiled time (wall clock, as cProfile counts it) of:

* **Markdown**: the `markdown` package and our inline processing for it
  (`core/inline_patterns.py`), callees included;
* **Typography**: typogrify, smartypants and `theme_l10n/typography.py`, callees included,
  wherever they are called: by the readers (bodies, once per text) or by the templates
  (titles, once per distinct text);
* **Jinja rendering**: the `jinja2` package and the compiled templates, callees included (the
  theme's filters; the typography they call and the macro `section_navigation` of
  theme/templates/components/navigation.html are also shown on their own);
* **Pagefind**: `plugins/search/index.py` `index_site`, which waits for the Pagefind process;
* **icalendar feeds**: `plugins/events/feeds.py`, callees included;
* **maps**: `plugins/partner_cities/maps.py` (which draws them all), callees included;
* **file reading and writing**: the system calls of files and folders (`open`, `read`, `write`,
  `stat`, `mkdir`, `rename` …), without the pipes to child processes;
* **our plugin code itself**: the lines of `plugins/`, without what they call.

"Callees included" counts the time from where the code is entered from outside its group: a
call from a C function (`str.join` over a template's generator, `re.sub` with a callback) is
taken as a call from inside, since it is nested in a call that is counted already. The first
six groups do not overlap (but for a few file reads inside them); our plugin code runs in
several of them. cProfile slows Python code, not the Pagefind binary, so Python's shares are
somewhat larger than in an unprofiled build.
"""

from __future__ import annotations

import cProfile
import marshal
import os
import re
import runpy
import sys
from collections.abc import Callable
from pathlib import Path

import jinja2

Label = tuple[str, int, str]

NAVIGATION = "components/navigation.html"
MACRO = "section_navigation"
IO_BUILTIN = re.compile(
    r"<built-in method (io\.open|posix\.(?!(read|waitpid|pipe|fork_exec|waitstatus)\b)\w+)>"
    r"|<method '\w+' of '_io\.\w+' objects>"
)
PIPES = ("select.poll", "posix.read")


def label(code) -> Label:
    if isinstance(code, str):
        return ("~", 0, code)
    return (code.co_filename, code.co_firstlineno, code.co_name)


def merged_stats(profiler: cProfile.Profile) -> dict:
    """The profiler's entries in `pstats` form, summed over code objects with the same name
    (`Profile.snapshot_stats` keeps only the last of them)."""
    stats: dict[Label, list] = {}
    for entry in profiler.getstats():
        own = stats.setdefault(label(entry.code), [0, 0, 0.0, 0.0, {}])
        own[0] += entry.callcount - entry.reccallcount
        own[1] += entry.callcount
        own[2] += entry.inlinetime
        own[3] += entry.totaltime
        for call in entry.calls or ():
            callee = stats.setdefault(label(call.code), [0, 0, 0.0, 0.0, {}])
            edge = callee[4].setdefault(label(entry.code), [0, 0, 0.0, 0.0])
            edge[0] += call.callcount
            edge[1] += call.callcount - call.reccallcount
            edge[2] += call.inlinetime
            edge[3] += call.totaltime
    return {
        function: (cc, nc, tt, ct, {caller: tuple(edge) for caller, edge in callers.items()})
        for function, (cc, nc, tt, ct, callers) in stats.items()
    }


def run_profiled(stats_file: Path, module: str, arguments: list[str]) -> int:
    """Run `python -m module arguments…` under cProfile; write the merged statistics."""
    sys.argv = [module, *arguments]
    os.environ["BUILD_WORKERS"] = "1"  # cProfile sees this process only, not forked workers
    profiler = cProfile.Profile()
    status: object = 0
    profiler.enable()
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exit_:
        status = exit_.code
    finally:
        profiler.disable()
        stats_file.write_bytes(marshal.dumps(merged_stats(profiler)))
    return status if isinstance(status, int) else (0 if status is None else 1)


# --- reading the statistics ----------------------------------------------------------------


def load(stats_file: Path) -> dict:
    return marshal.loads(stats_file.read_bytes())


def entered(stats: dict, inside: Callable[[Label], bool]) -> float:
    """Seconds spent in the functions `inside` selects, callees included, counted where they
    are called from other Python code (calls from C functions are nested ones)."""
    return sum(
        edge[3]
        for function, (_cc, _nc, _tt, _ct, callers) in stats.items()
        if inside(function)
        for caller, edge in callers.items()
        if not inside(caller) and caller[0] != "~"
    )


def own_time(stats: dict, inside: Callable[[Label], bool]) -> float:
    """Seconds spent in the lines of the functions `inside` selects, without their callees."""
    return sum(tt for function, (_cc, _nc, tt, _ct, _callers) in stats.items() if inside(function))


def in_package(*names: str) -> Callable[[Label], bool]:
    """Functions of the installed packages (or modules) `names`."""
    parts = tuple(f"/site-packages/{name}" for name in names)
    return lambda function: any(part in function[0] for part in parts)


def section_navigation_line(theme: Path, jinja_options: dict) -> int | None:
    """The line of the compiled `section_navigation` macro: Jinja compiles every macro to a
    function named `macro`; the line tells which one it is. Compiled here with the site's own
    Jinja options, which is how Pelican compiles it."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(theme), **jinja_options)
    source, filename, _ = environment.loader.get_source(environment, NAVIGATION)
    code = environment.compile(source, NAVIGATION, filename, raw=True)
    last_macro = None
    for number, line in enumerate(code.splitlines(), 1):
        if line.lstrip().startswith("def macro("):
            last_macro = number
        elif f"Macro(environment, macro, '{MACRO}'" in line:
            return last_macro
    return None


def cost_centres(stats_file: Path, project: Path, plugins: Path, jinja_options: dict) -> dict:
    """Seconds per cost centre of one profiled build (see the module's docstring)."""
    stats = load(stats_file)
    templates = str(project / "theme" / "templates") + "/"
    plugin_root = str(plugins) + "/"

    def plugin_file(*relative: str) -> Callable[[Label], bool]:
        paths = {plugin_root + path for path in relative}
        return lambda function: function[0] in paths

    markdown_package = in_package("markdown/")
    inline_patterns = plugin_root + "core/inline_patterns.py"  # Markdown's inline processing

    def markdown(function: Label) -> bool:
        # our subclass of Markdown's InlineProcessor calls back into Markdown: one group, or
        # each call back would be counted again
        return markdown_package(function) or function[0] == inline_patterns

    jinja_package = in_package("jinja2/")

    def jinja(function: Label) -> bool:
        return jinja_package(function) or function[0].startswith(templates)

    typography_module = plugin_root + "theme_l10n/typography.py"
    filters = plugin_root + "theme_l10n/l10n.py"  # the theme's filters that call it
    typography_package = in_package("typogrify/", "smartypants.py")

    def typography(function: Label) -> bool:
        return (
            typography_package(function)
            or function[0] == typography_module
            or (function[0] == filters and function[2].startswith("typogrify"))
        )

    macro_line = section_navigation_line(project / "theme" / "templates", jinja_options)
    navigation_file = templates + NAVIGATION
    navigation = sum(
        ct
        for (filename, line, name), (_cc, _nc, _tt, ct, _callers) in stats.items()
        if filename == navigation_file and line == macro_line and name == "macro"
    )
    index_site = [
        value[3]
        for function, value in stats.items()
        if function[0] == plugin_root + "search/index.py" and function[2] == "index_site"
    ]
    in_plugins = lambda function: function[0].startswith(plugin_root)  # noqa: E731
    runner = plugin_root + "core/build.py"  # the build runner: the whole build is inside it
    by_plugin = {}
    for package in sorted({f[0][len(plugin_root) :].split("/")[0] for f in stats if in_plugins(f)}):
        if package.endswith(".py"):
            continue
        prefix = plugin_root + package + "/"
        by_plugin[package] = entered(
            stats, lambda f, p=prefix: f[0].startswith(p) and f[0] != runner
        )
    return {
        "total": sum(value[2] for value in stats.values()),
        "markdown": entered(stats, markdown),
        "jinja": entered(stats, jinja),
        "typography": entered(stats, typography),
        "typography_in_jinja": sum(
            edge[3]
            for function, (_cc, _nc, _tt, _ct, callers) in stats.items()
            if typography(function)
            for caller, edge in callers.items()
            if jinja(caller)
        ),
        "section_navigation": navigation if macro_line else None,
        "pagefind": index_site[0] if index_site else 0.0,
        "feeds": entered(stats, plugin_file("events/feeds.py")),
        "maps": entered(stats, plugin_file("partner_cities/maps.py")),
        "files": own_time(stats, lambda f: f[0] == "~" and bool(IO_BUILTIN.fullmatch(f[2]))),
        "plugin_code": own_time(stats, in_plugins),
        "by_plugin": by_plugin,
    }


def main() -> None:
    """python -m benchmarks.costs STATS -- MODULE [ARGUMENTS…]"""
    stats_file, separator, module, *arguments = sys.argv[1:]
    if separator != "--":
        raise SystemExit(main.__doc__)
    sys.exit(run_profiled(Path(stats_file), module, arguments))


if __name__ == "__main__":
    main()
