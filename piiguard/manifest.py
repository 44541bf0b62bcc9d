"""Manifests: where the reversible values of a redacted file are, and how to undo them.

``piiguard redact --keyring …`` with a policy that uses ``fpe`` writes, next to its output,
a *manifest* (``OUTPUT.manifest.json``): for every value protected reversibly, its
position in the *output*, its entity, its operator and the key version that protected it;
in the header the keyring id, the key check value of each version used (to recognise the
wrong key before decrypting anything), the operators' parameters, the policy fingerprint
and the SHA-256 of the output text (to recognise a file that was changed since).

A manifest never contains plaintext.  An item's optional ``form`` is sealed with
AES-256-GCM under the data key (spoken-numeral variants needed for an exact restore; see
:mod:`piiguard.protect`).  The positions are not secret either: they are where the
ciphertexts stand in the redacted file that the manifest accompanies.

Positions
---------
* text: ``start``/``end`` are character offsets in the whole output text;
* JSON Lines: ``line`` (1-based), ``path`` (keys and indices of the JSON value) and the
  offsets inside that string; ``number: true`` when the original was a JSON number;
* JSON: ``path`` and the offsets inside that string (and ``number``).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from piiguard._version import __version__
from piiguard.protect import SCHEME_VERSION, RestoreError, ReversibleItem

__all__ = ["MANIFEST_FORMAT", "Manifest", "ManifestEntry", "ManifestError", "manifest_path"]

MANIFEST_FORMAT = "piiguard-manifest"
MANIFEST_VERSION = 1
SUFFIX = ".manifest.json"


class ManifestError(ValueError):
    """A manifest that cannot be read or does not fit; names the file, never data."""


def manifest_path(output: str | Path) -> Path:
    """The sidecar manifest of ``output``: ``OUTPUT.manifest.json``."""
    output = Path(output)
    return output.with_name(output.name + SUFFIX)


def text_digest(text: str) -> str:
    """SHA-256 of the UTF-8 encoding of ``text`` (hex)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ManifestEntry:
    """The reversible items of one location: the whole text, or one JSON string value."""

    items: tuple[ReversibleItem, ...]
    #: JSON Lines: 1-based line number; None for text and JSON documents
    line: int | None = None
    #: JSON: keys and indices of the value; None for text
    path: tuple[str | int, ...] | None = None
    #: the value was a JSON number before redaction
    number: bool = False


@dataclass
class Manifest:
    """Everything needed to restore one redacted output, except the key."""

    format: str
    keyring_id: str
    key_checks: dict[int, str]
    operators: dict[str, dict[str, Any]]
    entries: list[ManifestEntry] = field(default_factory=list)
    output_sha256: str = ""
    output_name: str = ""
    policy: str = ""
    created: str = ""
    scheme: int = SCHEME_VERSION

    @property
    def item_count(self) -> int:
        return sum(len(e.items) for e in self.entries)

    def key_versions(self) -> list[int]:
        """The key versions that protected something in this output."""
        return sorted({i.key_version for e in self.entries for i in e.items})

    # -- JSON -----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        items = []
        for entry in self.entries:
            for item in entry.items:
                row: dict[str, Any] = {}
                if entry.line is not None:
                    row["line"] = entry.line
                if entry.path is not None:
                    row["path"] = list(entry.path)
                if entry.number:
                    row["number"] = True
                row.update(
                    start=item.out_start,
                    end=item.out_end,
                    entity=item.entity,
                    operator=item.operator,
                    key_version=item.key_version,
                )
                if item.form:
                    row["form"] = item.form
                items.append(row)
        return {
            "format": MANIFEST_FORMAT,
            "format_version": MANIFEST_VERSION,
            "scheme": self.scheme,
            "created": self.created or _now(),
            "piiguard": __version__,
            "policy": self.policy,
            "keyring": {
                "id": self.keyring_id,
                "key_checks": {str(v): c for v, c in sorted(self.key_checks.items())},
            },
            "output": {
                "name": self.output_name,
                "format": self.format,
                "sha256": self.output_sha256,
            },
            "operators": self.operators,
            "items": items,
        }

    def to_json(self) -> str:
        """The manifest as JSON: the header indented, one line per item."""
        doc = self.to_dict()
        items = doc.pop("items")
        head = json.dumps(doc, ensure_ascii=False, indent=1)
        rows = ",\n".join(
            "  " + json.dumps(item, ensure_ascii=False, separators=(",", ":")) for item in items
        )
        body = f"\n{rows}\n " if rows else ""
        return f'{head[:-2]},\n "items": [{body}]\n}}\n'

    @classmethod
    def from_dict(cls, doc: Any, source: str = "manifest") -> Manifest:
        if not isinstance(doc, Mapping) or doc.get("format") != MANIFEST_FORMAT:
            raise ManifestError(f"{source}: not a piiguard manifest")
        if doc.get("format_version") != MANIFEST_VERSION:
            raise ManifestError(
                f"{source}: manifest version {doc.get('format_version')!r} is not supported"
            )
        if doc.get("scheme") != SCHEME_VERSION:
            raise ManifestError(
                f"{source}: written by protection scheme {doc.get('scheme')!r}; this piiguard "
                f"restores scheme {SCHEME_VERSION}: use the piiguard version that redacted it"
            )
        try:
            keyring = doc["keyring"]
            checks = {int(v): str(c) for v, c in keyring["key_checks"].items()}
            operators = {str(e): dict(p) for e, p in doc["operators"].items()}
            output = doc["output"]
            manifest = cls(
                format=str(output["format"]),
                keyring_id=str(keyring["id"]),
                key_checks=checks,
                operators=operators,
                output_sha256=str(output["sha256"]),
                output_name=str(output.get("name", "")),
                policy=str(doc.get("policy", "")),
                created=str(doc.get("created", "")),
            )
            if manifest.format not in ("text", "jsonl", "json"):
                raise ValueError("format")
            groups: dict[tuple[Any, ...], list[ReversibleItem]] = {}
            flags: dict[tuple[Any, ...], bool] = {}
            for row in doc["items"]:
                entity = str(row["entity"])
                version = int(row["key_version"])
                params = {k: v for k, v in operators[entity].items() if k != "operator"}
                start, end = int(row["start"]), int(row["end"])
                if not 0 <= start <= end:
                    raise ValueError("span")
                item = ReversibleItem(
                    entity,
                    start,
                    end,
                    str(row["operator"]),
                    version,
                    checks[version],
                    params,
                    row.get("form"),
                )
                line = row.get("line")
                path = row.get("path")
                if line is not None and (isinstance(line, bool) or not isinstance(line, int)):
                    raise ValueError("line")
                if path is not None:
                    if not isinstance(path, list) or not all(
                        isinstance(p, str) or (isinstance(p, int) and not isinstance(p, bool))
                        for p in path
                    ):
                        raise ValueError("path")
                    path = tuple(path)
                key = (line, path)
                groups.setdefault(key, []).append(item)
                flags[key] = flags.get(key, False) or bool(row.get("number", False))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise ManifestError(f"{source}: damaged manifest (missing or bad fields)") from None
        for (line, path), items in groups.items():
            manifest.entries.append(ManifestEntry(tuple(items), line, path, flags[(line, path)]))
        return manifest

    @classmethod
    def load(cls, path: str | Path) -> Manifest:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ManifestError(f"{path}: manifest not found") from None
        except (OSError, UnicodeDecodeError):
            raise ManifestError(f"{path}: cannot read the manifest") from None
        try:
            doc = json.loads(text)
        except json.JSONDecodeError:
            raise ManifestError(f"{path}: not a piiguard manifest (not JSON)") from None
        return cls.from_dict(doc, str(path))

    # -- checks ---------------------------------------------------------------------

    def check_output(self, text: str, source: str) -> None:
        """Refuse a redacted text that is not the one this manifest describes."""
        if not hmac.compare_digest(text_digest(text), self.output_sha256):
            raise ManifestError(
                f"{source}: does not match its manifest (the file was changed after "
                "redaction, or the manifest belongs to another file); nothing was restored"
            )

    def check_keyring(self, keyring: Any, source: str) -> None:
        """Refuse a keyring that is not the one (or lacks the keys) that protected the data."""
        if not self.entries:
            return
        if keyring is None:
            raise RestoreError(f"{source}: restoring needs the keyring that protected the data")
        if not hmac.compare_digest(str(keyring.id), self.keyring_id):
            raise RestoreError(
                f"{source}: the data was protected with another keyring (keyring id differs); "
                "use the keyring file that protected it"
            )
        for version in self.key_versions():
            try:
                key = keyring.key(version)
            except ValueError:
                have = ", ".join(str(v.version) for v in keyring.versions())
                raise RestoreError(
                    f"{source}: key version {version} protected this data but is not in the "
                    f"keyring (it holds {have})"
                ) from None
            if not key.matches(self.key_checks[version]):
                raise RestoreError(
                    f"{source}: key version {version} of the keyring is not the key that "
                    "protected this data (key check value differs)"
                )


def build_manifest(
    fmt: str,
    keyring: Any,
    policy: Any,
    entries: Sequence[ManifestEntry],
    output_text_sha256: str,
    output_name: str,
) -> Manifest:
    """A manifest for one redacted output."""
    checks: dict[int, str] = {}
    operators: dict[str, dict[str, Any]] = {}
    for entry in entries:
        for item in entry.items:
            checks[item.key_version] = item.key_check
            if item.entity not in operators:
                operators[item.entity] = {"operator": item.operator, **dict(item.params)}
    for entity in policy.detect:
        spec = policy.operator_for(entity)
        if spec.name == "fpe" and entity not in operators:
            operators[entity] = {"operator": spec.name, **spec.params}
    if keyring is not None:
        checks.setdefault(keyring.active_version, keyring.key().check)
    return Manifest(
        format=fmt,
        keyring_id=str(getattr(keyring, "id", "")),
        key_checks=checks,
        operators=operators,
        entries=list(entries),
        output_sha256=output_text_sha256,
        output_name=output_name,
        policy=policy.fingerprint(),
        created=_now(),
    )


def _now() -> str:
    return (
        _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    )
