"""Redact Spark DataFrames: the pandas path's result, computed on a cluster.

``redact_dataframe(sdf, policy=..., keyring=..., columns=...)`` returns a Spark DataFrame
whose values equal those of :func:`piiguard.tables.redact_dataframe` on the same rows.
Three decisions make that hold, and make it fast:

* **Plans are decided once, on the driver.**  The pandas path decides how to treat each
  column (one entity, free text, untouched) from the column's first non-null values.  Were
  each Spark partition to decide from its own first rows, two partitions could disagree
  about the same column.  So the driver fetches the first ``sample`` non-null values of
  each column (in the DataFrame's order, as :meth:`DataFrame.take` returns them), decides
  every plan with the very function the pandas path uses
  (:func:`piiguard.tables.plan_column`), and ships the fixed plans to the executors.
* **One engine per Python worker process.**  Executors run ``mapInArrow`` over Arrow
  batches; the first batch a worker process sees builds the Redactor (recognizers, keyed
  operators) and keeps it in a module-level cache keyed by a fingerprint of the policy,
  the key check values and the surrogate seed.  Spark reuses Python workers
  (``spark.python.worker.reuse``, on by default), so later tasks of the job -- and later
  jobs with the same policy and keys -- find it built.
* **Keys travel inside the task closure only.**  When the policy uses a keyed operator
  (``pseudonym``), the driver unlocks the keyring and puts the data keys of the versions
  the policy uses -- no other version -- into the pickled function that Spark ships to
  the executors.  They never appear in the Spark conf, the executor environment, a column
  literal, the plan, ``explain()``, the UI or a log, and the objects that carry them show
  no key material in ``repr``.  Who can still read them (anyone who can run code in the
  application's executors, or read its unencrypted RPC) is spelled out in
  ``docs/spark.md``.

Cell values: a string column stays a string column; an integer column that the plan marks
as personal data (a phone number stored as a number) becomes a string column, every
value written as its redacted digits (the pandas path leaves the rare unchanged value an
int in an object column; here a column has one type); nulls stay null; every other column
(floats, dates, booleans, binary) is passed through untouched, and so are the values of a
string column in which nothing is found.  Nested columns (arrays, maps, structs) are
refused unless pinned ``keep``: they can hold personal data that would otherwise pass
through unseen.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterator, Mapping
from typing import Any

from piiguard.tables import (
    SAMPLE_ROWS,
    CellRedactor,
    ColumnPin,
    ColumnPlan,
    check_table_policy,
    parse_pins,
    plan_column,
    redact_value,
)

__all__ = ["UnsupportedColumnError", "plan_dataframe", "redact_dataframe"]

#: Engines kept per Python worker process (one per policy, key set and surrogate seed).
_MAX_ENGINES = 4
_ENGINES: OrderedDict[str, CellRedactor] = OrderedDict()
#: How many times each engine was built in this process (tests read it).
_BUILDS: Counter[str] = Counter()
_ENGINE_LOCK = threading.Lock()
#: Marker of the error raised in a worker when the reader flagged a malformed record.
MALFORMED_MARKER = "PIIGUARD_MALFORMED_RECORD"


class UnsupportedColumnError(ValueError):
    """A column the Spark path cannot redact safely (nested, or a repeated name).

    The message names the column and what to do, never a value.
    """


def _require_pyspark():
    try:
        import pyspark.sql.types as types
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("piiguard.spark needs pyspark: pip install 'piiguard[spark]'") from None
    return types


# -- what travels to the executors ----------------------------------------------------------


class _ShippedKeys:
    """The data keys a job needs, carried to the executors in the pickled task.

    This object pickles -- that is its purpose -- but never shows a key: ``repr`` lists the
    versions only.  On the executor it becomes an in-memory :class:`piiguard.keys.Keyring`.
    """

    __slots__ = ("_secrets", "_active", "checks")

    def __init__(self, keys: Mapping[int, bytes], active: int) -> None:
        from piiguard.keys import key_check_value

        self._secrets = {int(v): bytes(k) for v, k in keys.items()}
        self._active = active
        self.checks = tuple((v, key_check_value(k)) for v, k in sorted(self._secrets.items()))

    def keyring(self):
        from piiguard.keys import Keyring

        return Keyring.in_memory(self._secrets, active=self._active)

    def __getstate__(self) -> tuple[dict[int, bytes], int]:
        return self._secrets, self._active

    def __setstate__(self, state: tuple[dict[int, bytes], int]) -> None:
        from piiguard.keys import key_check_value

        self._secrets, self._active = state
        self.checks = tuple((v, key_check_value(k)) for v, k in sorted(self._secrets.items()))

    def __repr__(self) -> str:
        return f"_ShippedKeys(versions={[v for v, _ in self.checks]})"


class _Job:
    """Everything an executor needs: policy, fixed column plans, keys, surrogate seed.

    ``columns`` holds ``(index, plan, to_string)`` for each column that is redacted;
    ``drop`` is the index of a reader's corrupt-record column (checked, then dropped).
    """

    def __init__(
        self,
        policy,
        columns: tuple[tuple[int, ColumnPlan, bool], ...],
        keys: _ShippedKeys | None,
        surrogate_seed: bytes | None,
        large_strings: bool,
        drop: int | None = None,
    ) -> None:
        self.policy = policy
        self.columns = columns
        self.keys = keys
        self.surrogate_seed = surrogate_seed
        self.large_strings = large_strings
        self.drop = drop
        seed = hashlib.sha256(surrogate_seed).hexdigest() if surrogate_seed else None
        canonical = {
            "policy": policy.fingerprint(),
            "keys": [list(c) for c in keys.checks] if keys else [],
            "surrogate": seed,
        }
        text = json.dumps(canonical, sort_keys=True)
        #: identifies the engine; built from check values and hashes, never from keys
        self.fingerprint = hashlib.sha256(text.encode()).hexdigest()

    def __repr__(self) -> str:
        return f"_Job(fingerprint={self.fingerprint[:16]}, columns={len(self.columns)})"


def _engine(job: _Job) -> CellRedactor:
    """This process's engine for ``job``: built on first use, then reused."""
    with _ENGINE_LOCK:
        cells = _ENGINES.get(job.fingerprint)
        if cells is not None:
            _ENGINES.move_to_end(job.fingerprint)
            return cells
        from piiguard.redactor import Redactor

        keyring = job.keys.keyring() if job.keys is not None else None
        redactor = Redactor(policy=job.policy, keyring=keyring)
        cells = CellRedactor(redactor, surrogate_seed=job.surrogate_seed)
        _ENGINES[job.fingerprint] = cells
        _BUILDS[job.fingerprint] += 1
        while len(_ENGINES) > _MAX_ENGINES:
            _ENGINES.popitem(last=False)
        return cells


class _RedactBatches:
    """The function ``mapInArrow`` runs: Arrow batches in, redacted Arrow batches out."""

    def __init__(self, job: _Job) -> None:
        self.job = job
        # Spark names the UDF in plans and the UI after ``__name__``.
        self.__name__ = "piiguard_redact"

    def __repr__(self) -> str:
        return "piiguard_redact"

    def __call__(self, batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        cells = _engine(self.job)
        text_type = pa.large_string() if self.job.large_strings else pa.string()
        for batch in batches:
            yield _redact_batch(pa, text_type, cells, self.job, batch)


def _redact_batch(pa, text_type, cells: CellRedactor, job: _Job, batch):
    arrays = list(batch.columns)
    names = list(batch.schema.names)
    for index, plan, to_string in job.columns:
        column = arrays[index]
        values = column.to_pylist()
        if to_string:
            new = [None if v is None else str(redact_value(cells, plan, v)) for v in values]
            arrays[index] = pa.array(new, type=text_type)
        else:
            new = [None if v is None else cells.cell(plan, v) for v in values]
            if new != values:
                arrays[index] = pa.array(new, type=column.type)
    if job.drop is not None:
        if arrays[job.drop].null_count != len(arrays[job.drop]):
            # The message names no value: the record itself stays in the input file.
            raise ValueError(f"{MALFORMED_MARKER}: the reader flagged a malformed record")
        del arrays[job.drop]
        del names[job.drop]
    return pa.RecordBatch.from_arrays(arrays, names=names)


# -- the driver -----------------------------------------------------------------------------


def _col(name: str):
    from pyspark.sql import functions as F

    return F.col("`" + name.replace("`", "``") + "`")


def _kind(data_type) -> str | None:
    """ "text", "int", "nested" or None (passed through) for a Spark data type."""
    types = _require_pyspark()
    if isinstance(data_type, types.StringType):
        return "text"
    if isinstance(data_type, types.ByteType | types.ShortType | types.IntegerType | types.LongType):
        return "int"
    if isinstance(data_type, types.DecimalType) and data_type.scale == 0:
        return "int"  # a JSON number too long for a long (a bank card) is read as decimal
    nested = (types.ArrayType, types.MapType, types.StructType)
    variant = getattr(types, "VariantType", None)
    if isinstance(data_type, nested) or (variant is not None and isinstance(data_type, variant)):
        return "nested"
    return None


def _heads(sdf, names: list[str], sample: int) -> dict[str, list[Any]]:
    """The first ``sample`` non-null values of each column, in the DataFrame's order.

    Exactly what pandas' ``series.dropna().head(sample)`` sees.  The first ``sample`` rows
    usually suffice; while a column with nulls falls short, a few more rows are taken
    (4x, 16x), and a column still short after that (mostly nulls) gets a query of its own.
    """
    if not names or sample <= 0:
        return {name: [] for name in names}
    columns = [_col(n) for n in names]
    limit = sample
    while True:
        rows = sdf.select(*columns).limit(limit).collect()
        heads = {n: [row[i] for row in rows if row[i] is not None] for i, n in enumerate(names)}
        short = [n for n in names if len(heads[n]) < sample]
        if not short or len(rows) < limit:
            break
        if limit >= 16 * sample:
            for name in short:
                column = _col(name)
                found = sdf.select(column).where(column.isNotNull()).limit(sample).collect()
                heads[name] = [row[0] for row in found]
            break
        limit *= 4
    return {n: values[:sample] for n, values in heads.items()}


def _prepare(sdf, policy, keyring, pins: Mapping[str, ColumnPin], sample: int, skip=()):
    """(redactor, plans) for ``sdf``, decided on the driver; refuses what cannot be honoured."""
    from piiguard.redactor import Redactor

    redactor = Redactor(policy=policy, keyring=keyring)
    check_table_policy(redactor.policy)
    names = [f.name for f in sdf.schema.fields if f.name not in skip]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise UnsupportedColumnError(
            f"column name(s) {', '.join(map(repr, repeated))} occur more than once; rename "
            "them (the plans are per column name)"
        )
    kinds = {}
    for field in sdf.schema.fields:
        if field.name in skip:
            continue
        kind = _kind(field.dataType)
        pin = pins.get(field.name)
        if kind == "nested" and not (pin is not None and pin.kind == "keep"):
            raise UnsupportedColumnError(
                f"column {field.name!r} is nested ({field.dataType.simpleString()[:60]}): the "
                "Spark path redacts top-level string and integer columns only; select its "
                "fields as columns, or pin it keep in the policy's columns section if it holds "
                "no personal data"
            )
        if kind in ("text", "int"):
            kinds[field.name] = kind
    heads = _heads(sdf, list(kinds), sample)
    plans = {}
    for name, kind in kinds.items():
        plan = plan_column(
            redactor,
            name,
            heads[name],
            is_text=kind == "text",
            is_int=kind == "int",
            pin=pins.get(name),
        )
        if plan is not None:
            plans[name] = plan
    return redactor, plans


def _specs(policy, pins: Mapping[str, ColumnPin]) -> list:
    """Every operator the job may apply: the policy's, then the column pins'."""
    specs = [policy.operator_for(entity) for entity in policy.detect]
    specs += [pin.spec for pin in pins.values() if pin.spec is not None]
    return specs


def _ship_keys(policy, pins: Mapping[str, ColumnPin], keyring) -> _ShippedKeys | None:
    """The data keys of exactly the versions the job's keyed operators use, or None."""
    from piiguard.policy import PolicyError
    from piiguard.protect import KEYED_OPERATORS

    keyed = [s for s in _specs(policy, pins) if s.name in KEYED_OPERATORS]
    if not keyed:
        return None
    if keyring is None:
        raise PolicyError(
            f"{keyed[0].name!r} needs a keyring: pass keyring=Keyring.open(FILE) "
            "(command line: --keyring FILE)"
        )
    versions = sorted({s.params.get("key_version") or keyring.active_version for s in keyed})
    chosen = {}
    for version in versions:
        try:
            key = keyring.key(version)
        except ValueError as exc:
            raise PolicyError(f"key_version {version}: {exc}") from None
        # The raw key is needed on the executors; it leaves the driver only inside the
        # pickled task (see the module docstring and docs/spark.md).
        chosen[version] = key._secret
    active = keyring.active_version if keyring.active_version in chosen else versions[0]
    return _ShippedKeys(chosen, active)


def _large_strings(sdf) -> bool:
    try:
        value = sdf.sparkSession.conf.get("spark.sql.execution.arrow.useLargeVarTypes", "false")
    except Exception:  # noqa: BLE001 - an old or remote session without the option
        return False
    return str(value).lower() == "true"


def _pins(columns: Mapping[str, Any] | None) -> dict[str, ColumnPin]:
    return parse_pins(columns, "columns") if columns else {}


def _open_keyring(keyring):
    import os

    if isinstance(keyring, str | os.PathLike):
        from piiguard.keys import Keyring

        return Keyring.open(keyring)
    return keyring


def plan_dataframe(
    sdf,
    policy=None,
    *,
    keyring=None,
    columns: Mapping[str, Any] | None = None,
    sample: int = SAMPLE_ROWS,
) -> dict[str, ColumnPlan]:
    """The plan of each column of the Spark DataFrame ``sdf`` that will be redacted.

    Decided on the driver from the first ``sample`` non-null values of each column, as
    :func:`piiguard.tables.plan_dataframe` decides for pandas; columns missing from the
    result are passed through.  Pass the result to :func:`redact_dataframe` as ``plans``
    to redact a repartitioned or filtered DataFrame under the plans of the original.
    """
    _require_pyspark()
    _, plans = _prepare(sdf, policy, _open_keyring(keyring), _pins(columns), sample)
    return plans


def redact_dataframe(
    sdf,
    policy=None,
    *,
    keyring=None,
    columns: Mapping[str, Any] | None = None,
    sample: int = SAMPLE_ROWS,
    surrogate_seed: bytes | None = None,
    plans: Mapping[str, ColumnPlan] | None = None,
):
    """A redacted Spark DataFrame; lazy, like any transformation (``sdf`` is unchanged).

    Equals :func:`piiguard.tables.redact_dataframe` on the same rows (see the module
    docstring for column types).  ``policy``: a :class:`piiguard.policy.Policy` (default:
    mask everything); ``keyring``: a :class:`piiguard.keys.Keyring` or the path of a
    keyring file, needed by ``pseudonym``; ``columns``: pins as in a policy's ``columns``
    section; ``surrogate_seed``: fixes the surrogates (default: random per call, the same
    on every executor); ``plans``: column plans from :func:`plan_dataframe` (default:
    decided now, on the driver, from the first ``sample`` values of each column).

    Raises :class:`piiguard.policy.PolicyError` for a policy the job cannot honour (fpe,
    a keyed operator without a keyring) and :class:`UnsupportedColumnError` (a
    ``ValueError``) for a nested column that is not pinned ``keep``, before any executor
    starts.
    """
    _require_pyspark()
    return _redact(
        sdf,
        policy,
        _open_keyring(keyring),
        _pins(columns),
        sample=sample,
        surrogate_seed=surrogate_seed,
        plans=plans,
    )


def _redact(
    sdf,
    policy,
    keyring,
    pins: Mapping[str, ColumnPin],
    *,
    sample: int = SAMPLE_ROWS,
    surrogate_seed: bytes | None = None,
    plans: Mapping[str, ColumnPlan] | None = None,
    corrupt_column: str | None = None,
):
    """:func:`redact_dataframe` with parsed pins; ``corrupt_column`` is a reader's
    corrupt-record column: a job that meets a flagged record fails with
    :data:`MALFORMED_MARKER`, and the column is not in the result."""
    types = _require_pyspark()
    skip = (corrupt_column,) if corrupt_column else ()
    redactor, decided = _prepare(sdf, policy, keyring, pins, sample if plans is None else 0, skip)
    if plans is not None:
        decided = dict(plans)
    policy = redactor.policy
    fields = list(sdf.schema.fields)
    columns = []
    out_fields = []
    drop = None
    for index, field in enumerate(fields):
        if field.name == corrupt_column:
            drop = index
            continue
        plan = decided.get(field.name)
        kind = _kind(field.dataType)
        to_string = kind == "int"
        if plan is None or plan.kind == "keep" or kind not in ("text", "int"):
            out_fields.append(field)
            continue
        if to_string and plan.kind != "entity":  # as plan_column decides for integers
            out_fields.append(field)
            continue
        columns.append((index, plan, to_string))
        if to_string:
            field = types.StructField(field.name, types.StringType(), True, field.metadata)
        out_fields.append(field)
    if not columns and drop is None:
        return sdf
    uses_surrogate = any(s.name == "surrogate" for s in _specs(policy, pins))
    if uses_surrogate and surrogate_seed is None:
        surrogate_seed = secrets.token_bytes(32)
    job = _Job(
        policy,
        tuple(columns),
        _ship_keys(policy, pins, redactor.keyring),
        surrogate_seed if uses_surrogate else None,
        _large_strings(sdf),
        drop,
    )
    return sdf.mapInArrow(_RedactBatches(job), types.StructType(out_fields))


# -- an optional pyspark daemon that imports the stack before it forks workers -------------


def _preload() -> None:
    """Import and warm the detection stack (modules and reference tables, no engine).

    Run in the pyspark daemon (``spark.python.daemon.module=piiguard.spark``): every
    Python worker it forks then starts with the stack loaded, sharing its memory
    copy-on-write, instead of importing it again (~2 s per worker).  Never fatal.
    """
    try:
        from piiguard.redactor import Redactor

        Redactor().analyze("王先生的手机号是13812345678，住北京市朝阳区建国路88号，邮箱a@b.com")
    except Exception:  # noqa: BLE001 - the workers then import the stack themselves
        pass


if __name__ == "__main__":
    import piiguard.spark as _module

    _module._preload()
    from pyspark.daemon import manager

    manager()
