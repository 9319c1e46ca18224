"""The rules of the programme "Rèn luyện và hành động", as pure functions.

Each check takes plain facts (small frozen dataclasses, built by ``services`` in a constant
number of queries) and returns *every* :class:`Violation` it finds, with a Vietnamese
message naming the facts. Nothing here touches the database, so forms, the API and the
Excel import show the same words, and tests drive the rules directly.

The numbers are data: ``training_count``/``action_count`` (5 and 5 in seed 001), the caps
of the points groups and the total (``max_points``, 100) live on the programme.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.core import dates

SCHOOL_SECTOR = "truong-hoc"
COUNT, POINTS = "count", "points"
TRAINING, ACTION = "training", "action"
GENERAL, SCHOOL = "general", "school"
DONE, PARTLY, NOT_DONE = "done", "partly", "not_done"

KIND_LABELS = {TRAINING: gettext_lazy("rèn luyện"), ACTION: gettext_lazy("hành động")}
STATUS_LABELS = {
    DONE: gettext_lazy("Hoàn thành"),
    PARTLY: gettext_lazy("Hoàn thành một phần"),
    NOT_DONE: gettext_lazy("Chưa hoàn thành"),
}
OUTCOME_LABELS = {
    "excellent": gettext_lazy("Hoàn thành xuất sắc"),
    "good": gettext_lazy("Hoàn thành tốt"),
    "completed": gettext_lazy("Hoàn thành"),
    "not_completed": gettext_lazy("Không hoàn thành"),
}
RATING_LABELS = {
    "good": gettext_lazy("Tốt"),
    "fair": gettext_lazy("Khá"),
    "average": gettext_lazy("Trung bình"),
    "weak": gettext_lazy("Yếu"),
}


@dataclass(frozen=True)
class Violation:
    code: str
    message: str
    field: str | None = None


def item_field(criterion_id) -> str:
    """The field of a refusal about one registered item: "items.<criterion id>", so a form
    shows it next to that criterion (and the API names the item)."""
    return f"items.{criterion_id}"


@dataclass(frozen=True)
class ProgrammeFact:
    id: int | None
    name: str
    mode: str = COUNT
    training_count: int = 5
    action_count: int = 5
    max_points: int = 100
    owner_path: str = ""
    owner_name: str = ""


@dataclass(frozen=True)
class CriterionFact:
    id: int
    title: str
    kind: str
    programme_id: int | None
    target_group_id: int | None = None
    target_group_name: str = ""
    points_group_id: int | None = None
    max_points: int | None = None
    is_active: bool = True


@dataclass(frozen=True)
class GroupFact:
    id: int
    name: str
    max_points: int


@dataclass(frozen=True)
class ItemFact:
    criterion_id: int
    commitment: str = ""
    points: int | None = None


@dataclass(frozen=True)
class MemberFact:
    name: str
    is_member: bool = True
    target_group_id: int | None = None
    target_group_name: str = ""
    unit_path: str = ""
    is_school: bool = False


@dataclass(frozen=True)
class TrackFact:
    id: int | None
    kind: str
    name: str
    programme_id: int | None


@dataclass(frozen=True)
class RoundFact:
    id: int | None
    number: int
    track_id: int | None
    starts_on: datetime.date
    ends_on: datetime.date
    roman: str = ""
    window: str = ""


@dataclass(frozen=True)
class Mark:
    """One item's status in an assessment, as given by the member or by the branch."""

    criterion_id: int
    title: str
    status: str = ""
    points: int | None = None
    registered_points: int | None = None


def fmt(day):
    return day.strftime("%d/%m/%Y")


# --------------------------------------------------------------------------- facts


def is_school_unit(chain: Iterable[tuple[str, str | None]]) -> bool:
    """Whether a unit belongs to the school sector: the unit or an ancestor at base or branch
    level has the sector "truong-hoc". ``chain`` is ``(level kind, sector code)`` per unit."""
    return any(kind in ("base", "branch") and sector == SCHOOL_SECTOR for kind, sector in chain)


def effective_points(item: ItemFact, criterion: CriterionFact | None):
    """Points an item registers: the figure given, or the criterion's own."""
    if item.points is not None:
        return item.points
    return criterion.max_points if criterion is not None else None


# --------------------------------------------------------------------------- registration


def member_violations(programme: ProgrammeFact, member: MemberFact) -> list[Violation]:
    violations = []
    if not member.is_member:
        violations.append(
            Violation(
                "not_a_member", _("%(member_name)s không phải là đoàn viên.") % {"member_name": member.name}, "member"
            )
        )
    if member.target_group_id is None:
        violations.append(
            Violation(
                "no_target_group",
                _(
                    "Đoàn viên %(member_name)s chưa được xác định đối tượng (học sinh, sinh viên, công "
                    "nhân…): cần cập nhật hồ sơ trước khi đăng ký."
                )
                % {"member_name": member.name},
                "member",
            )
        )
    if programme.owner_path and not member.unit_path.startswith(programme.owner_path):
        violations.append(
            Violation(
                "member_outside_programme",
                _(
                    "Đoàn viên %(member_name)s không sinh hoạt trong %(owner_name)s, không thuộc phạm vi "
                    "chương trình «%(programme_name)s»."
                )
                % {"member_name": member.name, "owner_name": programme.owner_name, "programme_name": programme.name},
                "member",
            )
        )
    return violations


def track_violations(
    programme: ProgrammeFact, member: MemberFact, track: TrackFact | None, school_track: TrackFact | None = None
) -> list[Violation]:
    """The school track is for members of school unions only; when the programme has one, school
    members register on it (seed 001: schools run the programme on the school year)."""
    if track is None:
        return [
            Violation(
                "track_required",
                _("Chương trình «%(programme_name)s» chưa có khối thực hiện phù hợp.")
                % {"programme_name": programme.name},
                "track",
            )
        ]
    violations = []
    if track.programme_id != programme.id:
        violations.append(
            Violation(
                "track_other_programme",
                _("Khối «%(track_name)s» không thuộc chương trình «%(programme_name)s».")
                % {"track_name": track.name, "programme_name": programme.name},
                "track",
            )
        )
    if track.kind == SCHOOL and not member.is_school:
        violations.append(
            Violation(
                "school_track_not_school",
                _(
                    "Khối «%(track_name)s» chỉ dành cho đoàn viên các Đoàn trường học; đoàn viên "
                    "%(member_name)s không sinh hoạt ở đơn vị khối trường học."
                )
                % {"track_name": track.name, "member_name": member.name},
                "track",
            )
        )
    if track.kind == GENERAL and member.is_school and school_track is not None:
        violations.append(
            Violation(
                "school_member_general_track",
                _(
                    "Đoàn viên %(member_name)s sinh hoạt ở khối trường học, đăng ký theo năm học (khối "
                    "«%(school_track_name)s»)."
                )
                % {"member_name": member.name, "school_track_name": school_track.name},
                "track",
            )
        )
    return violations


def item_violations(
    programme: ProgrammeFact, member: MemberFact, items: list[ItemFact], criteria: Mapping[int, CriterionFact]
) -> list[Violation]:
    """Each criterion exists, belongs to the programme, is in force, fits the member's target
    group, is chosen once, and carries a commitment sentence."""
    violations = []
    counts = Counter(item.criterion_id for item in items)
    reported = set()
    for item in items:
        if item.criterion_id in reported:
            continue
        reported.add(item.criterion_id)
        criterion = criteria.get(item.criterion_id)
        if criterion is None:
            violations.append(
                Violation(
                    "unknown_criterion",
                    _("Không tìm thấy tiêu chí (mã số %(criterion_id)s).") % {"criterion_id": item.criterion_id},
                    "items",
                )
            )
            continue
        title = criterion.title
        if counts[item.criterion_id] > 1:
            violations.append(
                Violation(
                    "duplicate_criterion",
                    _("Tiêu chí «%(title)s» được chọn %(times)s lần; mỗi tiêu chí chỉ chọn một lần.")
                    % {"title": title, "times": counts[item.criterion_id]},
                    "items",
                )
            )
        if criterion.programme_id != programme.id:
            violations.append(
                Violation(
                    "criterion_other_programme",
                    _("Tiêu chí «%(title)s» không thuộc chương trình «%(programme_name)s».")
                    % {"title": title, "programme_name": programme.name},
                    "items",
                )
            )
        if not criterion.is_active:
            violations.append(
                Violation(
                    "criterion_inactive", _("Tiêu chí «%(title)s» không còn áp dụng.") % {"title": title}, "items"
                )
            )
        if (
            criterion.target_group_id is not None
            and member.target_group_id is not None
            and criterion.target_group_id != member.target_group_id
        ):
            violations.append(
                Violation(
                    "criterion_wrong_group",
                    _(
                        "Tiêu chí «%(title)s» dành cho đối tượng %(target_group_name)s, không phù hợp với đối "
                        "tượng %(member_group_name)s của đoàn viên."
                    )
                    % {
                        "title": title,
                        "target_group_name": criterion.target_group_name,
                        "member_group_name": member.target_group_name,
                    },
                    "items",
                )
            )
    for item in items:
        criterion = criteria.get(item.criterion_id)
        if criterion is not None and not (item.commitment or "").strip():
            violations.append(
                Violation(
                    "commitment_required",
                    _("Chưa ghi nội dung cam kết cho tiêu chí «%(criterion_title)s».")
                    % {"criterion_title": criterion.title},
                    item_field(item.criterion_id),
                )
            )
    return violations


def count_violations(
    programme: ProgrammeFact, items: list[ItemFact], criteria: Mapping[int, CriterionFact]
) -> list[Violation]:
    """Count mode: exactly ``training_count`` training and ``action_count`` action criteria
    (distinct criteria; a duplicate is reported on its own)."""
    if programme.mode != COUNT:
        return []
    chosen = {item.criterion_id for item in items if item.criterion_id in criteria}
    per_kind = Counter(criteria[cid].kind for cid in chosen)
    violations = []
    for kind, needed in ((TRAINING, programme.training_count), (ACTION, programme.action_count)):
        if per_kind[kind] != needed:
            violations.append(
                Violation(
                    f"wrong_{kind}_count",
                    _("Cần chọn đúng %(needed)s tiêu chí %(kind)s; đã chọn %(chosen)s.")
                    % {"needed": needed, "kind": KIND_LABELS[kind], "chosen": per_kind[kind]},
                    "items",
                )
            )
    return violations


def points_violations(
    programme: ProgrammeFact,
    items: list[ItemFact],
    criteria: Mapping[int, CriterionFact],
    groups: Mapping[int, GroupFact],
) -> list[Violation]:
    """Points mode: each item within its criterion's points, each group within its cap, the
    total within the programme's maximum."""
    if programme.mode != POINTS:
        return []
    if not items:
        return [Violation("no_items", _("Chưa chọn tiêu chí nào."), "items")]
    violations = []
    per_group = defaultdict(int)
    total = 0
    seen = set()
    for item in items:
        criterion = criteria.get(item.criterion_id)
        if criterion is None or item.criterion_id in seen:
            continue
        seen.add(item.criterion_id)
        points = effective_points(item, criterion)
        if criterion.points_group_id is None:
            violations.append(
                Violation(
                    "criterion_without_group",
                    _("Tiêu chí «%(criterion_title)s» chưa được xếp vào nhóm nào.")
                    % {"criterion_title": criterion.title},
                    "items",
                )
            )
        if points is None or points <= 0:
            violations.append(
                Violation(
                    "points_required",
                    _("Chưa ghi số điểm đăng ký cho tiêu chí «%(criterion_title)s».")
                    % {"criterion_title": criterion.title},
                    item_field(item.criterion_id),
                )
            )
            continue
        if criterion.max_points is not None and points > criterion.max_points:
            violations.append(
                Violation(
                    "points_over_criterion",
                    _("Tiêu chí «%(criterion_title)s»: đăng ký %(points)s điểm, vượt mức tối đa %(max_points)s điểm.")
                    % {"criterion_title": criterion.title, "points": points, "max_points": criterion.max_points},
                    item_field(item.criterion_id),
                )
            )
        total += points
        if criterion.points_group_id is not None:
            per_group[criterion.points_group_id] += points
    for group_id, points in per_group.items():
        group = groups.get(group_id)
        if group is not None and points > group.max_points:
            violations.append(
                Violation(
                    "group_over_cap",
                    _("Nhóm «%(group_name)s»: tổng %(points)s điểm, vượt mức tối đa %(max_points)s điểm.")
                    % {"group_name": group.name, "points": points, "max_points": group.max_points},
                    "items",
                )
            )
    if total > programme.max_points:
        violations.append(
            Violation(
                "total_over_max",
                _("Tổng điểm đăng ký %(total)s, vượt mức tối đa %(max_points)s điểm.")
                % {"total": total, "max_points": programme.max_points},
                "items",
            )
        )
    return violations


def duplicate_registration_violations(programme: ProgrammeFact, member: MemberFact, already_registered: bool):
    if not already_registered:
        return []
    return [
        Violation(
            "already_registered",
            _(
                "Đoàn viên %(member_name)s đã có phiếu đăng ký chương trình «%(programme_name)s»; mỗi "
                "đoàn viên chỉ đăng ký một phiếu."
            )
            % {"member_name": member.name, "programme_name": programme.name},
            "member",
        )
    ]


def registration_violations(
    *,
    programme: ProgrammeFact,
    member: MemberFact,
    track: TrackFact | None,
    items: list[ItemFact],
    criteria: Mapping[int, CriterionFact],
    groups: Mapping[int, GroupFact] | None = None,
    school_track: TrackFact | None = None,
    already_registered: bool = False,
) -> list[Violation]:
    """Every rule of a registration form at once."""
    return (
        duplicate_registration_violations(programme, member, already_registered)
        + member_violations(programme, member)
        + track_violations(programme, member, track, school_track)
        + item_violations(programme, member, items, criteria)
        + count_violations(programme, items, criteria)
        + points_violations(programme, items, criteria, groups or {})
    )


# --------------------------------------------------------------------------- assessments


def period_violations(round_: RoundFact | None, track_id: int | None, today: datetime.date) -> list[Violation]:
    """An assessment for a round: the round is of the registration's track and has begun."""
    if round_ is None:
        return []
    violations = []
    if round_.track_id != track_id:
        violations.append(
            Violation(
                "round_other_track",
                _("Đợt %(round_roman)s thuộc khối khác, không áp dụng cho phiếu đăng ký này.")
                % {"round_roman": round_.roman},
                "round",
            )
        )
    if today < round_.starts_on:
        violations.append(
            Violation(
                "round_not_started",
                _("Đợt %(round_roman)s (%(window)s) chưa bắt đầu.")
                % {"round_roman": round_.roman, "window": round_.window},
                "round",
            )
        )
    return violations


def marks_violations(marks: list[Mark], *, mode: str, by: str = "self", member_name: str = "") -> list[Violation]:
    """Every registered item has a status; in points mode an item done in part carries the
    points earned (more than 0, fewer than registered)."""
    violations = []
    for mark in marks:
        if not mark.status:
            if by == "self":
                message = _("Chưa tự đánh giá tiêu chí «%(mark_title)s».") % {"mark_title": mark.title}
            else:
                message = _("Chưa đánh giá tiêu chí «%(mark_title)s» của đoàn viên %(member_name)s.") % {
                    "mark_title": mark.title,
                    "member_name": member_name,
                }
            violations.append(Violation(f"{by}_status_missing", message, "items"))
            continue
        if mark.status not in STATUS_LABELS:
            violations.append(
                Violation(
                    "invalid_status",
                    _("Mức «%(status)s» không hợp lệ (tiêu chí «%(mark_title)s»).")
                    % {"status": mark.status, "mark_title": mark.title},
                    "items",
                )
            )
            continue
        if mode == POINTS and mark.status == PARTLY:
            if mark.points is None:
                violations.append(
                    Violation(
                        "partial_points_required",
                        _("Tiêu chí «%(mark_title)s» hoàn thành một phần: cần ghi số điểm đạt được.")
                        % {"mark_title": mark.title},
                        "items",
                    )
                )
            elif mark.registered_points is not None and not 0 < mark.points < mark.registered_points:
                violations.append(
                    Violation(
                        "partial_points_range",
                        _(
                            "Tiêu chí «%(mark_title)s» hoàn thành một phần: số điểm đạt được phải lớn hơn 0 và nhỏ "
                            "hơn %(registered_points)s điểm đã đăng ký."
                        )
                        % {"mark_title": mark.title, "registered_points": mark.registered_points},
                        "items",
                    )
                )
    return violations


def unregistered_marks_violations(given_ids: Iterable[int], registered_ids: set[int], titles: Mapping[int, str]):
    return [
        Violation(
            "criterion_not_registered",
            _("Tiêu chí «%(title)s» không có trong phiếu đăng ký của đoàn viên.") % {"title": titles.get(cid, cid)},
            "items",
        )
        for cid in given_ids
        if cid not in registered_ids
    ]


def result_violations(result: str, member_name: str) -> list[Violation]:
    if not result:
        return [
            Violation(
                "result_missing",
                _("Chưa có kết quả đánh giá chung của chi đoàn đối với đoàn viên %(member_name)s.")
                % {"member_name": member_name},
                "result",
            )
        ]
    if result not in OUTCOME_LABELS:
        return [Violation("invalid_result", _("Kết quả «%(result)s» không hợp lệ.") % {"result": result}, "result")]
    return []


def rating_violations(rating: str, *, required: bool = True, field: str = "rating") -> list[Violation]:
    if not rating:
        return (
            [Violation("rating_required", _("Chưa chọn mức đánh giá (Tốt, Khá, Trung bình, Yếu)."), field)]
            if required
            else []
        )
    if rating not in RATING_LABELS:
        return [Violation("invalid_rating", _("Mức đánh giá «%(rating)s» không hợp lệ.") % {"rating": rating}, field)]
    return []


def reason_violations(reason: str) -> list[Violation]:
    if not (reason or "").strip():
        return [Violation("reason_required", _("Hãy ghi rõ lý do trả lại."), "reason")]
    return []


# --------------------------------------------------------------------------- round reports, inspections


def round_report_violations(
    *, round_: RoundFact, held_on: datetime.date | None, activities: str, participants, youth_participants
) -> list[Violation]:
    violations = []
    if held_on is None:
        violations.append(Violation("held_on_required", _("Chưa ghi ngày tổ chức."), "held_on"))
    elif not round_.starts_on <= held_on <= round_.ends_on:
        violations.append(
            Violation(
                "held_outside_round",
                _("Ngày tổ chức %(day)s nằm ngoài đợt %(round_roman)s (%(window)s).")
                % {"day": fmt(held_on), "round_roman": round_.roman, "window": round_.window},
                "held_on",
            )
        )
    if not (activities or "").strip():
        violations.append(Violation("activities_required", _("Chưa ghi các hoạt động đã tổ chức."), "activities"))
    for value, field, label in (
        (participants, "participants", _("Số đoàn viên tham gia")),
        (youth_participants, "youth_participants", _("Số thanh niên tham gia")),
    ):
        if value is None or value < 0:
            violations.append(Violation("invalid_count", _("%(label)s phải là số không âm.") % {"label": label}, field))
    return violations


def inspection_violations(
    *,
    round_: RoundFact,
    inspected_on: datetime.date | None,
    findings: str,
    unit_in_district: bool,
    unit_name: str,
    district_name: str,
    rating: str = "",
) -> list[Violation]:
    violations = []
    if not unit_in_district:
        violations.append(
            Violation(
                "unit_outside_district",
                _("%(unit_name)s không trực thuộc %(district_name)s.")
                % {"unit_name": unit_name, "district_name": district_name},
                "unit",
            )
        )
    if inspected_on is None:
        violations.append(Violation("inspected_on_required", _("Chưa ghi ngày kiểm tra."), "inspected_on"))
    elif inspected_on < round_.starts_on:
        violations.append(
            Violation(
                "inspected_before_round",
                _("Ngày kiểm tra %(day)s trước khi đợt %(round_roman)s bắt đầu (%(start)s).")
                % {"day": fmt(inspected_on), "round_roman": round_.roman, "start": fmt(round_.starts_on)},
                "inspected_on",
            )
        )
    if not (findings or "").strip():
        violations.append(Violation("findings_required", _("Chưa ghi kết quả kiểm tra."), "findings"))
    violations += rating_violations(rating, required=False)
    return violations


# --------------------------------------------------------------------------- the programme's own data


def programme_violations(values: Mapping) -> list[Violation]:
    violations = []
    if not (values.get("name") or "").strip():
        violations.append(Violation("name_required", _("Tên chương trình không được để trống."), "name"))
    year = values.get("year")
    if isinstance(year, int) and (message := dates.year_message(year)):
        violations.append(Violation("year_out_of_window", message, "year"))
    elif not isinstance(year, int) or not 2000 <= year <= 2100:
        violations.append(Violation("invalid_year", _("Năm «%(year)s» không hợp lệ.") % {"year": year}, "year"))
    mode = values.get("mode")
    if mode not in (COUNT, POINTS):
        violations.append(
            Violation("invalid_mode", _("Cách đăng ký «%(mode)s» không hợp lệ.") % {"mode": mode}, "mode")
        )
    for field in ("training_count", "action_count", "max_points"):
        value = values.get(field)
        if not isinstance(value, int) or value < 0:
            violations.append(
                Violation(
                    "invalid_number",
                    _("Giá trị «%(value)s» của %(field)s không hợp lệ.") % {"value": value, "field": field},
                    field,
                )
            )
    if mode == COUNT and not (values.get("training_count") or values.get("action_count")):
        violations.append(
            Violation(
                "no_items_required", _("Phải có ít nhất một tiêu chí rèn luyện hoặc hành động."), "training_count"
            )
        )
    if mode == POINTS and not values.get("max_points"):
        violations.append(Violation("max_points_required", _("Tổng điểm tối đa phải lớn hơn 0."), "max_points"))
    return violations


def points_group_violations(*, name: str, max_points, programme_max: int, mode: str) -> list[Violation]:
    violations = []
    if mode != POINTS:
        violations.append(Violation("not_points_mode", _("Chỉ chương trình chấm điểm mới có nhóm tiêu chí."), "mode"))
    if not (name or "").strip():
        violations.append(Violation("name_required", _("Tên nhóm không được để trống."), "name"))
    if not isinstance(max_points, int) or not 0 < max_points <= programme_max:
        violations.append(
            Violation(
                "invalid_group_cap",
                _("Điểm tối đa của nhóm phải từ 1 đến %(programme_max)s.") % {"programme_max": programme_max},
                "max_points",
            )
        )
    return violations


def track_definition_violations(
    *, name: str, kind: str, starts_on, ends_on, existing_kinds: set[str]
) -> list[Violation]:
    violations = []
    if kind not in (GENERAL, SCHOOL):
        violations.append(
            Violation("invalid_track_kind", _("Loại khối «%(kind)s» không hợp lệ.") % {"kind": kind}, "kind")
        )
    elif kind in existing_kinds:
        violations.append(Violation("track_exists", _("Chương trình đã có khối này."), "kind"))
    if not (name or "").strip():
        violations.append(Violation("name_required", _("Tên khối không được để trống."), "name"))
    far = [(f, m) for f, d in (("starts_on", starts_on), ("ends_on", ends_on)) if (m := dates.window_message(d))]
    if starts_on is None or ends_on is None:
        violations.append(Violation("dates_required", _("Chưa ghi thời gian thực hiện."), "starts_on"))
    elif far:
        violations += [Violation("date_out_of_window", message, field) for field, message in far]
    elif ends_on < starts_on:
        violations.append(Violation("dates_reversed", _("Ngày kết thúc trước ngày bắt đầu."), "ends_on"))
    return violations


def round_definition_violations(
    *, number, starts_on, ends_on, track_starts: datetime.date, track_ends: datetime.date, existing_numbers: set[int]
) -> list[Violation]:
    violations = []
    if not isinstance(number, int) or not 1 <= number <= 12:
        violations.append(Violation("invalid_round_number", _("Số đợt phải từ 1 đến 12."), "number"))
    elif number in existing_numbers:
        violations.append(Violation("round_exists", _("Khối đã có đợt %(number)s.") % {"number": number}, "number"))
    far = [(f, m) for f, d in (("starts_on", starts_on), ("ends_on", ends_on)) if (m := dates.window_message(d))]
    if starts_on is None or ends_on is None:
        violations.append(Violation("dates_required", _("Chưa ghi thời gian của đợt."), "starts_on"))
    elif far:
        violations += [Violation("date_out_of_window", message, field) for field, message in far]
    elif ends_on < starts_on:
        violations.append(Violation("dates_reversed", _("Ngày kết thúc trước ngày bắt đầu."), "ends_on"))
    elif starts_on < track_starts or ends_on > track_ends:
        violations.append(
            Violation(
                "round_outside_track",
                _("Đợt phải nằm trong thời gian của khối (%(start)s – %(end)s).")
                % {"start": fmt(track_starts), "end": fmt(track_ends)},
                "starts_on",
            )
        )
    return violations


def criterion_definition_violations(
    *, mode: str, title: str, kind: str, points_group: GroupFact | None, max_points
) -> list[Violation]:
    violations = []
    if not (title or "").strip():
        violations.append(Violation("title_required", _("Tên tiêu chí không được để trống."), "title"))
    if kind not in KIND_LABELS:
        violations.append(
            Violation("invalid_kind", _("Loại tiêu chí «%(kind)s» không hợp lệ.") % {"kind": kind}, "kind")
        )
    if mode == POINTS:
        if points_group is None:
            violations.append(
                Violation("group_required", _("Chương trình chấm điểm: tiêu chí phải thuộc một nhóm."), "points_group")
            )
        if not isinstance(max_points, int) or max_points <= 0:
            violations.append(Violation("max_points_required", _("Chưa ghi điểm tối đa của tiêu chí."), "max_points"))
        elif points_group is not None and max_points > points_group.max_points:
            violations.append(
                Violation(
                    "criterion_over_group",
                    _("Điểm tối đa %(max_points)s vượt mức của nhóm «%(points_group_name)s» (%(group_max)s).")
                    % {
                        "max_points": max_points,
                        "points_group_name": points_group.name,
                        "group_max": points_group.max_points,
                    },
                    "max_points",
                )
            )
    return violations


# --------------------------------------------------------------------------- helpers of base units


def helper_violations(
    *,
    unit_name: str,
    unit_is_base: bool,
    person_name: str,
    person_is_candidate: bool,
    district_name: str,
    followers: list[str],
    already: bool,
) -> list[Violation]:
    """A helper is a cadre or committee member of the district, for one of its base unions that
    nobody follows under the grassroots-visit assignments yet."""
    violations = []
    if not unit_is_base:
        violations.append(
            Violation(
                "helper_unit_not_base",
                _("%(unit_name)s không phải đoàn cơ sở trực thuộc %(district_name)s.")
                % {"unit_name": unit_name, "district_name": district_name},
                "unit",
            )
        )
    elif followers:
        violations.append(
            Violation(
                "unit_already_followed",
                _(
                    "%(unit_name)s đã có cán bộ theo dõi theo phân công đi cơ sở (%(items)s): không phân "
                    "công thêm trong chương trình."
                )
                % {"unit_name": unit_name, "items": ", ".join(followers)},
                "unit",
            )
        )
    if not person_is_candidate:
        violations.append(
            Violation(
                "helper_not_district_cadre",
                _("%(person_name)s không phải cán bộ, ủy viên Ban Chấp hành của %(district_name)s.")
                % {"person_name": person_name, "district_name": district_name},
                "person",
            )
        )
    elif already:
        violations.append(
            Violation(
                "helper_exists",
                _("%(person_name)s đã được phân công giúp đỡ %(unit_name)s.")
                % {"person_name": person_name, "unit_name": unit_name},
                "person",
            )
        )
    return violations


# --------------------------------------------------------------------------- figures


def rate(part, whole) -> Decimal | None:
    """``part / whole`` as a fraction with 4 decimals; ``None`` when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
