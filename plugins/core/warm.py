"""The warm build of the preview: what a run can take over from the run before.

The preview's builder (plugins/core/preview/builder.py) stays in memory between saves and runs
Pelican again after each one, the same code as a build, with a `Memo` in the run's settings
(`MEMO`). Where a run finds it, work whose inputs are unchanged is not done again:

* a page file is read (Markdown, typography, hyphenation, checks) only if its bytes changed,
  or a file its links point to appeared or went (bilingual_pages/reader.py), and Pelican's
  page object is made again only then (`_reusing`);
* a data file is parsed only if its bytes changed (core/data.py), a map drawn only if its
  records changed (partner_cities);
* templates are compiled once (`TemplateCache`, Jinja's bytecode cache in memory);
* a page is rendered only if something it showed last time changed (`Trace`).

**What a page showed.** While a page is rendered, every attribute the template – or Python
code the template calls – reads from a page object (Pelican's pages and the pages made from
data) is noted, with every name the template looks up in its context. After rendering, each
is kept as a digest of its value (`digest`): pages within a value count by their identity,
their own attributes are noted where they are read. The next run renders the page again only
if one of these digests differs (`Memo.unchanged`); this is what Shake and Bazel call a
verifying trace. Nothing is assumed about which page shows what: a title read by the
navigation of 300 pages is noted by all 300, and a page that lists events has read them.
A digest that cannot be made stable (an object without a value of its own) never matches, so
that page is always rendered again. The runs of the preview are compared with full builds,
byte for byte, by tests/test_incremental.py.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import itertools
import os
import stat
import struct
from collections.abc import Callable, Iterator
from pathlib import PurePath

import jinja2
from jinja2.runtime import Context
from markupsafe import Markup
from pelican.contents import Content, Page
from pelican.readers import Readers
from pelican.utils import file_suffix

from . import bodies

MEMO = bodies.WARM  # settings key: the preview's memo, kept from run to run
# attributes whose value is no page's own: the settings (the same in every run of a memo) and
# the run's whole context (what a page's links resolve against: `Memo.addresses` covers it)
UNTRACED = frozenset({"settings", "_context"})
# the texts of a page, as written: Pelican resolves their links when they are read, against the
# addresses of the run (Memo.addresses)
TEXTS = frozenset({"content", "get_content", "_content", "summary", "get_summary", "_summary"})

_trace: Trace | None = None  # the trace of the page being rendered, if any
_pages: dict = {}  # the page objects of the run, by identity (`install`)
_records: dict = {}  # digests of the run's dataclass records by id, with the record (`_feed`)
_unique = itertools.count()


class Superseded(BaseException):
    """A newer save came in while the preview's run was writing the rest of the site: the
    run stops, and the next run takes it from there."""


_superseded = False


def supersede(*_signal) -> None:
    """Ask the run under way to stop at its next look (the preview's builder: on SIGUSR1)."""
    global _superseded
    _superseded = True


def stop_if_superseded() -> None:
    global _superseded
    if _superseded:
        _superseded = False
        raise Superseded


def memo(settings: dict) -> Memo | None:
    """The run's memo, if it is a warm run of the preview."""
    return settings.get(MEMO)


# --- the memo --------------------------------------------------------------------------------


class Memo:
    """What the runs of one preview keep: results of work by kind and key, and for each page
    written, the trace of what it showed."""

    def __init__(self) -> None:
        self._tables: dict[str, dict] = {}
        self.traces: dict[str, tuple[bytes, dict]] = {}  # file → (fixed part, digests)
        self.outputs: set[str] = set()  # the files the last run wrote, below the output folder
        self.names: set[str] = set()  # the context names any page looked up
        self.addresses = b""  # digest of the run's addresses (`remember_addresses`)
        self.templates = TemplateCache()
        self._run: dict = {}  # digests of this run's values (`value_digest`)
        self._used: dict[str, set] = {}  # the keys `cached` was asked for since `let_go`

    def table(self, kind: str) -> dict:
        return self._tables.setdefault(kind, {})

    def cached(self, kind: str, key, make: Callable[[], object]):
        """make(), or its result from an earlier run with the same key. What a good run did
        not ask for is let go after it (`let_go`), so that the memo does not grow with every
        save."""
        table = self.table(kind)
        self._used.setdefault(kind, set()).add(key)
        if key not in table:
            table[key] = make()
        return table[key]

    def let_go(self) -> None:
        """After a good run: forget the results it did not ask for (`cached`)."""
        for kind, used in self._used.items():
            table = self._tables[kind]
            for key in [key for key in table if key not in used]:
                del table[key]
        self._used = {}

    def new_run(self) -> None:
        global _superseded
        _superseded = False  # a save that came before this run began is part of it
        self._run = {}
        _pages.clear()
        _records.clear()

    def listing(self, folder) -> bytes:
        """The names below `folder` as this run found them (`files_digest`), made once a run:
        the page reader and the event reader both read against them."""
        key = ("listing", str(folder))
        if key not in self._run:
            self._run[key] = (None, files_digest(folder, names_only=True))
        return self._run[key][1]

    def file_text(self, path, read: Callable[[], str | None]) -> str | None:
        """read(), or the text it gave in an earlier run if the file's size, time and inode
        are what they were then (a save changes the time). A link, or a file that could not be
        read, is read every time, so that it is refused every time."""
        mark = file_mark(path)
        if mark is None:
            return read()
        table = self.table("file texts")
        known = table.get(str(path))
        if known is not None and known[0] == mark:
            return known[1]
        text = read()
        if text is not None:
            table[str(path)] = (mark, text)
        return text

    @property
    def pages(self) -> dict:
        """The run's page objects, by identity."""
        return _pages

    # -- which pages need rendering --

    def unchanged(self, name: str, fixed: bytes, context: dict) -> bool:
        """Would the page `name` be the same as in the last run? `fixed` covers the request
        itself (template, address), `context` is the page's context."""
        known = self.traces.get(name)
        if known is None or known[0] != fixed or name not in self.outputs:
            return False
        for key, expected in known[1].items():
            if key[0] == "name":
                if key[1] not in context or self.value_digest(context[key[1]]) != expected:
                    return False
                continue
            if key[0] == "call":
                found = _pages.get(key[1])
                if found is None or self.call_digest(found, key, *expected[1:]) != expected[0]:
                    return False
                continue
            _, identity, attribute = key
            page = _pages.get(identity)
            if page is None or self.attribute_digest(page, identity, attribute) != expected:
                return False
        return True

    def call_digest(self, owner, key: tuple, args: tuple, kwargs: dict) -> bytes:
        """The digest of a noted method call's result, on this run's object."""
        if key not in self._run:
            global _trace
            outer, _trace = _trace, None
            try:
                value = getattr(owner, key[2]).__wrapped__(owner, *args, **kwargs)
                self._run[key] = (None, digest(value))
            finally:
                _trace = outer
        return self._run[key][1]

    def record(self, name: str, fixed: bytes, digests: dict) -> None:
        self.traces[name] = (fixed, digests)
        self.names.update(key[1] for key in digests if key[0] == "name")

    def attribute_digest(self, page, identity, attribute: str) -> bytes:
        key = ("attribute", identity, attribute)
        if key not in self._run:
            self._run[key] = (None, _attribute_digest(page, attribute, self.addresses))
        return self._run[key][1]

    def value_digest(self, value) -> bytes:
        key = ("value", id(value))
        if key not in self._run:  # the value is kept with it, so that its id is not reused
            self._run[key] = (value, digest(value))
        return self._run[key][1]

    def remember_addresses(self, pages) -> None:
        """Note the addresses of the run's pages: a page's text shows links resolved to them."""
        hashed = hashlib.blake2b(digest_size=16)
        pages = [page for page in pages if not isinstance(page, Observed)]
        for page in sorted(pages, key=lambda page: repr(identity(page))):
            hashed.update(f"{identity(page)}\0{page.url}\0{page.save_as}\n".encode())
        self.addresses = hashed.digest()

    def trace_digests(self, trace: Trace) -> dict:
        """The trace of one rendered page as digests, to compare in the next run."""
        digests = {}
        for identity, (page, attributes) in trace.pages.items():
            for attribute in attributes:
                digests[("attribute", identity, attribute)] = self.attribute_digest(
                    page, identity, attribute
                )
        for name, value in trace.names.items():
            digests[("name", name)] = self.value_digest(value)
        for (owner, method), args, kwargs, result in trace.calls:
            key = ("call", ("observed", *owner), method, digest((args, kwargs)))
            digests[key] = (result, args, kwargs)  # the arguments, to call it again
        return digests


class TemplateCache(jinja2.BytecodeCache):
    """Jinja's compiled templates, in memory: Pelican makes new template environments for
    every run. Jinja checks each template's source against its checksum, so an edited template
    is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


# --- tracing what a page shows ---------------------------------------------------------------


class Trace:
    """What the rendering of one page read: page attributes and context names."""

    def __init__(self) -> None:
        self.pages: dict = {}  # identity → (page, set of attribute names)
        self.names: dict = {}  # context name → the values it was found with
        self.calls: list = []  # ((identity, method), args, kwargs, digest of the result)

    def add(self, other: Trace) -> None:
        self.calls.extend(other.calls)
        for identity, (page, attributes) in other.pages.items():
            self.pages.setdefault(identity, (page, set()))[1].update(attributes)
        for name, values in other.names.items():
            seen = self.names.setdefault(name, [])
            seen.extend(value for value in values if not any(value is v for v in seen))


class Observed:
    """A run's object that pages read piece by piece (the events of the run, say): a page
    depends on the members it reads and on the results of the methods it calls (`observed`),
    not on the whole object. `warm_identity` names it from run to run; a subclass calls
    `super().__init__()` once it is set up."""

    warm_identity: tuple = ()

    def __init__(self) -> None:
        pass


def observed(method):
    """A method of an `Observed` object whose result a page depends on: noted with its
    arguments, to be called again on the next run's object."""

    @functools.wraps(method)
    def noted(self, *args, **kwargs):
        global _trace
        outer, _trace = _trace, None  # what the method reads is its own business
        try:
            result = method(self, *args, **kwargs)
            if outer is not None:
                key = (object.__getattribute__(self, "warm_identity"), method.__name__)
                outer.calls.append((key, args, kwargs, digest(result)))
            return result
        finally:
            _trace = outer

    return noted


def identity(page) -> tuple:
    """A page's identity from run to run: its source file, or its address (pages from data)."""
    if isinstance(page, Observed):
        return ("observed", *object.__getattribute__(page, "warm_identity"))
    source = object.__getattribute__(page, "__dict__").get("source_path")
    if source is not None:
        return ("source", str(source))
    return ("address", object.__getattribute__(page, "url"))


@contextlib.contextmanager
def tracing() -> Iterator[Trace]:
    """Trace what is read inside the block (for one page's rendering)."""
    global _trace
    outer, _trace = _trace, Trace()
    try:
        yield _trace
    finally:
        inner, _trace = _trace, outer
        if outer is not None:
            outer.add(inner)


@contextlib.contextmanager
def captured() -> Iterator[Trace | None]:
    """Inside a traced rendering: the trace of the block alone, to `replay` where its result
    is used again (a navigation rendered once per branch). Outside one: None."""
    if _trace is None:
        yield None
        return
    with tracing() as trace:
        yield trace


def replay(trace: Trace | None) -> None:
    """Count what `trace` read as read by the page being rendered."""
    if trace is not None and _trace is not None:
        _trace.add(trace)


_installed = False


def install() -> None:
    """Let page objects and template contexts report what is read from them, in this process
    (the preview's builder only)."""
    global _installed
    if _installed:
        return
    from plugins.bilingual_pages.generated import GeneratedPage

    for cls in (Content, GeneratedPage, Observed):
        cls.__getattribute__ = _noting(cls.__getattribute__)
        cls.__init__ = _registering(cls.__init__)
    Readers.read_file = _reusing(Readers.read_file)
    looked_up = Context.resolve_or_missing

    def resolve_or_missing(self, key):
        value = looked_up(self, key)
        if _trace is not None and key in self.parent:
            seen = _trace.names.setdefault(key, [])
            if not any(value is other for other in seen):
                seen.append(value)
        return value

    Context.resolve_or_missing = resolve_or_missing
    _installed = True


def _registering(original):
    @functools.wraps(original)
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        _pages[identity(self)] = self

    return __init__


def _reusing(original):
    """Pelican's `Readers.read_file` in warm runs: where the reader hands out the same read of a
    file as in the run before (`prepared`, bilingual_pages/reader.py), the page is a copy of the
    page Pelican made from it then, as it was made, with this run's settings and context; the
    reader reports the file's problems again (`replay`). Pelican's own content cache reuses
    page objects by the file's time in the same way."""

    @functools.wraps(original)
    def read_file(self, base_path, path, content_class=Page, fmt=None, context=None, **signals):
        run_memo = memo(self.settings)
        reader = self.readers.get(fmt or file_suffix(path))
        if run_memo is None or not hasattr(reader, "prepared"):
            return original(self, base_path, path, content_class, fmt, context, **signals)
        full = os.path.abspath(os.path.join(base_path, path))
        kept = run_memo.cached("page objects", (full, content_class), lambda: [None, None])
        read = reader.prepared(full)
        if read is not None and kept[0] is read:
            reader.replay(full)
            return _fresh_copy(kept[1], self.settings, context)
        page = original(self, base_path, path, content_class, fmt, context, **signals)
        kept[:] = [read, _fresh_copy(page)]
        return page

    return read_file


def _fresh_copy(page, settings=None, context=None):
    """A copy of a page as Pelican made it, before the run's plugins link it into the tree:
    its own containers copied, the run's settings and context put in (if given), registered
    as the run's page."""
    own = dict(object.__getattribute__(page, "__dict__"))
    own["metadata"] = dict(own["metadata"])
    own["translations"] = []
    if settings is not None:
        own["settings"], own["_context"] = settings, context
    copy = object.__new__(type(page))
    object.__getattribute__(copy, "__dict__").update(own)
    if settings is not None:
        _pages[identity(copy)] = copy
    return copy


def _noting(original):
    def __getattribute__(self, name):
        if _trace is not None and name[:2] != "__" and name not in UNTRACED:
            key = identity(self)
            entry = _trace.pages.get(key)
            if entry is None:
                entry = _trace.pages[key] = (self, set())
            entry[1].add(name)
        return original(self, name)

    return __getattribute__


def file_mark(path) -> tuple | None:
    """What tells a file's version without reading it: its size, time and inode (a save
    changes the time). None for a link or a file that cannot be looked at: read it again."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    if stat.S_ISLNK(status.st_mode):
        return None
    return status.st_size, status.st_mtime_ns, status.st_ino


def files_digest(folder, names_only: bool = False) -> bytes:
    """A digest of every file below `folder`: its name, kind and bytes (or only the names of
    the files and folders)."""
    hashed = hashlib.blake2b(digest_size=16)
    for folder_name, folders, files in os.walk(folder):
        folders.sort()
        if names_only:
            hashed.update(folder_name.encode("utf-8", "surrogateescape") + b"\0")
        for name in sorted(files):
            path = os.path.join(folder_name, name)
            hashed.update(path.encode("utf-8", "surrogateescape") + b"\0")
            if names_only:
                continue
            if os.path.islink(path):
                hashed.update(b"link " + os.readlink(path).encode("utf-8", "surrogateescape"))
            else:
                with open(path, "rb") as file:
                    hashed.update(hashlib.file_digest(file, "blake2b").digest())
    return hashed.digest()


# --- digests ---------------------------------------------------------------------------------


def _attribute_digest(page, attribute: str, addresses: bytes) -> bytes:
    global _trace
    outer, _trace = _trace, None  # reading the value is not part of any page's trace
    try:
        if attribute in TEXTS:  # as written, and the addresses its links resolve against
            own = page.__dict__
            if "summary" in attribute and own.get("_summary") is not None:
                return digest((own["_summary"], addresses))
            body = own.get("stored_body")
            return digest((own.get("_content"), getattr(body, "html", None), addresses))
        try:
            value = getattr(page, attribute)
        except AttributeError:
            return b"missing"
        return digest(value)
    finally:
        _trace = outer


def digest(value) -> bytes:
    """A digest of `value` that is the same from run to run for equal values: pages count by
    their identity; an object without a stable value never equals anything."""
    hashed = hashlib.blake2b(digest_size=16)
    _feed(hashed.update, value, set(), 0)
    return hashed.digest()


_PAGE_TYPES: tuple = ()


def _page_types() -> tuple:
    global _PAGE_TYPES
    if not _PAGE_TYPES:
        from plugins.bilingual_pages.generated import GeneratedPage

        _PAGE_TYPES = (Content, GeneratedPage, Observed)
    return _PAGE_TYPES


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(item.name for item in dataclasses.fields(kind))


def _feed(add, value, seen: set, depth: int) -> None:
    if value is None or isinstance(value, (bool, int, float, complex)):
        add(f"{type(value).__name__}:{value!r};".encode())
        return
    if isinstance(value, (str, Markup)):
        encoded = value.encode("utf-8", "surrogatepass")
        add(b"s" + struct.pack("<Q", len(encoded)) + encoded)
        return
    if isinstance(value, bytes):
        add(b"b" + struct.pack("<Q", len(value)) + value)
        return
    if isinstance(value, (dt.date, dt.time, dt.timedelta, PurePath)):
        add(f"{type(value).__name__}:{value!s}|{getattr(value, 'tzinfo', '')};".encode())
        return
    if isinstance(value, _page_types()):  # counted by identity; read member by member
        add(repr(("page", identity(value))).encode())
        return
    if id(value) in seen or depth > 40:
        add(b"cycle;")
        return
    seen = seen | {id(value)}
    kind = type(value)
    add(f"<{kind.__module__}.{kind.__qualname__}".encode())
    if isinstance(value, dict):
        if all(type(key) is str for key in value):
            items = sorted(
                (key.encode("utf-8", "surrogatepass") + b"\0", v) for key, v in value.items()
            )
        else:
            items = sorted(((digest(k), v) for k, v in value.items()), key=lambda kv: kv[0])
        for key, item in items:
            add(key)
            _feed(add, item, seen, depth + 1)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _feed(add, item, seen, depth + 1)
    elif isinstance(value, (set, frozenset)):
        for item in sorted(digest(item) for item in value):
            add(item)
    elif isinstance(value, functools.partial):
        _feed(add, (value.func, value.args, value.keywords), seen, depth + 1)
    elif callable(value) and hasattr(value, "__qualname__"):
        # functions and methods: by name; a method's object counts too
        add(f"{getattr(value, '__module__', '')}.{value.__qualname__}".encode())
        owner = getattr(value, "__self__", None)
        if owner is not None and not isinstance(owner, type):
            _feed(add, owner, seen, depth + 1)
    elif dataclasses.is_dataclass(value):
        known = _records.get(id(value))  # a record met before in this run (events: 3 times)
        if known is None:
            hashed = hashlib.blake2b(digest_size=16)
            for name in _field_names(kind):
                hashed.update(name.encode())
                _feed(hashed.update, getattr(value, name), seen, depth + 1)
            known = _records[id(value)] = (value, hashed.digest())
        add(known[1])
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        _feed(add, vars(value), seen, depth + 1)
        for name in getattr(kind, "__slots__", ()):
            _feed(add, getattr(value, name, None), seen, depth + 1)
    elif hasattr(kind, "__slots__"):
        for name in kind.__slots__:
            _feed(add, getattr(value, name, None), seen, depth + 1)
    else:
        shown = repr(value)
        if " at 0x" in shown or " object>" in shown:
            shown = f"unstable {next(_unique)}"  # nothing to compare: never the same
        add(shown.encode())
    add(b">")
