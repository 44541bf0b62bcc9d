"""Adversarial input: no catastrophic backtracking, no super-linear scan.

Two kinds of checks, both cheap when the code is healthy:

* 1 MB inputs must be redacted under a generous bound (20 s each; typical is well under
  1 s).  That is a safety bound against catastrophic backtracking, not a performance
  assertion.  Each run is capped with a timer so a regression fails in at most ~20 s instead
  of hanging the suite.
* For patterns that are slow per character, the cost of 4x the input must stay near 4x
  (linear), far from the 16x of a quadratic scan.
"""

from __future__ import annotations

import contextlib
import random
import signal
import time

import pytest

from piiguard import Redactor

MB = 1 << 20
BOUND_SECONDS = 20.0


class TooSlow(Exception):
    pass


@contextlib.contextmanager
def _deadline(seconds: float):
    """Raise TooSlow in the main thread after ``seconds`` (POSIX); otherwise just run."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def _alarm(signum, frame):
        raise TooSlow(f"still running after {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _timed_redact(redactor: Redactor, text: str, bound: float = BOUND_SECONDS) -> float:
    start = time.perf_counter()
    try:
        with _deadline(bound):
            result = redactor.redact(text)
    except TooSlow:
        pytest.fail(f"redact of {len(text)} characters did not finish within {bound:.0f} s")
    elapsed = time.perf_counter() - start
    assert len(result.text) <= len(text) + 40 * len(result.items)
    return elapsed


def _repeat(pattern: str, size: int = MB) -> str:
    return (pattern * (size // len(pattern) + 1))[:size]


def _random_mix(alphabet: str, size: int = MB, seed: int = 20261124) -> str:
    rng = random.Random(seed)
    return "".join(rng.choices(alphabet, k=size))


ONE_MB_CASES = {
    "ascii-digits": lambda: _random_mix("0123456789"),
    "one-digit-repeated": lambda: "1" * MB,
    "spoken-yi": lambda: "一" * MB,
    "mixed-digits-separators-spoken": lambda: _random_mix(
        "0123456789０１２３４５６７８９一二三四五六七八九零幺两洞 -，、."
    ),
    "latin-a": lambda: "a" * MB,
    "plate-province-letter": lambda: _repeat("京A"),
    "plate-province-letter-digit": lambda: _repeat("粤B·1"),
    "cue-words": lambda: _repeat("手机号身份证号卡号"),
}


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    r = Redactor()
    r.redact("warm up 13812345678 a@b.com 京A12345")  # reference tables load on first use
    return r


@pytest.mark.parametrize("name", sorted(ONE_MB_CASES))
def test_one_megabyte_within_bound(redactor, name):
    text = ONE_MB_CASES[name]()
    assert len(text) == MB
    elapsed = _timed_redact(redactor, text)
    assert elapsed < BOUND_SECONDS


def test_at_signs_within_bound(redactor):
    elapsed = _timed_redact(redactor, _repeat("a@", MB), BOUND_SECONDS)
    assert elapsed < BOUND_SECONDS


def _check_linear(run, make, small: int, factor: int = 8) -> None:
    """``run(make(factor * small))`` must cost about ``factor`` times ``run(make(small))``.

    Linear code costs ~factor x, a quadratic scan ~factor**2 x.  The large run is cut off at
    ``20 * t_small + 0.5`` s (the additive slack absorbs timer noise on tiny inputs), so a
    quadratic regression fails in seconds instead of minutes.
    """
    start = time.perf_counter()
    run(make(small))
    t_small = time.perf_counter() - start
    limit = 20 * t_small + 0.5
    start = time.perf_counter()
    try:
        with _deadline(limit):
            run(make(factor * small))
    except TooSlow:
        pytest.fail(
            f"{factor}x the input took more than {limit:.2f} s "
            f"({limit / max(t_small, 1e-9):.0f}x the time of the small input, {t_small:.3f} s)"
        )
    assert time.perf_counter() - start < limit


LINEAR_CASES = {
    "at-signs": "a@",
    "at-dot": "a@a.",
    "spoken-at": "a 艾特 ",
    "spaced-digits": "1 ",
    "bracketed-digits": "(1",
    "dashed-spoken": "幺-",
    "passport-like": "E1",
    "plate-dot": "京A·",
    "digits-and-letters": "1a",
}


@pytest.mark.parametrize("name", sorted(LINEAR_CASES))
def test_cost_grows_linearly(redactor, name):
    pattern = LINEAR_CASES[name]
    # a fresh string object each time: the scan caches its last text by identity
    _check_linear(redactor.redact, lambda size: _repeat(pattern, size), 4 * 1024)


def test_overlap_resolution_is_not_quadratic():
    from piiguard.redactor import resolve_overlaps

    def make(n):
        return [(i * 12, i * 12 + 11, 0.9, "PHONE_NUMBER") for i in range(n)]

    _check_linear(resolve_overlaps, make, 1000)


def test_dense_findings_scale_linearly(redactor):
    def make(size):
        return _repeat("客户手机13812345678\n", size)

    _check_linear(redactor.redact, make, 16 * 1024)
