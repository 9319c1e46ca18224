"""Pages: cancelling a placement, editing a plan's target groups (through the test client)."""

import datetime

import pytest
from django.utils import timezone

from coso.people.models import Evaluation
from coso.placements import selectors, services
from coso.placements.models import Placement, StepLog, TargetGroupRule

from .conftest import level, make_cadre

D = datetime.date
pytestmark = pytest.mark.django_db


def test_tckt_cancels_a_placement_with_reason_who_and_when(world, client_for):
    client = client_for("tckt_officer")
    url = f"/placements/placements/{world.p_an.pk}/cancel/"
    assert "cancel-form" in client.get(f"/placements/placements/{world.p_an.pk}/").content.decode()
    # No reason: refused next to the field, the typed date kept, nothing changed.
    response = client.post(url, {"reason": "", "on": "10/06/2019"})
    assert response.status_code == 200
    assert "Hủy đợt đào tạo thực tế phải ghi rõ lý do." in response.content.decode()
    assert response.context["cancel_form"]["on"].value() == "10/06/2019"
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(url, {"reason": "Ốm dài ngày", "on": tomorrow.strftime("%d/%m/%Y")})
    assert "Ngày hủy không được sau ngày hôm nay." in response.content.decode()
    assert Placement.objects.get(pk=world.p_an.pk).state == "active"

    response = client.post(url, {"reason": "Ốm dài ngày, phải điều trị", "on": "10/06/2019"})
    assert response.status_code == 302
    p = Placement.objects.get(pk=world.p_an.pk)
    assert (p.state, p.actual_end, p.cancel_reason) == ("cancelled", D(2019, 6, 10), "Ốm dài ngày, phải điều trị")
    assert p.cancelled_by == world.tree.users["tckt_officer"]
    step = StepLog.objects.filter(workflow="placement", object_id=p.pk).last()
    assert (step.from_state, step.to_state, step.comment) == ("active", "cancelled", "Ốm dài ngày, phải điều trị")
    text = client.get(f"/placements/placements/{p.pk}/").content.decode()
    assert "Đã hủy ngày 10/06/2019" in text and "Ốm dài ngày, phải điều trị" in text and "cancel-form" not in text
    # Nothing is due any more, and twice is refused.
    assert not [i for i in selectors.due_items(on=D(2019, 7, 10)) if i.placement.pk == p.pk]
    response = client.post(url, {"reason": "Lần nữa", "on": "11/06/2019"})
    assert "Không thể hủy khi đang ở trạng thái «Đã hủy»" in response.content.decode()


def test_a_cancelled_cadre_may_be_proposed_again(world):
    tckt = world.tree.users["tckt_officer"]
    services.cancel_placement(actor=tckt, placement=world.p_binh, reason="Chuyển công tác", on=D(2019, 4, 1))
    Evaluation.objects.create(person=world.binh, year=2019, level=level("HTTNV"))
    ylist = services.create_yearly_list(actor=tckt, plan=world.plan, year=2020)
    c = services.add_candidate(
        actor=tckt,
        yearly_list=ylist,
        person=world.binh,
        group=2,
        host=world.tree.tamky,
        host_title="standing_member",
        start_date=D(2020, 2, 3),
    )
    assert c.person == world.binh


@pytest.mark.parametrize("role, status", [("district_standing_tamky", 403), ("movement_cadre", 403)])
def test_only_tckt_or_the_standing_committee_cancels(world, client_for, role, status):
    """The host sees the placement but may not cancel it; nor may a movement cadre of the province."""
    client = client_for(role)
    page = client.get(f"/placements/placements/{world.p_binh.pk}/").content.decode()
    assert "cancel-form" not in page
    response = client.post(f"/placements/placements/{world.p_binh.pk}/cancel/", {"reason": "x", "on": "01/03/2019"})
    assert response.status_code == status
    assert Placement.objects.get(pk=world.p_binh.pk).state == "active"


def test_the_standing_committee_may_cancel_too(world, client_for):
    response = client_for("provincial_standing").post(
        f"/placements/placements/{world.p_binh.pk}/cancel/", {"reason": "Ban Thường vụ điều động", "on": "01/03/2019"}
    )
    assert response.status_code == 302
    assert Placement.objects.get(pk=world.p_binh.pk).cancelled_by == world.tree.users["provincial_standing"]


def _form_data(client, url):
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["needs_party_agreement"] = "on" if data.get("needs_party_agreement") else ""
    return data


def test_edit_a_target_group_with_optimistic_locking(world, client_for):
    client = client_for("tckt_officer")
    plan_page = client.get(f"/placements/plans/{world.plan.pk}/").content.decode()
    assert "Sửa đối tượng 2" in plan_page and "Ủy viên Ban Thường vụ, Ủy viên Ban Chấp hành" in plan_page
    url = f"/placements/plans/{world.plan.pk}/groups/2/edit/"
    data = _form_data(client, url)
    assert data["position"] == "department_staff" and data["host_titles"] == ["standing_member", "executive_member"]
    data.update(host_titles=["deputy_secretary", "standing_member"], needs_party_agreement="on", name="Cán bộ các ban")
    assert client.post(url, data).status_code == 302
    rule = TargetGroupRule.objects.get(plan=world.plan, group=2)
    assert (rule.name, rule.host_titles, rule.needs_party_agreement) == (
        "Cán bộ các ban",
        ["deputy_secretary", "standing_member"],
        True,
    )
    assert "Phó Bí thư, Ủy viên Ban Thường vụ" in client.get(f"/placements/plans/{world.plan.pk}/").content.decode()
    # The same stale form: refused, nothing overwritten, what was typed kept.
    data.update(name="Tên khác")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Bản ghi đã được người khác sửa" in response.content.decode()
    assert response.context["form"]["name"].value() == "Tên khác"
    assert TargetGroupRule.objects.get(pk=rule.pk).name == "Cán bộ các ban"
    # The new post at the host is what the rules now accept, the old one is refused.
    ylist = services.create_yearly_list(actor=world.tree.users["tckt_officer"], plan=world.plan, year=2020)
    dung = make_cadre(world.tree, "Phan Văn Dũng", group=2, evaluations={2017: "HTTNV", 2018: "HTTNV", 2019: "HTTNV"})
    with pytest.raises(Exception) as refused:
        services.add_candidate(
            actor=world.tree.users["tckt_officer"],
            yearly_list=ylist,
            person=dung,
            group=2,
            host=world.tree.tamky,
            host_title="executive_member",
            start_date=D(2020, 2, 3),
        )
    assert "Đối tượng 2 được cử ở vị trí: Phó Bí thư, Ủy viên Ban Thường vụ." in str(refused.value)


def test_group_edit_refusals_are_shown_next_to_the_fields(world, client_for):
    client = client_for("tckt_officer")
    url = f"/placements/plans/{world.plan.pk}/groups/1/edit/"
    data = _form_data(client, url)
    data.update(name="", planned_titles=[], host_titles=[])
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"] == ["Phải ghi mô tả đối tượng."]
    assert form.errors["planned_titles"] == ["Phải chọn ít nhất một chức danh quy hoạch."]
    assert form.errors["host_titles"] == ["Phải chọn ít nhất một vị trí tại cơ sở."]
    # A pending list holds a cadre at a post the edit would remove: refused with the name.
    tckt = world.tree.users["tckt_officer"]
    ylist = services.create_yearly_list(actor=tckt, plan=world.plan, year=2020)
    tu = make_cadre(world.tree, "Đinh Văn Tú", group=1, evaluations={2017: "HTTNV", 2018: "HTTNV", 2019: "HTTNV"})
    services.add_candidate(
        actor=tckt,
        yearly_list=ylist,
        person=tu,
        group=1,
        host=world.tree.tamky,
        host_title="deputy_secretary",
        start_date=D(2020, 2, 3),
    )
    data = _form_data(client, url)
    data.update(host_titles=["standing_member"])
    response = client.post(url, data)
    assert "Danh sách năm 2020 đã đề xuất Đinh Văn Tú ở vị trí «Phó Bí thư»" in response.content.decode()
    assert TargetGroupRule.objects.get(plan=world.plan, group=1).host_titles == ["deputy_secretary"]


def test_a_new_group_changes_who_is_eligible(world, client_for):
    """Rules are data: a third group (any agency cadre planned deputy head) makes eligible a
    cadre who was in no group."""
    tckt = world.tree.users["tckt_officer"]
    nam = make_cadre(world.tree, "Mai Văn Nam", group=None)
    from coso.people.models import Planning, PostTitle, Term

    Planning.objects.create(
        person=nam,
        unit=world.tree.province,
        title=PostTitle.DEPUTY_HEAD_OF_DEPARTMENT,
        term=Term.objects.get(start_year=2017),
    )
    before = selectors.eligibility_for(actor=tckt, plan=world.plan, person=nam, start_date=D(2019, 1, 15))
    assert [r.code for r in before.failures] == ["not_in_target_group"]
    client = client_for("tckt_officer")
    url = f"/placements/plans/{world.plan.pk}/groups/add/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Cán bộ cơ quan trong quy hoạch Phó Trưởng ban",
            "position": "any",
            "planned_titles": ["deputy_head_of_department"],
            "host_titles": ["executive_member"],
        },
    )
    assert response.status_code == 302
    assert "Sửa đối tượng 3" in client.get(f"/placements/plans/{world.plan.pk}/").content.decode()
    after = selectors.eligibility_for(actor=tckt, plan=world.plan, person=nam, start_date=D(2019, 1, 15))
    assert after.eligible and after.group == 3


def test_a_movement_cadre_sees_the_groups_but_may_not_edit_them(world, client_for):
    client = client_for("movement_cadre")
    page = client.get(f"/placements/plans/{world.plan.pk}/").content.decode()
    assert "Đối tượng 2" in page and "Sửa đối tượng" not in page
    assert client.get(f"/placements/plans/{world.plan.pk}/groups/2/edit/").status_code == 403
    assert client.post(f"/placements/plans/{world.plan.pk}/groups/add/", {"name": "x"}).status_code == 403
