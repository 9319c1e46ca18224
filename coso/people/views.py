"""Pages about people. Rows come only from ``Person.objects.visible_to(user)``."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coso.accounts import scoping
from coso.accounts.models import User
from coso.core.history import history_entries
from coso.core.keyset import keyset_page
from coso.core.views import submit_form
from coso.imports import exporting
from coso.imports.export import xlsx_response
from coso.imports.models import ExportJob
from coso.people import records, services
from coso.people.forms import PersonEditForm, PersonForm
from coso.people.listing import COUNT_CAP, PERSONS_FILENAME, filtered_people, person_sheet
from coso.people.models import Person
from coso.people.selectors import headcount
from coso.people.views_records import records_for_page


def _visible(request):
    return Person.objects.visible_to(request.user)


def _filtered_people(request):
    return filtered_people(request.user, request.GET)


# Filters the kept per-unit counts answer (people.selectors.headcount); any other needs a count.
_COUNTED_KINDS = {"": "persons", "cadre": "cadres", "member": "members"}


def _known_count(request, form, unit):
    """The list's total from the kept counts when only the unit and the kind filter it (the
    list as first opened, or a unit's people): no count over the scope's persons."""
    if not form.is_bound:
        return headcount(request.user)["persons"]
    if "unit" in form.errors:
        return 0
    data = form.cleaned_data if form.is_valid() else None
    if data is None or any(data[field] for field in ("q", "sex", "party_status", "target_group")):
        return None
    if unit is not None and scoping.own_person_outside_scope(request.user):
        return None  # a member's own branch: the kept counts of the branch are not what they see
    kind = _COUNTED_KINDS.get(data["kind"] or "")
    return headcount(request.user, within=unit)[kind] if kind else None


@login_required
def person_list(request):
    listing = _filtered_people(request)
    form, unit = listing.form, listing.unit
    total = _known_count(request, form, unit)
    # Keyset pages (after=/before= a (sort_key, id) cursor): a deep page costs what the first does.
    page = keyset_page(
        listing.people,
        request.GET,
        count=total,
        count_cap=COUNT_CAP,
        by_index=listing.by_index,
        deferred=listing.deferred,
    )
    query = request.GET.copy()
    for name in ("page", "after", "before", "n"):
        query.pop(name, None)
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


# Larger lists are written by the worker (imports.exporting), with a page showing progress.
EXPORT_IMMEDIATE_MAX = 5000


@login_required
def person_export(request):
    listing = _filtered_people(request)
    people = listing.people
    total = _known_count(request, listing.form, listing.unit)
    if total is None:
        total = people.count()
    if total > getattr(settings, "PEOPLE_EXPORT_IMMEDIATE_MAX", EXPORT_IMMEDIATE_MAX):
        job = exporting.start_export(actor=request.user, kind=ExportJob.Kind.PERSONS, params=request.GET, total=total)
        return redirect("imports:export_detail", job.pk)
    headers, rows = person_sheet(people)
    return xlsx_response(PERSONS_FILENAME, headers, rows, sheet_title=_("Danh sách"))


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
