"""Printing conditions and their ICC profiles: the standard ones built once with ArgyllCMS from the characterization
data Debian ships (icc-profiles-free), and a printer's own profile checked before it is used.

    python -m pipeline.icc CONDITION [-o PATH]     build the profile of a standard condition (make does this)
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline import output
from pipeline.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]
#: Where Debian's icc-profiles-free package puts its characterization data (installed by scripts/setup).
DATA = Path("/usr/share/color/icc")
#: The ICC's registry of characterization data, where the standard conditions' identifiers are defined.
REGISTRY = "http://www.color.org"


@dataclass(frozen=True)
class Condition:
    """A standard printing condition: how it is named in the PDF's output intent and how its profile is built."""

    key: str         # the profile's file name, and the name on the command line
    identifier: str  # OutputConditionIdentifier, as registered with the ICC
    condition: str   # OutputCondition: what a person reads
    data: str        # the characterization data file in icc-profiles-free
    ink_limit: int   # total area coverage, in %, for colour converted through the profile
    credit: str      # the profile's copyright tag: where the data comes from, as its licence asks
    date: tuple[int, int, int]  # the profile's header date (the data's), so that two builds agree

    @property
    def description(self) -> str:
        return f"{self.identifier} ({self.condition}), built with ArgyllCMS"


CONDITIONS = {
    "FOGRA39": Condition(
        "FOGRA39", "FOGRA39",
        "Offset printing on coated paper, ISO 12647-2:2004/Amd 1, paper type 1 or 2",
        "FOGRA39L.ti3", 330,
        "Built from the FOGRA39L characterization data of Fogra (icc-profiles-free, zlib licence)",
        (2006, 12, 1)),
    "CGATS-TR006": Condition(
        "CGATS-TR006", "CGATS TR 006",
        "GRACoL printing on Grade 1 coated paper, ISO 12647-2 paper type 1",
        "TR006.ti3", 320,
        "Built from the characterization data of ANSI CGATS/GRACoL TR 006-2007 (icc-profiles-free)",
        (2006, 8, 28)),
}
#: The standard condition for each paper: European offset for A4, North American GRACoL for US Letter.
BY_PAPER = {"a4": "FOGRA39", "letter": "CGATS-TR006"}


@dataclass(frozen=True)
class Intent:
    """What the PDF's output intent says: the profile's bytes and the condition it characterizes."""

    profile: bytes
    identifier: str
    condition: str
    info: str
    registry: str | None  # None for a printer's own ("Custom") condition
    version: tuple[int, int]


def folder() -> Path:
    """Where the standard profiles are kept once built: PIPELINE_ICC_DIR, or .cache/icc in the project."""
    return Path(os.environ.get("PIPELINE_ICC_DIR") or ROOT / ".cache" / "icc")


def _fixed_date(profile: bytes, date: tuple[int, int, int]) -> bytes:
    """The profile with its header's creation date set (bytes 24-35); Argyll writes the clock's.
    Version 2 profiles have no profile ID (MD5) to recompute."""
    if profile[84:100] != bytes(16):
        raise RuntimeError("the built profile has a profile ID: its date cannot be fixed without recomputing it")
    return profile[:24] + struct.pack(">6H", *date, 0, 0, 0) + profile[36:]


def build(condition: Condition) -> bytes:
    """The profile of a standard condition, made by Argyll's colprof from Debian's characterization data
    (medium quality, Argyll's default; about 15 s)."""
    colprof = shutil.which("colprof")
    data = DATA / condition.data
    if colprof is None or not data.is_file():
        raise RuntimeError(f"cannot build the {condition.identifier} profile: colprof (argyll) or {data} "
                           "(icc-profiles-free) is missing: run `make setup`")
    with tempfile.TemporaryDirectory(prefix="icc-") as work:
        base = Path(work) / condition.key
        shutil.copyfile(data, base.with_suffix(".ti3"))
        subprocess.run([colprof, "-qm", "-nc", "-l", str(condition.ink_limit), "-D", condition.description,
                        "-C", condition.credit, str(base)], check=True, capture_output=True, timeout=600)
        profile = base.with_suffix(".icc").read_bytes()
    return _fixed_date(profile, condition.date)


def standard(key: str) -> Path:
    """The profile file of a standard condition, built on first use."""
    if key not in CONDITIONS:
        raise UsageError(f"unknown printing condition {key!r}: one of {', '.join(CONDITIONS)}")
    path = folder() / f"{key}.icc"
    if not path.is_file():
        print(f"building the {CONDITIONS[key].identifier} colour profile (once)", file=sys.stderr)
        output.write_file(path, build(CONDITIONS[key]))
    return path


@dataclass(frozen=True)
class Header:
    size: int
    version: tuple[int, int]
    device_class: str
    colour_space: str


def header(data: bytes) -> Header:
    """The fields of an ICC profile's header that decide whether it can be a PDF/X output intent."""
    if len(data) < 132 or data[36:40] != b"acsp":
        raise ValueError("not an ICC profile (no 'acsp' signature)")
    return Header(struct.unpack(">I", data[:4])[0], (data[8], data[9] >> 4),
                  data[12:16].decode("latin-1"), data[16:20].decode("latin-1"))


def description(data: bytes) -> str:
    """The profile's own name (its 'desc' tag), as colour software shows it."""
    import io

    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(io.BytesIO(data)).profile.profile_description.strip()


def check_printer_profile(path: Path) -> bytes:
    """A printer's own profile: readable, an output ('prtr') profile of CMYK. Raises UsageError otherwise."""
    try:
        data = path.read_bytes()
        found = header(data)
    except (OSError, ValueError) as exc:
        raise UsageError(f"--icc {path}: {exc}") from None
    if found.size != len(data):
        raise UsageError(f"--icc {path}: the profile says it is {found.size} bytes long, the file is {len(data)}")
    if (found.device_class, found.colour_space) != ("prtr", "CMYK"):
        raise UsageError(f"--icc {path}: a printer's profile must be an output profile of CMYK, not "
                         f"class {found.device_class!r}, colour space {found.colour_space.strip()!r}")
    return data


def intent(paper: str, printer_profile: Path | None = None) -> Intent:
    """The output intent of a print master: the printer's own profile (a "Custom" condition named by the profile),
    or the standard condition of the paper."""
    if printer_profile is not None:
        data = check_printer_profile(printer_profile)
        name = description(data) or printer_profile.stem
        return Intent(data, "Custom", name, name, None, header(data).version)
    condition = CONDITIONS[BY_PAPER[paper]]
    data = standard(condition.key).read_bytes()
    return Intent(data, condition.identifier, condition.condition, condition.description, REGISTRY,
                  header(data).version)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.icc", description=__doc__.splitlines()[0])
    parser.add_argument("condition", choices=sorted(CONDITIONS))
    parser.add_argument("-o", "--output", type=Path, help="where to write it (default: the profile folder)")
    args = parser.parse_args(argv)
    try:
        data = build(CONDITIONS[args.condition])
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"icc: error: {exc}", file=sys.stderr)
        return 1
    output.write_file(args.output or folder() / f"{args.condition}.icc", data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
