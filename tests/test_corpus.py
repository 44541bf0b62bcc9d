"""Tests for the synthetic call-center corpus generator (benchmarks/corpus.py)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `pytest` (unlike `python -m pytest`) does not add the cwd
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import LABELS, Dialogue, generate, write_jsonl  # noqa: E402

_SPOKEN = {c: str(i) for i, c in enumerate("零一二三四五六七八九")}
_SPOKEN.update({"〇": "0", "洞": "0", "幺": "1", "两": "2", "叉": "X", "x": "X"})
_SPOKEN.update({chr(0xFF10 + i): str(i) for i in range(10)})  # full-width digits

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def normalize_digits(text: str) -> str:
    """Spoken / full-width / ASCII digits (and X) of a span, separators dropped."""
    out = []
    for ch in text:
        ch = _SPOKEN.get(ch, ch)
        if (ch.isascii() and ch.isdigit()) or ch == "X":
            out.append(ch)
    return "".join(out)


def mod11_2_ok(idn: str) -> bool:
    if len(idn) != 18 or not idn[:17].isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(idn[:17], _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == idn[17]


def luhn_ok(num: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


@pytest.fixture(scope="module")
def corpus() -> list[Dialogue]:
    return generate(200, seed=2026)


def _digest(dialogues: list[Dialogue]) -> str:
    h = hashlib.sha256()
    for d in dialogues:
        h.update(repr(d).encode("utf-8"))
    return h.hexdigest()


def test_helpers_sanity() -> None:
    assert normalize_digits("幺三八 一二三四，５６７８") == "13812345678"
    assert mod11_2_ok("11010519491231002X")
    assert normalize_digits("11010519491231002叉") == "11010519491231002X"
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")


def test_deterministic_same_seed(corpus: list[Dialogue]) -> None:
    again = generate(200, seed=2026)
    assert again == corpus
    assert generate(20, seed=2026) == corpus[:20]  # prefix-stable


def test_different_seeds_differ() -> None:
    assert [d.text for d in generate(5, seed=1)] != [d.text for d in generate(5, seed=2)]


def test_independent_of_hash_seed() -> None:
    code = (
        "import hashlib,sys; sys.path.insert(0, sys.argv[1]);"
        "from benchmarks.corpus import generate;"
        "h=hashlib.sha256();"
        "[h.update(repr(d).encode('utf-8')) for d in generate(30, seed=7)];"
        "print(h.hexdigest())"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run(
        [sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == _digest(generate(30, seed=7))


def test_structure(corpus: list[Dialogue]) -> None:
    ids = [d.id for d in corpus]
    assert len(set(ids)) == len(ids)
    for d in corpus:
        assert d.text == "\n".join(d.turns)
        assert 8 <= len(d.turns) <= 25
        for turn in d.turns:
            assert turn.startswith(("坐席：", "客户：")), turn
    avg = sum(len(d.text) for d in corpus) / len(corpus)
    assert 800 <= avg <= 1500, avg


def test_spans_valid_sorted_non_overlapping(corpus: list[Dialogue]) -> None:
    for d in corpus:
        prev_end = 0
        for s in d.spans:
            assert 0 <= s.start < s.end <= len(d.text), (d.id, s)
            assert s.start >= prev_end, (d.id, s)
            assert s.label in LABELS, s.label
            text = d.text[s.start : s.end]
            assert text == text.strip() and "\n" not in text, (d.id, text)
            prev_end = s.end


def test_resident_ids_pass_mod11_2(corpus: list[Dialogue]) -> None:
    seen = 0
    for d in corpus:
        for s in d.spans:
            if s.label != "CN_RESIDENT_ID":
                continue
            digits = normalize_digits(d.text[s.start : s.end])
            if len(digits) == 15:  # legacy first-generation ID: no check digit
                assert digits.isdigit()
                assert 1 <= int(digits[8:10]) <= 12 and 1 <= int(digits[10:12]) <= 31
            else:
                assert mod11_2_ok(digits), d.text[s.start : s.end]
            seen += 1
    assert seen > 50


def test_bank_cards_pass_luhn(corpus: list[Dialogue]) -> None:
    for d in corpus:
        for s in d.spans:
            if s.label == "CN_BANK_CARD":
                digits = normalize_digits(d.text[s.start : s.end])
                assert 16 <= len(digits) <= 19 and luhn_ok(digits), d.text[s.start : s.end]


def test_phone_spans_exclude_extensions(corpus: list[Dialogue]) -> None:
    extension_after = 0
    for d in corpus:
        for s in d.spans:
            if s.label != "PHONE_NUMBER":
                continue
            text = d.text[s.start : s.end]
            assert "转" not in text and "分机" not in text, text
            assert 3 <= len(normalize_digits(text)) <= 16, text
            if d.text[s.end : s.end + 4].lstrip(" ，").startswith(("转", "分机")):
                extension_after += 1
    assert extension_after > 0  # extensions do occur, right after (outside) the span


def test_every_label_occurs(corpus: list[Dialogue]) -> None:
    counts = dict.fromkeys(LABELS, 0)
    for d in corpus:
        for s in d.spans:
            counts[s.label] += 1
    assert all(n > 0 for n in counts.values()), counts


def test_hard_negatives_are_not_labelled(corpus: list[Dialogue]) -> None:
    markers = ("订单号", "运单号", "工号", "验证码", "报案号", "保单号", "工单号", "信用代码")
    found = 0
    for d in corpus:
        for m in markers:
            i = d.text.find(m)
            while i != -1:
                found += 1
                # the number right after a marker is never inside a span
                j = i + len(m)
                while j < len(d.text) and d.text[j] in "是：: ":
                    j += 1
                assert not any(s.start <= j < s.end for s in d.spans), d.text[i : j + 20]
                i = d.text.find(m, i + 1)
    assert found > 100


def test_write_jsonl_and_cli(tmp_path: Path) -> None:
    dialogues = generate(3, seed=5)
    out = tmp_path / "c.jsonl"
    write_jsonl(dialogues, out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [d.id for d in dialogues]
    for r in rows:
        assert set(r) == {"id", "text", "spans"}
        for s in r["spans"]:
            assert r["text"][s["start"] : s["end"]] == s["text"]
    cli = tmp_path / "cli.jsonl"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "corpus.py"), "--n", "3", "--seed", "5",
         "-o", str(cli)],
        check=True,
    )  # fmt: skip
    assert cli.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
