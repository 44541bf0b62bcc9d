"""Keyed protection: format-preserving encryption, keyed pseudonyms and surrogates.

Three operators complete the masks of :mod:`piiguard.operators`:

``fpe``        format- and validity-preserving encryption, reversible with the key.  A
               mobile number stays a mobile with an allocated prefix, an ID number passes
               GB 11643, a card number keeps its issuer prefix and passes Luhn, a name still
               reads as a name; the written form (separators, full-width digits, spoken
               numerals) is kept.  The same value, key and entity give the same output in
               every run and file.
``pseudonym``  ``<PHONE_NUMBER_5f2a9c1b>``: HMAC-SHA256 of the canonical value under a key
               from the keyring, so the same customer gets the same token in every file and
               job, whatever way the number was written.  One-way.
``surrogate``  a realistic fake of the same kind (a valid mobile, a valid ID number, a
               name), consistent within a job (one :class:`Protection`, i.e. one Redactor
               or one CLI run), never equal to the real value, and not reversible.  Needs
               no key.

How ``fpe`` stays inside the valid set (*rank-encipher-unrank*)
-----------------------------------------------------------------
Each entity scheme reads the value into its *significant* characters (digits in any
written or spoken form, letters, CJK characters); everything else (separators, ``+``,
brackets, the e-mail domain, a kept area code or surname) stays where it is.  The
significant part is *ranked* to an integer in ``0 .. N-1`` where ``N`` is the size of the
set of valid values of the same shape (for a mobile: every number under an allocated
prefix; for an ID: known region x real birth date x sequence), that integer is
*enciphered* by a permutation of ``0 .. N-1``, and the result is *unranked* to a valid value,
which is written back in the original written form.  Check characters (GB 11643, Luhn) are
recomputed; an input that failed its check keeps the same offset from the right one, so
the output fails it too and restoring is exact.

Values that do not fit a scheme's valid set fall into an *other* tier of the same
scheme, enciphered over all digit strings of the same shape with *cycle walking* (encrypt
again until the result is also in the *other* tier), so the tier of a value is always the
tier of its ciphertext and decryption knows which inverse to apply.

The permutation of ``0 .. N-1``:

* ``N >= 10**6``: NIST SP 800-38G FF1 (:class:`piiguard.fpe.FF1`, AES-256) on
  ``STR^L_radix``, with the radix and length chosen so that ``radix**L`` is just above
  ``N`` (e.g. 1,768^3 for the 5.52e9 allocated mobile numbers), then cycle walking down to ``N``;
* ``N < 10**6`` -- below FF1's minimum domain, which SP 800-38G forbids -- an FF1 domain of
  at least ``10**6`` with cycle walking when ``N > 65,536``, and below that a
  Black-Rogaway *prefix cipher*: the ``N`` points sorted by their AES encryption under a
  key derived per tweak.  Such domains can be enumerated by anybody holding a few
  plaintext/ciphertext pairs or an oracle; see ``docs/protection.md``.

The tweak is public and names the scheme, the entity and the parts that are kept (area
code, issuer prefix, kept surname), plus the policy's optional ``tweak``.

Written forms and the sealed *form*
-----------------------------------
Digits are written back in the script of the character they replace: ASCII, full-width,
spoken (零幺二三四五六七八九) or financial (零壹贰…).  Spoken digits have variants that
carry the value (幺 and 一 are both 1, 洞 and 零 both 0): the output uses one canonical
variant per script, so it never reveals which variant stood where.  To restore the
original *exactly*, the few variant characters that differ from the canonical ones are
sealed with AES-256-GCM under a key derived from the data key, bound to the entity and
the ciphertext, and carried as the item's ``form`` in the manifest (never plaintext).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import secrets
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from functools import cache, lru_cache
from importlib import resources
from typing import Any, NamedTuple

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from piiguard.fpe import FF1

__all__ = [
    "KEYED_OPERATORS",
    "PROTECT_OPERATORS",
    "REVERSIBLE_OPERATORS",
    "SCHEME_VERSION",
    "Protection",
    "ProtectionError",
    "RestoreError",
    "ReversibleItem",
    "canonical_value",
    "domain_size",
]

#: Version of the schemes below (alphabets, tiers, tweaks).  Outputs of one version can
#: only be decrypted by the same version; manifests record it.
SCHEME_VERSION = 1
PROTECT_OPERATORS = ("fpe", "pseudonym", "surrogate")
#: Operators that need a keyring.
KEYED_OPERATORS = frozenset({"fpe", "pseudonym"})
#: Operators whose output can be restored with the key.
REVERSIBLE_OPERATORS = frozenset({"fpe"})

_FF1_MIN_DOMAIN = 1_000_000
#: Domains up to this size use a sorted-table (prefix) cipher.
_TABLE_MAX = 1 << 16
#: Small-domain tables kept, counted in entries (4 bytes each, twice).
_TABLE_BUDGET = 1 << 22
_MAX_WALK = 1_000_000
_PSEUDONYM_DEFAULT_LENGTH = 8


class ProtectionError(ValueError):
    """A value or parameter that a protection operator cannot handle."""


class RestoreError(ValueError):
    """Restoring failed: wrong or missing key, or items that do not fit the text.

    Nothing is written when this is raised.  Messages never contain data or key material.
    """


class ReversibleItem(NamedTuple):
    """A value protected by a reversible operator: where its ciphertext is and how to undo it.

    Holds no plaintext: ``form`` is sealed (AES-GCM) and only present when spoken-numeral
    variants must be put back for an exact restore.
    """

    entity: str
    #: span of the ciphertext in the redacted text
    out_start: int
    out_end: int
    operator: str
    key_version: int
    #: check value of the key version (identifies the key, reveals nothing)
    key_check: str
    #: the operator's parameters from the policy (no data)
    params: Mapping[str, Any]
    form: str | None = None


# ======================================================================================
# Reference data


def _read_tsv(name: str) -> list[list[str]]:
    text = resources.files("piiguard").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


class _Alpha:
    """An alphabet of symbols (characters or strings) with their positions."""

    __slots__ = ("symbols", "index", "size")

    def __init__(self, symbols: Sequence[str]) -> None:
        self.symbols = tuple(symbols)
        self.index = {s: i for i, s in enumerate(self.symbols)}
        self.size = len(self.symbols)
        if len(self.index) != self.size:
            raise AssertionError("alphabet symbols must be distinct")


class _Names:
    """Surname lists and given-name alphabets (``piiguard/data``)."""

    def __init__(self) -> None:
        rows = _read_tsv("surnames.tsv")
        surnames = sorted({row[0] for row in rows})
        self.single = _Alpha([s for s in surnames if len(s) == 1])
        self.compound = _Alpha([s for s in surnames if len(s) == 2])
        given = [row[0] for row in _read_tsv("given_name_chars.tsv")]
        self.common = _Alpha(given)
        common = set(given)
        self.other = _Alpha([chr(c) for c in range(0x4E00, 0x9FA6) if chr(c) not in common])
        # For schemes that also have a digit class: CJK numerals are digits there.
        self.common_nonnumeral = _Alpha([c for c in given if c not in _VALUE_OF])
        self.other_nonnumeral = _Alpha([c for c in self.other.symbols if c not in _VALUE_OF])


@cache
def _names() -> _Names:
    return _Names()


@cache
def _mobile_plan() -> tuple[tuple[str, ...], tuple[int, ...], int]:
    """Allocated mobile prefixes (sorted), cumulative counts before each, and the total."""
    from piiguard_recognizers.reference_data import mobile_prefixes

    raw = sorted(mobile_prefixes())
    prefixes = tuple(p for p in raw if not any(q != p and p.startswith(q) for q in raw))
    starts = []
    total = 0
    for p in prefixes:
        starts.append(total)
        total += 10 ** (11 - len(p))
    return prefixes, tuple(starts), total


@cache
def _regions() -> tuple[_Alpha, _Alpha, frozenset[str], frozenset[str]]:
    """Known ID region codes: county level (and summary codes), and province/prefecture."""
    from piiguard_recognizers.reference_data import region_codes

    codes = sorted(region_codes())
    county = [c for c in codes if c[4:] != "00"]
    upper = [c for c in codes if c[4:] == "00"]
    return _Alpha(county), _Alpha(upper), frozenset(county), frozenset(upper)


# ======================================================================================
# Numerals and their written forms

_SCRIPT: dict[str, str] = {}
_VALUE_OF: dict[str, int] = {}


def _init_numerals() -> None:
    from piiguard_recognizers.normalize import DIGIT_VALUES

    for char, digit in DIGIT_VALUES.items():
        _VALUE_OF[char] = int(digit)
        if "0" <= char <= "9":
            _SCRIPT[char] = "ascii"
        elif "０" <= char <= "９":
            _SCRIPT[char] = "full"
        elif char in "壹贰叁肆伍陆柒捌玖":
            _SCRIPT[char] = "financial"
        else:
            _SCRIPT[char] = "spoken"


_init_numerals()
_DIGIT_CHARS = frozenset(_VALUE_OF)
#: Check character X of an ID number, written or spoken (value 10).
_X_SCRIPT = {"X": "ascii", "x": "ascii", "Ｘ": "full", "ｘ": "full", "叉": "spoken"}
_CANON = {
    "ascii": "0123456789X",
    "full": "０１２３４５６７８９Ｘ",
    "spoken": "零幺二三四五六七八九叉",
    "financial": "零壹贰叁肆伍陆柒捌玖叉",
}
_ALL_SCRIPT = {**_SCRIPT, **_X_SCRIPT}
_ALL_VALUE = {**_VALUE_OF, **{c: 10 for c in _X_SCRIPT}}
_PLUS = frozenset("+＋加")
_AT_MARKS = ("@", "＠", "艾特", "爱特", "圈a", "圈A", "小老鼠", " at ")


def _numerals(value: str, with_x: bool = False) -> tuple[list[int], list[int]]:
    """Positions and values of the numerals of ``value`` (X counts as 10 if ``with_x``)."""
    pos: list[int] = []
    vals: list[int] = []
    table = _ALL_VALUE if with_x else _VALUE_OF
    for i, char in enumerate(value):
        v = table.get(char)
        if v is not None:
            pos.append(i)
            vals.append(v)
    return pos, vals


def _render(value: str, pos: Sequence[int], vals: Sequence[int]) -> str:
    """``value`` with the numerals at ``pos`` replaced by ``vals`` in their own script."""
    chars = list(value)
    for i, v in zip(pos, vals, strict=True):
        chars[i] = _CANON[_ALL_SCRIPT[chars[i]]][v]
    return "".join(chars)


def _residue(original: str, output: str) -> list[tuple[int, str]]:
    """Numeral variants of ``original`` that a canonical rendering would not give back."""
    if original.isascii():
        # ASCII digits and X are canonical; only a lower-case check character x is not.
        if "x" not in original:
            return []
        return [
            (i, c)
            for i, c in enumerate(original)
            if c == "x" and output[i] != c and output[i] in _ALL_SCRIPT
        ]
    found = []
    for i, char in enumerate(original):
        if char not in _ALL_SCRIPT or output[i] == char:
            continue
        out_script = _ALL_SCRIPT.get(output[i])
        if out_script is None:
            continue  # not a numeral slot (a letter or a name character): exact already
        if _CANON[out_script][_ALL_VALUE[char]] != char:
            found.append((i, char))
    return found


# ======================================================================================
# Permutations of 0 .. n-1


def _iroot_ceil(n: int, k: int) -> int:
    """The smallest r with r**k >= n (integer Newton iteration, exact for any size)."""
    if n <= 1:
        return 1
    x = 1 << -(-n.bit_length() // k)  # a power of two at or above the root
    while True:
        y = ((k - 1) * x + n // x ** (k - 1)) // k
        if y >= x:
            break
        x = y
    return x if x**k >= n else x + 1


@lru_cache(maxsize=4096)
def _shape(n: int) -> tuple[int, int]:
    """(radix, length) with radix**length >= max(n, 10**6), radix <= 65536, just above n."""
    target = max(n, _FF1_MIN_DOMAIN)
    # The shortest length at which a radix of at most 2**16 suffices.
    length = max(2, -(-(target - 1).bit_length() // 16))
    return max(2, _iroot_ceil(target, length)), length


class _Permuter:
    """Keyed pseudorandom permutations of ``range(n)`` for any n, with tweaks."""

    def __init__(self, ff1_key: bytes, table_key: bytes) -> None:
        self._ff1_key = ff1_key
        self._table_key = table_key
        self._ff1: dict[int, FF1] = {}
        self._tables: OrderedDict[tuple[bytes, int], tuple[array, array]] = OrderedDict()
        self._table_entries = 0
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return "_Permuter(<key hidden>)"

    def __reduce__(self) -> Any:
        raise TypeError("_Permuter objects cannot be pickled (they hold key material)")

    def permute(self, x: int, n: int, tweak: bytes, forward: bool) -> int:
        if n <= 1:
            return x
        if n <= _TABLE_MAX:
            enc, dec = self._table(n, tweak)
            return enc[x] if forward else dec[x]
        radix, length = _shape(n)
        ff1 = self._ff1.get(radix)
        if ff1 is None:
            ff1 = self._ff1[radix] = FF1.for_integers(self._ff1_key, radix)
        step = ff1.encrypt_int if forward else ff1.decrypt_int
        for _ in range(_MAX_WALK):
            x = step(x, length, tweak)
            if x < n:
                return x
        raise ProtectionError("cycle walking did not end")  # pragma: no cover

    def _table(self, n: int, tweak: bytes) -> tuple[array, array]:
        """Black-Rogaway prefix cipher: rank of AES_K'(i) among all i < n, K' per tweak."""
        key = (tweak, n)
        with self._lock:
            hit = self._tables.get(key)
            if hit is not None:
                self._tables.move_to_end(key)
                return hit
        sub = hmac.new(self._table_key, n.to_bytes(8, "big") + tweak, hashlib.sha256).digest()
        ecb = Cipher(algorithms.AES(sub), modes.ECB()).encryptor()
        blocks = ecb.update(b"".join(i.to_bytes(16, "big") for i in range(n)))
        order = sorted(range(n), key=lambda i: blocks[16 * i : 16 * i + 16])
        dec = array("I", order)
        enc = array("I", bytes(4 * n))
        for rank, i in enumerate(order):
            enc[i] = rank
        with self._lock:
            if key not in self._tables:
                self._tables[key] = (enc, dec)
                self._table_entries += n
            while self._table_entries > _TABLE_BUDGET and len(self._tables) > 1:
                (_, size), _tables = self._tables.popitem(last=False)
                self._table_entries -= size
        return enc, dec

    def walk(
        self, x: int, n: int, tweak: bytes, forward: bool, ok: Callable[[int], bool] | None
    ) -> int:
        """Permute within ``range(n)``, then keep going until ``ok`` (cycle walking)."""
        for _ in range(_MAX_WALK):
            x = self.permute(x, n, tweak, forward)
            if ok is None or ok(x):
                return x
        raise ProtectionError("cycle walking did not end")  # pragma: no cover


def _rank(vals: Sequence[int], sizes: Sequence[int]) -> int:
    x = 0
    for v, s in zip(vals, sizes, strict=True):
        x = x * s + v
    return x


def _unrank(x: int, sizes: Sequence[int]) -> list[int]:
    out = [0] * len(sizes)
    for i in range(len(sizes) - 1, -1, -1):
        x, out[i] = divmod(x, sizes[i])
    return out


def _int_digits(x: int, width: int) -> list[int]:
    return [int(c) for c in f"{x:0{width}d}"] if width else []


def _digits_int(vals: Sequence[int]) -> int:
    return int("".join(map(str, vals))) if vals else 0


# ======================================================================================
# Schemes.  Each maps a value to its ciphertext (forward) or back (not forward) through a
# _Permuter; a tier that the scheme cannot express exactly is walked.

Scheme = Callable[["_Permuter", str, Mapping[str, Any], bytes, bool], str]


def _digit_string_walk(
    perm: _Permuter,
    vals: list[int],
    free: Sequence[int],
    tweak: bytes,
    forward: bool,
    ok: Callable[[list[int]], bool] | None,
) -> list[int]:
    """Encipher the digits at positions ``free`` over 10**len(free), walking until ``ok``."""
    width = len(free)
    if width == 0:
        return vals
    x = _digits_int([vals[i] for i in free])
    work = list(vals)

    def place(y: int) -> list[int]:
        for i, d in zip(free, _int_digits(y, width), strict=True):
            work[i] = d
        return work

    check = None if ok is None else (lambda y: ok(place(y)))
    y = perm.walk(x, 10**width, tweak, forward, check)
    return list(place(y))


# -- PHONE_NUMBER ------------------------------------------------------------------------


def _phone_class(digits: str, plus: bool) -> tuple[str, int]:
    """(tier, number of leading digits kept) of a phone number's digits."""
    from piiguard_recognizers.reference_data import area_code_of, mobile_prefix_ok

    n = len(digits)
    cc = 0
    mainland = True
    if digits.startswith("0086"):
        cc = 4
    elif digits.startswith("00") and digits[2:5] in ("852", "853", "886"):
        cc, mainland = 5, False
    elif plus and digits.startswith("86"):
        cc = 2
    elif plus and digits[:3] in ("852", "853", "886"):
        cc, mainland = 3, False
    elif digits.startswith("86") and n in (12, 13):
        cc = 2
    national = digits[cc:]
    m = len(national)
    if not mainland:
        return ("intl", cc + 1) if m >= 7 else ("other", cc)
    if m == 11 and national[0] == "1":
        return ("mobile", cc) if mobile_prefix_ok(national) else ("mobile-other", cc + 1)
    code = None
    size = 0
    if national.startswith("0"):
        code = area_code_of(national)
        size = len(code) if code else 0
    elif cc:
        code = area_code_of("0" + national)
        size = len(code) - 1 if code else 0
    if code is not None and 7 <= m - size <= 8:
        if national[size] in "23456789":
            return "landline", cc + size
        return "landline-other", cc + size
    if cc == 0 and m in (7, 8) and national[0] in "23456789":
        return "local", 0  # a landline without its area code (电话是57859826)
    return "other", cc


def _phone(perm: _Permuter, value: str, params: Mapping[str, Any], tweak: bytes, fwd: bool) -> str:
    pos, vals = _numerals(value)
    if not vals:
        return value
    digits = "".join(map(str, vals))
    plus = any(c in _PLUS for c in value)
    tier, keep = _phone_class(digits, plus)
    tw = tweak + b"|" + tier.encode() + b"|" + digits[:keep].encode()
    n = len(vals)
    if tier == "mobile":
        prefixes, starts, total = _mobile_plan()
        national = digits[keep:]
        k = 3 if national[:3] in prefixes else 4
        j = prefixes.index(national[:k])
        x = starts[j] + int(national[k:])
        y = perm.permute(x, total, tw, fwd)
        j = _bisect_right(starts, y) - 1
        p = prefixes[j]
        new = p + f"{y - starts[j]:0{11 - len(p)}d}"
        out = vals[:keep] + [int(c) for c in new]
        return _render(value, pos, out)
    if tier in ("landline", "local"):
        s = n - keep
        x = (vals[keep] - 2) * 10 ** (s - 1) + _digits_int(vals[keep + 1 :])
        y = perm.permute(x, 8 * 10 ** (s - 1), tw, fwd)
        first, rest = divmod(y, 10 ** (s - 1))
        out = vals[:keep] + [first + 2] + _int_digits(rest, s - 1)
        return _render(value, pos, out)

    def same(candidate: list[int]) -> bool:
        return _phone_class("".join(map(str, candidate)), plus) == (tier, keep)

    out = _digit_string_walk(perm, vals, range(keep, n), tw, fwd, same)
    return _render(value, pos, out)


def _bisect_right(seq: Sequence[int], x: int) -> int:
    lo, hi = 0, len(seq)
    while lo < hi:
        mid = (lo + hi) // 2
        if x < seq[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


# -- CN_RESIDENT_ID ----------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_VALUES = (1, 0, 10, 9, 8, 7, 6, 5, 4, 3, 2)  # "10X98765432"


def _id_check(body: Sequence[int]) -> int:
    return _ID_CHECK_VALUES[sum(w * d for w, d in zip(_ID_WEIGHTS, body, strict=True)) % 11]


@cache
def _date_tiers(legacy: bool) -> tuple[tuple[int, int], ...]:
    """Birth-date tiers as (first ordinal, last ordinal): a date stays in its tier.

    Fixed for ever (never "today"), so that outputs do not change from one day to the next.
    Dates from 2020 on are enciphered within their year.
    """
    import datetime as dt

    o = dt.date.toordinal
    if legacy:
        return (
            (o(dt.date(1900, 1, 1)), o(dt.date(1939, 12, 31))),
            (o(dt.date(1940, 1, 1)), o(dt.date(1999, 12, 31))),
        )
    tiers = [
        (o(dt.date(1900, 1, 1)), o(dt.date(1939, 12, 31))),
        (o(dt.date(1940, 1, 1)), o(dt.date(2019, 12, 31))),
    ]
    tiers += [(o(dt.date(y, 1, 1)), o(dt.date(y, 12, 31))) for y in range(2020, 2100)]
    return tuple(tiers)


def _date_ordinal(y: int, m: int, d: int) -> int | None:
    import datetime as dt

    try:
        return dt.date(y, m, d).toordinal()
    except ValueError:
        return None


def _ymd(ordinal: int) -> list[int]:
    import datetime as dt

    day = dt.date.fromordinal(ordinal)
    return [int(c) for c in f"{day.year:04d}{day.month:02d}{day.day:02d}"]


def _id_class(
    body: Sequence[int], legacy: bool, keep_region: bool, keep_year: bool
) -> tuple[Any, ...]:
    """Tier of an ID body: ("valid", region tier, date tier) or ("other",)."""
    _, _, county, upper = _regions()
    region = "".join(map(str, body[:6]))
    rtier = "c" if region in county else "p" if region in upper else None
    if rtier is None:
        return ("other",)
    if legacy:
        y, m, d = 1900 + _digits_int(body[6:8]), _digits_int(body[8:10]), _digits_int(body[10:12])
    else:
        y, m, d = _digits_int(body[6:10]), _digits_int(body[10:12]), _digits_int(body[12:14])
    ordinal = _date_ordinal(y, m, d) if y >= 1 else None
    if ordinal is None or not 1900 <= y <= 2099:
        return ("other",)
    if keep_year:
        return ("valid", rtier, ("year", y))
    for t, (lo, hi) in enumerate(_date_tiers(legacy)):
        if lo <= ordinal <= hi:
            return ("valid", rtier, t)
    return ("other",)  # pragma: no cover


def _id_body(
    perm: _Permuter,
    body: list[int],
    legacy: bool,
    params: Mapping[str, Any],
    tweak: bytes,
    fwd: bool,
) -> list[int]:
    keep_region = bool(params.get("keep_region", False))
    keep_year = bool(params.get("keep_birth_year", False))
    cls = _id_class(body, legacy, keep_region, keep_year)
    date_at = 6
    ylen = 2 if legacy else 4
    kept = (list(range(6)) if keep_region else []) + (
        list(range(date_at, date_at + ylen)) if keep_year else []
    )
    tw = tweak + b"|" + repr(cls).encode() + b"|" + "".join(str(body[i]) for i in kept).encode()
    if cls[0] == "other":
        free = [i for i in range(len(body)) if i not in kept]

        def same(candidate: list[int]) -> bool:
            return _id_class(candidate, legacy, keep_region, keep_year)[0] == "other"

        return _digit_string_walk(perm, body, free, tw, fwd, same)
    county, upper, _, _ = _regions()
    regions = county if cls[1] == "c" else upper
    region = "".join(map(str, body[:6]))
    if legacy:
        y, m, d = 1900 + _digits_int(body[6:8]), _digits_int(body[8:10]), _digits_int(body[10:12])
    else:
        y, m, d = _digits_int(body[6:10]), _digits_int(body[10:12]), _digits_int(body[12:14])
    ordinal = _date_ordinal(y, m, d)
    assert ordinal is not None
    if keep_year:
        lo = _date_ordinal(y, 1, 1)
        hi = _date_ordinal(y, 12, 31)
        assert lo is not None and hi is not None
    else:
        lo, hi = _date_tiers(legacy)[cls[2]]
    seq_at = 12 if legacy else 14
    seq = _digits_int(body[seq_at : seq_at + 3])
    sizes = [1 if keep_region else regions.size, hi - lo + 1, 1000]
    x = _rank([0 if keep_region else regions.index[region], ordinal - lo, seq], sizes)
    y = perm.permute(x, sizes[0] * sizes[1] * sizes[2], tw, fwd)
    r, day, seq = _unrank(y, sizes)
    new_region = region if keep_region else regions.symbols[r]
    ymd = _ymd(lo + day)
    date = ymd[2:] if legacy else ymd
    return [int(c) for c in new_region] + date + _int_digits(seq, 3)


def _resident_id(
    perm: _Permuter, value: str, params: Mapping[str, Any], tweak: bytes, fwd: bool
) -> str:
    pos, vals = _numerals(value, with_x=True)
    n = len(vals)
    if n == 18 and 10 not in vals[:17]:
        body = vals[:17]
        delta = (vals[17] - _id_check(body)) % 11
        new = _id_body(perm, body, False, params, tweak + b"|id18", fwd)
        return _render(value, pos, new + [(_id_check(new) + delta) % 11])
    if n == 15 and 10 not in vals:
        new = _id_body(perm, vals, True, params, tweak + b"|id15", fwd)
        return _render(value, pos, new)
    # A piece of a number (身份证前六位…), or something else: its digits, X kept.
    free = [i for i, v in enumerate(vals) if v != 10]
    out = _digit_string_walk(perm, vals, free, tweak + b"|digits", fwd, None)
    return _render(value, pos, out)


# -- CN_BANK_CARD ------------------------------------------------------------------------

_LUHN_DOUBLE = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def _luhn_fix(vals: Sequence[int], f: int) -> int:
    """The digit at position ``f`` that makes ``vals`` pass the Luhn check."""
    n = len(vals)
    total = 0
    for i, d in enumerate(vals):
        if i != f:
            total += _LUHN_DOUBLE[d] if (n - 1 - i) % 2 else d
    need = -total % 10
    if (n - 1 - f) % 2:
        return _LUHN_DOUBLE.index(need)
    return need


def _bank_card(
    perm: _Permuter, value: str, params: Mapping[str, Any], tweak: bytes, fwd: bool
) -> str:
    pos, vals = _numerals(value)
    n = len(vals)
    if not 16 <= n <= 19:
        out = _digit_string_walk(perm, vals, range(n), tweak + b"|digits", fwd, None)
        return _render(value, pos, out)
    first = int(params.get("keep_first", 6))
    last = int(params.get("keep_last", 0))
    f = n - 1 - last
    if first >= f:
        raise ProtectionError("keep_first + keep_last leave no digit to encrypt")
    delta = (vals[f] - _luhn_fix(vals, f)) % 10
    kept = "".join(map(str, vals[:first])) + "|" + "".join(map(str, vals[f + 1 :]))
    tw = tweak + b"|card|" + str(n).encode() + b"|" + kept.encode()
    out = _digit_string_walk(perm, vals, range(first, f), tw, fwd, None)
    out[f] = (_luhn_fix(out, f) + delta) % 10
    return _render(value, pos, out)


# -- mixed slots: letters, CJK, digits -------------------------------------------------

_LOWER = _Alpha("abcdefghijklmnopqrstuvwxyz")
_UPPER = _Alpha("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_FW_LOWER = _Alpha([chr(0xFF41 + i) for i in range(26)])
_FW_UPPER = _Alpha([chr(0xFF21 + i) for i in range(26)])
_LOWER24 = _Alpha("abcdefghjklmnpqrstuvwxyz")
_UPPER24 = _Alpha("ABCDEFGHJKLMNPQRSTUVWXYZ")
#: Marker for digit slots: values 0-9, written in the script of the character.
_DIGITS = _Alpha("0123456789")


class _Slot(NamedTuple):
    start: int
    end: int
    alpha: _Alpha


def _letter_alpha(char: str, plate: bool = False) -> _Alpha | None:
    for alpha in (_LOWER24, _UPPER24) if plate else (_LOWER, _UPPER, _FW_LOWER, _FW_UPPER):
        if char in alpha.index:
            return alpha
    return None


def _slot_value(value: str, slot: _Slot) -> int:
    text = value[slot.start : slot.end]
    if slot.alpha is _DIGITS:
        return _VALUE_OF[text]
    return slot.alpha.index[text]


def _put_slots(value: str, slots: Sequence[_Slot], vals: Sequence[int]) -> str:
    parts = []
    cursor = 0
    for slot, v in zip(slots, vals, strict=True):
        parts.append(value[cursor : slot.start])
        if slot.alpha is _DIGITS:
            parts.append(_CANON[_SCRIPT[value[slot.start]]][v])
        else:
            parts.append(slot.alpha.symbols[v])
        cursor = slot.end
    parts.append(value[cursor:])
    return "".join(parts)


def _mixed(
    perm: _Permuter,
    value: str,
    slots: Sequence[_Slot],
    tweak: bytes,
    fwd: bool,
    ok: Callable[[str], bool] | None = None,
) -> str:
    """Rank the slots in mixed radix, permute (walking until ``ok``), unrank, write back."""
    if not slots:
        return value
    sizes = [s.alpha.size for s in slots]
    x = _rank([_slot_value(value, s) for s in slots], sizes)
    total = math.prod(sizes)
    if ok is None:
        y = perm.permute(x, total, tweak, fwd)
    else:
        y = perm.walk(
            x, total, tweak, fwd, lambda c: ok(_put_slots(value, slots, _unrank(c, sizes)))
        )
    return _put_slots(value, slots, _unrank(y, sizes))


def _generic_slots(value: str, start: int = 0, end: int | None = None) -> list[_Slot]:
    names = _names()
    common, other = names.common_nonnumeral.index, names.other_nonnumeral.index
    slots = []
    for i in range(start, len(value) if end is None else end):
        c = value[i]
        if c in _VALUE_OF:
            slots.append(_Slot(i, i + 1, _DIGITS))
        elif c in common:
            slots.append(_Slot(i, i + 1, names.common_nonnumeral))
        elif c in other:
            slots.append(_Slot(i, i + 1, names.other_nonnumeral))
        else:
            alpha = _letter_alpha(c)
            if alpha is not None:
                slots.append(_Slot(i, i + 1, alpha))
    return slots


def _generic(
    perm: _Permuter, value: str, params: Mapping[str, Any], tweak: bytes, fwd: bool
) -> str:
    return _mixed(perm, value, _generic_slots(value), tweak + b"|generic", fwd)


# -- EMAIL_ADDRESS -----------------------------------------------------------------------


def _email_cut(value: str) -> int:
    cuts = [i for i in (value.find(a) for a in _AT_MARKS) if i > 0]
    return min(cuts) if cuts else -1


def _email(perm: _Permuter, value: str, params: Mapping[str, Any], tweak: bytes, fwd: bool) -> str:
    cut = _email_cut(value)
    if cut < 0:
        return _generic(perm, value, params, tweak, fwd)
    slots = []
    for i in range(cut):
        c = value[i]
        if c in _VALUE_OF:
            slots.append(_Slot(i, i + 1, _DIGITS))
        else:
            alpha = _letter_alpha(c)
            if alpha is not None:
                slots.append(_Slot(i, i + 1, alpha))
    domain = canonical_value("EMAIL_ADDRESS", value[cut:])
    return _mixed(perm, value, slots, tweak + b"|email|" + domain.encode(), fwd)


# -- CN_PASSPORT -------------------------------------------------------------------------


def _passport(
    perm: _Permuter, value: str, params: Mapping[str, Any], tweak: bytes, fwd: bool
) -> str:
    letters = [i for i, c in enumerate(value) if _letter_alpha(c) is not None]
    slots = []
    series = ""
    # The series letter(s) stay: E, G, D, S, P, SE, PE; in E + letter + 7 digits the second
    # letter is part of the number and is enciphered over the 24 letters without I and O.
    lead = letters[:2]
    if lead:
        series = value[lead[0]].upper()
        if len(lead) == 2 and lead[1] == lead[0] + 1:
            second = value[lead[1]]
            if series in "SP" and second.upper() == "E":
                series += "E"
            elif series == "E" and _letter_alpha(second, plate=True) is not None:
                slots.append(_Slot(lead[1], lead[1] + 1, _letter_alpha(second, plate=True)))
    for i, c in enumerate(value):
        if c in _VALUE_OF:
            slots.append(_Slot(i, i + 1, _DIGITS))
    slots.sort()
    return _mixed(perm, value, slots, tweak + b"|passport|" + series.encode(), fwd)


# -- CN_LICENSE_PLATE --------------------------------------------------------------------

_PROVINCES = _Alpha("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼")


def _plate(perm: _Permuter, value: str, params: Mapping[str, Any], tweak: bytes, fwd: bool) -> str:
    keep_region = bool(params.get("keep_region", False))
    slots: list[_Slot] = []
    body: list[int] = []
    region = ""
    head = 0
    if value and value[0] in _PROVINCES.index:
        head = 1
        if len(value) > 1 and _letter_alpha(value[1], plate=True) is not None:
            head = 2
        region = value[:head]
        if not keep_region:
            slots.append(_Slot(0, 1, _PROVINCES))
            if head == 2:
                slots.append(_Slot(1, 2, _letter_alpha(value[1], plate=True)))  # type: ignore[arg-type]
    for i in range(head, len(value)):
        if value[i] in _VALUE_OF or _letter_alpha(value[i], plate=True) is not None:
            body.append(i)
    kept_letters = set()
    if len(body) == 6:  # new-energy plates: the D/F energy letters stay
        for i in (body[0], body[5]):
            if value[i] not in _VALUE_OF:
                kept_letters.add(i)
    for i in body:
        if i in kept_letters:
            continue
        if value[i] in _VALUE_OF:
            slots.append(_Slot(i, i + 1, _DIGITS))
        else:
            slots.append(_Slot(i, i + 1, _letter_alpha(value[i], plate=True)))  # type: ignore[arg-type]
    shape = "".join("d" if value[i] in _VALUE_OF else "l" for i in body)
    tw = tweak + b"|plate|" + shape.encode() + b"|" + (region if keep_region else "").encode()
    return _mixed(perm, value, slots, tw, fwd)


# -- PERSON ------------------------------------------------------------------------------


def _surname_length(value: str) -> int:
    names = _names()
    if value[:2] in names.compound.index:
        return 2
    if value[:1] in names.single.index:
        return 1
    return 0


def _person(perm: _Permuter, value: str, params: Mapping[str, Any], tweak: bytes, fwd: bool) -> str:
    names = _names()
    keep_surname = bool(params.get("keep_surname", True))
    s = _surname_length(value)
    slots: list[_Slot] = []
    if s and not keep_surname:
        slots.append(_Slot(0, s, names.compound if s == 2 else names.single))
    for i in range(s, len(value)):
        c = value[i]
        if c in names.common.index:
            slots.append(_Slot(i, i + 1, names.common))
        elif c in names.other.index:
            slots.append(_Slot(i, i + 1, names.other))
        else:
            alpha = _letter_alpha(c)
            if alpha is not None:
                slots.append(_Slot(i, i + 1, alpha))
    kept = value[:s] if keep_surname else ""
    tw = tweak + b"|person|" + str(s).encode() + b"|" + kept.encode()

    def same(candidate: str) -> bool:
        return _surname_length(candidate) == s

    return _mixed(perm, value, slots, tw, fwd, same)


_SCHEMES: dict[str, Scheme] = {
    "PHONE_NUMBER": _phone,
    "CN_RESIDENT_ID": _resident_id,
    "CN_BANK_CARD": _bank_card,
    "EMAIL_ADDRESS": _email,
    "CN_PASSPORT": _passport,
    "CN_LICENSE_PLATE": _plate,
    "PERSON": _person,
}

#: Entity-specific parameters of ``fpe`` and ``surrogate`` (beyond the common ones).
FORMAT_PARAMS: dict[str, dict[str, type]] = {
    "CN_RESIDENT_ID": {"keep_region": bool, "keep_birth_year": bool},
    "CN_BANK_CARD": {"keep_first": int, "keep_last": int},
    "CN_LICENSE_PLATE": {"keep_region": bool},
    "PERSON": {"keep_surname": bool},
}
#: Allowed ranges of integer parameters.
INT_RANGES = {
    "keep_first": (0, 8),
    "keep_last": (0, 4),
    "length": (4, 64),
    "key_version": (1, 1 << 31),
}


# ======================================================================================
# Canonical values (for pseudonyms)

_SPOKEN_EMAIL = (
    ("艾特", "@"),
    ("爱特", "@"),
    ("圈a", "@"),
    ("圈A", "@"),
    ("小老鼠", "@"),
    (" at ", "@"),
    ("下划线", "_"),
    ("底线", "_"),
    ("中划线", "-"),
    ("横杠", "-"),
    ("减号", "-"),
    ("杠", "-"),
    ("点", "."),
    ("dot", "."),
)
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20


def canonical_value(entity: str, value: str) -> str:
    """One spelling per value, so that a pseudonym does not depend on how it was written.

    Phone: national digits (a +86/0086 prefix dropped); ID, card, passport and plate:
    digits and upper-case letters only; e-mail: lower case with spoken at/dot/underscore
    words resolved; names and others: full-width folded, white space removed.
    """
    folded = value.translate(_FOLD)
    if entity in ("PHONE_NUMBER", "CN_RESIDENT_ID", "CN_BANK_CARD"):
        _, vals = _numerals(value, with_x=entity == "CN_RESIDENT_ID")
        digits = "".join("X" if v == 10 else str(v) for v in vals)
        if entity == "PHONE_NUMBER":
            if digits.startswith("0086"):
                digits = digits[4:]
            elif digits.startswith("86") and (
                len(digits) in (12, 13) or any(c in _PLUS for c in value)
            ):
                digits = digits[2:]
        return digits
    if entity in ("CN_PASSPORT", "CN_LICENSE_PLATE"):
        return "".join(
            str(_VALUE_OF[c]) if c in _VALUE_OF else c.upper()
            for c in folded
            if c.isalnum() or c in _VALUE_OF
        )
    if entity == "EMAIL_ADDRESS":
        text = folded
        for word, repl in _SPOKEN_EMAIL:
            text = text.replace(word, repl)
        text = "".join(str(_VALUE_OF[c]) if c in _VALUE_OF else c for c in text)
        return "".join(text.split()).lower()
    return "".join(folded.split())


# ======================================================================================
# Domain sizes (for the documentation and the threat model)


def domain_size(entity: str, value: str, params: Mapping[str, Any] | None = None) -> int:
    """How many values ``fpe`` can map ``value`` to (the size of its tier)."""
    counter = _CountingPermuter()
    _scheme(entity)(counter, value, params or {}, b"", True)
    return counter.size


class _CountingPermuter(_Permuter):
    def __init__(self) -> None:
        self.size = 1

    def permute(self, x: int, n: int, tweak: bytes, forward: bool) -> int:
        self.size = n
        return x

    def walk(self, x, n, tweak, forward, ok):  # type: ignore[no-untyped-def]
        self.size = n
        return x


def _scheme(entity: str) -> Scheme:
    return _SCHEMES.get(entity, _generic)


# ======================================================================================
# Operators


class _VersionKeys:
    """Per key version: the FF1 permuter, the pseudonym key and the form-sealing key."""

    __slots__ = ("permuter", "pseudonym", "seal", "check", "version")

    def __init__(self, data_key: Any) -> None:
        self.version = data_key.version
        self.check = data_key.check
        self.permuter = _Permuter(data_key.derive(b"fpe/ff1"), data_key.derive(b"fpe/table"))
        self.pseudonym = data_key.derive(b"pseudonym")
        self.seal = AESGCM(data_key.derive(b"fpe/form"))

    def __repr__(self) -> str:
        return f"_VersionKeys(version={self.version})"


def _base_tweak(entity: str, params: Mapping[str, Any]) -> bytes:
    user = params.get("tweak")
    tail = b"" if user is None else b"|t:" + str(user).encode("utf-8")
    return f"piiguard/{SCHEME_VERSION}/{entity}".encode() + tail


class Protection:
    """The keyed operators of one job: ``fpe``, ``pseudonym`` and ``surrogate``.

    :param keyring: a :class:`piiguard.keys.Keyring` (needed for ``fpe`` and ``pseudonym``).
    :param surrogate_seed: bytes that fix the surrogates of this job (to share one job
        between processes); default: random, so surrogates differ from job to job.
    """

    def __init__(self, keyring: Any | None = None, *, surrogate_seed: bytes | None = None) -> None:
        self.keyring = keyring
        self._versions: dict[int, _VersionKeys] = {}
        seed = secrets.token_bytes(32) if surrogate_seed is None else bytes(surrogate_seed)
        job = hashlib.sha256(b"piiguard surrogate job|" + seed).digest()
        self._surrogates = _Permuter(
            hmac.new(job, b"ff1", hashlib.sha256).digest(),
            hmac.new(job, b"table", hashlib.sha256).digest(),
        )
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Protection(keyring={self.keyring!r})"

    def __reduce__(self) -> Any:
        raise TypeError("Protection objects cannot be pickled (they hold key material)")

    # -- keys ------------------------------------------------------------------------

    def _keys(self, version: int | None) -> _VersionKeys:
        if self.keyring is None:
            raise ProtectionError("this operator needs a keyring")
        if version is None:
            version = self.keyring.active_version
        keys = self._versions.get(version)
        if keys is None:
            with self._lock:
                keys = self._versions.get(version)
                if keys is None:
                    keys = self._versions[version] = _VersionKeys(self.keyring.key(version))
        return keys

    # -- operators -------------------------------------------------------------------

    def encrypt(
        self, entity: str, value: str, params: Mapping[str, Any] | None = None
    ) -> tuple[str, int, str, str | None]:
        """``fpe``: (ciphertext, key version, key check value, sealed form or None)."""
        params = params or {}
        keys = self._keys(params.get("key_version"))
        out = _scheme(entity)(keys.permuter, value, params, _base_tweak(entity, params), True)
        form = None
        residue = _residue(value, out)
        if residue:
            form = self._seal(keys, entity, out, residue)
        return out, keys.version, keys.check, form

    def decrypt(
        self,
        entity: str,
        value: str,
        params: Mapping[str, Any] | None = None,
        *,
        key_version: int | None = None,
        key_check: str | None = None,
        form: str | None = None,
    ) -> str:
        """Inverse of :meth:`encrypt`; with ``form`` the written form is restored exactly."""
        params = params or {}
        try:
            keys = self._keys(key_version if key_version is not None else params.get("key_version"))
        except ProtectionError:
            raise RestoreError("restoring needs the keyring that protected the data") from None
        except ValueError as exc:  # KeyringError: version not in the keyring
            raise RestoreError(str(exc)) from None
        if key_check is not None and not hmac.compare_digest(keys.check, str(key_check)):
            raise RestoreError(
                f"key version {keys.version} of this keyring is not the key that protected "
                "the data (key check value differs): use the keyring that protected it"
            )
        out = _scheme(entity)(keys.permuter, value, params, _base_tweak(entity, params), False)
        if form:
            chars = list(out)
            for i, char in self._unseal(keys, entity, value, form):
                if not 0 <= i < len(chars):
                    raise RestoreError("the sealed written form does not fit its item")
                chars[i] = char
            out = "".join(chars)
        return out

    def pseudonym(self, entity: str, value: str, params: Mapping[str, Any] | None = None) -> str:
        """``<TAG_0123abcd>``: keyed HMAC-SHA256 of the canonical value, ``length`` hex digits."""
        params = params or {}
        keys = self._keys(params.get("key_version"))
        length = int(params.get("length", _PSEUDONYM_DEFAULT_LENGTH))
        tag = str(params.get("tag", entity))
        message = f"{entity}\x00{canonical_value(entity, value)}".encode()
        digest = hmac.new(keys.pseudonym, message, hashlib.sha256).hexdigest()
        return f"<{tag}_{digest[:length]}>"

    def surrogate(self, entity: str, value: str, params: Mapping[str, Any] | None = None) -> str:
        """A realistic fake of the same kind, the same for the same value within this job.

        Never equal to ``value``: a value that the job's permutation happens to fix is
        enciphered again under another tweak.  Where no other value of the same shape
        exists (a one-letter local part would still have 25 others; a name reduced to a
        kept surname has none), the result is ``<ENTITY>``.
        """
        params = dict(params or {})
        if entity == "PERSON":
            params.setdefault("keep_surname", False)
        scheme = _scheme(entity)
        base = _base_tweak(entity, params) + b"|surrogate"
        canonical = canonical_value(entity, value)
        for attempt in range(8):
            out = scheme(self._surrogates, value, params, base + bytes([attempt]), True)
            if out != value and canonical_value(entity, out) != canonical:
                return out
        return f"<{entity}>"

    # -- sealed written form ----------------------------------------------------------

    @staticmethod
    def _aad(entity: str, ciphertext: str) -> bytes:
        return f"piiguard-form/{SCHEME_VERSION}|{entity}|".encode() + ciphertext.encode("utf-8")

    def _seal(
        self, keys: _VersionKeys, entity: str, out: str, residue: list[tuple[int, str]]
    ) -> str:
        nonce = secrets.token_bytes(12)
        payload = json.dumps(residue, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        blob = nonce + keys.seal.encrypt(nonce, payload, self._aad(entity, out))
        return base64.b64encode(blob).decode("ascii")

    def _unseal(
        self, keys: _VersionKeys, entity: str, ciphertext: str, form: str
    ) -> list[tuple[int, str]]:
        try:
            blob = base64.b64decode(form, validate=True)
            payload = keys.seal.decrypt(blob[:12], blob[12:], self._aad(entity, ciphertext))
            residue = json.loads(payload.decode("utf-8"))
            return [(int(i), str(c)) for i, c in residue]
        except (InvalidTag, ValueError, TypeError):
            raise RestoreError(
                "the sealed written form of an item does not match its ciphertext or key "
                "(the text or the manifest was changed, or another key is in use)"
            ) from None


# ======================================================================================
# Presidio anonymizer / deanonymizer operators

try:
    from presidio_anonymizer.operators import Operator, OperatorType
except ImportError:  # pragma: no cover - presidio-anonymizer is a dependency
    Operator = object  # type: ignore[assignment,misc]
    OperatorType = None  # type: ignore[assignment]

_PROTECTIONS: dict[int, tuple[Any, Protection]] = {}


def _protection_for(params: Mapping[str, Any]) -> Protection:
    keyring = params.get("keyring")
    if keyring is None:
        raise ValueError("piiguard operators need params['keyring'] (a piiguard Keyring)")
    hit = _PROTECTIONS.get(id(keyring))
    if hit is None or hit[0] is not keyring:
        if len(_PROTECTIONS) > 16:
            _PROTECTIONS.clear()
        hit = _PROTECTIONS[id(keyring)] = (keyring, Protection(keyring))
    return hit[1]


def _op_params(params: Mapping[str, Any] | None) -> tuple[str, dict[str, Any]]:
    params = dict(params or {})
    entity = str(params.pop("entity_type", ""))
    params.pop("keyring", None)
    return entity, params


class PresidioFPE(Operator):  # type: ignore[misc,valid-type]
    """Presidio anonymizer ``piiguard_fpe``: format-preserving encryption of one value.

    ``engine.add_anonymizer(PresidioFPE)``; ``OperatorConfig("piiguard_fpe", {"keyring":
    ring, ...fpe params})``.  Undo with :class:`PresidioFPEDecrypt` in a
    ``DeanonymizeEngine``.  Spoken-numeral variants (幺 vs 一) come back canonical through
    this path; :meth:`piiguard.Redactor.restore` with its items is exact.
    """

    def operate(self, text: str, params: dict | None = None) -> str:
        entity, rest = _op_params(params)
        return _protection_for(params or {}).encrypt(entity, text, rest)[0]

    def validate(self, params: dict | None = None) -> None:
        _protection_for(params or {})

    def operator_name(self) -> str:
        return "piiguard_fpe"

    def operator_type(self) -> Any:
        return OperatorType.Anonymize


class PresidioFPEDecrypt(Operator):  # type: ignore[misc,valid-type]
    """Presidio deanonymizer ``piiguard_fpe_decrypt``: the inverse of :class:`PresidioFPE`.

    Params: ``keyring``, the same fpe params as for encryption, and ``key_version`` if the
    keyring was rotated since (default: the active version).
    """

    def operate(self, text: str, params: dict | None = None) -> str:
        entity, rest = _op_params(params)
        return _protection_for(params or {}).decrypt(entity, text, rest)

    def validate(self, params: dict | None = None) -> None:
        _protection_for(params or {})

    def operator_name(self) -> str:
        return "piiguard_fpe_decrypt"

    def operator_type(self) -> Any:
        return OperatorType.Deanonymize


class PresidioPseudonym(Operator):  # type: ignore[misc,valid-type]
    """Presidio anonymizer ``piiguard_pseudonym``: ``<ENTITY_0123abcd>`` keyed tokens."""

    def operate(self, text: str, params: dict | None = None) -> str:
        entity, rest = _op_params(params)
        return _protection_for(params or {}).pseudonym(entity, text, rest)

    def validate(self, params: dict | None = None) -> None:
        _protection_for(params or {})

    def operator_name(self) -> str:
        return "piiguard_pseudonym"

    def operator_type(self) -> Any:
        return OperatorType.Anonymize
