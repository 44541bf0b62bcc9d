"""Tests for piiguard.fpe.FF1 (NIST SP 800-38G FF1).

Three independent checks:

* the nine FF1 sample vectors published by NIST (FF1samples.pdf);
* a slow, literal reference implementation of SP 800-38G Algorithms 6-8, written straight
  from the pseudo-code (numeral lists, byte strings, block-by-block CBC-MAC), which must agree
  with the optimised implementation on random inputs, including long inputs and tweaks that
  exercise the multi-block code paths;
* round-trip / format properties with hypothesis over radix 2..65536 (CJK alphabets included).
"""

from __future__ import annotations

import copy
import functools
import pickle
import random
import subprocess
import sys
import threading

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piiguard.fpe import FF1, MAX_LENGTH, MAX_TWEAK_LENGTH, min_length

KEY_128 = bytes.fromhex("2B7E151628AED2A6ABF7158809CF4F3C")
KEY_192 = bytes.fromhex("2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F")
KEY_256 = bytes.fromhex("2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94")
TWEAK_EMPTY = b""
TWEAK_10 = bytes.fromhex("39383736353433323130")
TWEAK_11 = bytes.fromhex("3737373770717273373737")
PT_10 = "0123456789"
PT_36 = "0123456789abcdefghi"

# NIST FF1samples.pdf: (key, radix, tweak, plaintext, ciphertext), samples 1..9.
NIST_SAMPLES = [
    (KEY_128, 10, TWEAK_EMPTY, PT_10, "2433477484"),
    (KEY_128, 10, TWEAK_10, PT_10, "6124200773"),
    (KEY_128, 36, TWEAK_11, PT_36, "a9tv40mll9kdu509eum"),
    (KEY_192, 10, TWEAK_EMPTY, PT_10, "2830668132"),
    (KEY_192, 10, TWEAK_10, PT_10, "2496655549"),
    (KEY_192, 36, TWEAK_11, PT_36, "xbj3kv35jrawxv32ysr"),
    (KEY_256, 10, TWEAK_EMPTY, PT_10, "6657667009"),
    (KEY_256, 10, TWEAK_10, PT_10, "1001623463"),
    (KEY_256, 36, TWEAK_11, PT_36, "xs8a0azh2avyalyzuwd"),
]
SAMPLE_IDS = [f"nist-sample-{i}" for i in range(1, 10)]

HYPOTHESIS = settings(
    derandomize=True,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --------------------------------------------------------------------------------------------
# Literal reference implementation (SP 800-38G Rev. 1, sections 4.5 and 6.2).


@functools.lru_cache(maxsize=8)
def _ref_aes(key: bytes):
    return Cipher(algorithms.AES(key), modes.ECB()).encryptor()


def _ref_ciph(key: bytes, block: bytes) -> bytes:
    assert len(block) == 16
    return _ref_aes(key).update(block)


def _ref_xor(x: bytes, y: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(x, y, strict=True))


def _ref_prf(key: bytes, x: bytes) -> bytes:
    """Algorithm 6: PRF(X) = CBC-MAC with a zero IV, Y_j = CIPH_K(Y_{j-1} xor X_j)."""
    assert len(x) % 16 == 0
    y = bytes(16)
    for j in range(0, len(x), 16):
        y = _ref_ciph(key, _ref_xor(y, x[j : j + 16]))
    return y


def _ref_num_radix(x: list[int], radix: int) -> int:
    """Algorithm 1: NUM_radix(X)."""
    value = 0
    for numeral in x:
        value = value * radix + numeral
    return value


def _ref_num(x: bytes) -> int:
    """Algorithm 2: NUM(X) for a byte string, most significant bit first."""
    value = 0
    for byte in x:
        value = 256 * value + byte
    return value


def _ref_str_radix(x: int, radix: int, m: int) -> list[int]:
    """Algorithm 3: STR^m_radix(x)."""
    out = [0] * m
    for i in range(1, m + 1):
        out[m - i] = x % radix
        x //= radix
    return out


def _ref_bytes(x: int, s: int) -> bytes:
    """[x]^s: x as a big-endian byte string of length s."""
    return x.to_bytes(s, "big")


def _ref_ceil_log2(x: int) -> int:
    """ceil(log2(x)) computed by search: the smallest k with 2^k >= x."""
    k = 0
    while (1 << k) < x:
        k += 1
    return k


def _ref_setup(radix: int, n: int, t: int) -> tuple[int, int, int, int, bytes]:
    u = n // 2  # step 1
    v = n - u
    b = -(-_ref_ceil_log2(radix**v) // 8)  # step 3: ceil(ceil(v LOG(radix)) / 8)
    d = 4 * -(-b // 4) + 4  # step 4
    p = (  # step 5
        _ref_bytes(1, 1)
        + _ref_bytes(2, 1)
        + _ref_bytes(1, 1)
        + _ref_bytes(radix, 3)
        + _ref_bytes(10, 1)
        + _ref_bytes(u % 256, 1)
        + _ref_bytes(n, 4)
        + _ref_bytes(t, 4)
    )
    return u, v, b, d, p


def _ref_round_y(key: bytes, tweak: bytes, p: bytes, b: int, d: int, i: int, num: int) -> int:
    t = len(tweak)
    q = tweak + _ref_bytes(0, (-t - b - 1) % 16) + _ref_bytes(i, 1) + _ref_bytes(num, b)  # 6.i
    r = _ref_prf(key, p + q)  # 6.ii
    s = r  # 6.iii
    for j in range(1, -(-d // 16)):
        s += _ref_ciph(key, _ref_xor(r, _ref_bytes(j, 16)))
    s = s[:d]
    return _ref_num(s)  # 6.iv


def ref_encrypt(key: bytes, radix: int, tweak: bytes, x: list[int]) -> list[int]:
    """Algorithm 7: FF1.Encrypt(K, T, X), literally."""
    n = len(x)
    u, v, b, d, p = _ref_setup(radix, n, len(tweak))
    a_half, b_half = x[:u], x[u:]  # step 2
    for i in range(10):  # step 6
        y = _ref_round_y(key, tweak, p, b, d, i, _ref_num_radix(b_half, radix))
        m = u if i % 2 == 0 else v  # 6.v
        c = (_ref_num_radix(a_half, radix) + y) % radix**m  # 6.vi
        c_half = _ref_str_radix(c, radix, m)  # 6.vii
        a_half = b_half  # 6.viii
        b_half = c_half  # 6.ix
    return a_half + b_half  # step 7


def ref_decrypt(key: bytes, radix: int, tweak: bytes, x: list[int]) -> list[int]:
    """Algorithm 8: FF1.Decrypt(K, T, Y), literally."""
    n = len(x)
    u, v, b, d, p = _ref_setup(radix, n, len(tweak))
    a_half, b_half = x[:u], x[u:]
    for i in range(9, -1, -1):
        y = _ref_round_y(key, tweak, p, b, d, i, _ref_num_radix(a_half, radix))
        m = u if i % 2 == 0 else v
        c = (_ref_num_radix(b_half, radix) - y) % radix**m
        c_half = _ref_str_radix(c, radix, m)
        b_half = a_half
        a_half = c_half
    return a_half + b_half


def ref_encrypt_str(key: bytes, alphabet: str, tweak: bytes, text: str) -> str:
    index = {ch: j for j, ch in enumerate(alphabet)}
    out = ref_encrypt(key, len(alphabet), tweak, [index[ch] for ch in text])
    return "".join(alphabet[j] for j in out)


def ref_decrypt_str(key: bytes, alphabet: str, tweak: bytes, text: str) -> str:
    index = {ch: j for j, ch in enumerate(alphabet)}
    out = ref_decrypt(key, len(alphabet), tweak, [index[ch] for ch in text])
    return "".join(alphabet[j] for j in out)


# --------------------------------------------------------------------------------------------
# Alphabets: a pool of 65,536+ distinct non-surrogate characters starting with CJK ideographs.

_POOL = "".join(chr(c) for c in range(0x4E00, 0xD800)) + "".join(
    chr(c) for c in range(0x20000, 0x20000 + 65536 - (0xD800 - 0x4E00))
)
assert len(_POOL) == 65536 and len(set(_POOL)) == 65536
DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"


@st.composite
def ff1_cases(draw: st.DrawFn, max_extra: int = 40) -> tuple[bytes, FF1, str, str, bytes]:
    """(key, cipher, alphabet, plaintext, tweak) over a random radix and alphabet."""
    key = draw(st.sampled_from([16, 24, 32]).flatmap(lambda k: st.binary(min_size=k, max_size=k)))
    radix = draw(
        st.one_of(
            st.integers(2, 36),
            st.integers(37, 65536),
            st.sampled_from([2, 10, 16, 36, 255, 256, 999, 1000, 20902, 65535, 65536]),
        )
    )
    kind = draw(st.sampled_from(["default", "consecutive", "shuffled"]))
    if kind == "default" and radix <= 36:
        alphabet = DIGITS36[:radix]
        cipher = FF1(key, radix)
    else:
        start = draw(st.integers(0, 65536 - radix))
        alphabet = _POOL[start : start + radix]
        if kind == "shuffled":
            chars = list(alphabet)
            draw(st.randoms(use_true_random=False)).shuffle(chars)
            alphabet = "".join(chars)
        cipher = FF1(key, alphabet=alphabet)
    lo = min_length(radix)
    n = draw(st.integers(lo, lo + max_extra))
    numerals = draw(st.lists(st.integers(0, radix - 1), min_size=n, max_size=n))
    text = "".join(alphabet[j] for j in numerals)
    tweak = draw(st.binary(max_size=40))
    return key, cipher, alphabet, text, tweak


# --------------------------------------------------------------------------------------------
# NIST sample vectors


@pytest.mark.parametrize("key,radix,tweak,plaintext,ciphertext", NIST_SAMPLES, ids=SAMPLE_IDS)
def test_nist_sample_encrypt(
    key: bytes, radix: int, tweak: bytes, plaintext: str, ciphertext: str
) -> None:
    assert FF1(key, radix).encrypt(plaintext, tweak) == ciphertext


@pytest.mark.parametrize("key,radix,tweak,plaintext,ciphertext", NIST_SAMPLES, ids=SAMPLE_IDS)
def test_nist_sample_decrypt(
    key: bytes, radix: int, tweak: bytes, plaintext: str, ciphertext: str
) -> None:
    assert FF1(key, radix).decrypt(ciphertext, tweak) == plaintext


@pytest.mark.parametrize("key,radix,tweak,plaintext,ciphertext", NIST_SAMPLES, ids=SAMPLE_IDS)
def test_nist_sample_reference_implementation(
    key: bytes, radix: int, tweak: bytes, plaintext: str, ciphertext: str
) -> None:
    alphabet = DIGITS36[:radix]
    assert ref_encrypt_str(key, alphabet, tweak, plaintext) == ciphertext
    assert ref_decrypt_str(key, alphabet, tweak, ciphertext) == plaintext


def test_explicit_alphabet_matches_default() -> None:
    cipher = FF1(KEY_128, alphabet=DIGITS36)
    assert cipher.radix == 36
    assert cipher.encrypt(PT_36, TWEAK_11) == "a9tv40mll9kdu509eum"
    assert FF1(KEY_128, 10, alphabet="0123456789").encrypt(PT_10) == "2433477484"


# --------------------------------------------------------------------------------------------
# Agreement with the literal reference implementation


@HYPOTHESIS
@given(ff1_cases())
def test_matches_reference_on_random_inputs(case: tuple[bytes, FF1, str, str, bytes]) -> None:
    key, cipher, alphabet, text, tweak = case
    ciphertext = cipher.encrypt(text, tweak)
    assert ciphertext == ref_encrypt_str(key, alphabet, tweak, text)
    assert ref_decrypt_str(key, alphabet, tweak, ciphertext) == text


# Lengths and tweak sizes that move Q across block boundaries, make d > 16 (several S blocks),
# make the round-dependent tail of Q several blocks long (also past the CBC threshold), and
# push decimal input past the int()/str() fast path.
LAYOUT_EDGES = [
    (n, tlen)
    for n in (6, 7, 11, 29, 30, 31, 40, 64, 100, 161, 320, 1500)
    for tlen in (0, 1, 11, 12, 13, 15, 16, 17, 31, 33, 100)
    if n < 320 or tlen in (0, 17, 100)
]


@pytest.mark.parametrize("n,tlen", LAYOUT_EDGES)
def test_matches_reference_on_layout_edges(n: int, tlen: int) -> None:
    rng = random.Random(n * 1000 + tlen)
    key = rng.randbytes(rng.choice([16, 24, 32]))
    tweak = rng.randbytes(tlen)
    text = "".join(rng.choice("0123456789") for _ in range(n))
    cipher = FF1(key)
    ciphertext = cipher.encrypt(text, tweak)
    assert ciphertext == ref_encrypt_str(key, "0123456789", tweak, text)
    assert cipher.decrypt(ciphertext, tweak) == text


@pytest.mark.parametrize("radix", [2, 3, 36, 1000, 65536])
def test_matches_reference_long_other_radices(radix: int) -> None:
    rng = random.Random(radix)
    alphabet = DIGITS36[:radix] if radix <= 36 else _POOL[:radix]
    key = rng.randbytes(32)
    for n in (min_length(radix), 2 * min_length(radix) + 1, 150):
        tweak = rng.randbytes(rng.randrange(0, 90))
        text = "".join(rng.choice(alphabet) for _ in range(n))
        cipher = FF1(key, alphabet=alphabet)
        ciphertext = cipher.encrypt(text, tweak)
        assert ciphertext == ref_encrypt_str(key, alphabet, tweak, text)
        assert cipher.decrypt(ciphertext, tweak) == text


# --------------------------------------------------------------------------------------------
# Properties


@HYPOTHESIS
@given(ff1_cases(max_extra=200))
def test_round_trip_and_format(case: tuple[bytes, FF1, str, str, bytes]) -> None:
    _, cipher, alphabet, text, tweak = case
    ciphertext = cipher.encrypt(text, tweak)
    assert len(ciphertext) == len(text)
    assert set(ciphertext) <= set(alphabet)
    assert cipher.decrypt(ciphertext, tweak) == text
    # Decryption is a permutation too: encrypt inverts decrypt.
    assert cipher.encrypt(cipher.decrypt(text, tweak), tweak) == text


@HYPOTHESIS
@given(st.text("0123456789", min_size=6, max_size=40), st.binary(max_size=20))
def test_decimal_round_trip(text: str, tweak: bytes) -> None:
    cipher = FF1(KEY_256)
    ciphertext = cipher.encrypt(text, tweak)
    assert ciphertext.isascii() and ciphertext.isdigit() and len(ciphertext) == len(text)
    assert cipher.decrypt(ciphertext, tweak) == text


def test_tweak_and_key_change_output() -> None:
    cipher = FF1(KEY_128)
    base = cipher.encrypt("13800138000")
    assert cipher.encrypt("13800138000", b"phone") != base
    assert FF1(KEY_192).encrypt("13800138000") != base
    assert cipher.encrypt("13800138000", bytearray(b"phone")) == cipher.encrypt(
        "13800138000", b"phone"
    )


def test_maximum_length_round_trip() -> None:
    rng = random.Random(7)
    text = "".join(rng.choice("0123456789") for _ in range(MAX_LENGTH))
    cipher = FF1(KEY_128)
    assert cipher.decrypt(cipher.encrypt(text, b"t"), b"t") == text


def test_min_length() -> None:
    assert min_length(10) == 6
    assert min_length(36) == 4
    assert min_length(2) == 20
    assert min_length(999) == 3
    assert min_length(1000) == 2
    assert min_length(65536) == 2


# --------------------------------------------------------------------------------------------
# Errors: clear messages that never contain the input, the tweak or the key.

SECRET = "98765432109"


@pytest.mark.parametrize("size", [0, 8, 15, 17, 31, 33, 64])
def test_bad_key_length(size: int) -> None:
    with pytest.raises(ValueError, match="16, 24 or 32 bytes"):
        FF1(bytes(size))


def test_key_type() -> None:
    with pytest.raises(TypeError):
        FF1("2B7E151628AED2A6ABF7158809CF4F3C")  # type: ignore[arg-type]


@pytest.mark.parametrize("radix", [-1, 0, 1, 65537, 1 << 20])
def test_radix_out_of_range(radix: int) -> None:
    with pytest.raises(ValueError, match="radix must be between 2 and 65536"):
        FF1(KEY_128, radix)


def test_radix_above_36_needs_alphabet() -> None:
    with pytest.raises(ValueError, match="requires an explicit alphabet"):
        FF1(KEY_128, 37)
    assert FF1(KEY_128, 37, alphabet=_POOL[:37]).radix == 37


def test_alphabet_errors() -> None:
    with pytest.raises(ValueError, match="distinct"):
        FF1(KEY_128, alphabet="0123456788")
    with pytest.raises(ValueError, match="does not match the alphabet size"):
        FF1(KEY_128, 10, alphabet=DIGITS36)
    with pytest.raises(ValueError, match="between 2 and 65536 characters"):
        FF1(KEY_128, alphabet="0")
    with pytest.raises(ValueError, match="between 2 and 65536 characters"):
        FF1(KEY_128, alphabet=_POOL + "!")


def _assert_no_leak(err: pytest.ExceptionInfo[BaseException], *secrets: str) -> None:
    """Neither a secret nor its first five characters nor its repr appear in the message."""
    message = str(err.value)
    for secret in secrets:
        assert repr(secret) not in message
        if len(secret) >= 5:
            assert secret[:5] not in message


@pytest.mark.parametrize("method", ["encrypt", "decrypt"])
def test_too_short(method: str) -> None:
    with pytest.raises(ValueError, match="at least 6") as err:
        getattr(FF1(KEY_128), method)("98765")
    _assert_no_leak(err, "98765")
    with pytest.raises(ValueError, match="at least 2"):
        getattr(FF1(KEY_128, alphabet=_POOL[:1000]), method)(_POOL[5])


def test_too_long() -> None:
    with pytest.raises(ValueError, match="maximum"):
        FF1(KEY_128).encrypt("1" * (MAX_LENGTH + 1))
    with pytest.raises(ValueError, match="maximum"):
        FF1(KEY_128).encrypt("1" * 10_000_000)


def test_tweak_too_long() -> None:
    with pytest.raises(ValueError, match="tweak") as err:
        FF1(KEY_128).encrypt(SECRET, b"7" * (MAX_TWEAK_LENGTH + 1))
    _assert_no_leak(err, SECRET, "7777777")
    assert FF1(KEY_128).encrypt(SECRET, b"7" * MAX_TWEAK_LENGTH)


@pytest.mark.parametrize("method", ["encrypt", "decrypt"])
@pytest.mark.parametrize(
    "text,position",
    [
        ("98765x32109", 5),
        ("9876543210A", 10),
        (" 8765432109", 0),
        ("98765_32109", 5),
        ("-8765432109", 0),
        ("98765\u0663\u0664\u0665\u0666\u0667\u0668", 5),  # Arabic-Indic digits
        ("987654321\uff10\uff11", 9),  # full-width digits
    ],
)
def test_character_outside_alphabet(method: str, text: str, position: int) -> None:
    with pytest.raises(ValueError, match=f"position {position} ") as err:
        getattr(FF1(KEY_128), method)(text)
    _assert_no_leak(err, text, text[position])


def test_character_outside_alphabet_other_radices() -> None:
    # Upper case would be accepted by int(x, 36); the alphabet is lower case only.
    with pytest.raises(ValueError, match="position 3 ") as err:
        FF1(KEY_128, 36).encrypt("abcDefgh")
    _assert_no_leak(err, "abcDefgh", "D")
    with pytest.raises(ValueError, match="position 6 "):
        FF1(KEY_128, 16).encrypt("abcdefg0")
    cjk = FF1(KEY_128, alphabet=_POOL[:5000])
    with pytest.raises(ValueError, match="position 1 ") as err:
        cjk.decrypt(_POOL[0] + "A" + _POOL[1])
    _assert_no_leak(err, _POOL[0] + "A" + _POOL[1])


def test_argument_types() -> None:
    cipher = FF1(KEY_128)
    with pytest.raises(TypeError):
        cipher.encrypt(b"0123456789")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cipher.encrypt("0123456789", "tweak")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        FF1(KEY_128, "10")  # type: ignore[arg-type]


@pytest.mark.parametrize("key", [KEY_128, KEY_192, KEY_256])
def test_key_not_in_repr(key: bytes) -> None:
    cipher = FF1(key, 36)
    text = repr(cipher) + str(cipher)
    assert key.hex() not in text.lower()
    assert repr(key) not in text
    assert f"AES-{8 * len(key)}" in text and "36" in text


def test_import_is_light() -> None:
    code = (
        "import sys, piiguard.fpe\n"
        "heavy = [m for m in ('presidio_analyzer', 'presidio_anonymizer', 'spacy', 'jieba')"
        " if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_not_picklable_and_read_only() -> None:
    cipher = FF1(KEY_128)
    for clone in (pickle.dumps, copy.copy, copy.deepcopy):
        with pytest.raises(TypeError, match="cannot be pickled"):
            clone(cipher)
    with pytest.raises(AttributeError):
        cipher.radix = 36  # type: ignore[misc]


def test_shared_between_threads() -> None:
    cipher = FF1(KEY_256)
    rng = random.Random(3)
    values = [f"{rng.randrange(10**11):011d}" for _ in range(2000)]
    expected = [cipher.encrypt(v, b"t") for v in values]
    failures: list[str] = []

    def worker() -> None:
        try:
            if [cipher.encrypt(v, b"t") for v in values] != expected:
                failures.append("mismatch")
        except Exception as exc:  # pragma: no cover - reported below
            failures.append(type(exc).__name__)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
