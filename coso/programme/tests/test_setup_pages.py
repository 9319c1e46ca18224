"""Editing a programme from its pages: a round's dates and theme, a criterion's wording,
description and points, removing a criterion no registration uses yet — with the version the
page was opened on, refusals beside their fields, managers of the owner only."""

from coso.programme import services
from coso.programme.models import Criterion

from .conftest import at, criteria_for


def test_the_district_edits_a_round(btm, client_for):
    rnd = btm.rounds[0]
    url = f"/programme/rounds/{rnd.pk}/edit/"
    assert f'href="{url}"' in client_for("district_standing").get(f"/programme/{btm.programme.pk}/").content.decode()
    page = client_for("district_standing").get(url).content.decode()
    assert 'value="01/03/2014"' in page and "Vì lý tưởng cộng sản" in page
    data = {"starts_on": "01/03/2014", "ends_on": "31/03/2014", "theme": "Tháng Ba biên giới", "version": rnd.version}
    outside = client_for("district_standing").post(url, dict(data, starts_on="01/12/2013"))
    assert outside.status_code == 200
    assert outside.context["form"].errors == {
        "starts_on": ["Đợt phải nằm trong thời gian của khối (01/03/2014 – 31/12/2014)."]
    }
    assert 'value="Tháng Ba biên giới"' in outside.content.decode()  # kept
    assert client_for("district_standing").post(url, data).status_code == 302
    rnd.refresh_from_db()
    assert (rnd.theme, rnd.ends_on.day) == ("Tháng Ba biên giới", 31)
    # a second page opened on the old version overwrites nothing
    stale = client_for("district_standing").post(url, dict(data, theme="Bản cũ"))
    assert "người khác sửa" in stale.content.decode()
    rnd.refresh_from_db()
    assert rnd.theme == "Tháng Ba biên giới"


def test_only_the_owners_managers_edit(btm, client_for):
    rnd, criterion = btm.rounds[0], Criterion.objects.filter(programme=btm.programme).first()
    for role in ("base_officer", "branch_officer", "member"):
        assert client_for(role).get(f"/programme/rounds/{rnd.pk}/edit/").status_code == 403
        assert client_for(role).get(f"/programme/criteria/{criterion.pk}/edit/").status_code == 403
        assert client_for(role).post(f"/programme/criteria/{criterion.pk}/remove/").status_code == 403
        assert (
            'data-testid="edit-round"' not in client_for(role).get(f"/programme/{btm.programme.pk}/").content.decode()
        )
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_a_registered_criterion_is_reworded_but_not_removed(registered, client_for):
    used = registered.reg1.items.order_by("position").first().criterion
    url = f"/programme/criteria/{used.pk}/edit/"
    page = client_for("district_standing").get(url).content.decode()
    assert "2 phiếu đăng ký đã chọn tiêu chí này" in page
    data = {"title": "Học tập, quán triệt Nghị quyết", "description": "Dự đủ các buổi học", "is_active": "on"}
    assert client_for("district_standing").post(url, dict(data, version=used.version)).status_code == 302
    used.refresh_from_db()
    assert (used.title, used.description) == ("Học tập, quán triệt Nghị quyết", "Dự đủ các buổi học")
    refused = client_for("district_standing").post(
        f"/programme/criteria/{used.pk}/remove/", {"version": used.version}, follow=True
    )
    assert "đã được 2 phiếu đăng ký chọn nên không xoá được" in refused.content.decode()
    assert Criterion.objects.filter(pk=used.pk).exists()


def test_an_unused_criterion_is_added_and_removed(btm, client_for):
    client = client_for("district_standing")
    add = f"/programme/{btm.programme.pk}/add/criterion/"
    data = {"criterion-code": "X-1", "criterion-kind": "action", "criterion-title": "Trồng cây xanh"}
    assert client.post(add, data).status_code == 302
    created = Criterion.objects.get(programme=btm.programme, code="X-1")
    stale = client.post(f"/programme/criteria/{created.pk}/remove/", {"version": created.version + 1}, follow=True)
    assert "người khác sửa" in stale.content.decode() and Criterion.objects.filter(pk=created.pk).exists()
    assert client.post(f"/programme/criteria/{created.pk}/remove/", {"version": created.version}).status_code == 302
    assert not Criterion.objects.filter(pk=created.pk).exists()
    assert criteria_for(btm.programme, "dia-ban-dan-cu", "action")  # the rest of the catalogue stays


def test_points_of_a_criterion_are_edited_within_its_groups_cap(tree, client_for):
    actor = tree.users["district_standing"]
    programme = services.create_programme(
        actor=actor, owner=tree.bactramy, year=2015, name="Chấm điểm 2015", mode="points", max_points=100
    )
    services.add_track(
        actor=actor,
        programme=programme,
        kind="general",
        name="Chung",
        starts_on=at(2015, 1, 1).date(),
        ends_on=at(2015, 12, 31).date(),
    )
    cap = services.add_points_group(actor=actor, programme=programme, code="N1", name="Học tập", max_points=20)
    criterion = services.add_criterion(
        actor=actor,
        programme=programme,
        code="A1",
        kind="training",
        title="Học nghị quyết",
        points_group=cap,
        max_points=15,
    )
    url = f"/programme/criteria/{criterion.pk}/edit/"
    data = {"title": "Học nghị quyết", "points_group": cap.pk, "max_points": "25", "is_active": "on"}
    over = client_for("district_standing").post(url, dict(data, version=criterion.version))
    assert over.context["form"].errors == {"max_points": ["Điểm tối đa 25 vượt mức của nhóm «Học tập» (20)."]}
    assert (
        client_for("district_standing").post(url, dict(data, max_points="18", version=criterion.version)).status_code
        == 302
    )
    criterion.refresh_from_db()
    assert criterion.max_points == 18
