"""A small process that starts the measured commands, so that their peak memory is their own.

A child's peak resident memory (ru_maxrss) also counts what it held between fork and exec: the image of the process
that started it. Started from the benchmark itself, which has loaded documents and engines, every figure would be
at least that large; started from this process, which imports next to nothing, the floor is a few megabytes.
Reads one JSON request a line on stdin ({"command", "cwd", "env"}), answers one JSON line on stdout.
"""

import json
import os
import subprocess
import sys
import tempfile
import time


def run(request: dict) -> dict:
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(request["command"], cwd=request["cwd"], env=request["env"],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = code = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        tail = errors.read().decode(errors="replace").strip()[-2000:] if code else ""
    return {"seconds": seconds, "peak_kb": usage.ru_maxrss, "cpu": usage.ru_utime + usage.ru_stime,
            "code": code, "errors": tail}


def main() -> None:
    for line in sys.stdin:
        try:
            answer = run(json.loads(line))
        except OSError as exc:  # a command that cannot start at all
            answer = {"code": -1, "errors": str(exc)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
