"""Check an uploaded file before any parser sees it.

An .xlsx is a zip of XML parts. We refuse, with a clear Vietnamese message and a stable
code, anything that is not one: other formats (.xls, .csv, a renamed text file), files over
the configured size, zip bombs (declared or actual uncompressed size over the limit, an
absurd compression ratio, a member that inflates past its declared size), encrypted or
oddly compressed members, and XML carrying a DTD or entity declarations (billion laughs,
external entities). We decompress every member ourselves, bounded, so what the parser
reads afterwards has already been measured.

The same pass finds the cells that hold a formula (``<f>`` in the sheet XML): the reader
(calamine) only returns their cached values, and the import refuses formulas.
"""

import hashlib
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _

from coso.core.errors import DomainError

# Members above this size may not inflate more than MAX_RATIO times (zip bomb).
RATIO_CHECKED_FROM = 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 2000
CHUNK = 1024 * 1024
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


class UnsafeFile(DomainError):
    """The file is refused before parsing."""


@dataclass
class CheckedFile:
    """What the safety pass learnt: sheet names in order, their parts, formula cells."""

    sheets: list = field(default_factory=list)  # [(name, part)]
    parts_with_formulas: set = field(default_factory=set)
    uncompressed_bytes: int = 0
    _content: bytes = b""

    def facts(self):
        """What the job keeps of this pass (JSON), for :meth:`from_facts`."""
        return {
            "sha256": hashlib.sha256(self._content).hexdigest(),
            "sheets": [list(pair) for pair in self.sheets],
            "parts_with_formulas": sorted(self.parts_with_formulas),
            "uncompressed_bytes": self.uncompressed_bytes,
        }

    @classmethod
    def from_facts(cls, facts, content):
        """The pass already made on these bytes at the upload, without scanning them again;
        ``None`` when the bytes are not those that were checked (then check them again)."""
        if facts.get("sha256") != hashlib.sha256(content).hexdigest():
            return None
        return cls(
            sheets=[tuple(pair) for pair in facts["sheets"]],
            parts_with_formulas=set(facts["parts_with_formulas"]),
            uncompressed_bytes=facts["uncompressed_bytes"],
            _content=content,
        )

    def formula_cells(self, sheet_name):
        """(row, column) pairs, 1-based as Excel shows them, of cells holding a formula."""
        if not self.parts_with_formulas:
            return set()
        part = dict(self.sheets).get(sheet_name)
        if part is None or self.parts_with_formulas - {name for _sheet, name in self.sheets}:
            raise UnsafeFile(
                "formula_unlocated",
                _(
                    "Tệp có ô chứa công thức mà hệ thống không định vị được. Hãy sao chép dữ liệu rồi "
                    "«dán đặc biệt – chỉ giá trị» vào một tệp mới."
                ),
            )
        if part not in self.parts_with_formulas:
            return set()
        try:
            with zipfile.ZipFile(io.BytesIO(self._content)) as archive, archive.open(part) as stream:
                return _formula_positions(stream)
        except (ElementTree.ParseError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise UnsafeFile(
                "corrupt_xlsx", _("Tệp .xlsx bị hỏng, không đọc được. Hãy mở bằng Excel và lưu lại rồi tải lên lại.")
            ) from exc


def _mb(size):
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{max(size // 1024, 1)} KB"


def check_size(size):
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if size > limit:
        raise UnsafeFile(
            "file_too_large",
            _("Tệp quá lớn (%(mb)s); giới hạn là %(mb2)s. Hãy chia thành nhiều tệp nhỏ hơn.")
            % {"mb": _mb(size), "mb2": _mb(limit)},
        )


def check_upload(name, content):
    """Refuse (``UnsafeFile``) or return a :class:`CheckedFile` for an upload's bytes."""
    name = (name or "").strip()
    lowered = name.lower()
    check_size(len(content))
    if not content:
        raise UnsafeFile("empty_file", _("Tệp rỗng: không có dữ liệu để nhập."))
    if content.startswith(_OLE2) or lowered.endswith(".xls"):
        raise UnsafeFile(
            "xls_not_supported",
            _(
                "Tệp Excel 97-2003 (.xls) không được hỗ trợ. Hãy mở tệp bằng Excel và lưu lại "
                "dưới dạng «Sổ làm việc Excel (.xlsx)» rồi tải lên lại."
            ),
        )
    if lowered.endswith((".csv", ".txt", ".tsv")):
        raise UnsafeFile(
            "csv_not_supported",
            _("Tệp CSV, văn bản không được hỗ trợ. Hãy dùng tệp mẫu .xlsx tải từ trang này."),
        )
    if not lowered.endswith((".xlsx", ".xlsm")):
        raise UnsafeFile("not_xlsx", _("Chỉ nhận tệp Excel .xlsx. Hãy dùng tệp mẫu tải từ trang này."))
    buffer = io.BytesIO(content)
    if not zipfile.is_zipfile(buffer):
        raise UnsafeFile(
            "not_xlsx",
            _(
                "Tệp không phải là tệp Excel .xlsx thật (có thể là tệp khác bị đổi tên). "
                "Hãy mở bằng Excel và lưu lại dưới dạng .xlsx."
            ),
        )
    try:
        with zipfile.ZipFile(buffer) as archive:
            checked = _check_archive(archive, buffer)
    except UnsafeFile:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        struct.error,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
        OSError,
        KeyError,
        ElementTree.ParseError,
    ) as exc:
        raise UnsafeFile(
            "corrupt_xlsx",
            _("Tệp .xlsx bị hỏng, không đọc được. Hãy mở bằng Excel và lưu lại rồi tải lên lại."),
        ) from exc
    checked._content = content
    return checked


def _bomb():
    return UnsafeFile(
        "zip_bomb",
        _(
            "Tệp bị từ chối: dữ liệu nén bất thường (dung lượng sau giải nén quá lớn). "
            "Hãy lưu lại tệp bằng Excel; nếu dữ liệu thật sự lớn, hãy chia thành nhiều tệp."
        ),
    )


def _check_archive(archive, buffer):
    members = archive.infolist()
    names = {info.filename for info in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UnsafeFile(
            "not_xlsx",
            _(
                "Tệp nén này không phải là sổ làm việc Excel .xlsx (thiếu phần bắt buộc). "
                "Hãy mở bằng Excel và lưu lại dưới dạng .xlsx."
            ),
        )
    if len(members) > MAX_MEMBERS:
        raise _bomb()
    limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    declared = 0
    for info in members:
        if info.flag_bits & 0x1:
            raise UnsafeFile("encrypted_xlsx", _("Tệp có mật khẩu hoặc bị mã hoá. Hãy bỏ mật khẩu rồi tải lên lại."))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnsafeFile("corrupt_xlsx", _("Tệp .xlsx dùng kiểu nén không chuẩn. Hãy mở bằng Excel và lưu lại."))
        declared += info.file_size
        if info.file_size > RATIO_CHECKED_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _bomb()
    if declared > limit:
        raise _bomb()

    checked = CheckedFile()
    total = 0
    for info in members:
        if info.is_dir():
            continue
        is_xml = info.filename.lower().endswith(_XML_SUFFIXES)
        is_sheet = info.filename.startswith("xl/worksheets/") and is_xml
        tail = b""
        first = True
        for chunk in _inflate(buffer, info):
            total += len(chunk)
            if total > limit:
                raise _bomb()
            if not is_xml:
                continue
            if first:
                _check_encoding(chunk)
                first = False
            window = tail + chunk
            # A plain substring search first (fast); the pattern only where it could match.
            if b"<!" in window and _DTD.search(window):
                raise UnsafeFile(
                    "xml_dtd",
                    _(
                        "Tệp bị từ chối: chứa khai báo DOCTYPE/ENTITY trong XML (có thể là tấn công "
                        "«bom XML»). Tệp Excel bình thường không có các khai báo này."
                    ),
                )
            if (
                is_sheet
                and info.filename not in checked.parts_with_formulas
                and (b"<f" in window or b":f" in window)
                and _FORMULA.search(window)
            ):
                checked.parts_with_formulas.add(info.filename)
            tail = window[-32:]
    checked.uncompressed_bytes = total
    checked.sheets = _sheet_parts(archive)
    return checked


def _check_encoding(first_chunk):
    # Excel writes UTF-8. UTF-16/32 XML would hide declarations from the byte scan.
    head = first_chunk[:4]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) >= 2 and (head[0] == 0 or head[1] == 0)):
        raise UnsafeFile("xml_encoding", _("Tệp .xlsx có phần XML mã hoá bất thường. Hãy mở bằng Excel và lưu lại."))


def _inflate(buffer, info):
    """Yield the member's bytes, decompressed by us with every size bounded.

    The zip's declared sizes are checked against what really comes out: a member that
    inflates past its declared size is a bomb, whatever its CRC says.
    """
    buffer.seek(info.header_offset)
    header = buffer.read(_LOCAL_HEADER.size)
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != b"PK\x03\x04":
        raise zipfile.BadZipFile("bad local header")
    name_length, extra_length = fields[-2], fields[-1]
    buffer.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    remaining = info.compress_size
    produced = 0
    crc = 0
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    while remaining > 0:
        data = buffer.read(min(CHUNK, remaining))
        if not data:
            raise zipfile.BadZipFile("truncated member")
        remaining -= len(data)
        while data:
            if inflater is None:
                piece, data = data, b""
            else:
                # At most CHUNK bytes out per call: memory stays bounded whatever the ratio.
                piece = inflater.decompress(data, CHUNK)
                data = inflater.unconsumed_tail
            produced += len(piece)
            if produced > info.file_size:
                raise _bomb()
            crc = zlib.crc32(piece, crc)
            if piece:
                yield piece
    if inflater is not None:
        rest = inflater.flush()
        produced += len(rest)
        if produced > info.file_size:
            raise _bomb()
        crc = zlib.crc32(rest, crc)
        if rest:
            yield rest
    if produced != info.file_size or crc != info.CRC:
        raise zipfile.BadZipFile("size or CRC mismatch")


def _sheet_parts(archive):
    """[(sheet name, part path)] in workbook order. The XML has been checked: no DTD."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    try:
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        rels = None
    targets = {}
    if rels is not None:
        for rel in rels.iter(f"{{{_PKG_REL_NS}}}Relationship"):
            target = rel.get("Target", "")
            if target.startswith("/"):
                target = target.lstrip("/")
            elif not target.startswith("xl/"):
                target = "xl/" + target
            targets[rel.get("Id")] = target
    sheets = []
    for sheet in workbook.iter(f"{{{_MAIN_NS}}}sheet"):
        rel_id = sheet.get(f"{{{_REL_NS}}}id")
        sheets.append((sheet.get("name", ""), targets.get(rel_id, "")))
    return sheets


def _column_number(letters):
    number = 0
    for char in letters:
        number = number * 26 + (ord(char) - 64)
    return number


_REF = re.compile(r"([A-Z]+)(\d+)")


def _formula_positions(stream):
    """Stream a sheet part; collect (row, column) of each cell with an <f> child."""
    positions = set()
    row_number = 0
    column = 0
    in_cell = None
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        tag = element.tag.rsplit("}", 1)[-1]
        if event == "start":
            if tag == "row":
                row_number = int(element.get("r") or row_number + 1)
                column = 0
            elif tag == "c":
                match = _REF.match(element.get("r") or "")
                if match:
                    column = _column_number(match.group(1))
                    row_number = int(match.group(2))
                else:
                    column += 1
                in_cell = (row_number, column)
            elif tag == "f" and in_cell is not None:
                positions.add(in_cell)
        else:
            if tag == "c":
                in_cell = None
                element.clear()
            elif tag == "row":
                element.clear()
    return positions
