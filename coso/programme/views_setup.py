"""Editing a programme's rounds (dates, theme) and criteria (wording, description, points), and
removing a criterion no registration uses yet. Managers of the programme's owner only (403);
records of another programme or out of scope are 404. Every edit carries the version it was
opened on (optimistic locking); refusals are shown next to their fields, what was typed kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coso.core.errors import DomainError
from coso.core.history import history_entries
from coso.core.views import submit_form
from coso.programme import permissions, services
from coso.programme.forms import CriterionEditForm, PointsGroupEditForm, RoundEditForm
from coso.programme.models import Criterion, PointsGroup, Programme, Round
from coso.programme.permissions import MANAGE


def _round(request, pk):
    programmes = Programme.objects.visible_to(request.user)
    return get_object_or_404(
        Round.objects.filter(track__programme__in=programmes).select_related("track__programme__owner"), pk=pk
    )


def _criterion(request, pk):
    programmes = Programme.objects.visible_to(request.user)
    return get_object_or_404(
        Criterion.objects.filter(programme__in=programmes).select_related("programme__owner"), pk=pk
    )


def _render(request, programme, form, title, extra=None):
    context = {"programme": programme, "form": form, "title": title, **(extra or {})}
    return render(request, "programme/edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request, pk):
    rnd = _round(request, pk)
    programme = rnd.track.programme
    permissions.require(request.user, MANAGE, programme.owner)
    initial = {key: getattr(rnd, key) for key in ("starts_on", "ends_on", "theme", "note", "version")}
    form = RoundEditForm(request.POST or None, initial=initial)
    if done := submit_form(
        request,
        form,
        lambda data: services.update_round(actor=request.user, round=rnd, **data),
        then=lambda _r: ("programme:detail", programme.pk),
        success=_("Đã sửa đợt %(r)s.") % {"r": rnd.roman},
    ):
        return done
    title = _("Sửa đợt %(r)s – %(t)s") % {"r": rnd.roman, "t": rnd.track.name}
    return _render(request, programme, form, title)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request, pk):
    criterion = _criterion(request, pk)
    programme = criterion.programme
    permissions.require(request.user, MANAGE, programme.owner)
    keys = ("title", "description", "points_group", "max_points", "order", "is_active", "version")
    form = CriterionEditForm(
        request.POST or None, programme=programme, initial={key: getattr(criterion, key) for key in keys}
    )
    if done := submit_form(
        request,
        form,
        lambda data: services.update_criterion(
            actor=request.user, criterion=criterion, **{k: v for k, v in data.items() if k != "order" or v is not None}
        ),
        then=lambda _r: ("programme:detail", programme.pk),
        success=_("Đã sửa tiêu chí %(c)s.") % {"c": criterion.code},
    ):
        return done
    used = criterion.registration_items.count()
    title = _("Sửa tiêu chí %(c)s") % {"c": criterion.code}
    return _render(request, programme, form, title, {"criterion": criterion, "used": used})


@login_required
@require_POST
def criterion_remove(request, pk):
    criterion = _criterion(request, pk)
    programme = criterion.programme
    version = request.POST.get("version", "")
    try:
        services.remove_criterion(
            actor=request.user, criterion=criterion, version=int(version) if version.isdigit() else None
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("programme:criterion_edit", criterion.pk)
    messages.success(request, _("Đã xoá tiêu chí %(c)s.") % {"c": criterion.code})
    return redirect("programme:detail", programme.pk)


@login_required
@require_http_methods(["GET", "POST"])
def points_group_edit(request, pk):
    programmes = Programme.objects.visible_to(request.user)
    group = get_object_or_404(
        PointsGroup.objects.filter(programme__in=programmes).select_related("programme__owner"), pk=pk
    )
    programme = group.programme
    permissions.require(request.user, MANAGE, programme.owner)
    initial = {key: getattr(group, key) for key in ("name", "max_points", "order", "version")}
    form = PointsGroupEditForm(request.POST or None, initial=initial)
    if done := submit_form(
        request,
        form,
        lambda data: services.update_points_group(actor=request.user, group=group, **data),
        then=lambda _r: ("programme:detail", programme.pk),
        success=_("Đã sửa nhóm tiêu chí %(c)s.") % {"c": group.code},
    ):
        return done
    title = _("Sửa nhóm tiêu chí %(c)s") % {"c": group.code}
    return _render(request, programme, form, title, {"history": history_entries(group)})
