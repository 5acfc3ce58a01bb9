"""Warm builds: make hands each build to a worker that has already imported the pipeline and the engines, so a
corpus pays Python's start and the imports (WeasyPrint's alone take most of a second) once per job slot, not once
per output.

    python -m pipeline.warm build FILE --to FORMAT -o PATH …    (what the Makefile runs; the same arguments as
                                                                  `python -m pipeline build`)

Every output keeps its own rule, prerequisites and recipe, so make's rebuilds stay exactly as precise as before:
only the process that does the work is shared. The client claims a free slot (a lock file each: one build per
worker at a time, and as many workers as make runs jobs at once), starts the slot's worker when it has none, sends
its command line, working folder and environment, prints what the build printed and exits with its status.

A worker serves only the make that started it: it stops as soon as that make has ended, or after IDLE seconds
without work, so nothing is left running. Before each build it checks that no file of pipeline/ or templates/ has
changed since it started; if one has, it stops and the client starts a fresh one. A make interrupted stops the
worker's build too (the client passes the signal on), and outputs are written whole or not at all as ever. Outside
make, with PIPELINE_WARM unset or 0, or when anything about the worker fails, the client builds in its own process,
exactly as `python -m pipeline build`."""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from pipeline import TEMPLATES

ROOT = TEMPLATES.parent
#: At most this many workers for one make (make -j8); a make with more jobs builds the rest in their own process.
SLOTS = 8
#: A worker with nothing to do for this long stops, even if its make is still running.
IDLE = 30.0
#: How long a client waits for a worker it started to listen.
START_WAIT = 20.0
#: The longest address of a Unix socket (108 bytes on Linux, with room to spare).
SOCKET_PATH_MAX = 100


# ---------------------------------------------------------------- the client


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    folder = os.environ.get("PIPELINE_WARM", "")
    make = make_ancestor() if folder and folder != "0" else None
    reply = None
    if make is not None:
        with contextlib.suppress(OSError, ValueError):
            reply = _through_worker(Path(folder).resolve(), make, argv)
    if reply is None:
        from pipeline.cli import main as build

        return build(argv)
    sys.stdout.write(reply["stdout"])
    sys.stderr.write(reply["stderr"])
    return reply["status"]


def make_ancestor() -> int | None:
    """The process id of the make that runs this build (the parent, or a shell between), or None."""
    pid = os.getppid()
    for _ in range(4):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return None
        name, rest = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
        if name in ("make", "gmake"):
            return pid
        pid = int(rest[1])
        if pid <= 1:
            return None
    return None


def _through_worker(folder: Path, make: int, argv: list[str]) -> dict | None:
    home = folder / str(make)
    home.mkdir(parents=True, exist_ok=True)
    _sweep(folder)
    for slot in range(SLOTS):
        with open(home / f"{slot}.lock", "a+") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # another build of this make has that worker
            return _ask(home, slot, make, argv)
    return None


def _sweep(folder: Path) -> None:
    """The folders of makes that have ended (a worker always removes its socket; the locks stay behind)."""
    for home in folder.iterdir():
        if home.name.isdigit() and not alive(int(home.name)):
            shutil.rmtree(home, ignore_errors=True)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _connect(path: Path, wait: float = 0.0, worker: subprocess.Popen | None = None) -> socket.socket | None:
    """A connection to the worker listening at `path`, waiting for one being started (unless it has died)."""
    deadline = time.monotonic() + wait
    while True:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            connection.connect(str(path))
            return connection
        except OSError:
            connection.close()
            if time.monotonic() >= deadline or (worker is not None and worker.poll() is not None):
                return None
            time.sleep(0.02)


def _ask(home: Path, slot: int, make: int, argv: list[str]) -> dict | None:
    path = home / f"{slot}.sock"
    if len(os.fsencode(path)) > SOCKET_PATH_MAX:
        return None  # too long for a Unix socket's address: build in this process
    for _ in range(2):  # a worker that found the code changed stops: the second try starts a fresh one
        connection = _connect(path)
        if connection is None:
            worker = subprocess.Popen([sys.executable, "-m", "pipeline.warm", "serve", str(home), str(slot),
                                       str(make)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, start_new_session=True, cwd=ROOT)
            connection = _connect(path, START_WAIT, worker)
            if connection is None:
                return None
        with connection, connection.makefile("rwb") as stream:
            hello = _receive(stream)
            if hello is None:
                return None
            reply = _exchange(stream, int(hello["pid"]),
                              {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)})
        if reply is not None and not reply.get("restart") and os.environ.get("PIPELINE_WARM_TRACE"):
            with open(os.environ["PIPELINE_WARM_TRACE"], "a") as trace:  # which worker built it, for the tests
                trace.write(f"{hello['pid']}\n")
        if reply is None or not reply.get("restart"):
            return reply
    return None


class _Stopped(BaseException):
    def __init__(self, signum: int):
        self.signum = signum


def _stop(signum, frame):
    raise _Stopped(signum)


def _exchange(stream, worker: int, request: dict) -> dict | None:
    """Send the build and wait for its result; a make interrupted meanwhile stops the worker's build with it."""
    previous = {s: signal.signal(s, _stop) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    try:
        _send(stream, request)
        return _receive(stream)
    except _Stopped as stopped:
        with contextlib.suppress(OSError):
            os.kill(worker, signal.SIGTERM)  # the worker unwinds: no output half-written, and it stops
        raise SystemExit(128 + stopped.signum) from None
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _send(stream, message: dict) -> None:
    stream.write(json.dumps(message).encode() + b"\n")
    stream.flush()


def _receive(stream) -> dict | None:
    line = stream.readline()
    return json.loads(line) if line else None


# ---------------------------------------------------------------- the worker


def fingerprint() -> tuple:
    """What a warm worker's builds depend on besides their sources: every file of pipeline/ and templates/."""
    found = []
    for root in (ROOT / "pipeline", TEMPLATES):
        for path in root.rglob("*"):
            if "__pycache__" not in path.parts and path.is_file():
                info = path.stat()
                found.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(sorted(found))


def run(request: dict) -> dict:
    """One build, as `python -m pipeline build` would run it in the client's folder and environment."""
    from pipeline.cli import main as build

    saved = dict(os.environ), os.getcwd()
    out, err = io.StringIO(), io.StringIO()
    os.environ.clear()
    os.environ.update(request["env"])
    try:
        os.chdir(request["cwd"])
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = build(request["argv"])
            except SystemExit as exit:
                status = exit.code if isinstance(exit.code, int) else 1
    finally:
        os.environ.clear()
        os.environ.update(saved[0])
        os.chdir(saved[1])
    return {"status": status, "stdout": out.getvalue(), "stderr": err.getvalue()}


def serve(home: Path, slot: int, make: int) -> int:
    """Build what the clients of one make send, one at a time, until that make ends or nothing comes for IDLE s."""
    import pipeline.cli  # noqa: F401 (warm: the pipeline's own modules; each engine is imported by its first build)

    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    started = fingerprint()
    path = home / f"{slot}.sock"
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)
    listener.settimeout(0.2)
    last = time.monotonic()
    try:
        while alive(make) and time.monotonic() - last < IDLE:
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            connection.settimeout(None)
            with connection, connection.makefile("rwb") as stream:
                try:
                    _send(stream, {"pid": os.getpid()})
                    request = _receive(stream)
                    if request is None:
                        continue
                    if fingerprint() != started:
                        _send(stream, {"restart": True})
                        return 0
                    _send(stream, run(request))
                except (OSError, ValueError):
                    continue  # the client went away (its make was interrupted): nothing to answer
            last = time.monotonic()
    finally:
        listener.close()
        path.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["serve"]:
        sys.exit(serve(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])))
    sys.exit(main())
