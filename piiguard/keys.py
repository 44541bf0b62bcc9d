"""Keyring: versioned data keys, wrapped by a master key, in one file.

A keyring file holds one or more *data keys* (256-bit, random), each with a version
number; one version is *active* and protects new data, the older ones stay so that data
they protected can still be restored.  The data keys are wrapped (AES-256-GCM from
``cryptography``) by a *master key* that is never stored:

* either a 256-bit key read from an environment variable (``PIIGUARD_MASTER_KEY`` unless
  the file names another), given as 64 hex digits or base64
  (``openssl rand -base64 32``);
* or a passphrase, stretched with scrypt (N=2^15, r=8, p=1, a random salt kept in the
  file), from ``PIIGUARD_PASSPHRASE`` or typed when the command line asks for it.

The file is JSON: a random keyring id, how the master key is obtained, the active version,
and per version its creation (and retirement) time, a *key check value* (the first 8
bytes of HMAC-SHA256(data key, "piiguard key check value"), which identifies a key without
revealing it; manifests record it so that a restore with the wrong key fails with a clear
message) and the wrapped key.  A *master check* (an HMAC of the keyring id under a key derived
from the master key) tells a wrong master key or passphrase apart from a damaged file, and
the whole file is authenticated with an HMAC under another key derived from the master
key, so a changed active version or a swapped entry is detected.

Rules that hold everywhere in this module:

* key material never appears in ``repr``, in exception messages or in logs; objects that
  hold it refuse to be pickled;
* secrets are compared with :func:`hmac.compare_digest`;
* key files are written atomically with mode 0600, and a key file that group or others may
  read or write is refused.

Each data key is expanded with HKDF-SHA256 into independent keys per purpose (FF1, keyed
pseudonyms, small-domain tables, sealing of written-form details): see
:meth:`DataKey.derive`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import hashlib
import hmac
import json
import os
import secrets
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

__all__ = [
    "DataKey",
    "KeyVersion",
    "Keyring",
    "KeyringError",
    "MASTER_KEY_ENV",
    "PASSPHRASE_ENV",
    "decode_master_key",
    "key_file_problem",
]

MASTER_KEY_ENV = "PIIGUARD_MASTER_KEY"
PASSPHRASE_ENV = "PIIGUARD_PASSPHRASE"
FORMAT = "piiguard-keyring"
FORMAT_VERSION = 1
DATA_KEY_BYTES = 32
SCRYPT_N = 1 << 15
SCRYPT_R = 8
SCRYPT_P = 1
_CHECK_LABEL = b"piiguard key check value"
_MAC_INFO = b"piiguard/v1/keyring-mac"
_MASTER_CHECK_INFO = b"piiguard/v1/master-check"
_WRAP_INFO = b"piiguard/v1/keyring-wrap"


class KeyringError(ValueError):
    """A keyring that cannot be created, opened or used; the message says what to do."""


def _now() -> str:
    return (
        _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    )


def _hkdf(secret: bytes, info: bytes, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(secret)


def key_check_value(secret: bytes) -> str:
    """16 hex digits that identify a key without revealing it."""
    return hmac.new(secret, _CHECK_LABEL, hashlib.sha256).digest()[:8].hex()


def decode_master_key(text: str, source: str = MASTER_KEY_ENV) -> bytes:
    """A 256-bit master key from 64 hex digits or base64; errors never echo the value."""
    if not isinstance(text, str):
        raise KeyringError(f"{source}: the master key must be text (hex or base64)")
    text = text.strip()
    raw: bytes | None = None
    if len(text) == 64:
        try:
            raw = bytes.fromhex(text)
        except ValueError:
            raw = None
    if raw is None:
        try:
            padded = text + "=" * (-len(text) % 4)
            alt = b"-_" if ("-" in text or "_" in text) else None
            raw = base64.b64decode(padded, altchars=alt, validate=True)
        except (binascii.Error, ValueError):
            raw = None
    if raw is None or len(raw) != 32:
        raise KeyringError(
            f"{source} must hold a 256-bit key: 64 hex digits or base64 of 32 bytes "
            "(create one with: openssl rand -base64 32)"
        )
    return raw


def key_file_problem(path: Path) -> str | None:
    """Why ``path`` is not safe to hold keys (group/others may access it), or None."""
    if os.name != "posix":
        return None
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        return (
            f"{path}: key file is accessible by group or others (mode {mode:04o}); "
            f"refusing to use it. Restrict it with: chmod 600 {path}"
        )
    return None


class DataKey:
    """One version of a data key.  Holds key material: no repr, no pickling."""

    __slots__ = ("version", "check", "_secret", "_derived")

    def __init__(self, version: int, secret: bytes) -> None:
        if len(secret) != DATA_KEY_BYTES:
            raise KeyringError(f"a data key must be {DATA_KEY_BYTES} bytes")
        self.version = version
        self.check = key_check_value(secret)
        self._secret = bytes(secret)
        self._derived: dict[bytes, bytes] = {}

    def derive(self, purpose: bytes, length: int = 32) -> bytes:
        """An independent key for ``purpose`` (HKDF-SHA256, info ``piiguard/v1/<purpose>``)."""
        cache_key = purpose + b"/" + str(length).encode()
        key = self._derived.get(cache_key)
        if key is None:
            key = self._derived[cache_key] = _hkdf(self._secret, b"piiguard/v1/" + purpose, length)
        return key

    def matches(self, check: str) -> bool:
        """True when ``check`` is this key's check value (constant-time comparison)."""
        return isinstance(check, str) and hmac.compare_digest(self.check, check)

    def __repr__(self) -> str:
        return f"DataKey(version={self.version}, check={self.check})"

    def __reduce__(self) -> NoReturn:
        raise TypeError("DataKey objects cannot be pickled (they hold key material)")


@dataclass(frozen=True)
class KeyVersion:
    """Public facts about one key version (no key material)."""

    version: int
    created: str
    check: str
    active: bool
    retired: str | None = None


class _Master:
    """The master key, derived or read; never shown."""

    __slots__ = ("_key",)

    def __init__(self, key: bytes) -> None:
        self._key = key

    def __repr__(self) -> str:
        return "_Master(<hidden>)"

    def __reduce__(self) -> NoReturn:
        raise TypeError("master keys cannot be pickled")


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    if not isinstance(passphrase, str) or not passphrase:
        raise KeyringError("the passphrase is empty")
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


class Keyring:
    """Versioned data keys from a keyring file (or in memory), unlocked by a master key.

    >>> ring = Keyring.create("keys.json")        # master key from $PIIGUARD_MASTER_KEY
    >>> ring = Keyring.open("keys.json")
    >>> ring.rotate().version                      # new data uses version 2 from now on
    2
    """

    __slots__ = ("path", "id", "_master_spec", "_master", "_meta", "_keys", "_active")

    def __init__(self) -> None:  # use create / open / in_memory
        self.path: Path | None = None
        self.id = ""
        self._master_spec: dict[str, Any] = {}
        self._master: _Master | None = None
        self._meta: dict[int, dict[str, Any]] = {}
        self._keys: dict[int, DataKey] = {}
        self._active = 0

    # ------------------------------------------------------------------ construction

    @classmethod
    def create(
        cls,
        path: str | Path,
        *,
        passphrase: str | None = None,
        master_key: bytes | str | None = None,
        master_env: str = MASTER_KEY_ENV,
        scrypt_n: int = SCRYPT_N,
    ) -> Keyring:
        """Create a keyring file with one data key (version 1).

        The master key is ``passphrase`` (stretched with scrypt), else ``master_key``, else
        read from the environment variable ``master_env``.  Refuses to overwrite a file.
        """
        path = Path(path)
        if path.exists():
            raise KeyringError(f"{path}: file exists; refusing to overwrite a keyring")
        if not path.parent.is_dir():
            raise KeyringError(f"{path.parent}: directory does not exist")
        ring = cls()
        ring.path = path
        ring.id = secrets.token_hex(16)
        if passphrase is not None:
            if scrypt_n < 1 << 14 or scrypt_n & (scrypt_n - 1):
                raise KeyringError("scrypt_n must be a power of two, at least 2**14")
            salt = secrets.token_bytes(16)
            ring._master_spec = {
                "kind": "passphrase",
                "kdf": "scrypt",
                "salt": base64.b64encode(salt).decode("ascii"),
                "n": scrypt_n,
                "r": SCRYPT_R,
                "p": SCRYPT_P,
            }
            ring._master = _Master(_scrypt(passphrase, salt, scrypt_n, SCRYPT_R, SCRYPT_P))
        else:
            if not master_env or not isinstance(master_env, str):
                raise KeyringError("master_env must name an environment variable")
            ring._master_spec = {"kind": "env", "variable": master_env}
            ring._master = _Master(_master_from(master_key, master_env))
        ring._add_version()
        ring._save()
        return ring

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        passphrase: str | None = None,
        master_key: bytes | str | None = None,
    ) -> Keyring:
        """Open and unlock a keyring file.

        The master key comes from the argument that fits the file (``passphrase`` for a
        passphrase keyring, ``master_key`` for a master-key keyring) or else from the
        environment (``PIIGUARD_PASSPHRASE``, or the variable the file names).
        """
        path = Path(path)
        doc = _read_keyring_file(path)
        ring = cls()
        ring.path = path
        ring._load_doc(doc, str(path))
        spec = ring._master_spec
        if spec["kind"] == "passphrase":
            if passphrase is None:
                passphrase = os.environ.get(PASSPHRASE_ENV)
            if not passphrase:
                raise KeyringError(
                    f"{path}: this keyring is unlocked by a passphrase: set {PASSPHRASE_ENV} "
                    "or enter it when asked"
                )
            salt = base64.b64decode(spec["salt"])
            ring._master = _Master(_scrypt(passphrase, salt, spec["n"], spec["r"], spec["p"]))
        else:
            ring._master = _Master(_master_from(master_key, spec["variable"], str(path)))
        ring._unlock(doc, str(path))
        return ring

    @classmethod
    def in_memory(
        cls, keys: Mapping[int, bytes] | None = None, active: int | None = None
    ) -> Keyring:
        """A keyring that lives in memory only (tests, notebooks, Presidio pipelines).

        ``keys`` maps versions to 32-byte keys; by default one random key, version 1.
        """
        ring = cls()
        ring.id = secrets.token_hex(16)
        ring._master_spec = {"kind": "memory"}
        if not keys:
            ring._add_version()
            return ring
        for version, secret in sorted(keys.items()):
            if isinstance(version, bool) or not isinstance(version, int) or version < 1:
                raise KeyringError("key versions must be positive integers")
            if not isinstance(secret, (bytes, bytearray)):
                raise KeyringError("data keys must be bytes")
            key = DataKey(version, bytes(secret))
            ring._keys[version] = key
            ring._meta[version] = {"created": _now(), "check": key.check}
        ring._active = max(ring._keys) if active is None else active
        if ring._active not in ring._keys:
            raise KeyringError(f"active version {ring._active} is not among the keys")
        return ring

    @staticmethod
    def describe(path: str | Path) -> tuple[str, str, list[KeyVersion]]:
        """(keyring id, master kind, versions) of a keyring file, without unlocking it."""
        path = Path(path)
        doc = _read_keyring_file(path)
        ring = Keyring()
        ring._load_doc(doc, str(path))
        return ring.id, ring._master_spec["kind"], ring.versions()

    # ------------------------------------------------------------------ use

    @property
    def active_version(self) -> int:
        """The version that protects new data."""
        return self._active

    def versions(self) -> list[KeyVersion]:
        """Every version, oldest first (no key material)."""
        return [
            KeyVersion(v, m["created"], m["check"], v == self._active, m.get("retired"))
            for v, m in sorted(self._meta.items())
        ]

    def key(self, version: int | None = None) -> DataKey:
        """The data key of ``version`` (default: the active one)."""
        version = self._active if version is None else version
        key = self._keys.get(version)
        if key is None:
            have = ", ".join(str(v) for v in sorted(self._meta)) or "none"
            where = f"{self.path}: " if self.path else ""
            raise KeyringError(
                f"{where}key version {version} is not in this keyring (it holds {have})"
            )
        return key

    def rotate(self) -> KeyVersion:
        """Add a new data key and make it active; older versions stay for restore."""
        if self._master_spec.get("kind") != "memory" and self._master is None:
            raise KeyringError("the keyring is not unlocked")
        old = self._active
        version = self._add_version()
        if old:
            self._meta[old]["retired"] = self._meta[version]["created"]
        if self.path is not None:
            self._save()
        return self.versions()[-1]

    def __repr__(self) -> str:
        where = f"{str(self.path)!r}, " if self.path else ""
        return f"Keyring({where}id={self.id}, active={self._active}, versions={sorted(self._meta)})"

    def __reduce__(self) -> NoReturn:
        raise TypeError("Keyring objects cannot be pickled (they hold key material)")

    # ------------------------------------------------------------------ internals

    def _add_version(self) -> int:
        version = max(self._meta, default=0) + 1
        key = DataKey(version, secrets.token_bytes(DATA_KEY_BYTES))
        self._keys[version] = key
        self._meta[version] = {"created": _now(), "check": key.check}
        self._active = version
        return version

    def _aad(self, version: int) -> bytes:
        return f"{FORMAT}/{FORMAT_VERSION}|{self.id}|{version}".encode()

    def _body(self, wrapped: Mapping[int, str]) -> dict[str, Any]:
        keys = []
        for version, meta in sorted(self._meta.items()):
            entry = {"version": version, "created": meta["created"], "check": meta["check"]}
            if meta.get("retired"):
                entry["retired"] = meta["retired"]
            entry["wrapped"] = wrapped[version]
            keys.append(entry)
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "id": self.id,
            "master": self._master_spec,
            "master_check": self._master_check(),
            "active": self._active,
            "keys": keys,
        }

    def _master_check(self) -> str:
        """Identifies the master key (wrong key or wrong passphrase), reveals nothing."""
        assert self._master is not None
        check_key = _hkdf(self._master._key, _MASTER_CHECK_INFO)
        return hmac.new(check_key, self.id.encode(), hashlib.sha256).hexdigest()[:32]

    def _mac(self, body: Mapping[str, Any]) -> str:
        assert self._master is not None
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
        mac_key = _hkdf(self._master._key, _MAC_INFO)
        return hmac.new(mac_key, canonical, hashlib.sha256).hexdigest()

    def _save(self) -> None:
        from piiguard.atomic import atomic_writer

        assert self.path is not None and self._master is not None
        wrap = AESGCM(_hkdf(self._master._key, _WRAP_INFO))
        wrapped = {}
        for version, key in self._keys.items():
            nonce = secrets.token_bytes(12)
            blob = nonce + wrap.encrypt(nonce, key._secret, self._aad(version))
            wrapped[version] = base64.b64encode(blob).decode("ascii")
        body = self._body(wrapped)
        body["mac"] = self._mac(body)
        if self.path.exists():
            problem = key_file_problem(self.path)
            if problem:
                raise KeyringError(problem)
        # atomic_writer creates its temporary file with mkstemp: mode 0600 from the start.
        with atomic_writer(self.path) as out:
            out.write(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
        if os.name == "posix":
            os.chmod(self.path, 0o600)

    def _load_doc(self, doc: Any, where: str) -> None:
        try:
            if doc.get("format") != FORMAT:
                raise KeyringError(f"{where}: not a piiguard keyring file")
            if doc.get("format_version") != FORMAT_VERSION:
                raise KeyringError(
                    f"{where}: keyring format version {doc.get('format_version')!r} is not "
                    f"supported (expected {FORMAT_VERSION}); upgrade piiguard"
                )
            self.id = str(doc["id"])
            spec = dict(doc["master"])
            if spec.get("kind") == "env":
                if not isinstance(spec.get("variable"), str):
                    raise KeyError("variable")
            elif spec.get("kind") == "passphrase":
                for name in ("n", "r", "p"):
                    if isinstance(spec[name], bool) or not isinstance(spec[name], int):
                        raise KeyError(name)
                base64.b64decode(spec["salt"], validate=True)
            else:
                raise KeyError("kind")
            self._master_spec = spec
            self._active = int(doc["active"])
            for entry in doc["keys"]:
                version = entry["version"]
                if isinstance(version, bool) or not isinstance(version, int) or version < 1:
                    raise KeyError("version")
                meta = {"created": str(entry["created"]), "check": str(entry["check"])}
                if entry.get("retired"):
                    meta["retired"] = str(entry["retired"])
                meta["wrapped"] = str(entry["wrapped"])
                self._meta[version] = meta
        except KeyringError:
            raise
        except (AttributeError, KeyError, TypeError, ValueError, binascii.Error):
            raise KeyringError(f"{where}: damaged keyring file (missing or bad fields)") from None
        if self._active not in self._meta:
            raise KeyringError(f"{where}: damaged keyring file (active version missing)")

    def _unlock(self, doc: Mapping[str, Any], where: str) -> None:
        assert self._master is not None
        master_check = doc.get("master_check")
        if not isinstance(master_check, str) or not hmac.compare_digest(
            self._master_check(), master_check
        ):
            kind = self._master_spec["kind"]
            variable = self._master_spec.get("variable")
            what = "passphrase" if kind == "passphrase" else f"master key (${variable})"
            raise KeyringError(f"{where}: cannot unlock the keyring: wrong {what}")
        body = {k: v for k, v in doc.items() if k != "mac"}
        mac = doc.get("mac")
        if not (isinstance(mac, str) and hmac.compare_digest(self._mac(body), mac)):
            raise KeyringError(
                f"{where}: the keyring file was modified outside piiguard (integrity check "
                "failed); restore it from a backup"
            )
        wrap = AESGCM(_hkdf(self._master._key, _WRAP_INFO))
        for version, meta in sorted(self._meta.items()):
            try:
                blob = base64.b64decode(meta["wrapped"], validate=True)
                secret = wrap.decrypt(blob[:12], blob[12:], self._aad(version))
            except (InvalidTag, ValueError, binascii.Error):
                raise KeyringError(
                    f"{where}: key version {version} cannot be unwrapped (damaged entry)"
                ) from None
            key = DataKey(version, secret)
            if not key.matches(meta["check"]):
                raise KeyringError(f"{where}: key version {version} fails its check value")
            self._keys[version] = key
        for meta in self._meta.values():
            meta.pop("wrapped", None)


def _master_from(master_key: bytes | str | None, variable: str, where: str = "") -> bytes:
    prefix = f"{where}: " if where else ""
    if master_key is not None:
        if isinstance(master_key, str):
            return decode_master_key(master_key, "master_key")
        if len(master_key) != 32:
            raise KeyringError("master_key must be 32 bytes")
        return bytes(master_key)
    text = os.environ.get(variable)
    if not text:
        raise KeyringError(
            f"{prefix}the master key is read from the environment variable {variable}, which "
            f"is not set (create a key with: openssl rand -base64 32)"
        )
    return decode_master_key(text, variable)


def _read_keyring_file(path: Path) -> Any:
    try:
        problem = key_file_problem(path)
    except FileNotFoundError:
        raise KeyringError(f"{path}: keyring file not found") from None
    except OSError as exc:
        raise KeyringError(f"{path}: cannot read keyring file ({exc.strerror})") from None
    if problem:
        raise KeyringError(problem)
    try:
        text = path.read_text(encoding="utf-8")
    except IsADirectoryError:
        raise KeyringError(f"{path}: is a directory, not a keyring file") from None
    except OSError as exc:
        raise KeyringError(f"{path}: cannot read keyring file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise KeyringError(f"{path}: not a piiguard keyring file") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        raise KeyringError(f"{path}: not a piiguard keyring file (not JSON)") from None
    if not isinstance(doc, dict):
        raise KeyringError(f"{path}: not a piiguard keyring file")
    return doc
