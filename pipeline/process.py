"""What a failed engine process says about itself, in one line, for the messages the pipeline prints."""

from __future__ import annotations

import signal
import subprocess


def failure(result: subprocess.CompletedProcess) -> str:
    """Why a process failed: the signal that killed it (a shell wrapper reports it as 128 + the signal), its
    message without the Haskell backtrace pandoc adds, or its exit status."""
    code = result.returncode
    if code < 0 or 128 < code < 128 + signal.NSIG:
        killed = signal.Signals(-code if code < 0 else code - 128)
        return f"killed by {killed.name} ({signal.strsignal(killed)})"
    stderr = result.stderr.decode(errors="replace") if isinstance(result.stderr, bytes) else result.stderr or ""
    message = stderr.split("HasCallStack backtrace:")[0].strip()
    return message or f"exit status {code}"
