"""Manifests and file restore (piiguard.manifest, piiguard.restore)."""

from __future__ import annotations

import json

import pytest

from piiguard import Policy, Redactor
from piiguard.keys import Keyring
from piiguard.manifest import Manifest, ManifestEntry, ManifestError, build_manifest, text_digest
from piiguard.protect import RestoreError
from piiguard.restore import restore_document

KEY = bytes(range(32))
POLICY = Policy.from_dict({"default": "fpe"})
TEXT = (
    "客户：我姓陈，手机一三八，幺二三四，五六七八。\n"
    "身份证号 幺幺洞幺洞五 一九八七 洞三幺二 四五幺叉，卡号 6222 0212 3456 7894\n"
    "邮箱 chen.jian88@163.com，车牌粤B·D12345，护照 E12345678\n"
)
SECRETS = ["五六七八", "四五幺叉", "6222 0212", "chen.jian88", "D12345", "E12345678"]


@pytest.fixture(scope="module")
def ring() -> Keyring:
    return Keyring.in_memory({1: KEY})


def _manifest(ring, fmt, entries, output) -> Manifest:
    doc = build_manifest(fmt, ring, POLICY, entries, text_digest(output), "out")
    return Manifest.from_dict(json.loads(doc.to_json()), "out.manifest.json")


def test_text_round_trip_through_a_manifest(ring) -> None:
    redactor = Redactor(POLICY, keyring=ring)
    result = redactor.redact(TEXT)
    manifest = _manifest(ring, "text", [ManifestEntry(result.reversible)], result.text)
    assert manifest.item_count == len(result.items) and manifest.key_versions() == [1]
    assert restore_document(Redactor(keyring=ring), result.text, manifest) == TEXT
    dumped = manifest.to_json()
    for secret in SECRETS:
        assert secret not in dumped
    assert KEY.hex() not in dumped


def test_json_values_and_numbers(ring) -> None:
    redactor = Redactor(POLICY, keyring=ring)
    original = {"phone": 13912345678, "note": "手机13812345678", "k": [1, "x"]}
    raw = json.dumps(original, ensure_ascii=False)
    phone = redactor.redact("13912345678")
    note = redactor.redact(original["note"])
    out = json.loads(raw)
    out["phone"], out["note"] = phone.text, note.text
    redacted = json.dumps(out, ensure_ascii=False)
    entries = [
        ManifestEntry(phone.reversible, None, ("phone",), True),
        ManifestEntry(note.reversible, None, ("note",), False),
    ]
    manifest = _manifest(ring, "json", entries, redacted)
    assert restore_document(Redactor(keyring=ring), redacted, manifest) == raw


def test_changed_text_is_refused(ring) -> None:
    result = Redactor(POLICY, keyring=ring).redact(TEXT)
    manifest = _manifest(ring, "text", [ManifestEntry(result.reversible)], result.text)
    with pytest.raises(ManifestError, match="does not match its manifest"):
        restore_document(Redactor(keyring=ring), result.text + " ", manifest)


def test_wrong_or_missing_keyring_is_refused(ring) -> None:
    result = Redactor(POLICY, keyring=ring).redact(TEXT)
    manifest = _manifest(ring, "text", [ManifestEntry(result.reversible)], result.text)
    with pytest.raises(RestoreError, match="another keyring"):
        restore_document(Redactor(keyring=Keyring.in_memory({1: KEY})), result.text, manifest)
    with pytest.raises(RestoreError, match="needs the keyring"):
        restore_document(Redactor(), result.text, manifest)
    # Same keyring id but the key of version 1 replaced: the check value differs.
    impostor = Keyring.in_memory({1: bytes(32)})
    impostor.id = ring.id
    with pytest.raises(RestoreError, match="check value differs"):
        restore_document(Redactor(keyring=impostor), result.text, manifest)


def test_rotation_old_data_still_restores() -> None:
    ring = Keyring.in_memory({1: KEY})
    old = Redactor(POLICY, keyring=ring).redact(TEXT)
    old_manifest = _manifest(ring, "text", [ManifestEntry(old.reversible)], old.text)
    ring.rotate()
    new = Redactor(POLICY, keyring=ring).redact(TEXT)
    new_manifest = _manifest(ring, "text", [ManifestEntry(new.reversible)], new.text)
    assert old_manifest.key_versions() == [1] and new_manifest.key_versions() == [2]
    assert old.text != new.text
    restorer = Redactor(keyring=ring)
    assert restore_document(restorer, old.text, old_manifest) == TEXT
    assert restore_document(restorer, new.text, new_manifest) == TEXT
    without_v1 = Keyring.in_memory({2: ring.key(2)._secret})
    without_v1.id = ring.id
    with pytest.raises(RestoreError, match="key version 1 protected this data but is not"):
        restore_document(Redactor(keyring=without_v1), old.text, old_manifest)


@pytest.mark.parametrize(
    "mutate,hint",
    [
        (lambda d: d.update(format="other"), "not a piiguard manifest"),
        (lambda d: d.update(format_version=9), "not supported"),
        (lambda d: d.update(scheme=9), "scheme"),
        (lambda d: d["items"][0].update(key_version=7), "damaged"),
        (lambda d: d["items"][0].update(start=-1), "damaged"),
        (lambda d: d.pop("keyring"), "damaged"),
    ],
)
def test_damaged_manifests(ring, mutate, hint) -> None:
    result = Redactor(POLICY, keyring=ring).redact(TEXT)
    doc = json.loads(
        _manifest(ring, "text", [ManifestEntry(result.reversible)], result.text).to_json()
    )
    mutate(doc)
    with pytest.raises(ManifestError, match=hint):
        Manifest.from_dict(doc, "m.json")


def test_manifest_load_errors(tmp_path) -> None:
    with pytest.raises(ManifestError, match="not found"):
        Manifest.load(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ManifestError, match="not JSON"):
        Manifest.load(bad)
