"""Look at a file before any spreadsheet library opens it.

Workbooks arrive by e-mail from other units: treat them as untrusted.  This
refuses, with a one-line Vietnamese reason, what is not a workbook, what is
empty, truncated or corrupt, password-protected, a zip bomb, or XML that
declares entities (the "billion laughs" family).  It only reads the file.
"""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

import olefile

from .problems import UnreadableWorkbook

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".ods")

MAX_MEMBERS = 5_000
MAX_UNPACKED = 512 * 1024 * 1024       # all parts together, unpacked
MAX_RATIO = 200                        # unpacked / packed, for parts over 1 MiB
HEAD = 4096                            # bytes of each XML part looked at for a DTD


def _fail(path: Path, reason: str) -> UnreadableWorkbook:
    return UnreadableWorkbook(f"Không đọc được tệp “{path.name}”: {reason}")


def inspect(path) -> str:
    """Check ``path`` and return its kind, "zip" or "cfb"; raise UnreadableWorkbook otherwise."""
    path = Path(path)
    if not path.exists():
        raise _fail(path, "không tìm thấy tệp. Kiểm tra lại đường dẫn.")
    if path.is_dir():
        raise _fail(path, "đây là một thư mục, không phải tệp sổ Excel.")
    if path.stat().st_size == 0:
        raise _fail(path, "tệp rỗng (0 byte). Hãy gửi lại tệp đã lưu từ Excel.")
    with open(path, "rb") as fh:
        magic = fh.read(8)
    if magic.startswith(ZIP_MAGIC):
        _inspect_zip(path)
        return "zip"
    if magic == CFB_MAGIC:
        _inspect_cfb(path)
        return "cfb"
    if path.suffix.lower() not in EXTENSIONS:
        raise _fail(path, "không phải sổ Excel (.xlsx, .xlsm, .xls hoặc .ods).")
    raise _fail(path, "tệp bị hỏng hoặc không phải sổ Excel thật (chỉ có đuôi tên tệp). "
                      "Hãy mở bằng Excel, lưu lại dạng .xlsx rồi thử lại.")


def _inspect_cfb(path: Path) -> None:
    try:
        ole = olefile.OleFileIO(str(path))
    except Exception:  # olefile raises several kinds on damaged files
        raise _fail(path, "tệp bị hỏng. Hãy mở bằng Excel, lưu lại dạng .xlsx rồi thử lại.") from None
    try:
        streams = {"/".join(s) for s in ole.listdir()}
    finally:
        ole.close()
    if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
        raise _fail(path, "tệp được đặt mật khẩu. Hãy mở bằng Excel, gỡ mật khẩu "
                          "(Tệp → Thông tin → Bảo vệ sổ làm việc) rồi lưu lại.")
    if "Workbook" not in streams and "Book" not in streams:
        raise _fail(path, "không phải sổ Excel (có thể là tệp Word hoặc tệp khác).")


def inspect_document(path) -> None:
    """The same checks for a .docx template (untrusted when a user supplies it)."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise _fail(path, "không tìm thấy tệp mẫu hoặc tệp rỗng.")
    with open(path, "rb") as fh:
        if not fh.read(4).startswith(ZIP_MAGIC):
            raise _fail(path, "không phải tệp Word .docx (tệp .doc cũ: hãy mở bằng Word và lưu lại dạng .docx).")
    _inspect_zip(path, ("word/document.xml",), "không phải tệp Word .docx.")


def _inspect_zip(path: Path, markers=("xl/workbook.xml", "xl/workbook.bin", "content.xml"),
                 not_this="không phải sổ Excel (có thể là tệp Word, PowerPoint hoặc tệp nén).") -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if len(infos) > MAX_MEMBERS:
                raise _fail(path, "tệp chứa quá nhiều thành phần, nghi là tệp độc hại.")
            if sum(i.file_size for i in infos) > MAX_UNPACKED or any(
                    i.file_size > 1 << 20 and i.file_size > MAX_RATIO * max(i.compress_size, 1)
                    for i in infos):
                raise _fail(path, "tệp giải nén ra dung lượng bất thường (nghi là “bom nén”).")
            if not names.intersection(markers):
                raise _fail(path, not_this)
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    with zf.open(info) as part:
                        head = part.read(HEAD)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise _fail(path, "tệp chứa khai báo XML không an toàn, nghi là tệp độc hại.")
    except UnreadableWorkbook:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            ValueError):
        raise _fail(path, "tệp bị hỏng hoặc chưa tải về đầy đủ. Hãy xin gửi lại tệp.") from None
