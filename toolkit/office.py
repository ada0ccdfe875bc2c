"""LibreOffice, headless: convert a document (DOCX → PDF, XLSX → ODS …)."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import ConversionFailed, OfficeMissing

CANDIDATES = ("soffice", "libreoffice",
              r"C:\Program Files\LibreOffice\program\soffice.exe",
              r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
              "/Applications/LibreOffice.app/Contents/MacOS/soffice")
TIMEOUT = int(os.environ.get("KIEMDIEM_SOFFICE_TIMEOUT", "180"))  # seconds LibreOffice may take for one file


def find_soffice() -> str | None:
    override = os.environ.get("KIEMDIEM_SOFFICE")
    for name in ((override,) if override else ()) + CANDIDATES:
        found = shutil.which(name) or (name if os.path.isfile(name) else None)
        if found:
            return found
    return None


def _run(cmd, fmt, timeout=None) -> None:
    """Run LibreOffice in a process group of its own: on a timeout, Ctrl-C or SIGTERM the whole group (soffice
    and the soffice.bin it starts) is stopped, so nothing keeps running or holds the profile folder."""
    posix = os.name == "posix"
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=posix)
    try:
        proc.wait(timeout=timeout or TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ConversionFailed(f"Chưa tạo được {fmt.split(':')[0].upper()}: LibreOffice không trả lời sau "
                               f"{timeout or TIMEOUT} giây. Hãy thử lại, hoặc đóng các cửa sổ LibreOffice đang mở.") from None
    finally:
        if proc.poll() is None:
            if posix:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            else:
                proc.kill()
            proc.wait()


def convert(source, fmt: str, outdir) -> Path:
    """Convert ``source`` to ``fmt`` ("pdf", "ods" …) into ``outdir``; return the new file's path.

    Each run has a profile folder of its own, so runs in parallel and a user's open
    LibreOffice do not collide.
    """
    soffice = find_soffice()
    if soffice is None:
        raise OfficeMissing("Chưa tạo được PDF: máy chưa cài LibreOffice (https://vi.libreoffice.org). Có thể mở "
                            "báo cáo .docx bằng Word rồi chọn Lưu thành PDF.")
    source, outdir = Path(source), Path(outdir)
    with tempfile.TemporaryDirectory(prefix="kiemdiem-lo-") as profile:
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--convert-to", fmt, "--outdir", str(outdir), str(source)]
        _run(cmd, fmt)
    produced = outdir / f"{source.stem}.{fmt.split(':')[0]}"
    if not produced.exists():
        raise ConversionFailed(f"Chưa tạo được {fmt.split(':')[0].upper()}: LibreOffice không chuyển được tệp "
                               f"“{source.name}”.")
    return produced


def convert_many(sources, fmt: str, outdir) -> list:
    """Convert several files in one LibreOffice call (one start-up for the lot); return the files produced,
    in the order of ``sources`` (None where LibreOffice produced nothing)."""
    soffice = find_soffice()
    if soffice is None:
        raise OfficeMissing("Chưa tạo được PDF: máy chưa cài LibreOffice (https://vi.libreoffice.org).")
    sources, outdir = [Path(s) for s in sources], Path(outdir)
    if not sources:
        return []
    with tempfile.TemporaryDirectory(prefix="kiemdiem-lo-") as profile:
        _run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
              "--convert-to", fmt, "--outdir", str(outdir), *map(str, sources)], fmt, TIMEOUT + 10 * len(sources))
    ext = fmt.split(":")[0]
    return [(outdir / f"{s.stem}.{ext}") if (outdir / f"{s.stem}.{ext}").exists() else None for s in sources]
