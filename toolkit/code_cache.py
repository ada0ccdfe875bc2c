"""Compiled templates kept on disk, keyed by what they were compiled from.

The key is a hash of the template text, of the sandbox's own code (which rewrites templates before compiling)
and of the Python and Jinja versions: a changed template, toolkit or Python never reuses a stale entry.
The folder is ``KIEMDIEM_CACHE_DIR``, else the user's cache folder; when it cannot be written, nothing is
cached and nothing fails.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path

_SALT = None


def folder() -> Path:
    if os.environ.get("KIEMDIEM_CACHE_DIR"):
        return Path(os.environ["KIEMDIEM_CACHE_DIR"])
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "kiemdiem" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "kiemdiem"


def _salt() -> bytes:
    """The code that turns a template into what is kept: the sandbox, the quick filler, and the versions of
    Python, Jinja, docxtpl and python-docx (read from their files, not imported: a click never loads docxtpl)."""
    global _SALT
    if _SALT is None:
        import importlib.util

        import jinja2
        here = Path(__file__).parent
        parts = [(here / name).read_bytes() for name in ("sandbox.py", "quickfill.py")]
        for package in ("docxtpl", "docx"):
            spec = importlib.util.find_spec(package)
            parts.append(Path(spec.origin).read_bytes() if spec and spec.origin else b"")
        versions = f"{sys.version} {jinja2.__version__}".encode()
        _SALT = hashlib.sha256(b"".join(parts) + versions).digest()
    return _SALT


def _path(source: str, kind: str = "code") -> Path:
    return folder() / (hashlib.sha256(_salt() + kind.encode() + source.encode("utf-8")).hexdigest() + f".{kind}")


def get(source: str):
    """The compiled code of a template's text, or None."""
    try:
        return marshal.loads(_path(source).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def put(source: str, code) -> None:
    _write(_path(source), marshal.dumps(code))


def get_text(kind: str, source: str):
    """A text derived from ``source`` (kept under ``kind``), or None."""
    try:
        return _path(source, kind).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None


def put_text(kind: str, source: str, text: str) -> None:
    _write(_path(source, kind), text.encode("utf-8"))


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all (``files.atomic_output``); a cache that cannot be written is no cache, not a failure."""
    from .errors import KiemdiemError
    from .files import atomic_output
    try:
        with atomic_output(path, overwrite=True) as out:
            out.tmp.write_bytes(data)
    except (KiemdiemError, OSError):
        pass
