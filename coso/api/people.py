"""/api/persons/: cadres and members in the caller's scope, written through ``coso.people.services``.

Children's birth dates and pregnancies are sensitive: a person's answer carries the keys
``children`` and ``pregnancies`` only when ``scoping.can_view_sensitive`` allows it.
"""

from django.db.models import F
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Query, Router, Status
from ninja.pagination import paginate

from coso.accounts import scoping
from coso.api.common import (
    HistoryPage,
    caller,
    history_page,
    target_group_by_code,
    visible_unit_or_404,
    visible_units,
)
from coso.api.matrix import LIST, ScopeCase
from coso.api.pagination import Pagination
from coso.api.records import router as records_router
from coso.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    HistoryPageOut,
    Id,
    PersonCreateIn,
    PersonDetailOut,
    PersonFilter,
    PersonOut,
    PersonPatchIn,
    PersonSensitiveOut,
    PostOut,
)
from coso.org.models import Department
from coso.people import services

router = Router(tags=[gettext_lazy("Người")])


def visible_people(user):
    return scoping.visible_people(user).select_related("unit", "department", "target_group")


def person_or_404(user, pk):
    return get_object_or_404(visible_people(user), pk=pk)


def person_detail(user, person):
    """The person's record; the sensitive keys only for roles allowed to see them."""
    data = PersonDetailOut.from_orm(person).dict()
    if scoping.can_view_sensitive(user, person):
        data["children"] = [{"birth_date": child.birth_date} for child in person.children.all()]
        data["pregnancies"] = [{"start_date": p.start_date, "end_date": p.end_date} for p in person.pregnancies.all()]
    return data


def _resolve_references(user, fields):
    """Ids and codes of the request to objects; units and departments only from the user's scope."""
    if "unit_id" in fields:
        fields["unit"] = visible_unit_or_404(user, fields.pop("unit_id"))
    if "department_id" in fields:
        pk = fields.pop("department_id")
        departments = Department.objects.filter(unit__in=visible_units(user))
        fields["department"] = None if pk is None else get_object_or_404(departments, pk=pk)
    if "target_group" in fields:
        fields["target_group"] = target_group_by_code(fields["target_group"])
    return fields


@router.get("/", response=list[PersonOut], summary=gettext_lazy("Danh sách người, xếp theo tên"))
@paginate(Pagination)
def list_persons(request, filters: Query[PersonFilter]):
    user = caller(request)
    people = visible_people(user)
    if filters.unit is not None:
        unit = visible_units(user).filter(pk=filters.unit).first()
        people = people.filter(unit__path__startswith=unit.path) if unit else people.none()
    if filters.q:
        people = people.search(filters.q)
    if filters.is_cadre is not None:
        people = people.filter(is_cadre=filters.is_cadre)
    if filters.is_member is not None:
        people = people.filter(is_member=filters.is_member)
    # sort_key: given name first, in Vietnamese alphabetical order.
    return people.order_by("sort_key", "pk")


@router.get(
    "/{person_id}",
    response={200: PersonSensitiveOut, **READ_ERRORS},
    exclude_unset=True,
    summary=gettext_lazy("Hồ sơ một người"),
)
def get_person(request, person_id: Id):
    user = caller(request)
    return person_detail(user, person_or_404(user, person_id))


@router.post(
    "/", response={201: PersonSensitiveOut, **WRITE_ERRORS}, exclude_unset=True, summary=gettext_lazy("Thêm người")
)
def create_person(request, payload: PersonCreateIn):
    user = caller(request)
    fields = _resolve_references(user, payload.dict())
    person = services.create_person(actor=user, **fields)
    return Status(201, person_detail(user, person_or_404(user, person.pk)))


@router.patch(
    "/{person_id}",
    response={200: PersonSensitiveOut, **WRITE_ERRORS, 409: ErrorOut},
    exclude_unset=True,
    summary=gettext_lazy("Sửa hồ sơ"),
)
def update_person(request, person_id: Id, payload: PersonPatchIn):
    user = caller(request)
    person = person_or_404(user, person_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    fields = _resolve_references(user, fields)
    person = services.update_person(actor=user, person=person, version=version, **fields)
    return person_detail(user, person_or_404(user, person.pk))


@router.get(
    "/{person_id}/history", response={200: HistoryPageOut, **READ_ERRORS}, summary=gettext_lazy("Lịch sử thay đổi")
)
def person_history(request, person_id: Id, page: Query[HistoryPage]):
    return history_page(person_or_404(caller(request), person_id), page)


# On the router of the person's records (coso/api/records.py), which also adds posts: one
# router per path, or the second method of the path would answer 405.
@records_router.get(
    "/{person_id}/posts",
    response={200: list[PostOut], **READ_ERRORS},
    summary=gettext_lazy("Chức vụ đã và đang giữ (đang giữ trước)"),
)
def list_posts(request, person_id: Id):
    user = caller(request)
    person = person_or_404(user, person_id)
    posts = person.posts.select_related("unit", "department", "term").order_by(
        F("end_date").desc(nulls_first=True), "-start_date", "pk"
    )
    if person.pk != user.person_id:
        # A post held in a unit outside the caller's scope would name that unit.
        posts = posts.filter(unit__in=visible_units(user))
    return posts


SCOPE_MATRIX = [
    ScopeCase("GET", "/persons/", lambda t: f"/api/persons/?unit={t.tamky.pk}", kind=LIST),
    ScopeCase("GET", "/persons/", lambda t: "/api/persons/?q=vo+minh+tam", kind=LIST),
    ScopeCase("GET", "/persons/", lambda t: "/api/persons/?q=pham+thi+anh&is_cadre=true", kind=LIST),
    ScopeCase("GET", "/persons/{person_id}", lambda t: f"/api/persons/{t.member_anmy.pk}"),
    ScopeCase("GET", "/persons/{person_id}", lambda t: f"/api/persons/{t.tamky_secretary.pk}"),
    ScopeCase(
        "POST",
        "/persons/",
        lambda t: "/api/persons/",
        lambda t: {"unit_id": t.branch_anmy.pk, "family_name": "Lê", "given_name": "Na", "sex": "F"},
    ),
    ScopeCase(
        "PATCH",
        "/persons/{person_id}",
        lambda t: f"/api/persons/{t.member_anmy.pk}",
        lambda t: {"version": t.member_anmy.version, "job_title": "Sinh viên"},
    ),
    # Moving one's own member into the other district.
    ScopeCase(
        "PATCH",
        "/persons/{person_id}",
        lambda t: f"/api/persons/{t.member_trason2.pk}",
        lambda t: {"version": t.member_trason2.version, "unit_id": t.branch_anmy.pk},
        control=False,
    ),
    ScopeCase("GET", "/persons/{person_id}/history", lambda t: f"/api/persons/{t.member_anmy.pk}/history"),
    ScopeCase("GET", "/persons/{person_id}/posts", lambda t: f"/api/persons/{t.tamky_secretary.pk}/posts"),
]
