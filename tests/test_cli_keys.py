"""The ``piiguard keys``, ``redact --keyring`` and ``restore`` commands."""

from __future__ import annotations

import base64
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from piiguard.cli import main
from piiguard.keys import MASTER_KEY_ENV, PASSPHRASE_ENV, Keyring

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
MASTER = base64.b64encode(bytes(range(7, 39))).decode()
PHONE = "13912345678"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv(MASTER_KEY_ENV, MASTER)
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)


@pytest.fixture
def keyring_file(tmp_path, env, capsys) -> Path:
    path = tmp_path / "keys.json"
    code, _, _ = run(capsys, "keys", "create", path)
    assert code == 0
    return path


@pytest.fixture
def fpe_policy(tmp_path) -> Path:
    path = tmp_path / "fpe.yaml"
    path.write_text("default: fpe\n", encoding="utf-8")
    return path


def _no_key_material(text: str, path: Path) -> None:
    ring = Keyring.open(path)
    for version in ring.versions():
        secret = ring.key(version.version)._secret
        assert secret.hex() not in text and base64.b64encode(secret).decode() not in text
    assert MASTER not in text


# -- keys ------------------------------------------------------------------------------


def test_keys_create_list_rotate(capsys, tmp_path, env) -> None:
    path = tmp_path / "keys.json"
    code, out, err = run(capsys, "keys", "create", path)
    assert code == 0 and "key version 1 active" in err
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    code, out2, err2 = run(capsys, "keys", "rotate", path)
    assert code == 0 and "key version 2 is now active" in err2 and "1 kept" in err2
    code, listing, err3 = run(capsys, "keys", "list", path)
    assert code == 0
    lines = listing.splitlines()
    assert lines[2].split()[:2] == ["1", "old"] and lines[3].split()[:2] == ["2", "active"]
    _no_key_material(out + err + out2 + err2 + listing + err3, path)
    assert json.loads(path.read_text())["active"] == 2


def test_keys_create_refuses_existing_and_needs_a_master(
    capsys, tmp_path, env, monkeypatch
) -> None:
    path = tmp_path / "keys.json"
    assert run(capsys, "keys", "create", path)[0] == 0
    code, _, err = run(capsys, "keys", "create", path)
    assert code == 2 and "refusing to overwrite" in err
    monkeypatch.delenv(MASTER_KEY_ENV)
    code, _, err = run(capsys, "keys", "create", tmp_path / "k2.json")
    assert code == 2 and "PIIGUARD_MASTER_KEY" in err and "openssl rand" in err
    assert not (tmp_path / "k2.json").exists()
    monkeypatch.setenv(MASTER_KEY_ENV, "not-a-key")
    code, _, err = run(capsys, "keys", "create", tmp_path / "k3.json")
    assert code == 2 and "256-bit" in err and "not-a-key" not in err


def test_keys_with_a_passphrase(capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv(MASTER_KEY_ENV, raising=False)
    monkeypatch.setenv(PASSPHRASE_ENV, "多年以后 correct horse")
    path = tmp_path / "keys.json"
    code, out, err = run(capsys, "keys", "create", path, "--passphrase")
    assert code == 0 and "passphrase" in err and "correct horse" not in out + err
    assert run(capsys, "keys", "rotate", path)[0] == 0
    monkeypatch.setenv(PASSPHRASE_ENV, "wrong")
    code, _, err = run(capsys, "keys", "rotate", path)
    assert code == 2 and "wrong passphrase" in err


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_readable_key_file_is_refused(capsys, keyring_file, fpe_policy, tmp_path) -> None:
    os.chmod(keyring_file, 0o644)
    code, _, err = run(capsys, "keys", "list", keyring_file)
    assert code == 2 and "chmod 600" in err
    src = tmp_path / "in.txt"
    src.write_text(f"手机{PHONE}\n", encoding="utf-8")
    code, out, err = run(capsys, "redact", src, "--policy", fpe_policy, "--keyring", keyring_file)
    assert code == 2 and "chmod 600" in err and out == ""


# -- redact and restore ---------------------------------------------------------------


def test_keyed_policy_without_keyring_exits_2(capsys, tmp_path, fpe_policy) -> None:
    src = tmp_path / "in.txt"
    src.write_text(f"手机{PHONE}\n", encoding="utf-8")
    code, out, err = run(capsys, "redact", src, "--policy", fpe_policy, "-o", tmp_path / "o.txt")
    assert code == 2 and "needs a keyring" in err and "--keyring" in err
    assert out == "" and not (tmp_path / "o.txt").exists()


@pytest.mark.parametrize(
    "name,field", [("call_transcript.txt", None), ("call_turns.jsonl", "text")]
)
def test_examples_round_trip(capsys, tmp_path, keyring_file, fpe_policy, name, field) -> None:
    src = EXAMPLES / name
    out = tmp_path / f"redacted-{name}"
    extra = ["--field", field] if field else []
    code, _, err = run(
        capsys, "redact", src, "--policy", fpe_policy, "--keyring", keyring_file, "-o", out, *extra
    )
    assert code == 0 and "reversible value(s), key version 1" in err
    manifest = Path(f"{out}.manifest.json")
    assert manifest.exists()
    redacted = out.read_text(encoding="utf-8")
    original = src.read_text(encoding="utf-8")
    assert redacted != original
    secrets = ("6222 0212 3456 7894", "chen.jian88", "E12345678", "四五幺叉", "三四幺六")
    for secret in (s for s in secrets if s in original):
        # (only the example's own values: a ciphertext under a fresh random key may spell
        # another example's digits by chance)
        assert secret not in redacted and secret not in manifest.read_text(encoding="utf-8")
    back = tmp_path / f"restored-{name}"
    code, _, err = run(capsys, "restore", out, "--keyring", keyring_file, "-o", back)
    assert code == 0 and "restored" in err
    assert back.read_bytes() == src.read_bytes()
    _no_key_material(err + manifest.read_text(encoding="utf-8"), keyring_file)


def test_restore_after_rotation_and_to_stdout(capsys, tmp_path, keyring_file, fpe_policy) -> None:
    src = EXAMPLES / "call_transcript.txt"
    old = tmp_path / "old.txt"
    assert (
        run(capsys, "redact", src, "--policy", fpe_policy, "--keyring", keyring_file, "-o", old)[0]
        == 0
    )
    assert run(capsys, "keys", "rotate", keyring_file)[0] == 0
    new = tmp_path / "new.txt"
    code, _, err = run(
        capsys, "redact", src, "--policy", fpe_policy, "--keyring", keyring_file, "-o", new
    )
    assert code == 0 and "key version 2" in err
    assert old.read_text(encoding="utf-8") != new.read_text(encoding="utf-8")
    for redacted in (old, new):
        code, out, _ = run(capsys, "restore", redacted, "--keyring", keyring_file, "-q")
        assert code == 0 and out == src.read_text(encoding="utf-8")


def test_redact_to_stdout_with_manifest(capsys, tmp_path, keyring_file, fpe_policy) -> None:
    src = tmp_path / "in.txt"
    src.write_text(f"手机{PHONE}\n身份证 11010519870312451X\n", encoding="utf-8")
    manifest = tmp_path / "m.json"
    code, out, _ = run(
        capsys,
        "redact",
        src,
        "--policy",
        fpe_policy,
        "--keyring",
        keyring_file,
        "--manifest",
        manifest,
    )
    assert code == 0 and PHONE not in out
    redacted = tmp_path / "r.txt"
    redacted.write_text(out, encoding="utf-8")
    code, restored, _ = run(
        capsys, "restore", redacted, "--keyring", keyring_file, "--manifest", manifest, "-q"
    )
    assert code == 0 and restored == src.read_text(encoding="utf-8")
    code, out, err = run(capsys, "redact", src, "--policy", fpe_policy, "--keyring", keyring_file)
    assert code == 0 and "no manifest was written" in err


def test_restore_refuses_wrong_key_changed_file_missing_manifest(
    capsys, tmp_path, keyring_file, fpe_policy, monkeypatch
) -> None:
    src = tmp_path / "in.txt"
    src.write_text(f"手机{PHONE}\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    assert (
        run(capsys, "redact", src, "--policy", fpe_policy, "--keyring", keyring_file, "-o", out)[0]
        == 0
    )
    back = tmp_path / "back.txt"
    # another keyring
    other = tmp_path / "other.json"
    assert run(capsys, "keys", "create", other)[0] == 0
    code, stdout, err = run(capsys, "restore", out, "--keyring", other, "-o", back)
    assert code == 2 and "another keyring" in err and not back.exists() and stdout == ""
    # wrong master key
    monkeypatch.setenv(MASTER_KEY_ENV, base64.b64encode(bytes(32)).decode())
    code, stdout, err = run(capsys, "restore", out, "--keyring", keyring_file)
    assert code == 2 and "wrong master key" in err and stdout == ""
    monkeypatch.setenv(MASTER_KEY_ENV, MASTER)
    # no --keyring at all
    with pytest.raises(SystemExit) as info:
        main(["restore", str(out)])
    assert info.value.code == 2
    capsys.readouterr()
    # a changed file
    changed = tmp_path / "changed.txt"
    changed.write_text(out.read_text(encoding="utf-8") + "x", encoding="utf-8")
    shutil.copy(Path(f"{out}.manifest.json"), Path(f"{changed}.manifest.json"))
    code, stdout, err = run(capsys, "restore", changed, "--keyring", keyring_file, "-o", back)
    assert code == 1 and "does not match its manifest" in err and not back.exists()
    # no manifest
    lonely = tmp_path / "lonely.txt"
    shutil.copy(out, lonely)
    code, _, err = run(capsys, "restore", lonely, "--keyring", keyring_file)
    assert code == 2 and "manifest not found" in err and "--manifest" in err
    # an existing output needs --force
    back.write_text("keep", encoding="utf-8")
    code, _, err = run(capsys, "restore", out, "--keyring", keyring_file, "-o", back)
    assert code == 2 and "--force" in err and back.read_text(encoding="utf-8") == "keep"


def test_manifest_options(capsys, tmp_path, keyring_file, fpe_policy) -> None:
    src = tmp_path / "in.txt"
    src.write_text(f"手机{PHONE}\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    base = ["redact", src, "--policy", fpe_policy, "--keyring", keyring_file, "-o", out]
    assert run(capsys, *base, "--no-manifest")[0] == 0
    assert not Path(f"{out}.manifest.json").exists()
    code, _, err = run(capsys, *base, "--force", "--no-manifest", "--manifest", tmp_path / "m")
    assert code == 2 and "exclude" in err
    assert run(capsys, *base, "--force")[0] == 0
    code, _, err = run(capsys, *base, "--force", "--manifest", out)
    assert code == 2 and "cannot be the output" in err
    Path(f"{out}.manifest.json").write_text("old", encoding="utf-8")
    code, _, err = run(
        capsys,
        "redact",
        src,
        "--policy",
        fpe_policy,
        "--keyring",
        keyring_file,
        "-o",
        tmp_path / "o2.txt",
        "--manifest",
        Path(f"{out}.manifest.json"),
    )
    assert code == 2 and "manifest exists" in err
    masked = tmp_path / "masked.txt"
    code, _, err = run(capsys, "redact", src, "-o", masked, "--manifest", tmp_path / "m.json")
    assert code == 2 and "no reversible" in err


def test_pseudonym_and_surrogate_policies(capsys, tmp_path, keyring_file) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(
        "entities:\n  PHONE_NUMBER: {operator: pseudonym, length: 10}\n"
        "  CN_RESIDENT_ID: surrogate\n",
        encoding="utf-8",
    )
    src = tmp_path / "in.txt"
    src.write_text(
        f"手机{PHONE}\n再说一遍 幺三九幺二三四五六七八\n身份证 11010519870312451X\n", "utf-8"
    )
    code, out, _ = run(capsys, "redact", src, "--policy", policy, "--keyring", keyring_file)
    assert code == 0
    tokens = [w for w in out.replace("\n", " ").split() if "<PHONE_NUMBER_" in w]
    first, second = out.splitlines()[:2]
    assert first[2:] == second.split()[-1]  # one token for both ways of writing it
    assert "11010519870312451X" not in out and PHONE not in out and tokens
    assert not Path(f"{tmp_path / 'in.txt'}.manifest.json").exists()


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare")
def test_keyed_round_trip_offline(tmp_path) -> None:
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("unshare -rn is not permitted here")
    command = [sys.executable, "-m", "piiguard.cli"]
    env = {**os.environ, MASTER_KEY_ENV: MASTER}
    keys = tmp_path / "keys.json"
    policy = tmp_path / "fpe.yaml"
    policy.write_text("default: fpe\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    back = tmp_path / "back.txt"
    script = (
        f"{' '.join(command)} keys create {keys} && "
        f"{' '.join(command)} redact {EXAMPLES / 'call_transcript.txt'} --policy {policy} "
        f"--keyring {keys} -o {out} && "
        f"{' '.join(command)} restore {out} --keyring {keys} -o {back}"
    )
    done = subprocess.run(
        ["unshare", "-rn", "sh", "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert back.read_bytes() == (EXAMPLES / "call_transcript.txt").read_bytes()
    assert MASTER not in done.stdout + done.stderr
