"""Helpers of base units (issue 5 item 3): the cadres following a base union under the
grassroots-visit assignments are shown as its helpers; the district adds programme helpers
only where nobody follows the unit, from its own cadres and committee members."""

import pytest
from django.core.exceptions import PermissionDenied

from coso.core.errors import ConflictError, DomainError
from coso.programme import helpers
from coso.programme.models import Helper
from coso.visits import services as visits
from tests.builders import person

from .conftest import D


@pytest.fixture
def followed(btm):
    """Hồ Văn Anh (a cadre of Bắc Trà My) follows Trà Sơn under decision 15-QĐ/HĐTN;
    Trà Giang is followed by nobody; Lê Văn Bình is another cadre of the district."""
    actor = btm.users["district_standing"]
    decision = visits.record_decision(actor=actor, owner=btm.bactramy, number="15-QĐ/HĐTN", decided_on=D(2014, 1, 6))
    visits.assign(actor=actor, decision=decision, cadre=btm.btm_secretary, units=[btm.trason])
    btm.cadre2 = person(btm.bactramy, "Lê Văn Bình", birth=(1992, 5, 5), is_cadre=True)
    return btm


def codes(error):
    return [code for code, _message in error.value.violations]


def test_visit_followers_are_the_helpers_and_others_are_added_where_none(followed):
    t = followed
    rows = {r["unit"].name: r for r in helpers.helpers_by_unit(t.programme, helpers.base_units(t.programme))}
    assert [a.cadre.full_name for a in rows["Đoàn xã Trà Sơn"]["followers"]] == ["Hồ Văn Anh"]
    assert rows["Đoàn xã Trà Giang"]["followers"] == [] and rows["Đoàn xã Trà Giang"]["helpers"] == []
    assert "Đoàn phường An Mỹ" not in rows  # Tam Kỳ's

    actor = t.users["district_standing"]
    with pytest.raises(DomainError) as refused:
        helpers.add_helper(actor=actor, programme=t.programme, unit=t.trason, person=t.cadre2)
    assert codes(refused) == ["unit_already_followed"]
    assert "Hồ Văn Anh" in refused.value.message and refused.value.field == "unit"

    helper = helpers.add_helper(
        actor=actor, programme=t.programme, unit=t.tragiang, person=t.cadre2, task="Dự sinh hoạt đợt I"
    )
    assert (helper.assigned_by, helper.unit, helper.task) == (actor, t.tragiang, "Dự sinh hoạt đợt I")
    with pytest.raises(DomainError) as twice:
        helpers.add_helper(actor=actor, programme=t.programme, unit=t.tragiang, person=t.cadre2)
    assert codes(twice) == ["helper_exists"]


def test_only_the_districts_cadres_help_only_its_base_unions(followed):
    t = followed
    actor = t.users["district_standing"]
    with pytest.raises(DomainError) as refused:
        helpers.add_helper(actor=actor, programme=t.programme, unit=t.branch_trason, person=t.member_trason)
    assert codes(refused) == ["helper_unit_not_base", "helper_not_district_cadre"]
    assert refused.value.violation_fields == ["unit", "person"]
    with pytest.raises(DomainError):
        helpers.add_helper(actor=actor, programme=t.programme, unit=t.tragiang, person=t.tamky_secretary)
    for key in ("base_officer", "district_standing_tamky"):
        with pytest.raises(PermissionDenied):
            helpers.add_helper(actor=t.users[key], programme=t.programme, unit=t.tragiang, person=t.cadre2)
    assert not Helper.objects.exists()


def test_removing_a_helper_checks_the_version(followed):
    t = followed
    actor = t.users["district_standing"]
    helper = helpers.add_helper(actor=actor, programme=t.programme, unit=t.tragiang, person=t.cadre2)
    with pytest.raises(ConflictError):
        helpers.remove_helper(actor=actor, helper=helper, version=helper.version + 1)
    helpers.remove_helper(actor=actor, helper=helper, version=helper.version)
    assert not Helper.objects.exists()
    assert Helper.history.filter(history_type="-").get().history_user == actor


def test_the_pages_show_and_add_helpers(followed, client_for):
    t = followed
    p = t.programme.pk
    detail = client_for("district_standing").get(f"/programme/{p}/").content.decode()
    assert "Hồ Văn Anh" in detail and "15-QĐ/HĐTN" in detail and "Chưa có cán bộ giúp đỡ" in detail
    url = f"/programme/{p}/helpers/"
    page = client_for("district_standing").get(url).content.decode()
    # only the units followed by nobody are offered; only the district's cadres
    assert f'<option value="{t.tragiang.pk}">Đoàn xã Trà Giang</option>' in page
    assert f'<option value="{t.trason.pk}">' not in page
    assert "Lê Văn Bình" in page and "Đinh Thị Mai" not in page
    data = {"helper-unit": t.tragiang.pk, "helper-person": t.cadre2.pk, "helper-task": "Dự đợt I"}
    assert client_for("base_officer").post(url, data).status_code == 403
    assert client_for("district_standing").post(url, data).status_code == 302
    helper = Helper.objects.get()
    twice = client_for("district_standing").post(url, data)
    assert twice.context["form"].errors == {"person": ["Lê Văn Bình đã được phân công giúp đỡ Đoàn xã Trà Giang."]}
    assert 'value="Dự đợt I"' in twice.content.decode()  # what was typed is kept

    trason = client_for("base_officer").get(f"/programme/{p}/base/{t.trason.pk}/").content.decode()
    assert "Hồ Văn Anh" in trason and "phân công đi cơ sở" in trason
    tragiang = client_for("district_standing").get(f"/programme/{p}/base/{t.tragiang.pk}/").content.decode()
    assert "Lê Văn Bình" in tragiang and "Dự đợt I" in tragiang

    remove = {"remove": helper.pk, "version": helper.version}
    assert client_for("base_officer").post(url, remove).status_code == 403
    assert client_for("district_standing").post(url, remove).status_code == 302
    assert not Helper.objects.exists()
