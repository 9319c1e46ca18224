"""The home page's field-training items: what each viewer must act on, in a number of queries
that does not grow with the placements in their scope."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coso.accounts.models import User
from coso.placements import services
from coso.placements.attention import placements_attention

from .conftest import decided_list, make_cadre

D = datetime.date
pytestmark = pytest.mark.django_db
EVALS = {2017: "HTTNV", 2018: "HTTNV", 2019: "HTXSNV"}


def _measure(user):
    user = User.objects.get(pk=user.pk)  # a fresh object: the grants are loaded again, as on a request
    with CaptureQueriesContext(connection) as ctx:
        items = placements_attention(user)
    return len(ctx.captured_queries), items


def _more_placements(world, count):
    """``count`` more cadres placed in Bắc Trà My in 2020, each with the 6-month report filed."""
    tckt = world.tree.users["tckt_officer"]
    services.update_plan(actor=tckt, plan=world.plan, version=world.plan.version, yearly_cap=count)
    people = [
        make_cadre(world.tree, f"Trần Văn {given}", birth=(1994, 1, 1), evaluations=EVALS)
        for given in ("Bảo", "Cường", "Dũng", "Giang", "Hiếu", "Khánh", "Long", "Minh")[:count]
    ]
    decided_list(world.tree, world.plan, [(p, 2, world.tree.bactramy) for p in people], year=2020, start=D(2020, 1, 15))
    for person in people:
        report = person.placements.get().reports.get(sequence=1)
        report = services.save_report(
            actor=tckt, report=report, version=report.version, contributions="a", problems="b", proposals="c"
        )
        services.submit_report(actor=tckt, report=report)


def test_each_viewer_sees_what_they_must_do(world):
    users = world.tree.users
    _n, host = _measure(users["district_standing"])
    # Both of An's rounds are long past (2019–2020): both evaluations are late.
    assert [i.title.split(" – ")[:2] for i in host] == [
        ["Đào tạo thực tế: Nhận xét của nơi đến định kỳ 6 tháng lần 1", "Nguyễn Văn An"],
        ["Đào tạo thực tế: Nhận xét của nơi đến kết thúc lần 2", "Nguyễn Văn An"],
    ]
    assert all(i.level == "danger" and "/placements/evaluations/" in i.url for i in host)
    _n, tamky = _measure(users["district_standing_tamky"])
    assert {i.title.split(" – ")[1] for i in tamky} == {"Trần Thị Bình"}
    _n, mine = _measure(world.an_user)
    assert len(mine) == 1 and mine[0].title.startswith("Đào tạo thực tế: Báo cáo định kỳ 6 tháng lần 1 – Nguyễn Văn An")
    # The province's officers are no host: they see what waits for TCKT, not every evaluation.
    _n, province = _measure(users["provincial_standing"])
    assert province == []
    _more_placements(world, 2)
    _n, tckt = _measure(users["tckt_officer"])
    assert [i.title for i in tckt] == ["2 báo cáo, nhận xét đào tạo thực tế chờ tiếp nhận"]


@pytest.mark.parametrize("role", ["district_standing", "tckt_officer", "provincial_standing", "system_admin"])
def test_attention_queries_do_not_grow_with_the_placements(world, role, django_assert_max_num_queries):
    user = world.tree.admin if role == "system_admin" else world.tree.users[role]
    before, items_before = _measure(user)
    _more_placements(world, 8)
    fresh = User.objects.get(pk=user.pk)
    with django_assert_max_num_queries(before):
        placements_attention(fresh)
    after, items_after = _measure(user)
    assert after == before <= 8
    if role == "district_standing":  # eight more evaluations to write, same queries
        assert len(items_after) == len(items_before) + 8 * 2  # both rounds of each, long past
    if role in ("tckt_officer", "provincial_standing"):
        assert items_after[-1].title == "8 báo cáo, nhận xét đào tạo thực tế chờ tiếp nhận"
