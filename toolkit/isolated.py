"""Fill a user's template in a child process, under time and memory limits.

The parent sends (context, chart, template bytes, name) — plain data only — on the child's standard input;
the child answers ``OK`` and the document's bytes, or ``ER`` and a Vietnamese message.  On POSIX systems the
child runs under RLIMIT_CPU and RLIMIT_AS; on Windows (no such limits from Python) only the wall-clock
timeout applies.  The sandbox's own bounds (``sandbox.py``) stop every known bomb long before either limit.
"""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

from .errors import TemplateError

CPU_SECONDS = 8
WALL_SECONDS = 10
MEMORY_BYTES = 2 * 1024 ** 3


def _limits():  # runs in the child, before Python starts (POSIX only)
    import resource
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def fill_isolated(context: dict, chart, data: bytes, name: str) -> bytes:
    payload = pickle.dumps((context, chart, data, name), protocol=pickle.HIGHEST_PROTOCOL)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path(__file__).resolve().parent.parent), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    posix = os.name == "posix"
    try:
        proc = subprocess.run([sys.executable, "-m", "toolkit.isolated"], input=payload, capture_output=True,
                              timeout=WALL_SECONDS, env=env, preexec_fn=_limits if posix else None,
                              start_new_session=posix)
    except subprocess.TimeoutExpired:
        raise TemplateError(f"Mẫu báo cáo “{name}” chạy quá lâu (hơn {WALL_SECONDS} giây) nên bị dừng.") from None
    out = proc.stdout
    if proc.returncode == 0 and out[:2] == b"OK":
        return out[2:]
    if out[:2] == b"ER":
        raise TemplateError(out[2:].decode("utf-8", "replace"))
    raise TemplateError(f"Mẫu báo cáo “{name}” dùng quá nhiều thời gian hoặc bộ nhớ nên bị dừng.")


def main() -> None:
    from .errors import KiemdiemError
    from .report import fill
    context, chart, data, name = pickle.loads(sys.stdin.buffer.read())
    try:
        answer = b"OK" + fill(context, chart, data, name)
    except KiemdiemError as exc:
        answer = b"ER" + exc.message.encode("utf-8")
    except MemoryError:
        answer = b"ER" + f"Mẫu báo cáo “{name}” dùng quá nhiều bộ nhớ nên bị dừng.".encode("utf-8")
    sys.stdout.buffer.write(answer)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
