"""Trips recorded (visits), their location proof and photos, and the good practices found."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coso.accounts import scoping
from coso.core import dates
from coso.core.errors import ConflictError, DomainError
from coso.visits import permissions, rules, selectors
from coso.visits.models import (
    ActivityRelation,
    GoodPractice,
    MonthlyReport,
    Proof,
    ReportVisit,
    Visit,
    VisitForm,
    VisitPolicy,
)
from coso.visits.rules import Violation
from coso.visits.services._common import VISIT_FIELDS, _cadre, _lock_cadre, _locked, _raise, _save
from coso.visits.services.reports import _sync_lines

# --------------------------------------------------------------------------- visits


def _visit_violations(*, cadre, values, exclude_pk=None, today, extra_locked=None):
    violations = rules.check_visit_fields(
        form=values["form"],
        form_choices=VisitForm.values,
        activity_relation=values.get("activity_relation"),
        activity_name=values.get("activity_name"),
        activity_date=values.get("activity_date"),
        start=values["start_date"],
        end=values["end_date"],
    )
    if message := dates.window_message(values.get("activity_date")):
        violations.append(Violation("date_out_of_window", message, "activity_date"))
    planned = values.get("planned_visit")
    if planned is not None and planned.plan.cadre_id != cadre.pk:
        violations.append(
            Violation(
                "planned_visit_other_cadre",
                _("Chuyến đi dự kiến được chọn thuộc kế hoạch của cán bộ khác."),
                "planned_visit",
            )
        )
    violations += selectors.trip_violations(
        cadre=cadre,
        unit=values["unit"],
        start_date=values["start_date"],
        end_date=values["end_date"],
        is_ad_hoc=values.get("is_ad_hoc", False),
        exclude_pk=exclude_pk,
        today=today,
        extra_locked=extra_locked,
    )
    return violations


def check_visit(*, cadre, unit, start_date, end_date, is_ad_hoc=False, visit=None, today=None):
    """Every violation a visit would raise, without saving (for a form's live check)."""
    cadre = _cadre(cadre)
    values = dict(unit=unit, start_date=start_date, end_date=end_date, form=VisitForm.OTHER, is_ad_hoc=is_ad_hoc)
    return _visit_violations(
        cadre=cadre, values=values, exclude_pk=visit.pk if visit else None, today=today or timezone.localdate()
    )


def reference_point(unit):
    """The coordinates a visit to ``unit`` is measured against: the unit's own, else its nearest
    ancestor's (a branch is measured against its commune). None when no one has any."""
    from coso.org.models import Unit

    steps = [unit.path[: i * unit.steplen] for i in range(1, unit.depth + 1)]
    row = (
        Unit.objects.filter(path__in=steps, latitude__isnull=False, longitude__isnull=False)
        .order_by("-depth")
        .values_list("latitude", "longitude")
        .first()
    )
    return tuple(row) if row else None


def _position_fields(*, cadre, unit, start_date, position, now=None):
    """The stored location fields of a visit and its proof, under the cadre's policy."""
    policy = VisitPolicy.for_unit(cadre.unit, start_date.year)
    proof, distance = rules.location_proof(
        position=position,
        reference=reference_point(unit),
        radius_km=policy.proof_radius_km,
        max_accuracy_m=policy.proof_max_accuracy_m,
    )
    return policy, dict(
        latitude=position.latitude if position else None,
        longitude=position.longitude if position else None,
        location_accuracy_m=position.accuracy_m if position else None,
        located_at=(now or timezone.now()) if position else None,
        distance_m=distance,
        proof=proof,
    )


def position_of(visit):
    if visit.latitude is None or visit.longitude is None:
        return None
    return rules.Position(visit.latitude, visit.longitude, visit.location_accuracy_m)


@transaction.atomic
def record_visit(
    *,
    actor,
    cadre,
    unit,
    start_date,
    end_date,
    form,
    content="",
    findings="",
    problems="",
    proposals="",
    is_ad_hoc=False,
    planned_visit=None,
    activity_relation=ActivityRelation.NONE,
    activity_name="",
    activity_date=None,
    client_id=None,
    position=None,
    today=None,
):
    """Record a trip done. Refused, with every reason, when it breaks a rule: caps per district
    and month (counting days, split at month ends), blackout days and public holidays, the
    assigned area (unless ad hoc), overlaps, dates, a month already reported, a location
    the policy requires.

    ``client_id`` is the id the phone made for the visit: a second call with the same id
    (a resend from the outbox, a double tap, a second tab) returns the visit stored the first
    time, unchanged, with ``visit.replayed = True``. The cadre's row lock serialises concurrent
    sends; the unique constraint on ``client_id`` is the last guard.

    ``position`` (``rules.Position``) is where the phone was: stored with its distance to the
    unit's coordinates and the proof it gives (never a refusal unless the policy requires a
    location)."""
    cadre = _lock_cadre(cadre)
    permissions.require_act_for_cadre(actor, cadre)
    if client_id is not None:
        existing = Visit.objects.filter(client_id=client_id).select_related("unit", "cadre").first()
        if existing is not None:
            if existing.cadre_id != cadre.pk:
                raise DomainError(
                    "client_id_taken",
                    _("Mã chuyến đi này đã được dùng cho chuyến đi của cán bộ khác."),
                    field="client_id",
                )
            existing.replayed = True
            return existing
    scoping.require(actor, scoping.VIEW, unit)
    values = dict(
        unit=unit,
        start_date=start_date,
        end_date=end_date,
        form=form,
        content=content,
        findings=findings,
        problems=problems,
        proposals=proposals,
        is_ad_hoc=is_ad_hoc,
        planned_visit=planned_visit,
        activity_relation=activity_relation,
        activity_name=activity_name,
        activity_date=activity_date,
    )
    policy, located = _position_fields(cadre=cadre, unit=unit, start_date=start_date, position=position)
    violations = _visit_violations(cadre=cadre, values=values, today=today or timezone.localdate())
    violations += rules.check_position(position, required=policy.location_required)
    _raise(violations)
    visit = _save(Visit(cadre=cadre, created_by=actor, client_id=client_id, **values, **located), actor)
    visit.replayed = False
    return visit


@transaction.atomic
def update_visit(*, actor, visit, version, today=None, **fields):
    visit = _locked(Visit, visit, related=("unit",))
    cadre = _lock_cadre(visit.cadre)
    permissions.require_act_for_cadre(actor, cadre)
    if "unit" in fields:
        scoping.require(actor, scoping.VIEW, fields["unit"])
    values = {key: getattr(visit, key) for key in VISIT_FIELDS}
    values.update({k: v for k, v in fields.items() if k in VISIT_FIELDS})
    old_locked = selectors.locked_months_for(cadre, visit.start_date, visit.end_date)
    _raise(
        _visit_violations(
            cadre=cadre,
            values=values,
            exclude_pk=visit.pk,
            today=today or timezone.localdate(),
            extra_locked=old_locked,
        )
    )
    for key, value in values.items():
        setattr(visit, key, value)
    if visit.proof != Proof.NONE or visit.latitude is not None:
        _policy, located = _position_fields(
            cadre=cadre, unit=visit.unit, start_date=visit.start_date, position=position_of(visit), now=visit.located_at
        )
        for key in ("distance_m", "proof"):
            setattr(visit, key, located[key])
    return _save(visit, actor, version, reason=gettext_noop("Sửa chuyến đi cơ sở"))


@transaction.atomic
def remove_visit(*, actor, visit, version=None):
    visit = _locked(Visit, visit)
    cadre = _lock_cadre(visit.cadre)
    permissions.require_act_for_cadre(actor, cadre)
    if version is not None and int(version) != visit.version:
        raise ConflictError()
    locked = selectors.locked_months_for(cadre, visit.start_date, visit.end_date)
    _raise(
        [
            Violation(
                "month_reported",
                _(
                    "Báo cáo đi cơ sở tháng %(month)s/%(year)s đang ở trạng thái «%(state)s»: "
                    "không thể xoá chuyến đi trong tháng này."
                )
                % {"month": month, "year": year, "state": label},
            )
            for (year, month), label in sorted(locked.items())
        ]
    )
    reports = list(MonthlyReport.objects.filter(lines__visit=visit).select_related("cadre__unit"))
    ReportVisit.objects.filter(visit=visit).delete()
    visit._history_user = actor
    visit.delete()
    for report in reports:
        _sync_lines(report)
        _save(report, actor, reason=gettext_noop("Bỏ chuyến đi đã xoá"))


PHOTO_MAX_BYTES = 3 * 1024 * 1024
PHOTOS_PER_VISIT = 6
# JPEG segments that may carry where and by what a photo was taken: APP1 (EXIF with its GPS
# block, XMP), APP13 (IPTC), comments. The phone's re-encoding has none; this is the safety net.
_METADATA_MARKERS = {0xE1, 0xED, 0xFE}


def without_photo_metadata(content: bytes) -> bytes:
    """The JPEG ``content`` without its EXIF/XMP/IPTC/comment segments (pixels untouched).

    The visit form re-encodes photos on the phone, which already drops them; a photo sent by
    another client (the API, an old browser) loses them here. Content that does not parse as
    JPEG segments is returned as it is.
    """
    if not content.startswith(b"\xff\xd8"):
        return content
    out = bytearray(b"\xff\xd8")
    pos, size = 2, len(content)
    while pos + 4 <= size:
        if content[pos] != 0xFF:
            return content
        marker = content[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9 or 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += content[pos : pos + 2]
            pos += 2
            continue
        length = int.from_bytes(content[pos + 2 : pos + 4], "big")
        if length < 2 or pos + 2 + length > size:
            return content
        if marker == 0xDA:  # start of scan: the image data follows to the end
            out += content[pos:]
            return bytes(out)
        if marker not in _METADATA_MARKERS:
            out += content[pos : pos + 2 + length]
        pos += 2 + length
    return content


@transaction.atomic
def add_visit_photo(*, actor, visit, content, client_id=None):
    """Attach a photo (JPEG bytes, already resized on the phone, whose re-encoding drops the
    location metadata) to a visit. A second send of the same ``client_id`` returns the photo
    stored the first time."""
    from django.core.files.base import ContentFile

    from coso.visits.models import VisitPhoto

    visit = _locked(Visit, visit)
    permissions.require_act_for_cadre(actor, visit.cadre)
    if client_id is not None:
        existing = VisitPhoto.objects.filter(client_id=client_id).first()
        if existing is not None:
            if existing.visit_id != visit.pk:
                raise DomainError("client_id_taken", _("Mã ảnh này đã được dùng cho chuyến đi khác."), field="photo")
            return existing
    if not content or not content.startswith(b"\xff\xd8\xff"):
        raise DomainError("photo_not_jpeg", _("Ảnh phải là tệp JPEG."), field="photo")
    if len(content) > PHOTO_MAX_BYTES:
        raise DomainError("photo_too_large", _("Ảnh lớn hơn 3 MB: hãy chụp lại hoặc chọn ảnh khác."), field="photo")
    if visit.photos.count() >= PHOTOS_PER_VISIT:
        raise DomainError(
            "too_many_photos",
            _("Mỗi chuyến đi có tối đa %(count)s ảnh.") % {"count": PHOTOS_PER_VISIT},
            field="photo",
        )
    content = without_photo_metadata(content)
    photo = VisitPhoto(visit=visit, client_id=client_id, size=len(content), created_by=actor)
    photo.image.save("photo.jpg", ContentFile(content), save=False)
    photo.save()
    return photo


# --------------------------------------------------------------------------- good practices


@transaction.atomic
def record_good_practice(*, actor, cadre, unit, title, description="", visit=None, reported_on=None):
    cadre = _cadre(cadre)
    permissions.require_act_for_cadre(actor, cadre)
    scoping.require(actor, scoping.VIEW, unit)
    title = " ".join((title or "").split())
    if not title:
        raise DomainError("title_required", _("Hãy ghi tên mô hình, cách làm."), field="title")
    if visit is not None and visit.cadre_id != cadre.pk:
        raise DomainError("visit_other_cadre", _("Chuyến đi được chọn là của cán bộ khác."), field="visit")
    practice = GoodPractice(
        title=title,
        description=description,
        unit=unit,
        visit=visit,
        reported_by=cadre,
        reported_on=reported_on or (visit.end_date if visit else timezone.localdate()),
    )
    return _save(practice, actor)


@transaction.atomic
def mark_practice_to_replicate(*, actor, practice, to_replicate=True, version=None, now=None):
    """The cluster or department leader decides a practice is to be spread across the cluster."""
    practice = _locked(GoodPractice, practice, related=("unit",))
    permissions.require_mark_practice(actor, practice)
    practice.to_replicate = to_replicate
    practice.marked_by = actor if to_replicate else None
    practice.marked_at = (now or timezone.now()) if to_replicate else None
    return _save(
        practice, actor, version, reason=gettext_noop("Nhân rộng") if to_replicate else gettext_noop("Bỏ nhân rộng")
    )
