"""The scope matrix of the programme's set-up and helpers."""

import datetime

from coso.api.matrix import ScopeCase
from coso.programme.api.matrix_common import API, btm_programme, tamky
from coso.programme.models import Criterion, Helper, PointsGroup

# --------------------------------------------------------------------------- scope matrix


def _tk_helper(t):
    """A helper of An Mỹ in Tam Kỳ's programme (made once per tree)."""
    x = tamky(t)
    if getattr(x, "helper", None) is None:
        x.helper = Helper.objects.create(
            programme=x.programme, unit=t.anmy, person=t.tamky_secretary, assigned_on=datetime.date(2014, 2, 1)
        )
    return x.helper


def _tk_points_group(t):
    """A points group of Tam Kỳ's programme (made directly: its programme counts items)."""
    x = tamky(t)
    return PointsGroup.objects.get_or_create(
        programme=x.programme, code="N1", defaults={"name": "Nhóm 1", "max_points": 20}
    )[0]


def _unused_criterion(t):
    x = tamky(t)
    return Criterion.objects.filter(programme=x.programme, registration_items__isnull=True).order_by("pk").first()


SCOPE_MATRIX = [
    ScopeCase(
        "POST",
        "/programme/programmes",
        lambda t: f"{API}/programmes",
        lambda t: {"owner_id": t.tamky.pk, "year": 2015, "name": "Chương trình 2015"},
    ),
    ScopeCase(
        "POST",
        "/programme/programmes/{programme_id}/tracks",
        lambda t: f"{API}/programmes/{tamky(t).programme.pk}/tracks",
        lambda t: {"kind": "school", "name": "Khối trường học", "starts_on": "2014-09-05", "ends_on": "2015-05-31"},
        control=False,  # Tam Kỳ's 2014 programme already has both tracks
    ),
    ScopeCase(
        "POST",
        "/programme/tracks/{track_id}/rounds",
        lambda t: f"{API}/tracks/{tamky(t).round.track_id}/rounds",
        lambda t: {"number": 9, "starts_on": "2014-11-01", "ends_on": "2014-11-30"},
        control=False,  # the track's rounds are complete
    ),
    ScopeCase(
        "POST",
        "/programme/programmes/{programme_id}/points-groups",
        lambda t: f"{API}/programmes/{tamky(t).programme.pk}/points-groups",
        lambda t: {"code": "N1", "name": "Nhóm 1", "max_points": 20},
        control=False,  # Tam Kỳ's 2014 programme counts items: it has no points groups
    ),
    ScopeCase(
        "PUT",
        "/programme/points-groups/{group_id}",
        lambda t: f"{API}/points-groups/{_tk_points_group(t).pk}",
        lambda t: {"version": _tk_points_group(t).version, "name": "Nhóm đổi tên"},
        control=False,  # Tam Kỳ's 2014 programme counts items: a group of it cannot be kept
    ),
    ScopeCase(
        "POST",
        "/programme/programmes/{programme_id}/criteria",
        lambda t: f"{API}/programmes/{tamky(t).programme.pk}/criteria",
        lambda t: {"code": "TK-99", "kind": "action", "title": "Tiêu chí thử"},
    ),
    ScopeCase(
        "PUT",
        "/programme/rounds/{round_id}",
        lambda t: f"{API}/rounds/{tamky(t).round.pk}",
        lambda t: {"version": tamky(t).round.version, "theme": "Chủ đề mới"},
    ),
    ScopeCase(
        "PUT",
        "/programme/criteria/{criterion_id}",
        lambda t: f"{API}/criteria/{_unused_criterion(t).pk}",
        lambda t: {"version": _unused_criterion(t).version, "description": "Mô tả mới"},
    ),
    ScopeCase("DELETE", "/programme/criteria/{criterion_id}", lambda t: f"{API}/criteria/{_unused_criterion(t).pk}"),
    ScopeCase(
        "GET",
        "/programme/programmes/{programme_id}/helpers",
        lambda t: f"{API}/programmes/{tamky(t).programme.pk}/helpers",
    ),
    ScopeCase(
        "POST",
        "/programme/programmes/{programme_id}/helpers",
        lambda t: f"{API}/programmes/{tamky(t).programme.pk}/helpers",
        lambda t: {"unit_id": t.anmy.pk, "person_id": t.tamky_secretary.pk, "task": "Dự sinh hoạt"},
    ),
    # The caller's own programme, a Tam Kỳ base union and cadre.
    ScopeCase(
        "POST",
        "/programme/programmes/{programme_id}/helpers",
        lambda t: f"{API}/programmes/{btm_programme(t).pk}/helpers",
        lambda t: {"unit_id": t.anmy.pk, "person_id": t.tamky_secretary.pk},
        control=False,
    ),
    ScopeCase("DELETE", "/programme/helpers/{helper_id}", lambda t: f"{API}/helpers/{_tk_helper(t).pk}"),
]
