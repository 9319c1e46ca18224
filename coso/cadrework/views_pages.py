"""Pages of cadre work beside the dashboard: posts and vacancies of the elected bodies, planning
(quy hoạch), the pool of sources, courses with sessions and attendance, rotations, and the
yearly evaluation with the evidence the system holds. Reads are scoped (404 out of scope),
writes go through ``services`` (403 when visible but not allowed; a DomainError is shown on
the form, which keeps what was typed)."""

import datetime
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coso.accounts import scoping
from coso.cadrework import forms, permissions, selectors, services
from coso.cadrework.models import BodySeats, SourcePoolEntry
from coso.cadrework.workflows import SOURCE
from coso.core import dates
from coso.core.errors import DomainError
from coso.core.views import submit_form
from coso.imports.export import xlsx_response
from coso.org.models import Department
from coso.people import ancestry
from coso.people.models import Evaluation, Planning, Post, PostTitle, Term, TrainingRecord

PAGE_SIZE = 50
PLANNING_TERMS = [(2022, 2027), (2027, 2032)]
PLANNING_TITLES = [PostTitle.SECRETARY, PostTitle.DEPUTY_SECRETARY]


def _current(day):
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def _picker(request, unit):
    """Units for the unit selector: the top of the user's scope and the level below it."""
    tops = list(scoping.top_units(request.user).order_by("depth", "path"))
    depth = min((t.depth for t in tops), default=1)
    units = list(
        scoping.visible_units(request.user).filter(depth__lte=depth + 1, is_active=True).order_by("path")[:300]
    )
    if unit not in units:
        units.append(unit)
    return {"picker": units, "picker_depth": depth}


# --------------------------------------------------------------------------- bodies


@login_required
@require_GET
def bodies(request):
    unit = permissions.unit_from(request)
    today = timezone.localdate()
    vacancies = {v.body: v for v in selectors.vacancies(unit, on=today)}
    holders = defaultdict(list)
    posts = Post.objects.filter(_current(today), unit=unit, body__in=[b.value for b in forms.SEAT_BODIES])
    for post in posts.select_related("person").order_by("person__sort_key"):
        holders[post.body].append(post)
    term = Term.objects.filter(start_year__lte=today.year, end_year__gte=today.year).order_by("-start_year").first()
    seats = {row.body: row for row in BodySeats.objects.filter(unit=unit, term=term)} if term else {}
    rows = [
        {
            "body": body,
            "vacancy": vacancies.get(body.value),
            "holders": holders.get(body.value, []),
            "seats": seats.get(body.value),
        }
        for body in forms.SEAT_BODIES
    ]
    context = {
        "unit": unit,
        "rows": rows,
        "term": term,
        "may_edit": scoping.can(request.user, scoping.EDIT_UNITS, unit),
        "form": forms.SeatsForm(initial={"term": term}),
        **_picker(request, unit),
    }
    return render(request, "cadrework/bodies.html", context)


@login_required
@require_POST
def seats_set(request):
    unit = permissions.unit_from(request, request.POST)
    form = forms.SeatsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.set_body_seats(
                actor=request.user,
                unit=unit,
                body=data["body"],
                term=data["term"],
                seats=data["seats"],
                version=data["version"],
            )
        except DomainError as error:
            messages.error(request, " ".join(message for _code, message in error.violations))
        else:
            messages.success(request, _("Đã lưu số lượng."))
    else:
        messages.error(request, _("Số lượng không hợp lệ."))
    return redirect(f"{_url('cadrework:bodies')}?unit={unit.pk}")


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


# --------------------------------------------------------------------------- planning


def _changes(rows):
    """Who put each candidate in the planning and when, and who took them out (from the
    records' history). One query."""
    by_id = {row.pk: row for row in rows}
    for row in rows:
        row.added, row.removed = None, None
    previous = {}
    history = Planning.history.filter(id__in=list(by_id)).select_related("history_user").order_by("history_date")
    for record in history:
        row, before = by_id[record.id], previous.get(record.id)
        if record.removed_on is None and (before is None or before.removed_on is not None):
            row.added, row.removed = record, None
        elif record.removed_on is not None and (before is None or before.removed_on is None):
            row.removed = record
        previous[record.id] = record
    return rows


@login_required
@require_GET
def planning(request):
    unit = permissions.unit_from(request)
    terms = {(t.start_year, t.end_year): t for t in Term.objects.all()}
    rows = _changes(
        list(
            Planning.objects.filter(unit=unit, title__in=PLANNING_TITLES)
            .select_related("person__unit", "term")
            .order_by("term__start_year", "title", "person__sort_key")
        )
    )
    grouped = {(t, title): ([], []) for t in PLANNING_TERMS for title in PLANNING_TITLES}
    for row in rows:
        key = ((row.term.start_year, row.term.end_year), row.title)
        if key in grouped:
            grouped[key][1 if row.removed_on else 0].append(row)
    sections = [
        {
            "term": terms.get(t) or f"{t[0]}–{t[1]}",
            "titles": [
                {"label": PostTitle(title).label, "rows": grouped[(t, title)][0], "removed": grouped[(t, title)][1]}
                for title in PLANNING_TITLES
            ],
        }
        for t in PLANNING_TERMS
    ]
    context = {
        "unit": unit,
        "sections": sections,
        "may_edit": scoping.can(request.user, scoping.EDIT_UNITS, unit),
        "today": timezone.localdate(),
        **_picker(request, unit),
    }
    return render(request, "cadrework/planning.html", context)


def _planning_form(request, unit, data=None):
    people = permissions.cadres(request.user).filter(ancestry.under_unit_q(unit)).order_by("sort_key", "id")
    terms = Term.objects.filter(start_year__in=[t[0] for t in PLANNING_TERMS]).order_by("start_year")
    return forms.PlanningForm(data, people=people, terms=terms, under=(unit.pk,))


@login_required
@require_http_methods(["GET", "POST"])
def planning_add(request):
    unit = permissions.unit_from(request)
    form = _planning_form(request, unit, request.POST or None)
    if request.method == "POST":
        scoping.require(request.user, scoping.EDIT_UNITS, unit)
    if done := submit_form(
        request,
        form,
        lambda data: services.add_planning(actor=request.user, unit=unit, **data),
        then=lambda row: f"{_url('cadrework:planning')}?unit={unit.pk}",
        success=lambda row: _("Đã đưa %(name)s vào quy hoạch.") % {"name": row.person.full_name},
    ):
        return done
    title = _("Quy hoạch Bí thư, Phó Bí thư – %(u)s") % {"u": unit.name}
    return render(request, "cadrework/form.html", {"form": form, "title": title})


@login_required
@require_POST
def planning_remove(request, pk):
    rows = Planning.objects.filter(scoping.unit_q(request.user, scoping.VIEW, prefix="unit__"))
    row = get_object_or_404(rows.select_related("person", "unit"), pk=pk)
    form = forms.RemovePlanningForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Phải có ngày (dd/mm/yyyy); hãy tải lại trang."))
    else:
        try:
            services.remove_planning(actor=request.user, planning=row, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã đưa %(name)s ra khỏi quy hoạch.") % {"name": row.person.full_name})
    return redirect(f"{_url('cadrework:planning')}?unit={row.unit_id}")


# --------------------------------------------------------------------------- sources


def _sources(request):
    """The source pool of the page, filtered as shown: the page and its export share it."""
    unit = permissions.unit_from(request)
    entries = permissions.sources(request.user).filter(unit__path__startswith=unit.path)
    kind = request.GET.get("kind", "")
    if kind in SourcePoolEntry.Kind.values:
        entries = entries.filter(kind=kind)
    return unit, kind, entries.prefetch_related("changes").order_by("kind", "full_name", "id")


@login_required
@require_GET
def sources(request):
    unit, kind, entries = _sources(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    stages = SourcePoolEntry.Stage
    for entry in page:
        allowed = SOURCE.targets(entry.stage)
        entry.next_stages = [(code, label) for code, label in stages.choices if code in allowed]
    context = {
        "unit": unit,
        "page": page,
        "kind": kind,
        "kinds": SourcePoolEntry.Kind.choices,
        "query": f"unit={unit.pk}&kind={kind}",
        "may_edit": scoping.can(request.user, scoping.EDIT_PEOPLE, unit),
        "today": timezone.localdate(),
        **_picker(request, unit),
    }
    return render(request, "cadrework/sources.html", context)


@login_required
@require_GET
def sources_export(request):
    unit, _kind, entries = _sources(request)
    headers = [
        _("Họ và tên"),
        _("Trường, nơi công tác"),
        _("Loại nguồn"),
        _("Đơn vị theo dõi"),
        _("Giai đoạn"),
        _("Vào nguồn"),
        _("Tiến trình"),
    ]
    rows = (
        [
            e.full_name,
            e.school,
            e.get_kind_display(),
            e.unit.name,
            e.get_stage_display(),
            e.added_on,
            "; ".join(f"{c.on:%d/%m/%Y}: {c.get_to_stage_display()}" for c in e.changes.all()),
        ]
        for e in entries
    )
    return xlsx_response(f"nguon-can-bo-{unit.code or unit.pk}.xlsx", headers, rows, sheet_title=_("Nguồn cán bộ"))


@login_required
@require_http_methods(["GET", "POST"])
def source_add(request):
    unit = permissions.unit_from(request)
    form = forms.SourceForm(request.POST or None)
    if done := submit_form(
        request,
        form,
        lambda data: services.add_source(actor=request.user, unit=unit, **data),
        then=lambda entry: f"{_url('cadrework:sources')}?unit={unit.pk}",
        success=lambda entry: _("Đã đưa %(name)s vào nguồn.") % {"name": entry.full_name},
    ):
        return done
    return render(
        request, "cadrework/form.html", {"form": form, "title": _("Thêm nguồn cán bộ – %(u)s") % {"u": unit.name}}
    )


@login_required
@require_POST
def source_advance(request, pk):
    entry = get_object_or_404(permissions.sources(request.user), pk=pk)
    form = forms.AdvanceForm(request.POST)
    if form.is_valid():
        try:
            services.advance_source(actor=request.user, entry=entry, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, " ".join(message for _code, message in error.violations))
        else:
            messages.success(request, _("Đã chuyển giai đoạn của %(name)s.") % {"name": entry.full_name})
    else:
        messages.error(request, _("Phải chọn giai đoạn và ngày (dd/mm/yyyy)."))
    return redirect(f"{_url('cadrework:sources')}?unit={entry.unit_id}")


# --------------------------------------------------------------------------- courses


@login_required
@require_GET
def courses(request):
    rows = permissions.courses(request.user).order_by("-start_date", "name")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cadrework/courses.html",
        {"page": page, "may_add": scoping.holds(request.user, scoping.EDIT_PEOPLE)},
    )


@login_required
@require_GET
def courses_export(request):
    rows = permissions.courses(request.user).order_by("-start_date", "name")
    headers = [_("Tên lớp"), _("Trình độ"), _("Loại"), _("Từ ngày"), _("Đến ngày"), _("Đơn vị tổ chức")]
    data = ([c.name, c.level, c.get_kind_display(), c.start_date, c.end_date, c.organiser.name] for c in rows)
    return xlsx_response("lop-dao-tao-boi-duong.xlsx", headers, data, sheet_title=_("Lớp đào tạo, bồi dưỡng"))


@login_required
@require_http_methods(["GET", "POST"])
def course_add(request):
    unit = permissions.unit_from(request)
    form = forms.CourseForm(request.POST or None)
    if done := submit_form(
        request,
        form,
        lambda data: services.create_course(actor=request.user, organiser=unit, **data),
        then=lambda course: ("cadrework:course_detail", course.pk),
        success=lambda course: _("Đã tạo lớp %(name)s.") % {"name": course.name},
    ):
        return done
    return render(request, "cadrework/form.html", {"form": form, "title": _("Mở lớp – %(u)s") % {"u": unit.name}})


def _candidates(request, course):
    """Cadres the user may send, planned cadres first (quy hoạch in force), then by name."""
    planned = Planning.objects.filter(person=OuterRef("pk"), removed_on__isnull=True)
    return (
        permissions.cadres(request.user)
        .filter(unit__path__startswith=course.organiser.path)
        .exclude(course_enrollments__course=course)
        .annotate(planned=Exists(planned))
        .order_by("-planned", "sort_key", "id")
    )


def _course_context(request, course, enroll_form=None):
    sessions = list(course.sessions.all())
    planned = Planning.objects.filter(person=OuterRef("person_id"), removed_on__isnull=True)
    enrollments = list(
        course.enrollments.select_related("person__unit")
        .prefetch_related("attended")
        .annotate(planned=Exists(planned))
        .order_by("-planned", "person__sort_key")
    )
    for e in enrollments:
        attended = {s.pk for s in e.attended.all()}
        e.marks = [(s, s.pk in attended) for s in sessions]
        e.attended_count = len(attended)
    candidates = _candidates(request, course)
    return {
        "course": course,
        "sessions": sessions,
        "enrollments": enrollments,
        "required": course.required_sessions if course.required_sessions is not None else len(sessions),
        "may_edit": scoping.can(request.user, scoping.EDIT_PEOPLE, course.organiser),
        "enroll_form": enroll_form or forms.EnrollForm(people=candidates, under=(course.organiser_id,)),
    }


@login_required
@require_GET
def course_detail(request, pk):
    course = get_object_or_404(permissions.courses(request.user), pk=pk)
    return render(request, "cadrework/course_detail.html", _course_context(request, course))


@login_required
@require_POST
def course_enroll(request, pk):
    course = get_object_or_404(permissions.courses(request.user), pk=pk)
    form = forms.EnrollForm(request.POST, people=_candidates(request, course), under=(course.organiser_id,))
    if done := submit_form(
        request,
        form,
        lambda data: services.enroll(actor=request.user, course=course, **data),
        then=lambda enrollment: ("cadrework:course_detail", course.pk),
        success=lambda enrollment: _("Đã cử %(name)s đi học.") % {"name": enrollment.person.full_name},
    ):
        return done
    return render(request, "cadrework/course_detail.html", _course_context(request, course, form), status=400)


@login_required
@require_POST
def enrollment_attendance(request, pk):
    enrollment = get_object_or_404(permissions.enrollments(request.user), pk=pk)
    ids = [int(v) for v in request.POST.getlist("sessions") if v.isdigit()]
    sessions = list(enrollment.course.sessions.filter(pk__in=ids))
    try:
        services.record_attendance(actor=request.user, enrollment=enrollment, sessions=sessions, replace=True)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã ghi điểm danh của %(name)s.") % {"name": enrollment.person.full_name})
    return redirect("cadrework:course_detail", enrollment.course_id)


@login_required
@require_POST
def enrollment_complete(request, pk):
    enrollment = get_object_or_404(permissions.enrollments(request.user), pk=pk)
    form = forms.CompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Thiếu phiên bản của bản ghi: hãy tải lại trang."))
    else:
        try:
            services.complete_enrollment(
                actor=request.user,
                enrollment=enrollment,
                completed=form.cleaned_data["completed"],
                version=form.cleaned_data["version"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã cập nhật kết quả của %(name)s.") % {"name": enrollment.person.full_name})
    return redirect("cadrework:course_detail", enrollment.course_id)


# --------------------------------------------------------------------------- rotations


def _rotation_form(request, unit, data=None):
    people = permissions.cadres(request.user).filter(unit=unit).order_by("sort_key", "id")
    departments = Department.objects.filter(unit=unit, is_active=True).order_by("name")
    return forms.RotationForm(data, people=people, departments=departments, units=(unit.pk,))


def _rotations(request):
    unit = permissions.unit_from(request)
    rows = permissions.rotations(request.user).filter(person__unit__path__startswith=unit.path).order_by("-on", "-id")
    return unit, rows


@login_required
@require_GET
def rotations(request):
    unit, rows = _rotations(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "page": page,
        "may_edit": scoping.can(request.user, scoping.EDIT_PEOPLE, unit),
        "query": f"unit={unit.pk}",
        **_picker(request, unit),
    }
    return render(request, "cadrework/rotations.html", context)


@login_required
@require_GET
def rotations_export(request):
    unit, rows = _rotations(request)
    headers = [_("Ngày"), _("Cán bộ"), _("Từ ban"), _("Đến ban"), _("Số quyết định")]
    data = (
        [
            r.on,
            r.person.full_name,
            r.from_department.name if r.from_department_id else "",
            r.to_department.name,
            r.decision_number,
        ]
        for r in rows
    )
    return xlsx_response(f"luan-chuyen-can-bo-{unit.code or unit.pk}.xlsx", headers, data, sheet_title=_("Luân chuyển"))


@login_required
@require_http_methods(["GET", "POST"])
def rotation_add(request):
    unit = permissions.unit_from(request)
    form = _rotation_form(request, unit, request.POST or None)
    if done := submit_form(
        request,
        form,
        lambda data: services.rotate(actor=request.user, **data),
        then=lambda rotation: f"{_url('cadrework:rotations')}?unit={unit.pk}",
        success=_("Đã ghi luân chuyển."),
    ):
        return done
    return render(
        request, "cadrework/form.html", {"form": form, "title": _("Luân chuyển cán bộ – %(u)s") % {"u": unit.name}}
    )


# --------------------------------------------------------------------------- evaluations


def _evidence(people, year):
    """What the system holds about each cadre in ``year``: grassroots days (visits), trainings,
    field-training placements. Three queries whatever the number of people."""
    from coso.placements.models import Placement
    from coso.visits.models import Visit

    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    ids = [p.pk for p in people]
    days = defaultdict(int)
    for cadre_id, start, end in (
        Visit.objects.filter(cadre_id__in=ids)
        .overlapping(first, last)
        .order_by()  # summed: the trips' own order would join every cadre's person row
        .values_list("cadre_id", "start_date", "end_date")
    ):
        days[cadre_id] += (min(end, last) - max(start, first)).days + 1
    trainings = defaultdict(list)
    for row in (
        TrainingRecord.objects.filter(person_id__in=ids, start_date__lte=last)
        .filter(Q(end_date__gte=first) | Q(end_date__isnull=True, start_date__gte=first))
        .order_by("start_date")
    ):
        trainings[row.person_id].append(row)
    placements = defaultdict(list)
    for row in (
        Placement.objects.filter(person_id__in=ids, start_date__lte=last)
        .filter(Q(actual_end__isnull=True) | Q(actual_end__gte=first))
        .select_related("host")
    ):
        placements[row.person_id].append(row)
    return days, trainings, placements


def _evaluation_people(request):
    unit = permissions.unit_from(request)
    year = dates.year_from(request.GET.get("year"), timezone.localdate().year - 1)
    people = permissions.cadres(request.user).filter(ancestry.under_unit_q(unit)).order_by("sort_key", "id")
    return unit, year, people


@login_required
@require_GET
def evaluations(request):
    unit, year, people = _evaluation_people(request)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    days, trainings, placements = _evidence(rows, year)
    given = {e.person_id: e for e in Evaluation.objects.filter(person__in=rows, year=year).select_related("level")}
    for person in rows:
        person.evaluation = given.get(person.pk)
        person.visit_days = days.get(person.pk, 0)
        person.year_trainings = trainings.get(person.pk, [])
        person.year_placements = placements.get(person.pk, [])
    context = {
        "unit": unit,
        "year": year,
        "page": page,
        "rows": rows,
        "may_edit": scoping.can(request.user, scoping.CLASSIFY, unit),
        "query": f"unit={unit.pk}&year={year}",
        **_picker(request, unit),
    }
    return render(request, "cadrework/evaluations.html", context)


EXPORT_CHUNK = 500


@login_required
@require_GET
def evaluations_export(request):
    """Every cadre of the page (all pages), with the same evidence and classification."""
    unit, year, people = _evaluation_people(request)
    headers = [
        _("Cán bộ"),
        _("Đơn vị"),
        _("Ngày đi cơ sở"),
        _("Đào tạo, bồi dưỡng"),
        _("Đào tạo thực tế"),
        _("Xếp loại"),
    ]

    def rows():
        people_list = list(people.select_related("unit"))
        for start in range(0, len(people_list), EXPORT_CHUNK):
            chunk = people_list[start : start + EXPORT_CHUNK]
            days, trainings, placements = _evidence(chunk, year)
            given = {
                e.person_id: e for e in Evaluation.objects.filter(person__in=chunk, year=year).select_related("level")
            }
            for p in chunk:
                evaluation = given.get(p.pk)
                yield [
                    p.full_name,
                    p.unit.name,
                    days.get(p.pk, 0),
                    "; ".join(t.name + (" ✓" if t.completed else "") for t in trainings.get(p.pk, [])),
                    "; ".join(f"{pl.host.name} ({pl.start_date:%d/%m/%Y})" for pl in placements.get(p.pk, [])),
                    evaluation.level.name if evaluation else _("Chưa đánh giá"),
                ]

    return xlsx_response(
        f"danh-gia-xep-loai-can-bo-{unit.code or unit.pk}-{year}.xlsx", headers, rows(), sheet_title=_("Xếp loại")
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_edit(request, person_pk, year):
    person = get_object_or_404(permissions.cadres(request.user), pk=person_pk)
    levels = services.evaluation_levels(year)
    existing = Evaluation.objects.filter(person=person, year=year).first()
    initial = {}
    if existing is not None:
        initial = {
            "level": existing.level_id,
            "self_assessment": existing.self_assessment,
            "note": existing.note,
            "version": existing.version,
        }
    form = forms.EvaluationForm(request.POST or None, levels=levels, initial=initial)
    if request.method == "POST":
        scoping.require(request.user, scoping.CLASSIFY, person.unit)
    if done := submit_form(
        request,
        form,
        lambda data: services.evaluate(actor=request.user, person=person, year=year, **data),
        then=lambda evaluation: f"{_url('cadrework:evaluations')}?unit={person.unit_id}&year={year}",
        success=_("Đã lưu đánh giá, xếp loại của %(name)s.") % {"name": person.full_name},
    ):
        return done
    days, trainings, placements = _evidence([person], year)
    context = {
        "form": form,
        "person": person,
        "year": year,
        "visit_days": days.get(person.pk, 0),
        "trainings": trainings.get(person.pk, []),
        "placements": placements.get(person.pk, []),
    }
    return render(request, "cadrework/evaluation_form.html", context)
