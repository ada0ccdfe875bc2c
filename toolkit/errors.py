"""One family of errors for every face (command line, Excel buttons, batch runs, e-mail replies).

Each error carries a Vietnamese message (what is wrong and, for the data, how to fix it), a stable code and
an exit status from ``EXIT``.  A face looks up what it needs: the CLI prints the message and exits with the
status, the Excel button shows a message box, a batch writes a summary row.  How to *act* (a command, a
flag, a button) is the face's to add: the core never names a command.
"""
from __future__ import annotations

EXIT = {  # one exit-status table for every command
    0: "xong",
    1: "sổ hoặc mẫu báo cáo có lỗi về dữ liệu, người dùng sửa trong tệp",
    2: "không đọc được tệp (không phải sổ Excel hay mẫu Word, bị hỏng, nghi độc hại) hoặc lệnh gõ sai",
    3: "môi trường dừng công việc: tệp kết quả đã có hoặc trùng tệp đầu vào, hết chỗ trên đĩa, không có quyền "
       "ghi, LibreOffice chưa cài hoặc không trả lời",
    4: "lỗi bên trong công cụ (cần báo cho người phát triển)",
}
DONE, DATA, UNREADABLE, ENVIRONMENT, INTERNAL = 0, 1, 2, 3, 4


class KiemdiemError(Exception):
    """Base of the family: ``message`` (Vietnamese), ``code``, ``exit_status``."""
    code = "error"
    exit_status = INTERNAL

    def __init__(self, message: str, path=None):
        super().__init__(message)
        self.message = message
        self.path = path

    def as_dict(self) -> dict:
        return {"code": self.code, "exit_status": self.exit_status, "message": self.message,
                "path": str(self.path) if self.path else ""}


class UnreadableWorkbook(KiemdiemError):
    """The file cannot be read as a workbook at all (not a workbook, damaged, protected, hostile)."""
    code, exit_status = "unreadable-workbook", UNREADABLE


class UnreadableTemplate(KiemdiemError):
    """A report template cannot be read as a .docx (not one, damaged, hostile)."""
    code, exit_status = "unreadable-template", UNREADABLE


class HasProblems(KiemdiemError):
    """The input has errors (``problems``, a problems.Report): nothing is written from it."""
    exit_status = DATA

    def __init__(self, message: str, problems, path=None):
        super().__init__(message, path)
        self.problems = problems


class WorkbookHasErrors(HasProblems):
    code = "workbook-has-errors"


class TemplateHasErrors(HasProblems):
    code = "template-has-errors"


class TemplateError(KiemdiemError):
    """The template passed its check but cannot be filled (a tag that fails on this data)."""
    code, exit_status = "template-error", DATA


class OutputExists(KiemdiemError):
    """The output exists and replacing it was not asked for."""
    code, exit_status = "output-exists", ENVIRONMENT


class OutputIsInput(KiemdiemError):
    """The output would replace one of the files being read (the workbook, the template)."""
    code, exit_status = "output-is-input", ENVIRONMENT


class OutputFailed(KiemdiemError):
    """The output could not be written: no space, no permission, a folder that cannot be made."""
    code, exit_status = "output-failed", ENVIRONMENT


class ConfigError(KiemdiemError):
    """The config file of a scheduled run cannot be read."""
    code, exit_status = "config-error", UNREADABLE


class Busy(KiemdiemError):
    """Another run holds the lock on the output folder."""
    code, exit_status = "busy", ENVIRONMENT


class MissingPackage(KiemdiemError):
    """A part of the toolkit needs packages this installation lacks (an extra: batch, excel)."""
    code, exit_status = "missing-package", ENVIRONMENT


class OfficeMissing(KiemdiemError):
    """LibreOffice is not installed (or not found): no PDF."""
    code, exit_status = "office-missing", ENVIRONMENT


class ConversionFailed(KiemdiemError):
    """LibreOffice ran but did not produce the file, or did not answer in time."""
    code, exit_status = "conversion-failed", ENVIRONMENT


def internal(exc: BaseException) -> KiemdiemError:
    """A bug, as a member of the family: the message says how to report it."""
    err = KiemdiemError(f"Lỗi ngoài dự kiến của công cụ ({type(exc).__name__}: {exc}). Hãy gửi tệp sổ và thông báo "
                        "này cho bộ phận CNTT hoặc người phát triển công cụ.")
    err.code = "internal-error"
    return err
