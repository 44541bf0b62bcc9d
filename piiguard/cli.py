"""Command line: ``piiguard redact``.

Exit codes (also in ``piiguard --help``):

===  ==============================================================================
0    success
1    bad input data (a line that is not JSON, bytes that are not in the encoding);
     nothing is written for that file
2    usage or configuration error (bad arguments, bad policy file, output exists)
3    I/O error (input missing or unreadable, output not writable)
130  interrupted
===  ==============================================================================

Messages name the file, the line and what to do; they never quote the data.
"""

from __future__ import annotations

import argparse
import json
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
  2    usage or configuration error (bad arguments, bad policy, output exists)
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
        help="redact plain text, JSON Lines or JSON files (or stdin)",
        description=(
            "Redact personal data (phone, resident ID, bank card, e-mail, passport, plate) "
            "in text, JSON Lines or JSON. Writes to stdout unless -o is given."
        ),
        epilog=_EPILOG + "\nexamples:\n"
        "  piiguard redact examples/call_transcript.txt\n"
        "  piiguard redact calls.jsonl --field text -o calls.redacted.jsonl\n"
        "  cat note.txt | piiguard redact - --policy policy.yaml\n",
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
        choices=("auto", "text", "jsonl", "json"),
        default="auto",
        help="input format (default: by extension; .jsonl/.ndjson, .json, else text)",
    )
    redact.add_argument(
        "--field",
        action="append",
        metavar="PATH",
        help="JSON field to redact, dotted with [*] for arrays (e.g. segments[*].text); "
        "repeatable; default: every string field",
    )
    redact.add_argument(
        "--encoding", default="utf-8", help="input encoding (default: utf-8; BOM accepted)"
    )
    redact.add_argument("--force", action="store_true", help="overwrite existing output files")
    redact.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``piiguard`` command."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
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


def _redact(args: argparse.Namespace) -> int:
    from piiguard.fields import FieldPathError, parse_path
    from piiguard.policy import Policy, PolicyError
    from piiguard.redactor import Redactor

    try:
        policy = Policy.from_file(args.policy) if args.policy else Policy.default_policy()
    except PolicyError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    try:
        paths = [parse_path(p) for p in args.field] if args.field else None
    except FieldPathError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    try:
        "".encode(args.encoding)
    except LookupError:
        raise CliError(f"unknown encoding {args.encoding!r}", EXIT_USAGE) from None

    targets = _plan_outputs(args.inputs, args.output, args.force)
    redactor = Redactor(policy=policy)
    total: Counter[str] = Counter()
    for source, target in targets:
        fmt = args.format if args.format != "auto" else _format_of(source)
        counts = _redact_one(redactor, source, target, fmt, paths, args.encoding)
        total.update(counts)
        if not args.quiet and target is not None:
            print(f"piiguard: {_label(source)} -> {target}: {_summary(counts)}", file=sys.stderr)
    if not args.quiet and len(targets) > 1:
        print(f"piiguard: {len(targets)} inputs: {_summary(total)}", file=sys.stderr)
    return EXIT_OK


def _label(source: str) -> str:
    return "<stdin>" if source == "-" else source


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


def _redact_one(redactor, source, target, fmt, paths, encoding) -> Counter[str]:
    counts: Counter[str] = Counter()
    from piiguard.atomic import atomic_writer

    sink = nullcontext(sys.stdout) if target is None else atomic_writer(target)
    try:
        with sink as out:
            if fmt == "text":
                _redact_text(redactor, source, encoding, out, counts)
            elif fmt == "jsonl":
                _redact_jsonl(redactor, source, encoding, out, counts, paths)
            else:
                _redact_json(redactor, source, encoding, out, counts, paths)
    except OSError as exc:
        where = target if target is not None else "<stdout>"
        raise CliError(f"{where}: cannot write ({exc.strerror})", EXIT_IO) from None
    return counts


def _count(result, counts: Counter[str]) -> str:
    for item in result.items:
        counts[item.entity] += 1
    return result.text


def _redact_text(redactor, source, encoding, out, counts) -> None:
    block: list[str] = []
    size = 0
    context = ""
    for _, line in _lines(source, encoding):
        block.append(line)
        size += len(line)
        if size >= _BLOCK_CHARS:
            context = _flush_text(redactor, block, context, out, counts)
            block, size = [], 0
    if block:
        _flush_text(redactor, block, context, out, counts)


def _flush_text(redactor, block: list[str], context: str, out, counts) -> str:
    text = "".join(block)
    out.write(_count(redactor.redact(text, context=context or None), counts))
    tail = text[-_CONTEXT_CHARS:]
    return tail[:-1] if tail.endswith("\n") else tail


def _redact_jsonl(redactor, source, encoding, out, counts, paths) -> None:
    from piiguard.fields import splice, transform

    previous: dict[object, str] = {}

    def fn(text: str, path) -> str:
        context = previous.get(path)
        result = redactor.redact(text, context=context)
        previous[path] = (f"{context}\n{text}" if context else text)[-_CONTEXT_CHARS:]
        return _count(result, counts)

    for number, line in _lines(source, encoding):
        body = line.rstrip("\r\n")
        if not body.strip():
            out.write(line)
            continue
        try:
            record = json.loads(body)
        except json.JSONDecodeError as exc:
            raise CliError(
                f"{_label(source)}:{number}: not valid JSON ({exc.msg} at column {exc.colno}); "
                "fix or remove the line and run again",
                EXIT_DATA,
            ) from None
        changes = transform(record, paths, fn)
        out.write(splice(body, changes) + line[len(body) :] if changes else line)


def _redact_json(redactor, source, encoding, out, counts, paths) -> None:
    from piiguard.fields import splice, transform

    text = "".join(line for _, line in _lines(source, encoding))
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(
            f"{_label(source)}:{exc.lineno}: not valid JSON ({exc.msg} at column {exc.colno})",
            EXIT_DATA,
        ) from None
    changes = transform(record, paths, lambda s, _path: _count(redactor.redact(s), counts))
    out.write(splice(text, changes) if changes else text)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
