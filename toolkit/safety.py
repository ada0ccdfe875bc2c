"""Look at a file before any library opens it.

Workbooks and templates arrive by e-mail from other units: treat them as untrusted.  This refuses, with a
one-line Vietnamese reason, what is not a workbook (or a .docx), what is empty, truncated or corrupt,
password-protected, a zip bomb, or XML that declares entities (the "billion laughs" family).  It only reads.

A ``Source`` is a file given by path or by its bytes (an e-mail attachment, an upload), with a name to show.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from .errors import UnreadableTemplate, UnreadableWorkbook

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")

MAX_MEMBERS = 5_000
MAX_UNPACKED = 512 * 1024 * 1024       # all parts together, unpacked
MAX_FILE = 512 * 1024 * 1024           # the file itself
MAX_RATIO = 200                        # unpacked / packed, for parts over 1 MiB
HEAD = 4096                            # bytes of each XML part looked at for a DTD


class Source:
    """A file to read: ``path`` or ``data`` (bytes), and the ``name`` messages show."""

    def __init__(self, path=None, data: bytes | None = None, name: str | None = None):
        self.path = Path(path) if path is not None else None
        self.data = data
        self.name = name or (self.path.name if self.path else "(tệp trong bộ nhớ)")

    @classmethod
    def of(cls, source, name=None) -> "Source":
        if isinstance(source, Source):
            return source
        if isinstance(source, (bytes, bytearray, memoryview)):
            return cls(data=bytes(source), name=name)
        if hasattr(source, "read"):
            return cls(data=source.read(), name=name or Path(getattr(source, "name", "") or "").name or None)
        return cls(path=source, name=name)

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()

    def opener(self):
        """What zipfile, olefile and python-calamine accept: a BytesIO of the data, else the path."""
        return io.BytesIO(self.data) if self.data is not None else str(self.path)

    def for_olefile(self):
        """What olefile accepts: the bytes (it takes bytes as the file itself), else the path."""
        return self.data if self.data is not None else str(self.path)

    def in_memory(self) -> "Source":
        """The same file read once (after ``inspect`` has checked its size): every reader after shares it."""
        if self.data is not None:
            return self
        return Source(self.path, self.path.read_bytes(), self.name)

    def head(self, n: int) -> bytes:
        if self.data is not None:
            return self.data[:n]
        with open(self.path, "rb") as fh:
            return fh.read(n)

    def size(self) -> int:
        return len(self.data) if self.data is not None else self.path.stat().st_size


def read(source, name=None) -> tuple:
    """(the workbook in memory, its kind): read once, after its size is checked, and every check made on those
    bytes — what is parsed is what was inspected.  Raises UnreadableWorkbook."""
    src = Source.of(source, name)
    fail = _failer(src, UnreadableWorkbook)
    _exists(src, fail, "tệp sổ")
    if src.size() > MAX_FILE:
        raise fail("tệp quá lớn so với một sổ theo dõi (hơn 512 MB).")
    try:
        src = src.in_memory()
    except OSError as exc:
        raise fail(f"không đọc được tệp ({exc.strerror or exc}).") from None
    return src, inspect(src)


def inspect(source) -> str:
    """Check a workbook and return its kind, "zip" or "cfb"; raise UnreadableWorkbook otherwise."""
    src = Source.of(source)
    fail = _failer(src, UnreadableWorkbook)
    _exists(src, fail, "tệp sổ")
    magic = _head(src, fail)
    if magic.startswith(ZIP_MAGIC):
        _inspect_zip(src, fail, ("xl/workbook.xml", "xl/workbook.bin", "content.xml"),
                     "không phải sổ Excel (có thể là tệp Word, PowerPoint hoặc tệp nén).")
        return "zip"
    if magic == CFB_MAGIC:
        _inspect_cfb(src, fail)
        return "cfb"
    if src.suffix not in EXTENSIONS:
        raise fail("không phải sổ Excel (.xlsx, .xlsm, .xls hoặc .ods).")
    raise fail("tệp bị hỏng hoặc không phải sổ Excel thật (chỉ có đuôi tên tệp). "
               "Hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại.")


def inspect_document(source) -> None:
    """The same checks for a .docx template (untrusted when a user supplies it)."""
    src = Source.of(source)
    fail = _failer(src, UnreadableTemplate)
    _exists(src, fail, "tệp mẫu")
    if not _head(src, fail).startswith(ZIP_MAGIC):
        raise fail("không phải tệp Word .docx (tệp .doc cũ: hãy mở bằng Word và lưu lại dạng .docx).")
    _inspect_zip(src, fail, ("word/document.xml",), "không phải tệp Word .docx.")


def _head(src, fail) -> bytes:
    try:
        return src.head(8)
    except PermissionError:
        raise fail("không có quyền đọc tệp. Hãy chép tệp sang thư mục của mình rồi thử lại.") from None
    except OSError as exc:
        raise fail(f"không đọc được tệp ({exc.strerror or exc}).") from None


def _failer(src, error):
    def fail(reason):
        return error(f"Không đọc được tệp “{src.name}”: {reason}", src.path)
    return fail


def _exists(src, fail, what):
    if src.path is not None:
        if not src.path.exists():
            raise fail(f"không tìm thấy {what}. Kiểm tra lại đường dẫn.")
        if src.path.is_dir():
            raise fail(f"đây là một thư mục, không phải {what}.")
    if src.size() == 0:
        raise fail("tệp rỗng (0 byte). Hãy gửi lại tệp đã lưu.")


def _inspect_cfb(src, fail) -> None:
    import olefile  # only old .xls files need it
    try:
        ole = olefile.OleFileIO(src.for_olefile())
    except Exception:  # olefile raises several kinds on damaged files
        raise fail("tệp bị hỏng. Hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại.") from None
    try:
        streams = {"/".join(s) for s in ole.listdir()}
    finally:
        ole.close()
    if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
        raise fail("tệp được đặt mật khẩu. Hãy mở bằng Excel, gỡ mật khẩu "
                   "(Tệp → Thông tin → Bảo vệ sổ làm việc) rồi lưu lại.")
    if "Workbook" not in streams and "Book" not in streams:
        raise fail("không phải sổ Excel (có thể là tệp Word hoặc tệp khác).")


def _inspect_zip(src, fail, markers, not_this) -> None:
    try:
        with zipfile.ZipFile(src.opener()) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if len(infos) > MAX_MEMBERS:
                raise fail("tệp chứa quá nhiều thành phần, nghi là tệp độc hại.")
            if sum(i.file_size for i in infos) > MAX_UNPACKED or any(
                    i.file_size > 1 << 20 and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos):
                raise fail("tệp giải nén ra dung lượng bất thường (nghi là “bom nén”).")
            if not names.intersection(markers):
                raise fail(not_this)
            if "xl/workbook.bin" in names:
                raise fail("sổ dạng nhị phân (.xlsb) chưa được hỗ trợ. Hãy mở bằng Excel và lưu lại dạng .xlsx.")
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    with zf.open(info) as part:
                        head = part.read(HEAD)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise fail("tệp chứa khai báo XML không an toàn, nghi là tệp độc hại.")
    except (UnreadableWorkbook, UnreadableTemplate):
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            ValueError, RuntimeError):
        raise fail("tệp bị hỏng hoặc chưa tải về đầy đủ. Hãy xin gửi lại tệp.") from None
