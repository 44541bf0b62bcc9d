"""Format-preserving encryption: NIST SP 800-38G (Rev. 1) FF1 over AES.

FF1 encrypts a string of *numerals* (characters of an alphabet of ``radix`` symbols) into
another string of the same length over the same alphabet, keyed by an AES key and an
optional public *tweak*.  It is used here to pseudonymise identifiers (phone numbers, ID
numbers, account numbers, ...) while keeping their shape, reversibly for the key holder.

Only the ``cryptography`` package is imported, so ``import piiguard.fpe`` stays cheap and
does not pull in the detection stack.

Implementation notes (why it is fast)
-------------------------------------
The algorithm is SP 800-38G Algorithm 7 (FF1.Encrypt) and Algorithm 8 (FF1.Decrypt), but
evaluated on integers rather than numeral strings:

* Steps 6.vii-ix (``C = STR(c)``, then ``A = B``, ``B = C``) and the ``NUM_radix(B)`` of the
  next round cancel out, because ``NUM_radix(STR^m_radix(c)) == c``.  The two halves are
  therefore converted from text once on input and back once on output; the ten rounds work
  on Python ints only.
* The PRF of step 6.ii is CBC-MAC (Algorithm 6) over ``P || Q``.  ``P`` (step 5) depends only
  on radix, ``u``, ``n`` and the tweak length, so ``CIPH_K(P)`` is computed once per
  (length, tweak length) and cached.  The tweak bytes that precede the round-dependent part
  of ``Q`` are folded into the CBC-MAC chaining value once per call.  For short inputs the
  round-dependent tail of ``Q`` (``[i]^1 || [NUM_radix(B)]^b``) is a single block, so each
  round costs exactly one AES block encryption through a single, reused ECB context.
* ``b`` (step 3) is computed exactly with integer arithmetic instead of floating-point logs.

Limits (SP 800-38G Rev. 1, section 5.2)
--------------------------------------
* ``2 <= radix <= 2**16``.
* ``radix ** minlen >= 1_000_000`` and ``minlen >= 2``; e.g. radix 10 needs at least 6
  numerals, radix 36 at least 4, radix >= 1000 at least 2 (see :func:`min_length`).
* The standard allows ``maxlen < 2**32``; this implementation caps inputs at
  :data:`MAX_LENGTH` numerals because the cost grows quadratically with the length and
  identifiers are short.
* The standard leaves ``maxTlen`` to the implementation (below ``2**32``); this implementation
  accepts tweaks of up to :data:`MAX_TWEAK_LENGTH` bytes.

Error messages never contain the plaintext, ciphertext, tweak or key (the input may be
personal data); a character outside the alphabet is reported by its position only.

Thread safety: an instance holds one AES-ECB context that is reused for every block.  ECB has
no chaining state, and every call passes whole blocks, so sharing an instance between threads
is safe under the GIL (each ``update`` call is atomic).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NoReturn

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

__all__ = [
    "FF1",
    "DEFAULT_ALPHABET",
    "MAX_LENGTH",
    "MAX_RADIX",
    "MAX_TWEAK_LENGTH",
    "MIN_RADIX",
    "min_length",
    "num_radix",
    "str_radix",
]

#: Numerals used when no alphabet is given (first ``radix`` characters); NIST samples use it.
DEFAULT_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
MIN_RADIX = 2
MAX_RADIX = 1 << 16  # SP 800-38G Rev. 1, section 5.2: radix in [2 .. 2^16]
#: Practical cap on the number of numerals (the standard's bound is < 2^32).
MAX_LENGTH = 1 << 14
#: Practical cap on the tweak length in bytes (the standard's maxTlen must be < 2^32).
MAX_TWEAK_LENGTH = 1 << 16
_MIN_DOMAIN = 1_000_000  # SP 800-38G Rev. 1, section 5.2: radix^minlen >= 1,000,000
_ROUNDS = 10  # FF1 step 6: i from 0 to 9
_AES_KEY_SIZES = (16, 24, 32)
_LAYOUT_CACHE_SIZE = 256
# Above this many blocks a CBC-MAC is computed through a CBC context instead of an ECB loop.
_CBC_THRESHOLD_BLOCKS = 4
# int()/str() of base-10 text is limited by sys.set_int_max_str_digits (640 at the least),
# so the decimal fast path is used only while both halves stay at or below that size.
_DECIMAL_FAST_MAX = 1280


def min_length(radix: int) -> int:
    """Smallest input length allowed for ``radix``: ``radix**minlen >= 10**6`` and ``>= 2``."""
    n = 2
    while radix**n < _MIN_DOMAIN:
        n += 1
    return n


def _chunk_size(radix: int) -> int:
    """Numerals per chunk so that ``radix**k`` fits one 30-bit CPython digit (fast paths)."""
    k = 1
    while radix ** (k + 1) < 1 << 30:
        k += 1
    return k


def num_radix(digits: Sequence[int], radix: int) -> int:
    """``NUM_radix(X)`` (SP 800-38G section 4.5, Algorithm 1): numerals, most significant first.

    Works in chunks of numerals so that only one big-int multiply happens per chunk.
    """
    k = _chunk_size(radix)
    n = len(digits)
    x = 0
    if n <= k:
        for d in digits:
            x = x * radix + d
        return x
    big = radix**k
    head = n % k or k
    for d in digits[:head]:
        x = x * radix + d
    for start in range(head, n, k):
        c = 0
        for d in digits[start : start + k]:
            c = c * radix + d
        x = x * big + c
    return x


def str_radix(x: int, radix: int, m: int) -> list[int]:
    """``STR^m_radix(x)`` (SP 800-38G section 4.5, Algorithm 3): ``m`` numerals, MSB first.

    Requires ``0 <= x < radix**m``.  Peels off chunks of numerals with one big-int division
    each, then splits every chunk with small-int arithmetic.
    """
    out = [0] * m
    i = m
    k = _chunk_size(radix)
    if m > k:
        big = radix**k
        while i > k:
            x, chunk = divmod(x, big)
            for _ in range(k):
                i -= 1
                chunk, out[i] = divmod(chunk, radix)
    while i > 0:
        i -= 1
        x, out[i] = divmod(x, radix)
    return out


class _Layout:
    """Everything that depends only on (n, t): FF1 steps 1, 3, 4, 5 and the shape of Q."""

    __slots__ = (
        "u",
        "v",
        "b",
        "d",
        "mod_u",
        "mod_v",
        "prefix_len",
        "tail_len",
        "tail_shift",
        "enc_p",
        "round_consts",
        "round_base",
        "s_blocks",
        "y_shift",
        "decimal",
    )

    def __init__(self, ff1: FF1, n: int, t: int) -> None:
        radix = ff1._radix
        u = n // 2  # step 1
        v = n - u
        self.u = u
        self.v = v
        self.mod_u = radix**u
        self.mod_v = radix**v
        # Step 3: b = ceil(ceil(v * log2(radix)) / 8), exactly: the number of bits needed
        # for radix^v - 1 equals ceil(v * log2(radix)) (also when radix is a power of two).
        b = ((self.mod_v - 1).bit_length() + 7) // 8
        d = 4 * ((b + 3) // 4) + 4  # step 4
        self.b = b
        self.d = d
        # Step 6.i: Q = T || [0]^((-t-b-1) mod 16) || [i]^1 || [NUM_radix(B)]^b.
        pad = (-t - b - 1) % 16
        q_len = t + pad + 1 + b
        # Blocks of Q before the one holding [i] are the same in every round (tweak + zeros).
        self.prefix_len = ((t + pad) // 16) * 16
        self.tail_len = q_len - self.prefix_len
        self.tail_shift = 8 * (self.tail_len - 16)  # moves a block to the top of the tail
        # Step 5: P = [1]^1 || [2]^1 || [1]^1 || [radix]^3 || [10]^1 || [u mod 256]^1
        #             || [n]^4 || [t]^4
        p = (
            bytes((1, 2, 1))
            + radix.to_bytes(3, "big")
            + bytes((10, u % 256))
            + n.to_bytes(4, "big")
            + t.to_bytes(4, "big")
        )
        self.enc_p = int.from_bytes(ff1._ecb(p), "big")  # CBC-MAC state after P
        self.round_consts = tuple(i << (8 * b) for i in range(_ROUNDS))
        # With no tweak bytes in the tail, the XOR of state and [i] is fixed per round.
        self.round_base = tuple((self.enc_p << self.tail_shift) ^ c for c in self.round_consts)
        # Step 6.iii: S = R || CIPH(R xor [1]^16) || ... ; first d bytes are used.
        self.s_blocks = (d + 15) // 16
        self.y_shift = 8 * (16 * self.s_blocks - d)
        self.decimal = ff1._decimal and n <= _DECIMAL_FAST_MAX


class FF1:
    """NIST SP 800-38G FF1 format-preserving cipher over AES (``cryptography`` backend).

    :param key: AES key of 16, 24 or 32 bytes (AES-128/192/256).
    :param radix: number of numerals, 2..65536; defaults to ``len(alphabet)`` when an
        alphabet is given, else 10.
    :param alphabet: the numerals in order (``alphabet[j]`` has value ``j``), as a ``str`` of
        distinct characters (e.g. CJK characters).  Optional for ``radix <= 36``, where it
        defaults to the first ``radix`` characters of ``0-9a-z``; required above 36.  When
        both are given, ``radix`` must equal ``len(alphabet)``.

    Instances are immutable (read-only properties) and may be shared between threads.  The key
    is not shown by ``repr`` and instances refuse to be pickled.
    """

    __slots__ = (
        "_radix",
        "_alphabet",
        "_min_length",
        "_key_bits",
        "_algorithm",
        "_ecb",
        "_index",
        "_charset",
        "_decimal",
        "_layouts",
    )

    def __init__(self, key: bytes, radix: int | None = None, alphabet: str | None = None) -> None:
        if not isinstance(key, (bytes, bytearray, memoryview)):
            raise TypeError("key must be bytes")
        key = bytes(key)
        if len(key) not in _AES_KEY_SIZES:
            raise ValueError(
                f"key must be 16, 24 or 32 bytes (AES-128/192/256), got {len(key)} bytes"
            )
        if radix is not None and (isinstance(radix, bool) or not isinstance(radix, int)):
            raise TypeError("radix must be an int")
        if alphabet is None:
            radix = 10 if radix is None else radix
            if not MIN_RADIX <= radix <= MAX_RADIX:
                raise ValueError(f"radix must be between {MIN_RADIX} and {MAX_RADIX}, got {radix}")
            if radix > len(DEFAULT_ALPHABET):
                raise ValueError(
                    f"radix {radix} > {len(DEFAULT_ALPHABET)} requires an explicit alphabet "
                    f"of {radix} distinct characters"
                )
            alphabet = DEFAULT_ALPHABET[:radix]
        else:
            if not isinstance(alphabet, str):
                raise TypeError("alphabet must be a str")
            size = len(alphabet)
            if not MIN_RADIX <= size <= MAX_RADIX:
                raise ValueError(
                    f"alphabet must have between {MIN_RADIX} and {MAX_RADIX} characters, got {size}"
                )
            if radix is not None and radix != size:
                raise ValueError(f"radix {radix} does not match the alphabet size {size}")
            if len(set(alphabet)) != size:
                raise ValueError("alphabet characters must be distinct")
            radix = size
        self._radix = radix
        self._alphabet = alphabet
        self._min_length = min_length(radix)
        self._key_bits = 8 * len(key)
        self._algorithm = algorithms.AES(key)
        # One ECB context serves every CIPH_K call: ECB keeps no state between blocks.
        self._ecb = Cipher(self._algorithm, modes.ECB()).encryptor().update
        self._index = {c: j for j, c in enumerate(alphabet)}
        self._charset = frozenset(alphabet)
        self._decimal = alphabet == "0123456789"
        self._layouts: dict[tuple[int, int], _Layout] = {}

    @classmethod
    def for_integers(cls, key: bytes, radix: int) -> FF1:
        """An FF1 over ``radix`` for :meth:`encrypt_int` / :meth:`decrypt_int` only.

        No alphabet is built, so any radix 2..65536 costs the same to set up; the string
        methods of such an instance raise ``ValueError``.  Used for rank-encipher-unrank
        over domains whose size is not a power of ten.
        """
        if isinstance(radix, bool) or not isinstance(radix, int):
            raise TypeError("radix must be an int")
        if radix <= len(DEFAULT_ALPHABET):
            return cls(key, radix)
        if radix > MAX_RADIX:
            raise ValueError(f"radix must be between {MIN_RADIX} and {MAX_RADIX}, got {radix}")
        self = cls(key, 10)
        self._radix = radix
        self._alphabet = ""
        self._min_length = min_length(radix)
        self._index = {}
        self._charset = frozenset()
        self._decimal = False
        return self

    @property
    def radix(self) -> int:
        """Number of numerals in the alphabet."""
        return self._radix

    @property
    def alphabet(self) -> str:
        """The numerals in order of value."""
        return self._alphabet

    @property
    def min_length(self) -> int:
        """Shortest accepted input for this radix (``radix**min_length >= 1,000,000``)."""
        return self._min_length

    def __repr__(self) -> str:
        return f"FF1(AES-{self._key_bits}, radix={self.radix})"

    def __reduce__(self) -> NoReturn:
        raise TypeError("FF1 instances cannot be pickled (they hold key material)")

    # ------------------------------------------------------------------ public API

    def encrypt(self, numerals: str, tweak: bytes = b"") -> str:
        """FF1.Encrypt(K, T, X) -- SP 800-38G Rev. 1, Algorithm 7.

        :param numerals: plaintext over the alphabet, ``min_length..MAX_LENGTH`` characters.
        :param tweak: public, optional tweak (e.g. a field name) of up to
            ``MAX_TWEAK_LENGTH`` bytes; the same tweak is needed to decrypt.
        :returns: ciphertext of the same length over the same alphabet.
        """
        return self._crypt(numerals, tweak, True)

    def decrypt(self, numerals: str, tweak: bytes = b"") -> str:
        """FF1.Decrypt(K, T, Y) -- SP 800-38G Rev. 1, Algorithm 8 (inverse of :meth:`encrypt`)."""
        return self._crypt(numerals, tweak, False)

    def encrypt_int(self, x: int, length: int, tweak: bytes = b"") -> int:
        """FF1.Encrypt on the numeral string ``STR^length_radix(x)``, as an integer.

        Equal to ``NUM_radix(encrypt(STR^length_radix(x), tweak))`` but with no text in
        between: ``0 <= x < radix**length`` maps to ``0 <= y < radix**length``.  This is the
        *encipher* step of rank-encipher-unrank format-preserving schemes.
        """
        return self._crypt_int(x, length, tweak, True)

    def decrypt_int(self, y: int, length: int, tweak: bytes = b"") -> int:
        """Inverse of :meth:`encrypt_int` (FF1.Decrypt on integers)."""
        return self._crypt_int(y, length, tweak, False)

    # ------------------------------------------------------------------ internals

    def _layout(self, n: int, t: int) -> _Layout:
        key = (n, t)
        lay = self._layouts.get(key)
        if lay is None:
            if len(self._layouts) >= _LAYOUT_CACHE_SIZE:
                self._layouts.clear()
            lay = self._layouts[key] = _Layout(self, n, t)
        return lay

    def _check(self, numerals: str, tweak: bytes) -> None:
        """Length checks (section 5.2); never echoes the values themselves."""
        if not isinstance(numerals, str):
            raise TypeError("numerals must be a str")
        if not isinstance(tweak, (bytes, bytearray, memoryview)):
            raise TypeError("tweak must be bytes")
        self._check_limits(len(numerals), len(tweak), f"input has {len(numerals)} numerals")

    def _check_limits(self, n: int, tweak_len: int, what: str) -> None:
        """The standard's length limits (section 5.2), for strings and integers alike."""
        if n < self._min_length:
            raise ValueError(
                f"{what}, too short: FF1 with radix {self._radix} needs at least "
                f"{self._min_length} numerals (radix**length >= 1,000,000)"
            )
        if n > MAX_LENGTH:
            raise ValueError(f"{what}; the maximum is {MAX_LENGTH} numerals")
        if tweak_len > MAX_TWEAK_LENGTH:
            raise ValueError(
                f"tweak has {tweak_len} bytes; the maximum is {MAX_TWEAK_LENGTH} bytes"
            )

    def _bad_position(self, numerals: str) -> ValueError:
        charset = self._charset
        for pos, ch in enumerate(numerals):
            if ch not in charset:
                return ValueError(
                    f"character at position {pos} is not in the radix-{self._radix} alphabet"
                )
        return ValueError("input is not in the alphabet")  # pragma: no cover

    def _digits(self, numerals: str) -> list[int]:
        index = self._index
        try:
            return [index[c] for c in numerals]
        except KeyError:
            raise self._bad_position(numerals) from None

    def _cbc_mac(self, state: int, data: int, nbytes: int) -> int:
        """Continue CBC-MAC (Algorithm 6) from chaining value ``state`` over ``data``.

        ``data`` is ``nbytes`` (a multiple of 16) as a big-endian int whose first block has
        already been XORed with ``state``.
        """
        raw = data.to_bytes(nbytes, "big")
        if nbytes // 16 > _CBC_THRESHOLD_BLOCKS:
            # CBC encryption with a zero IV of (state-folded) data: last block is the MAC.
            cbc = Cipher(self._algorithm, modes.CBC(bytes(16))).encryptor()
            return int.from_bytes(cbc.update(raw)[-16:], "big")
        ecb = self._ecb
        y = ecb(raw[:16])
        for off in range(16, nbytes, 16):
            blk = int.from_bytes(y, "big") ^ int.from_bytes(raw[off : off + 16], "big")
            y = ecb(blk.to_bytes(16, "big"))
        return int.from_bytes(y, "big")

    def _crypt_int(self, x: int, length: int, tweak: bytes, forward: bool) -> int:
        if isinstance(x, bool) or not isinstance(x, int):
            raise TypeError("x must be an int")
        if isinstance(length, bool) or not isinstance(length, int):
            raise TypeError("length must be an int")
        if not isinstance(tweak, (bytes, bytearray, memoryview)):
            raise TypeError("tweak must be bytes")
        self._check_limits(length, len(tweak), f"length {length}")
        lay = self._layout(length, len(tweak))
        mod_v = lay.mod_v
        if not 0 <= x < lay.mod_u * mod_v:
            raise ValueError(f"the integer is outside 0 .. radix**{length} - 1")
        a, b = divmod(x, mod_v)
        a, b = self._feistel(lay, a, b, tweak, forward)
        return a * mod_v + b

    def _crypt(self, numerals: str, tweak: bytes, forward: bool) -> str:
        self._check(numerals, tweak)
        n = len(numerals)
        t = len(tweak)
        lay = self._layout(n, t)
        u = lay.u

        # Steps 1-2: split into A (u numerals) and B (v numerals), as integers.
        if lay.decimal:
            # isdigit() alone admits other Unicode digits; isascii() narrows it to 0-9.
            if not (numerals.isascii() and numerals.isdigit()):
                raise self._bad_position(numerals)
            a = int(numerals[:u])
            b = int(numerals[u:])
        else:
            if not self._index:
                raise ValueError(
                    "this FF1 instance has no alphabet (FF1.for_integers); use encrypt_int"
                )
            digits = self._digits(numerals)
            a = num_radix(digits[:u], self._radix)
            b = num_radix(digits[u:], self._radix)
        a, b = self._feistel(lay, a, b, tweak, forward)

        # Step 7: return A || B, as numeral strings of lengths u and v.
        v = lay.v
        if lay.decimal:
            return f"{a:0{u}d}{b:0{v}d}"
        alphabet = self._alphabet
        radix = self._radix
        return "".join([alphabet[j] for j in str_radix(a, radix, u)]) + "".join(
            [alphabet[j] for j in str_radix(b, radix, v)]
        )

    def _feistel(
        self, lay: _Layout, a: int, b: int, tweak: bytes, forward: bool
    ) -> tuple[int, int]:
        """Steps 3-6 of Algorithms 7/8 on the integer halves ``A`` and ``B``."""
        t = len(tweak)
        from_bytes = int.from_bytes

        # Round bases: CBC-MAC chaining value before the tail of Q, folded with the tweak
        # bytes that share the tail's first block and with [i] (step 6.i).
        tail_len = lay.tail_len
        if t == 0:
            bases: Sequence[int] = lay.round_base
        else:
            tw = bytes(tweak)
            state = lay.enc_p
            pre = lay.prefix_len
            if pre:
                prefix = tw[:pre].ljust(pre, b"\0")
                state = self._cbc_mac(
                    state, from_bytes(prefix, "big") ^ (state << (8 * (pre - 16))), pre
                )
            base = state << lay.tail_shift
            rest = tw[pre:]
            if rest:
                base ^= from_bytes(rest, "big") << (8 * (tail_len - len(rest)))
            bases = [base ^ c for c in lay.round_consts]

        mod_u = lay.mod_u
        mod_v = lay.mod_v
        if tail_len == 16 and lay.s_blocks == 1:
            # Hot path: P||Q is P plus one block, S is the first d bytes of R (step 6.iii).
            ecb = self._ecb
            sh = lay.y_shift
            if forward:
                # Rounds (i, i+1): A <- (A + y_i(B)) mod radix^u, then B <- (B + y_{i+1}(A))
                # mod radix^v; the swaps of steps 6.viii-ix are absorbed by alternating names.
                for i in range(0, _ROUNDS, 2):
                    r = ecb((bases[i] ^ b).to_bytes(16, "big"))
                    a = (a + (from_bytes(r, "big") >> sh)) % mod_u
                    r = ecb((bases[i + 1] ^ a).to_bytes(16, "big"))
                    b = (b + (from_bytes(r, "big") >> sh)) % mod_v
            else:
                # Algorithm 8, rounds (i, i-1) for i = 9, 7, ..., 1.
                for i in range(_ROUNDS - 1, 0, -2):
                    r = ecb((bases[i] ^ a).to_bytes(16, "big"))
                    b = (b - (from_bytes(r, "big") >> sh)) % mod_v
                    r = ecb((bases[i - 1] ^ b).to_bytes(16, "big"))
                    a = (a - (from_bytes(r, "big") >> sh)) % mod_u
        else:
            prf = self._round_function(lay, tail_len)
            if forward:
                for i in range(0, _ROUNDS, 2):
                    a = (a + prf(bases[i] ^ b)) % mod_u
                    b = (b + prf(bases[i + 1] ^ a)) % mod_v
            else:
                for i in range(_ROUNDS - 1, 0, -2):
                    b = (b - prf(bases[i] ^ a)) % mod_v
                    a = (a - prf(bases[i - 1] ^ b)) % mod_u
        return a, b

    def _round_function(self, lay: _Layout, tail_len: int) -> Callable[[int], int]:
        """General round function y = NUM(S) for long inputs (steps 6.ii-6.iv)."""
        ecb = self._ecb
        from_bytes = int.from_bytes
        cbc_mac = self._cbc_mac
        s_blocks = lay.s_blocks
        sh = lay.y_shift
        counters = range(1, s_blocks)

        def prf(block: int) -> int:
            if tail_len == 16:
                r = from_bytes(ecb(block.to_bytes(16, "big")), "big")
            else:
                # block already carries the chaining value in its first 16 bytes.
                r = cbc_mac(0, block, tail_len)
            if s_blocks == 1:
                return r >> sh
            # Step 6.iii: S = R || CIPH(R xor [1]^16) || CIPH(R xor [2]^16) || ...
            more = ecb(b"".join([(r ^ j).to_bytes(16, "big") for j in counters]))
            return ((r << (8 * len(more))) | from_bytes(more, "big")) >> sh

        return prf
