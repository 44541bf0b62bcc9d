"""Field paths into JSON records: ``customer.phone``, ``segments[*].text``, ``items[0].note``.

A path selects string values to redact; everything else in the record is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

_STEP = re.compile(r"([^.\[\]]+)|\[(\*|\d+)\]|\.")

Step = str | int | None  # key, index, or None for "every element"


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


def _walk(node: Any, steps: tuple[Step, ...]) -> Iterator[tuple[Any, Any]]:
    """Yield (container, key) pairs for every value the steps reach."""
    if not steps:
        return
    step, rest = steps[0], steps[1:]
    if isinstance(step, str):
        if isinstance(node, dict) and step in node:
            targets = [(node, step)]
        else:
            targets = []
    elif step is None:
        targets = [(node, i) for i in range(len(node))] if isinstance(node, list) else []
    else:
        targets = (
            [(node, step)] if isinstance(node, list) and -len(node) <= step < len(node) else []
        )
    for container, key in targets:
        if rest:
            yield from _walk(container[key], rest)
        else:
            yield container, key


def all_strings(node: Any) -> Iterator[tuple[Any, Any]]:
    """Every (container, key) holding a string, depth first, in document order."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str):
                yield node, key
            else:
                yield from all_strings(value)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, str):
                yield node, i
            else:
                yield from all_strings(value)


def transform(
    record: Any,
    paths: list[tuple[Step, ...]] | None,
    fn: Callable[[str, tuple[Step, ...] | None], str],
) -> bool:
    """Apply ``fn`` to the selected string (or integer) values in place; True if any changed.

    With no paths, every string value is selected.  Integers selected by an explicit path
    (a phone number stored as a JSON number) are redacted as text and written back as a
    string only if they changed.
    """
    changed = False
    targets = (
        ((c, k, None) for c, k in all_strings(record))
        if not paths
        else ((c, k, p) for p in paths for c, k in _walk(record, p))
    )
    for container, key, path in targets:
        value = container[key]
        if isinstance(value, bool) or not isinstance(value, str | int):
            continue
        text = value if isinstance(value, str) else str(value)
        new = fn(text, path)
        if new != text:
            container[key] = new
            changed = True
    return changed
