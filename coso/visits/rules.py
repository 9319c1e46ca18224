"""The rules of going to the grassroots, as pure functions.

Every check takes plain facts (dates, paths, names, a policy object read only for its
attributes) and returns *every* :class:`Violation` it finds, with a Vietnamese message that
names the facts. Nothing here touches the database: ``selectors.py`` gathers the facts in a
constant number of queries and ``services.py`` raises a ``DomainError`` carrying all of
them, so forms, API and imports show the same words, and tests drive the rules directly
(hypothesis included).

Day counting: a trip from ``start`` to ``end`` counts ``end - start + 1`` days, and a trip
across a month end counts its days in each month separately (:func:`days_by_month`).
Caps count days, not trips, per cadre, per district-level unit (the "area" of the unit
visited), per calendar month.
"""

import calendar
import datetime
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import holidays as holidays_lib
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Violation:
    code: str
    message: str
    field: str | None = None


@dataclass(frozen=True)
class Area:
    """The unit whose monthly cap applies: the district-level ancestor of the unit visited
    (or the unit itself in a tree without a district level)."""

    key: str
    name: str
    mountainous: bool = False


@dataclass(frozen=True)
class Trip:
    start: datetime.date
    end: datetime.date
    area: Area
    unit_name: str = ""
    pk: int | None = None


@dataclass(frozen=True)
class Cover:
    """An assignment as the area rule needs it: the subtree followed and the period."""

    path: str
    valid_from: datetime.date
    valid_to: datetime.date | None = None

    def covers(self, unit_path, day):
        return (
            unit_path.startswith(self.path)
            and self.valid_from <= day
            and (self.valid_to is None or day <= self.valid_to)
        )


# --------------------------------------------------------------------------- calendar helpers


def fmt(day):
    return day.strftime("%d/%m/%Y")


def date_range_text(start, end):
    if start == end:
        return _("ngày %(d)s") % {"d": fmt(start)}
    return _("từ %(a)s đến %(b)s") % {"a": fmt(start), "b": fmt(end)}


def trip_days(start, end):
    """Inclusive number of days; 0 when the dates are reversed."""
    return max((end - start).days + 1, 0)


def each_day(start, end):
    day = start
    while day <= end:
        yield day
        day += ONE_DAY


def month_last_day(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def days_by_month(start, end):
    """``{(year, month): days}`` of the inclusive range, split at month ends."""
    result = {}
    day = start
    while day <= end:
        last = min(month_last_day(day.year, day.month), end)
        result[(day.year, day.month)] = (last - day).days + 1
        if last == datetime.date.max:
            break
        day = last + ONE_DAY
    return result


def quarter_of(day):
    return (day.month - 1) // 3 + 1


def quarter_bounds(year, quarter):
    first = datetime.date(year, 3 * quarter - 2, 1)
    return first, month_last_day(year, 3 * quarter)


def months_of_quarter(quarter):
    return [3 * quarter - 2, 3 * quarter - 1, 3 * quarter]


def report_due_date(year, month, due_day):
    """0: the last day of the month; 1–28: that day of the following month."""
    if not due_day:
        return month_last_day(year, month)
    if month == 12:
        return datetime.date(year + 1, 1, due_day)
    return datetime.date(year, month + 1, due_day)


@lru_cache(maxsize=64)
def _holidays_for(years, language="vi"):
    return dict(holidays_lib.country_holidays("VN", years=list(years), language=language))


def public_holidays(start, end):
    """Vietnam's public holidays between two dates, named in the active language (Vietnamese,
    or English in English mode; package ``holidays``)."""
    if end < start:
        return {}
    language = "en_US" if (translation.get_language() or "vi").startswith("en") else "vi"
    table = _holidays_for(tuple(range(start.year, end.year + 1)), language)
    return {day: name for day, name in table.items() if start <= day <= end}


def number_text(value):
    """2 → "2", Decimal("1.50") → "1,5" (Vietnamese decimal comma)."""
    if isinstance(value, Decimal):
        value = value.normalize()
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        text = format(value, "f")
    else:
        text = str(value)
    return text.replace(".", ",")


# --------------------------------------------------------------------------- checks on one trip


def check_dates(*, start, end, policy=None, today=None):
    """End before start, before the policy applies, a recorded trip ending in the future."""
    violations = []
    if end < start:
        violations.append(
            Violation(
                "end_before_start",
                _("Ngày kết thúc (%(end)s) trước ngày bắt đầu (%(start)s).") % {"end": fmt(end), "start": fmt(start)},
                "end_date",
            )
        )
    applies_from = getattr(policy, "applies_from", None)
    if applies_from and start < applies_from:
        violations.append(
            Violation(
                "before_policy",
                _("Ngày %(d)s trước ngày kế hoạch đi cơ sở được áp dụng (%(from)s).")
                % {"d": fmt(start), "from": fmt(applies_from)},
                "start_date",
            )
        )
    if today is not None and end > today:
        violations.append(
            Violation(
                "in_future",
                _(
                    "Chuyến đi kết thúc ngày %(end)s, sau hôm nay (%(today)s): chỉ ghi nhận chuyến đi đã thực hiện; "
                    "chuyến đi dự kiến hãy đăng ký trong kế hoạch quý."
                )
                % {"end": fmt(end), "today": fmt(today)},
                "end_date",
            )
        )
    return violations


def check_blackout(*, start, end, blackout: Mapping, holidays: Mapping | None = None):
    """Days of the party cell's, the agency's or the mass organisations' meetings, and public
    holidays (when the policy counts them): ``blackout`` maps a date to its label, e.g. "họp chi bộ"."""
    violations = []
    holidays = holidays or {}
    for day in each_day(start, end):
        if day in blackout:
            violations.append(
                Violation(
                    "blackout_day",
                    _("Ngày %(d)s là ngày %(label)s (ngày không đi cơ sở).") % {"d": fmt(day), "label": blackout[day]},
                    "start_date",
                )
            )
        if day in holidays:
            violations.append(
                Violation(
                    "public_holiday",
                    _("Ngày %(d)s là ngày nghỉ lễ: %(name)s (ngày không đi cơ sở).")
                    % {"d": fmt(day), "name": holidays[day]},
                    "start_date",
                )
            )
    return violations


def check_area(*, cadre_name, unit_name, unit_path, start, end, covers: Iterable[Cover], is_ad_hoc=False):
    """The unit must lie in an area the cadre is assigned to follow on every day of the trip,
    unless the trip is marked ad hoc (đột xuất), which is allowed and counted apart."""
    if is_ad_hoc or end < start:
        return []
    covers = list(covers)
    if all(any(cover.covers(unit_path, day) for cover in covers) for day in each_day(start, end)):
        return []
    return [
        Violation(
            "outside_area",
            _(
                "%(unit)s không thuộc địa bàn được phân công theo dõi của đồng chí %(cadre)s "
                "%(when)s; đánh dấu 'đột xuất' nếu đây là chuyến đi ngoài kế hoạch."
            )
            % {"unit": unit_name, "cadre": cadre_name, "when": date_range_text(start, end)},
            "unit",
        )
    ]


def check_overlap(*, cadre_name, start, end, existing: Iterable[Trip]):
    """A cadre is in one place a day: trips of the same cadre must not share a day."""
    violations = []
    for trip in existing:
        if trip.start <= end and start <= trip.end:
            violations.append(
                Violation(
                    "overlap",
                    _("Đồng chí %(cadre)s đã có chuyến đi cơ sở ở %(unit)s %(when)s, trùng ngày với chuyến đi này.")
                    % {"cadre": cadre_name, "unit": trip.unit_name, "when": date_range_text(trip.start, trip.end)},
                    "start_date",
                )
            )
    return violations


def cap_qualifier(mountainous):
    return _("huyện miền núi") if mountainous else _("đơn vị không thuộc miền núi")


def days_used(existing: Iterable[Trip], area_key):
    """Days already spent in an area, per month."""
    used = defaultdict(int)
    for trip in existing:
        if trip.area.key == area_key:
            for month, days in days_by_month(trip.start, trip.end).items():
                used[month] += days
    return used


def check_caps(*, cadre_name, trip: Trip, existing: Iterable[Trip], policy):
    """At most ``cap`` days a month per cadre in each district-level unit (3 mountainous, 2 other)."""
    cap = policy.cap_for(trip.area.mountainous)
    if cap is None:
        return []
    used = days_used(existing, trip.area.key)
    violations = []
    for (year, month), days in sorted(days_by_month(trip.start, trip.end).items()):
        if used[(year, month)] + days > cap:
            violations.append(
                Violation(
                    "over_cap",
                    _(
                        "Vượt giới hạn: đồng chí %(cadre)s đã có %(used)s ngày ở %(area)s trong tháng %(m)s/%(y)s; "
                        "tối đa %(cap)s ngày/tháng (%(kind)s). Chuyến đi này thêm %(days)s ngày."
                    )
                    % {
                        "cadre": cadre_name,
                        "used": used[(year, month)],
                        "area": trip.area.name,
                        "m": month,
                        "y": year,
                        "cap": cap,
                        "kind": cap_qualifier(trip.area.mountainous),
                        "days": days,
                    },
                    "end_date",
                )
            )
    return violations


def check_visit_fields(*, form, form_choices, activity_relation, activity_name, activity_date, start, end):
    """The form is one of the known forms; "đi trước, về sau" names its activity and its date
    sits after the trip (before) or before it (after)."""
    violations = []
    if form not in form_choices:
        violations.append(Violation("invalid_form", _("Hãy chọn hình thức đi cơ sở."), "form"))
    if activity_relation in ("before", "after"):
        if not (activity_name or "").strip():
            violations.append(
                Violation(
                    "activity_name_required",
                    _("Hãy ghi tên hoạt động của cơ sở mà chuyến đi gắn với."),
                    "activity_name",
                )
            )
        if activity_date and activity_relation == "before" and activity_date < start:
            violations.append(
                Violation(
                    "activity_before_trip",
                    _("Đi trước: hoạt động ngày %(d)s phải diễn ra từ ngày bắt đầu chuyến đi (%(start)s) trở về sau.")
                    % {"d": fmt(activity_date), "start": fmt(start)},
                    "activity_date",
                )
            )
        if activity_date and activity_relation == "after" and activity_date > end:
            violations.append(
                Violation(
                    "activity_after_trip",
                    _("Về sau: hoạt động ngày %(d)s phải diễn ra trước hoặc trong chuyến đi (kết thúc %(end)s).")
                    % {"d": fmt(activity_date), "end": fmt(end)},
                    "activity_date",
                )
            )
    return violations


def check_in_quarter(*, start, end, year, quarter):
    first, last = quarter_bounds(year, quarter)
    if start < first or end > last:
        return [
            Violation(
                "outside_quarter",
                _("Chuyến đi dự kiến %(when)s không nằm trong quý %(q)s/%(y)s (từ %(first)s đến %(last)s).")
                % {
                    "when": date_range_text(start, end),
                    "q": quarter,
                    "y": year,
                    "first": fmt(first),
                    "last": fmt(last),
                },
                "start_date",
            )
        ]
    return []


def check_trip(
    *,
    cadre_name,
    unit_name,
    unit_path,
    trip: Trip,
    is_ad_hoc,
    policy,
    existing: Iterable[Trip],
    blackout: Mapping,
    covers: Iterable[Cover],
    today=None,
    locked_months: Mapping | None = None,
):
    """Every rule on one trip (recorded, or planned when ``today`` is None)."""
    existing = [t for t in existing if trip.pk is None or t.pk != trip.pk]
    violations = check_dates(start=trip.start, end=trip.end, policy=policy, today=today)
    holidays = public_holidays(trip.start, trip.end) if policy.count_public_holidays_as_blackout else {}
    violations += check_blackout(start=trip.start, end=trip.end, blackout=blackout, holidays=holidays)
    violations += check_area(
        cadre_name=cadre_name,
        unit_name=unit_name,
        unit_path=unit_path,
        start=trip.start,
        end=trip.end,
        covers=covers,
        is_ad_hoc=is_ad_hoc,
    )
    violations += check_overlap(cadre_name=cadre_name, start=trip.start, end=trip.end, existing=existing)
    violations += check_caps(cadre_name=cadre_name, trip=trip, existing=existing, policy=policy)
    for (year, month), state_label in sorted((locked_months or {}).items()):
        violations.append(
            Violation(
                "month_reported",
                _(
                    "Báo cáo đi cơ sở tháng %(m)s/%(y)s của đồng chí %(cadre)s đang ở trạng thái «%(state)s»: "
                    "không thể thêm, sửa hoặc xoá chuyến đi trong tháng này."
                )
                % {"m": month, "y": year, "cadre": cadre_name, "state": state_label},
                "start_date",
            )
        )
    return violations


def check_policy_values(values):
    """Sanity of an organisation's numbers."""
    violations = []
    for name, label in (
        ("cap_days_mountainous", _("Giới hạn ở huyện miền núi")),
        ("cap_days_other", _("Giới hạn ở đơn vị khác")),
    ):
        value = values.get(name)
        if value is not None and not 1 <= value <= 31:
            violations.append(
                Violation(
                    "invalid_cap", _("%(label)s phải từ 1 đến 31 ngày/tháng (hoặc để trống).") % {"label": label}, name
                )
            )
    if not values.get("days_per_month", 30):
        violations.append(
            Violation("invalid_days_per_month", _("Số ngày tính một tháng phải lớn hơn 0."), "days_per_month")
        )
    due = values.get("monthly_report_due_day", 0) or 0
    if not 0 <= due <= 28:
        violations.append(
            Violation(
                "invalid_due_day",
                _("Hạn báo cáo tháng: 0 (cuối tháng) hoặc từ 1 đến 28 (ngày của tháng sau)."),
                "monthly_report_due_day",
            )
        )
    radius = values.get("proof_radius_km", 5)
    if radius is not None and not 1 <= radius <= 100:
        violations.append(
            Violation("invalid_proof_radius", _("Bán kính đúng địa bàn phải từ 1 đến 100 km."), "proof_radius_km")
        )
    return violations


# --------------------------------------------------------------------------- weak units


def order_weak_candidates(candidates):
    """Worst classification first (highest rank number), ties by the unit's Vietnamese sort
    key; units without a classification last (nothing says they are weak), also by name.

    ``candidates``: iterables of (unit_id, sort_key, rank or None)."""
    return sorted(candidates, key=lambda c: (c[2] is None, -(c[2] or 0), c[1], c[0]))


# --------------------------------------------------------------------------- minimums (dashboards)

OK, LATE, MISSING, PENDING = "ok", "late", "missing", "pending"
# Vietnamese, marked for the catalogue; ``status_label`` translates them when read.
STATUS_LABELS = {
    OK: gettext_noop("Đạt"),
    LATE: gettext_noop("Trễ hạn"),
    MISSING: gettext_noop("Chưa đạt"),
    PENDING: gettext_noop("Chưa đến hạn"),
}


@dataclass
class ProgressItem:
    code: str
    label: str
    value: object
    target: object
    status: str
    detail: str = ""

    @property
    def status_label(self):
        return _(STATUS_LABELS[self.status])


@dataclass
class Progress:
    cadre_name: str
    year: int
    on: datetime.date
    items: list = field(default_factory=list)

    @property
    def ok(self):
        return all(item.status in (OK, PENDING) for item in self.items)

    def item(self, code):
        return next((item for item in self.items if item.code == code), None)


def _due_status(done, deadline_passed):
    if done:
        return OK
    return MISSING if deadline_passed else PENDING


def yearly_days_item(*, days, policy, year, on):
    target = policy.yearly_minimum_days
    months = number_text(Decimal(target) / Decimal(policy.days_per_month))
    return ProgressItem(
        "yearly_days",
        _("Số ngày đi cơ sở năm %(y)s (tối thiểu %(target)s ngày, tức %(months)s tháng)")
        % {"y": year, "target": target, "months": months},
        days,
        target,
        _due_status(days >= target, on > datetime.date(year, 12, 31)),
        _("%(n)s/%(target)s ngày") % {"n": days, "target": target},
    )


def branch_meetings_item(*, count, policy, year, quarter, on):
    target = policy.branch_meetings_per_quarter
    _first, last = quarter_bounds(year, quarter)
    return ProgressItem(
        "branch_meetings",
        _("Dự sinh hoạt chi đoàn trong quý %(q)s/%(y)s (ít nhất %(target)s lần)")
        % {"q": quarter, "y": year, "target": target},
        count,
        target,
        _due_status(count >= target, on > last),
        _("%(n)s/%(target)s lần") % {"n": count, "target": target},
    )


def cluster_base_units_item(*, unit_names, policy, year, quarter, on):
    target = policy.cluster_leader_base_units_per_quarter
    _first, last = quarter_bounds(year, quarter)
    count = len(unit_names)
    return ProgressItem(
        "cluster_base_units",
        _("Cụm trưởng, cụm phó làm việc với Đoàn cơ sở trong quý %(q)s/%(y)s (ít nhất %(target)s đơn vị)")
        % {"q": quarter, "y": year, "target": target},
        count,
        target,
        _due_status(count >= target, on > last),
        ", ".join(unit_names) if unit_names else _("Chưa làm việc với Đoàn cơ sở nào"),
    )


def follow_up_due_months(*, valid_from, valid_to, applies_from, year, on):
    """Months of ``year`` up to ``on`` in which an assignment is in force on the 15th (our
    reading of "every month follows the thematic meetings": a month counts when the cadre
    follows the unit for at least its middle day)."""
    months = []
    for month in range(1, 13):
        middle = datetime.date(year, month, 15)
        if datetime.date(year, month, 1) > on:
            break
        if middle < valid_from or (valid_to and middle > valid_to) or (applies_from and middle < applies_from):
            continue
        months.append(month)
    return months


def follow_up_item(*, due: Mapping, visited: set, year, on):
    """``due``: {area name: [months]}; ``visited``: {(area name, month)}. At least one visit a
    month in each followed unit; the current month stays pending until it ends."""
    missing, done, total = [], 0, 0
    for name, months in sorted(due.items()):
        for month in months:
            if (name, month) in visited:
                done += 1
                total += 1
            elif month_last_day(year, month) < on:
                total += 1
                missing.append(_("%(unit)s tháng %(m)s/%(y)s") % {"unit": name, "m": month, "y": year})
    status = OK if not missing else MISSING
    if not missing and total == 0:
        status = PENDING
    if missing:
        detail = _("Chưa đến: %(list)s") % {"list": "; ".join(missing)}
    else:
        detail = _("%(done)s/%(total)s tháng đã có chuyến đi") % {"done": done, "total": total}
    return ProgressItem(
        "monthly_follow_up",
        _("Hằng tháng theo dõi sinh hoạt chuyên đề ở đơn vị phụ trách (ít nhất 1 chuyến đi mỗi tháng), năm %(y)s")
        % {"y": year},
        done,
        total,
        status,
        detail,
    )


def plan_deadline(*, policy, year, quarter):
    first, last = quarter_bounds(year, quarter)
    start = first
    if policy.applies_from and first < policy.applies_from <= last:
        start = policy.applies_from
    return start + datetime.timedelta(days=policy.quarterly_plan_grace_days)


def quarter_plan_item(*, submitted_on, policy, year, quarter, on):
    deadline = plan_deadline(policy=policy, year=year, quarter=quarter)
    if submitted_on is None:
        status = MISSING if on > deadline else PENDING
        detail = _("Chưa đăng ký")
    elif submitted_on <= deadline:
        status, detail = OK, _("Đăng ký ngày %(d)s") % {"d": fmt(submitted_on)}
    else:
        status, detail = LATE, _("Đăng ký ngày %(d)s, sau hạn") % {"d": fmt(submitted_on)}
    return ProgressItem(
        "quarter_plan",
        _("Đăng ký kế hoạch đi cơ sở quý %(q)s/%(y)s (hạn %(d)s)") % {"q": quarter, "y": year, "d": fmt(deadline)},
        1 if submitted_on else 0,
        1,
        status,
        detail,
    )


def monthly_report_item(*, submitted_on, due_date, year, month, on):
    if submitted_on is None:
        status = MISSING if on > due_date else PENDING
        detail = _("Chưa gửi")
    elif submitted_on <= due_date:
        status, detail = OK, _("Gửi ngày %(d)s") % {"d": fmt(submitted_on)}
    else:
        status, detail = LATE, _("Gửi ngày %(d)s, sau hạn") % {"d": fmt(submitted_on)}
    return ProgressItem(
        "monthly_report",
        _("Báo cáo đi cơ sở tháng %(m)s/%(y)s (hạn %(d)s)") % {"m": month, "y": year, "d": fmt(due_date)},
        1 if submitted_on else 0,
        1,
        status,
        detail,
    )


def late_trip_reports_item(*, late, within_days):
    return ProgressItem(
        "trip_reports_on_time",
        _("Báo cáo chuyến đi trong vòng %(n)s ngày sau khi về") % {"n": within_days},
        len(late),
        0,
        OK if not late else LATE,
        "; ".join(late) if late else _("Đúng hạn"),
    )


# --------------------------------------------------------------------------- proof of place

EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True)
class Position:
    """Where the phone was: degrees, and the accuracy the browser reported (metres)."""

    latitude: float
    longitude: float
    accuracy_m: float | None = None


def distance_m(lat1, lon1, lat2, lon2):
    """Great-circle (haversine) distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def check_position(position: Position | None, *, required=False):
    """The position is a real place on Earth with a sane accuracy; required when the policy says so."""
    if position is None:
        if required:
            return [
                Violation(
                    "location_required",
                    _(
                        "Quy định đi cơ sở của đơn vị yêu cầu ghi vị trí: hãy cho phép trình duyệt lấy vị trí rồi lưu lại."
                    ),
                    "location",
                )
            ]
        return []
    violations = []
    lat, lon, acc = position.latitude, position.longitude, position.accuracy_m
    if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in (lat, lon)):
        return [Violation("location_invalid", _("Vị trí không hợp lệ."), "location")]
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        violations.append(
            Violation("location_invalid", _("Vị trí không hợp lệ (vĩ độ, kinh độ ngoài giới hạn)."), "location")
        )
    if acc is not None and (not math.isfinite(acc) or acc < 0):
        violations.append(Violation("location_invalid", _("Sai số vị trí không hợp lệ."), "location"))
    return violations


def location_proof(*, position: Position | None, reference, radius_km, max_accuracy_m):
    """(proof code, distance in metres or None) of a position against the visited unit's
    coordinates ``reference`` ((lat, lon) or None). Clearly outside the radius even with
    the error margin: far; else a poor fix: low accuracy; else within the radius: near."""
    if position is None:
        return "none", None
    if reference is None:
        return "no_reference", None
    distance = distance_m(position.latitude, position.longitude, reference[0], reference[1])
    radius = radius_km * 1000
    accuracy = position.accuracy_m
    if distance - (accuracy or 0) > radius:
        return "far", distance
    if accuracy is None or accuracy > max_accuracy_m:
        return "low_accuracy", distance
    if distance <= radius:
        return "near", distance
    return "far", distance
