"""Writing outputs safely: to a temporary file beside the target, then renamed."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


class OutputExists(Exception):
    """The output file exists and overwriting was not asked for."""


class OutputIsInput(Exception):
    """The output would replace one of the files being read (the workbook, the template)."""


def same_file(a, b) -> bool:
    """True when ``a`` and ``b`` name one file: the same path after resolving links and case (Windows), or the
    same file reached by another name (a hard link, a second mount)."""
    a, b = Path(a), Path(b)
    if os.path.normcase(os.path.abspath(a.resolve())) == os.path.normcase(os.path.abspath(b.resolve())):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


@contextmanager
def atomic_output(path, overwrite: bool = False, inputs=()):
    """Yield a temporary path; on success it replaces ``path`` in one step.

    On any error the temporary file is removed and ``path`` is left as it was,
    so a reader never sees a half-written document.  ``path`` may never be one of
    ``inputs``, with or without ``overwrite``.
    """
    path = Path(path)
    for source in inputs:
        if source is not None and same_file(path, source):
            raise OutputIsInput(str(path))
    if path.exists() and not overwrite:
        raise OutputExists(str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".kiemdiem-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def free_name(path, also=()) -> Path:
    """``path`` if it is free, else the first free "name-2.ext", "name-3.ext" …

    ``also``: other suffixes that must be free under the same name (".pdf" beside a ".docx").
    """
    path = Path(path)
    n = 2
    candidate = path
    while any(candidate.with_suffix(s).exists() for s in (path.suffix, *also)):
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate
