"""Builds split across machines: `make SHARD=k/N` builds the k-th of N parts of the documents, `make merge` checks
the parts gathered into one build/ and makes them make's own.

    python3 -m pipeline.shard plan N [--documents documents]        the parts and their estimated costs
    python3 -m pipeline.shard select k/N [--documents documents]    the names of part k (what the Makefile builds)
    python3 -m pipeline.shard manifest k/N -o build/parts/k-of-N.json [--build build] [--documents documents]
    python3 -m pipeline.shard merge [--build build] [--documents documents]
    python3 -m pipeline.shard sums [--build build] [--documents documents]   build/SHA256SUMS of every edition

The parts are deterministic (the same documents give the same parts on every machine) and balanced by estimated
cost: each document costs a fixed amount (the five outputs' start-up) plus the size of its source (the engines'
work grows with the text) and a tenth of its pictures'; the largest documents are placed first, each in the part
with the least cost so far (ties by part number), which keeps every part within the largest document's cost of the
others. A part's manifest records every output's SHA-256 and the key of its build: a digest of each document's
folder, of the code and templates, and the options that change the outputs' bytes. `merge` refuses parts that do not
add up to the current documents exactly once, that were built from other documents, code or options than this
checkout's (which make would rebuild differently), that list files other than their documents' five outputs, or
whose files are missing or changed; it then writes build/SHA256SUMS and makes the outputs newer than everything make
compares them with, so `make check`, `make release` and `make site` use them as they are.

Standard library only: the Makefile runs it with the system's Python to know what to build, before any set-up."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from pathlib import Path

#: A document's fixed cost in bytes of source: what building its five outputs and checking them costs whatever its
#: length (measured: a one-page document's outputs take about as long as 40 kB more of source text).
FIXED_COST = 40_000
#: A picture's bytes count this much less than the source's: an engine copies a picture, it lays out the text.
PICTURE_WEIGHT = 10
#: The outputs of a document besides its HTML folder, as make names them.
SUFFIXES = (".pdf", ".print.pdf", ".epub", ".docx")
#: More parts than this is a mistake (SHARD=1/1000000), not a build.
MOST_PARTS = 10_000
ROOT = Path(__file__).resolve().parents[1]
_SHARD = re.compile(r"^([1-9][0-9]*)/([1-9][0-9]*)$")


class ShardError(Exception):
    """A part that cannot be built or merged, with the reason."""


def parse(shard: str) -> tuple[int, int]:
    match = _SHARD.match(shard.strip())
    if not match or not 1 <= int(match[1]) <= int(match[2]) <= MOST_PARTS:
        raise ShardError(f"SHARD must be k/N with 1 <= k <= N <= {MOST_PARTS} (SHARD=2/4), not {shard!r}")
    return int(match[1]), int(match[2])


def documents(folder: Path) -> list[str]:
    """The documents make builds, by name: every folder of `folder` with a document.xml, but hidden ones (make's
    wildcard passes them over, and the importer writes its drafts in them)."""
    return sorted(path.parent.name for path in folder.glob("*/document.xml") if not path.parent.name.startswith("."))


def cost(folder: Path, name: str) -> int:
    """The estimated cost of building a document: the fixed cost, its source, and its pictures at a tenth."""
    files = [path for path in (folder / name).rglob("*") if path.is_file()]
    return FIXED_COST + sum(p.stat().st_size // (1 if p.name == "document.xml" else PICTURE_WEIGHT) for p in files)


def plan(folder: Path, parts: int) -> list[list[str]]:
    """The documents in `parts` balanced parts, each sorted by name."""
    costs = {name: cost(folder, name) for name in documents(folder)}
    loads = [0] * parts
    out: list[list[str]] = [[] for _ in range(parts)]
    for name in sorted(costs, key=lambda n: (-costs[n], n)):
        part = min(range(parts), key=lambda i: (loads[i], i))
        loads[part] += costs[name]
        out[part].append(name)
    return [sorted(names) for names in out]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tree(paths: list[Path], root: Path) -> str:
    """One digest of files: their paths under root and their contents."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(f"{path.relative_to(root).as_posix()}\0{sha256(path)}\n".encode())
    return digest.hexdigest()


def key(folder: Path, options: dict[str, str]) -> dict:
    """What every output of a build depends on, so that parts built apart are known to be parts of one build: each
    document's folder (its source and pictures; the HTML editions link the others), the code and templates that
    make the editions, and the options that change their bytes (a printer's profile by its digest)."""
    code = [p for p in ROOT.joinpath("pipeline").rglob("*") if p.is_file() and p.suffix in (".py", ".java")]
    code += [p for p in ROOT.joinpath("templates").rglob("*") if p.is_file()] + [ROOT / "Makefile"]
    icc = options.get("PRINTER_ICC", "")
    return {"documents": {name: _tree([p for p in (folder / name).rglob("*") if p.is_file()], folder)
                          for name in documents(folder)},
            "code": _tree([p for p in code if "__pycache__" not in p.parts], ROOT),
            "options": {**options, "PRINTER_ICC": sha256(Path(icc)) if icc else ""}}


def outputs(build: Path, name: str) -> list[Path]:
    """The editions make builds of a document that are there: the HTML folder, the PDF, the print master, the EPUB
    and the Word file."""
    found = sorted(p for p in (build / name / "html").rglob("*") if p.is_file())
    found += [p for p in (build / name / f"{name}{suffix}" for suffix in SUFFIXES) if p.is_file()]
    return found


def manifest(build: Path, folder: Path, shard: str, options: dict[str, str]) -> dict:
    """What a part holds: its documents, every output's SHA-256, and the key of the build it belongs to."""
    k, n = parse(shard)
    names = plan(folder, n)[k - 1]
    files = {}
    for name in names:
        found = outputs(build, name)
        if not found:
            raise ShardError(f"part {k}/{n}: {name} has no outputs in {build}/{name}/: build the part first")
        files.update({p.relative_to(build).as_posix(): sha256(p) for p in found})
    return {"shard": k, "of": n, "documents": names, "key": key(folder, options), "files": dict(sorted(files.items()))}


def _read(path: Path) -> dict:
    """A part's manifest, its shape checked: a file that is not one is refused, never half-read."""
    try:
        part = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ShardError(f"{path}: not a part's manifest: {exc}") from None
    shape = {"shard": int, "of": int, "documents": list, "key": dict, "files": dict}
    if not isinstance(part, dict) or any(not isinstance(part.get(f), t) for f, t in shape.items()):
        raise ShardError(f"{path}: not a part's manifest (it needs {', '.join(shape)})")
    return part


def _files_of(part: dict, label: str) -> list[str]:
    """Problems with the files a part lists: each must be an output of one of its own documents, and each of its
    documents must have all five."""
    problems = []
    names = set(part["documents"])
    for relative, digest in part["files"].items():
        name = relative.split("/", 1)[0]
        inside = name in names and ".." not in relative.split("/") and not relative.startswith("/")
        if not inside or not (relative.startswith(f"{name}/html/") or
                              relative in {f"{name}/{name}{suffix}" for suffix in SUFFIXES}) \
                or not isinstance(digest, str):
            problems.append(f"{label}: {relative!r} is no output of its documents")
    for name in part["documents"]:
        wanted = {f"{name}/html/index.html", *(f"{name}/{name}{suffix}" for suffix in SUFFIXES)}
        missing = sorted(wanted - set(part["files"]))
        if missing:
            problems.append(f"{label}: {name} lacks {', '.join(missing)}")
    return problems


def merge(build: Path, folder: Path, options: dict[str, str]) -> dict[str, str]:
    """Every part's files checked against its manifest, and its build against the current documents, code and
    options; the files of all parts."""
    manifests = sorted((build / "parts").glob("*.json"))
    if not manifests:
        raise ShardError(f"no parts to merge in {build}/parts/: build each with make SHARD=k/N and gather them")
    parts = [_read(path) for path in manifests]
    counts = {p["of"] for p in parts}
    if len(counts) != 1:
        raise ShardError(f"parts of different splits cannot be merged: of {', '.join(map(str, sorted(counts)))}")
    n = counts.pop()
    have = sorted(p["shard"] for p in parts)
    if have != list(range(1, n + 1)):
        missing = sorted(set(range(1, n + 1)) - set(have))
        what = f"parts {', '.join(f'{k}/{n}' for k in missing)} missing" if missing else "a part given twice"
        raise ShardError(f"{what}: have {', '.join(f'{k}/{n}' for k in have)}")
    expected, current = plan(folder, n), key(folder, options)
    problems, files = [], {}
    for part in sorted(parts, key=lambda p: p["shard"]):
        k = part["shard"]
        label = f"part {k}/{n}"
        if part["documents"] != expected[k - 1]:
            problems.append(f"{label} holds {', '.join(map(str, part['documents'])) or 'nothing'}, but the documents "
                            f"now make it {', '.join(expected[k - 1]) or 'nothing'}: built from other sources")
        built = part["key"]
        changed = sorted(name for name in set(built.get("documents", {})) | set(current["documents"])
                         if built.get("documents", {}).get(name) != current["documents"].get(name))
        if changed:
            problems.append(f"{label} was built from other versions of {', '.join(changed[:5])}"
                            + (f" and {len(changed) - 5} more" if len(changed) > 5 else ""))
        if built.get("code") != current["code"]:
            problems.append(f"{label} was built by other code or templates than this checkout's")
        if built.get("options") != current["options"]:
            differ = sorted(o for o in set(built.get("options", {})) | set(current["options"])
                            if built.get("options", {}).get(o) != current["options"].get(o))
            problems.append(f"{label} was built with other options: {', '.join(differ)}")
        shape = _files_of(part, label)
        problems += shape
        if shape:
            continue
        for relative, digest in part["files"].items():
            path = build / relative
            if not path.is_file():
                problems.append(f"{label}: {path} is missing")
            elif sha256(path) != digest:
                problems.append(f"{label}: {path} is not the file the part built (SHA-256 differs)")
            files[relative] = digest
    if problems:
        raise ShardError("; ".join(problems))
    return dict(sorted(files.items()))


def sums(files: dict[str, str]) -> str:
    return "".join(f"{digest}  {relative}\n" for relative, digest in sorted(files.items()))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m pipeline.shard", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("plan", "select", "manifest", "merge", "sums"))
    parser.add_argument("shard", nargs="?", help="k/N (select, manifest) or N (plan)")
    parser.add_argument("-o", "--output", type=Path)
    parser.add_argument("--build", type=Path, default=Path("build"))
    parser.add_argument("--documents", type=Path, default=Path("documents"))
    parser.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                        help="manifest, merge: an option of the build (make passes PAPER, SIGNATURE, PRINTER_ICC, "
                             "SITE_URL and SOURCE_DATE_EPOCH)")
    args = parser.parse_args(argv)
    options = dict(option.partition("=")[::2] for option in args.option)
    try:
        if args.command == "plan":
            if not (args.shard or "").isdigit() or not 1 <= int(args.shard) <= MOST_PARTS:
                raise ShardError(f"plan: give the number of parts (plan 4), not {args.shard!r}")
            for k, names in enumerate(plan(args.documents, int(args.shard)), 1):
                total = sum(cost(args.documents, name) for name in names)
                print(f"{k}/{args.shard}  {len(names):4d} documents  cost {total / 1000:10.0f} kB  {' '.join(names)}")
        elif args.command == "select":
            k, n = parse(args.shard or "")
            print(" ".join(plan(args.documents, n)[k - 1]))
        elif args.command == "manifest":
            part = manifest(args.build, args.documents, args.shard or "", options)
            _write(args.output, json.dumps(part, indent=1, sort_keys=True) + "\n")
            print(f"  PART  {args.output}  ({len(part['documents'])} documents, {len(part['files'])} files)")
        elif args.command == "merge":
            files = merge(args.build, args.documents, options)
            for relative in files:  # newer than their sources, templates and option stamps: make's own now
                os.utime(args.build / relative)
            _write(args.build / "SHA256SUMS", sums(files))
            print(f"  MERGE {len(files)} files of {len(list((args.build / 'parts').glob('*.json')))} parts checked; "
                  f"{args.build / 'SHA256SUMS'}")
        else:
            files = {p.relative_to(args.build).as_posix(): sha256(p)
                     for name in documents(args.documents) for p in outputs(args.build, name)}
            _write(args.build / "SHA256SUMS", sums(files))
    except ShardError as exc:
        print(f"shard: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"shard: error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
