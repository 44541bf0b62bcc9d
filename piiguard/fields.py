"""Field paths into JSON records, and edits that leave everything else byte-identical.

A path such as ``customer.phone``, ``segments[*].text`` or ``items[0].note`` selects values
to redact.  Only the selected values change in the output: the rest of the line keeps its
exact bytes (spacing, key order, ``1.50``, ``\\u738b`` escapes), because the new values are
spliced into the original text at the positions of the old ones rather than re-serialized.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from json.decoder import scanstring
from typing import Any

_STEP = re.compile(r"([^.\[\]]+)|\[(\*|\d+)\]|\.")
_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()

Step = str | int | None  # key, index, or None for "every element"
Path = tuple[str | int, ...]  # a concrete location: keys and indices


class FieldPathError(ValueError):
    """A field path that cannot be parsed."""


def parse_path(path: str) -> tuple[Step, ...]:
    """Split ``a.b[*].c`` into steps: ``("a", "b", None, "c")``."""
    if not path or path.startswith(".") or path.endswith("."):
        raise FieldPathError(f"bad field path {path!r}: use dotted keys like customer.phone")
    steps: list[Step] = []
    pos = 0
    while pos < len(path):
        m = _STEP.match(path, pos)
        if m is None or m.end() == pos:
            raise FieldPathError(f"bad field path {path!r} at character {pos + 1}")
        key, index = m.group(1), m.group(2)
        if key is not None:
            steps.append(key)
        elif index is not None:
            steps.append(None if index == "*" else int(index))
        pos = m.end()
    return tuple(steps)


def _walk(node: Any, steps: tuple[Step, ...], at: Path) -> Iterator[tuple[Path, Any]]:
    """Yield (path, value) for every value the steps reach."""
    if not steps:
        yield at, node
        return
    step, rest = steps[0], steps[1:]
    if isinstance(step, str):
        if isinstance(node, dict) and step in node:
            yield from _walk(node[step], rest, (*at, step))
    elif step is None:
        if isinstance(node, list):
            for i, child in enumerate(node):
                yield from _walk(child, rest, (*at, i))
    elif isinstance(node, list) and 0 <= step < len(node):
        yield from _walk(node[step], rest, (*at, step))


def _leaves(node: Any, at: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every string or number leaf, depth first, in document order."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*at, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _leaves(value, (*at, i))
    else:
        yield at, node


def transform(
    record: Any,
    paths: list[tuple[Step, ...]] | None,
    fn: Callable[[str, tuple[Step, ...] | None], str],
) -> list[tuple[Path, str]]:
    """The new values for the selected strings and numbers: ``[(path, new_text), ...]``.

    With no paths, every string and integer anywhere in the record is selected (a phone
    number stored as a JSON number must not slip through).  ``fn(text, key)`` returns the
    redacted text; values it leaves unchanged are not listed.  ``key`` names the field for
    context across records: the selector, or without paths the location with list indices
    blanked (``("segments", None, "text")``); numbers share one key of their own, so a
    quantity after a phone number is never read as a piece of it.  ``record`` itself is
    not modified.
    """
    targets: Iterator[tuple[tuple[Step, ...] | None, Path, Any]]
    if paths:
        targets = ((p, at, v) for p in paths for at, v in _walk(record, p, ()))
    else:
        targets = ((None, at, v) for at, v in _leaves(record))
    changes = []
    for selector, at, value in targets:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            continue
        if isinstance(value, float):
            if not value.is_integer() or abs(value) < 1e6:
                continue  # amounts and rates; 13912345678.0 is a phone number all the same
            value = int(value)
        if isinstance(value, int):
            text, key = str(value), _NUMBERS
        else:
            text = value
            key = selector if paths else tuple(None if isinstance(s, int) else s for s in at)
        new = fn(text, key)
        if new != text:
            changes.append((at, new))
    return changes


_NUMBERS = ("#numbers",)


class DuplicateKeyError(ValueError):
    """A JSON object with the same key twice: only the last would be redacted."""

    def __init__(self, key: str) -> None:
        super().__init__(f"duplicate key {key!r} in one object")
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKeyError(key)
        result[key] = value
    return result


def loads(raw: str) -> Any:
    """``json.loads`` that refuses duplicate keys (an earlier value would pass unredacted)."""
    return json.loads(raw, object_pairs_hook=_no_duplicates)


def locate(raw: str) -> dict[Path, tuple[int, int]]:
    """Where each value of the JSON text ``raw`` is: path -> (start, end) in ``raw``.

    ``raw`` must be valid JSON (parse it with ``json.loads`` first for a good error).
    """
    spans: dict[Path, tuple[int, int]] = {}

    def value(i: int, at: Path) -> int:
        i = _WS.match(raw, i).end()
        start = i
        char = raw[i]
        if char == "{":
            i = _WS.match(raw, i + 1).end()
            if raw[i] == "}":
                i += 1
            else:
                while True:
                    key, i = scanstring(raw, i + 1)
                    i = _WS.match(raw, i).end() + 1  # the colon
                    i = value(i, (*at, key))
                    i = _WS.match(raw, i).end()
                    i += 1
                    if raw[i - 1] == "}":
                        break
                    i = _WS.match(raw, i).end()
        elif char == "[":
            i = _WS.match(raw, i + 1).end()
            if raw[i] == "]":
                i += 1
            else:
                index = 0
                while True:
                    i = value(i, (*at, index))
                    index += 1
                    i = _WS.match(raw, i).end() + 1
                    if raw[i - 1] == "]":
                        break
        elif char == '"':
            _, i = scanstring(raw, i + 1)
        else:
            _, i = _DECODER.raw_decode(raw, i)
        spans[at] = (start, i)
        return i

    value(0, ())
    return spans


def splice(raw: str, changes: list[tuple[Path, str]]) -> str:
    """``raw`` with the values at the changed paths replaced by JSON strings."""
    spans = locate(raw)
    edits = sorted(((spans[at], new) for at, new in changes), reverse=True)
    for (start, end), new in edits:
        raw = raw[:start] + json.dumps(new, ensure_ascii=False) + raw[end:]
    return raw
