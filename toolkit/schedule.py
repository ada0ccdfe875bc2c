"""What a scheduled run needs: a config file (TOML), a lock so two runs never overlap, a log staff can read.

    [batch]
    inputs = ["nhan"]            # folders, files, saved e-mails; relative to this file's folder
    output = "bao-cao"
    pdf = true
    jobs = 2
    expected = "don-vi.xlsx"     # optional: the units expected, one a row
    template = ""                # optional: a report template of the Đoàn above
    log = "kiemdiem.log"
    keep_days = 365              # reports and received files older than this are removed (personal data)

The folder the job starts in never matters: every path is taken relative to the config file.
"""
from __future__ import annotations

import datetime as dt
import sys
from contextlib import contextmanager
from pathlib import Path

from .errors import ConfigError, Busy

PATHS = ("inputs", "output", "expected", "template", "log", "received")


def load_config(path) -> dict:
    """The config file's sections, every path made absolute against the file's folder."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"Không đọc được tệp cấu hình “{path}”: {exc.strerror or exc}.", path) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Tệp cấu hình “{path}” viết sai cú pháp TOML: {exc}.", path) from None
    base = path.resolve().parent
    for section in data.values():
        if not isinstance(section, dict):
            continue
        for name in PATHS:
            value = section.get(name)
            if isinstance(value, str) and value:
                section[name] = str(base / value)
            elif isinstance(value, list):
                section[name] = [str(base / v) for v in value]
    return data


@contextmanager
def lock(folder):
    """Hold the folder's lock for the run; another run on it is refused at once (it never waits)."""
    import filelock
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    held = filelock.FileLock(str(folder / ".kiemdiem.lock"))
    try:
        held.acquire(timeout=0)
    except filelock.Timeout:
        raise Busy(f"Một lần chạy khác đang dùng thư mục “{folder}”: lần này dừng để hai lần chạy không chồng "
                   "lên nhau.", folder) from None
    try:
        yield
    finally:
        held.release()


def logger(path=None):
    """Log lines (Vietnamese, with the time) to ``path`` if given, and to the terminal."""
    handle = open(path, "a", encoding="utf-8") if path else None

    def log(text: str) -> None:
        line = f"{dt.datetime.now():%Y-%m-%d %H:%M:%S} {text}"
        if handle:
            handle.write(line + "\n")
            handle.flush()
        print(line, file=sys.stderr)
    return log
