"""Reading plan and survey YAML with line numbers, and the field checks both files share.

Every check adds a problem naming the line and the field instead of stopping, so a bad file
yields one problem per mistake.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from survey.domain.errors import DomainError, FieldProblem

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,15}$")
MAX_FILE_BYTES = 2_000_000


class LineDict(dict[str, Any]):
    """A mapping that remembers the line of each key, so problems can say where they are."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list[Any]):
    line: int = 0


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    return items


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_yaml(path: Path | str) -> LineDict:
    """Read a YAML file whose top level is a mapping, or raise a DomainError saying why not."""
    path = Path(path)
    if not path.is_file():
        raise DomainError(f"There is no file at {path}", field="file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise DomainError(f"{path.name} is larger than 2 MB; is it the right file?", field="file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DomainError(
            f"{path.name} is not UTF-8 text; save it as UTF-8", field="file"
        ) from None
    return parse_yaml(text, path.name)


def parse_yaml(text: str, name: str = "file") -> LineDict:
    try:
        # _LineLoader is a yaml.SafeLoader that only adds line numbers: safe to load with.
        data = yaml.load(text, Loader=_LineLoader)  # nosec B506 # a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or "it is not valid YAML"
        raise DomainError(f"{name} {where}{problem}", field="file") from None
    except (ValueError, TypeError) as error:
        # PyYAML builds dates and keys itself: 2026-02-30 raises ValueError and a list used as a
        # key TypeError, neither a YAMLError (found by tests/unit/domain/test_property_definitions.py).
        raise DomainError(
            f"{name} has a value that cannot be read: {error}", field="file"
        ) from None
    if not isinstance(data, LineDict):
        raise DomainError(f"{name} must be a YAML mapping of fields (key: value)", field="file")
    line = _unstorable_text(data)
    if line is not None:
        raise DomainError(
            f"{name} line {line}: remove the NUL byte or the half of a surrogate pair "
            "(\\uD800-\\uDFFF); they cannot be stored",
            field="file",
        )
    return data


def unstorable(text: str) -> bool:
    """True if no database can store the text: a NUL byte (PostgreSQL refuses it) or a lone
    surrogate (UTF-8 cannot encode one; PyYAML decodes a "\\uD83D\\uDE00" pair half by half)."""
    return "\x00" in text or any("\ud800" <= c <= "\udfff" for c in text)


def _unstorable_text(data: Any) -> int | None:
    """The line of the first unstorable string. Containers are visited once each, so a YAML
    bomb's shared aliases (billion laughs) cost no more than their distinct nodes."""
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(data, getattr(data, "line", 1))]
    while stack:
        node, line = stack.pop()
        if isinstance(node, str):
            if unstorable(node):
                return line
            continue
        if not isinstance(node, dict | list) or id(node) in seen:
            continue
        seen.add(id(node))
        line = getattr(node, "line", line)
        if isinstance(node, dict):
            lines = getattr(node, "key_lines", {})
            for key, value in node.items():
                at = lines.get(str(key), line)
                stack += [(key, at), (value, at)]
        else:
            stack += [(item, line) for item in node]
    return None


class Problems:
    """Collects problems while checking a file; each names the line and the field."""

    def __init__(self) -> None:
        self.items: list[FieldProblem] = []

    def add(self, node: Any, field_path: str, message: str, key: str | None = None) -> None:
        line = 0
        if isinstance(node, LineDict) and key is not None:
            line = node.key_lines.get(key, node.line)
        elif isinstance(node, LineDict | LineList):
            line = node.line
        prefix = f"line {line}: " if line else ""
        self.items.append(FieldProblem(field_path, f"{prefix}{message}"))

    def raise_if_any(self) -> None:
        if self.items:
            raise DomainError(self.items)


# The longest text each field's column holds. Checked here, with the line, so a long value gets
# the same plain message on SQLite (which would store it) and PostgreSQL (which would refuse it).
FIELD_LIMITS = {
    "slug": 100,
    "title": 300,
    "name": 200,
    "ref": 16,
    "number": 16,
    "group": 200,
    "lead": 200,
    "timeframe": 100,
    "region": 100,
    "key": 64,
    "plan": 100,
}


def field_text(
    node: LineDict, key: str, path: str, problems: Problems, required: bool = True
) -> str | None:
    value = node.get(key)
    where = f"{path}.{key}" if path else key
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.add(node, where, "is required", key)
        return None
    if not isinstance(value, str | int | float):
        problems.add(node, where, "must be text", key)
        return None
    text = str(value).strip()
    limit = FIELD_LIMITS.get(key)
    if limit is not None and len(text) > limit:
        problems.add(node, where, f"must be {limit} characters or fewer", key)
        return None
    return text


def field_list(node: LineDict, key: str, path: str, problems: Problems) -> list[Any]:
    value = node.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(node, f"{path}.{key}", "must be a list", key)
        return []
    return list(value)


def field_date(node: LineDict, key: str, path: str, problems: Problems) -> dt.date | None:
    value = node.get(key)
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.add(node, f"{path}.{key}", "must be a date like 2026-04-01", key)
        return None


def unknown_keys(node: LineDict, allowed: set[str], path: str, problems: Problems) -> None:
    for key in node:
        if key not in allowed:
            problems.add(
                node,
                f"{path}.{key}" if path else str(key),
                "is not a field this file can have",
                str(key),
            )


def field_number(node: LineDict, key: str, path: str, problems: Problems) -> float | None:
    value = node.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.add(node, f"{path}.{key}", "must be a number", key)
        return None
    return float(value)


def strings(values: list[Any]) -> tuple[str, ...]:
    return tuple(str(v).strip() for v in values if v is not None and str(v).strip())
