"""In points mode the branch screen has a points box beside each item: a "partly" carries the
points the committee gives, starting from the member's own figure, never a guessed one."""

from coso.programme import services
from coso.programme.models import AssessmentItem, Programme

from .conftest import D, at


def test_the_branch_gives_points_for_partly_done_items(btm, client_for):
    manager = btm.users["district_standing"]
    programme = services.create_programme(
        actor=manager, owner=btm.bactramy, year=2024, name="Quốc gia", mode=Programme.Mode.POINTS
    )
    track = services.add_track(
        actor=manager,
        programme=programme,
        kind="general",
        name="Chung",
        starts_on=D(2024, 1, 1),
        ends_on=D(2024, 12, 31),
    )
    rnd = services.add_round(actor=manager, track=track, number=1, starts_on=D(2024, 3, 1), ends_on=D(2024, 3, 31))
    group = services.add_points_group(actor=manager, programme=programme, code="N1", name="Tình nguyện", max_points=20)
    a, b = (
        services.add_criterion(
            actor=manager, programme=programme, code=code, kind="action", title=title, points_group=group, max_points=10
        )
        for code, title in (("A", "Hiến máu"), ("B", "Chủ nhật xanh"))
    )
    reg = services.register(
        actor=btm.users["member"],
        programme=programme,
        submit=True,
        now=at(2024, 2, 1),
        items=[{"criterion": a, "commitment": "Hiến máu 2 lần"}, {"criterion": b, "commitment": "Tham gia 4 buổi"}],
    )
    assessment = services.self_assess(
        actor=btm.users["member"],
        registration=reg,
        round=rnd,
        now=at(2024, 3, 20),
        items={a.pk: "done", b.pk: {"status": "partly", "points": 6}},
    )
    url = f"/programme/{programme.pk}/branch/{btm.branch_trason.pk}/?round={rnd.pk}"
    page = client_for("branch_officer").get(url).content.decode()
    # the box starts from the member's own 6 points; the done item's box is empty
    assert f'name="p_{assessment.pk}_{b.pk}" value="6"' in page
    assert f'name="p_{assessment.pk}_{a.pk}" value=""' in page
    assert "(6 điểm)" in page and "đăng ký 10 điểm" in page

    data = {
        "action": "evaluate",
        f"r_{assessment.pk}": "good",
        f"v_{assessment.pk}": assessment.version,
        f"b_{assessment.pk}_{a.pk}": "partly",
        f"p_{assessment.pk}_{a.pk}": "",
        f"b_{assessment.pk}_{b.pk}": "partly",
        f"p_{assessment.pk}_{b.pk}": "4",
    }
    refused = client_for("branch_officer").post(url, data)
    body = refused.content.decode()
    assert refused.status_code == 200 and "Hiến máu" in body and "cần ghi số điểm đạt được" in body
    assert f'name="p_{assessment.pk}_{b.pk}" value="4"' in body  # what was typed is kept
    data[f"p_{assessment.pk}_{a.pk}"] = "7"
    assert client_for("branch_officer").post(url, data).status_code == 302
    marks = dict(AssessmentItem.objects.filter(assessment=assessment).values_list("criterion_id", "branch_points"))
    assert marks == {a.pk: 7, b.pk: 4}
