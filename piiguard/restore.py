"""Restore redacted files: decrypt the reversible values a manifest lists, exactly.

The inverse of ``piiguard redact`` for the ``fpe`` operator.  Everything is checked before
anything is produced: the redacted text must be the one the manifest describes (SHA-256),
the keyring must be the one that protected it (keyring id, key check value per version),
and every item must fit; then the whole restored text is computed in memory.  A
:class:`~piiguard.protect.RestoreError` or :class:`~piiguard.manifest.ManifestError`
means nothing was restored.

Masks, pseudonyms and surrogates are one-way: they stay as they are.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from piiguard.fields import locate
from piiguard.manifest import Manifest, ManifestEntry, ManifestError
from piiguard.protect import RestoreError

__all__ = ["ManifestError", "RestoreError", "restore_document"]


def restore_document(redactor: Any, text: str, manifest: Manifest, source: str = "input") -> str:
    """The original of the redacted ``text`` (format from the manifest), or an error."""
    manifest.check_output(text, source)
    manifest.check_keyring(redactor.keyring, source)
    if manifest.format == "text":
        items = [item for entry in manifest.entries for item in entry.items]
        return _restore(redactor, text, items, source)
    if manifest.format == "jsonl":
        return _restore_jsonl(redactor, text, manifest.entries, source)
    return _restore_json_value(redactor, text, manifest.entries, source, None)


def _restore(redactor: Any, text: str, items: Sequence[Any], where: str) -> str:
    try:
        return redactor.restore(text, items)
    except RestoreError as exc:
        raise RestoreError(f"{where}: {exc}") from None


def _restore_jsonl(redactor: Any, text: str, entries: list[ManifestEntry], source: str) -> str:
    lines = text.split("\n")
    by_line: dict[int, list[ManifestEntry]] = {}
    for entry in entries:
        if entry.line is None or not 1 <= entry.line <= len(lines):
            raise ManifestError(f"{source}: the manifest names a line the file does not have")
        by_line.setdefault(entry.line, []).append(entry)
    for number, group in by_line.items():
        line = lines[number - 1]
        body = line.rstrip("\r")
        restored = _restore_json_value(redactor, body, group, f"{source}:{number}", number)
        lines[number - 1] = restored + line[len(body) :]
    return "\n".join(lines)


def _restore_json_value(
    redactor: Any, raw: str, entries: list[ManifestEntry], where: str, line: int | None
) -> str:
    if not entries:
        return raw
    try:
        record = json.loads(raw)
    except json.JSONDecodeError:
        raise ManifestError(
            f"{where}: not valid JSON where the manifest expects a record"
        ) from None
    spans = locate(raw)
    edits = []
    for entry in entries:
        if entry.path is None:
            raise ManifestError(f"{where}: manifest item without a JSON path")
        value = _get(record, entry.path)
        if not isinstance(value, str) or entry.path not in spans:
            raise ManifestError(
                f"{where}: no text value at {_show(entry.path)}, where the manifest has one"
            )
        restored = _restore(redactor, value, entry.items, f"{where} {_show(entry.path)}")
        new = json.dumps(restored, ensure_ascii=False)
        if entry.number and _is_json_number(restored):
            new = restored
        edits.append((spans[entry.path], new))
    for (start, end), new in sorted(edits, reverse=True):
        raw = raw[:start] + new + raw[end:]
    return raw


def _get(record: Any, path: tuple[str | int, ...]) -> Any:
    node = record
    for step in path:
        if isinstance(step, str) and isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(step, int) and isinstance(node, list) and 0 <= step < len(node):
            node = node[step]
        else:
            return None
    return node


def _show(path: tuple[str | int, ...]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out or "(top level)"


def _is_json_number(text: str) -> bool:
    try:
        return isinstance(json.loads(text), int | float) and text.strip() == text
    except json.JSONDecodeError:
        return False
