"""Command line: ``piiguard redact``, ``restore`` and ``keys``.

Exit codes (also in ``piiguard --help``):

===  ==============================================================================
0    success
1    bad input data (a line that is not JSON, bytes that are not in the encoding);
     nothing is written for that file
2    usage or configuration error (bad arguments, bad policy file, output exists,
     missing or wrong key)
3    I/O error (input missing or unreadable, output not writable)
130  interrupted
===  ==============================================================================

Messages name the file, the line and what to do; they never quote the data, and never
show key material.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import IO

from piiguard._version import __version__

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_IO, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

_EPILOG = """\
exit codes:
  0    success
  1    bad input data (e.g. a line that is not JSON, bytes not in the encoding)
  2    usage or configuration error (bad arguments, bad policy, output exists,
       missing or wrong key)
  3    I/O error (input missing or unreadable, output not writable)
  130  interrupted
"""

#: Plain text is redacted in blocks of whole lines; the tail of the previous block is
#: passed as context so that a number read out across two lines is still recognized.
_BLOCK_CHARS = 1 << 16
_CONTEXT_CHARS = 200


class CliError(Exception):
    """An error reported to the user as one line, with an exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="piiguard",
        description="Find and de-identify personal data in Chinese call-center text, offline.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"piiguard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    redact = sub.add_parser(
        "redact",
        help="redact text, JSON (Lines), ASR transcripts, CSV/TSV, XLSX, Parquet (or stdin)",
        description=(
            "Redact personal data (names, addresses, phone, resident ID, bank card, e-mail, "
            "passport, plate) in plain text, JSON Lines, JSON, ASR transcript JSON, CSV/TSV, "
            "XLSX or Parquet files, or whole directories. Writes to stdout unless -o is given."
        ),
        epilog=_EPILOG + "\nexamples:\n"
        "  piiguard redact examples/call_transcript.txt\n"
        "  piiguard redact calls.jsonl --field text -o calls.redacted.jsonl\n"
        "  piiguard redact exports/ -o redacted/ --workers 2 --audit-log audit.jsonl\n"
        "  cat note.txt | piiguard redact - --policy policy.yaml\n"
        "  zcat crm.csv.gz | piiguard redact --format csv - -o crm.redacted.csv\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    redact.add_argument("inputs", nargs="+", metavar="INPUT", help="files to redact; - for stdin")
    redact.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="output file (one input) or directory (several inputs); default: stdout",
    )
    redact.add_argument("--policy", metavar="FILE", help="YAML policy (default: mask everything)")
    redact.add_argument(
        "--format",
        choices=("auto", "text", "jsonl", "json", "asr", "csv", "tsv", "xlsx", "parquet"),
        default="auto",
        help="input format (default: by extension: .jsonl/.ndjson, .json (asr when it has "
        "timed segments), .csv, .tsv, .xlsx, .parquet, else text)",
    )
    redact.add_argument(
        "--field",
        action="append",
        metavar="PATH",
        help="JSON field to redact, dotted with [*] for arrays (e.g. segments[*].text); "
        "repeatable; default: every string field",
    )
    redact.add_argument(
        "--encoding",
        default=None,
        help="input encoding (default: utf-8 with BOM accepted; CSV/TSV: detected among "
        "utf-8, utf-8 with BOM, gbk and gb18030)",
    )
    redact.add_argument(
        "--keyring",
        metavar="FILE",
        help="keyring for the fpe and pseudonym operators (see piiguard keys); the master "
        "key comes from $PIIGUARD_MASTER_KEY or the passphrase from $PIIGUARD_PASSPHRASE",
    )
    redact.add_argument(
        "--manifest",
        metavar="FILE",
        help="where to write the manifest of reversible (fpe) values; default: "
        "OUTPUT.manifest.json next to each output file",
    )
    redact.add_argument(
        "--no-manifest",
        action="store_true",
        help="write no manifest (piiguard restore needs one to undo fpe)",
    )
    redact.add_argument("--force", action="store_true", help="overwrite existing output files")
    redact.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    redact.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="worker processes for JSON Lines, CSV and TSV (output order is kept)",
    )
    redact.add_argument(
        "--on-error",
        choices=("stop", "quarantine"),
        default="stop",
        help="malformed record: stop with exit 1 (default), or move it to "
        "OUTPUT.quarantine.EXT and go on",
    )
    redact.add_argument(
        "--resume",
        action="store_true",
        help="go on with an interrupted job; finished outputs are kept",
    )
    redact.add_argument(
        "--audit-log", metavar="FILE", help="append audit records (JSON Lines, hash-chained)"
    )
    redact.add_argument(
        "--no-progress", action="store_true", help="no progress bar even on a terminal"
    )

    scan = sub.add_parser(
        "scan",
        help="report where the personal data is: per file, column or field",
        description=(
            "Count personal data per entity in each file, column or field, with rates, "
            "masked examples and a sensitivity class (PIPL sensitive personal information). "
            "Nothing is modified."
        ),
        epilog=_EPILOG + "\nexamples:\n"
        "  piiguard scan crm.csv\n"
        "  piiguard scan exports/ --report html -o report.html\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scan.add_argument("inputs", nargs="+", metavar="INPUT", help="files or directories")
    scan.add_argument(
        "--report", choices=("table", "json", "html"), default="table", help="report format"
    )
    scan.add_argument("-o", "--output", metavar="OUT", help="write the report here")
    scan.add_argument("--force", action="store_true", help="overwrite an existing report")
    scan.add_argument("--policy", metavar="FILE", help="YAML policy (entities, column pins)")
    scan.add_argument("--format", default="auto", help="input format (default: by extension)")
    scan.add_argument("--encoding", default=None, help="input encoding (default: detected)")
    scan.add_argument("--limit", type=int, metavar="ROWS", help="scan only the first ROWS rows")

    audit = sub.add_parser(
        "audit",
        help="verify an audit log's hash chain",
        description="Check that no record of an audit log was edited, removed or reordered.",
    )
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION")
    verify = audit_sub.add_parser("verify", help="verify every record and the chain")
    verify.add_argument("file", metavar="FILE")

    restore = sub.add_parser(
        "restore",
        help="restore the fpe-protected values of a redacted file (needs the keyring)",
        description=(
            "Decrypt the values a redaction protected with fpe, exactly as they were, using "
            "the manifest written beside the redacted file and the keyring that protected "
            "them. Masks, pseudonyms and surrogates are one-way and stay. Nothing is written "
            "unless every value can be restored."
        ),
        epilog=_EPILOG + "\nexamples:\n"
        "  piiguard restore calls.redacted.txt --keyring keys.json -o calls.txt\n"
        "  piiguard restore out.jsonl --keyring keys.json --manifest out.jsonl.manifest.json\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    restore.add_argument("input", metavar="INPUT", help="a redacted file; - for stdin")
    restore.add_argument("--keyring", metavar="FILE", required=True, help="the keyring file")
    restore.add_argument(
        "--manifest", metavar="FILE", help="the manifest (default: INPUT.manifest.json)"
    )
    restore.add_argument("-o", "--output", metavar="OUT", help="output file; default: stdout")
    restore.add_argument("--force", action="store_true", help="overwrite an existing output")
    restore.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")

    from piiguard import spark_cli  # pyspark itself is imported only when the command runs

    spark_cli.register(sub)
    keys = sub.add_parser(
        "keys",
        help="create, rotate and list the keys of a keyring file",
        description=(
            "A keyring file holds versioned data keys wrapped by a master key: a 256-bit key "
            "from $PIIGUARD_MASTER_KEY (e.g. openssl rand -base64 32), or a passphrase "
            "($PIIGUARD_PASSPHRASE, or typed when asked). Key files are written with mode "
            "0600; files that group or others can access are refused. Key material is "
            "never printed."
        ),
        epilog=_EPILOG + "\nexamples:\n"
        "  export PIIGUARD_MASTER_KEY=$(openssl rand -base64 32)\n"
        "  piiguard keys create keys.json\n"
        "  piiguard keys rotate keys.json\n"
        "  piiguard keys list keys.json\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    keys_sub = keys.add_subparsers(dest="keys_command", metavar="ACTION")
    create = keys_sub.add_parser("create", help="create a keyring file with key version 1")
    create.add_argument("file", metavar="FILE")
    create.add_argument(
        "--passphrase",
        action="store_true",
        help="protect the keyring with a passphrase (scrypt) instead of a master key",
    )
    create.add_argument(
        "--master-env",
        metavar="VAR",
        default="PIIGUARD_MASTER_KEY",
        help="environment variable holding the master key (default: PIIGUARD_MASTER_KEY)",
    )
    rotate = keys_sub.add_parser(
        "rotate", help="add a key version and make it active (old versions stay for restore)"
    )
    rotate.add_argument("file", metavar="FILE")
    listing = keys_sub.add_parser("list", help="list key versions (no key material)")
    listing.add_argument("file", metavar="FILE")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``piiguard`` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "restore":
            return _restore(args)
        if args.command == "keys":
            if args.keys_command is None:
                parser.parse_args(["keys", "--help"])
            return _keys(args)
        if args.command == "scan":
            return _scan(args)
        if args.command == "spark":
            from piiguard import spark_cli

            return spark_cli.run(args)
        if args.command == "audit":
            if args.audit_command is None:
                parser.parse_args(["audit", "--help"])
            return _audit(args)
        if _needs_batch(args):
            return _redact_batch(args)
        return _redact(args)
    except CliError as exc:
        print(f"piiguard: error: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("piiguard: interrupted; no partial output was kept", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


# -- redact --------------------------------------------------------------------------


def _policy_and_paths(args: argparse.Namespace):
    """The policy (with its column pins) and the field paths, checked before any input is read.

    A keyed operator without ``--keyring`` is refused here, so a job never starts that could
    not finish.
    """
    from piiguard.fields import FieldPathError, parse_path
    from piiguard.policy import PolicyError
    from piiguard.tables import load_policy

    try:
        policy, pins = load_policy(args.policy)
    except PolicyError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    keyed = policy.keyed_entities()
    if keyed and not args.keyring:
        entity, name = next(iter(keyed.items()))
        raise CliError(
            f"{args.policy or 'the policy'}: {entity} uses {name!r}, which needs a keyring: "
            "pass --keyring FILE (create one with: piiguard keys create FILE)",
            EXIT_USAGE,
        )
    try:
        paths = [parse_path(p) for p in args.field] if args.field else None
    except FieldPathError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    return policy, pins, paths


def _redact(args: argparse.Namespace) -> int:
    from piiguard.policy import PolicyError
    from piiguard.redactor import Redactor

    policy, _pins, paths = _policy_and_paths(args)
    args.encoding = args.encoding or "utf-8"
    try:
        "".encode(args.encoding)
    except LookupError:
        raise CliError(f"unknown encoding {args.encoding!r}", EXIT_USAGE) from None

    targets = _plan_outputs(args.inputs, args.output, args.force)
    manifests = _plan_manifests(args, policy, targets)
    keyring = _open_keyring(args.keyring) if args.keyring else None
    try:
        redactor = Redactor(policy=policy, keyring=keyring)
    except PolicyError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    total: Counter[str] = Counter()
    for (source, target), manifest in zip(targets, manifests, strict=True):
        fmt = args.format if args.format != "auto" else _format_of(source)
        collector = _Collector() if manifest is not None else None
        counts = _redact_one(
            redactor, source, target, fmt, paths, args.encoding, collector, manifest
        )
        total.update(counts)
        if not args.quiet and target is not None:
            print(f"piiguard: {_label(source)} -> {target}: {_summary(counts)}", file=sys.stderr)
        if not args.quiet and collector is not None:
            print(
                f"piiguard: manifest {manifest}: {collector.count} reversible value(s), "
                f"key version {keyring.active_version if keyring is not None else '-'}",
                file=sys.stderr,
            )
    if not args.quiet and policy.reversible and not args.no_manifest and None in manifests:
        print(
            "piiguard: note: no manifest was written for output to stdout; pass --manifest "
            "FILE to be able to restore the fpe values",
            file=sys.stderr,
        )
    if not args.quiet and len(targets) > 1:
        print(f"piiguard: {len(targets)} inputs: {_summary(total)}", file=sys.stderr)
    return EXIT_OK


def _label(source: str) -> str:
    return "<stdin>" if source == "-" else source


# -- files and batch jobs --------------------------------------------------------------------


def _needs_batch(args: argparse.Namespace) -> bool:
    """Tables, ASR, directories and batch options go through :mod:`piiguard.batch`."""
    from piiguard.formats import format_of

    if args.workers != 1 or args.on_error != "stop" or args.resume or args.audit_log:
        return True
    if args.format in ("asr", "csv", "tsv", "xlsx", "parquet"):
        return True
    for source in args.inputs:
        if source != "-" and Path(source).is_dir():
            return True
        if args.format == "auto" and source != "-" and format_of(source) not in (
            "text", "json", "jsonl"
        ):
            return True
    return False


def _redact_batch(args: argparse.Namespace) -> int:
    import time

    from piiguard import batch
    from piiguard.formats import format_of
    from piiguard.policy import PolicyError
    from piiguard.redactor import Redactor

    started = time.monotonic()
    if args.workers < 1:
        raise CliError("--workers must be at least 1", EXIT_USAGE)
    if args.encoding:
        try:
            "".encode(args.encoding)
        except LookupError:
            raise CliError(f"unknown encoding {args.encoding!r}", EXIT_USAGE) from None
    policy, pins, paths = _policy_and_paths(args)
    try:
        targets = batch.plan(args.inputs, args.output, args.force, args.resume)
    except batch.BatchError as exc:
        raise CliError(str(exc), exc.code) from None
    formats = [args.format if args.format != "auto" else format_of(s) for s, _ in targets]
    if policy.reversible and not args.no_manifest:
        raise CliError(
            "fpe (reversible) with --workers, --on-error, --resume, --audit-log, directories "
            "or CSV/TSV/XLSX/Parquet/ASR needs a manifest that this mode cannot write yet: "
            "redact text/JSON/JSON Lines files one by one without these options, or use "
            "pseudonym or mask",
            EXIT_USAGE,
        )
    keyring = _open_keyring(args.keyring) if args.keyring else None
    try:
        redactor = Redactor(policy=policy, keyring=keyring)
    except PolicyError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    opts = batch.Options(
        fmt=args.format,
        encoding=args.encoding,
        paths=paths,
        workers=args.workers,
        on_error=args.on_error,
        resume=args.resume,
        force=args.force,
        progress=sys.stderr.isatty() and not args.quiet and not args.no_progress,
        pins=pins,
    )
    log = None
    if args.audit_log:
        from piiguard.audit import AuditLog

        log = AuditLog(args.audit_log)

    def legacy(source, target, fmt):
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
        return _redact_one(redactor, source, target, fmt, paths, args.encoding or "utf-8")

    results = []
    status, code = "ok", EXIT_OK
    try:
        for (source, target), fmt in zip(targets, formats, strict=True):
            if target is not None:
                partial, checkpoint, _ = batch.sidecars(target)
                if args.resume and target.exists() and not checkpoint.exists():
                    if not args.quiet:
                        print(f"piiguard: {source}: already done ({target})", file=sys.stderr)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
            try:
                result = batch.run_file(redactor, source, target, fmt, opts, legacy)
            except batch.BatchError as exc:
                raise CliError(str(exc), exc.code) from None
            results.append(result)
            if log is not None:
                _audit_file(log, redactor, keyring, result)
            if not args.quiet:
                _print_result(result)
    except CliError as exc:
        status, code = "error", exc.code
        raise
    except KeyboardInterrupt:
        status, code = "interrupted", EXIT_INTERRUPTED
        print(
            "piiguard: interrupted; finished outputs are complete, the current one was not "
            "renamed into place: run again with --resume to go on",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    finally:
        if log is not None:
            _audit_job(log, redactor, results, status, code, time.monotonic() - started, args)
    if not args.quiet and len(results) > 1:
        rows = sum(r.rows for r in results)
        quarantined = sum(r.quarantined for r in results)
        found = sum(sum(r.counts.values()) for r in results)
        print(
            f"piiguard: {len(results)} files: {rows} rows in = {rows - quarantined} out + "
            f"{quarantined} quarantined; {found} redacted",
            file=sys.stderr,
        )
    return EXIT_OK


def _print_result(result) -> None:
    entities: Counter[str] = Counter()
    for (entity, _operator), n in result.counts.items():
        entities[entity] += n
    where = result.target or "<stdout>"
    rows = ""
    if result.fmt in ("jsonl", "csv", "tsv", "xlsx", "parquet", "asr"):
        rows = (
            f"; {result.rows} rows in = {result.rows_out} out + {result.quarantined} "
            "quarantined"
        )
        if result.quarantined:
            lines = ", ".join(map(str, result.bad_lines[:10]))
            rows += f" (line {lines}{' …' if result.quarantined > 10 else ''} -> "
            rows += f"{result.quarantine})"
    enc = f" [{result.encoding}]" if result.encoding and result.fmt in ("csv", "tsv") else ""
    resumed = " (resumed)" if result.resumed else ""
    print(
        f"piiguard: {result.source}{enc} -> {where}{resumed}: {_summary(entities)}{rows}",
        file=sys.stderr,
    )
    if result.extra.get("mute_intervals"):
        print(
            f"piiguard: {result.extra['mute_intervals']} audio interval(s) to mute are listed "
            "under \"redactions\" in the output",
            file=sys.stderr,
        )


def _key_versions(redactor, keyring) -> list[int]:
    if keyring is None:
        return []
    versions = set()
    for entity in redactor.policy.detect:
        spec = redactor.policy.operator_for(entity)
        if spec.name in ("fpe", "pseudonym"):
            versions.add(spec.params.get("key_version") or keyring.active_version)
    return sorted(versions)


def _audit_file(log, redactor, keyring, result) -> None:
    from piiguard.audit import counts_by_entity, file_sha256

    entities, operators = counts_by_entity(result.counts)
    log.append(
        "file",
        tool=f"piiguard {__version__}",
        policy_sha256=redactor.policy.fingerprint(),
        input=result.source,
        input_sha256=file_sha256(result.source) if result.source != "<stdin>" else None,
        output=result.target,
        output_sha256=file_sha256(result.target) if result.target else None,
        quarantine=result.quarantine,
        quarantine_sha256=file_sha256(result.quarantine) if result.quarantine else None,
        file_format=result.fmt,
        encoding=result.encoding,
        entities=entities,
        operators=operators,
        key_versions=_key_versions(redactor, keyring),
        rows=result.rows,
        rows_out=result.rows_out,
        rows_quarantined=result.quarantined,
        quarantined_lines=result.bad_lines[:100],
        resumed=result.resumed,
        duration_s=round(result.duration, 3),
    )


def _audit_job(log, redactor, results, status, code, duration, args) -> None:
    from piiguard.audit import counts_by_entity

    total: Counter = Counter()
    for r in results:
        total.update(r.counts)
    entities, operators = counts_by_entity(total)
    log.append(
        "job",
        tool=f"piiguard {__version__}",
        policy_sha256=redactor.policy.fingerprint(),
        files=len(results),
        inputs=list(args.inputs),
        output=args.output,
        entities=entities,
        operators=operators,
        rows=sum(r.rows for r in results),
        rows_quarantined=sum(r.quarantined for r in results),
        workers=args.workers,
        on_error=args.on_error,
        status=status,
        exit_code=code,
        duration_s=round(duration, 3),
    )


def _scan(args: argparse.Namespace) -> int:
    from piiguard import batch, scan
    from piiguard.formats import MissingExtra, RecordError
    from piiguard.policy import PolicyError
    from piiguard.redactor import Redactor
    from piiguard.tables import load_policy

    try:
        policy, pins = load_policy(args.policy)
        redactor = Redactor(policy=policy.with_detect(policy.detect))
    except PolicyError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    if policy.needs_keyring:
        from piiguard.policy import Policy

        redactor = Redactor(policy=Policy(threshold=policy.threshold, detect=policy.detect))
    try:
        files = batch.expand(args.inputs)
    except batch.BatchError as exc:
        raise CliError(str(exc), exc.code) from None
    if args.output:
        out = Path(args.output)
        if out.exists() and not args.force:
            raise CliError(f"{out}: output exists; use --force to overwrite", EXIT_USAGE)
    reports = []
    for source, _ in files:
        if source == "-":
            raise CliError("scan reads files, not stdin", EXIT_USAGE)
        try:
            reports.append(
                scan.scan_file(redactor, source, args.format, args.encoding, args.limit, pins)
            )
        except MissingExtra as exc:
            raise CliError(str(exc), EXIT_USAGE) from None
        except RecordError as exc:
            raise CliError(f"{source}:{exc.line}: {exc}", EXIT_DATA) from None
        except (UnicodeDecodeError, ValueError):
            raise CliError(
                f"{source}: cannot read this file as {args.format}; check its format and "
                "encoding (--encoding)",
                EXIT_DATA,
            ) from None
    render = {"table": scan.to_table, "json": scan.to_json, "html": scan.to_html}[args.report]
    text = render(reports)
    if args.output:
        from piiguard.atomic import atomic_writer

        with atomic_writer(args.output) as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _audit(args: argparse.Namespace) -> int:
    from piiguard.audit import AuditError, verify

    try:
        count = verify(args.file)
    except AuditError as exc:
        raise CliError(str(exc), EXIT_DATA) from None
    print(f"piiguard: {args.file}: {count} record(s), hash chain intact")
    return EXIT_OK


def _summary(counts: Counter[str]) -> str:
    if not counts:
        return "nothing found"
    body = ", ".join(f"{entity} {n}" for entity, n in sorted(counts.items()))
    return f"{sum(counts.values())} redacted ({body})"


def _format_of(source: str) -> str:
    suffix = Path(source).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    return "text"


def _plan_outputs(
    inputs: list[str], output: str | None, force: bool
) -> list[tuple[str, Path | None]]:
    """Pair every input with its output path (None: stdout), refusing unsafe plans."""
    if inputs.count("-") > 1:
        raise CliError("stdin (-) can be read only once", EXIT_USAGE)
    for source in inputs:
        if source != "-" and not Path(source).is_file():
            what = "is a directory" if Path(source).is_dir() else "not found"
            raise CliError(f"{source}: input {what}", EXIT_IO)
    if output is None:
        return [(s, None) for s in inputs]
    out = Path(output)
    if len(inputs) == 1 and not out.is_dir():
        pairs = [(inputs[0], out)]
    else:
        if "-" in inputs:
            raise CliError("with several inputs, stdin (-) cannot be one of them", EXIT_USAGE)
        if out.exists() and not out.is_dir():
            raise CliError(f"{out}: several inputs need -o to be a directory", EXIT_USAGE)
        out.mkdir(parents=True, exist_ok=True)
        names = [Path(s).name for s in inputs]
        if len(set(names)) != len(names):
            raise CliError("two inputs have the same file name; redact them separately", EXIT_USAGE)
        pairs = [(s, out / Path(s).name) for s in inputs]
    for source, target in pairs:
        if source != "-" and target.exists() and target.resolve() == Path(source).resolve():
            raise CliError(
                f"{target}: output would overwrite its input; choose another -o", EXIT_USAGE
            )
        if target.exists() and not force:
            raise CliError(f"{target}: output exists; use --force to overwrite", EXIT_USAGE)
        if not target.parent.is_dir():
            raise CliError(f"{target.parent}: output directory does not exist", EXIT_IO)
    return pairs


def _lines(source: str, encoding: str) -> Iterator[tuple[int, str]]:
    """Decoded lines (with their endings) and 1-based numbers; decoding errors name the line."""
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    stream: IO[bytes]
    try:
        stream = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115
    except OSError as exc:
        raise CliError(f"{source}: cannot read ({exc.strerror})", EXIT_IO) from None
    with stream if source != "-" else nullcontext(stream):
        for number, raw in enumerate(stream, 1):
            if number == 1 and codec == "utf-8-sig" and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield number, raw.decode(encoding if codec == "utf-8-sig" else codec)
            except UnicodeDecodeError as exc:
                raise CliError(
                    f"{_label(source)}:{number}: bytes at column {exc.start + 1} are not valid "
                    f"{encoding}; pass --encoding (e.g. gbk or gb18030) if the file uses another",
                    EXIT_DATA,
                ) from None


def _plan_manifests(args, policy, targets) -> list[Path | None]:
    """The manifest path of each output (None: none written)."""
    if args.manifest and args.no_manifest:
        raise CliError("--manifest and --no-manifest exclude each other", EXIT_USAGE)
    if not policy.reversible or args.no_manifest:
        if args.manifest:
            raise CliError("--manifest: the policy has no reversible (fpe) operator", EXIT_USAGE)
        return [None] * len(targets)
    if args.manifest:
        if len(targets) != 1:
            raise CliError(
                "--manifest names one file: with several inputs each output gets its own "
                "OUTPUT.manifest.json",
                EXIT_USAGE,
            )
        plan: list[Path | None] = [Path(args.manifest)]
    else:
        from piiguard.manifest import manifest_path

        plan = [None if target is None else manifest_path(target) for _, target in targets]
    for (source, target), path in zip(targets, plan, strict=True):
        if path is None:
            continue
        if target is not None and path.resolve() == target.resolve():
            raise CliError(f"{path}: the manifest cannot be the output file", EXIT_USAGE)
        if source != "-" and path.exists() and path.resolve() == Path(source).resolve():
            raise CliError(f"{path}: the manifest would overwrite an input", EXIT_USAGE)
        if path.exists() and not args.force:
            raise CliError(f"{path}: manifest exists; use --force to overwrite", EXIT_USAGE)
        if not path.parent.is_dir():
            raise CliError(f"{path.parent}: output directory does not exist", EXIT_IO)
    return plan


class _Collector:
    """The reversible items of one output, and a digest of the text written."""

    def __init__(self) -> None:
        self.entries: list = []
        self.text_items: list = []
        self.sha = hashlib.sha256()
        self.offset = 0
        self.count = 0

    def write_through(self, out):
        collector = self

        class _Sink:
            def write(self, text: str) -> int:
                collector.sha.update(text.encode("utf-8"))
                collector.offset += len(text)
                return out.write(text)

            def flush(self) -> None:
                out.flush()

        return _Sink()

    def add_text(self, result) -> None:
        base = self.offset
        for item in result.reversible:
            self.text_items.append(
                item._replace(out_start=item.out_start + base, out_end=item.out_end + base)
            )
        self.count += len(result.reversible)

    def add_value(self, items, line, path, number) -> None:
        from piiguard.manifest import ManifestEntry

        self.entries.append(ManifestEntry(tuple(items), line, tuple(path), number))
        self.count += len(items)

    def finish(self) -> list:
        from piiguard.manifest import ManifestEntry

        if self.text_items:
            return [ManifestEntry(tuple(self.text_items))]
        return self.entries


def _redact_one(
    redactor, source, target, fmt, paths, encoding, collector=None, manifest=None
) -> Counter[str]:
    counts: Counter[str] = Counter()
    from piiguard.atomic import atomic_writer

    sink = nullcontext(sys.stdout) if target is None else atomic_writer(target)
    outer = nullcontext(None) if manifest is None else atomic_writer(manifest)
    try:
        # The manifest is renamed into place after the output, and both are discarded on
        # any error before that: a manifest never describes an output that does not exist.
        with outer as manifest_out:
            with sink as out:
                stream = out if collector is None else collector.write_through(out)
                if fmt == "text":
                    _redact_text(redactor, source, encoding, stream, counts, collector)
                elif fmt == "jsonl":
                    _redact_jsonl(redactor, source, encoding, stream, counts, paths, collector)
                else:
                    _redact_json(redactor, source, encoding, stream, counts, paths, collector)
            if manifest_out is not None:
                from piiguard.manifest import build_manifest

                document = build_manifest(
                    fmt,
                    redactor.keyring,
                    redactor.policy,
                    collector.finish(),
                    collector.sha.hexdigest(),
                    "<stdout>" if target is None else Path(target).name,
                )
                manifest_out.write(document.to_json())
    except OSError as exc:
        where = target if target is not None else "<stdout>"
        raise CliError(f"{where}: cannot write ({exc.strerror})", EXIT_IO) from None
    return counts


def _count(result, counts: Counter[str]) -> str:
    for item in result.items:
        counts[item.entity] += 1
    return result.text


def _redact_text(redactor, source, encoding, out, counts, collector=None) -> None:
    block: list[str] = []
    size = 0
    context = ""
    for _, line in _lines(source, encoding):
        block.append(line)
        size += len(line)
        if size >= _BLOCK_CHARS:
            context = _flush_text(redactor, block, context, out, counts, collector)
            block, size = [], 0
    if block:
        _flush_text(redactor, block, context, out, counts, collector)


def _flush_text(redactor, block: list[str], context: str, out, counts, collector=None) -> str:
    text = "".join(block)
    result = redactor.redact(text, context=context or None)
    if collector is not None:
        collector.add_text(result)
    out.write(_count(result, counts))
    tail = text[-_CONTEXT_CHARS:]
    return tail[:-1] if tail.endswith("\n") else tail


def _value_recorder(collector, record, line):
    """Hooks around fields.transform that keep each changed value's reversible items."""
    calls: list = []

    def record_call(text: str, result) -> None:
        if collector is not None:
            calls.append((result.text != text, result.reversible))

    def finish(changes) -> None:
        if collector is None:
            return
        # transform lists exactly the values whose text changed, in the order it saw them.
        changed = [reversible for did_change, reversible in calls if did_change]
        for (at, _new), reversible in zip(changes, changed, strict=True):
            if reversible:
                collector.add_value(reversible, line, at, _is_number(record, at))

    return record_call, finish


def _is_number(record, at) -> bool:
    node = record
    for step in at:
        node = node[step]
    return isinstance(node, int) and not isinstance(node, bool)


def _redact_jsonl(redactor, source, encoding, out, counts, paths, collector=None) -> None:
    from piiguard.fields import DuplicateKeyError, loads, splice, transform

    previous: dict[object, str] = {}
    record_call = None

    def fn(text: str, path) -> str:
        context = previous.get(path)
        result = redactor.redact(text, context=context)
        previous[path] = (f"{context}\n{text}" if context else text)[-_CONTEXT_CHARS:]
        if record_call is not None:
            record_call(text, result)
        return _count(result, counts)

    for number, line in _lines(source, encoding):
        body = line.rstrip("\r\n")
        if not body.strip():
            out.write(line)
            continue
        try:
            record = loads(body)
        except json.JSONDecodeError as exc:
            raise CliError(
                f"{_label(source)}:{number}: not valid JSON ({exc.msg} at column {exc.colno}); "
                "fix or remove the line and run again",
                EXIT_DATA,
            ) from None
        except DuplicateKeyError as exc:
            raise CliError(
                f"{_label(source)}:{number}: {exc}; an earlier value would escape redaction, "
                "so the line is refused: remove the duplicate and run again",
                EXIT_DATA,
            ) from None
        record_call, finish = _value_recorder(collector, record, number)
        changes = transform(record, paths, fn)
        finish(changes)
        out.write(splice(body, changes) + line[len(body) :] if changes else line)


def _redact_json(redactor, source, encoding, out, counts, paths, collector=None) -> None:
    from piiguard.fields import DuplicateKeyError, loads, splice, transform

    text = "".join(line for _, line in _lines(source, encoding))
    try:
        record = loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(
            f"{_label(source)}:{exc.lineno}: not valid JSON ({exc.msg} at column {exc.colno})",
            EXIT_DATA,
        ) from None
    except DuplicateKeyError as exc:
        raise CliError(
            f"{_label(source)}: {exc}; an earlier value would escape redaction, so the file "
            "is refused: remove the duplicate and run again",
            EXIT_DATA,
        ) from None
    record_call, finish = _value_recorder(collector, record, None)

    def fn(value: str, _path) -> str:
        result = redactor.redact(value)
        record_call(value, result)
        return _count(result, counts)

    changes = transform(record, paths, fn)
    finish(changes)
    out.write(splice(text, changes) if changes else text)


# -- keys ----------------------------------------------------------------------------


def _passphrase(prompt: str, confirm: bool = False) -> str | None:
    """The passphrase from $PIIGUARD_PASSPHRASE, or typed at a terminal (None: neither)."""
    from piiguard.keys import PASSPHRASE_ENV

    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        return None
    import getpass

    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("again: ") != first:
        raise CliError("the two passphrases differ", EXIT_USAGE)
    return first


def _open_keyring(path: str):
    from piiguard.keys import Keyring, KeyringError

    try:
        _, kind, _ = Keyring.describe(path)
        passphrase = _passphrase(f"passphrase for {path}: ") if kind == "passphrase" else None
        return Keyring.open(path, passphrase=passphrase)
    except KeyringError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None


def _keys(args: argparse.Namespace) -> int:
    from piiguard.keys import PASSPHRASE_ENV, Keyring, KeyringError

    path = args.file
    try:
        if args.keys_command == "create":
            if args.passphrase:
                passphrase = _passphrase(f"new passphrase for {path}: ", confirm=True)
                if not passphrase:
                    raise CliError(
                        f"a passphrase is needed: set {PASSPHRASE_ENV} or run in a terminal",
                        EXIT_USAGE,
                    )
                ring = Keyring.create(path, passphrase=passphrase)
                how = "a passphrase"
            else:
                ring = Keyring.create(path, master_env=args.master_env)
                how = f"the master key in ${args.master_env}"
            print(
                f"piiguard: created keyring {path} (id {ring.id}), key version 1 active, "
                f"unlocked by {how}; keep both safe: without them protected values cannot "
                "be restored",
                file=sys.stderr,
            )
            return EXIT_OK
        if args.keys_command == "rotate":
            ring = _open_keyring(path)
            new = ring.rotate()
            older = ", ".join(str(v.version) for v in ring.versions() if not v.active)
            print(
                f"piiguard: {path}: key version {new.version} is now active; "
                f"version(s) {older} kept to restore older data",
                file=sys.stderr,
            )
            return EXIT_OK
        ring_id, kind, versions = Keyring.describe(path)
        print(f"keyring {path}  id {ring_id}  unlocked by {kind}")
        print(f"{'version':>7}  {'status':<7}  {'created':<20}  {'retired':<20}  check")
        for v in versions:
            status = "active" if v.active else "old"
            retired = v.retired or "-"
            print(f"{v.version:>7}  {status:<7}  {v.created:<20}  {retired:<20}  {v.check}")
        return EXIT_OK
    except KeyringError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None


# -- restore ---------------------------------------------------------------------------


def _restore(args: argparse.Namespace) -> int:
    from piiguard.manifest import Manifest, ManifestError, manifest_path
    from piiguard.protect import RestoreError
    from piiguard.redactor import Redactor
    from piiguard.restore import restore_document

    source = args.input
    if source == "-" and not args.manifest:
        raise CliError("restoring stdin needs --manifest FILE", EXIT_USAGE)
    if source != "-" and not Path(source).is_file():
        what = "is a directory" if Path(source).is_dir() else "not found"
        raise CliError(f"{source}: input {what}", EXIT_IO)
    target = Path(args.output) if args.output else None
    if target is not None:
        if source != "-" and target.exists() and target.resolve() == Path(source).resolve():
            raise CliError(f"{target}: output would overwrite its input", EXIT_USAGE)
        if target.exists() and not args.force:
            raise CliError(f"{target}: output exists; use --force to overwrite", EXIT_USAGE)
        if not target.parent.is_dir():
            raise CliError(f"{target.parent}: output directory does not exist", EXIT_IO)
    manifest_file = Path(args.manifest) if args.manifest else manifest_path(source)
    try:
        manifest = Manifest.load(manifest_file)
    except ManifestError as exc:
        missing = not manifest_file.exists()
        hint = "; pass --manifest FILE" if missing else ""
        raise CliError(f"{exc}{hint}", EXIT_USAGE if missing else EXIT_DATA) from None
    keyring = _open_keyring(args.keyring)
    text = "".join(line for _, line in _lines(source, "utf-8"))
    try:
        restored = restore_document(Redactor(keyring=keyring), text, manifest, _label(source))
    except ManifestError as exc:
        raise CliError(str(exc), EXIT_DATA) from None
    except RestoreError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    from piiguard.atomic import atomic_writer

    sink = nullcontext(sys.stdout) if target is None else atomic_writer(target)
    try:
        with sink as out:
            out.write(restored)
    except OSError as exc:
        where = target if target is not None else "<stdout>"
        raise CliError(f"{where}: cannot write ({exc.strerror})", EXIT_IO) from None
    if not args.quiet:
        where = f" -> {target}" if target is not None else ""
        versions = ", ".join(map(str, manifest.key_versions())) or "-"
        print(
            f"piiguard: {_label(source)}{where}: {manifest.item_count} value(s) restored "
            f"(key version {versions})",
            file=sys.stderr,
        )
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
