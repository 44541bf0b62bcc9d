"""Command line: ``piiguard spark`` -- redact CSV, JSON Lines or Parquet datasets on Spark.

::

    piiguard spark INPUT... -o OUTDIR [--format csv|jsonl|parquet] [--policy P] [--keyring K]
                   [--master local[*]] [--partitions N] [--force] [-q]

Each INPUT is a file or a directory of part files (one dataset, as Spark reads it).  With
one INPUT, OUTDIR is the redacted dataset (a directory of part files); with several,
OUTDIR holds one dataset per input, named after it.  The output is written in the input's
format.  Paths are resolved as Spark resolves them (``hdfs://``, ``s3a://``, ``dbfs:/``
or the cluster's default file system; plain paths in local mode).

The same module is a ``spark-submit`` application::

    spark-submit --master yarn "$(python -c 'import piiguard.spark_cli as m; print(m.__file__)')" \\
        hdfs:///exports/crm -o hdfs:///clean/crm --policy policy.yaml

Exit codes are those of :mod:`piiguard.cli`: 0 success, 1 bad input data, 2 usage or
configuration error, 3 input missing or output not writable, 130 interrupted.  Messages
name the file and what to do; they never quote the data, and never show key material.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from dataclasses import dataclass
from typing import Any

from piiguard.cli import EXIT_DATA, EXIT_INTERRUPTED, EXIT_IO, EXIT_OK, EXIT_USAGE, CliError

FORMATS = ("csv", "jsonl", "parquet")
_EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}
_EXTENSIONS[".parquet"] = "parquet"
_COMPRESSION = (".gz", ".bz2", ".snappy", ".zst", ".lz4", ".deflate", ".xz", ".zstd")
#: Reader options that make Spark's CSV reader follow RFC 4180 (quotes doubled, quoted
#: newlines inside a field), with the header as column names and every column a string.
_CSV_READ = {"header": "true", "multiLine": "true", "escape": '"', "quote": '"'}
#: Writer options: the header kept, UTF-8, RFC 4180 quoting, cell whitespace kept.
_CSV_WRITE = {
    "header": "true",
    "encoding": "UTF-8",
    "escape": '"',
    "quote": '"',
    "ignoreLeadingWhiteSpace": "false",
    "ignoreTrailingWhiteSpace": "false",
}
_CORRUPT = "__piiguard_corrupt_record"
_SAMPLE_CHECK = 200

_DESCRIPTION = (
    "Redact CSV, JSON Lines or Parquet datasets (files or directories of part files) on "
    "Apache Spark, column-aware as 'piiguard redact' does for tables. Column plans are "
    "decided once on the driver from the first rows; every executor applies them."
)
_EPILOG = """\
exit codes:
  0    success
  1    bad input data (malformed record, nested column, not UTF-8)
  2    usage or configuration error (bad arguments, bad policy, output exists,
       missing or wrong key)
  3    input missing, output directory not writable
  130  interrupted

examples:
  piiguard spark exports/crm -o clean/crm
  piiguard spark calls.jsonl crm.parquet -o clean/ --policy policy.yaml --keyring keys.json
  piiguard spark big.csv -o clean/big --partitions 64 --master local[8]
  spark-submit --master yarn piiguard/spark_cli.py hdfs:///in -o hdfs:///out
"""


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="files or directories (one dataset each)"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUTDIR",
        required=True,
        help="output dataset directory (one input) or directory of datasets (several)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="input format, also the output's (default: by extension of the files)",
    )
    parser.add_argument("--policy", metavar="FILE", help="YAML policy (entities, column pins)")
    parser.add_argument(
        "--keyring",
        metavar="FILE",
        help="keyring for the pseudonym operator (read on the driver; the master key comes "
        "from $PIIGUARD_MASTER_KEY or the passphrase from $PIIGUARD_PASSPHRASE)",
    )
    parser.add_argument(
        "--master",
        metavar="URL",
        default=None,
        help="Spark master (default: local[*], or what spark-submit configured)",
    )
    parser.add_argument(
        "--partitions",
        type=int,
        metavar="N",
        default=None,
        help="repartition each input into N partitions before redacting (row order is "
        "then not kept); default: as read",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing OUTDIR")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")


def register(subparsers: Any) -> None:
    """Add the ``spark`` command to ``piiguard``'s subparsers."""
    parser = subparsers.add_parser(
        "spark",
        help="redact CSV, JSON Lines or Parquet datasets on Apache Spark",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_arguments(parser)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="piiguard spark",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_arguments(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m piiguard.spark_cli`` and of ``spark-submit spark_cli.py``."""
    return run(_parser().parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """Run ``piiguard spark`` with parsed arguments; returns the exit code."""
    import warnings

    # pyspark >= 4 warns about pandas >= 3 on each Arrow job; this command uses Arrow only.
    warnings.filterwarnings(
        "ignore", "PySpark does not yet fully support pandas", category=FutureWarning
    )
    try:
        return _run(args)
    except CliError as exc:
        print(f"piiguard: error: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("piiguard: interrupted; no partial output was kept", file=sys.stderr)
        return EXIT_INTERRUPTED


# -- file systems ---------------------------------------------------------------------------


class _FileSystem:
    """Hadoop's FileSystem API through the driver's JVM: the paths Spark itself reads.

    A plain path means what it means to Spark (the cluster's default file system, or the
    local one in local mode), so the checks here and Spark's readers never disagree.
    """

    def __init__(self, spark) -> None:
        self._jvm = spark.sparkContext._jvm
        self._conf = spark.sparkContext._jsc.hadoopConfiguration()

    def _path(self, path: str):
        return self._jvm.org.apache.hadoop.fs.Path(path)

    def _fs(self, path: str):
        return self._path(path).getFileSystem(self._conf)

    def qualify(self, path: str) -> str:
        return str(self._fs(path).makeQualified(self._path(path)).toString())

    def exists(self, path: str) -> bool:
        return bool(self._fs(path).exists(self._path(path)))

    def is_dir(self, path: str) -> bool:
        return bool(self._fs(path).getFileStatus(self._path(path)).isDirectory())

    def file_names(self, path: str, limit: int = 1000) -> list[str]:
        """Names of the data files under a directory, partition subdirectories included.

        Spark skips files and directories whose names start with ``_`` or ``.``; so does
        this.  At most ``limit`` names: enough to tell the format.
        """
        root = self._fs(path).makeQualified(self._path(path))
        names: list[str] = []
        pending = [root]
        while pending and len(names) < limit:
            for status in self._fs(path).listStatus(pending.pop()):
                name = str(status.getPath().getName())
                if name.startswith(("_", ".")):
                    continue
                if status.isDirectory():
                    pending.append(status.getPath())
                elif len(names) < limit:
                    names.append(name)
        return sorted(names)

    def parent(self, path: str) -> str:
        return str(self._path(path).getParent().toString())

    def name(self, path: str) -> str:
        return str(self._path(path).getName())

    def child(self, parent: str, name: str) -> str:
        return str(self._jvm.org.apache.hadoop.fs.Path(self._path(parent), name).toString())

    def rename(self, source: str, target: str) -> bool:
        return bool(self._fs(source).rename(self._path(source), self._path(target)))

    def delete(self, path: str) -> None:
        self._fs(path).delete(self._path(path), True)


# -- the job --------------------------------------------------------------------------------


@dataclass
class _Input:
    path: str  # qualified
    label: str  # as the user wrote it
    fmt: str
    target: str  # where its dataset goes inside the temporary output


def _format_of_name(name: str) -> str | None:
    lower = name.lower()
    for suffix in _COMPRESSION:
        if lower.endswith(suffix):
            lower = lower[: -len(suffix)]
            break
    for ext, fmt in _EXTENSIONS.items():
        if lower.endswith(ext):
            return fmt
    return None


def _detect_format(fs: _FileSystem, path: str, label: str, forced: str | None) -> str:
    if fs.is_dir(path):
        names = fs.file_names(path)
        if not names:
            raise CliError(f"{label}: no data files in this directory", EXIT_USAGE)
    else:
        names = [fs.name(path)]
    if forced:
        return forced
    found = {_format_of_name(n) for n in names}
    if len(found) != 1 or None in found:
        what = "mixed or unknown file types" if len(names) > 1 else "unknown file type"
        raise CliError(
            f"{label}: {what}; name the format with --format csv, jsonl or parquet",
            EXIT_USAGE,
        )
    return found.pop()


def _plan_inputs(fs: _FileSystem, args: argparse.Namespace, output: str) -> list[_Input]:
    inputs = []
    for label in args.inputs:
        path = fs.qualify(label)
        if not fs.exists(path):
            raise CliError(f"{label}: input not found", EXIT_IO)
        fmt = _detect_format(fs, path, label, args.format)
        inputs.append(_Input(path, label, fmt, ""))
    for item in inputs:
        for a, b in ((output, item.path), (item.path, output)):
            if a == b or a.startswith(b.rstrip("/") + "/"):
                raise CliError(
                    f"{args.output}: the output overlaps the input {item.label}; choose another -o",
                    EXIT_USAGE,
                )
    if len(inputs) > 1:
        names = [fs.name(item.path) for item in inputs]
        if len(set(names)) != len(names):
            raise CliError(
                "two inputs have the same name; redact them separately or rename one",
                EXIT_USAGE,
            )
        for item, name in zip(inputs, names, strict=True):
            item.target = name
    return inputs


def _session(master: str | None):
    """(session, created): the running session, or a new one for ``master``."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    if SparkContext._active_spark_context is not None:
        return SparkSession.builder.getOrCreate(), False
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # spark-submit started us
    if master is None and not submitted:
        master = "local[*]"
    if master and master.startswith("local") and "PYSPARK_PYTHON" not in os.environ:
        # Local workers must run this interpreter: it is the one that has piiguard.
        os.environ["PYSPARK_PYTHON"] = sys.executable
    builder = SparkSession.builder.appName("piiguard spark")
    if master:
        builder = builder.master(master)
    builder = builder.config("spark.ui.showConsoleProgress", "false")
    return builder.getOrCreate(), True


def _error_class(exc: BaseException) -> str:
    """A data-free name for a Spark error (its class or condition), never its message."""
    for getter in ("getCondition", "getErrorClass"):
        method = getattr(exc, getter, None)
        if callable(method):
            try:
                value = method()
            except Exception:  # noqa: BLE001 - best effort only
                value = None
            if value:
                return str(value)
    return type(exc).__name__


def _read(spark, item: _Input):
    """The input as a DataFrame, and the name of its corrupt-record column (or None)."""
    from pyspark.sql import types as T

    reader = spark.read
    if item.fmt == "parquet":
        return reader.parquet(item.path), None
    if item.fmt == "jsonl":
        df = reader.options(mode="PERMISSIVE", columnNameOfCorruptRecord=_CORRUPT).json(item.path)
        if _CORRUPT in df.columns:
            raise CliError(
                f"{item.label}: some lines are not JSON objects; fix them (piiguard redact "
                "--on-error quarantine sets them aside), then run again",
                EXIT_DATA,
            )
        return df, None
    header = reader.options(**_CSV_READ).csv(item.path).schema
    if not header.fields:
        raise CliError(f"{item.label}: no header row (empty CSV?)", EXIT_DATA)
    schema = T.StructType([*header.fields, T.StructField(_CORRUPT, T.StringType(), True)])
    df = (
        reader.options(**_CSV_READ, mode="PERMISSIVE", columnNameOfCorruptRecord=_CORRUPT)
        .schema(schema)
        .csv(item.path)
    )
    return df, _CORRUPT


def _check_text(df, item: _Input, skip: tuple[str, ...]) -> None:
    """Refuse input that was not UTF-8: Spark replaces bad bytes with U+FFFD silently."""
    from pyspark.sql import types as T

    from piiguard.spark import _col

    fields = df.schema.fields
    names = [f.name for f in fields if isinstance(f.dataType, T.StringType) and f.name not in skip]
    if not names:
        return
    for row in df.select(*[_col(n) for n in names]).limit(_SAMPLE_CHECK).collect():
        if any(isinstance(v, str) and "\ufffd" in v for v in row):
            raise CliError(
                f"{item.label}: not UTF-8 text; convert it first (e.g. iconv -f GB18030 -t "
                "UTF-8), or redact it with piiguard redact, which detects GBK and GB18030",
                EXIT_DATA,
            )


def _write(df, fmt: str, path: str) -> None:
    writer = df.write.mode("errorifexists")
    if fmt == "csv":
        writer.options(**_CSV_WRITE).csv(path)
    elif fmt == "jsonl":
        writer.option("encoding", "UTF-8").json(path)
    else:
        writer.parquet(path)


def _describe(plans, df) -> str:
    from piiguard.spark import _kind

    kinds = {f.name: _kind(f.dataType) for f in df.schema.fields}
    parts = []
    for name, plan in plans.items():
        note = ", integer -> string" if kinds.get(name) == "int" and plan.kind == "entity" else ""
        parts.append(f"{name}: {plan.describe()}{note}")
    return "; ".join(parts) or "no column to redact"


def _redact_input(spark, item: _Input, target: str, job: dict[str, Any]) -> str:
    """Read, plan, redact and write one input; returns the summary of its plans.

    Spark's own error messages are never shown: a parser's can quote a record.  The
    error's class names the problem; the Spark log has the details.
    """
    from piiguard import spark as pspark
    from piiguard.policy import PolicyError

    try:
        df, corrupt = _read(spark, item)
        skip = (corrupt,) if corrupt else ()
        if item.fmt != "parquet":
            _check_text(df, item, skip)
        redactor, plans = pspark._prepare(
            df, job["policy"], job["keyring"], job["pins"], pspark.SAMPLE_ROWS, skip
        )
        if job["partitions"]:
            df = df.repartition(job["partitions"])
        out = pspark._redact(
            df,
            redactor.policy,
            job["keyring"],
            job["pins"],
            plans=plans,
            corrupt_column=corrupt,
            surrogate_seed=job["surrogate_seed"],
        )
        _write(out, item.fmt, target)
    except CliError:
        raise
    except PolicyError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    except pspark.UnsupportedColumnError as exc:
        raise CliError(f"{item.label}: {exc}", EXIT_DATA) from None
    except Exception as exc:
        if pspark.MALFORMED_MARKER in str(exc):
            raise CliError(
                f"{item.label}: a record does not have the header's number of fields "
                "(RFC 4180 CSV expected: quotes doubled, newlines only inside quotes); fix it "
                "(piiguard redact --on-error quarantine sets such rows aside), then run again",
                EXIT_DATA,
            ) from None
        raise CliError(
            f"{item.label}: Spark could not read or redact it as {item.fmt} "
            f"({_error_class(exc)}); see the Spark log",
            EXIT_DATA,
        ) from None
    return _describe(plans, df)


def _load(args: argparse.Namespace):
    """(policy, pins, keyring), checked before Spark starts."""
    from piiguard.cli import _open_keyring
    from piiguard.policy import PolicyError
    from piiguard.tables import load_policy

    try:
        policy, pins = load_policy(args.policy)
    except PolicyError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    keyed = policy.keyed_entities()
    pinned = [p for p in pins.values() if p.spec is not None and p.spec.name == "pseudonym"]
    if (keyed or pinned) and not args.keyring:
        raise CliError(
            f"{args.policy}: pseudonym needs a keyring: pass --keyring FILE (create one "
            "with: piiguard keys create FILE)",
            EXIT_USAGE,
        )
    if policy.reversible:
        raise CliError(
            f"{args.policy}: fpe (reversible) is not supported for tables yet: no manifest "
            "could be written; use pseudonym, surrogate or mask",
            EXIT_USAGE,
        )
    keyring = _open_keyring(args.keyring) if args.keyring else None
    return policy, pins, keyring


def _run(args: argparse.Namespace) -> int:
    if args.partitions is not None and args.partitions < 1:
        raise CliError("--partitions must be at least 1", EXIT_USAGE)
    policy, pins, keyring = _load(args)
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise CliError(
            "piiguard spark needs pyspark: pip install 'piiguard[spark]'", EXIT_USAGE
        ) from None
    spark, created = _session(args.master)
    try:
        job = {"policy": policy, "pins": pins, "keyring": keyring, "partitions": args.partitions}
        return _run_in(spark, args, job)
    finally:
        if created:
            spark.stop()


def _run_in(spark, args: argparse.Namespace, job: dict[str, Any]) -> int:
    fs = _FileSystem(spark)
    output = fs.qualify(args.output)
    inputs = _plan_inputs(fs, args, output)
    if fs.exists(output) and not args.force:
        raise CliError(f"{args.output}: output exists; use --force to replace it", EXIT_USAGE)
    parent = fs.parent(output)
    if not fs.exists(parent):
        raise CliError(f"{args.output}: parent directory does not exist", EXIT_IO)
    # One seed for every input of the job: the same value gets the same surrogate.
    job["surrogate_seed"] = secrets.token_bytes(32)
    temp = fs.child(parent, f".{fs.name(output)}.piiguard-partial-{secrets.token_hex(6)}")
    try:
        summaries = []
        for item in inputs:
            target = fs.child(temp, item.target) if item.target else temp
            summaries.append((item, _redact_input(spark, item, target, job)))
        _publish(fs, temp, output, args)
    except BaseException:
        if fs.exists(temp):
            fs.delete(temp)
        raise
    if not args.quiet:
        for item, summary in summaries:
            print(f"{item.label}: {summary}", file=sys.stderr)
        print(f"piiguard: wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def _publish(fs: _FileSystem, temp: str, output: str, args) -> None:
    """Rename the finished temporary output into place (replacing OUTDIR with --force)."""
    old = None
    if fs.exists(output):
        if not args.force:  # appeared while the job ran
            raise CliError(f"{args.output}: output exists; use --force to replace it", EXIT_USAGE)
        old = fs.child(fs.parent(output), f".{fs.name(output)}.piiguard-old-{secrets.token_hex(6)}")
        if not fs.rename(output, old):
            raise CliError(f"{args.output}: cannot move the old output aside", EXIT_IO)
    if not fs.rename(temp, output):
        if old is not None:
            fs.rename(old, output)
        raise CliError(f"{args.output}: cannot rename the finished output into place", EXIT_IO)
    if old is not None:
        fs.delete(old)


if __name__ == "__main__":
    sys.exit(main())
