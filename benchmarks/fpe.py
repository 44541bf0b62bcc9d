"""Benchmark FF1 (piiguard.fpe) against the ``ff3`` package (FF3-1) on one core.

Run: ``python benchmarks/fpe.py [--count N] [--repeat R]``

Encrypts 11-digit, phone-like decimal strings (mobile numbers such as 13800138000) and prints
encryptions per second for each cipher and their ratio.  The best of ``--repeat`` runs is
reported to reduce noise from other load.  Not a test: nothing is asserted about timing.
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
    args = parser.parse_args(argv)
    values = phone_numbers(args.count)

    ff1 = FF1(KEY)
    ff1_rate = rate(ff1.encrypt, values, args.repeat)
    print(f"FF1 (piiguard.fpe, AES-128, no tweak):    {ff1_rate:>10,.0f} encryptions/s")
    ff1_tweak_rate = rate(lambda v: ff1.encrypt(v, b"phone"), values, args.repeat)
    print(f"FF1 (piiguard.fpe, AES-128, tweak 5 B):   {ff1_tweak_rate:>10,.0f} encryptions/s")

    try:
        from ff3 import FF3Cipher
    except ImportError:
        print("ff3 is not installed (pip install ff3); skipping the FF3-1 comparison")
        return 0
    ff3 = FF3Cipher(KEY.hex(), FF3_TWEAK_HEX, radix=10)
    ff3_rate = rate(ff3.encrypt, values, args.repeat)
    print(f"FF3-1 (ff3 package, AES-128, tweak 7 B):  {ff3_rate:>10,.0f} encryptions/s")
    ratio, ratio_tweak = ff1_rate / ff3_rate, ff1_tweak_rate / ff3_rate
    print(f"ratio FF1 / ff3: {ratio:.2f}x (with tweak: {ratio_tweak:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
