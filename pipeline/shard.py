"""Builds split across machines: `make SHARD=k/N` builds the k-th of N parts of the documents, `make merge` checks
the parts gathered into one build/ and makes them make's own.

    python3 -m pipeline.shard plan N [--documents documents]        the parts and their estimated costs
    python3 -m pipeline.shard select k/N [--documents documents]    the names of part k (what the Makefile builds)
    python3 -m pipeline.shard manifest k/N -o build/parts/k-of-N.json [--build build] [--documents documents]
    python3 -m pipeline.shard merge [--build build] [--documents documents]
    python3 -m pipeline.shard sums [--build build] [--documents documents]   build/SHA256SUMS of every edition

The parts are deterministic (the same documents give the same parts on every machine) and balanced by estimated
cost: each document costs a fixed amount (the five outputs' start-up and the validators') plus the size of its
source and pictures (the engines' work grows with the text); the largest documents are placed first, each in the
part with the least cost so far (ties by part number), which keeps every part within the largest document's cost
of the others. A part's manifest records the source digest and every output's SHA-256. `merge` refuses parts that
do not add up to the current documents exactly once, that were built from other sources, or whose files are missing
or changed; it then writes build/SHA256SUMS and makes the outputs newer than everything make compares them with,
so `make check`, `make release` and `make site` use them as they are.

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
_SHARD = re.compile(r"^([1-9][0-9]*)/([1-9][0-9]*)$")


class ShardError(Exception):
    """A part that cannot be built or merged, with the reason."""


def parse(shard: str) -> tuple[int, int]:
    match = _SHARD.match(shard.strip())
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise ShardError(f"SHARD must be k/N with 1 <= k <= N (SHARD=2/4), not {shard!r}")
    return int(match[1]), int(match[2])


def documents(folder: Path) -> list[str]:
    """The documents make builds: every folder of `folder` with a document.xml, by name."""
    return sorted(path.parent.name for path in folder.glob("*/document.xml"))


def cost(folder: Path, name: str) -> int:
    """The estimated cost of building a document: the fixed cost, its source and the other files of its folder."""
    return FIXED_COST + sum(path.stat().st_size for path in (folder / name).iterdir() if path.is_file())


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


def outputs(build: Path, name: str) -> list[Path]:
    """The editions make builds of a document that are there: the HTML folder, the PDF, the print master, the EPUB
    and the Word file."""
    found = sorted(p for p in (build / name / "html").rglob("*") if p.is_file())
    found += [p for p in (build / name / f"{name}{suffix}" for suffix in (".pdf", ".print.pdf", ".epub", ".docx"))
              if p.is_file()]
    return found


def manifest(build: Path, folder: Path, shard: str) -> dict:
    """What a part holds: its documents, their sources' digests and every output's SHA-256."""
    k, n = parse(shard)
    names = plan(folder, n)[k - 1]
    files = {}
    for name in names:
        found = outputs(build, name)
        if not found:
            raise ShardError(f"part {k}/{n}: {name} has no outputs in {build}/{name}/: build the part first")
        files.update({p.relative_to(build).as_posix(): sha256(p) for p in found})
    return {"shard": k, "of": n, "documents": names,
            "sources": {name: sha256(folder / name / "document.xml") for name in names},
            "files": dict(sorted(files.items()))}


def merge(build: Path, folder: Path) -> dict[str, str]:
    """Every part's files checked against its manifest and the current sources; the files of all parts."""
    manifests = sorted((build / "parts").glob("*.json"))
    if not manifests:
        raise ShardError(f"no parts to merge in {build}/parts/: build each with make SHARD=k/N and gather them")
    parts = []
    for path in manifests:
        try:
            parts.append(json.loads(path.read_text(encoding="utf-8")))
        except ValueError as exc:
            raise ShardError(f"{path}: not a part's manifest: {exc}") from None
    counts = {p["of"] for p in parts}
    if len(counts) != 1:
        raise ShardError(f"parts of different splits cannot be merged: of {', '.join(map(str, sorted(counts)))}")
    n = counts.pop()
    have = sorted(p["shard"] for p in parts)
    if have != list(range(1, n + 1)):
        missing = sorted(set(range(1, n + 1)) - set(have))
        raise ShardError(f"parts {', '.join(f'{k}/{n}' for k in missing) or 'repeated'} missing: have "
                         f"{', '.join(f'{k}/{n}' for k in have)}")
    expected = plan(folder, n)
    problems, files = [], {}
    for part in sorted(parts, key=lambda p: p["shard"]):
        k = part["shard"]
        if part["documents"] != expected[k - 1]:
            problems.append(f"part {k}/{n} holds {', '.join(part['documents']) or 'nothing'}, but the documents now "
                            f"make it {', '.join(expected[k - 1]) or 'nothing'}: built from other sources")
        for name, digest in part["sources"].items():
            source = folder / name / "document.xml"
            if not source.is_file() or sha256(source) != digest:
                problems.append(f"part {k}/{n}: {name} was built from another version of {source}")
        for relative, digest in part["files"].items():
            path = build / relative
            if not path.is_file():
                problems.append(f"part {k}/{n}: {path} is missing")
            elif sha256(path) != digest:
                problems.append(f"part {k}/{n}: {path} is not the file the part built (SHA-256 differs)")
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
    args = parser.parse_args(argv)
    try:
        if args.command == "plan":
            if not (args.shard or "").isdigit() or int(args.shard) < 1:
                raise ShardError(f"plan: give the number of parts (plan 4), not {args.shard!r}")
            for k, names in enumerate(plan(args.documents, int(args.shard)), 1):
                total = sum(cost(args.documents, name) for name in names)
                print(f"{k}/{args.shard}  {len(names):4d} documents  cost {total / 1000:10.0f} kB  {' '.join(names)}")
        elif args.command == "select":
            k, n = parse(args.shard or "")
            print(" ".join(plan(args.documents, n)[k - 1]))
        elif args.command == "manifest":
            part = manifest(args.build, args.documents, args.shard or "")
            _write(args.output, json.dumps(part, indent=1, sort_keys=True) + "\n")
            print(f"  PART  {args.output}  ({len(part['documents'])} documents, {len(part['files'])} files)")
        elif args.command == "merge":
            files = merge(args.build, args.documents)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
