"""Pages that build a cadre-work plan: its heading (created, edited with ``version``), its
indicator table (add, edit, reorder, remove; population and measure chosen from the registries
of ``indicators.py``), and the base unions' own plans arriving. Reads are scoped (404 out of
scope); writes go through ``services`` (403 when visible but not allowed; refusals shown next to
the field, the form keeps what was typed)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coso.accounts import scoping
from coso.cadrework import forms, permissions, services
from coso.cadrework import indicators as engine
from coso.core.errors import DomainError
from coso.core.views import submit_form
from coso.org.models import UnitLevel

# A cadre-work plan with an indicator table is issued by a union that has base unions under it.
_ISSUING_KINDS = (UnitLevel.Kind.CENTRAL, UnitLevel.Kind.PROVINCE, UnitLevel.Kind.DISTRICT)


def _dashboard(plan):
    return f"{reverse('cadrework:home')}?plan={plan.pk}"


def _owners(user):
    """Units a plan may be issued by: where the user may edit units, down to the base unions."""
    return (
        scoping.visible_units(user)
        .filter(scoping.unit_q(user, scoping.EDIT_UNITS), is_active=True, level__kind__in=_ISSUING_KINDS)
        .order_by("depth", "sort_key")
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_add(request):
    raw = request.POST.get("owner", "")
    if raw.isdigit():  # another district's unit: 404; a visible one the user may not edit: 403
        scoping.require(
            request.user, scoping.EDIT_UNITS, get_object_or_404(scoping.visible_units(request.user), pk=raw)
        )
    form = forms.PlanForm(request.POST or None, owners=_owners(request.user))
    if done := submit_form(
        request,
        form,
        lambda data: services.create_plan(actor=request.user, **data),
        then=lambda plan: ("cadrework:plan_detail", plan.pk),
        success=_("Đã lập kế hoạch. Thêm các chỉ tiêu của kế hoạch bên dưới."),
    ):
        return done
    return render(request, "cadrework/form.html", {"form": form, "title": _("Lập kế hoạch công tác cán bộ")})


@login_required
@require_GET
def plan_detail(request, pk):
    plan = get_object_or_404(permissions.plans(request.user), pk=pk)
    rows = list(plan.indicators.order_by("order", "id"))
    for row in rows:
        row.population_label = engine.POPULATIONS[row.population].label
        row.measure_label = engine.params_label(row)
    context = {
        "plan": plan,
        "rows": rows,
        "may_edit": scoping.can(request.user, scoping.EDIT_UNITS, plan.owner),
        "form": forms.IndicatorForm(),
    }
    return render(request, "cadrework/plan_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = get_object_or_404(permissions.plans(request.user), pk=pk)
    initial = {f: getattr(plan, f) for f in ("year", "number", "title", "issued_on", "base_plan_deadline", "version")}
    form = forms.PlanForm(request.POST or None, initial=initial)
    if request.method == "POST":
        scoping.require(request.user, scoping.EDIT_UNITS, plan.owner)
    if done := submit_form(
        request,
        form,
        lambda data: services.update_plan(actor=request.user, plan=plan, **data),
        then=lambda saved: ("cadrework:plan_detail", saved.pk),
        success=_("Đã lưu kế hoạch."),
    ):
        return done
    title = _("Sửa kế hoạch – %(t)s") % {"t": plan.title}
    return render(request, "cadrework/form.html", {"form": form, "title": title})


def _indicator_page(request, plan, form, indicator=None, status=200):
    title = _("Sửa chỉ tiêu") if indicator else _("Thêm chỉ tiêu – %(t)s") % {"t": plan.title}
    context = {"form": form, "title": title, "plan": plan, "indicator": indicator}
    return render(request, "cadrework/indicator_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_add(request, pk):
    plan = get_object_or_404(permissions.plans(request.user), pk=pk)
    form = forms.IndicatorForm(request.POST or None)
    if request.method == "POST":
        scoping.require(request.user, scoping.EDIT_UNITS, plan.owner)
    if done := submit_form(
        request,
        form,
        lambda data: services.add_indicator(actor=request.user, plan=plan, **form.service_kwargs()),
        then=lambda indicator: ("cadrework:plan_detail", plan.pk),
        success=_("Đã thêm chỉ tiêu."),
    ):
        return done
    return _indicator_page(request, plan, form)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk):
    indicator = get_object_or_404(permissions.indicators(request.user), pk=pk)
    form = forms.IndicatorForm(request.POST or None, initial=forms.IndicatorForm.initial_for(indicator))
    if request.method == "POST":
        scoping.require(request.user, scoping.EDIT_UNITS, indicator.plan.owner)
    if done := submit_form(
        request,
        form,
        lambda data: services.update_indicator(
            actor=request.user, indicator=indicator, version=data["version"], **form.service_kwargs()
        ),
        then=lambda saved: ("cadrework:plan_detail", saved.plan_id),
        success=_("Đã lưu chỉ tiêu."),
    ):
        return done
    return _indicator_page(request, indicator.plan, form, indicator)


@login_required
@require_POST
def indicator_move(request, pk):
    indicator = get_object_or_404(permissions.indicators(request.user), pk=pk)
    services.move_indicator(actor=request.user, indicator=indicator, up=request.POST.get("direction") == "up")
    return redirect("cadrework:plan_detail", indicator.plan_id)


@login_required
@require_POST
def indicator_remove(request, pk):
    indicator = get_object_or_404(permissions.indicators(request.user), pk=pk)
    version = request.POST.get("version", "")
    try:
        services.remove_indicator(
            actor=request.user, indicator=indicator, version=int(version) if version.isdigit() else -1
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xoá chỉ tiêu “%(n)s”.") % {"n": indicator.name})
    return redirect("cadrework:plan_detail", indicator.plan_id)


# --------------------------------------------------------------------------- base unions' own plans


@login_required
@require_http_methods(["GET", "POST"])
def submission_add(request, pk):
    """A base union records that its own plan went to the plan's owner (date, number)."""
    plan = get_object_or_404(permissions.plans(request.user), pk=pk)
    units = (
        scoping.visible_units(request.user)
        .filter(path__startswith=plan.owner.path, level__kind=UnitLevel.Kind.BASE, is_active=True)
        .exclude(pk=plan.owner_id)
        .exclude(cadre_plan_submissions__plan=plan)
        .order_by("sort_key")
    )
    form = forms.SubmissionForm(request.POST or None, units=units, under=(plan.owner_id,))
    if done := submit_form(
        request,
        form,
        lambda data: services.record_base_plan(actor=request.user, plan=plan, **data),
        then=lambda row: f"{_dashboard(plan)}#submissions",
        success=lambda row: _("Đã ghi nhận kế hoạch của %(u)s.") % {"u": row.unit.name},
    ):
        return done
    context = {
        "form": form,
        "plan": plan,
        "title": _("Gửi kế hoạch của cơ sở – %(t)s") % {"t": plan.title},
        "back": f"{_dashboard(plan)}#submissions",
    }
    return render(request, "cadrework/submission_form.html", context)
