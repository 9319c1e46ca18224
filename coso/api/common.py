"""Helpers the routers share: the caller, a step on a record in scope (fetch or 404, act,
fetch again), scoped look-ups, reference codes, history pages."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from coso.accounts import scoping
from coso.core.errors import DomainError
from coso.core.history import HIDDEN_FIELDS as HIDDEN_HISTORY_FIELDS
from coso.org.models import Sector, Unit, UnitLevel
from coso.people.models import TargetGroup


def caller(request):
    """The authenticated user (set by the token or the session auth)."""
    return request.auth


# ---- a step on a record in scope ----------------------------------------------------------


def act_in_scope(queryset, pk, act):
    """The record ``pk`` of ``queryset`` (the caller's scope: missing or out of it is a 404),
    ``act(record)`` (the service: a ``DomainError`` becomes the 400/409 of ``coso/api/api.py``'s
    handlers), then the record read again through ``queryset`` for the answer."""
    record = get_object_or_404(queryset, pk=pk)
    act(record)
    return get_object_or_404(queryset, pk=record.pk)


# ---- units in scope -----------------------------------------------------------------------


def visible_units(user):
    return scoping.visible_units(user)


def visible_unit_or_404(user, pk):
    """A unit the user may see; anything else (missing or out of scope) is a 404."""
    return get_object_or_404(visible_units(user), pk=pk)


def units_for_output(user, queryset):
    """``queryset`` ready for ``UnitOut``: level and sector joined, and the parent and the
    merge target given only when the user may see them, all in the same query."""
    visible = visible_units(user).order_by()
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Unit.steplen)
    return queryset.select_related("level", "sector").annotate(
        visible_parent_id=Subquery(visible.filter(path=parent_path).values("pk")[:1]),
        visible_merged_into_id=Subquery(visible.filter(pk=OuterRef("merged_into_id")).values("pk")[:1]),
    )


def unit_for_output(user, pk):
    return get_object_or_404(units_for_output(user, visible_units(user)), pk=pk)


# ---- reference data by code ---------------------------------------------------------------


def _by_code(model, code, field, error_code, label):
    found = model.objects.filter(code=code).first()
    if found is None:
        raise DomainError(
            error_code, _("Không có %(label)s mã «%(code)s».") % {"label": label, "code": code}, field=field
        )
    return found


def level_by_code(code, field="level"):
    return _by_code(UnitLevel, code, field, "unknown_level", _("cấp đơn vị"))


def sector_by_code(code, field="sector"):
    return None if not code else _by_code(Sector, code, field, "unknown_sector", _("khu vực"))


def target_group_by_code(code, field="target_group"):
    return None if not code else _by_code(TargetGroup, code, field, "unknown_target_group", _("đối tượng"))


# ---- change history -----------------------------------------------------------------------

HISTORY_KINDS = {"+": gettext_lazy("Tạo mới"), "~": gettext_lazy("Sửa"), "-": gettext_lazy("Xoá")}


class HistoryPage(Schema):
    limit: int = Field(50, ge=1, le=200, description=gettext_lazy("Số bản ghi lịch sử mỗi trang (tối đa 200)."))
    offset: int = Field(0, ge=0, le=10**9)


def _field_label(model, name):
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field removed since: its name will do
        return name


def _who(user):
    if user is None:
        return None
    return {"id": user.pk, "username": user.username, "display_name": user.display_name}


def history_page(obj, page):
    """Newest first: who, when, and each changed field with its old and new value (raw:
    ISO dates, ids of related records), as ``{"items": [...], "count": N}``."""
    model = type(obj)
    records = obj.history.select_related("history_user__person").order_by("-history_date", "-history_id")
    count = records.count()
    # One more than the page: the record just before the page's last one, to diff against.
    rows = list(records[page.offset : page.offset + page.limit + 1])
    items = []
    for index, record in enumerate(rows[: page.limit]):
        previous = rows[index + 1] if index + 1 < len(rows) else None
        changes = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                if change.field in HIDDEN_HISTORY_FIELDS:
                    continue
                label = _field_label(model, change.field)
                changes.append({"field": change.field, "label": label, "old": change.old, "new": change.new})
        items.append(
            {
                "id": record.history_id,
                "when": record.history_date,
                "kind": record.history_type,
                "kind_label": str(HISTORY_KINDS.get(record.history_type, record.history_type)),
                "who": _who(record.history_user),
                "reason": record.history_change_reason or "",
                "changes": changes,
            }
        )
    return {"items": items, "count": count}
