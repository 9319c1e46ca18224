"""Pages of the organisation tree. Rows come only from ``Unit.objects.visible_to(user)``."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coso.accounts import scoping
from coso.core.history import history_entries
from coso.core.views import submit_form
from coso.imports.export import xlsx_response
from coso.org import services
from coso.org.forms import (
    ClassifyForm,
    DepartmentEditForm,
    DepartmentForm,
    MergeForm,
    MoveForm,
    UnitEditForm,
    UnitFilterForm,
    UnitForm,
)
from coso.org.models import Department, Unit
from coso.people.services import officers_of


def _visible(request):
    return Unit.objects.visible_to(request.user)


def _edit_form(request, obj, form_class, update, *, then):
    """The edit page of a unit or a department: the form starts from the object's values (its
    version included, for the concurrent-edit check); a valid POST goes through ``update``
    (the service) with ``submit_form``. Returns (form, redirect or None)."""
    form = form_class(request.POST or None, initial={name: getattr(obj, name) for name in form_class.base_fields})
    done = submit_form(
        request,
        form,
        lambda data: update(actor=request.user, **data),
        success=_("Đã lưu thay đổi."),
        then=lambda _result: then,
    )
    return form, done


def _with_counts(queryset):
    return queryset.select_related("level", "sector")


@login_required
def tree(request):
    roots = list(_with_counts(scoping.top_units(request.user)))
    return render(request, "org/tree.html", {"roots": roots})


@login_required
def children(request, pk):
    """HTMX fragment: the direct children of a unit, for expanding the tree."""
    unit = get_object_or_404(_visible(request), pk=pk)
    kids = _with_counts(_visible(request).filter(path__startswith=unit.path, depth=unit.depth + 1)).order_by(
        "-is_active", "sort_key"
    )
    return render(request, "org/_children.html", {"children": kids, "parent": unit})


def _filtered_units(request):
    form = UnitFilterForm(request.GET or None)
    units = _with_counts(_visible(request))
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            from coso.core.text import fold

            for word in fold(data["q"]).split():
                units = units.filter(search_text__contains=word)
        if data["level"]:
            units = units.filter(level=data["level"])
        if data["sector"]:
            units = units.filter(sector=data["sector"])
        if data["mountainous"] in ("0", "1"):
            units = units.filter(is_mountainous=data["mountainous"] == "1")
        if data["within"]:
            within = _visible(request).filter(pk=data["within"]).first()
            units = units.filter(path__startswith=within.path) if within else units.none()
    return form, units.order_by("depth", "sort_key")


@login_required
def unit_list(request):
    form, units = _filtered_units(request)
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "org/unit_list.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
def unit_export(request):
    _form, units = _filtered_units(request)
    parents = {}
    rows = []
    for unit in units.iterator(chunk_size=2000):
        parent_path = unit.path[: -unit.steplen]
        rows.append((unit, parent_path))
        parents[parent_path] = None
    for path, code, name in Unit.objects.filter(path__in=list(parents)).values_list("path", "code", "name"):
        parents[path] = (code, name)
    headers = [
        _("Tên đơn vị"),
        _("Mã đơn vị"),
        _("Cấp"),
        _("Khu vực"),
        _("Miền núi"),
        _("Mã đơn vị cấp trên"),
        _("Đơn vị cấp trên"),
        _("Đang hoạt động"),
        _("Địa chỉ"),
    ]
    data = []
    for unit, parent_path in rows:
        parent = parents.get(parent_path) or ("", "")
        data.append(
            [
                unit.name,
                unit.code or "",
                unit.level.name,
                unit.sector.name if unit.sector else "",
                _("có") if unit.is_mountainous else _("không"),
                parent[0] or "",
                parent[1],
                _("có") if unit.is_active else _("không"),
                unit.address,
            ]
        )
    return xlsx_response("don-vi.xlsx", headers, data, sheet_title=_("Đơn vị"))


@login_required
def unit_detail(request, pk):
    unit = get_object_or_404(_with_counts(_visible(request)), pk=pk)
    user = request.user
    visible = _visible(request)
    ancestors = list(
        visible.filter(pk__in=unit.ancestors_and_self().values("pk")).exclude(pk=unit.pk).order_by("depth")
    )
    kids = list(
        _with_counts(visible.filter(path__startswith=unit.path, depth=unit.depth + 1)).order_by(
            "-is_active", "sort_key"
        )
    )
    today = timezone.localdate()
    context = {
        "unit": unit,
        "ancestors": ancestors,
        "children": kids,
        "officers": officers_of(unit, today),
        "classifications": unit.classifications.select_related("level", "level__scheme").order_by("-year"),
        "departments": unit.departments.filter(is_active=True),
        "clusters": unit.clusters_in.select_related("leader", "deputy").order_by("-year"),
        "owned_clusters": unit.clusters.select_related("leader", "deputy").prefetch_related("units").order_by("-year"),
        "events": unit.events.select_related("from_parent", "to_parent", "other_unit", "recorded_by")[:50],
        "history": history_entries(unit),
        "people_count": unit.people.count(),
        "subtree_count": visible.filter(path__startswith=unit.path).count() - 1,
        "can_edit": scoping.can(user, scoping.EDIT_UNITS, unit),
        "can_classify": scoping.can(user, scoping.CLASSIFY, unit),
        "merged_into": unit.merged_into
        if unit.merged_into_id and visible.filter(pk=unit.merged_into_id).exists()
        else None,
    }
    return render(request, "org/unit_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request, parent_pk):
    parent = get_object_or_404(_visible(request), pk=parent_pk)
    scoping.require(request.user, scoping.EDIT_UNITS, parent)
    form = UnitForm(request.POST or None, initial={"sector": parent.sector_id, "is_mountainous": parent.is_mountainous})
    done = submit_form(
        request,
        form,
        lambda data: services.create_unit(actor=request.user, parent=parent, **data),
        success=lambda unit: _("Đã thêm đơn vị «%(name)s».") % {"name": unit.name},
        then=lambda unit: ("org:detail", unit.pk),
    )
    if done:
        return done
    return render(request, "org/unit_form.html", {"form": form, "parent": parent, "title": _("Thêm đơn vị trực thuộc")})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    unit = get_object_or_404(_visible(request), pk=pk)
    scoping.require(request.user, scoping.EDIT_UNITS, unit)
    form, done = _edit_form(
        request,
        unit,
        UnitEditForm,
        lambda **data: services.update_unit(unit=unit, **data),
        then=("org:detail", unit.pk),
    )
    if done:
        return done
    return render(request, "org/unit_form.html", {"form": form, "unit": unit, "title": _("Sửa thông tin đơn vị")})


@login_required
@require_http_methods(["GET", "POST"])
def unit_move(request, pk):
    unit = get_object_or_404(_visible(request), pk=pk)
    scoping.require(request.user, scoping.EDIT_UNITS, unit)
    parents = (
        Unit.objects.filter(scoping.unit_q(request.user, scoping.EDIT_UNITS))
        .filter(is_active=True, level__order__lt=unit.level.order)
        .exclude(path__startswith=unit.path)
        .exclude(pk=Unit.objects.get_parent(unit).pk if Unit.objects.get_parent(unit) else None)
        .select_related("level")
        .order_by("depth", "sort_key")
    )
    form = MoveForm(request.POST or None, parents=parents)
    done = submit_form(
        request,
        form,
        lambda data: services.move_unit(
            actor=request.user,
            unit=unit,
            new_parent=data["new_parent"],
            occurred_on=data["occurred_on"],
            note=data["note"],
        ),
        success=_("Đã chuyển đơn vị."),
        then=lambda _result: ("org:detail", unit.pk),
    )
    if done:
        return done
    return render(request, "org/unit_action.html", {"form": form, "unit": unit, "title": _("Chuyển đơn vị cấp trên")})


@login_required
@require_http_methods(["GET", "POST"])
def unit_merge(request, pk):
    unit = get_object_or_404(_visible(request), pk=pk)
    scoping.require(request.user, scoping.EDIT_UNITS, unit)
    parent = Unit.objects.get_parent(unit)
    scope = Unit.objects.filter(scoping.unit_q(request.user, scoping.EDIT_UNITS))
    if parent is not None and Unit.objects.get_parent(parent) is not None:
        scope = scope.filter(path__startswith=Unit.objects.get_parent(parent).path)
    targets = (
        scope.filter(is_active=True, level=unit.level).exclude(pk=unit.pk).select_related("level").order_by("sort_key")
    )
    form = MergeForm(request.POST or None, targets=targets, kind=unit.level.kind)
    done = submit_form(
        request,
        form,
        lambda data: services.merge_units(
            actor=request.user,
            absorbed=unit,
            into=data["into"],
            occurred_on=data["occurred_on"],
            note=data["note"],
        ),
        success=lambda into: _("Đã hợp nhất «%(a)s» vào «%(b)s».") % {"a": unit.name, "b": into.name},
        then=lambda into: ("org:detail", into.pk),
    )
    if done:
        return done
    return render(request, "org/unit_action.html", {"form": form, "unit": unit, "title": _("Hợp nhất đơn vị")})


@login_required
@require_http_methods(["GET", "POST"])
def unit_classify(request, pk):
    unit = get_object_or_404(_visible(request), pk=pk)
    scoping.require(request.user, scoping.CLASSIFY, unit)
    form = ClassifyForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    done = submit_form(
        request,
        form,
        lambda data: services.classify_unit(actor=request.user, unit=unit, **data),
        success=_("Đã ghi xếp loại."),
        then=lambda _result: ("org:detail", unit.pk),
    )
    if done:
        return done
    return render(request, "org/unit_action.html", {"form": form, "unit": unit, "title": _("Xếp loại đơn vị")})


# --------------------------------------------------------------------------- departments


@login_required
def department_list(request, pk):
    """The departments of a unit's agency, closed ones too (they keep their history)."""
    unit = get_object_or_404(_visible(request).select_related("level"), pk=pk)
    departments = list(unit.departments.order_by("-is_active", "name"))
    context = {
        "unit": unit,
        "departments": departments,
        "can_edit": scoping.can(request.user, scoping.EDIT_UNITS, unit),
    }
    return render(request, "org/department_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def department_create(request, pk):
    unit = get_object_or_404(_visible(request), pk=pk)
    scoping.require(request.user, scoping.EDIT_UNITS, unit)
    form = DepartmentForm(request.POST or None)
    done = submit_form(
        request,
        form,
        lambda data: services.create_department(actor=request.user, unit=unit, **data),
        success=lambda department: _("Đã thêm «%(name)s».") % {"name": department.name},
        then=lambda _department: ("org:departments", unit.pk),
    )
    if done:
        return done
    context = {"form": form, "unit": unit, "title": _("Thêm ban, văn phòng")}
    return render(request, "org/department_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def department_edit(request, pk):
    department = get_object_or_404(Department.objects.filter(unit__in=_visible(request)).select_related("unit"), pk=pk)
    unit = department.unit
    scoping.require(request.user, scoping.EDIT_UNITS, unit)
    form, done = _edit_form(
        request,
        department,
        DepartmentEditForm,
        lambda **data: services.update_department(department=department, **data),
        then=("org:departments", unit.pk),
    )
    if done:
        return done
    context = {
        "form": form,
        "unit": unit,
        "department": department,
        "title": _("Sửa ban, văn phòng"),
        "history": history_entries(department),
    }
    return render(request, "org/department_form.html", context)
