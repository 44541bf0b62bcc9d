"""Keyed protection (piiguard.protect): fpe per entity, pseudonyms, surrogates, Presidio.

Every fpe test checks three things: the output is valid for its entity (the recognizers'
own validation where one exists), the written form is kept, and decryption gives back the
input exactly.  Keys are fixed, so every run sees the same outputs.
"""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from piiguard_recognizers.checksums import id18_checksum_ok, luhn_ok
from piiguard_recognizers.normalize import DIGIT_VALUES, is_spoken
from piiguard_recognizers.reference_data import (
    area_code_of,
    card_prefix_ok,
    mobile_prefix_ok,
    region_codes,
)

from piiguard import Policy, PolicyError, Redactor
from piiguard.fpe import FF1, min_length
from piiguard.keys import Keyring
from piiguard.protect import (
    Protection,
    RestoreError,
    _Permuter,
    _shape,
    canonical_value,
    domain_size,
)

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
HYPOTHESIS = settings(
    derandomize=True, max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.fixture(scope="module")
def ring() -> Keyring:
    return Keyring.in_memory({1: KEY})


@pytest.fixture(scope="module")
def prot(ring: Keyring) -> Protection:
    return Protection(ring)


def roundtrip(prot: Protection, entity: str, value: str, params=None) -> str:
    out, version, check, form = prot.encrypt(entity, value, params)
    assert len(out) == len(value)
    assert prot.decrypt(entity, out, params, key_version=version, key_check=check, form=form) == (
        value
    )
    return out


def digits_of(value: str, x: bool = False) -> str:
    out = []
    for c in value:
        if c in DIGIT_VALUES:
            out.append(DIGIT_VALUES[c])
        elif x and c in "Xx叉Ｘｘ":
            out.append("X")
    return "".join(out)


def skeleton(value: str) -> str:
    """The written form: each numeral replaced by its script class, the rest as it is."""
    out = []
    for c in value:
        if "0" <= c <= "9":
            out.append("d")
        elif "０" <= c <= "９":
            out.append("D")
        elif c in DIGIT_VALUES:
            out.append("S" if is_spoken(c) else "?")
        else:
            out.append(c)
    return "".join(out)


# -- FF1 integer API ---------------------------------------------------------------------


@pytest.mark.parametrize("radix,length", [(10, 11), (36, 5), (1000, 2), (1913, 3), (65536, 4)])
def test_encrypt_int_matches_string_api(radix: int, length: int) -> None:
    alphabet = None if radix <= 36 else "".join(chr(0x4E00 + i) for i in range(radix))
    strings = FF1(KEY, radix, alphabet=alphabet) if alphabet else FF1(KEY, radix)
    numbers = FF1.for_integers(KEY, radix)
    rng = random.Random(radix)
    for _ in range(20):
        x = rng.randrange(radix**length)
        digits = []
        y = x
        for _ in range(length):
            y, d = divmod(y, radix)
            digits.append(d)
        text = "".join(strings.alphabet[d] for d in reversed(digits))
        expected = 0
        for c in strings.encrypt(text, b"tw"):
            expected = expected * radix + strings.alphabet.index(c)
        assert numbers.encrypt_int(x, length, b"tw") == expected
        assert numbers.decrypt_int(expected, length, b"tw") == x


def test_integer_api_errors() -> None:
    ff1 = FF1.for_integers(KEY, 1000)
    with pytest.raises(ValueError, match="outside"):
        ff1.encrypt_int(10**6, 2)
    with pytest.raises(ValueError, match="too short"):
        ff1.encrypt_int(5, 1)
    with pytest.raises(ValueError, match="no alphabet"):
        ff1.encrypt("ab")
    with pytest.raises(TypeError):
        ff1.encrypt_int("12", 2)  # type: ignore[arg-type]


def test_shape_is_a_legal_ff1_domain_just_above_n() -> None:
    for n in (2, 999, 10**6, 10**6 + 1, 5_520_000_000, 193_290_300_000, 20902**7):
        radix, length = _shape(n)
        assert 2 <= radix <= 65536 and length >= min_length(radix)
        assert radix**length >= max(n, 10**6) > (radix - 1) ** length  # the smallest radix


def test_small_domain_table_is_a_permutation() -> None:
    perm = _Permuter(KEY, OTHER_KEY)
    for n in (2, 7, 1000, 70_000):
        out = [perm.permute(x, n, b"t", True) for x in range(min(n, 3000))]
        assert len(set(out)) == len(out) and all(0 <= y < n for y in out)
        assert [perm.permute(y, n, b"t", False) for y in out] == list(range(len(out)))
    assert perm.permute(5, 1000, b"t", True) != perm.permute(5, 1000, b"u", True) or (
        perm.permute(6, 1000, b"t", True) != perm.permute(6, 1000, b"u", True)
    )


# -- PHONE_NUMBER --------------------------------------------------------------------------

PHONES = [
    "13812345678",
    "138 1234 5678",
    "138-1234-5678",
    "１３８１２３４５６７８",
    "幺三八 幺二三四 五六七八",
    "一三八，幺二三四，五六七八",
    "幺三八幺二三四五六七八",
    "+86 138-1234-5678",
    "+8613812345678",
    "0086-13912345678",
    "86-13812345678",
    "加八六 幺三八幺二三四五六七八",
    "13412345678",  # 134x block (4-digit prefixes)
    "17401234567",
]


@pytest.mark.parametrize("value", PHONES)
def test_mobile_stays_a_mobile_in_its_written_form(prot: Protection, value: str) -> None:
    out = roundtrip(prot, "PHONE_NUMBER", value)
    assert out != value
    assert skeleton(out).replace("+", "") == skeleton(value).replace("+", "")
    national = digits_of(out)[-11:]
    assert national[0] == "1" and mobile_prefix_ok(national)
    # A country prefix stays as it was written.
    assert digits_of(out)[:-11] == digits_of(value)[:-11]


@pytest.mark.parametrize(
    "value,code",
    [
        ("010-62751234", "010"),
        ("(0755)8888 1234", "0755"),
        ("0755 88881234", "0755"),
        ("０２１－６２７５１２３４", "021"),
        ("+86 10 6275 1234", "10"),
        ("洞幺洞 六二七五幺二三四", "010"),
    ],
)
def test_landline_keeps_its_area_code(prot: Protection, value: str, code: str) -> None:
    out = roundtrip(prot, "PHONE_NUMBER", value)
    assert skeleton(out) == skeleton(value)
    digits = digits_of(out)
    national = digits[2:] if value.startswith("+86") else digits
    assert national.startswith(code)
    subscriber = national[len(code) :]
    assert subscriber[0] in "23456789" and 7 <= len(subscriber) <= 8
    if code.startswith("0"):
        assert area_code_of(national) == code


@pytest.mark.parametrize(
    "value", ["幺五八", "六七零三", "5679", "57859826", "+852-98014313", "0912 345 678", "123"]
)
def test_pieces_local_and_foreign_numbers_round_trip(prot: Protection, value: str) -> None:
    out = roundtrip(prot, "PHONE_NUMBER", value)
    assert skeleton(out) == skeleton(value)
    if value == "57859826":
        assert out[0] in "23456789"
    if value.startswith("+852"):
        assert out.startswith("+852-9")


def test_same_value_same_output_in_every_form(prot: Protection) -> None:
    plain = prot.encrypt("PHONE_NUMBER", "13812345678")[0]
    spoken = prot.encrypt("PHONE_NUMBER", "幺三八 幺二三四 五六七八")[0]
    assert digits_of(spoken) == plain
    assert Protection(Keyring.in_memory({1: KEY})).encrypt("PHONE_NUMBER", "13812345678")[0] == (
        plain
    )
    assert (
        Protection(Keyring.in_memory({1: OTHER_KEY})).encrypt("PHONE_NUMBER", "13812345678")[0]
        != plain
    )
    assert prot.encrypt("PHONE_NUMBER", "13812345678", {"tweak": "crm"})[0] != plain


def test_spoken_variants_are_sealed_not_shown(prot: Protection) -> None:
    # 一 and 幺 both mean 1: the output uses one variant only, the original comes back exactly.
    value = "一三八，幺二三四，五六七八"
    out, version, check, form = prot.encrypt("PHONE_NUMBER", value)
    assert "一" not in out and form is not None and "一" not in form
    assert prot.decrypt("PHONE_NUMBER", out, key_version=version, form=form) == value
    canonical = prot.decrypt("PHONE_NUMBER", out, key_version=version)
    assert digits_of(canonical) == digits_of(value)  # without the form: same digits
    with pytest.raises(RestoreError, match="sealed written form"):
        prot.decrypt("PHONE_NUMBER", out[:-1] + "零", key_version=version, form=form)


# -- CN_RESIDENT_ID ------------------------------------------------------------------------


def _valid_id18(value: str) -> bool:
    digits = digits_of(value, x=True)
    born = dt.date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
    return (
        len(digits) == 18
        and id18_checksum_ok(digits)
        and digits[:6] in region_codes()
        and dt.date(1900, 1, 1) <= born <= dt.date.today()
    )


IDS = [
    "11010519870312451X",
    "110105198703124519",
    "11010519870312451x",
    "110105 19870312 451X",
    "幺幺洞幺洞五 一九八七 洞三幺二 四五幺叉",
    "440301199001011234",
    "310115195506300028",
]


@pytest.mark.parametrize("value", IDS)
def test_resident_id_stays_valid(prot: Protection, value: str) -> None:
    out = roundtrip(prot, "CN_RESIDENT_ID", value)
    assert skeleton(out[:-1]) == skeleton(value[:-1])  # the check character may become X
    if id18_checksum_ok(digits_of(value, x=True).upper()):
        assert _valid_id18(out)
    else:
        # A broken check character stays broken (by the same offset): restore is exact.
        assert not id18_checksum_ok(digits_of(out, x=True))


def test_resident_id_options(prot: Protection) -> None:
    value = "11010519870312451X"
    keep_region = roundtrip(prot, "CN_RESIDENT_ID", value, {"keep_region": True})
    assert keep_region.startswith("110105") and _valid_id18(keep_region)
    keep_year = roundtrip(prot, "CN_RESIDENT_ID", value, {"keep_birth_year": True})
    assert keep_year[6:10] == "1987" and _valid_id18(keep_year)
    both = roundtrip(prot, "CN_RESIDENT_ID", value, {"keep_region": True, "keep_birth_year": True})
    assert both[:10] == "1101051987" and _valid_id18(both)
    assert len({keep_region, keep_year, both, prot.encrypt("CN_RESIDENT_ID", value)[0]}) == 4


def test_resident_id_legacy_and_pieces(prot: Protection) -> None:
    legacy = roundtrip(prot, "CN_RESIDENT_ID", "110105870312451")
    assert legacy[:6] in region_codes()
    assert dt.date(1900 + int(legacy[6:8]), int(legacy[8:10]), int(legacy[10:12]))
    for piece in ("三七零幺零二", "四五幺叉", "1234"):
        roundtrip(prot, "CN_RESIDENT_ID", piece)


@HYPOTHESIS
@given(st.integers(0, 7000), st.dates(dt.date(1900, 1, 1), dt.date(2019, 12, 31)))
def test_resident_id_property(prot: Protection, region_index: int, born: dt.date) -> None:
    region = sorted(region_codes())[region_index % len(region_codes())]
    body = f"{region}{born:%Y%m%d}{region_index % 1000:03d}"
    from piiguard_recognizers.checksums import id18_check_char

    value = body + id18_check_char(body)
    out = roundtrip(prot, "CN_RESIDENT_ID", value)
    assert _valid_id18(out)


# -- CN_BANK_CARD --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["6222021234567894", "6222 0212 3456 7894", "4111111111111111", "6228480402564890018"],
)
def test_bank_card_keeps_issuer_length_luhn(prot: Protection, value: str) -> None:
    out = roundtrip(prot, "CN_BANK_CARD", value)
    d_in, d_out = digits_of(value), digits_of(out)
    assert len(d_out) == len(d_in) and d_out[:6] == d_in[:6]
    assert luhn_ok(d_out) and card_prefix_ok(d_out)
    assert skeleton(out) == skeleton(value)


def test_bank_card_options_and_broken_luhn(prot: Protection) -> None:
    out = roundtrip(prot, "CN_BANK_CARD", "6222021234567894", {"keep_first": 4, "keep_last": 4})
    assert out[:4] == "6222" and out[-4:] == "7894" and luhn_ok(out)
    broken = roundtrip(prot, "CN_BANK_CARD", "6222021234567895")
    assert not luhn_ok(broken)


# -- PERSON ----------------------------------------------------------------------------


def test_person_keeps_surname_and_reads_as_a_name(prot: Protection) -> None:
    from piiguard.protect import _names

    common = _names().common.index
    for value, surname in (("王建国", "王"), ("欧阳娜娜", "欧阳"), ("李明", "李"), ("张伟", "张")):
        out = roundtrip(prot, "PERSON", value)
        assert out.startswith(surname) and out != value
        assert all(c in common for c in out[len(surname) :])
    assert roundtrip(prot, "PERSON", "王") == "王"  # surname only (王先生): kept


def test_person_encrypt_surname(prot: Protection) -> None:
    from piiguard.protect import _names

    names = _names()
    params = {"keep_surname": False}
    out = roundtrip(prot, "PERSON", "欧阳娜娜", params)
    assert out[:2] in names.compound.index
    out = roundtrip(prot, "PERSON", "王建国", params)
    assert out[0] in names.single.index and out[:2] not in names.compound.index
    assert roundtrip(prot, "PERSON", "王", params) in names.single.index


def test_person_parse_is_stable_for_every_single_surname(prot: Protection) -> None:
    # 司 + 马 would read back as the compound surname 司马: cycle walking prevents it.
    from piiguard.protect import _names

    names = _names()
    starts = {c[0] for c in names.compound.symbols}
    others = [s for s in names.single.symbols if s not in starts]
    for surname in sorted(starts & set(names.single.symbols)) + random.Random(3).sample(others, 30):
        for given_name in ("明", "马", "徒", "建国"):
            roundtrip(prot, "PERSON", surname + given_name)
            roundtrip(prot, "PERSON", surname + given_name, {"keep_surname": False})


@pytest.mark.parametrize(
    "value", ["耳东陈", "小明", "李二狗", "Zhang Wei", "阿卜杜·热合曼", "王𠇔"]
)
def test_person_odd_values_round_trip(prot: Protection, value: str) -> None:
    roundtrip(prot, "PERSON", value)


# -- EMAIL, PASSPORT, PLATE, others ---------------------------------------------------------


@pytest.mark.parametrize(
    "value,domain",
    [
        ("chen.jian88@163.com", "@163.com"),
        ("Wang_Fang-1990@QQ.com", "@QQ.com"),
        ("ｃｈｅｎ＠１６３．ｃｏｍ", "＠１６３．ｃｏｍ"),
        ("zhangwei 下划线 88 艾特 qq 点 com", " 艾特 qq 点 com"),
        ("wangfang 一九九零 at 一二六 点 com", " at 一二六 点 com"),
        ("a@qq.com", "@qq.com"),
    ],
)
def test_email_local_part_keeps_its_shape(prot: Protection, value: str, domain: str) -> None:
    out = roundtrip(prot, "EMAIL_ADDRESS", value)
    assert out.endswith(domain) and out != value
    local_in, local_out = value[: -len(domain)], out[: -len(domain)]
    for a, b in zip(local_in, local_out, strict=True):
        if a.isalpha() and a not in DIGIT_VALUES:
            assert b.isalpha() and a.islower() == b.islower() and a.isascii() == b.isascii()
        elif a in DIGIT_VALUES:
            assert b in DIGIT_VALUES
        else:
            assert a == b


@pytest.mark.parametrize(
    "value", ["E12345678", "EA1234567", "G12345678", "E 九零三二 七幺五八", "SE1234567"]
)
def test_passport_format(prot: Protection, value: str) -> None:
    from piiguard_recognizers import ChinesePassportRecognizer

    out = roundtrip(prot, "CN_PASSPORT", value)
    assert out[0] == value[0] and skeleton(out) == skeleton(value) or value.startswith("EA")
    if value[:2] != "SE":
        assert ChinesePassportRecognizer().find("护照号 " + out)


@pytest.mark.parametrize(
    "value", ["京A12345", "粤B·D12345", "沪AD12345", "湘A 三五七二九", "粤B12345学", "京a1234b"]
)
def test_plate_format(prot: Protection, value: str) -> None:
    from piiguard_recognizers import ChineseLicensePlateRecognizer

    out = roundtrip(prot, "CN_LICENSE_PLATE", value)
    found = ChineseLicensePlateRecognizer().find("车牌 " + out)
    assert found and found[0][1] - found[0][0] == len(out)
    kept = roundtrip(prot, "CN_LICENSE_PLATE", value, {"keep_region": True})
    assert kept[:2] == value[:2]


def test_unknown_entities_get_the_generic_scheme(prot: Protection) -> None:
    value = "北京市海淀区中关村大街27号院3号楼"
    out = roundtrip(prot, "CN_ADDRESS", value)
    assert out != value and skeleton(out).count("d") == 3


@HYPOTHESIS
@given(
    st.sampled_from(
        ["PHONE_NUMBER", "CN_RESIDENT_ID", "CN_BANK_CARD", "EMAIL_ADDRESS", "CN_PASSPORT"]
        + ["CN_LICENSE_PLATE", "PERSON", "CN_ADDRESS"]
    ),
    st.text(
        st.sampled_from(list("0123456789０１幺一洞零两拐叉Xx -+@.()·王李欧阳司马建国娜abcZ艾特点")),
        min_size=1,
        max_size=24,
    ),
)
def test_any_value_round_trips(prot: Protection, entity: str, value: str) -> None:
    roundtrip(prot, entity, value)


def test_domain_sizes() -> None:
    assert domain_size("PHONE_NUMBER", "13812345678") == 5_520_000_000
    assert domain_size("PHONE_NUMBER", "010-62751234") == 80_000_000
    assert domain_size("CN_BANK_CARD", "6222021234567894") == 10**9
    assert domain_size("PERSON", "王建国") == 10**6
    assert domain_size("PERSON", "王芳") == 1000
    assert domain_size("CN_PASSPORT", "E12345678") == 10**8
    assert domain_size("CN_RESIDENT_ID", "11010519870312451X", {"keep_region": True}) == (
        29_220 * 1000
    )


# -- pseudonyms and surrogates ------------------------------------------------------------


def test_pseudonym_is_stable_across_forms_and_jobs(prot: Protection, ring: Keyring) -> None:
    token = prot.pseudonym("PHONE_NUMBER", "13812345678")
    assert re.fullmatch(r"<PHONE_NUMBER_[0-9a-f]{8}>", token)
    for form in (
        "138 1234 5678",
        "幺三八幺二三四五六七八",
        "+86 138-1234-5678",
        "0086 13812345678",
    ):
        assert prot.pseudonym("PHONE_NUMBER", form) == token
    assert Protection(Keyring.in_memory({1: KEY})).pseudonym("PHONE_NUMBER", "13812345678") == (
        token
    )
    assert Protection(Keyring.in_memory({1: OTHER_KEY})).pseudonym(
        "PHONE_NUMBER", "13812345678"
    ) != (token)
    assert prot.pseudonym("CN_BANK_CARD", "13812345678") != token.replace(
        "PHONE_NUMBER", "CN_BANK_CARD"
    )
    long = prot.pseudonym("PERSON", "王建国", {"length": 16, "tag": "客户"})
    assert re.fullmatch(r"<客户_[0-9a-f]{16}>", long)
    assert prot.pseudonym("EMAIL_ADDRESS", "Chen@163.com") == prot.pseudonym(
        "EMAIL_ADDRESS", "chen 艾特 163 点 com"
    )


@pytest.mark.parametrize(
    "entity,value",
    [
        ("PHONE_NUMBER", "13812345678"),
        ("PHONE_NUMBER", "幺三八 幺二三四 五六七八"),
        ("PHONE_NUMBER", "010-62751234"),
        ("CN_RESIDENT_ID", "11010519870312451X"),
        ("CN_BANK_CARD", "6222 0212 3456 7894"),
        ("PERSON", "王建国"),
        ("PERSON", "王"),
        ("EMAIL_ADDRESS", "a@qq.com"),
        ("CN_PASSPORT", "E12345678"),
        ("CN_LICENSE_PLATE", "粤B·D12345"),
        ("CN_ADDRESS", "中关村大街27号"),
    ],
)
def test_surrogates_are_realistic_consistent_and_never_the_value(entity: str, value: str) -> None:
    job = Protection()
    fake = job.surrogate(entity, value)
    assert fake != value and job.surrogate(entity, value) == fake
    if entity == "PHONE_NUMBER" and value.startswith(("1", "幺")):
        assert mobile_prefix_ok(digits_of(fake))
    if entity == "CN_RESIDENT_ID":
        assert _valid_id18(fake)
    if entity == "CN_BANK_CARD":
        assert luhn_ok(digits_of(fake)) and digits_of(fake)[:6] == "622202"
    seeded = Protection(surrogate_seed=b"job-7")
    assert seeded.surrogate(entity, value) == Protection(surrogate_seed=b"job-7").surrogate(
        entity, value
    )


def test_surrogates_never_equal_over_many_values() -> None:
    job = Protection(surrogate_seed=b"s")
    rng = random.Random(1)
    for _ in range(300):
        value = f"13{rng.randrange(10**9):09d}"
        assert job.surrogate("PHONE_NUMBER", value) != value
    for surname in ("王", "李", "欧阳"):
        assert job.surrogate("PERSON", surname) != surname


def test_canonical_values() -> None:
    assert canonical_value("PHONE_NUMBER", "+86 138-1234-5678") == "13812345678"
    assert canonical_value("CN_RESIDENT_ID", "幺幺洞幺洞五 一九八七 洞三幺二 四五幺叉").endswith(
        "451X"
    )
    assert canonical_value("CN_LICENSE_PLATE", "粤b·d12345") == "粤BD12345"


# -- Redactor --------------------------------------------------------------------------

TEXT = "客户：手机幺三八幺二三四五六七八，身份证号11010519870312451X，卡号6222 0212 3456 7894"


def test_redactor_fpe_and_restore(ring: Keyring) -> None:
    redactor = Redactor(Policy.from_dict({"default": "fpe"}), keyring=ring)
    result = redactor.redact(TEXT)
    assert len(result.text) == len(TEXT) and result.text != TEXT
    assert [i.entity for i in result.reversible] == [i.entity for i in result.items]
    assert all(i.operator == "fpe" for i in result.items)
    assert all(i.key_version == 1 and i.key_check == ring.key(1).check for i in result.reversible)
    assert redactor.restore(result.text, result.reversible) == TEXT
    # The protected text is still recognized as the same entities, at the same places.
    again = Redactor().analyze(result.text)
    assert [(r.entity_type, r.start, r.end) for r in again] == [
        (i.entity, i.out_start, i.out_end) for i in result.items
    ]


def test_redactor_mixed_operators(ring: Keyring) -> None:
    policy = Policy.from_dict(
        {
            "entities": {
                "PHONE_NUMBER": "fpe",
                "CN_RESIDENT_ID": {"operator": "pseudonym", "length": 12},
                "CN_BANK_CARD": "surrogate",
            }
        }
    )
    result = Redactor(policy, keyring=ring).redact(TEXT)
    assert re.search(r"<CN_RESIDENT_ID_[0-9a-f]{12}>", result.text)
    assert [i.entity for i in result.reversible] == ["PHONE_NUMBER"]
    restored = Redactor(keyring=ring).restore(result.text, result.reversible)
    assert "幺三八幺二三四五六七八" in restored and "11010519870312451X" not in restored


def test_keyed_policy_without_keyring_fails_early() -> None:
    with pytest.raises(PolicyError, match="needs a keyring"):
        Redactor(Policy.from_dict({"entities": {"PHONE_NUMBER": "pseudonym"}}))
    Redactor(Policy.from_dict({"default": "surrogate"}))  # surrogates need no key


def test_default_policy_has_no_protection_and_no_reversible_items(redactor: Redactor) -> None:
    assert redactor._protection is None
    assert redactor.redact(TEXT).reversible == ()


def test_restore_with_the_wrong_key_fails_clearly(ring: Keyring) -> None:
    result = Redactor(Policy.from_dict({"default": "fpe"}), keyring=ring).redact(TEXT)
    with pytest.raises(RestoreError, match="not the key that protected"):
        Redactor(keyring=Keyring.in_memory({1: OTHER_KEY})).restore(result.text, result.reversible)
    with pytest.raises(RestoreError, match="needs the keyring"):
        Redactor().restore(result.text, result.reversible)
    with pytest.raises(RestoreError, match="not in this keyring"):
        Redactor(keyring=Keyring.in_memory({2: KEY})).restore(result.text, result.reversible)
    with pytest.raises(RestoreError, match="does not fit"):
        Redactor(keyring=ring).restore(result.text[:10], result.reversible)


def test_key_version_pin_and_rotation() -> None:
    ring = Keyring.in_memory({1: KEY, 2: OTHER_KEY})
    assert ring.active_version == 2
    pinned = Redactor(
        Policy.from_dict({"default": {"operator": "fpe", "key_version": 1}}), keyring=ring
    ).redact(TEXT)
    assert {i.key_version for i in pinned.reversible} == {1}
    current = Redactor(Policy.from_dict({"default": "fpe"}), keyring=ring).redact(TEXT)
    assert {i.key_version for i in current.reversible} == {2}
    assert pinned.text != current.text
    restorer = Redactor(keyring=ring)
    assert restorer.restore(pinned.text, pinned.reversible) == TEXT
    assert restorer.restore(current.text, current.reversible) == TEXT
    with pytest.raises(PolicyError, match="key_version 3"):
        Redactor(Policy.from_dict({"default": {"operator": "fpe", "key_version": 3}}), keyring=ring)


# -- policy syntax ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "body,key,hint",
    [
        (
            "entities:\n  PHONE_NUMBER: {operator: fpe, keep_region: true}\n",
            "PHONE_NUMBER",
            "keep_region",
        ),
        (
            "entities:\n  CN_RESIDENT_ID: {operator: fpe, keep_region: 1}\n",
            "keep_region",
            "true or false",
        ),
        ("entities:\n  CN_BANK_CARD: {operator: fpe, keep_first: 12}\n", "keep_first", "0 to 8"),
        ("entities:\n  PERSON: {operator: pseudonym, length: 2}\n", "length", "4 to 64"),
        ("entities:\n  PERSON: {operator: pseudonym, tag: '<x>'}\n", "tag", "<, >"),
        ("default: {operator: fpe, keep_surname: false}\n", "default", "entities.<ENTITY>"),
        ("default: {operator: fpe, key_version: 0}\n", "key_version", "integer"),
        ("default: hash\n", "default", "fpe, pseudonym, surrogate"),
    ],
)
def test_policy_errors_for_keyed_operators(tmp_path, body: str, key: str, hint: str) -> None:
    path = tmp_path / "keyed.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        Policy.from_file(path)
    message = str(info.value)
    assert message.startswith(str(path)) and key in message and hint in message


def test_policy_flags() -> None:
    policy = Policy.from_dict(
        {
            "entities": {
                "PHONE_NUMBER": "fpe",
                "PERSON": {"operator": "fpe", "keep_surname": False},
                "CN_BANK_CARD": "surrogate",
            }
        }
    )
    assert policy.needs_keyring and policy.reversible and policy.protects
    assert policy.keyed_entities() == {"PHONE_NUMBER": "fpe", "PERSON": "fpe"}
    assert Policy.from_dict(policy.to_dict()) == policy
    plain = Policy.default_policy()
    assert not (plain.needs_keyring or plain.reversible or plain.protects)


# -- Presidio --------------------------------------------------------------------------


def test_presidio_anonymize_and_deanonymize(ring: Keyring) -> None:
    from presidio_anonymizer import AnonymizerEngine, DeanonymizeEngine
    from presidio_anonymizer.entities import OperatorConfig, OperatorResult, RecognizerResult

    from piiguard.protect import PresidioFPE, PresidioFPEDecrypt, PresidioPseudonym

    text = "手机13812345678，身份证11010519870312451X"
    results = [
        RecognizerResult("PHONE_NUMBER", 2, 13, 0.9),
        RecognizerResult("CN_RESIDENT_ID", 17, 35, 0.9),
    ]
    engine = AnonymizerEngine()
    engine.add_anonymizer(PresidioFPE)
    engine.add_anonymizer(PresidioPseudonym)
    anonymized = engine.anonymize(
        text, results, {"DEFAULT": OperatorConfig("piiguard_fpe", {"keyring": ring})}
    )
    assert anonymized.text != text and len(anonymized.text) == len(text)
    expected = Redactor(Policy.from_dict({"default": "fpe"}), keyring=ring).redact(text).text
    assert anonymized.text == expected
    deanonymizer = DeanonymizeEngine()
    deanonymizer.add_deanonymizer(PresidioFPEDecrypt)
    entities = [OperatorResult(i.start, i.end, i.entity_type) for i in anonymized.items]
    restored = deanonymizer.deanonymize(
        anonymized.text,
        entities,
        {"DEFAULT": OperatorConfig("piiguard_fpe_decrypt", {"keyring": ring})},
    )
    assert restored.text == text
    tokens = engine.anonymize(
        text, results, {"DEFAULT": OperatorConfig("piiguard_pseudonym", {"keyring": ring})}
    )
    assert "<PHONE_NUMBER_" in tokens.text


def test_no_key_material_in_reprs(ring: Keyring) -> None:
    prot = Protection(ring)
    prot.encrypt("PHONE_NUMBER", "13812345678")
    shown = repr(prot) + repr(ring) + repr(ring.key()) + repr(prot._keys(1))
    for secret in (KEY.hex(), repr(KEY), KEY.hex().upper()):
        assert secret not in shown
    result = Redactor(Policy.from_dict({"default": "fpe"}), keyring=ring).redact(TEXT)
    assert KEY.hex() not in repr(result)
