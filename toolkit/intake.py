"""What a batch receives: workbooks given as files, found in folders, attached to saved e-mails (.eml, Outlook's
.msg, Maildir folders) or packed in .zip archives — each kept as bytes or a path with where it came from.

Everything here is untrusted: archives and e-mails are read in memory with limits (members, sizes, ratios),
never unpacked to disk; each workbook then passes the same file gate as any other (``safety.py``).
"""
from __future__ import annotations

import datetime as dt
import email
import email.message
import email.policy
import email.utils
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods")
MAX_ATTACHMENT = 64 * 1024 * 1024
MAX_MEMBERS = 1000
MAX_UNPACKED = 512 * 1024 * 1024
MAX_RATIO = 200
MAX_MESSAGE = 256 * 1024 * 1024  # bytes of attachments one e-mail may bring, archives unpacked
MAX_DEPTH = 8  # parts inside parts: multipart levels and e-mails attached to e-mails (forwarded), as deep as this


@dataclass
class Received:
    """A workbook received: by ``path`` or as ``data``; ``origin`` says where it came from."""
    name: str
    origin: str
    path: Path | None = None
    data: bytes | None = None
    received: dt.datetime | None = None   # the e-mail's Date
    sender: str = ""                      # the e-mail's From (for replies: never a workbook's own text)
    message_id: str = ""

    def content(self) -> bytes:
        return self.data if self.data is not None else self.path.read_bytes()


@dataclass
class SetAside:
    origin: str
    reason: str


def gather(inputs, skip=()) -> tuple:
    """(received workbooks, what was set aside and why) from files, folders, e-mails and archives.
    ``skip``: folders not to look into (the batch's own output)."""
    found, aside = [], []
    skip = [Path(s).resolve() for s in skip]
    for item in inputs:
        _gather(Path(item), found, aside, skip)
    return found, aside


def _gather(path: Path, found, aside, skip) -> None:
    if path.is_dir() and path.resolve() in skip:  # the batch's own output folder, met while walking an input
        return
    if not path.exists():
        aside.append(SetAside(str(path), "không tìm thấy tệp hoặc thư mục"))
    elif path.is_dir():
        if _maildir(path):
            for sub in ("new", "cur"):
                for message in sorted((path / sub).iterdir()):
                    if message.is_file():
                        _message(message.read_bytes(), str(message), found, aside)
            return
        for child in sorted(path.iterdir(), key=lambda p: p.name):
            if not child.name.startswith((".", "~$")):
                _gather(child, found, aside, skip)
    else:
        _file(path, found, aside)


def _maildir(path: Path) -> bool:
    return all((path / sub).is_dir() for sub in ("cur", "new", "tmp"))


def _file(path: Path, found, aside) -> None:
    suffix = path.suffix.lower()
    if suffix in WORKBOOKS:
        found.append(Received(path.name, str(path), path=path))
    elif suffix == ".zip":
        _archive(path.read_bytes(), str(path), found, aside, None)
    elif suffix == ".eml":
        _message(path.read_bytes(), str(path), found, aside)
    elif suffix == ".msg":
        _outlook(path, found, aside)
    else:
        aside.append(SetAside(str(path), "không phải sổ Excel, thư điện tử hay tệp nén .zip"))


def _archive(data: bytes, origin: str, found, aside, mail) -> None:
    import io
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED:
                aside.append(SetAside(origin, "tệp nén có quá nhiều hoặc quá lớn thành phần, nghi là “bom nén”"))
                return
            for info in infos:
                name = _member_name(info)
                where = f"{origin} → {name}"
                if Path(name).suffix.lower() not in WORKBOOKS:
                    continue
                if info.file_size > MAX_ATTACHMENT or info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    aside.append(SetAside(where, "tệp trong tệp nén quá lớn hoặc nén bất thường"))
                    continue
                found.append(Received(Path(name).name, where, data=zf.read(info), **(mail or {})))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError) as exc:
        aside.append(SetAside(origin, f"tệp nén bị hỏng hoặc có mật khẩu ({type(exc).__name__})"))


def _member_name(info: zipfile.ZipInfo) -> str:
    """A member's name, Vietnamese included: zip tools without the UTF-8 flag write the system's code page."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", "replace")
    for codec in ("utf-8", "cp1258"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return info.filename


def parse_message(raw: bytes):
    """The e-mail in ``raw``, or None when it cannot be parsed (the parser recurses into nested messages as it
    reads: a thousand of them nested is a RecursionError, not a message)."""
    try:
        return email.message_from_bytes(raw, policy=email.policy.default)
    except Exception:  # noqa: BLE001 - RecursionError or damage the parser does not forgive
        return None


def _message(data: bytes, origin: str, found, aside) -> None:
    before = len(found)
    try:
        msg = email.message_from_bytes(data, policy=email.policy.default)
        mail = {"received": _date(msg.get("Date")), "sender": _address(msg.get("From")),
                "message_id": str(msg.get("Message-ID") or "").strip()}
        _mime_parts(msg, origin, found, aside, mail, 0, [MAX_MESSAGE])
    except Exception as exc:  # noqa: BLE001 - a malformed or absurdly nested message: set aside whole
        del found[before:]
        aside.append(SetAside(origin, f"thư bị hỏng, không đọc được tệp đính kèm ({type(exc).__name__})"))
        return
    if len(found) == before:
        aside.append(SetAside(origin, "thư không có sổ Excel đính kèm"))


def _mime_parts(msg, origin: str, found, aside, mail: dict, depth: int, budget: list) -> None:
    """The workbooks attached to ``msg`` — inside its multipart parts (a signed message holds its content one level
    down) and inside the messages attached to it (a forwarded e-mail, as a message part or an .eml file), each
    level counted against MAX_DEPTH — dated by the message that carries them; replies still go to the sender of
    the e-mail received.  ``budget`` holds the bytes one e-mail may still bring."""
    for part in (msg.iter_parts() if msg.is_multipart() else [msg]):
        name = part.get_filename() or ""
        if part.get_content_type() == "message/rfc822" or Path(name).suffix.lower() == ".eml":
            inner = _inner_message(part)
            if inner is not None and depth < MAX_DEPTH:
                where = f"{origin} → {inner.get('Subject') or name or 'thư đính kèm'}"
                _mime_parts(inner, where, found, aside, {**mail, "received": _date(inner.get("Date"))
                                                         or mail["received"]}, depth + 1, budget)
        elif part.get_content_maintype() == "multipart":
            if depth < MAX_DEPTH:
                _mime_parts(part, origin, found, aside, mail, depth + 1, budget)
        elif name:
            _attachment(name, lambda p=part: p.get_payload(decode=True) or b"", origin, found, aside, mail, budget)


def _inner_message(part):
    """The message a part carries: parsed already (message/rfc822), or from its decoded bytes (a message part in
    base64, an .eml file attached as a file)."""
    payload = part.get_payload()
    encoded = str(part.get("Content-Transfer-Encoding", "")).strip().lower() in ("base64", "quoted-printable")
    if part.get_content_type() == "message/rfc822" and isinstance(payload, list) and payload and not encoded:
        return payload[0]
    if isinstance(payload, list):  # an encoded message part: the parser read its encoded text as a message
        import binascii
        import quopri
        from base64 import b64decode
        text = payload[0].get_payload() if payload else ""
        if not isinstance(text, str):
            return None
        cte = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
        try:
            data = b64decode(text.encode("ascii", "replace")) if cte == "base64" else \
                quopri.decodestring(text.encode("ascii", "replace"))
        except (binascii.Error, ValueError):  # not what its header says: this part only is skipped
            return None
    else:
        data = part.get_payload(decode=True)
    if not data or len(data) > MAX_ATTACHMENT:
        return None
    return email.message_from_bytes(data, policy=email.policy.default)


def _attachment(name: str, payload, origin: str, found, aside, mail: dict, budget: list) -> None:
    """One attached file: a workbook is taken, a .zip opened, anything else left (``payload`` reads it)."""
    suffix = Path(name).suffix.lower()
    if suffix not in WORKBOOKS + (".zip",):
        return
    where = f"{origin} → {name}"
    if budget[0] <= 0:
        aside.append(SetAside(where, "thư có quá nhiều tệp đính kèm, phần còn lại không được đọc"))
        return
    data = payload()
    if data is None:
        return
    before = len(found)
    if len(data) > MAX_ATTACHMENT:
        aside.append(SetAside(where, "tệp đính kèm quá lớn"))
    elif suffix == ".zip":
        _archive(data, where, found, aside, mail)
    else:
        found.append(Received(Path(name).name, where, data=data, **mail))
    budget[0] -= max(len(data), sum(len(r.data or b"") for r in found[before:]))  # an archive: what it unpacked


def _outlook(path: Path, found, aside) -> None:
    try:
        import extract_msg
    except ImportError:
        aside.append(SetAside(str(path), "chưa cài gói đọc thư Outlook (.msg): pip install extract-msg"))
        return
    try:
        msg = extract_msg.openMsg(str(path))
    except Exception as exc:  # extract-msg raises many kinds on damaged files
        aside.append(SetAside(str(path), f"không đọc được thư Outlook ({type(exc).__name__})"))
        return
    before = len(found)
    try:
        mail = {"received": _outlook_date(msg), "sender": _address(msg.sender),
                "message_id": str(getattr(msg, "messageId", "") or "")}
        _outlook_parts(msg, str(path), found, aside, mail, 0, [MAX_MESSAGE])
        if len(found) == before:
            aside.append(SetAside(str(path), "thư không có sổ Excel đính kèm"))
    except Exception as exc:  # a damaged part deep inside the message: the whole message is set aside
        del found[before:]
        aside.append(SetAside(str(path), f"không đọc được thư Outlook ({type(exc).__name__})"))
    finally:
        msg.close()


def _outlook_parts(msg, origin: str, found, aside, mail: dict, depth: int, budget: list) -> None:
    """As ``_mime_parts``, for an Outlook message: its attachments and those of the messages attached to it."""
    for att in msg.attachments:
        data = getattr(att, "data", None)
        if not isinstance(data, (bytes, type(None))) and hasattr(data, "attachments"):  # an attached message
            if depth < MAX_DEPTH:
                where = f"{origin} → {getattr(data, 'subject', None) or 'thư đính kèm'}"
                _outlook_parts(data, where, found, aside, {**mail, "received": _outlook_date(data)
                                                           or mail["received"]}, depth + 1, budget)
            continue
        name = getattr(att, "longFilename", None) or getattr(att, "shortFilename", None) or ""
        _attachment(name, lambda d=data: d if isinstance(d, bytes) else None, origin, found, aside, mail, budget)


def _outlook_date(msg) -> dt.datetime | None:
    moment = getattr(msg, "date", None)
    return _aware(moment) if isinstance(moment, dt.datetime) else _date(moment)


def _date(value) -> dt.datetime | None:
    if not value:
        return None
    try:
        return _aware(email.utils.parsedate_to_datetime(str(value)))
    except (TypeError, ValueError):
        return None


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _address(value) -> str:
    return email.utils.parseaddr(str(value or ""))[1].lower()


def modified(received: Received) -> dt.datetime | None:
    """The workbook's own modified time (document properties), or the file's."""
    import re
    data = received.content()
    try:
        if data[:2] == b"PK":
            import io
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for part, pattern in (("docProps/core.xml", rb"<dcterms:modified[^>]*>([^<]+)<"),
                                      ("meta.xml", rb"<dc:date>([^<]+)<")):
                    if part in zf.namelist():
                        m = re.search(pattern, zf.read(part)[:65536])
                        if m:
                            return _aware(dt.datetime.fromisoformat(m.group(1).decode().replace("Z", "+00:00")))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        pass
    if received.path is not None:
        return dt.datetime.fromtimestamp(os.path.getmtime(received.path), dt.timezone.utc)
    return None
