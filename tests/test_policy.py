"""Policy (YAML, validation, operators, threshold, detect) and the operators themselves."""

from __future__ import annotations

import textwrap

import pytest
from piiguard_recognizers import ENTITIES
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from piiguard import Policy, PolicyError, Redactor
from piiguard.operators import ChineseMask, OperatorSpec, apply, mask, mask_positions

TEXT = "客户：手机13912345678，身份证号11010519870312451X，邮箱wang.fang2020@qq.com，车牌粤B·D12345"


def _yaml(tmp_path, body: str, name: str = "policy.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


# -- loading -----------------------------------------------------------------------------


def test_readme_policy_loads_and_applies(tmp_path):
    path = _yaml(
        tmp_path,
        """\
        threshold: 0.5
        default: mask
        entities:
          PHONE_NUMBER: mask                                   # 138****5678
          CN_RESIDENT_ID: {operator: mask, keep_first: 6, keep_last: 0}
          EMAIL_ADDRESS: {operator: replace, with: "<邮箱>"}
          CN_LICENSE_PLATE: keep
        """,
    )
    policy = Policy.from_file(path)
    assert policy.threshold == 0.5
    assert policy.operator_for("CN_PASSPORT") == OperatorSpec("mask")
    out = Redactor(policy=policy).redact(TEXT).text
    assert out == "客户：手机139****5678，身份证号110105************，邮箱<邮箱>，车牌粤B·D12345"


def test_empty_yaml_is_the_default_policy():
    assert Policy.from_yaml("", "empty.yaml") == Policy.default_policy()
    assert Policy.from_yaml("# only a comment\n", "c.yaml") == Policy()


def test_json_is_yaml(tmp_path):
    path = tmp_path / "policy.json"
    path.write_text('{"default": "replace", "entities": {"PHONE_NUMBER": "keep"}}', "utf-8")
    policy = Policy.from_file(path)
    assert policy.operator_for("PHONE_NUMBER").name == "keep"
    assert policy.operator_for("CN_BANK_CARD").name == "replace"


def test_round_trip_and_fingerprint():
    data = {
        "threshold": 0.4,
        "default": "redact",
        "entities": {
            "PHONE_NUMBER": {"operator": "mask", "keep_first": 3, "keep_last": 2, "char": "#"},
            "EMAIL_ADDRESS": {"operator": "replace", "with": "[mail]"},
        },
        "detect": ["PHONE_NUMBER", "EMAIL_ADDRESS"],
    }
    policy = Policy.from_dict(data)
    again = Policy.from_dict(policy.to_dict())
    assert again == policy
    assert again.fingerprint() == policy.fingerprint()
    assert len(policy.fingerprint()) == 64
    assert policy.fingerprint() != Policy().fingerprint()
    # key order in the source does not matter
    reordered = dict(reversed(list(data.items())))
    assert Policy.from_dict(reordered).fingerprint() == policy.fingerprint()


def test_fingerprint_is_stable_across_processes():
    assert Policy().fingerprint() == Policy.default_policy().fingerprint()


# -- errors name the source and the key ---------------------------------------------------


@pytest.mark.parametrize(
    ("body", "key", "hint"),
    [
        ("entities:\n  PHONE_NUMBR: mask\n", "entities", "PHONE_NUMBR"),
        ("entities:\n  PHONE_NUMBER: scramble\n", "entities.PHONE_NUMBER", "scramble"),
        (
            "entities:\n  PHONE_NUMBER: {operator: mask, keep_frist: 3}\n",
            "entities.PHONE_NUMBER",
            "keep_frist",
        ),
        (
            "entities:\n  EMAIL_ADDRESS: {operator: redact, with: x}\n",
            "entities.EMAIL_ADDRESS",
            "with",
        ),
        ("entities:\n  PHONE_NUMBER: {keep_first: 3}\n", "entities.PHONE_NUMBER", "operator"),
        ("entities:\n  PHONE_NUMBER: {operator: mask, keep_first: -1}\n", "keep_first", "integer"),
        ("entities:\n  PHONE_NUMBER: {operator: mask, keep_last: two}\n", "keep_last", "integer"),
        ("entities:\n  PHONE_NUMBER: {operator: mask, char: '**'}\n", "char", "single character"),
        ("entities:\n  PHONE_NUMBER: {operator: replace, with: 5}\n", "with", "string"),
        ("entities:\n  PHONE_NUMBER: [mask]\n", "entities.PHONE_NUMBER", "operator"),
        ("entities: [PHONE_NUMBER]\n", "entities", "map"),
        ("default: shred\n", "default", "shred"),
        ("threshold: 1.5\n", "threshold", "between 0 and 1"),
        ("threshold: high\n", "threshold", "number"),
        ("detect: PHONE_NUMBER\n", "detect", "list"),
        ("detect: [PHONE, EMAIL_ADDRESS]\n", "detect", "PHONE"),
        ("tresholds: 0.5\n", "tresholds", "unknown key"),
        ("- just\n- a list\n", "mapping", "top level"),
        ("entities: [PHONE_NUMBER\n", "line", "not valid YAML"),
    ],
)
def test_policy_errors_name_file_and_key(tmp_path, body, key, hint):
    path = tmp_path / "my-policy.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        Policy.from_file(path)
    message = str(info.value)
    assert message.startswith(str(path)), message
    assert key in message and hint in message


def test_policy_error_is_a_value_error():
    assert issubclass(PolicyError, ValueError)


def test_missing_and_undecodable_policy_files(tmp_path):
    with pytest.raises(PolicyError, match="not found"):
        Policy.from_file(tmp_path / "nope.yaml")
    bad = tmp_path / "gbk.yaml"
    bad.write_bytes("default: mask  # 掩码\n".encode("gbk"))
    with pytest.raises(PolicyError, match="UTF-8") as info:
        Policy.from_file(bad)
    assert str(bad) in str(info.value)


def test_from_yaml_names_its_source():
    with pytest.raises(PolicyError, match=r"^inline-source: "):
        Policy.from_yaml("default: nope", "inline-source")


def test_errors_never_quote_replacement_values(tmp_path):
    # a bad 'with' that happens to hold data must not be echoed back
    path = _yaml(tmp_path, "entities:\n  PHONE_NUMBER: {operator: replace, with: 13912345678}\n")
    with pytest.raises(PolicyError) as info:
        Policy.from_file(path)
    assert "13912345678" not in str(info.value)


@pytest.mark.parametrize(
    "body",
    ["entities:\n  PHONE_NUMBER: {operator: mask, keep_first: yes}\n", "threshold: true\n"],
)
def test_booleans_are_not_numbers(body):
    with pytest.raises(PolicyError):
        Policy.from_yaml(body, "bool.yaml")


# -- operators through the Redactor --------------------------------------------------------


def _redact(policy_dict, text=TEXT):
    return Redactor(policy=Policy.from_dict(policy_dict)).redact(text)


def test_replace_default_tag_and_custom_text():
    phone = {"operator": "replace", "with": "[电话]"}
    out = _redact({"default": "replace", "entities": {"PHONE_NUMBER": phone}}).text
    assert out == (
        "客户：手机[电话]，身份证号<CN_RESIDENT_ID>，邮箱<EMAIL_ADDRESS>，车牌<CN_LICENSE_PLATE>"
    )


def test_redact_removes_and_keep_keeps():
    result = _redact({"default": "keep", "entities": {"CN_RESIDENT_ID": "redact"}})
    assert result.text == (
        "客户：手机13912345678，身份证号，邮箱wang.fang2020@qq.com，车牌粤B·D12345"
    )
    assert [i.operator for i in result.items] == ["keep", "redact", "keep", "keep"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"keep_first": 0, "keep_last": 0}, "***********"),
        ({"keep_first": 3, "keep_last": 0}, "139********"),
        ({"keep_last": 4}, "*******5678"),
        ({"keep_first": 2, "keep_last": 2, "char": "#"}, "13#######78"),
        ({"char": "×"}, "139××××5678"),
        ({"keep_first": 6, "keep_last": 6}, "***********"),  # would reveal everything
    ],
)
def test_mask_params(params, expected):
    policy = {"entities": {"PHONE_NUMBER": {"operator": "mask", **params}}}
    assert _redact(policy, "手机13912345678").text == f"手机{expected}"


def test_threshold_filters_low_scores():
    text = "客户：E12345678，护照号G87654321"  # an un-cued E-number scores low
    low = _redact({"threshold": 0.0}, text)
    high = _redact({"threshold": 0.9}, text)
    assert len(low.items) == 2
    assert [text[i.start : i.end] for i in high.items] == ["G87654321"]
    assert all(i.score >= 0.9 for i in high.items)


def test_threshold_one_keeps_only_certain_findings():
    result = _redact({"threshold": 1.0}, "手机号13912345678，还有13812345678")
    assert all(i.score == 1.0 for i in result.items)


def test_detect_subset():
    result = _redact({"detect": ["EMAIL_ADDRESS", "CN_LICENSE_PLATE"]})
    assert [i.entity for i in result.items] == ["EMAIL_ADDRESS", "CN_LICENSE_PLATE"]
    assert "13912345678" in result.text and "11010519870312451X" in result.text
    assert Policy().with_detect(["PHONE_NUMBER"]).detect == ("PHONE_NUMBER",)
    with pytest.raises(PolicyError, match="unknown entity"):
        Policy().with_detect(["PERSONS"])


def test_detect_subset_does_not_change_what_is_found():
    # an ID number must not turn into a card or phone finding when IDs are not detected
    result = _redact({"detect": ["CN_BANK_CARD", "PHONE_NUMBER"]}, "身份证号11010519870312451X")
    assert result.items == ()


def test_default_policy_detects_every_entity():
    assert Policy().detect == ENTITIES
    assert Policy().threshold == 0.0
    assert Policy().operator_for("PHONE_NUMBER").name == "mask"


# -- operator functions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity", "value", "expected"),
    [
        ("PHONE_NUMBER", "13812345678", "138****5678"),
        ("PHONE_NUMBER", "138 1234 5678", "138 **** 5678"),
        ("PHONE_NUMBER", "幺三八幺二三四五六七八", "幺三八****五六七八"),
        ("PHONE_NUMBER", "+86 138 1234 5678", "+86 138 **** 5678"),
        ("PHONE_NUMBER", "0086-13812345678", "0086-138****5678"),
        ("PHONE_NUMBER", "010-62751234", "010-****1234"),
        ("PHONE_NUMBER", "（0755）8321 4567", "（0755）**** 4567"),
        ("PHONE_NUMBER", "一五八", "***"),  # a piece is masked whole
        ("CN_RESIDENT_ID", "11010519870312451X", "110105********451X"),
        ("CN_RESIDENT_ID", "110105870312451", "110105******451"),
        ("CN_BANK_CARD", "6222 0212 3456 7894", "6222 02** **** 7894"),
        ("CN_BANK_CARD", "6228480012345678903", "622848*********8903"),
        ("EMAIL_ADDRESS", "chen.jian88@163.com", "c**********@163.com"),
        ("CN_PASSPORT", "E12345678", "E******78"),
        ("CN_LICENSE_PLATE", "粤B·D12345", "粤B·*****5"),
        ("SOMETHING_ELSE", "abc123", "******"),
    ],
)
def test_default_masks(entity, value, expected):
    assert mask(entity, value) == expected
    assert len(mask(entity, value)) == len(value)


def test_mask_positions_never_reveals_a_whole_value():
    assert mask_positions("1234", 2, 2) == "****"
    assert mask_positions("12-34", 1, 1) == "1*-*4"
    assert mask_positions("", 1, 1) == ""


def test_apply_unknown_operator():
    with pytest.raises(ValueError, match="unknown operator"):
        apply(OperatorSpec("shred"), "PHONE_NUMBER", "13812345678")


def test_chinese_mask_presidio_operator():
    engine = AnonymizerEngine()
    engine.add_anonymizer(ChineseMask)
    text = "手机13812345678，卡号6222021234567894"
    results = [
        RecognizerResult("PHONE_NUMBER", 2, 13, 0.9),
        RecognizerResult("CN_BANK_CARD", text.index("6222"), len(text), 0.9),
    ]
    out = engine.anonymize(
        text,
        results,
        operators={
            "PHONE_NUMBER": OperatorConfig("cn_mask", {"entity_type": "PHONE_NUMBER"}),
            "CN_BANK_CARD": OperatorConfig("cn_mask", {"keep_first": 0, "keep_last": 4}),
        },
    )
    assert out.text == "手机138****5678，卡号************7894"


def test_chinese_mask_validates_params():
    with pytest.raises(ValueError, match="keep_first"):
        ChineseMask().validate({"keep_first": -1})
    assert ChineseMask().operator_name() == "cn_mask"


def test_empty_detect_is_refused():
    # An empty list would silently turn redaction off: a job would "succeed" and leak.
    with pytest.raises(PolicyError, match="'detect' is empty"):
        Policy.from_yaml("detect: []\n", "p.yaml")
