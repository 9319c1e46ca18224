"""Writes of cadre work. Keyword-only arguments, one transaction each, scope checked through
``accounts.scoping`` when an ``actor`` is given (``actor=None`` is the system: setup scripts,
data migrations), every broken rule reported at once as a ``DomainError`` in Vietnamese."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from coso.accounts import scoping
from coso.cadrework import indicators
from coso.cadrework.models import (
    BaseUnitPlanSubmission,
    BodySeats,
    CadrePlan,
    Course,
    CourseSession,
    Enrollment,
    Indicator,
    Rotation,
    SourcePoolEntry,
)
from coso.cadrework.workflows import SOURCE
from coso.core import dates
from coso.core.errors import ConflictError, DomainError
from coso.core.workflow import transition
from coso.org.models import ClassificationScheme, UnitLevel
from coso.people.models import Body, Evaluation, Planning, TrainingRecord

S = SourcePoolEntry.Stage

# The source pool's workflow: ``workflows.SOURCE``.
# Where a source of each kind starts.
INITIAL_STAGE = {
    SourcePoolEntry.Kind.SCHOOL_UNION_CADRE: S.HIGH_SCHOOL_UNION_CADRE,
}


def _require(actor, capability, unit):
    if actor is not None:
        scoping.require(actor, capability, unit)


def _raise(violations):
    if violations:
        code, message = violations[0][:2]
        raise DomainError(code, message, violations=violations)


def _user(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


# ---------------------------------------------------------------- plans and indicators


# Which form field each refusal belongs to (shown next to it on the pages).
_FIELDS = {
    "title_required": "title",
    "duplicate_plan": "title",
    "deadline_year": "base_plan_deadline",
    "unknown_population": "population",
    "unknown_measure": "measure",
    "subject_mismatch": "measure",
    "bad_target_kind": "target_kind",
    "target_positive": "target_value",
    "percent_over_100": "target_value",
    "name_required": "name",
    "not_under_owner": "unit",
    "not_base_unit": "unit",
    "already_submitted": "unit",
}


def _with_fields(violations):
    return [row if len(row) > 2 else (row[0], row[1], _FIELDS.get(row[0])) for row in violations]


def _plan_violations(owner, year, title, base_plan_deadline, exclude=None):
    violations = []
    if not title.strip():
        violations.append(("title_required", _("Phải có trích yếu kế hoạch.")))
    same = CadrePlan.objects.filter(owner=owner, year=year, title=title)
    if exclude is not None:
        same = same.exclude(pk=exclude.pk)
    if same.exists():
        violations.append(("duplicate_plan", _("Đơn vị đã có kế hoạch cùng trích yếu trong năm này.")))
    if base_plan_deadline and base_plan_deadline.year not in (year, year + 1):
        violations.append(("deadline_year", _("Hạn gửi kế hoạch của cơ sở phải thuộc năm kế hoạch.")))
    return _with_fields(violations)


@transaction.atomic
def create_plan(*, actor, owner, year, title, number="", issued_on=None, base_plan_deadline=None):
    _require(actor, scoping.EDIT_UNITS, owner)
    dates.require_year_in_window(year=year)
    dates.require_in_window(issued_on=issued_on, base_plan_deadline=base_plan_deadline)
    _raise(_plan_violations(owner, year, title, base_plan_deadline))
    return CadrePlan.objects.create(
        owner=owner,
        year=year,
        title=title,
        number=number,
        issued_on=issued_on,
        base_plan_deadline=base_plan_deadline,
        created_by=_user(actor),
    )


@transaction.atomic
def update_plan(*, actor, plan, year, title, number="", issued_on=None, base_plan_deadline=None, version=None):
    """Edit a plan's heading; ``version`` guards against overwriting a change made meanwhile."""
    plan = CadrePlan.objects.select_for_update().get(pk=plan.pk)
    _require(actor, scoping.EDIT_UNITS, plan.owner)
    dates.require_year_in_window(year=year)
    dates.require_in_window(issued_on=issued_on, base_plan_deadline=base_plan_deadline)
    _raise(_plan_violations(plan.owner, year, title, base_plan_deadline, exclude=plan))
    plan.year, plan.title, plan.number = year, title, number
    plan.issued_on, plan.base_plan_deadline = issued_on, base_plan_deadline
    plan.save_checked(version, update_fields=["year", "title", "number", "issued_on", "base_plan_deadline"])
    return plan


def _indicator_violations(name, population, measure, target_kind, target_value, params):
    violations = indicators.check_codes(population, measure, params)
    if target_kind not in Indicator.TargetKind.values:
        violations.append(("bad_target_kind", _("Loại chỉ tiêu phải là tỷ lệ (%) hoặc số lượng.")))
    if target_value is None or target_value <= 0:
        violations.append(("target_positive", _("Mức chỉ tiêu phải lớn hơn 0.")))
    elif target_kind == Indicator.TargetKind.PERCENT and target_value > 100:
        violations.append(("percent_over_100", _("Chỉ tiêu tỷ lệ không vượt quá 100%.")))
    if not name.strip():
        violations.append(("name_required", _("Phải có tên chỉ tiêu.")))
    return _with_fields(violations)


@transaction.atomic
def add_indicator(*, actor, plan, name, population, measure, target_kind, target_value, order=None, params=None):
    _require(actor, scoping.EDIT_UNITS, plan.owner)
    params = indicators.clean_params(measure, params)
    _raise(_indicator_violations(name, population, measure, target_kind, target_value, params))
    if order is None:
        order = (plan.indicators.aggregate(m=Max("order"))["m"] or 0) + 1
    return Indicator.objects.create(
        plan=plan,
        name=name,
        population=population,
        measure=measure,
        params=params,
        target_kind=target_kind,
        target_value=target_value,
        order=order,
    )


@transaction.atomic
def update_indicator(*, actor, indicator, name, population, measure, target_kind, target_value, params=None, version):
    indicator = Indicator.objects.select_for_update().select_related("plan__owner").get(pk=indicator.pk)
    _require(actor, scoping.EDIT_UNITS, indicator.plan.owner)
    params = indicators.clean_params(measure, params)
    _raise(_indicator_violations(name, population, measure, target_kind, target_value, params))
    indicator.name, indicator.population, indicator.measure, indicator.params = name, population, measure, params
    indicator.target_kind, indicator.target_value = target_kind, target_value
    indicator.save_checked(
        version, update_fields=["name", "population", "measure", "params", "target_kind", "target_value"]
    )
    return indicator


@transaction.atomic
def remove_indicator(*, actor, indicator, version):
    indicator = Indicator.objects.select_for_update().select_related("plan__owner").get(pk=indicator.pk)
    _require(actor, scoping.EDIT_UNITS, indicator.plan.owner)
    if version is not None and int(version) != indicator.version:
        raise ConflictError()
    plan = indicator.plan
    indicator.delete()
    _renumber(list(plan.indicators.order_by("order", "id")))
    return plan


@transaction.atomic
def move_indicator(*, actor, indicator, up):
    """Swap the indicator with the one above (``up``) or below it; the table is renumbered 1..n."""
    indicator = Indicator.objects.select_related("plan__owner").get(pk=indicator.pk)
    _require(actor, scoping.EDIT_UNITS, indicator.plan.owner)
    rows = list(Indicator.objects.select_for_update().filter(plan_id=indicator.plan_id).order_by("order", "id"))
    index = next(i for i, row in enumerate(rows) if row.pk == indicator.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    _renumber(rows)
    return indicator


def _renumber(rows):
    for number, row in enumerate(rows, start=1):
        if row.order != number:
            Indicator.objects.filter(pk=row.pk).update(order=number)


@transaction.atomic
def record_base_plan(*, actor, plan, unit, submitted_on, document_number=""):
    """A base union's own plan arrived (on ``submitted_on``)."""
    _require(actor, scoping.VIEW, unit)
    dates.require_in_window(submitted_on=submitted_on)
    violations = []
    if not unit.path.startswith(plan.owner.path) or unit.pk == plan.owner_id:
        violations.append(("not_under_owner", _("Đơn vị không trực thuộc đơn vị ban hành kế hoạch.")))
    if unit.level.kind != UnitLevel.Kind.BASE:
        violations.append(("not_base_unit", _("Chỉ cơ sở Đoàn gửi kế hoạch của đơn vị.")))
    if BaseUnitPlanSubmission.objects.filter(plan=plan, unit=unit).exists():
        violations.append(("already_submitted", _("Đơn vị đã gửi kế hoạch này.")))
    _raise(_with_fields(violations))
    return BaseUnitPlanSubmission.objects.create(
        plan=plan, unit=unit, submitted_on=submitted_on, document_number=document_number, recorded_by=_user(actor)
    )


# ---------------------------------------------------------------- source pool


@transaction.atomic
def add_source(*, actor, unit, kind, full_name, added_on, person=None, school=""):
    _require(actor, scoping.EDIT_PEOPLE, unit)
    dates.require_in_window(added_on=added_on)
    if kind not in SourcePoolEntry.Kind.values:
        raise DomainError("bad_kind", _("Loại nguồn không hợp lệ."))
    if not full_name.strip():
        raise DomainError("name_required", _("Phải có họ và tên."))
    return SourcePoolEntry.objects.create(
        unit=unit,
        kind=kind,
        full_name=full_name,
        person=person,
        school=school,
        added_on=added_on,
        stage=INITIAL_STAGE.get(kind, S.IN_POOL),
    )


@transaction.atomic
def advance_source(*, actor, entry, to_stage, on, note="", version=None):
    """Move a source on to ``to_stage`` (one of ``SOURCE.targets(entry.stage)``) on the day ``on``."""
    entry = SOURCE.lock(entry)
    _require(actor, scoping.EDIT_PEOPLE, entry.unit)
    dates.require_in_window(on=on)
    action = SOURCE.action_to(entry.stage, to_stage)
    if action is None:
        raise SOURCE.refusal(entry, entry.stage, to_stage)
    return transition(
        SOURCE, entry, action, actor=actor, check=False, locked=True, version=version, comment=note, step={"on": on}
    )


# ---------------------------------------------------------------- courses


@transaction.atomic
def create_course(
    *, actor, organiser, kind, name, start_date, end_date=None, level="", required_sessions=None, session_dates=()
):
    _require(actor, scoping.EDIT_PEOPLE, organiser)
    violations = []
    if kind not in TrainingRecord.Kind.values:
        violations.append(("bad_kind", _("Loại lớp không hợp lệ.")))
    violations += [
        ("date_out_of_window", message)
        for day in (start_date, end_date, *session_dates)
        if (message := dates.window_message(day))
    ]
    if end_date and end_date < start_date:
        violations.append(("ends_before_start", _("Ngày kết thúc phải sau ngày bắt đầu.")))
    if any(d < start_date or (end_date and d > end_date) for d in session_dates):
        violations.append(("session_outside", _("Buổi học phải nằm trong thời gian của lớp.")))
    _raise(violations)
    course = Course.objects.create(
        organiser=organiser,
        kind=kind,
        name=name,
        level=level,
        start_date=start_date,
        end_date=end_date,
        required_sessions=required_sessions,
    )
    CourseSession.objects.bulk_create([CourseSession(course=course, on=d) for d in session_dates])
    return course


@transaction.atomic
def enroll(*, actor, course, person, sent_on):
    _require(actor, scoping.EDIT_PEOPLE, person.unit)
    dates.require_in_window(sent_on=sent_on)
    if Enrollment.objects.filter(course=course, person=person).exists():
        raise DomainError("already_enrolled", _("Người này đã được cử vào lớp."))
    return Enrollment.objects.create(course=course, person=person, sent_on=sent_on)


@transaction.atomic
def record_attendance(*, actor, enrollment, sessions, replace=False):
    """Mark ``sessions`` attended (``replace``: exactly these, the others not attended)."""
    _require(actor, scoping.EDIT_PEOPLE, enrollment.course.organiser)
    if any(s.course_id != enrollment.course_id for s in sessions):
        raise DomainError("foreign_session", _("Buổi học không thuộc lớp này."))
    if replace:
        enrollment.attended.set(sessions)
    else:
        enrollment.attended.add(*sessions)
    return enrollment


@transaction.atomic
def complete_enrollment(*, actor, enrollment, completed=True, version=None):
    """Mark the enrollment (not) completed and write the person's TrainingRecord."""
    enrollment = Enrollment.objects.select_related("course", "person", "training_record").get(pk=enrollment.pk)
    course = enrollment.course
    _require(actor, scoping.EDIT_PEOPLE, course.organiser)
    if completed:
        total = course.sessions.count()
        required = total if course.required_sessions is None else course.required_sessions
        attended = enrollment.attended.count()
        if attended < required:
            raise DomainError(
                "not_enough_sessions",
                _("Học viên mới dự %(attended)s/%(required)s buổi bắt buộc, chưa thể hoàn thành.")
                % {"attended": attended, "required": required},
            )
    record = enrollment.training_record
    values = dict(
        kind=course.kind,
        name=course.name,
        level=course.level,
        start_date=course.start_date,
        end_date=course.end_date,
        completed=completed,
    )
    if record is None:
        record = TrainingRecord.objects.create(person=enrollment.person, **values)
    else:
        for key, value in values.items():
            setattr(record, key, value)
        record.save_checked(None)
    enrollment.training_record = record
    enrollment.completed = completed
    enrollment.save_checked(version, update_fields=["training_record", "completed"])
    return enrollment


# ---------------------------------------------------------------- rotation and seats


@transaction.atomic
def rotate(*, actor, person, to_department, on, decision_number=""):
    _require(actor, scoping.EDIT_PEOPLE, person.unit)
    dates.require_in_window(on=on)
    violations = []
    if to_department.unit_id != person.unit_id:
        violations.append(("other_unit", _("Chỉ luân chuyển giữa các ban của cùng một đơn vị.")))
    if to_department.pk == person.department_id:
        violations.append(("same_department", _("Cán bộ đang công tác ở ban này.")))
    if not to_department.is_active:
        violations.append(("inactive_department", _("Ban này không còn hoạt động.")))
    _raise(violations)
    rotation = Rotation.objects.create(
        person=person,
        from_department_id=person.department_id,
        to_department=to_department,
        on=on,
        decision_number=decision_number,
        recorded_by=_user(actor),
    )
    person.department = to_department
    person.save_checked(None, update_fields=["department"])
    return rotation


@transaction.atomic
def set_body_seats(*, actor, unit, body, term, seats, version=None):
    """Set the number of seats; ``version`` (of the existing row) guards against overwriting
    a change made meanwhile."""
    _require(actor, scoping.EDIT_UNITS, unit)
    if seats is None or seats <= 0:
        raise DomainError("bad_seats", _("Số lượng phải lớn hơn 0."), field="seats")
    if body not in Body.values:
        raise DomainError("bad_body", _("Cơ quan không hợp lệ."), field="body")
    row = BodySeats.objects.select_for_update().filter(unit=unit, body=body, term=term).first()
    if row is None:
        return BodySeats.objects.create(unit=unit, body=body, term=term, seats=seats)
    row.seats = seats
    row.save_checked(version, update_fields=["seats"])
    return row


# ---------------------------------------------------------------- evaluation


def evaluation_levels(year):
    """The grades of the cadre classification scheme in force in ``year`` (best first)."""
    scheme = ClassificationScheme.for_year(ClassificationScheme.Subject.CADRE, year)
    return list(scheme.levels.order_by("rank")) if scheme else []


@transaction.atomic
def evaluate(*, actor, person, year, level, self_assessment="", note="", version=None):
    """Record (or correct) the yearly self-criticism and classification of a cadre."""
    _require(actor, scoping.CLASSIFY, person.unit)
    dates.require_year_in_window(year=year)
    if level.pk not in {lvl.pk for lvl in evaluation_levels(year)}:
        raise DomainError("bad_level", _("Mức xếp loại không thuộc thang đánh giá cán bộ của năm này."), field="level")
    evaluation = Evaluation.objects.select_for_update().filter(person=person, year=year).first()
    if evaluation is None:
        return Evaluation.objects.create(
            person=person, year=year, level=level, self_assessment=self_assessment, note=note
        )
    evaluation.level, evaluation.self_assessment, evaluation.note = level, self_assessment, note
    evaluation.save_checked(version, update_fields=["level", "self_assessment", "note"])
    return evaluation


# ---------------------------------------------------------------- planning (quy hoạch, people.Planning)

PLANNING_TITLES = ("secretary", "deputy_secretary")


def _as(planning, actor):
    """Who made the change, for the record's history (also outside a web request)."""
    user = _user(actor)
    if user is not None:
        planning._history_user = user
    return planning


@transaction.atomic
def add_planning(*, actor, unit, person, title, term, decided_on=None, decision_number=""):
    """Put ``person`` in the planning of ``unit`` for ``title`` in ``term``. A candidate taken
    out earlier comes back (the history keeps both changes)."""
    _require(actor, scoping.EDIT_UNITS, unit)
    dates.require_in_window(decided_on=decided_on)
    violations = []
    if title not in PLANNING_TITLES:
        violations.append(("bad_title", _("Chỉ quy hoạch Bí thư hoặc Phó Bí thư."), "title"))
    if actor is not None and not scoping.can(actor, scoping.VIEW, person.unit):
        violations.append(("person_out_of_scope", _("Người này không thuộc phạm vi của bạn."), "person"))
    if not person.is_cadre and not person.is_member:
        violations.append(("not_union", _("Chỉ quy hoạch cán bộ, đoàn viên."), "person"))
    row = Planning.objects.select_for_update().filter(person=person, unit=unit, title=title, term=term).first()
    if row is not None and row.removed_on is None:
        violations.append(
            ("already_planned", _("Người này đã có trong quy hoạch chức danh này, nhiệm kỳ này."), "person")
        )
    _raise(violations)
    if row is None:
        row = _as(Planning(person=person, unit=unit, title=title, term=term), actor)
        row.decided_on, row.decision_number = decided_on, decision_number
        row.save()
        return row
    _as(row, actor)
    row.removed_on, row.decided_on, row.decision_number = None, decided_on, decision_number
    row.save_checked(None, update_fields=["removed_on", "decided_on", "decision_number"])
    return row


@transaction.atomic
def remove_planning(*, actor, planning, on, version):
    """Take a candidate out of the planning on day ``on`` (the row stays, with the date)."""
    planning = Planning.objects.select_for_update().select_related("unit").get(pk=planning.pk)
    _require(actor, scoping.EDIT_UNITS, planning.unit)
    dates.require_in_window(on=on)
    if planning.removed_on is not None:
        raise DomainError("already_removed", _("Người này đã được đưa ra khỏi quy hoạch."))
    _as(planning, actor)
    planning.removed_on = on
    planning.save_checked(version, update_fields=["removed_on"])
    return planning
