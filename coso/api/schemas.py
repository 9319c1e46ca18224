"""Shapes of the API's requests and answers. Dates are ISO 8601; messages are in Vietnamese.

Inputs are bounded (ids, lengths) so that no value a client can send reaches the database
in a form it would refuse: ids fit a 64-bit integer, text has the column's length and no
NUL character (PostgreSQL rejects it).
"""

import enum
import types
import uuid
from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

from coso.core.dates import InputDate
from coso.people.models import Person

MAX_ID = 2**63 - 1  # BigAutoField: no row has a larger id
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[
    int, Field(ge=0, le=2**31 - 1, description=gettext_lazy("Phiên bản bản ghi khi bạn đọc nó (khoá lạc quan)."))
]


def _without_nul(value: str) -> str:
    return value.replace("\x00", "")


def Text(max_length: int):  # a type factory, used like a type
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(_without_nul)]


def _choices(choices):
    return Literal[tuple(choices.values)]


# ---- strict inputs ------------------------------------------------------------------------

MAX_TEXT = 10_000  # a text field without a length of its own (the longest pages take 5,000)
_NUMBERS = (int, float, Decimal)
_TEXTUAL = (str, date, datetime, time, Decimal, uuid.UUID)  # what a JSON string may become


def _base_types(annotation):
    """The plain types an annotation accepts: ``date | None`` -> {date, NoneType}; a Literal's values' types."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _base_types(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return set().union(*(_base_types(arg) for arg in get_args(annotation)))
    if origin is Literal:
        return {type(value) for value in get_args(annotation)}
    return {origin or annotation}


def _is_plain(kind):
    return kind is type(None) or (isinstance(kind, type) and issubclass(kind, (bool, *_NUMBERS, *_TEXTUAL, enum.Enum)))


# The refusals of ``Input``'s own checks: their message is already in the user's language.
STRICT_INPUT_CODES = {"bool_not_allowed", "number_not_allowed", "string_not_allowed", "object_type"}


def _refusal(kinds, value):
    """Why JSON ``value`` does not fit a field of these plain types (pydantic's lax mode would convert it)."""
    if not kinds or not all(_is_plain(kind) for kind in kinds):
        return None  # nested shapes, lists, Any: pydantic's own checks
    if isinstance(value, bool):
        if not any(issubclass(kind, bool) for kind in kinds if kind is not type(None)):
            return "bool_not_allowed", _("Không nhận giá trị true/false ở đây.")
    elif isinstance(value, _NUMBERS):
        numeric = [k for k in kinds if k is not type(None) and issubclass(k, _NUMBERS) and not issubclass(k, bool)]
        if not numeric:
            return "number_not_allowed", _("Không nhận một số ở đây (ngày viết YYYY-MM-DD).")
        if isinstance(value, float) and all(issubclass(k, int) for k in numeric):
            return "int_type", _("Phải là một số nguyên, viết không có dấu thập phân.")
    elif isinstance(value, str):
        if not any(k is not type(None) and issubclass(k, (*_TEXTUAL, enum.Enum)) for k in kinds):
            return "string_not_allowed", _("Không nhận văn bản ở đây: gửi chính giá trị, không đặt trong ngoặc kép.")
    return None


class Input(Schema):
    """Base of every request body (issue 11): an object, never a list or a bare value; each
    field takes the JSON type it is documented with (an integer is not a date, ``"1"`` is not
    a number, ``1`` is not true); text has a length (``MAX_TEXT`` unless the field says)."""

    model_config = ConfigDict(str_max_length=MAX_TEXT)

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values, handler, info):
        # Replaces ninja's: a body is read as the JSON object it is, never through attribute
        # access (which took ``[null, null]`` for an object with every field missing).
        if isinstance(values, cls):
            return values
        if not isinstance(values, dict):
            raise PydanticCustomError("object_type", _("Nội dung gửi lên phải là một đối tượng JSON."))
        return handler(values)

    @field_validator("*", mode="before")
    @classmethod
    def _strict_types(cls, value, info):
        annotation = cls.model_fields[info.field_name].annotation
        container = _unwrap(annotation)
        if get_origin(container) in (list, tuple, set) and isinstance(value, list):
            kinds = set().union(set(), *(_base_types(arg) for arg in get_args(container) if arg is not Ellipsis))
            items = value
        else:
            kinds, items = _base_types(annotation), [value]
        for item in items:
            refusal = _refusal(kinds, item)
            if refusal:
                raise PydanticCustomError(*refusal)
        return value


def _unwrap(annotation):
    """``list[int] | None`` -> ``list[int]``; ``Annotated[X, ...]`` -> X."""
    if get_origin(annotation) is Annotated:
        return _unwrap(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return annotation


SexCode = _choices(Person.Sex)
PartyStatusCode = _choices(Person.PartyStatus)
EducationCode = Literal[tuple(["", *Person.Education.values])]
PoliticalTheoryCode = _choices(Person.PoliticalTheory)


# ---- errors -------------------------------------------------------------------------------


class ViolationOut(Schema):
    code: str
    message: str
    field: str | None = None


class ErrorOut(Schema):
    """Lỗi: mã ổn định, thông báo tiếng Việt, mọi quy tắc bị vi phạm, trường liên quan."""

    code: str
    message: str
    violations: list[ViolationOut]
    field: str | None = None


# The error answers each route declares in the OpenAPI schema.
READ_ERRORS = {404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


# ---- references ---------------------------------------------------------------------------


class RefOut(Schema):
    id: int
    name: str


class LevelOut(Schema):
    code: str
    name: str
    kind: str
    order: int


class SectorOut(Schema):
    code: str
    name: str


class TargetGroupOut(Schema):
    code: str
    name: str


class DepartmentOut(Schema):
    id: int
    code: str
    name: str


class UserRefOut(Schema):
    id: int
    username: str
    display_name: str


# ---- units --------------------------------------------------------------------------------


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    code: str | None
    admin_code: str
    level: LevelOut
    sector: SectorOut | None
    parent_id: int | None = Field(
        None, description=gettext_lazy("Đơn vị cấp trên; để trống nếu bạn không được xem đơn vị đó.")
    )
    depth: int = Field(description=gettext_lazy("1 là gốc của cây."))
    children_count: int
    is_mountainous: bool
    is_active: bool
    merged_into_id: int | None = Field(
        None, description=gettext_lazy("Đơn vị đã nhận hợp nhất, nếu bạn được xem đơn vị đó.")
    )
    ended_on: date | None
    address: str
    latitude: float | None
    longitude: float | None
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_parent_id(obj):
        return getattr(obj, "visible_parent_id", None)

    @staticmethod
    def resolve_merged_into_id(obj):
        return getattr(obj, "visible_merged_into_id", None)

    @staticmethod
    def resolve_children_count(obj):
        return obj.numchild


class UnitFilter(Schema):
    parent: Id | None = Field(None, description=gettext_lazy("Chỉ các đơn vị trực thuộc trực tiếp đơn vị này."))
    within: Id | None = Field(None, description=gettext_lazy("Chỉ các đơn vị bên dưới đơn vị này (mọi cấp)."))
    level: Text(40) | None = Field(None, description=gettext_lazy("Mã cấp, ví dụ doan-co-so."))
    sector: Text(40) | None = Field(None, description=gettext_lazy("Mã khu vực, ví dụ dia-ban-dan-cu."))
    q: Text(255) | None = Field(None, description=gettext_lazy("Tìm theo tên, không cần dấu: «tra son»."))
    mountainous: bool | None = None
    active: bool | None = None


class UnitCreateIn(Input):
    parent_id: Id | None = Field(
        None, description=gettext_lazy("Đơn vị cấp trên; để trống để tạo gốc (chỉ quản trị hệ thống).")
    )
    name: Text(255)
    level: Text(40) = Field(description=gettext_lazy("Mã cấp, ví dụ doan-co-so."))
    short_name: Text(120) = ""
    code: Text(40) | None = None
    admin_code: Text(20) = ""
    sector: Text(40) | None = Field(None, description=gettext_lazy("Mã khu vực."))
    is_mountainous: bool = False
    address: Text(255) = ""


class UnitPatchIn(Input):
    """Chỉ các trường được gửi mới thay đổi. ``version`` là phiên bản bạn đã đọc."""

    version: Version
    name: Text(255) = None
    short_name: Text(120) = None
    code: Text(40) | None = None
    admin_code: Text(20) = None
    level: Text(40) = None
    sector: Text(40) | None = None
    is_mountainous: bool = None
    address: Text(255) = None


class MoveIn(Input):
    new_parent_id: Id
    occurred_on: InputDate | None = Field(None, description=gettext_lazy("Ngày hiệu lực; mặc định hôm nay."))
    note: Text(500) = ""


class MergeIn(Input):
    into_id: Id = Field(description=gettext_lazy("Đơn vị nhận hợp nhất."))
    occurred_on: InputDate | None = Field(None, description=gettext_lazy("Ngày hiệu lực; mặc định hôm nay."))
    note: Text(500) = ""


class ClassificationLevelOut(Schema):
    code: str
    name: str
    rank: int
    is_below_average: bool


class SchemeOut(Schema):
    code: str
    name: str


class ClassificationOut(Schema):
    id: int
    year: int
    level: ClassificationLevelOut
    scheme: SchemeOut
    note: str
    version: int

    @staticmethod
    def resolve_scheme(obj):
        return obj.level.scheme


# ---- history ------------------------------------------------------------------------------


class ChangeOut(Schema):
    field: str
    label: str
    old: Any = Field(description=gettext_lazy("Giá trị cũ (khoá ngoại: mã số bản ghi)."))
    new: Any = Field(description=gettext_lazy("Giá trị mới."))


class HistoryEntryOut(Schema):
    id: int
    when: datetime
    kind: Literal["+", "~", "-"] = Field(description=gettext_lazy("+ tạo mới, ~ sửa, - xoá."))
    kind_label: str
    who: UserRefOut | None
    reason: str
    changes: list[ChangeOut]


class HistoryPageOut(Schema):
    items: list[HistoryEntryOut]
    count: int


# ---- people -------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    full_name: str
    family_name: str
    middle_name: str
    given_name: str
    birth_date: date | None
    sex: str
    unit: RefOut
    department: DepartmentOut | None
    is_cadre: bool
    is_member: bool
    target_group: TargetGroupOut | None
    job_title: str
    version: int


class PersonDetailOut(PersonOut):
    joined_union_on: date | None
    party_status: str
    party_joined_on: date | None
    on_payroll: bool
    works_full_time: bool
    education: str
    political_theory: str
    phone: str
    email: str
    national_id: str
    created_at: datetime
    updated_at: datetime


class ChildOut(Schema):
    birth_date: date


class PregnancyOut(Schema):
    start_date: date
    end_date: date | None


class PersonSensitiveOut(PersonDetailOut):
    """Hồ sơ; ``children`` và ``pregnancies`` chỉ có với vai trò được xem thông tin nhạy cảm."""

    children: list[ChildOut] = Field(None, description=gettext_lazy("Chỉ có khi bạn có quyền xem thông tin nhạy cảm."))
    pregnancies: list[PregnancyOut] = Field(
        None, description=gettext_lazy("Chỉ có khi bạn có quyền xem thông tin nhạy cảm.")
    )


class PersonFilter(Schema):
    unit: Id | None = Field(None, description=gettext_lazy("Chỉ người thuộc đơn vị này và các đơn vị bên dưới."))
    q: Text(255) | None = Field(
        None, description=gettext_lazy("Tìm theo họ tên, điện thoại, thư điện tử, không cần dấu.")
    )
    is_cadre: bool | None = None
    is_member: bool | None = None


class MemberFilter(Schema):
    unit: Id | None = Field(None, description=gettext_lazy("Chỉ đoàn viên thuộc đơn vị này và các đơn vị bên dưới."))
    target_group: Text(40) | None = Field(None, description=gettext_lazy("Mã đối tượng, ví dụ hoc-sinh."))
    q: Text(255) | None = Field(None, description=gettext_lazy("Tìm theo họ tên, không cần dấu."))


def _check_email(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError(_("Địa chỉ thư điện tử không hợp lệ.")) from None
    return value


Email = Annotated[str, StringConstraints(max_length=254), AfterValidator(_without_nul), AfterValidator(_check_email)]


class PersonCreateIn(Input):
    unit_id: Id
    family_name: Text(60)
    middle_name: Text(120) = ""
    given_name: Text(60)
    birth_date: InputDate | None = None
    sex: SexCode
    department_id: Id | None = None
    is_cadre: bool = False
    is_member: bool = True
    target_group: Text(40) | None = Field(None, description=gettext_lazy("Mã đối tượng."))
    joined_union_on: InputDate | None = None
    party_status: PartyStatusCode = "none"
    party_joined_on: InputDate | None = None
    on_payroll: bool = False
    works_full_time: bool = False
    job_title: Text(120) = ""
    education: EducationCode = ""
    political_theory: PoliticalTheoryCode = ""
    phone: Text(20) = ""
    email: Email = ""
    national_id: Text(20) = ""


class PersonPatchIn(Input):
    """Chỉ các trường được gửi mới thay đổi. ``version`` là phiên bản bạn đã đọc."""

    version: Version
    unit_id: Id = None
    family_name: Text(60) = None
    middle_name: Text(120) = None
    given_name: Text(60) = None
    birth_date: InputDate | None = None
    sex: SexCode = None
    department_id: Id | None = None
    is_cadre: bool = None
    is_member: bool = None
    target_group: Text(40) | None = None
    joined_union_on: InputDate | None = None
    party_status: PartyStatusCode = None
    party_joined_on: InputDate | None = None
    on_payroll: bool = None
    works_full_time: bool = None
    job_title: Text(120) = None
    education: EducationCode = None
    political_theory: PoliticalTheoryCode = None
    phone: Text(20) = None
    email: Email = None
    national_id: Text(20) = None


class TermOut(Schema):
    id: int
    start_year: int
    end_year: int


class PostOut(Schema):
    id: int
    unit: RefOut
    body: str
    body_label: str
    title: str
    title_label: str
    department: DepartmentOut | None
    term: TermOut | None
    start_date: date
    end_date: date | None
    version: int

    @staticmethod
    def resolve_body_label(obj):
        return str(obj.get_body_display())

    @staticmethod
    def resolve_title_label(obj):
        return str(obj.get_title_display())


class MemberOut(Schema):
    id: int
    full_name: str
    family_name: str
    middle_name: str
    given_name: str
    birth_date: date | None
    sex: str
    unit: RefOut
    target_group: TargetGroupOut | None
    joined_union_on: date | None
    party_status: str
    is_cadre: bool
    version: int


# ---- me -----------------------------------------------------------------------------------


class GrantOut(Schema):
    role: str
    role_label: str
    unit: RefOut | None = Field(description=gettext_lazy("Trống: toàn hệ thống."))
    valid_from: date
    valid_to: date | None


class ScopeUnitOut(Schema):
    id: int
    name: str
    level: LevelOut


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    person_id: int | None
    is_system_admin: bool
    roles: list[GrantOut]
    scope_units: list[ScopeUnitOut] = Field(
        description=gettext_lazy("Các đơn vị ở đỉnh phạm vi của bạn (gốc của cây bạn được xem).")
    )
