"""Command line: `pipeline validate FILE...`, `pipeline build FILE --to FORMAT -o PATH`,
`pipeline import DRAFT.docx -o PATH` and `pipeline preview FILE`.

Exit codes: 0 success, 1 invalid document, 2 usage or I/O error, 3 an output could not be built.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from pipeline import __version__
from pipeline.errors import InvalidDocument, UsageError
from pipeline.limits import TIME_LIMIT

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_BUILD = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2 without a traceback, as argparse does
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _arguments() -> argparse.ArgumentParser:
    from pipeline.writers import FORMATS

    parser = _Parser(prog="pipeline", description="Publish Akoma Ntoso documents as HTML, PDF, EPUB and DOCX.")
    parser.add_argument("--version", action="version", version=f"pipeline {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    validate = commands.add_parser("validate", help="check documents against the schema and the project's rules")
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    validate.add_argument("--strict", action="store_true", help="warnings count as errors (exit 1)")
    build = commands.add_parser("build", help="build one output of one document")
    build.add_argument("file", type=Path, metavar="FILE")
    build.add_argument("--to", required=True, choices=sorted(FORMATS), help="output format")
    build.add_argument("-o", "--output", required=True, type=Path, metavar="PATH",
                       help="output file (a folder for html)")
    build.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size for pdf (default a4)")
    build.add_argument("--variant", choices=("ua", "pdfa", "print", "print-x1a"), default="ua",
                       help="pdf variant: ua, tagged PDF/UA-1 (default); pdfa, PDF/A-2u for archives; print, the "
                            "printer's master, PDF/X-4 with bleed and crop marks; print-x1a, the same as PDF/X-1a")
    build.add_argument("--icc", type=Path, metavar="PATH",
                       help="print master: the printer's own CMYK profile (default: FOGRA39 for A4, GRACoL for letter)")
    build.add_argument("--signature", type=int, choices=(4, 8, 16, 32), metavar="N",
                       help="print master: pad with blank pages to a multiple of N pages (4 for saddle stitching)")
    build.add_argument("--collection", type=Path, metavar="PATH",
                       help="html and epub: the collection (python -m pipeline.collection), so that references to "
                            "its other documents lead to their pages")
    build.add_argument("--site-url", metavar="URL",
                       help="html and epub: the address the site is published at; links to other documents are "
                            "absolute (an EPUB links to them only then)")
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    build.add_argument("--strict", action="store_true", help="warnings count as errors: nothing is built")
    preview = commands.add_parser("preview", help="serve the HTML edition on localhost, rebuilt as the source changes")
    preview.add_argument("file", type=Path, metavar="FILE")
    preview.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000; 0: any free one)")
    from pipeline.importer.arguments import add_arguments

    add_arguments(commands)
    return parser


def _load(path: Path, strict: bool):
    """The model of a document; its warnings printed (or, strict, raised as errors)."""
    from pipeline.errors import Problem
    from pipeline.loader import load

    warnings: list[Problem] = []
    doc = load(path, warn=warnings.append)
    if strict and warnings:
        raise InvalidDocument([Problem(w.path, w.line, w.column, w.message) for w in warnings])
    for warning in warnings:
        print(warning, file=sys.stderr)
    return doc


def _validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for path in args.files:
        try:
            doc = _load(path, args.strict)
        except InvalidDocument as exc:
            print(exc, file=sys.stderr)
            status = max(status, EXIT_INVALID)
            continue
        except UsageError as exc:
            print(f"pipeline: error: {exc}", file=sys.stderr)
            status = max(status, EXIT_USAGE)
            continue
        if not args.quiet:
            print(f"{path}: valid ({len(doc.notes)} footnotes, {len(doc.annexes)} annexes)")
    return status


def _linked(doc, args: argparse.Namespace):
    """The document with its references to the collection's other documents made links (HTML and EPUB only: a
    PDF or Word file is read away from the site)."""
    if args.collection is None or args.to not in ("html", "epub"):
        return doc
    from pipeline import collection

    if args.site_url:
        if not args.site_url.startswith(("https://", "http://")):
            raise UsageError(f"--site-url must be an http or https address, not {args.site_url!r}")
        return collection.link(doc, collection.load(args.collection), collection.absolute_url(args.site_url))
    if args.to == "epub":  # an e-book cannot link to a page beside it: without the site's address, text
        return doc
    return collection.link(doc, collection.load(args.collection), collection.relative_url)


class _OutOfTime(BaseException):
    """Raised by the alarm when a build passes its time limit."""


def _out_of_time(signum, frame):
    raise _OutOfTime()


def _time_limit() -> int:
    value = os.environ.get("PIPELINE_TIME_LIMIT", str(TIME_LIMIT))
    if not value.isdigit() or int(value) < 1:
        raise UsageError(f"PIPELINE_TIME_LIMIT must be a whole number of seconds, not {value!r}")
    return int(value)


def _build(args: argparse.Namespace) -> int:
    from pipeline import output
    from pipeline.writers import Options, source_date_epoch, writer

    started = time.monotonic()
    if (args.icc or args.signature) and not (args.to == "pdf" and args.variant.startswith("print")):
        raise UsageError("--icc and --signature are for the print master: --to pdf --variant print (or print-x1a)")
    if args.icc:
        from pipeline.icc import check_printer_profile

        check_printer_profile(args.icc)  # a wrong profile is the user's mistake: said before anything is built
    doc = _linked(_load(args.file, args.strict), args)
    try:
        options = Options(source_dir=args.file.resolve().parent, epoch=source_date_epoch(), paper=args.paper,
                          pdf_variant=args.variant, icc=args.icc, signature=args.signature or 1)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    module = writer(args.to)
    limit = _time_limit()
    previous = signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(limit)
    try:
        result = module.render(doc, options)
    except _OutOfTime:
        print(f"{args.file}: error: building {args.to} took longer than the limit of {limit} s "
              "(set PIPELINE_TIME_LIMIT to change it)", file=sys.stderr)
        return EXIT_BUILD
    except Exception as exc:  # an engine failed: say which output and why, without a traceback
        if os.environ.get("PIPELINE_DEBUG"):
            raise
        print(f"{args.file}: error: cannot build {args.to}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_BUILD
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    try:
        if module.KIND == "dir":
            output.write_dir(args.output, result)
        else:
            output.write_file(args.output, result)
    except output.NotOurs as exc:
        raise UsageError(f"cannot write {args.output}: {exc}") from None
    except OSError as exc:  # a full disk, a file-size limit, no permission: the previous edition is left whole
        raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    if not args.quiet:
        print(f"  {args.to.upper():<5} {args.output}  ({time.monotonic() - started:.2f} s)")
    return EXIT_OK


def _terminated(signum, frame):
    """make, CI or a user stopping the build: unwind, so no temporary output is left behind."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _terminated)
    try:
        args = _arguments().parse_args(argv)
        if args.command == "preview":
            from pipeline.preview import run as preview

            return preview(args.file, args.port)
        if args.command == "import":
            from pipeline.importer.command import run

            return run(args)
        return _validate(args) if args.command == "validate" else _build(args)
    except InvalidDocument as exc:
        print(exc, file=sys.stderr)
        return EXIT_INVALID
    except UsageError as exc:
        print(f"pipeline: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: still no traceback for the user, but a way to get one
        if os.environ.get("PIPELINE_DEBUG"):
            raise
        print(f"pipeline: internal error: {type(exc).__name__}: {exc} (set PIPELINE_DEBUG=1 for a traceback)",
              file=sys.stderr)
        return EXIT_BUILD
