"""Audit log: JSON Lines, one record per file and one per job, chained by SHA-256.

Each record carries ``prev`` (the ``hash`` of the record before it, ``"0" * 64`` for the
first) and ``hash`` (SHA-256 of the record's canonical JSON without ``hash``).  Editing,
inserting, reordering or deleting a record (other than the last ones) breaks the chain;
:func:`verify` says where.  Records hold counts, paths, digests and settings -- never a
value from the data.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

GENESIS = "0" * 64
FORMAT = "piiguard-audit"


class AuditError(ValueError):
    """An audit log that does not verify; names the line."""


def _canonical(record: dict[str, Any]) -> bytes:
    body = {k: v for k, v in record.items() if k != "hash"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def record_hash(record: dict[str, Any]) -> str:
    return hashlib.sha256(_canonical(record)).hexdigest()


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _last_hash(path: Path) -> str:
    if not path.exists() or path.stat().st_size == 0:
        return GENESIS
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        block = min(size, 1 << 16)
        while True:
            f.seek(size - block)
            tail = f.read(block).rstrip(b"\n")
            if b"\n" in tail or block == size:
                last = tail.rsplit(b"\n", 1)[-1]
                break
            block = min(size, block * 2)
    try:
        return json.loads(last)["hash"]
    except (ValueError, KeyError, TypeError):
        raise AuditError(f"{path}: the last record is not a piiguard audit record") from None


class AuditLog:
    """Append-only writer; an exclusive lock keeps the chain intact across processes."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def append(self, kind: str, **fields: Any) -> dict[str, Any]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a+b") as f:
            with contextlib.suppress(ImportError):
                import fcntl

                fcntl.flock(f.fileno(), fcntl.LOCK_EX)
            record = {
                "format": FORMAT,
                "kind": kind,
                "time": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                **fields,
                "prev": _last_hash(self.path),
            }
            record["hash"] = record_hash(record)
            line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
            f.write(line.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        return record


def verify(path: str | Path) -> int:
    """Check every record and the chain; the number of records, or :class:`AuditError`."""
    path = Path(path)
    previous = GENESIS
    count = 0
    try:
        stream = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise AuditError(f"{path}: cannot read ({exc.strerror})") from None
    with stream:
        for number, raw in enumerate(stream, 1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except ValueError:
                raise AuditError(f"{path}:{number}: not a JSON record") from None
            if not isinstance(record, dict) or record.get("format") != FORMAT:
                raise AuditError(f"{path}:{number}: not a piiguard audit record")
            if record.get("prev") != previous:
                raise AuditError(
                    f"{path}:{number}: chain broken: the record does not follow the one "
                    "before it (a record was removed, inserted or reordered)"
                )
            if record.get("hash") != record_hash(record):
                raise AuditError(f"{path}:{number}: the record was modified after it was written")
            previous = record["hash"]
            count += 1
    return count


def counts_by_entity(counts) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """``({entity: n}, {entity: {operator: n}})`` from ``(entity, operator)`` counts."""
    entities: dict[str, int] = {}
    operators: dict[str, dict[str, int]] = {}
    for (entity, operator), n in sorted(counts.items()):
        entities[entity] = entities.get(entity, 0) + n
        operators.setdefault(entity, {})[operator] = n
    return entities, operators
