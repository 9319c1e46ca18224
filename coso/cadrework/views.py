"""The KPI dashboard of cadre work: a plan's indicator table computed from the data, the people
behind each number, the chart, the .xlsx export and the plan's paper. Nobody types a result in.

Reads go through ``permissions`` (out of scope: 404)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coso.accounts import scoping
from coso.cadrework import indicators as engine
from coso.cadrework import papers, permissions, selectors
from coso.core import dates
from coso.documents.serve import paper_response
from coso.imports.export import xlsx_response

LIST_LIMIT = 500
SUBMISSIONS_PER_PAGE = 50


def _year(request, default):
    return dates.year_from(request.GET.get("year"), default)


def _unit(request, plan):
    """The unit whose subtree the figures cover: a visible unit under the plan's owner (by
    default the owner, or the user's own unit for a plan issued above it)."""
    raw = request.GET.get("unit", "")
    if not raw.isdigit():
        return permissions.plan_unit(request.user, plan)
    units = scoping.visible_units(request.user).filter(path__startswith=plan.owner.path)
    return get_object_or_404(units, pk=int(raw))


def _plan(request):
    plans = permissions.plans(request.user).order_by("-year", "owner__path", "id")
    raw = request.GET.get("plan", "")
    if raw.isdigit():
        return get_object_or_404(plans, pk=int(raw)), plans
    return plans.first(), plans


def _chart(results):
    """Bar chart data: each indicator's ``progress`` (% of its target, 100 = met), the same
    number as the table's "% so với chỉ tiêu", the export's and the paper's."""
    labels, values, colours = [], [], []
    for index, r in enumerate(results, 1):
        labels.append(_("CT %(n)s") % {"n": index})
        values.append(None if r.progress is None else float(r.progress))
        colours.append("#198754" if r.met else "#dc3545")
    return {
        "labels": labels,
        "names": [r.name for r in results],
        "actual": [r.actual_label for r in results],
        "datasets": [{"label": _("% so với chỉ tiêu"), "data": values, "backgroundColor": colours}],
    }


def _units_for_select(request, plan, unit):
    units = list(
        scoping.visible_units(request.user)
        .filter(path__startswith=plan.owner.path, depth__lte=plan.owner.depth + 1, is_active=True)
        .order_by("depth", "sort_key")
        .only("pk", "name", "depth")
    )
    return units if unit in units else [unit, *units]


@login_required
@require_GET
def home(request):
    plan, plans = _plan(request)
    context = {
        "plans": list(plans[:50]),
        "plan": plan,
        "may_add": scoping.holds(request.user, scoping.EDIT_UNITS),
    }
    if plan is not None:
        unit = _unit(request, plan)
        year = _year(request, plan.year)
        results = engine.dashboard(plan, unit, user=request.user, year=year)
        context.update(
            unit=unit,
            year=year,
            results=results,
            units=_units_for_select(request, plan, unit),
            chart=_chart(results),
            **_submissions(request, plan),
            may_edit=scoping.can(request.user, scoping.EDIT_UNITS, plan.owner),
            query=request.GET.urlencode(),
            results_key=papers.results_key(unit, year),
        )
    return render(request, "cadrework/home.html", context)


def _submissions(request, plan):
    """The base unions' plans in scope: their counts, and a page of them (a national plan has
    thousands: the page shows 50, in name order). Two queries, whatever the base unions."""
    today = timezone.localdate()
    counts = selectors.submission_counts(plan, today, user=request.user)
    page = selectors.submission_page(
        plan,
        today,
        request.GET.get("page"),
        per_page=SUBMISSIONS_PER_PAGE,
        user=request.user,
        total=counts.total,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "submissions": page.object_list,
        "submission_counts": counts,
        "submission_page": page,
        "submission_query": query.urlencode(),
    }


@login_required
@require_GET
def indicator(request, pk):
    obj = get_object_or_404(permissions.indicators(request.user), pk=pk)
    unit = _unit(request, obj.plan)
    year = _year(request, obj.plan.year)
    result = engine.compute(obj, unit, year, user=request.user)
    subject = engine.POPULATIONS[obj.population].subject
    order = ("sort_key", "id") if subject == engine.PERSON else ("full_name", "id")
    missing = list(result.missing.select_related("unit").order_by(*order)[:LIST_LIMIT])
    achieved = list(result.achieved.select_related("unit").order_by(*order)[:LIST_LIMIT])
    context = {
        "indicator": obj,
        "plan": obj.plan,
        "result": result,
        "unit": unit,
        "year": year,
        "subject": subject,
        "missing": missing,
        "achieved": achieved,
        "population_label": engine.POPULATIONS[obj.population].label,
        "measure_label": engine.MEASURES[obj.measure].label,
        "limit": LIST_LIMIT,
    }
    return render(request, "cadrework/indicator.html", context)


@login_required
@require_GET
def indicator_export(request, pk):
    """Who is missing (then who counts) for one indicator, scoped exactly like its page, all rows."""
    obj = get_object_or_404(permissions.indicators(request.user), pk=pk)
    unit = _unit(request, obj.plan)
    year = _year(request, obj.plan.year)
    result = engine.compute(obj, unit, year, user=request.user)
    subject = engine.POPULATIONS[obj.population].subject
    if subject == engine.PERSON:
        order = ("sort_key", "id")
        headers = [_("Kết quả"), _("Họ và tên"), _("Đơn vị"), _("Ngày sinh"), _("Trình độ")]

        def line(label, p):
            return [label, p.full_name, p.unit.name, p.birth_date, p.get_education_display()]
    else:
        order = ("full_name", "id")
        headers = [_("Kết quả"), _("Họ và tên"), _("Đơn vị theo dõi"), _("Trường, nơi công tác"), _("Giai đoạn")]

        def line(label, s):
            return [label, s.full_name, s.unit.name, s.school, s.get_stage_display()]

    def rows():
        for label, queryset in ((_("Chưa đạt"), result.missing), (_("Đã đạt"), result.achieved)):
            for row in queryset.select_related("unit").order_by(*order).iterator(chunk_size=500):
                yield line(label, row)

    return xlsx_response(
        f"chi-tieu-{obj.plan.year}-ct{obj.order}-{unit.code or unit.pk}-{year}.xlsx",
        headers,
        rows(),
        sheet_title=_("Chưa đạt, đã đạt"),
    )


@login_required
@require_GET
def export(request):
    plan, _plans = _plan(request)
    if plan is None:
        raise Http404
    unit = _unit(request, plan)
    year = _year(request, plan.year)
    results = engine.dashboard(plan, unit, user=request.user, year=year)
    headers = [
        _("STT"),
        _("Chỉ tiêu"),
        _("Đối tượng (người)"),
        _("Đạt (người)"),
        _("Thực hiện/chỉ tiêu"),
        _("% so với chỉ tiêu"),
        _("Kết quả"),
        _("Còn thiếu"),
    ]
    rows = [
        [
            index,
            r.name,
            r.population_count,
            r.achieved_count,
            r.actual_label,
            float(r.progress) if r.progress is not None else None,
            _("Đạt") if r.met else _("Chưa đạt"),
            r.shortfall,
        ]
        for index, r in enumerate(results, 1)
    ]
    return xlsx_response(f"chi-tieu-can-bo-{unit.code}-{year}.xlsx", headers, rows, sheet_title=_("Chỉ tiêu"))


@login_required
@require_GET
def results_paper(request, pk, fmt):
    """The dashboard's results as a paper (.docx/PDF) for the unit and year it shows
    (``?k=<unit id>-<year>``, as ``paper_links`` writes it)."""
    plan = get_object_or_404(permissions.plans(request.user), pk=pk)
    key = request.GET.get("k", "")
    try:
        papers.parse_results_key(key)
    except ValueError:
        raise Http404 from None
    if not papers.results_key_visible(request.user, plan, key):
        raise Http404
    return paper_response(request, "cadrework.results", plan, fmt, key)


@login_required
@require_GET
def plan_paper(request, pk, fmt):
    plan = get_object_or_404(permissions.plans(request.user), pk=pk)
    return paper_response(request, "cadrework.plan", plan, fmt)
