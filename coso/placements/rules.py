"""Eligibility and list rules of seed 002 as pure functions over plain data.

``eligibility(person, plan, start_date, facts)`` never queries the database when ``facts``
comes from :func:`load_facts` and ``plan`` from :func:`plan_rules`; it returns every reason,
passed or failed, each with a code and a Vietnamese message.

Decisions on the seed's wording (documented here and tested):

* "Độ tuổi không quá 30 tuổi": ``person.age_on(start_date) <= age_limit``. A cadre whose
  31st birthday is the start day or the day before is 31 on the start date: not eligible.
* "nuôi con nhỏ (dưới 24 tháng)": a child is under 24 months on the start date when
  ``start_date < birth_date + 24 months`` (calendar months; 29 Feb + 24 months = 28 Feb).
  A child turning 24 months on the start day no longer counts; one turning 24 months the
  day after still does.
* Pregnancy: a ``Pregnancy`` row with ``start_date <= day <= end_date`` (open end = ongoing).
* "Hoàn thành tốt nhiệm vụ hằng năm": each of the ``plan.evaluation_years`` years before the
  start year (default 3) must have an evaluation of rank ``<= evaluation_max_rank``
  (HTTNV or better). A missing year is a failed reason, never a silent pass.
* Discipline: not disciplined nor under review on the start date (``is_active_on``).
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.org.models import UnitLevel
from coso.people.models import Body, Person

SENSITIVE_GENERIC = (
    "personal_condition",
    gettext_lazy(
        "Chưa đáp ứng một điều kiện riêng của cán bộ nữ (thông tin riêng tư; chỉ người có thẩm quyền xem được "
        "chi tiết)."
    ),
)
SENSITIVE_GENERIC_PASS = ("personal_condition", gettext_lazy("Đáp ứng điều kiện riêng của cán bộ nữ."))


def add_months(day, months):
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def fmt(day):
    return day.strftime("%d/%m/%Y")


MAX_MONTHS = 60


def length_violations(plan, months):
    """The placement's length (months) as decided: never less than the plan's minimum."""
    if months is None or months < plan.min_months:
        return [
            (
                "too_short",
                _("Thời gian đào tạo thực tế tối thiểu %(min)s tháng (đề xuất %(months)s tháng).")
                % {"min": plan.min_months, "months": months or 0},
                "months",
            )
        ]
    if months > MAX_MONTHS:
        return [("too_long", _("Thời gian đào tạo thực tế không quá %(max)s tháng.") % {"max": MAX_MONTHS}, "months")]
    return []


@dataclass(frozen=True)
class GroupRule:
    group: int
    name: str
    requires_executive_full_time: bool
    requires_department_staff: bool
    planned_titles: tuple
    host_titles: tuple
    needs_party_agreement: bool


@dataclass(frozen=True)
class PlanRules:
    owner_id: int
    min_months: int
    start_window_months: tuple
    yearly_cap: int
    age_limit: int
    child_months_limit: int
    evaluation_years: int
    evaluation_max_rank: int
    groups: tuple  # of GroupRule, by group number

    def group(self, number):
        return next((g for g in self.groups if g.group == number), None)


def plan_rules(plan):
    """The plan's rules as plain data (one query for its group rules, or none if prefetched)."""
    if isinstance(plan, PlanRules):
        return plan
    groups = tuple(
        GroupRule(
            group=r.group,
            name=r.name,
            requires_executive_full_time=r.requires_executive_full_time,
            requires_department_staff=r.requires_department_staff,
            planned_titles=tuple(r.planned_titles),
            host_titles=tuple(r.host_titles),
            needs_party_agreement=r.needs_party_agreement,
        )
        for r in sorted(plan.group_rules.all(), key=lambda r: r.group)
    )
    return PlanRules(
        owner_id=plan.owner_id,
        min_months=plan.min_months,
        start_window_months=tuple(plan.start_window_months),
        yearly_cap=plan.yearly_cap,
        age_limit=plan.age_limit,
        child_months_limit=plan.child_months_limit,
        evaluation_years=plan.evaluation_years,
        evaluation_max_rank=plan.evaluation_max_rank,
        groups=groups,
    )


@dataclass
class PersonFacts:
    """What the rules need to know about one person, loaded in bulk by :func:`load_facts`."""

    department_unit_id: int | None = None
    posts: list = field(default_factory=list)  # (unit_id, body, title, start, end)
    plannings: list = field(default_factory=list)  # (unit_id, title, removed_on)
    evaluations: dict = field(default_factory=dict)  # year -> (rank, level name)
    disciplines: list = field(default_factory=list)  # (status, start, end)
    pregnancies: list = field(default_factory=list)  # (start, end)
    children: list = field(default_factory=list)  # birth dates
    exception: object = None  # CaseException or None


@dataclass(frozen=True)
class Reason:
    code: str
    message: str
    passed: bool
    sensitive: bool = False


@dataclass
class EligibilityResult:
    eligible: bool
    group: int | None
    reasons: list
    proposable: bool = False  # eligible, or ineligible only for the planning and excepted case by case
    exception: object = None

    @property
    def failures(self):
        return [r for r in self.reasons if not r.passed]

    def violations(self):
        return [(r.code, r.message) for r in self.failures]


def _planned(facts, owner_id, titles, day):
    return any(
        unit_id == owner_id and title in titles and (removed is None or removed > day)
        for unit_id, title, removed in facts.plannings
    )


def _executive_full_time(person, facts, owner_id, day):
    on_bch = any(
        unit_id == owner_id and body == Body.EXECUTIVE and start <= day and (end is None or end >= day)
        for unit_id, body, _title, start, end in facts.posts
    )
    return on_bch and person.works_full_time and person.unit_id == owner_id


def eligibility(person, plan, start_date, facts):
    """Every condition of seed 002 §II for ``person`` starting on ``start_date``."""
    rules = plan_rules(plan)
    reasons = []

    def add(code, message, passed, sensitive=False):
        reasons.append(Reason(code, message, passed, sensitive))

    # Payroll.
    if person.on_payroll:
        add("on_payroll", _("Là cán bộ trong biên chế cơ quan Tỉnh đoàn."), True)
    else:
        add("not_on_payroll", _("Chưa được tuyển dụng vào biên chế cơ quan Tỉnh đoàn."), False)

    # Party.
    if person.party_status == Person.PartyStatus.MEMBER:
        add("party_member", _("Là đảng viên Đảng Cộng sản Việt Nam."), True)
    elif person.party_status == Person.PartyStatus.SOURCE:
        add("party_source", _("Là nguồn phát triển đảng."), True)
    else:
        add("party_none", _("Chưa là đảng viên, cũng chưa là nguồn phát triển đảng."), False)

    # Age.
    age = person.age_on(start_date)
    ages = {"age": age, "start": fmt(start_date), "limit": rules.age_limit}
    if age is None:
        add("birth_date_missing", _("Chưa có ngày sinh: không xác định được độ tuổi."), False)
    elif age <= rules.age_limit:
        add("age_ok", _("%(age)s tuổi vào ngày bắt đầu %(start)s (không quá %(limit)s tuổi).") % ages, True)
    else:
        add("too_old", _("%(age)s tuổi vào ngày bắt đầu %(start)s: quá %(limit)s tuổi.") % ages, False)

    # Target group and planning.
    group, in_position = None, None
    for g in rules.groups:
        if g.requires_executive_full_time:
            position = _executive_full_time(person, facts, rules.owner_id, start_date)
        elif g.requires_department_staff:
            position = facts.department_unit_id == rules.owner_id
        else:
            position = True
        if position and in_position is None:
            in_position = g.group
        if position and _planned(facts, rules.owner_id, g.planned_titles, start_date):
            group = g.group
            break
    if group is not None:
        add(
            f"group{group}",
            _("Thuộc đối tượng %(group)s: %(name)s.") % {"group": group, "name": rules.group(group).name},
            True,
        )
    elif in_position is not None:
        if in_position == 1:
            text = _("Là Ủy viên BCH chuyên trách nhưng chưa có quy hoạch vị trí cao hơn.")
        else:
            text = _("Là cán bộ các ban nhưng chưa được quy hoạch chức danh Phó Trưởng ban trở lên.")
        add("not_planned", text, False)
    else:
        add("not_in_target_group", _("Không thuộc đối tượng 1 hay đối tượng 2 của kế hoạch."), False)

    # Yearly evaluations.
    years = range(start_date.year - rules.evaluation_years, start_date.year)
    for year in years:
        got = facts.evaluations.get(year)
        if got is None:
            add("evaluation_missing", _("Chưa có đánh giá, xếp loại năm %(year)s.") % {"year": year}, False)
        elif got[0] <= rules.evaluation_max_rank:
            add("evaluation_ok", _("Năm %(year)s: %(level)s.") % {"year": year, "level": got[1]}, True)
        else:
            add(
                "evaluation_low",
                _("Năm %(year)s: %(level)s (chưa hoàn thành tốt nhiệm vụ).") % {"year": year, "level": got[1]},
                False,
            )

    # Discipline.
    active = [
        status
        for status, start, end in facts.disciplines
        if status != "cleared" and start <= start_date and (end is None or end >= start_date)
    ]
    if "disciplined" in active:
        add("disciplined", _("Đang trong thời gian thi hành kỷ luật."), False)
    if "review" in active:
        add("discipline_review", _("Đang trong thời gian xem xét kỷ luật."), False)
    if not active:
        add("no_discipline", _("Không trong thời gian thi hành kỷ luật hoặc xem xét kỷ luật."), True)

    # Women: pregnancy and children under 24 months (sensitive).
    if person.sex == Person.Sex.FEMALE:
        pregnant = any(start <= start_date and (end is None or end >= start_date) for start, end in facts.pregnancies)
        if pregnant:
            add(
                "pregnant",
                _("Đang trong thời gian mang thai vào ngày %(day)s.") % {"day": fmt(start_date)},
                False,
                True,
            )
        else:
            add("not_pregnant", _("Không trong thời gian mang thai."), True, True)
        young = [b for b in facts.children if b <= start_date < add_months(b, rules.child_months_limit)]
        if young:
            add(
                "young_child",
                _("Đang nuôi con nhỏ dưới %(months)s tháng (con sinh ngày %(born)s).")
                % {"months": rules.child_months_limit, "born": fmt(young[0])},
                False,
                True,
            )
        else:
            add(
                "no_young_child",
                _("Không nuôi con nhỏ dưới %(months)s tháng.") % {"months": rules.child_months_limit},
                True,
                True,
            )

    failures = [r for r in reasons if not r.passed]
    eligible = not failures
    result = EligibilityResult(eligible=eligible, group=group, reasons=reasons, proposable=eligible)
    if not eligible and facts.exception is not None and [r.code for r in failures] == ["not_planned"]:
        exc = facts.exception
        result.proposable = True
        result.exception = exc
        result.group = in_position
        if exc.decision_number:
            message = _("Ban Thường vụ xem xét trường hợp cụ thể (%(number)s): %(reason)s") % {
                "number": exc.decision_number,
                "reason": exc.reason,
            }
        else:
            message = _("Ban Thường vụ xem xét trường hợp cụ thể: %(reason)s") % {"reason": exc.reason}
        reasons.append(Reason("case_exception", message, True))
    return result


def redact(result, can_view_sensitive):
    """The result as a user without VIEW_SENSITIVE may see it: the women's conditions become one generic reason."""
    if can_view_sensitive:
        return result
    sensitive = [r for r in result.reasons if r.sensitive]
    if not sensitive:
        return result
    kept = [r for r in result.reasons if not r.sensitive]
    passed = all(r.passed for r in sensitive)
    code, message = SENSITIVE_GENERIC_PASS if passed else SENSITIVE_GENERIC
    kept.append(Reason(code, str(message), passed, True))
    return EligibilityResult(result.eligible, result.group, kept, result.proposable, result.exception)


def start_window_violations(rules, start_date, year):
    rules = plan_rules(rules)
    out = []
    if start_date.year != year:
        out.append(
            (
                "start_year",
                _("Ngày bắt đầu %(start)s không thuộc năm %(year)s của danh sách.")
                % {"start": fmt(start_date), "year": year},
                "start_date",
            )
        )
    if start_date.month not in rules.start_window_months:
        months = ", ".join(str(m) for m in rules.start_window_months)
        out.append(
            (
                "start_window",
                _(
                    "Ngày bắt đầu %(start)s không thuộc quý I; kế hoạch quy định thời điểm cử cán bộ "
                    "bắt đầu từ quý I hằng năm (tháng %(months)s)."
                )
                % {"start": fmt(start_date), "months": months},
                "start_date",
            )
        )
    return out


def cap_violations(rules, year, count):
    """``count`` is the number of cadres on the year's list including the one being added."""
    rules = plan_rules(rules)
    if count > rules.yearly_cap:
        return [
            (
                "yearly_cap",
                _("Năm %(year)s đã có %(count)s cán bộ được cử; tối đa %(cap)s cán bộ/năm.")
                % {"year": year, "count": count - 1, "cap": rules.yearly_cap},
            )
        ]
    return []


def host_violations(rules, group, host, host_title):
    rules = plan_rules(rules)
    out = []
    g = rules.group(group)
    if g is None:
        return [("unknown_group", _("Kế hoạch không có đối tượng %(group)s.") % {"group": group}, "group")]
    if host.level.kind != UnitLevel.Kind.DISTRICT:
        out.append(
            (
                "host_not_district",
                _("«%(host)s» không phải là Đoàn cấp huyện và tương đương.") % {"host": host.name},
                "host",
            )
        )
    if host_title not in g.host_titles:
        from coso.people.models import PostTitle

        allowed = ", ".join(str(PostTitle(t).label) for t in g.host_titles)
        out.append(
            (
                "host_title",
                _("Đối tượng %(group)s được cử ở vị trí: %(titles)s.") % {"group": group, "titles": allowed},
                "host_title",
            )
        )
    return out


def schedule(start_date, planned_end, interval_months):
    """(kind, sequence, due date) of the reports/evaluations: every ``interval`` months, then the final one."""
    out, n = [], 1
    while add_months(start_date, interval_months * n) < planned_end:
        out.append(("six_month", n, add_months(start_date, interval_months * n)))
        n += 1
    out.append(("final", n, planned_end))
    return out


def load_facts(people, plan):
    """Facts for many people in a fixed number of queries (no query grows with the list)."""
    from django.db.models import Prefetch

    from coso.people.models import Evaluation
    from coso.placements.models import CaseException

    ids = [p.pk for p in people]
    qs = (
        Person.objects.filter(pk__in=ids)
        .select_related("department")
        .prefetch_related(
            "posts",
            "plannings",
            Prefetch("evaluations", queryset=Evaluation.objects.select_related("level")),
            "discipline_records",
            "pregnancies",
            "children",
        )
    )
    exceptions = {e.person_id: e for e in CaseException.objects.filter(plan=plan, person_id__in=ids)}
    facts = {}
    for p in qs:
        facts[p.pk] = PersonFacts(
            department_unit_id=p.department.unit_id if p.department_id else None,
            posts=[(x.unit_id, x.body, x.title, x.start_date, x.end_date) for x in p.posts.all()],
            plannings=[(x.unit_id, x.title, x.removed_on) for x in p.plannings.all()],
            evaluations={e.year: (e.level.rank, e.level.name) for e in p.evaluations.all()},
            disciplines=[(d.status, d.start_date, d.end_date) for d in p.discipline_records.all()],
            pregnancies=[(x.start_date, x.end_date) for x in p.pregnancies.all()],
            children=[c.birth_date for c in p.children.all()],
            exception=exceptions.get(p.pk),
        )
    return facts
