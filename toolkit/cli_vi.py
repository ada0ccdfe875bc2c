"""Click's own words in Vietnamese: usage, help headings and usage errors, so that nothing a user sees is English.

Click looks its messages up with ``gettext``; ``install()`` gives each click module a lookup in this table
(a message not listed stays as click wrote it).
"""
from __future__ import annotations

import sys

WORDS = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Đối số",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Gõ “{command} {option}” để xem hướng dẫn.",
    "Aborted!": "Đã dừng.",
    "Missing argument": "Thiếu đối số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing command.": "Thiếu lệnh.",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "No such command {name!r}.": "Không có lệnh “{name}”.",
    "No such option {name!r}.": "Không có tùy chọn “{name}”.",
    "Option {name!r} does not take a value.": "Tùy chọn “{name}” không nhận giá trị.",
    "Option {name!r} requires an argument.": "Tùy chọn “{name}” cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn “{name}” cần {nargs} giá trị.",
    "Got unexpected extra argument ({args})": "Thừa đối số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa các đối số ({args})",
    "Did you mean {possibility}?": "Có phải ý là {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Có phải ý là một trong: {possibilities}?)",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "{name} {filename!r} does not exist.": "{name} “{filename}” không tồn tại.",
    "{name} {filename!r} is a directory.": "{name} “{filename}” là một thư mục.",
    "{name} {filename!r} is a file.": "{name} “{filename}” là một tệp.",
    "{name} {filename!r} is not readable.": "Không đọc được {name} “{filename}”.",
    "{name} {filename!r} is not writable.": "Không ghi được {name} “{filename}”.",
    "{value!r} is not a valid {number_type}.": "“{value}” không phải {number_type} hợp lệ.",
    "{value!r} is not {choice}.": "“{value}” không phải {choice}.",
    "{value!r} is not one of {choices}.": "“{value}” không thuộc: {choices}.",
    "file": "tệp", "directory": "thư mục", "path": "đường dẫn",
    "default: {default}": "mặc định: {default}",
    "unknown error": "lỗi không rõ",
}


def vi(message: str) -> str:
    return WORDS.get(message, message)


def vi_plural(singular: str, plural: str, n: int) -> str:
    return vi(singular if n == 1 else plural)


def install() -> None:
    """Make click speak Vietnamese (its modules look messages up through these names)."""
    import click  # noqa: F401 - loads the modules patched below
    for name in ("click.core", "click.exceptions", "click.formatting", "click.decorators", "click.parser",
                 "click.types", "click.termui", "click.utils"):
        module = sys.modules.get(name)
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = vi
        if hasattr(module, "ngettext"):
            module.ngettext = vi_plural
