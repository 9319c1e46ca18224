"""Pages of going to the grassroots (đi cơ sở). Reads only through ``visible_to(user)``; an
object out of scope is a 404; writes only through ``services``; a refusal (``DomainError``)
shows every reason on the form and keeps what was typed."""

import datetime
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from coso.accounts import scoping
from coso.core import charts
from coso.core.errors import DomainError
from coso.core.history import history_entries
from coso.core.views import submit_form
from coso.imports.export import xlsx_response
from coso.org.models import Cluster, Unit, UnitLevel
from coso.visits import ancestry, permissions, rules, selectors, services
from coso.visits import coverage as coverage_mod
from coso.visits import ranking as ranking_mod
from coso.visits.forms import (
    CommentForm,
    EditVisitForm,
    PeriodForm,
    PlanCreateForm,
    PlannedVisitForm,
    RecordVisitForm,
    ReportCreateForm,
    VisitFilterForm,
    last_day,
)
from coso.visits.models import (
    Assignment,
    GoodPractice,
    HostConfirmation,
    MonthlyReport,
    PlannedVisit,
    QuarterPlan,
    RankingRule,
    Visit,
    VisitPolicy,
)

PAGE_SIZE = 50


# --------------------------------------------------------------------------- helpers


def _person(request):
    return request.user.person if getattr(request.user, "person_id", None) else None


def _cadre(request):
    """The signed-in cadre (the person recording their own visits), else 403."""
    person = _person(request)
    if person is None or not person.is_cadre:
        raise PermissionDenied(_("Tài khoản này không gắn với một cán bộ nên không ghi nhận việc đi cơ sở được."))
    return person


def _units(request):
    return Unit.objects.visible_to(request.user).filter(is_active=True).order_by("path")


def _visits(request):
    return Visit.objects.visible_to(request.user).select_related("cadre", "unit")


def _area_roots(cadre, units, day=None):
    """The units (among ``units``) at the top of the areas the cadre is assigned to on ``day``."""
    day = day or timezone.localdate()
    assigned = (
        Assignment.objects.filter(cadre=cadre, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .values("unit_id")
    )
    return list(units.filter(pk__in=assigned).values_list("pk", flat=True))


def _owner_and_period(request, *, monthly=False):
    """The organisation (a visible province- or district-level unit, default: the top of the
    user's scope) and the period of a dashboard."""
    units = (
        Unit.objects.visible_to(request.user)
        .filter(level__kind__in=[UnitLevel.Kind.CENTRAL, UnitLevel.Kind.PROVINCE, UnitLevel.Kind.DISTRICT])
        .order_by("path")
    )
    form = PeriodForm(request.GET or None, units=units)
    today = timezone.localdate()
    owner, year, month = None, today.year, today.month
    if form.is_valid():
        owner = form.cleaned_data["unit"]
        year = form.cleaned_data["year"] or year
        month = form.cleaned_data["month"] or month
    if owner is None:
        owner = scoping.top_units(request.user).order_by("depth", "path").first()
    if not form.is_bound or form.is_valid():
        # The form shows the period and organisation being displayed, not empty fields.
        form = PeriodForm(initial={"unit": owner, "year": year, "month": month}, units=units)
    if not monthly:
        form.fields.pop("month")
    return form, owner, year, month


# --------------------------------------------------------------------------- home


def _inboxes(user, person):
    person_id = person.pk if person else None
    host_inbox, review_inbox, plan_inbox = [], [], []
    if scoping.holds(user, scoping.CONFIRM_VISITS_AS_HOST):
        oldest_first = ("report__year", "report__month", "id")
        waiting = (
            HostConfirmation.objects.filter(
                state=HostConfirmation.State.PENDING, report__state=MonthlyReport.State.SUBMITTED
            )
            .filter(scoping.unit_q(user, scoping.CONFIRM_VISITS_AS_HOST, prefix="district__"))
            .exclude(report__cadre_id=person_id)
        )
        # The page's ids first, then its rows: PostgreSQL misjudges how many of the country's
        # pending confirmations await hosts and joined the cadre and district of every one
        # of them before sorting (issue 9: 50 ms of the national home).
        page = list(waiting.order_by(*oldest_first).values_list("pk", flat=True)[:PAGE_SIZE])
        host_inbox = list(
            HostConfirmation.objects.filter(pk__in=page)
            .select_related("report__cadre", "district")
            .order_by(*oldest_first)
        )
    if scoping.holds(user, scoping.REVIEW_VISIT_REPORTS):
        confirmed = MonthlyReport.objects.filter(state=MonthlyReport.State.HOST_CONFIRMED).exclude(cadre_id=person_id)
        candidates = (
            permissions.first_reports_in_scope(user, confirmed, ("year", "month", "id"), PAGE_SIZE)
            .select_related("cadre")
            .prefetch_related("host_confirmations")
        )
        candidates = list(candidates)
        units = services.review_units_many(candidates)
        led = {}  # year -> units led: two queries per year, not per report
        review_inbox = [r for r in candidates if permissions.can_review_report(user, r, units[r.pk], led=led)]
    if scoping.holds(user, scoping.APPROVE_VISIT_PLANS):
        pending = QuarterPlan.objects.filter(state=QuarterPlan.State.SUBMITTED).exclude(cadre_id=person_id)
        candidates = (
            permissions.pending_of_cadres_in_scope(user, pending, kept=ancestry.PLANS)
            .select_related("cadre__unit")
            .order_by("year", "quarter", "id")[:PAGE_SIZE]
        )
        plan_inbox = [p for p in candidates if permissions.can_approve_plan(user, p)]
    return host_inbox, review_inbox, plan_inbox


@login_required
def home(request):
    user = request.user
    person = _person(request)
    today = timezone.localdate()
    context = {"person": person, "today": today}
    if person is not None and person.is_cadre:
        first, last = today.replace(day=1), last_day(today.year, today.month)
        context.update(
            progress=selectors.progress(person, today.year, on=today),
            month_visits=list(
                Visit.objects.filter(cadre=person)
                .overlapping(first, last)
                .select_related("unit")
                .order_by("start_date")
            ),
            plans=list(QuarterPlan.objects.filter(cadre=person).order_by("-year", "-quarter")[:8]),
            reports=list(MonthlyReport.objects.filter(cadre=person).order_by("-year", "-month")[:12]),
        )
    host_inbox, review_inbox, plan_inbox = _inboxes(user, person)
    context.update(host_inbox=host_inbox, review_inbox=review_inbox, plan_inbox=plan_inbox)
    return render(request, "visits/home.html", context)


# --------------------------------------------------------------------------- visits


def _visit_values(data):
    keys = ("unit", "start_date", "end_date", "form", "content", "findings", "problems", "proposals", "is_ad_hoc")
    return {key: data[key] for key in keys}


@login_required
@require_http_methods(["GET", "POST"])
def visit_add(request):
    cadre = _cadre(request)
    units = _units(request)
    area_roots = _area_roots(cadre, units)
    initial = {}
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = int(request.GET["unit"])
    form = RecordVisitForm(
        request.POST or None, request.FILES or None, units=units, area_roots=area_roots, initial=initial
    )

    @transaction.atomic
    def record(data):
        # The visit, its photos and its good practice together, or nothing.
        visit = services.record_visit(
            actor=request.user,
            cadre=cadre,
            client_id=data["client_id"],
            position=form.position(),
            **_visit_values(data),
        )
        if visit.replayed:
            messages.info(request, _("Chuyến đi này đã được ghi trước đó: không ghi thêm lần nữa."))
            return visit
        for upload in data["photos"]:
            services.add_visit_photo(actor=request.user, visit=visit, content=upload.read())
        if data["practice_title"]:
            services.record_good_practice(
                actor=request.user,
                cadre=cadre,
                unit=visit.unit,
                title=data["practice_title"],
                description=data["practice_description"],
                visit=visit,
            )
        return visit

    def recorded(visit):
        if visit.replayed:
            return None  # already said: recorded before
        dates = rules.date_range_text(visit.start_date, visit.end_date)
        return _("Đã ghi chuyến đi %(unit)s, %(dates)s.") % {"unit": visit.unit.name, "dates": dates}

    if done := submit_form(
        request, form, record, success=recorded, then=lambda visit: ("visits:visit_detail", visit.pk)
    ):
        return done
    return render(
        request,
        "visits/visit_form.html",
        {"form": form, "title": _("Ghi chuyến đi cơ sở"), "has_area": bool(area_roots), "record": True},
    )


@login_required
def visit_detail(request, pk):
    visit = get_object_or_404(_visits(request), pk=pk)
    context = {
        "visit": visit,
        "practices": list(visit.good_practices.all()),
        "photos": list(visit.photos.all()),
        "can_edit": permissions.can_act_for_cadre(request.user, visit.cadre),
        "history": history_entries(visit),
    }
    return render(request, "visits/visit_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def visit_edit(request, pk):
    visit = get_object_or_404(_visits(request), pk=pk)
    permissions.require_act_for_cadre(request.user, visit.cadre)
    units = _units(request)
    initial = {
        key: getattr(visit, key)
        for key in ("start_date", "end_date", "form", "content", "findings", "problems", "proposals", "is_ad_hoc")
    }
    initial.update(unit=visit.unit_id, version=visit.version)
    form = EditVisitForm(
        request.POST or None,
        units=units,
        area_roots=_area_roots(visit.cadre, units, visit.start_date),
        initial=initial,
    )
    if done := submit_form(
        request,
        form,
        lambda data: services.update_visit(
            actor=request.user, visit=visit, version=data["version"], **_visit_values(data)
        ),
        success=_("Đã lưu thay đổi."),
        then=lambda _saved: ("visits:visit_detail", visit.pk),
    ):
        return done
    return render(
        request,
        "visits/visit_form.html",
        {"form": form, "visit": visit, "title": _("Sửa chuyến đi cơ sở"), "has_area": True},
    )


def _visit_filters(request):
    """The trip list's form, and what its filters do to a queryset of trips."""
    form = VisitFilterForm(request.GET or None, units=_units(request))
    data = form.cleaned_data if form.is_valid() else {}

    def narrow(visits):
        year, month = data.get("year"), data.get("month")
        if year and month:
            visits = visits.overlapping(datetime.date(year, month, 1), last_day(year, month))
        elif year:
            visits = visits.overlapping(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        if data.get("unit"):
            visits = visits.filter(unit__path__startswith=data["unit"].path)
        return visits

    return form, narrow


def _scope_trips(request):
    """The trips of the user's scope by the trips' own ancestor columns (the list and export of
    a scope too large to be read by ids)."""
    return Visit.objects.filter(permissions.visible_trips_q(request.user)).select_related("cadre", "unit")


def _filtered_visits(request):
    form, narrow = _visit_filters(request)
    return form, narrow(_scope_trips(request)).order_by("-start_date", "-id")


@login_required
def visit_list(request):
    form, narrow = _visit_filters(request)
    ids = selectors.small_scope_trip_ids(request.user, narrow)
    if ids is None:
        trips = narrow(_scope_trips(request)).order_by(*selectors.trips_order(request.user))
        page = Paginator(trips, PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        # A small scope's trips, listed by id: the page's rows are read by their ids.
        page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = Visit.objects.select_related("cadre", "unit").in_bulk(page.object_list)
        page.object_list = [rows[pk] for pk in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "visits/visit_list.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
def visit_export(request):
    _form, visits = _filtered_visits(request)
    headers = [
        _("Cán bộ"),
        _("Đơn vị đến"),
        _("Từ ngày"),
        _("Đến ngày"),
        _("Số ngày"),
        _("Hình thức"),
        _("Đột xuất"),
        _("Việc đã làm"),
        _("Kết quả, tình hình nắm được"),
        _("Khó khăn, vướng mắc"),
        _("Đề xuất, kiến nghị"),
    ]
    rows = [
        [
            v.cadre.full_name,
            v.unit.name,
            v.start_date,
            v.end_date,
            v.days,
            v.get_form_display(),
            _("có") if v.is_ad_hoc else _("không"),
            v.content,
            v.findings,
            v.problems,
            v.proposals,
        ]
        for v in visits.iterator(chunk_size=2000)
    ]
    return xlsx_response("chuyen-di-co-so.xlsx", headers, rows, sheet_title=_("Chuyến đi cơ sở"))


# --------------------------------------------------------------------------- quarter plans


def _plans(request):
    return QuarterPlan.objects.visible_to(request.user).select_related("cadre__unit")


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    cadre = _cadre(request)
    today = timezone.localdate()
    form = PlanCreateForm(request.POST or None, initial={"year": today.year, "quarter": rules.quarter_of(today)})
    if done := submit_form(
        request,
        form,
        lambda data: services.create_plan(actor=request.user, cadre=cadre, **data),
        then=lambda plan: ("visits:plan_detail", plan.pk),
    ):
        return done
    return render(request, "visits/simple_form.html", {"form": form, "title": _("Kế hoạch đi cơ sở theo quý")})


def _plan_context(request, plan, planned_form=None, action_error=None):
    user = request.user
    can_act = permissions.can_act_for_cadre(user, plan.cadre)
    editable = can_act and services.plan_editable(plan)
    return {
        "plan": plan,
        "planned": list(plan.planned_visits.select_related("unit")),
        "transitions": list(plan.transitions.select_related("by")),
        "can_edit": editable,
        "can_submit": can_act and plan.state in QuarterPlan.EDITABLE,
        "can_approve": plan.state == QuarterPlan.State.SUBMITTED and permissions.can_approve_plan(user, plan),
        "planned_form": planned_form or (PlannedVisitForm(units=_units(request)) if editable else None),
        "action_error": action_error,
        "history": history_entries(plan),
    }


@login_required
def plan_detail(request, pk):
    plan = get_object_or_404(_plans(request), pk=pk)
    return render(request, "visits/plan_detail.html", _plan_context(request, plan))


@login_required
@require_POST
def planned_add(request, pk):
    plan = get_object_or_404(_plans(request), pk=pk)
    permissions.require_act_for_cadre(request.user, plan.cadre)
    form = PlannedVisitForm(request.POST, units=_units(request))
    if done := submit_form(
        request,
        form,
        lambda data: services.add_planned_visit(actor=request.user, plan=plan, **data),
        success=_("Đã thêm chuyến đi dự kiến."),
        then=lambda _planned: ("visits:plan_detail", plan.pk),
    ):
        return done
    return render(request, "visits/plan_detail.html", _plan_context(request, plan, planned_form=form))


@login_required
@require_POST
def planned_remove(request, pk):
    planned = get_object_or_404(
        PlannedVisit.objects.filter(plan__in=_plans(request)).select_related("plan__cadre__unit"), pk=pk
    )
    plan = planned.plan
    try:
        services.remove_planned_visit(actor=request.user, planned_visit=planned)
    except DomainError as error:
        return render(request, "visits/plan_detail.html", _plan_context(request, plan, action_error=error))
    messages.success(request, _("Đã bỏ chuyến đi dự kiến."))
    return redirect("visits:plan_detail", plan.pk)


PLAN_ACTIONS = {
    "submit": (services.submit_plan, gettext_lazy("Đã đăng ký kế hoạch quý.")),
    "approve": (services.approve_plan, gettext_lazy("Đã duyệt kế hoạch.")),
    "return": (services.return_plan, gettext_lazy("Đã trả lại kế hoạch.")),
}


@login_required
@require_POST
def plan_action(request, pk, action):
    plan = get_object_or_404(_plans(request), pk=pk)
    if action not in PLAN_ACTIONS:
        raise Http404
    service, done = PLAN_ACTIONS[action]
    form = CommentForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        service(actor=request.user, plan=plan, comment=data.get("comment") or "", version=data.get("version"))
    except DomainError as error:
        plan.refresh_from_db()
        context = _plan_context(request, plan, action_error=error)
        context["typed_comment"] = data.get("comment") or ""
        return render(request, "visits/plan_detail.html", context)
    messages.success(request, done)
    return redirect("visits:plan_detail", plan.pk)


# --------------------------------------------------------------------------- monthly reports


def _reports(request):
    return MonthlyReport.objects.visible_to(request.user).select_related("cadre__unit")


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request):
    cadre = _cadre(request)
    today = timezone.localdate()
    form = ReportCreateForm(request.POST or None, initial={"year": today.year, "month": today.month})
    if done := submit_form(
        request,
        form,
        lambda data: services.draft_monthly_report(
            actor=request.user, cadre=cadre, year=data["year"], month=data["month"], summary=data["summary"] or None
        ),
        then=lambda report: ("visits:report_detail", report.pk),
    ):
        return done
    return render(request, "visits/simple_form.html", {"form": form, "title": _("Báo cáo đi cơ sở tháng")})


def _report_context(request, report, action_error=None, typed=None):
    user = request.user
    parts = selectors.report_parts(user, report)
    lines, confirmations = parts.lines, parts.confirmations
    days_by_host = defaultdict(int)
    host_names = {}
    for line in lines:
        days_by_host[line.host_id] += line.days_in_month
        host_names[line.host_id] = line.host.name
    can_act = parts.whole and permissions.can_act_for_cadre(user, report.cadre)
    awaiting_hosts = report.state == MonthlyReport.State.SUBMITTED
    for confirmation in confirmations:
        confirmation.can_answer = (
            awaiting_hosts
            and confirmation.state == HostConfirmation.State.PENDING
            and permissions.can_host_confirm(user, confirmation.district, report)
        )
    return {
        "report": report,
        "parts": parts,
        "lines": lines,
        "confirmations": confirmations,
        "days_by_host": [(host_names[h], d) for h, d in days_by_host.items()],
        "transitions": list(report.transitions.select_related("by")) if parts.whole else [],
        "can_edit": can_act and report.state in MonthlyReport.EDITABLE,
        "can_review": parts.whole
        and report.state == MonthlyReport.State.HOST_CONFIRMED
        and permissions.can_review_report(user, report, selectors.review_units(report, parts.confirmations)),
        "action_error": action_error,
        "typed": typed or {},
        "history": history_entries(report) if parts.whole else [],
    }


@login_required
def report_detail(request, pk):
    report = get_object_or_404(_reports(request), pk=pk)
    return render(request, "visits/report_detail.html", _report_context(request, report))


@login_required
@require_POST
def report_action(request, pk, action):
    report = get_object_or_404(_reports(request), pk=pk)
    form = CommentForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    comment = data.get("comment") or ""
    version = data.get("version")
    actor = request.user
    try:
        if action == "refresh":
            services.draft_monthly_report(actor=actor, cadre=report.cadre, year=report.year, month=report.month)
            done = _("Đã cập nhật báo cáo từ các chuyến đi.")
        elif action == "submit":
            services.submit_report(actor=actor, report=report, comment=comment, version=version)
            done = _("Đã gửi báo cáo.")
        elif action in ("host_confirm", "host_return"):
            confirmation = get_object_or_404(
                report.host_confirmations.select_related("district"), district_id=data.get("district")
            )
            if action == "host_confirm":
                services.host_confirm(actor=actor, report=report, district=confirmation.district, comment=comment)
                done = _("Đã xác nhận.")
            else:
                services.host_return(actor=actor, report=report, district=confirmation.district, comment=comment)
                done = _("Đã trả lại báo cáo.")
        elif action == "review":
            services.review_report(actor=actor, report=report, comment=comment, version=version)
            done = _("Đã xem xét báo cáo.")
        elif action == "return":
            services.return_report(actor=actor, report=report, comment=comment, version=version)
            done = _("Đã trả lại báo cáo.")
        else:
            raise Http404
    except DomainError as error:
        report.refresh_from_db()
        typed = {f"{action}:{data.get('district') or ''}": comment}
        return render(request, "visits/report_detail.html", _report_context(request, report, error, typed))
    messages.success(request, done)
    return redirect("visits:report_detail", report.pk)


# --------------------------------------------------------------------------- good practices


def _leads_any_cluster(person):
    if person is None:
        return False
    return (
        Cluster.objects.filter(Q(leader=person) | Q(deputy=person)).exists()
        or Assignment.objects.filter(
            cadre=person, role__in=[Assignment.Role.CLUSTER_LEADER, Assignment.Role.CLUSTER_DEPUTY]
        ).exists()
    )


def _practices(request):
    """The good practices of the list page, filtered as shown: the page and its export share it."""
    rows = GoodPractice.objects.filter(permissions.listed_practices_q(request.user))
    rows = rows.select_related("unit", "reported_by", "visit")
    only = request.GET.get("nhan_rong") == "1"
    if only:
        rows = rows.filter(to_replicate=True)
    return only, rows.order_by("-reported_on", "-id")


@login_required
def practices(request):
    user = request.user
    only, rows = _practices(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    may_mark = scoping.holds(user, scoping.MARK_PRACTICES) or _leads_any_cluster(_person(request))
    markable = permissions.practices_markable(user, page) if may_mark else {}
    for practice in page:
        practice.can_mark = markable.get(practice.pk, False)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "visits/practices.html", {"page": page, "only": only, "query": query.urlencode()})


@login_required
def practices_export(request):
    _only, rows = _practices(request)
    headers = [
        _("Mô hình, cách làm"),
        _("Đơn vị"),
        _("Người báo cáo"),
        _("Ngày báo cáo"),
        _("Nhân rộng"),
        _("Mô tả"),
        _("Chuyến đi"),
    ]
    data = (
        [
            p.title,
            p.unit.name,
            p.reported_by.full_name,
            p.reported_on,
            _("có") if p.to_replicate else _("không"),
            p.description,
            p.visit.start_date if p.visit_id else None,
        ]
        for p in rows
    )
    return xlsx_response("mo-hinh-cach-lam-hay.xlsx", headers, data, sheet_title=_("Mô hình, cách làm hay"))


@login_required
@require_POST
def practice_mark(request, pk):
    practice = get_object_or_404(GoodPractice.objects.visible_to(request.user), pk=pk)
    try:
        services.mark_practice_to_replicate(
            actor=request.user, practice=practice, to_replicate=request.POST.get("to_replicate") == "1"
        )
    except DomainError as error:
        messages.error(request, error.message if hasattr(error, "message") else str(error))
    else:
        messages.success(request, _("Đã cập nhật «%(t)s».") % {"t": practice.title})
    return redirect("visits:practices")


# --------------------------------------------------------------------------- dashboards


def _coverage_data(request):
    form, owner, year, _month = _owner_and_period(request)
    districts = coverage_mod.coverage(owner, year) if owner else []
    summary = coverage_mod.year_summary(owner, year) if owner else None
    return form, owner, year, districts, summary


# Names a district's card lists when the page shows several districts; the district's own
# page (its card's link) lists them all, as does the export.
COVERAGE_PREVIEW = 10


def _preview(items, limit):
    """(the first ``limit`` of ``items``, how many more), or all of them without a limit."""
    if limit is None or len(items) <= limit:
        return items, 0
    return items[:limit], len(items) - limit


@login_required
def coverage(request):
    form, owner, year, districts, summary = _coverage_data(request)
    limit = COVERAGE_PREVIEW if len(districts) > 1 else None
    for d in districts:
        d.unvisited_shown, d.unvisited_more = _preview(d.unvisited_units, limit)
        d.units_shown, d.units_more = _preview(d.days_by_unit, limit)
    months = [f"T{m}" for m in range(1, 13)]
    heat = charts.heatmap(
        [(d.district.name, d.days_by_month) for d in districts],
        months,
        [_("Tháng %(m)s") % {"m": m} for m in range(1, 13)],
    )
    colours = charts.palette(len(districts))
    chart = {
        "labels": months,
        "datasets": [
            {"label": d.district.name, "data": d.days_by_month, "borderColor": c, "backgroundColor": c}
            for d, c in zip(districts, colours, strict=True)
        ],
    }
    cadre_days = None
    if summary is not None:
        minimum = VisitPolicy.for_unit(owner, year).yearly_minimum_days
        cadre_days = charts.bars(summary.days_by_cadre, target=minimum or None)
    query = request.GET.urlencode()
    counts = None
    if owner:
        counts = selectors.proof_counts(
            Visit.objects.filter(ancestry.TRIPS.at_units_under_q([owner])).overlapping(
                datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            )
        )
    return render(
        request,
        "visits/coverage.html",
        {
            "proof_counts": counts,
            "form": form,
            "owner": owner,
            "year": year,
            "districts": districts,
            "summary": summary,
            "chart": chart,
            "heat": heat,
            "cadre_days": cadre_days,
            "query": query,
        },
    )


@login_required
def coverage_export(request):
    _form, _owner, year, districts, _summary = _coverage_data(request)
    headers = [_("Đơn vị cấp huyện"), _("Đã đến"), _("Tỉ lệ (%)"), _("Số ngày"), _("Đột xuất"), _("Chưa đến")]
    headers += [f"T{m}" for m in range(1, 13)]
    rows = [
        [d.district.name, d.label, d.percent, d.total_days, d.ad_hoc_days, ", ".join(d.unvisited_units)]
        + list(d.days_by_month)
        for d in districts
    ]
    return xlsx_response(f"do-phu-co-so-{year}.xlsx", headers, rows, sheet_title=_("Độ phủ cơ sở"))


def _ranking_data(request):
    form, owner, year, month = _owner_and_period(request, monthly=True)
    rows = ranking_mod.monthly_ranking(owner, year, month) if owner else []
    rule = RankingRule.for_owner(owner, year) if owner else None
    return form, owner, year, month, rows, rule


@login_required
def ranking(request):
    form, owner, year, month, rows, rule = _ranking_data(request)
    return render(
        request,
        "visits/ranking.html",
        {
            "form": form,
            "owner": owner,
            "year": year,
            "month": month,
            "rows": rows,
            "rule": rule,
            "points": charts.bars(
                [(row.cadre.full_name, row.total) for row in rows], fmt=lambda v: floatformat(v, "-2")
            ),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def ranking_export(request):
    _form, _owner, year, month, rows, _rule = _ranking_data(request)
    headers = [_("Hạng"), _("Cán bộ"), _("Tổng điểm"), _("Số ngày"), _("Diễn giải")]
    data = [[row.position, row.cadre.full_name, row.total, row.facts.days, "; ".join(row.explanation)] for row in rows]
    return xlsx_response(f"xep-hang-{month:02d}-{year}.xlsx", headers, data, sheet_title=_("Xếp hạng"))


# --------------------------------------------------------------------------- photos, offline


@login_required
def visit_photo(request, pk, photo):
    """A photo of a visit, to those who see the visit (personal data: never cached shared)."""
    from django.http import FileResponse

    visit = get_object_or_404(_visits(request), pk=pk)
    item = get_object_or_404(visit.photos, pk=photo)
    response = FileResponse(item.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


def offline_shell(request):
    """The page the service worker shows when there is no network: no personal data at all
    (the cadre's units come from the phone's own storage), so it can be cached for anyone."""
    response = render(request, "visits/offline.html")
    response["Cache-Control"] = "no-cache"
    return response


OFFLINE_UNITS_MAX = 400


@login_required
def offline_context(request):
    """What the phone keeps to record visits without network (JSON, for the signed-in user
    only, never cached by the browser or the service worker's cache): the cadre, the units of
    the assigned area, the forms of visit, this and next month's blackout days and holidays,
    the proof policy and a CSRF token for sending the outbox."""
    from django.http import JsonResponse
    from django.middleware.csrf import get_token

    from coso.visits.models import VisitForm as Kind
    from coso.visits.models import VisitPolicy

    user = request.user
    person = _person(request)
    body = {"user_id": user.pk, "username": user.get_username(), "csrf_token": get_token(request), "cadre": None}
    if person is not None and person.is_cadre:
        today = timezone.localdate()
        first = today.replace(day=1)
        following = last_day(today.year, today.month) + datetime.timedelta(days=1)
        last = last_day(following.year, following.month)
        policy = VisitPolicy.for_unit(person.unit, today.year)
        units = _units(request)
        area = Q(pk__in=[])
        for path in Unit.objects.filter(pk__in=_area_roots(person, units)).values_list("path", flat=True):
            area |= Q(path__startswith=path)
        rows = (
            units.filter(area)
            .select_related("level")
            .values("pk", "name", "code", "latitude", "longitude")[:OFFLINE_UNITS_MAX]
        )
        blackout = selectors.blackout_for({person.unit_id, policy.owner_id}, first, last)
        holidays = rules.public_holidays(first, last) if policy.count_public_holidays_as_blackout else {}
        days = {day: label for day, label in holidays.items()}
        days.update(blackout)
        body["cadre"] = {
            "id": person.pk,
            "name": person.full_name,
            "units": [
                {
                    "id": r["pk"],
                    "name": r["name"],
                    "code": r["code"] or "",
                    "latitude": r["latitude"],
                    "longitude": r["longitude"],
                }
                for r in rows
            ],
            "forms": [{"value": value, "label": str(label)} for value, label in Kind.choices],
            "default_form": Kind.SITUATION,
            "blackout": [{"date": day.isoformat(), "label": label} for day, label in sorted(days.items())],
            "today": today.isoformat(),
            "proof_radius_km": policy.proof_radius_km,
            "location_required": policy.location_required,
        }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"
    return response
