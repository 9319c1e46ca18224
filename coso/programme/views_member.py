"""The member's pages: the registration form (the member, or the branch secretary entering a
paper form), the registration with its workflow, and the self-assessment of each item."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coso.core.errors import DomainError
from coso.people.models import Person
from coso.programme import permissions, selectors, services
from coso.programme.forms import DATE_FORMATS
from coso.programme.models import Assessment, Criterion, ItemStatus, Outcome, Programme, Registration
from coso.programme.permissions import BRANCH
from coso.programme.views import get_programme, person_of


def _catalogue(programme, member):
    rows = Criterion.objects.filter(programme=programme, is_active=True).filter(
        Q(target_group__isnull=True) | Q(target_group_id=member.target_group_id)
    )
    return sorted(rows.select_related("points_group"), key=lambda c: (c.kind != "training", c.order, c.code))


def _typed(request, catalogue, registration=None):
    """What the form shows for each criterion: typed (after a refusal) or registered."""
    if request.method == "POST":
        chosen = set(request.POST.getlist("criterion"))
        return {
            c.pk: {
                "checked": str(c.pk) in chosen,
                "commitment": request.POST.get(f"commitment_{c.pk}", ""),
                "points": request.POST.get(f"points_{c.pk}", ""),
            }
            for c in catalogue
        }
    existing = {i.criterion_id: i for i in registration.items.all()} if registration else {}
    return {
        c.pk: {
            "checked": c.pk in existing,
            "commitment": existing[c.pk].commitment if c.pk in existing else "",
            "points": (existing[c.pk].points or "") if c.pk in existing else "",
        }
        for c in catalogue
    }


def _items(request):
    items = []
    for value in request.POST.getlist("criterion"):
        if not value.isdigit():
            continue
        points = request.POST.get(f"points_{value}", "").strip()
        items.append(
            {
                "criterion": int(value),
                "commitment": request.POST.get(f"commitment_{value}", ""),
                "points": int(points) if points.isdigit() else None,
            }
        )
    return items


def _signed_on(request):
    text = request.POST.get("signed_on", "").strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _split_errors(error, field):
    """The refusal's messages: those of ``field`` (shown beside it) and the others (on top)."""
    if error is None:
        return [], []
    top, own = [], []
    for (_code, message), where in zip(error.violations, error.violation_fields, strict=True):
        (own if where == field else top).append(message)
    return top, own


def _form_context(request, programme, member, registration=None, error=None, on_behalf=False):
    catalogue = _catalogue(programme, member)
    typed = _typed(request, catalogue, registration)
    sections = []
    for kind, label, count in (
        ("training", _("Tiêu chí rèn luyện"), programme.training_count),
        ("action", _("Tiêu chí hành động"), programme.action_count),
    ):
        rows = [{"criterion": c, **typed[c.pk]} for c in catalogue if c.kind == kind]
        sections.append({"kind": kind, "label": label, "count": count, "rows": rows})
    top, signed_on_errors = _split_errors(error, "signed_on")
    # A refusal about one criterion (its commitment, its points) is shown next to it, not on top.
    beside = {}
    if error is not None:
        kept = []
        for (_code, message), where in zip(error.violations, error.violation_fields, strict=True):
            pk = (where or "").removeprefix("items.")
            if where and where.startswith("items.") and pk.isdigit() and int(pk) in typed:
                beside.setdefault(int(pk), []).append(message)
            elif where != "signed_on":
                kept.append(message)
        top = kept
    for section in sections:
        for row in section["rows"]:
            row["errors"] = beside.get(row["criterion"].pk, [])
    return {
        "programme": programme,
        "member": member,
        "registration": registration,
        "sections": sections,
        "top_errors": top,
        "beside_count": len(beside),
        "signed_on_errors": signed_on_errors,
        "points_mode": programme.mode == Programme.Mode.POINTS,
        "error": error,
        "on_behalf": on_behalf,
        "signed_on": request.POST.get("signed_on", "") if request.method == "POST" else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def register(request, pk):
    """The member fills their own registration form."""
    programme = get_programme(request, pk)
    member = person_of(request)
    if member is None or not member.is_member:
        raise PermissionDenied(_("Tài khoản chưa gắn với hồ sơ đoàn viên nên không đăng ký được."))
    existing = Registration.objects.filter(member=member, programme=programme).first()
    if existing is not None:
        return redirect(
            "programme:registration_edit" if existing.state in Registration.EDITABLE else "programme:registration",
            existing.pk,
        )
    error = None
    if request.method == "POST":
        try:
            registration = services.register(
                actor=request.user, programme=programme, items=_items(request), submit="submit" in request.POST
            )
        except DomainError as refusal:
            error = refusal
        else:
            messages.success(
                request, _("Đã lưu phiếu đăng ký.") if registration.state == "draft" else _("Đã gửi phiếu đăng ký.")
            )
            return redirect("programme:registration", registration.pk)
    return render(request, "programme/register.html", _form_context(request, programme, member, error=error))


@login_required
@require_http_methods(["GET", "POST"])
def register_for(request, pk, member_pk):
    """The branch committee enters the paper form of a member without an account."""
    programme = get_programme(request, pk)
    member = get_object_or_404(
        Person.objects.visible_to(request.user).select_related("unit"), pk=member_pk, is_member=True
    )
    if not selectors.in_programme(programme, member.unit):
        raise Http404
    permissions.require(request.user, BRANCH, member.unit)
    existing = Registration.objects.filter(member=member, programme=programme).first()
    if existing is not None:
        return redirect("programme:registration", existing.pk)
    error = None
    if request.method == "POST":
        try:
            services.register_on_behalf(
                actor=request.user,
                member=member,
                programme=programme,
                items=_items(request),
                signed_on=_signed_on(request),
                submit=True,
            )
        except DomainError as refusal:
            error = refusal
        else:
            messages.success(request, _("Đã nhập phiếu đăng ký của %(n)s.") % {"n": member.full_name})
            return redirect("programme:branch", programme.pk, member.unit_id)
    context = _form_context(request, programme, member, error=error, on_behalf=True)
    return render(request, "programme/register.html", context)


def _registrations(request):
    return Registration.objects.visible_to(request.user).select_related(
        "member__unit", "programme__owner", "track", "target_group", "registered_by"
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_edit(request, pk):
    registration = get_object_or_404(_registrations(request), pk=pk)
    permissions.require_self_or(request.user, BRANCH, registration.member)
    if registration.state not in Registration.EDITABLE:
        return redirect("programme:registration", registration.pk)
    error = None
    if request.method == "POST":
        version = request.POST.get("version", "")
        try:
            services.update_registration(
                actor=request.user,
                registration=registration,
                items=_items(request),
                version=int(version) if version.isdigit() else None,
            )
            if "submit" in request.POST:
                services.submit_registration(actor=request.user, registration=registration)
        except DomainError as refusal:
            error = refusal
        else:
            messages.success(
                request, _("Đã gửi phiếu đăng ký.") if "submit" in request.POST else _("Đã lưu phiếu đăng ký.")
            )
            return redirect("programme:registration", registration.pk)
    context = _form_context(request, registration.programme, registration.member, registration, error)
    return render(request, "programme/register.html", context)


@login_required
def registration_detail(request, pk):
    registration = get_object_or_404(_registrations(request), pk=pk)
    user = request.user
    mine = permissions.is_self(user, registration.member)
    branch = permissions.can(user, BRANCH, registration.member.unit)
    assessments = {a.round_id: a for a in registration.assessments.all()}
    today = timezone.localdate()
    periods = []
    if registration.state == Registration.State.SUBMITTED:
        for rnd in registration.track.rounds.all():
            if rnd.starts_on <= today:
                periods.append({"round": rnd, "assessment": assessments.get(rnd.pk)})
        periods.append({"round": None, "assessment": assessments.get(None)})
    context = {
        "registration": registration,
        "items": list(registration.items.select_related("criterion")),
        "transitions": list(registration.transitions.select_related("by")),
        "periods": periods,
        "mine": mine,
        "can_edit": (mine or branch) and registration.state in Registration.EDITABLE,
        "can_return": branch and registration.state == Registration.State.SUBMITTED and not assessments,
        "last_comment": next((t.comment for t in reversed(list(registration.transitions.all())) if t.comment), ""),
    }
    return render(request, "programme/registration.html", context)


@login_required
@require_POST
def registration_return(request, pk):
    registration = get_object_or_404(_registrations(request), pk=pk)
    version = request.POST.get("version", "")
    try:
        services.return_registration(
            actor=request.user,
            registration=registration,
            reason=request.POST.get("reason", ""),
            version=int(version) if version.isdigit() else None,
        )
    except DomainError as error:
        messages.error(request, "; ".join(m for _c, m in error.violations))
    else:
        messages.success(request, _("Đã trả lại phiếu đăng ký."))
    return redirect("programme:registration", registration.pk)


# --------------------------------------------------------------------------- self-assessment


def _period_of(request, registration):
    """The period of ``?round=``: a round of the registration's track, or the year (``nam``)."""
    value = request.GET.get("round", "")
    if value == "nam":
        return None
    rnd = get_object_or_404(registration.track.rounds.all(), pk=value) if value.isdigit() else None
    if rnd is None:
        raise Http404
    return rnd


def _branch_url(registration, rnd):
    return (
        reverse("programme:branch", args=[registration.programme_id, registration.member.unit_id])
        + "?round="
        + (str(rnd.pk) if rnd else "nam")
    )


def _write_marks(request, items, write):
    """The marks typed for each registered item (status, points, note) and the version the page
    was opened on go to ``write`` (one service); its refusal is returned, to show on the page,
    or None when it was written."""
    given = {}
    for item in items:
        cid = item.criterion_id
        points = request.POST.get(f"points_{cid}", "").strip()
        given[cid] = {
            "status": request.POST.get(f"status_{cid}", ""),
            "points": int(points) if points.isdigit() else None,
            "note": request.POST.get(f"note_{cid}", ""),
        }
    version = request.POST.get("version", "")
    try:
        write(items=given, version=int(version) if version.isdigit() else None)
    except DomainError as refusal:
        return refusal
    return None


def _mark_rows(request, items, marks, side="self"):
    """One row per registered item: what was typed (after a refusal) or what was recorded."""
    rows = []
    for item in items:
        mark = marks.get(item.pk)
        cid = item.criterion_id
        if request.method == "POST":
            status, points, note = (request.POST.get(f"{k}_{cid}", "") for k in ("status", "points", "note"))
        elif mark is not None:
            status = getattr(mark, f"{side}_status")
            points = getattr(mark, f"{side}_points") or ""
            note = getattr(mark, f"{side}_note")
        else:
            status = points = note = ""
        rows.append({"item": item, "status": status, "points": points, "note": note, "mark": mark})
    return rows


def _marks_context(request, registration, rnd, assessment, items, marks, error):
    return {
        "registration": registration,
        "programme": registration.programme,
        "round": rnd,
        "assessment": assessment,
        "rows": _mark_rows(request, items, marks),
        "statuses": ItemStatus.choices,
        "points_mode": registration.programme.mode == Programme.Mode.POINTS,
        "editable": assessment is None or assessment.state in Assessment.MEMBER_EDITABLE,
        "error": error,
    }


@login_required
@require_http_methods(["GET", "POST"])
def self_assess(request, pk):
    """The member's self-assessment for a period — or the branch committee entering the
    member's paper form (``services.self_assess_on_behalf``)."""
    registration = get_object_or_404(_registrations(request), pk=pk)
    on_paper = not permissions.is_self(request.user, registration.member)
    if on_paper:
        permissions.require(request.user, BRANCH, registration.member.unit)
    rnd = _period_of(request, registration)
    assessment = registration.assessments.filter(**({"round": rnd} if rnd else {"round__isnull": True})).first()
    marks = {m.item_id: m for m in assessment.items.all()} if assessment else {}
    items = list(registration.items.select_related("criterion"))
    error = None
    if request.method == "POST":
        submit = "submit" in request.POST
        error = _write_marks(
            request,
            items,
            lambda **marked: (services.self_assess_on_behalf if on_paper else services.self_assess)(
                actor=request.user,
                registration=registration,
                round=rnd,
                summary=request.POST.get("summary", ""),
                opinion=request.POST.get("opinion", ""),
                submit=submit,
                **marked,
            ),
        )
        if error is None:
            if on_paper:
                messages.success(
                    request,
                    _("Đã nhập phiếu tự đánh giá giấy của %(n)s.") % {"n": registration.member.full_name}
                    if submit
                    else _("Đã lưu."),
                )
                return redirect(_branch_url(registration, rnd))
            messages.success(request, _("Đã gửi tự đánh giá cho chi đoàn.") if submit else _("Đã lưu."))
            return redirect("programme:registration", registration.pk)
    context = _marks_context(request, registration, rnd, assessment, items, marks, error)
    posted = request.method == "POST"
    context.update(
        on_paper=on_paper,
        summary=request.POST.get("summary", "") if posted else (assessment.summary if assessment else ""),
        opinion=request.POST.get("opinion", "") if posted else (assessment.opinion if assessment else ""),
        transitions=list(assessment.transitions.select_related("by")) if assessment else [],
    )
    return render(request, "programme/self_assess.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def evaluate_direct(request, pk):
    """The branch committee evaluates a member directly, without a self-assessment, where the
    programme allows it (``services.branch_evaluate_directly``): the same page and the same
    marks as the paper self-assessment, with the committee's overall result."""
    registration = get_object_or_404(_registrations(request), pk=pk)
    permissions.require(request.user, BRANCH, registration.member.unit)
    if not registration.programme.direct_evaluation:
        raise Http404
    rnd = _period_of(request, registration)
    assessment = registration.assessments.filter(**({"round": rnd} if rnd else {"round__isnull": True})).first()
    items = list(registration.items.select_related("criterion"))
    branch_url = _branch_url(registration, rnd)
    error = None
    if request.method == "POST":
        error = _write_marks(
            request,
            items,
            lambda **marked: services.branch_evaluate_directly(
                actor=request.user,
                registration=registration,
                round=rnd,
                result=request.POST.get("result", ""),
                comment=request.POST.get("comment", ""),
                **marked,
            ),
        )
        if error is None:
            messages.success(request, _("Chi đoàn đã đánh giá trực tiếp %(n)s.") % {"n": registration.member.full_name})
            return redirect(branch_url)
    # Nothing is shown from a self-assessment: the committee gives every mark itself.
    context = _marks_context(request, registration, rnd, assessment, items, {}, error)
    context.update(
        outcomes=Outcome.choices,
        result=request.POST.get("result", ""),
        comment=request.POST.get("comment", ""),
        branch_url=branch_url,
    )
    return render(request, "programme/evaluate_direct.html", context)
