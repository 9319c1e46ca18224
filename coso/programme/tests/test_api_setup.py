"""/api/programme/: editing rounds and criteria, removing an unused criterion, and the helpers
of base units — with the same rules, versions and scopes as the pages."""

import pytest

from coso.programme.models import Criterion, Helper
from coso.visits import services as visits
from tests.builders import person

from .conftest import D
from .test_api import Api, codes, ok


@pytest.fixture
def api(btm):
    return lambda key: Api(btm.users[key])


def delete(client, url):
    return client.call("delete", url)


def test_rounds_and_criteria_are_edited_with_their_version(registered, api):
    manager = api("district_standing")
    rnd = registered.rounds[0]
    edited = ok(
        manager.put(f"/rounds/{rnd.pk}", {"version": rnd.version, "theme": "Tháng Ba", "ends_on": "2014-03-30"})
    )
    assert (edited["theme"], edited["ends_on"], edited["starts_on"]) == ("Tháng Ba", "2014-03-30", "2014-03-01")
    assert manager.put(f"/rounds/{rnd.pk}", {"version": rnd.version, "theme": "Cũ"}).status_code == 409
    outside = manager.put(f"/rounds/{rnd.pk}", {"version": edited["version"], "starts_on": "2013-12-01"})
    assert outside.status_code == 400 and outside.json()["violations"][0]["field"] == "starts_on"
    assert api("base_officer").put(f"/rounds/{rnd.pk}", {"version": edited["version"]}).status_code == 403

    used = registered.reg1.items.first().criterion
    body = {"version": used.version, "title": "Học tập Nghị quyết", "description": "Dự đủ các buổi"}
    assert ok(manager.put(f"/criteria/{used.pk}", body))["title"] == "Học tập Nghị quyết"
    refused = delete(manager, f"/criteria/{used.pk}")
    assert refused.status_code == 400 and codes(refused) == ["criterion_in_use"]
    unused = Criterion.objects.filter(programme=registered.programme, registration_items__isnull=True).first()
    assert delete(api("base_officer"), f"/criteria/{unused.pk}").status_code == 403
    assert delete(manager, f"/criteria/{unused.pk}?version={unused.version + 1}").status_code == 409
    assert delete(manager, f"/criteria/{unused.pk}").status_code == 204
    assert not Criterion.objects.filter(pk=unused.pk).exists()


def test_helpers_of_base_unions(btm, api):
    actor = btm.users["district_standing"]
    decision = visits.record_decision(actor=actor, owner=btm.bactramy, number="15-QĐ/HĐTN", decided_on=D(2014, 1, 6))
    visits.assign(actor=actor, decision=decision, cadre=btm.btm_secretary, units=[btm.trason])
    cadre = person(btm.bactramy, "Lê Văn Bình", birth=(1992, 5, 5), is_cadre=True)
    manager = api("district_standing")
    url = f"/programmes/{btm.programme.pk}/helpers"
    rows = {r["unit_name"]: r for r in ok(manager.get(url))}
    assert [f["person_name"] for f in rows["Đoàn xã Trà Sơn"]["followers"]] == ["Hồ Văn Anh"]
    assert rows["Đoàn xã Trà Sơn"]["followers"][0]["decision"] == "15-QĐ/HĐTN"
    assert rows["Đoàn xã Trà Giang"] == {
        "unit_id": btm.tragiang.pk,
        "unit_name": "Đoàn xã Trà Giang",
        "followers": [],
        "helpers": [],
    }
    followed = manager.post(url, {"unit_id": btm.trason.pk, "person_id": cadre.pk})
    assert followed.status_code == 400 and followed.json()["violations"][0]["field"] == "unit"
    assert api("base_officer").post(url, {"unit_id": btm.tragiang.pk, "person_id": cadre.pk}).status_code == 403
    created = ok(manager.post(url, {"unit_id": btm.tragiang.pk, "person_id": cadre.pk, "task": "Dự đợt I"}), 201)
    assert (created["person_name"], created["task"]) == ("Lê Văn Bình", "Dự đợt I")
    rows = {r["unit_name"]: r for r in ok(api("base_officer").get(url))}
    assert list(rows) == ["Đoàn xã Trà Sơn"]  # the base officer sees their own union only
    assert delete(manager, f"/helpers/{created['id']}?version={created['version'] + 1}").status_code == 409
    assert delete(manager, f"/helpers/{created['id']}").status_code == 204
    assert not Helper.objects.exists()
