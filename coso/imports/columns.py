"""The columns of each import, and the parsers that turn a cell into a value or a reason.

Headers are matched without tones and case ("ho va ten" finds "Họ và tên"). Every parser
returns ``(value, None)`` or ``(None, reason)``; the reason is what the user reads, in
Vietnamese, next to the row number and the column.
"""

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.core.text import fold
from coso.imports.export import looks_like_formula

# Cells of a column repeat the same few words ("Nam", "có", "Học sinh"): fold each once.
cached_fold = lru_cache(maxsize=16384)(fold)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    help: str
    example: object = ""
    aliases: tuple = ()
    required: bool = False
    choices: tuple = ()  # shown as a drop-down in the template
    width: int = 16
    date: bool = False

    @property
    def folded_names(self):
        return {fold(self.header), *(fold(a) for a in self.aliases)}


YES_NO = ("có", "không")

PERSON_COLUMNS = [
    Column(
        "family_name", "Họ", gettext_lazy("Họ của người (bắt buộc nếu không dùng cột «Họ và tên»)."), "Nguyễn", width=12
    ),
    Column("middle_name", "Tên đệm", gettext_lazy("Tên đệm, có thể để trống."), "Văn", aliases=("Tên lót",), width=14),
    Column("given_name", "Tên", gettext_lazy("Tên (bắt buộc nếu không dùng cột «Họ và tên»)."), "An", width=10),
    Column(
        "full_name",
        "Họ và tên",
        gettext_lazy("Dùng thay cho ba cột Họ, Tên đệm, Tên: hệ thống tách từ đầu là họ, từ cuối là tên."),
        "",
        aliases=("Họ tên",),
        width=24,
    ),
    Column(
        "birth_date",
        "Ngày sinh",
        gettext_lazy("Dạng dd/mm/yyyy, ví dụ 05/09/2001."),
        datetime.date(2001, 9, 5),
        date=True,
        width=12,
    ),
    Column("sex", "Giới tính", gettext_lazy("Nam hoặc Nữ."), "Nam", required=True, choices=("Nam", "Nữ"), width=10),
    Column(
        "unit_code",
        "Mã đơn vị",
        gettext_lazy("Mã của chi đoàn/đơn vị (xem ở trang đơn vị). Có thể dùng cột «Đơn vị» (tên đầy đủ) thay thế."),
        "t-ts-1",
        width=14,
    ),
    Column(
        "unit_name",
        "Đơn vị",
        gettext_lazy("Tên đầy đủ của đơn vị trong phạm vi của bạn, dùng khi không có mã; tên phải không trùng."),
        "",
        aliases=("Tên đơn vị", "Chi đoàn"),
        width=28,
    ),
    Column("is_cadre", "Cán bộ", gettext_lazy("có hoặc không (mặc định: không)."), "không", choices=YES_NO, width=10),
    Column("is_member", "Đoàn viên", gettext_lazy("có hoặc không (mặc định: có)."), "có", choices=YES_NO, width=10),
    Column(
        "target_group", "Đối tượng", gettext_lazy("Tên hoặc mã đối tượng đoàn viên, ví dụ «Học sinh»."), "", width=24
    ),
    Column(
        "party_status",
        "Đảng",
        gettext_lazy("Đảng viên / Đối tượng phát triển Đảng / Chưa (mặc định: Chưa)."),
        "Chưa",
        aliases=("Đảng viên",),
        choices=("Đảng viên", "Đối tượng phát triển Đảng", "Chưa"),
        width=22,
    ),
    Column("party_joined_on", "Ngày vào Đảng", gettext_lazy("Chỉ với đảng viên; dd/mm/yyyy."), "", date=True, width=12),
    Column(
        "on_payroll",
        "Biên chế",
        gettext_lazy("Trong biên chế: có hoặc không (mặc định: không)."),
        "không",
        choices=YES_NO,
        aliases=("Trong biên chế",),
        width=10,
    ),
    Column(
        "job_title",
        "Chức danh",
        gettext_lazy("Chức danh công tác, có thể để trống."),
        "",
        aliases=("Chức vụ", "Chức danh công tác"),
        width=18,
    ),
    Column(
        "phone",
        "Điện thoại",
        gettext_lazy("Số điện thoại; nên định dạng ô là văn bản để giữ số 0 đầu."),
        "0912345678",
        aliases=("Số điện thoại", "SĐT"),
        width=14,
    ),
    Column("email", "Email", gettext_lazy("Địa chỉ thư điện tử."), "", aliases=("Thư điện tử", "E-mail"), width=22),
    Column(
        "national_id",
        "Số định danh",
        gettext_lazy("Số định danh cá nhân / CCCD, có thể để trống."),
        "",
        aliases=("CCCD", "Số CCCD"),
        width=16,
    ),
    Column("joined_union_on", "Ngày vào Đoàn", "dd/mm/yyyy.", datetime.date(2016, 3, 26), date=True, width=12),
    Column(
        "education",
        "Trình độ học vấn",
        gettext_lazy("Trung học phổ thông / Trung cấp / Cao đẳng / Đại học / Thạc sĩ / Tiến sĩ."),
        "Đại học",
        aliases=("Trình độ",),
        width=18,
    ),
    Column(
        "political_theory",
        "Lý luận chính trị",
        gettext_lazy("Chưa qua đào tạo / Sơ cấp / Trung cấp / Cao cấp."),
        "",
        aliases=("LLCT",),
        choices=("Chưa qua đào tạo", "Sơ cấp", "Trung cấp", "Cao cấp"),
        width=16,
    ),
]

UNIT_COLUMNS = [
    Column(
        "name",
        "Tên đơn vị",
        gettext_lazy("Tên đầy đủ, ví dụ «Đoàn xã Trà Sơn»."),
        "Chi đoàn thôn 2",
        required=True,
        width=30,
    ),
    Column(
        "code",
        "Mã đơn vị",
        gettext_lazy("Mã riêng, không trùng; để các dòng sau (và tệp người) nhắc tới."),
        "t-ts-2",
        width=14,
    ),
    Column(
        "parent_code",
        "Mã đơn vị cấp trên",
        gettext_lazy("Mã của đơn vị cấp trên: đã có trong hệ thống hoặc ở một dòng phía trên trong tệp này."),
        "t-ts",
        required=True,
        width=16,
    ),
    Column(
        "level",
        "Cấp",
        gettext_lazy("Tên hoặc mã cấp, ví dụ «Chi đoàn», «Đoàn cơ sở»."),
        "Chi đoàn",
        required=True,
        width=22,
    ),
    Column(
        "sector",
        "Khu vực",
        gettext_lazy(
            "Địa bàn dân cư / Trường học / Công nhân lao động / Hành chính sự nghiệp / "
            "Lực lượng vũ trang; có thể để trống."
        ),
        "Địa bàn dân cư",
        width=20,
    ),
    Column(
        "is_mountainous", "Miền núi", gettext_lazy("có hoặc không (mặc định: không)."), "có", choices=YES_NO, width=10
    ),
    Column("short_name", "Tên ngắn", gettext_lazy("Có thể để trống."), "", width=14),
    Column(
        "admin_code",
        "Mã hành chính",
        gettext_lazy("Mã đơn vị hành chính (xã, phường), có thể để trống."),
        "",
        aliases=("Mã đơn vị hành chính",),
        width=14,
    ),
    Column("address", "Địa chỉ", gettext_lazy("Có thể để trống."), "", width=30),
]

COLUMNS = {"persons": PERSON_COLUMNS, "units": UNIT_COLUMNS}


@dataclass
class HeaderMap:
    """Where each known column is in the sheet: key -> (index, header as written)."""

    index: dict = field(default_factory=dict)
    header: dict = field(default_factory=dict)
    ignored: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)

    def has(self, key):
        return key in self.index

    def label(self, key, columns):
        if key in self.header:
            return self.header[key]
        return next((c.header for c in columns if c.key == key), key)


def match_headers(cells, columns):
    by_name = {}
    for column in columns:
        for name in column.folded_names:
            by_name[name] = column
    found = HeaderMap()
    for index, cell in enumerate(cells):
        text = cell_text(cell)
        if not text:
            continue
        column = by_name.get(fold(text).rstrip(" *:"))
        if column is None:
            found.ignored.append(text)
        elif column.key in found.index:
            found.duplicates.append(text)
        else:
            found.index[column.key] = index
            found.header[column.key] = text
    return found


# ----- cell parsers -------------------------------------------------------------------

FORMULA_REASON = gettext_lazy("Công thức không được phép: hãy nhập giá trị (dán đặc biệt «chỉ giá trị»).")


def cell_text(value):
    """A cell as the user sees it, for messages and the error sheet."""
    if value.__class__ is str:
        return " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def is_formula_text(value):
    return isinstance(value, str) and looks_like_formula(value.strip())


def parse_text(value, max_length):
    text = cell_text(value)
    if len(text) > max_length:
        return None, _("Dài quá %(max_length)s ký tự.") % {"max_length": max_length}
    return text, None


_DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
MIN_YEAR = 1900


def parse_date(value, today):
    if value in (None, ""):
        return None, None
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    elif isinstance(value, str):
        text = value.strip()
        match = _DATE_TEXT.match(text)
        try:
            if match:
                day = datetime.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
            elif (iso := _ISO_DATE.match(text)) is not None:
                day = datetime.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            else:
                return None, _("Ngày không hợp lệ: cần dạng dd/mm/yyyy, ví dụ 05/09/2001.")
        except ValueError:
            return None, _("Ngày không tồn tại (kiểm tra ngày và tháng, dạng dd/mm/yyyy).")
    else:
        return None, _("Ngày không hợp lệ: cần dạng dd/mm/yyyy (ô kiểu ngày hoặc văn bản), không phải số.")
    if day.year < MIN_YEAR:
        return None, _("Ngày trước năm %(MIN_YEAR)s: kiểm tra lại.") % {"MIN_YEAR": MIN_YEAR}
    if day > today:
        return None, _("Ngày ở tương lai: kiểm tra lại.")
    return day, None


_YES = {"co", "x", "1", "true", "yes", "dung", "phai"}
_NO = {"khong", "0", "false", "no", "sai", "chua"}


def parse_bool(value, default):
    if value in (None, ""):
        return default, None
    if isinstance(value, bool):
        return value, None
    if isinstance(value, (int, float)):
        if value in (0, 1):
            return bool(value), None
        return None, _("Chỉ nhận «có» hoặc «không».")
    word = cached_fold(str(value))
    if word in _YES:
        return True, None
    if word in _NO:
        return False, None
    return None, _("Chỉ nhận «có» hoặc «không».")


def parse_choice(value, table, reason, default=None):
    """``table`` maps folded words to values."""
    if value in (None, ""):
        return default, None
    found = table.get(cached_fold(cell_text(value)))
    if found is None:
        return None, reason
    return found, None


_PHONE = re.compile(r"^\+?[\d .\-()]{6,20}$")


def parse_phone(value):
    if value in (None, ""):
        return "", None
    if isinstance(value, float):
        if not value.is_integer():
            return None, _("Số điện thoại không hợp lệ.")
        text = str(int(value))
        # A number cell lost the leading zero of a Vietnamese number (10 digits).
        if len(text) == 9:
            text = "0" + text
    else:
        text = cell_text(value)
    if not _PHONE.match(text) or len(text) > 20:
        return None, _("Số điện thoại không hợp lệ (chỉ gồm chữ số, có thể có dấu + ở đầu).")
    return text, None


# Plain addresses that Django's EmailValidator accepts too; anything else goes to it.
_PLAIN_EMAIL = re.compile(
    r"^[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.IGNORECASE
)


def parse_email(value):
    text = cell_text(value)
    if not text:
        return "", None
    if len(text) > 254:
        return None, _("Địa chỉ email quá dài.")
    if _PLAIN_EMAIL.match(text):
        return text, None
    try:
        validate_email(text)
    except ValidationError:
        return None, _("Địa chỉ email không hợp lệ.")
    return text, None


def parse_code(value, max_length=40):
    if value in (None, ""):
        return "", None
    if isinstance(value, float) and value.is_integer():
        value = str(int(value))
    text = cell_text(value)
    if len(text) > max_length:
        return None, _("Mã dài quá %(max_length)s ký tự.") % {"max_length": max_length}
    return text, None


# Certificates and training records of the people of a unit (a district collects them in a sheet).
RECORD_COLUMNS = [
    Column(
        "unit_code",
        "Mã đơn vị",
        gettext_lazy("Mã đơn vị công tác hoặc chi đoàn của người đó."),
        "t-ts-1",
        required=True,
        width=14,
    ),
    Column(
        "full_name",
        "Họ và tên",
        gettext_lazy("Họ và tên đầy đủ, như trong hồ sơ."),
        "Nguyễn Văn An",
        required=True,
        width=24,
    ),
    Column(
        "birth_date",
        "Ngày sinh",
        gettext_lazy("dd/mm/yyyy; cần khi đơn vị có hai người trùng họ tên."),
        "05/09/2001",
        width=12,
        date=True,
    ),
    Column(
        "record",
        "Loại hồ sơ",
        gettext_lazy(
            "«Văn bằng, chứng chỉ», «Đào tạo, bồi dưỡng», «Chức vụ» hoặc «Kỷ luật» (người xem được thông tin riêng)."
        ),
        "Văn bằng, chứng chỉ",
        required=True,
        choices=("Văn bằng, chứng chỉ", "Đào tạo, bồi dưỡng", "Chức vụ", "Kỷ luật"),
        width=20,
    ),
    Column(
        "kind",
        "Loại",
        gettext_lazy(
            "Ví dụ «Ngoại ngữ», «Tin học, kỹ năng số», «Nghiệp vụ công tác Đoàn»; chức vụ: cơ quan, ví dụ «Ban Thường vụ»; "
            "kỷ luật: «Đang xem xét kỷ luật», «Đang chịu kỷ luật» hoặc «Đã xoá kỷ luật / không kỷ luật»."
        ),
        "Ngoại ngữ",
        required=True,
        width=22,
    ),
    Column(
        "name",
        "Tên văn bằng, lớp",
        gettext_lazy("Tên văn bằng, chứng chỉ hoặc lớp, chuyên đề (để trống với chức vụ)."),
        "Tiếng Anh",
        width=26,
    ),
    Column("level", "Trình độ", gettext_lazy("Ví dụ B1, trung cấp."), "B1", width=10),
    Column("issuer", "Nơi cấp", gettext_lazy("Văn bằng, chứng chỉ: nơi cấp."), "Đại học Đà Nẵng", width=20),
    Column(
        "issued_on", "Ngày cấp", gettext_lazy("Văn bằng, chứng chỉ: dd/mm/yyyy."), "01/06/2021", width=12, date=True
    ),
    Column(
        "start_date",
        "Từ ngày",
        gettext_lazy("Đào tạo, chức vụ: ngày bắt đầu (bắt buộc), dd/mm/yyyy."),
        "",
        width=12,
        date=True,
    ),
    Column(
        "end_date", "Đến ngày", gettext_lazy("Đào tạo, chức vụ: ngày kết thúc, dd/mm/yyyy."), "", width=12, date=True
    ),
    Column("completed", "Hoàn thành", gettext_lazy("Đào tạo: có hoặc không."), "", choices=YES_NO, width=10),
    Column("result", "Kết quả", gettext_lazy("Đào tạo: ví dụ Giỏi, Khá, Đạt."), "", width=12),
    Column(
        "title",
        "Chức vụ",
        gettext_lazy("Chức vụ (tại đơn vị ở cột «Mã đơn vị»): ví dụ «Bí thư», «Ủy viên Ban Thường vụ»."),
        "",
        width=22,
    ),
    Column("term", "Nhiệm kỳ", gettext_lazy("Chức vụ: nhiệm kỳ, ví dụ 2022–2027; có thể để trống."), "", width=12),
    Column("department", "Mã ban", gettext_lazy("Chức vụ trong một ban: mã ban, ví dụ TCKT."), "", width=10),
    Column("form", "Hình thức", gettext_lazy("Kỷ luật: hình thức, ví dụ Khiển trách, Cảnh cáo."), "", width=14),
    Column("decision_number", "Số quyết định", gettext_lazy("Kỷ luật: số quyết định."), "", width=16),
    Column("reason", "Lý do", gettext_lazy("Kỷ luật: lý do."), "", width=24),
]
COLUMNS["records"] = RECORD_COLUMNS
