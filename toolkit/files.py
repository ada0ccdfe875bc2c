"""Writing outputs safely: whole or not at all, never over an input, never over another worker's file.

The output is written to a temporary file beside the target, then published in one step:
* without ``overwrite`` it is *linked* into place, which fails when the name exists — two workers choosing the
  same name never replace each other's file (``numbered`` then takes the next free name "…-2.docx");
* with ``overwrite`` it replaces the old file atomically.
"""
from __future__ import annotations

import errno
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputExists, OutputFailed, OutputIsInput

FULL_OR_FORBIDDEN = {errno.ENOSPC, errno.EACCES, errno.EPERM, errno.EROFS, errno.EFBIG,
                     getattr(errno, "EDQUOT", errno.ENOSPC)}


def same_file(a, b) -> bool:
    """True when ``a`` and ``b`` name one file: the same path after resolving links and case (Windows), or the
    same file reached by another name (a hard link)."""
    a, b = Path(a), Path(b)
    if os.path.normcase(str(a.resolve())) == os.path.normcase(str(b.resolve())):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def refuse_inputs(path, inputs) -> None:
    for source in inputs:
        if isinstance(source, (str, os.PathLike)) and same_file(path, source):
            raise OutputIsInput(f"Tệp kết quả “{Path(path).name}” chính là một tệp đầu vào (sổ hoặc mẫu báo cáo): "
                                "công cụ không bao giờ ghi lên tệp đang đọc. Hãy chọn tên tệp kết quả khác.", path)


class Output:
    """What ``atomic_output`` yields: write ``tmp``; after the block, ``path`` is where it was published."""

    def __init__(self, path: Path, tmp: Path):
        self.path, self.tmp = path, tmp


def numbered(path: Path, n: int) -> Path:
    return path if n < 2 else path.with_name(f"{path.stem}-{n}{path.suffix}")


@contextmanager
def atomic_output(path, overwrite: bool = False, inputs=(), numbered_name: bool = False, also=()):
    """Yield an ``Output``; on success its temporary file is published as ``path`` in one step.

    ``inputs``: files being read, which ``path`` may never be (with or without ``overwrite``).
    ``numbered_name``: when ``path`` is taken, use "name-2.ext", "name-3.ext" … (free also under the suffixes
    ``also``, e.g. ".pdf" beside a ".docx"), instead of raising OutputExists.
    On any error the temporary file is removed and nothing is left half-written.
    """
    path = Path(path)
    refuse_inputs(path, inputs)
    if path.is_dir():
        raise OutputFailed(f"Không ghi được “{path}”: đây là một thư mục. Hãy ghi tên tệp kết quả, ví dụ "
                           f"“{path / ('bao-cao' + (path.suffix or '.docx'))}”.", path)
    if not overwrite and not numbered_name and path.exists():
        raise OutputExists(f"Tệp “{path}” đã có nên không ghi đè.", path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".kiemdiem-", suffix=path.suffix, dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise _failed(path, exc) from None
    out = Output(path, Path(tmp))
    try:
        try:
            yield out
        except OSError as exc:
            if exc.errno in FULL_OR_FORBIDDEN:
                raise _failed(path, exc) from None
            raise
        _sync(out.tmp)
        out.path = _publish(out.tmp, path, overwrite, numbered_name, also, inputs)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _sync(tmp: Path) -> None:
    """Its bytes on the disk before its name is: a crash leaves the old file or the new, never an empty one."""
    try:
        fd = os.open(tmp, os.O_RDWR)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # a file system that cannot (some network shares): the rename still publishes it whole
        pass
    finally:
        os.close(fd)


def _publish(tmp: Path, path: Path, overwrite, numbered_name, also, inputs) -> Path:
    try:
        _mode(tmp, path if overwrite else None)
        if overwrite:
            os.replace(tmp, path)
            return path
        for n in range(1, 10_000):
            target = numbered(path, n)
            if any(target.with_suffix(s).exists() for s in also):
                continue
            refuse_inputs(target, inputs)
            if _link(tmp, target):
                return target
            if not numbered_name:
                raise OutputExists(f"Tệp “{path}” đã có nên không ghi đè.", path)
    except OSError as exc:
        raise _failed(path, exc) from None
    raise OutputFailed(f"Không tìm được tên tệp còn trống cho “{path.name}”.", path)


def _mode(tmp: Path, replaced: Path | None) -> None:
    """The mode a new file gets from the umask (mkstemp makes 0600); a replaced file keeps its own."""
    if os.name != "posix":
        return
    try:
        mode = replaced.stat().st_mode & 0o7777 if replaced is not None and replaced.exists() else None
    except OSError:
        mode = None
    if mode is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)


def _link(tmp: Path, target: Path) -> bool:
    """Publish ``tmp`` as ``target`` only if ``target`` does not exist; False when it does."""
    try:
        os.link(tmp, target)
        return True
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links (FAT, some network shares)
        if target.exists():
            return False
        os.replace(tmp, target)
        return True


def _failed(path: Path, exc: OSError) -> OutputFailed:
    full = "đĩa đã đầy (hoặc tệp vượt giới hạn dung lượng)"
    reason = {errno.ENOSPC: full, errno.EFBIG: full, getattr(errno, "EDQUOT", errno.ENOSPC): full,
              errno.EACCES: "không có quyền ghi", errno.EPERM: "không có quyền ghi",
              errno.EROFS: "ổ đĩa chỉ cho đọc"}.get(exc.errno) or f"lỗi hệ thống ({exc.strerror or exc})"
    what = "giải phóng chỗ trống trên đĩa" if reason == full else "xin quyền ghi"
    return OutputFailed(f"Không ghi được tệp “{path.name}” vào thư mục “{path.parent}”: {reason}. Hãy {what}, hoặc "
                        "chọn thư mục khác.", path)
