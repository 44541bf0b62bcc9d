"""Keyrings (piiguard.keys): wrapping, unlocking, rotation, file safety, no leaks."""

from __future__ import annotations

import base64
import copy
import json
import os
import pickle
import stat

import pytest

from piiguard.keys import (
    MASTER_KEY_ENV,
    PASSPHRASE_ENV,
    DataKey,
    Keyring,
    KeyringError,
    decode_master_key,
)

MASTER = bytes(range(100, 132))
MASTER_B64 = base64.b64encode(MASTER).decode()
FAST_SCRYPT = 1 << 14


@pytest.fixture
def master_env(monkeypatch):
    monkeypatch.setenv(MASTER_KEY_ENV, MASTER_B64)
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    return MASTER_B64


def _secrets(ring: Keyring) -> list[bytes]:
    return [ring.key(v.version)._secret for v in ring.versions()]


def _assert_no_secret(text: str, ring: Keyring) -> None:
    for secret in [*_secrets(ring), MASTER]:
        assert secret.hex() not in text and base64.b64encode(secret).decode() not in text


def test_create_and_open_with_master_key_from_environment(tmp_path, master_env) -> None:
    path = tmp_path / "keys.json"
    ring = Keyring.create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ring.active_version == 1 and len(ring.id) == 32
    opened = Keyring.open(path)
    assert opened.id == ring.id
    assert opened.key(1).check == ring.key(1).check
    assert opened.key()._secret == ring.key()._secret
    text = path.read_text()
    _assert_no_secret(text, ring)
    doc = json.loads(text)
    assert doc["master"] == {"kind": "env", "variable": MASTER_KEY_ENV}


def test_master_key_formats() -> None:
    assert decode_master_key(MASTER.hex()) == MASTER
    assert decode_master_key(MASTER_B64) == MASTER
    assert decode_master_key(base64.urlsafe_b64encode(MASTER).decode().rstrip("=")) == MASTER
    for bad in ("", "short", "zz" * 32, base64.b64encode(bytes(16)).decode()):
        with pytest.raises(KeyringError, match="256-bit") as info:
            decode_master_key(bad)
        assert bad not in str(info.value) or not bad


def test_missing_and_wrong_master_key(tmp_path, master_env, monkeypatch) -> None:
    path = tmp_path / "keys.json"
    Keyring.create(path)
    monkeypatch.delenv(MASTER_KEY_ENV)
    with pytest.raises(KeyringError, match="PIIGUARD_MASTER_KEY, which is not set"):
        Keyring.open(path)
    other = base64.b64encode(bytes(32)).decode()
    monkeypatch.setenv(MASTER_KEY_ENV, other)
    with pytest.raises(KeyringError, match="wrong master key") as info:
        Keyring.open(path)
    assert other not in str(info.value)
    assert Keyring.open(path, master_key=MASTER).active_version == 1


def test_custom_master_variable(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("MY_PIIGUARD_KEY", MASTER.hex())
    path = tmp_path / "keys.json"
    Keyring.create(path, master_env="MY_PIIGUARD_KEY")
    monkeypatch.delenv(MASTER_KEY_ENV, raising=False)
    assert Keyring.open(path).active_version == 1


def test_passphrase_keyring(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    path = tmp_path / "keys.json"
    ring = Keyring.create(path, passphrase="correct horse", scrypt_n=FAST_SCRYPT)
    doc = json.loads(path.read_text())
    assert doc["master"]["kind"] == "passphrase" and doc["master"]["n"] == FAST_SCRYPT
    assert "correct horse" not in path.read_text()
    assert Keyring.open(path, passphrase="correct horse").key().check == ring.key().check
    with pytest.raises(KeyringError, match="wrong passphrase"):
        Keyring.open(path, passphrase="wrong horse")
    with pytest.raises(KeyringError, match=PASSPHRASE_ENV):
        Keyring.open(path)
    monkeypatch.setenv(PASSPHRASE_ENV, "correct horse")
    assert Keyring.open(path).id == ring.id


def test_rotation_keeps_old_versions(tmp_path, master_env) -> None:
    path = tmp_path / "keys.json"
    ring = Keyring.create(path)
    first = ring.key(1).check
    new = ring.rotate()
    assert new.version == 2 and new.active and ring.active_version == 2
    again = Keyring.open(path)
    versions = again.versions()
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].retired is not None and not versions[0].active
    assert versions[1].retired is None and versions[1].active
    assert again.key(1).check == first and again.key(2).check != first
    assert again.rotate().version == 3
    assert Keyring.open(path).active_version == 3
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660, 0o606])
def test_group_or_world_accessible_key_files_are_refused(tmp_path, master_env, mode) -> None:
    path = tmp_path / "keys.json"
    Keyring.create(path)
    os.chmod(path, mode)
    with pytest.raises(KeyringError, match="chmod 600") as info:
        Keyring.open(path)
    assert f"{mode:04o}" in str(info.value)
    with pytest.raises(KeyringError, match="chmod 600"):
        Keyring.describe(path)


def test_tampering_is_detected(tmp_path, master_env) -> None:
    path = tmp_path / "keys.json"
    ring = Keyring.create(path)
    ring.rotate()
    doc = json.loads(path.read_text())
    doc["active"] = 1  # downgrade to the old key
    path.write_text(json.dumps(doc))
    with pytest.raises(KeyringError, match="modified outside piiguard"):
        Keyring.open(path)
    doc["active"] = 2
    doc["keys"][0]["wrapped"], doc["keys"][1]["wrapped"] = (
        doc["keys"][1]["wrapped"],
        doc["keys"][0]["wrapped"],
    )
    path.write_text(json.dumps(doc))
    with pytest.raises(KeyringError, match="modified outside piiguard"):
        Keyring.open(path)


@pytest.mark.parametrize(
    "content,hint",
    [
        ("{}", "not a piiguard keyring"),
        ("nope", "not JSON"),
        ('{"format": "piiguard-keyring"}', "version"),
    ],
)
def test_damaged_files(tmp_path, master_env, content, hint) -> None:
    path = tmp_path / "keys.json"
    path.write_text(content)
    os.chmod(path, 0o600)
    with pytest.raises(KeyringError, match=hint):
        Keyring.open(path)


def test_create_refuses_to_overwrite_and_missing_file(tmp_path, master_env) -> None:
    path = tmp_path / "keys.json"
    Keyring.create(path)
    with pytest.raises(KeyringError, match="refusing to overwrite"):
        Keyring.create(path)
    with pytest.raises(KeyringError, match="not found"):
        Keyring.open(tmp_path / "missing.json")


def test_describe_needs_no_master_key(tmp_path, master_env, monkeypatch) -> None:
    path = tmp_path / "keys.json"
    ring = Keyring.create(path)
    monkeypatch.delenv(MASTER_KEY_ENV)
    ring_id, kind, versions = Keyring.describe(path)
    assert ring_id == ring.id and kind == "env"
    assert [(v.version, v.check) for v in versions] == [(1, ring.key(1).check)]


def test_no_key_material_in_repr_errors_or_pickles(tmp_path, master_env) -> None:
    ring = Keyring.create(tmp_path / "keys.json")
    shown = repr(ring) + str(ring) + repr(ring.key()) + repr(ring.versions())
    _assert_no_secret(shown, ring)
    with pytest.raises(KeyringError) as info:
        ring.key(9)
    _assert_no_secret(str(info.value), ring)
    for clone in (pickle.dumps, copy.copy, copy.deepcopy):
        with pytest.raises(TypeError, match="cannot be pickled"):
            clone(ring)
        with pytest.raises(TypeError, match="cannot be pickled"):
            clone(ring.key())


def test_data_key_derivation_is_separated_and_checked() -> None:
    key = DataKey(1, bytes(32))
    assert key.derive(b"a") != key.derive(b"b") and len(key.derive(b"a")) == 32
    assert key.derive(b"a") == DataKey(1, bytes(32)).derive(b"a")
    assert key.matches(key.check) and not key.matches("0" * 16) and not key.matches(None)  # type: ignore[arg-type]


def test_in_memory_keyring() -> None:
    ring = Keyring.in_memory()
    assert ring.active_version == 1 and ring.path is None
    assert ring.rotate().version == 2
    fixed = Keyring.in_memory({1: bytes(32), 3: bytes(range(32))})
    assert fixed.active_version == 3 and fixed.key(1).check != fixed.key(3).check
    with pytest.raises(KeyringError):
        Keyring.in_memory({0: bytes(32)})
