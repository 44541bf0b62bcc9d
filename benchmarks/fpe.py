"""Benchmark FF1 (piiguard.fpe) against the ``ff3`` package (FF3-1), and the operators.

Run: ``python benchmarks/fpe.py [--count N] [--repeat R] [--operators N]``

1. Encrypts 11-digit, phone-like decimal strings (mobile numbers such as 13800138000) and
   prints encryptions per second for each cipher and their ratio, in the same run and on
   one core; also FF1 through the integer API at the radix the phone operator uses
   (rank-encipher-unrank over the 5.52e9 allocated mobile numbers).
2. The cost per value of every operator (mask, fpe, fpe restore, pseudonym, surrogate) for
   each entity, on typical values in several written forms.

The best of ``--repeat`` runs is reported to reduce noise from other load.  Not a test:
nothing is asserted about timing.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from piiguard.fpe import FF1  # noqa: E402

KEY = bytes.fromhex("EF4359D8D580AA4F7F036D6F04FC6A94")
FF3_TWEAK_HEX = "D8E7920AFA330A"  # FF3-1 takes a 56-bit tweak


def phone_numbers(count: int, seed: int = 2024) -> list[str]:
    """Chinese-mobile-like numbers: '1', a carrier digit, then nine random digits."""
    rng = random.Random(seed)
    return [f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}" for _ in range(count)]


def rate(encrypt: Callable[[str], str], values: list[str], repeat: int) -> float:
    """Best-of-``repeat`` encryptions per second over ``values``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for value in values:
            encrypt(value)
        best = min(best, time.perf_counter() - start)
    return len(values) / best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50_000, help="values per run")
    parser.add_argument("--repeat", type=int, default=5, help="runs per cipher (best counts)")
    parser.add_argument(
        "--operators", type=int, default=2000, help="values per operator run (0: skip)"
    )
    args = parser.parse_args(argv)
    values = phone_numbers(args.count)

    ff1 = FF1(KEY)
    ff1_rate = rate(ff1.encrypt, values, args.repeat)
    print(f"FF1 (piiguard.fpe, AES-128, no tweak):    {ff1_rate:>10,.0f} encryptions/s")
    ff1_tweak_rate = rate(lambda v: ff1.encrypt(v, b"phone"), values, args.repeat)
    print(f"FF1 (piiguard.fpe, AES-128, tweak 5 B):   {ff1_tweak_rate:>10,.0f} encryptions/s")
    ints = [int(v) % 5_520_000_000 for v in values]
    ff1_int = FF1.for_integers(KEY + KEY, 1768)
    int_rate = rate(lambda x: ff1_int.encrypt_int(x, 3, b"phone"), ints, args.repeat)
    print(f"FF1 integers (AES-256, radix 1768^3):     {int_rate:>10,.0f} encryptions/s")

    try:
        from ff3 import FF3Cipher
    except ImportError:
        print("ff3 is not installed (pip install ff3); skipping the FF3-1 comparison")
    else:
        ff3 = FF3Cipher(KEY.hex(), FF3_TWEAK_HEX, radix=10)
        ff3_rate = rate(ff3.encrypt, values, args.repeat)
        print(f"FF3-1 (ff3 package, AES-128, tweak 7 B):  {ff3_rate:>10,.0f} encryptions/s")
        ratio, ratio_tweak = ff1_rate / ff3_rate, ff1_tweak_rate / ff3_rate
        print(f"ratio FF1 / ff3: {ratio:.2f}x (with tweak: {ratio_tweak:.2f}x)")
    if args.operators:
        operator_costs(args.operators, args.repeat)
    return 0


#: Typical values per entity, in several written forms.
SAMPLES = {
    "PHONE_NUMBER": ["13812345678", "138 1234 5678", "幺三八 幺二三四 五六七八", "010-62751234"],
    "CN_RESIDENT_ID": ["11010519870312451X", "幺幺洞幺洞五 一九八七 洞三幺二 四五幺叉"],
    "CN_BANK_CARD": ["6222021234567894", "6222 0212 3456 7894"],
    "EMAIL_ADDRESS": ["chen.jian88@163.com", "zhangwei 下划线 88 艾特 qq 点 com"],
    "CN_PASSPORT": ["E12345678", "EA1234567"],
    "CN_LICENSE_PLATE": ["粤B·D12345", "京A12345"],
    "PERSON": ["王建国", "欧阳娜娜", "李明"],
}


def _variants(entity: str, count: int) -> list[str]:
    """``count`` distinct values of ``entity``: the samples with their digits varied."""
    rng = random.Random(entity)
    out = []
    names = "建国娜明伟芳秀英军华平刚丽强磊洋艳勇杰娟涛超"
    for i in range(count):
        base = SAMPLES[entity][i % len(SAMPLES[entity])]
        if entity == "PERSON":
            out.append(base[0] + "".join(rng.choice(names) for _ in range(len(base) - 1)))
        else:
            out.append(base)
    return out


def operator_costs(count: int, repeat: int) -> None:
    """Microseconds per value of each operator, per entity."""
    from piiguard.keys import Keyring
    from piiguard.operators import OperatorSpec, apply
    from piiguard.protect import Protection

    protection = Protection(Keyring.in_memory({1: KEY + KEY}), surrogate_seed=b"bench")
    print(f"\noperator cost per value (µs, best of {repeat}, {count} values per run)")
    print(f"{'entity':<18}{'mask':>8}{'fpe':>8}{'restore':>9}{'pseudonym':>11}{'surrogate':>11}")
    mask = OperatorSpec("mask")
    for entity in SAMPLES:
        values = _variants(entity, count)
        encrypted = [protection.encrypt(entity, v) for v in values]
        costs = [
            1e6 / rate(lambda v, e=entity: apply(mask, e, v), values, repeat),
            1e6 / rate(lambda v, e=entity: protection.encrypt(e, v), values, repeat),
            1e6
            / rate(
                lambda t, e=entity: protection.decrypt(e, t[0], key_version=t[1], form=t[3]),
                encrypted,
                repeat,
            ),
            1e6 / rate(lambda v, e=entity: protection.pseudonym(e, v), values, repeat),
            1e6 / rate(lambda v, e=entity: protection.surrogate(e, v), values, repeat),
        ]
        print(
            f"{entity:<18}"
            + "".join(f"{c:>{w}.1f}" for c, w in zip(costs, (8, 8, 9, 11, 11), strict=True))
        )


if __name__ == "__main__":
    raise SystemExit(main())
