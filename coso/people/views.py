"""Pages about people. Rows come only from ``Person.objects.visible_to(user)``."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coso.accounts import scoping
from coso.accounts.models import User
from coso.core.history import history_entries
from coso.core.views import submit_form
from coso.imports.export import xlsx_response
from coso.org.models import Unit
from coso.people import records, services
from coso.people.forms import PersonEditForm, PersonFilterForm, PersonForm
from coso.people.models import Person
from coso.people.selectors import headcount
from coso.people.views_records import records_for_page


def _visible(request):
    return Person.objects.visible_to(request.user)


def _filtered_people(request):
    form = PersonFilterForm(request.GET or None)
    people = _visible(request).select_related("unit", "unit__level", "target_group", "department")
    unit = None
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            people = people.search(data["q"])
        if data["unit"]:
            unit = Unit.objects.visible_to(request.user).filter(pk=data["unit"]).first()
            people = people.filter(unit__path__startswith=unit.path) if unit else people.none()
        if data["kind"] == "cadre":
            people = people.filter(is_cadre=True)
        elif data["kind"] == "member":
            people = people.filter(is_member=True)
        if data["sex"]:
            people = people.filter(sex=data["sex"])
        if data["party_status"]:
            people = people.filter(party_status=data["party_status"])
        if data["target_group"]:
            people = people.filter(target_group=data["target_group"])
    return form, people.order_by("sort_key", "id"), unit


# Filters the kept per-unit counts answer (people.selectors.headcount); any other needs a count.
_COUNTED_KINDS = {"": "persons", "cadre": "cadres", "member": "members"}


def _known_count(request, form, unit):
    """The list's total from the kept counts when only the unit and the kind filter it (the
    list as first opened, or a unit's people): no count over the scope's persons."""
    if not form.is_bound:
        return headcount(request.user)["persons"]
    data = form.cleaned_data if form.is_valid() else None
    if data is None or any(data[field] for field in ("q", "sex", "party_status", "target_group")):
        return None
    if data["unit"] and unit is None:
        return 0
    if unit is not None and scoping.own_person_outside_scope(request.user):
        return None  # a member's own branch: the kept counts of the branch are not what they see
    kind = _COUNTED_KINDS.get(data["kind"] or "")
    return headcount(request.user, within=unit)[kind] if kind else None


class _CountedPaginator(Paginator):
    def __init__(self, object_list, per_page, count=None):
        super().__init__(object_list, per_page)
        if count is not None:
            self.count = count  # instead of the cached_property's COUNT(*)


@login_required
def person_list(request):
    form, people, unit = _filtered_people(request)
    total = _known_count(request, form, unit)
    page = _CountedPaginator(people, 50, count=total).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # "Thêm người" from the list itself: into the unit filtered on, else any unit the user edits.
    can_add = (
        scoping.can(request.user, scoping.EDIT_PEOPLE, unit)
        if unit is not None
        else scoping.holds(request.user, scoping.EDIT_PEOPLE)
    )
    return render(
        request,
        "people/person_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "unit": unit, "can_add": can_add},
    )


@login_required
def person_export(request):
    _form, people, _unit = _filtered_people(request)
    headers = [
        _("Họ"),
        _("Tên đệm"),
        _("Tên"),
        _("Ngày sinh"),
        _("Giới tính"),
        _("Mã đơn vị"),
        _("Đơn vị"),
        _("Cán bộ"),
        _("Đoàn viên"),
        _("Đối tượng"),
        _("Đảng"),
        _("Biên chế"),
        _("Điện thoại"),
        _("Email"),
    ]
    yes, no = _("có"), _("không")
    rows = (
        [
            p.family_name,
            p.middle_name,
            p.given_name,
            p.birth_date,
            p.get_sex_display(),
            p.unit.code or "",
            p.unit.name,
            yes if p.is_cadre else no,
            yes if p.is_member else no,
            p.target_group.name if p.target_group else "",
            p.get_party_status_display(),
            yes if p.on_payroll else no,
            p.phone,
            p.email,
        ]
        for p in people.iterator(chunk_size=2000)
    )
    return xlsx_response("nguoi.xlsx", headers, rows, sheet_title=_("Danh sách"))


@login_required
def person_detail(request, pk):
    person = get_object_or_404(_visible(request).select_related("unit", "department", "target_group"), pk=pk)
    user = request.user
    sensitive = scoping.can_view_sensitive(user, person)
    context = {
        "person": person,
        "records": [
            dict(group, rows=[(row, records.describe(group["kind"], row)) for row in group["rows"]])
            for group in records_for_page(user, person)
        ],
        "plannings": person.plannings.select_related("unit", "term"),
        "evaluations": person.evaluations.select_related("level"),
        "sensitive": sensitive,
        "history": history_entries(person),
        "can_edit": scoping.can_edit_person(user, person),
    }
    if scoping.can(user, scoping.MANAGE_USERS, person.unit):
        context["can_manage_users"] = True
        context["account"] = User.objects.filter(person=person).first()
    return render(request, "people/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    units = services.unit_choices_for(request.user)
    if not units.exists():
        scoping.require(request.user, scoping.EDIT_PEOPLE, None)
    initial = {}
    unit_id = request.GET.get("unit")
    if unit_id and units.filter(pk=unit_id).exists():
        initial["unit"] = unit_id
    form = PersonForm(request.POST or None, units=units, initial=initial)
    done = submit_form(
        request,
        form,
        lambda data: services.create_person(actor=request.user, **data),
        success=lambda person: _("Đã thêm %(name)s.") % {"name": person.full_name},
        then=lambda person: ("people:detail", person.pk),
    )
    if done:
        return done
    return render(request, "people/person_form.html", {"form": form, "title": _("Thêm người")})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = get_object_or_404(_visible(request), pk=pk)
    scoping.require(request.user, scoping.EDIT_PEOPLE, person.unit)
    units = services.unit_choices_for(request.user)
    form = PersonEditForm(request.POST or None, instance=person, units=units, initial={"version": person.version})
    done = submit_form(
        request,
        form,
        lambda data: services.update_person(actor=request.user, person=person, **data),
        success=_("Đã lưu thay đổi."),
        then=lambda _result: ("people:detail", person.pk),
    )
    if done:
        return done
    return render(request, "people/person_form.html", {"form": form, "person": person, "title": _("Sửa hồ sơ")})
