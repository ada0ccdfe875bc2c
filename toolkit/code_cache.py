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
import tempfile
from pathlib import Path

_SALT = None


def folder() -> Path:
    if os.environ.get("KIEMDIEM_CACHE_DIR"):
        return Path(os.environ["KIEMDIEM_CACHE_DIR"])
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "kiemdiem" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "kiemdiem"


def _salt() -> bytes:
    global _SALT
    if _SALT is None:
        import jinja2
        sandbox = Path(__file__).with_name("sandbox.py").read_bytes()
        _SALT = hashlib.sha256(sandbox + sys.version.encode() + jinja2.__version__.encode()).digest()
    return _SALT


def _path(source: str) -> Path:
    return folder() / (hashlib.sha256(_salt() + source.encode("utf-8")).hexdigest() + ".code")


def get(source: str):
    try:
        return marshal.loads(_path(source).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def put(source: str, code) -> None:
    try:
        path = _path(source)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(marshal.dumps(code))
        os.replace(tmp, path)
    except OSError:
        pass
