"""Column-aware redaction of tables (CSV, TSV, XLSX, Parquet, pandas).

Each column gets a *plan* before any row is redacted:

* ``entity``  -- the column holds one kind of personal data (a 手机 or ``phone`` column).
  Chosen by a header hint, by sampling values, or pinned by the policy.  Every cell is
  scanned; a non-empty cell in which the detector finds nothing is still protected whole
  with the column entity's operator (a bare name 王建国 in a 姓名 column has no frame that
  the detector could use).
* ``scan``    -- free text (备注, 通话内容) or anything else: every cell is scanned and only
  what is found changes.
* ``keep``    -- pinned by the policy: never touched.

Cells that do not change are written back byte for byte (CSV) or as the same value (XLSX,
Parquet), so a column without personal data comes out identical.

Column pins live in the policy file under ``columns`` (parsed here, not by
:class:`piiguard.policy.Policy`, which ignores tables)::

    columns:
      客户姓名: PERSON                                  # pin to an entity
      手机: {entity: PHONE_NUMBER, operator: {operator: mask, keep_first: 3, keep_last: 0}}
      备注: scan                                        # scan as free text
      订单号: keep                                      # never touched

pandas DataFrames go through :func:`plan_dataframe` then :func:`apply_plans`
(:func:`redact_dataframe` does both); :mod:`piiguard.spark` decides its plans with the same
:func:`plan_column` on the driver and redacts every cell with the same
:meth:`CellRedactor.cell` / :func:`redact_value`, which is why the two paths agree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from piiguard.operators import OperatorSpec, apply

#: Header hints, checked in order; the first that matches decides.
_HINTS_ZH: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("CN_RESIDENT_ID", ("身份证", "证件号码", "证件号", "身份号码")),
    ("CN_BANK_CARD", ("卡号", "银行卡", "账号", "银行账户")),
    ("CN_PASSPORT", ("护照",)),
    ("EMAIL_ADDRESS", ("邮箱", "电子邮件", "邮件地址")),
    ("PHONE_NUMBER", ("手机", "电话", "联系方式", "座机", "联系号码")),
    ("CN_ADDRESS", ("地址", "住址", "居住地")),
    ("CN_LICENSE_PLATE", ("车牌",)),
    ("PERSON", ("姓名", "客户名称", "客户名", "联系人", "名字", "持卡人", "户名")),
)
_HINTS_EN: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "CN_RESIDENT_ID",
        re.compile(r"\b(id ?card|id ?(no|number)|identity|national ?id|resident ?id|ssn)\b"),
    ),
    ("CN_BANK_CARD", re.compile(r"\b(card ?(no|num|number)?|bank ?card|account ?(no|number))\b")),
    ("CN_PASSPORT", re.compile(r"\bpassport\b")),
    ("EMAIL_ADDRESS", re.compile(r"\b(e ?mail|mail)\b")),
    ("PHONE_NUMBER", re.compile(r"\b(phone|mobile|tel|telephone|cell ?phone|contact)\b")),
    ("CN_ADDRESS", re.compile(r"\b(address|addr)\b")),
    ("CN_LICENSE_PLATE", re.compile(r"\b(plate|license ?plate)\b")),
    ("PERSON", re.compile(r"\b(name|full ?name|customer ?name|contact ?name|customer)\b")),
)
_NOT_PERSON = re.compile(r"\b(file|user|product|company|item|sheet|column|field|host)\b")
_FREE_TEXT = re.compile(
    r"备注|通话内容|内容|说明|描述|留言|摘要|文本|\b(notes?|remarks?|comments?|text|content|"
    r"transcript|summary|description|memo)\b"
)

#: How many non-empty values of each column are sampled to classify it.
SAMPLE_ROWS = 200
#: Share of sampled values that must be one entity for a column to be that entity's.
VOTE_SHARE = 0.6


class ColumnPinError(ValueError):
    """A ``columns`` section of a policy that cannot be used; names the key, never data."""


@dataclass(frozen=True)
class ColumnPin:
    """What the policy says about a column."""

    kind: str  # "entity", "scan" or "keep"
    entity: str | None = None
    spec: OperatorSpec | None = None


@dataclass(frozen=True)
class ColumnPlan:
    """How one column is redacted, and why (for the summary and the scan report)."""

    name: str
    kind: str  # "entity", "scan", "keep"
    entity: str | None = None
    spec: OperatorSpec | None = None
    reason: str = ""  # "pinned", "header", "values", "free text", "other"

    def describe(self) -> str:
        what = self.entity if self.kind == "entity" else self.kind
        return f"{what} ({self.reason})" if self.reason else str(what)


def header_hint(name: str) -> str | None:
    """The entity a column header suggests (姓名 -> PERSON, phone -> PHONE_NUMBER), or None."""
    text = str(name).strip()
    for entity, words in _HINTS_ZH:
        if any(w in text for w in words):
            return entity
    norm = re.sub(r"[_\-.\s]+", " ", re.sub(r"([a-z])([A-Z])", r"\1 \2", text)).lower()
    for entity, pattern in _HINTS_EN:
        if pattern.search(norm):
            if entity == "PERSON" and _NOT_PERSON.search(norm):
                continue
            return entity
    return None


def is_free_text_header(name: str) -> bool:
    norm = re.sub(r"[_\-.\s]+", " ", str(name)).lower()
    return _FREE_TEXT.search(norm) is not None


def parse_pins(data: Any, source: str = "policy") -> dict[str, ColumnPin]:
    """Parse a policy's ``columns`` section (see the module docstring)."""
    from piiguard_recognizers import ENTITIES

    from piiguard.policy import Policy, PolicyError

    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise ColumnPinError(f"{source}: 'columns' must map column names to pins")
    pins: dict[str, ColumnPin] = {}
    for column, raw in data.items():
        where = f"{source}: columns.{column}"
        if raw in ("scan", "keep"):
            pins[str(column)] = ColumnPin(raw)
            continue
        if isinstance(raw, str):
            entity, op = raw, None
        elif isinstance(raw, Mapping):
            unknown = set(raw) - {"entity", "operator"}
            if unknown:
                raise ColumnPinError(
                    f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))} "
                    "(allowed: entity, operator)"
                )
            entity, op = raw.get("entity"), raw.get("operator")
        else:
            raise ColumnPinError(f"{where}: expected scan, keep, an entity, or a mapping")
        if entity not in ENTITIES:
            raise ColumnPinError(
                f"{where}: unknown entity {entity!r}; expected scan, keep or one of "
                f"{', '.join(ENTITIES)}"
            )
        spec = None
        if op is not None:
            try:
                spec = Policy.from_dict({"entities": {entity: op}}, where).operator_for(entity)
            except PolicyError as exc:
                raise ColumnPinError(str(exc)) from None
            if spec.name == "fpe":
                raise ColumnPinError(f"{where}: fpe is not supported for table columns yet")
        pins[str(column)] = ColumnPin("entity", entity, spec)
    return pins


def load_policy(path: str | Path | None):
    """``(Policy, pins)`` from a policy file that may carry a ``columns`` section."""
    import yaml

    from piiguard.policy import Policy, PolicyError

    if path is None:
        return Policy.default_policy(), {}
    policy_path = Path(path)
    try:
        text = policy_path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return Policy.from_file(path), {}  # the policy's own, precise error message
    if isinstance(data, Mapping) and "columns" in data:
        rest = {k: v for k, v in data.items() if k != "columns"}
        policy = Policy.from_dict(rest, str(policy_path))
        try:
            return policy, parse_pins(data["columns"], str(policy_path))
        except ColumnPinError as exc:
            raise PolicyError(str(exc)) from None
    return Policy.from_file(path), {}


def _covering_entity(redactor, value: str) -> str | None:
    """The entity of a finding that covers most of ``value``, if any."""
    core = value.strip()
    if not core:
        return None
    for result in redactor.analyze(core):
        if (result.end - result.start) >= 0.8 * len(core):
            return result.entity_type
    return None


def classify(
    redactor,
    name: str,
    samples: Iterable[Any],
    pin: ColumnPin | None = None,
) -> ColumnPlan:
    """Decide how column ``name`` is redacted from its header, sampled values and pin."""
    if pin is not None:
        return ColumnPlan(str(name), pin.kind, pin.entity, pin.spec, "pinned")
    hint = header_hint(name)
    if hint is not None and hint in redactor.policy.detect:
        return ColumnPlan(str(name), "entity", hint, None, "header")
    values = [str(v) for v in samples if v is not None and str(v).strip()]
    values = values[:SAMPLE_ROWS]
    if values:
        votes = Counter(_covering_entity(redactor, v) for v in values)
        votes.pop(None, None)
        if votes:
            entity, count = votes.most_common(1)[0]
            if count >= VOTE_SHARE * len(values):
                return ColumnPlan(str(name), "entity", entity, None, "values")
    if is_free_text_header(name):
        return ColumnPlan(str(name), "scan", None, None, "free text")
    return ColumnPlan(str(name), "scan", None, None, "other")


def plan_columns(redactor, header: Sequence[Any], sample_rows: Sequence[Sequence[Any]], pins=None):
    """A :class:`ColumnPlan` for each column of a table."""
    pins = pins or {}
    plans = []
    for i, name in enumerate(header):
        column = [row[i] for row in sample_rows if i < len(row)]
        plans.append(classify(redactor, name, column, pins.get(str(name))))
    return plans


class CellRedactor:
    """Redacts cells under column plans; counts ``(entity, operator)`` pairs.

    Keyed operators (pseudonym, surrogate) use one :class:`piiguard.protect.Protection`
    built from the redactor's keyring when first needed (a column pin may ask for one that
    the policy itself never uses); ``fpe`` needs a manifest and is refused for tables.
    ``surrogate_seed`` fixes the surrogates, so that several CellRedactors -- one per Spark
    worker process -- give the same surrogate for the same value (default: random).
    """

    def __init__(self, redactor, *, surrogate_seed: bytes | None = None) -> None:
        self.redactor = redactor
        self.counts: Counter[tuple[str, str]] = Counter()
        self._surrogate_seed = surrogate_seed
        self._protection = None
        if redactor.policy.protects:
            self._protection = self._new_protection()

    def _new_protection(self):
        from piiguard.protect import Protection

        return Protection(self.redactor.keyring, surrogate_seed=self._surrogate_seed)

    def _apply(self, spec: OperatorSpec, entity: str, value: str) -> str:
        if spec.name in ("pseudonym", "surrogate") and self._protection is None:
            self._protection = self._new_protection()
        if spec.name == "pseudonym":
            return self._protection.pseudonym(entity, value, spec.params)
        if spec.name == "surrogate":
            return self._protection.surrogate(entity, value, spec.params)
        if spec.name == "fpe":
            raise ValueError("fpe is not supported for table columns yet")
        return apply(spec, entity, value)

    def cell(self, plan: ColumnPlan, value: str) -> str:
        """The redacted cell text (``value`` itself when nothing is found)."""
        if plan.kind == "keep" or not value or value.isspace():
            return value
        policy = self.redactor.policy
        findings = self.redactor.analyze(value)
        if not findings:
            if plan.kind != "entity":
                return value
            core = value.strip()
            lead = len(value) - len(value.lstrip())
            spec = plan.spec or policy.operator_for(plan.entity)
            self.counts[(plan.entity, spec.name)] += 1
            new = self._apply(spec, plan.entity, core)
            return value[:lead] + new + value[lead + len(core) :]
        parts = []
        cursor = 0
        for f in findings:
            entity = f.entity_type
            spec = policy.operator_for(entity)
            if plan.kind == "entity" and plan.spec is not None and entity == plan.entity:
                spec = plan.spec
            parts.append(value[cursor : f.start])
            parts.append(self._apply(spec, entity, value[f.start : f.end]))
            self.counts[(entity, spec.name)] += 1
            cursor = f.end
        parts.append(value[cursor:])
        return "".join(parts)


def check_table_policy(policy) -> None:
    """Refuse policies that tables cannot honour yet (fpe needs a manifest)."""
    from piiguard.policy import PolicyError

    if policy.reversible:
        raise PolicyError(
            "fpe (reversible) is not supported for CSV, TSV, XLSX, Parquet and ASR transcripts "
            "yet: no manifest could be written; use pseudonym, surrogate or mask for these"
        )


def _require_pandas():
    try:
        import pandas
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("redact_dataframe needs pandas: pip install 'piiguard[files]'") from None
    return pandas


def plan_column(
    redactor,
    name: Any,
    head: Iterable[Any],
    *,
    is_text: bool,
    is_int: bool,
    pin: ColumnPin | None = None,
) -> ColumnPlan | None:
    """The plan of one pandas or Spark column, or None when it is copied unchanged.

    ``head`` is the column's first non-null values (at most ``sample`` of them).  Only text
    and integer columns are planned; an integer column is redacted only when it holds one
    kind of personal data (a phone number stored as a number), since a scan of digits
    alone would find nothing that the entity plan would not.  This is the one decision
    that the pandas and the Spark paths share, so that they cannot disagree.
    """
    if not (is_text or is_int):
        return None
    plan = classify(redactor, name, (str(v) for v in head), pin)
    if is_int and not is_text and plan.kind != "entity":
        return None
    return plan


def redact_value(cells: CellRedactor, plan: ColumnPlan, value: Any) -> Any:
    """One redacted value of a planned column: nulls stay null, text is redacted.

    A non-text value (an integer) is redacted as its decimal digits and comes back as the
    same value when nothing changed, else as the redacted string.
    """
    if value is None or (isinstance(value, float) and value != value):
        return value
    if isinstance(value, str):
        return cells.cell(plan, value)
    pd = _require_pandas()
    if pd.isna(value):
        return value
    text = str(value)
    new = cells.cell(plan, text)
    return value if new == text else new


def _column_types(series) -> tuple[bool, bool]:
    """``(is_text, is_int)`` of a pandas Series."""
    pd = _require_pandas()
    is_text = pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)
    is_int = pd.api.types.is_integer_dtype(series) and not pd.api.types.is_bool_dtype(series)
    return is_text, is_int


def plan_dataframe(
    df,
    redactor,
    columns: Mapping[str, Any] | None = None,
    sample: int = SAMPLE_ROWS,
) -> dict[Any, ColumnPlan]:
    """The plan of every column of the pandas DataFrame ``df`` that will be redacted.

    Columns missing from the result are copied unchanged.  Each plan is decided from the
    column's header, its pin in ``columns`` and its first ``sample`` non-null values.
    """
    pins = parse_pins(columns, "columns") if columns else {}
    plans = {}
    for name in df.columns:
        series = df[name]
        is_text, is_int = _column_types(series)
        if not (is_text or is_int):
            continue
        head = series.dropna().head(sample)
        plan = plan_column(
            redactor, name, head, is_text=is_text, is_int=is_int, pin=pins.get(str(name))
        )
        if plan is not None:
            plans[name] = plan
    return plans


def apply_plans(df, plans: Mapping[Any, ColumnPlan], cells: CellRedactor):
    """A copy of ``df`` with every planned column redacted; ``df`` is not modified.

    A column in which nothing changed keeps its values and dtype.
    """
    pd = _require_pandas()
    out = df.copy()
    for name in df.columns:
        plan = plans.get(name)
        if plan is None:
            continue
        old = df[name].tolist()
        new_values = [redact_value(cells, plan, v) for v in old]
        changed = any(a is not b and a != b for a, b in zip(new_values, old, strict=False))
        if changed:
            out[name] = pd.Series(new_values, index=df[name].index, dtype=object)
    return out


def redact_dataframe(
    df,
    policy=None,
    *,
    redactor=None,
    columns: Mapping[str, Any] | None = None,
    keyring=None,
    sample: int = SAMPLE_ROWS,
    surrogate_seed: bytes | None = None,
):
    """A redacted copy of the pandas DataFrame ``df``; ``df`` is not modified.

    String (object) columns are planned and redacted cell by cell; integer columns that a
    header hint, a pin or sampling marks as personal data (a phone number stored as a
    number) become strings and are redacted too; every other column is copied unchanged.
    ``columns`` pins columns like the policy's ``columns`` section.  The plans chosen are
    in ``result.attrs["piiguard_columns"]``.  ``surrogate_seed`` fixes the surrogates
    (default: random per call).  :func:`piiguard.spark.redact_dataframe` gives the same
    values on a Spark DataFrame.
    """
    _require_pandas()
    from piiguard.redactor import Redactor

    if redactor is None:
        redactor = Redactor(policy=policy, keyring=keyring)
    check_table_policy(redactor.policy)
    plans = plan_dataframe(df, redactor, columns, sample)
    cells = CellRedactor(redactor, surrogate_seed=surrogate_seed)
    out = apply_plans(df, plans, cells)
    out.attrs["piiguard_columns"] = {str(name): plan.describe() for name, plan in plans.items()}
    out.attrs["piiguard_counts"] = {f"{e}:{o}": n for (e, o), n in cells.counts.items()}
    return out
