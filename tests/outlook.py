"""A real Outlook message for the tests: ``other.msg`` from the test files of msg_parser 1.0.0 (BSD licence;
fetched by .ci/run into .ci/msg/, never committed), a delivery notice that Outlook saved with the original
message attached and, inside that, a PDF.  ``with_workbook`` puts a workbook in the PDF's place: olefile writes
a stream only in place, so the workbook is padded to the PDF's size (a zip comment and an extra field its
readers skip) and its file name to the same length; every other byte is Outlook's."""
from __future__ import annotations

import io
import os
import shutil
import struct
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL = Path(os.environ.get("KIEMDIEM_REAL_MSG") or ROOT / ".ci" / "msg" / "other.msg")
INNER = "__attach_version1.0_#00000000/__substg1.0_3701000D/__attach_version1.0_#00000000/"
DATA, LONG_NAME = INNER + "__substg1.0_37010102", INNER + "__substg1.0_3707001F"
INNER_DATE = "2017-11-27T09:44:11+00:00"  # the attached message's own date (the notice is 19 s later)


def real_msg() -> Path:
    if not REAL.exists():
        if os.environ.get("KIEMDIEM_CI") == "1":
            pytest.fail(f"the real Outlook message is missing in CI: {REAL} (.ci/run fetches it)")
        pytest.skip("no real Outlook message here: bash .ci/run fetches one into .ci/msg/")
    return REAL


def padded(workbook: bytes, size: int) -> bytes:
    """``workbook`` rewritten to exactly ``size`` bytes: an extra field (id 0xCAFE, written in the local and
    the central header) on its first members, and the archive comment."""
    def build(extras, comment=b""):
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(workbook)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for i, info in enumerate(src.infolist()):
                info.extra = struct.pack("<HH", 0xCAFE, extras[i]) + b"\0" * extras[i] if i < len(extras) else b""
                dst.writestr(info, src.read(info))
            dst.comment = comment
        return out.getvalue()
    need, extras = size - len(build([])), []
    while need > 0xFFFF:  # each field is written twice and holds at most 0xFFFF bytes; the comment the rest
        extras.append(min(0xFF00, (need - 0x8000) // 2 - 4))
        need -= 2 * (extras[-1] + 4)
    data = build(extras, b" " * need)
    assert len(data) == size, (len(data), size)
    return data


def with_workbook(workbook: bytes, out: Path, name: str) -> Path:
    """The real message with ``workbook`` attached as ``name`` (as long as the PDF's name: 30 characters)."""
    import olefile
    shutil.copy(real_msg(), out)
    with olefile.OleFileIO(str(out), write_mode=True) as ole:
        ole.write_stream(DATA, padded(workbook, ole.get_size(DATA)))
        old = ole.openstream(LONG_NAME).read()
        new = name.encode("utf-16-le")
        assert len(new) == len(old), f"the name must have {len(old) // 2} characters"
        ole.write_stream(LONG_NAME, new)
    return out
