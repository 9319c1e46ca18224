"""Issue 11 point 1, for field training: each placement has one host, so a host district reads
its own placements whole (reports, evaluations, papers) and nothing of the placements hosted by
another district, nor the yearly list and decision that name every placement of the province.

The 2019 list: Nguyễn Văn An in Bắc Trà My, Trần Thị Bình in Tam Kỳ."""

import pytest

pytestmark = pytest.mark.django_db


def _pages(placement):
    report, evaluation = placement.reports.first(), placement.evaluations.first()
    return [
        f"/placements/placements/{placement.pk}/",
        f"/placements/reports/{report.pk}/",
        f"/placements/reports/{report.pk}/paper.docx",
        f"/placements/evaluations/{evaluation.pk}/",
        f"/placements/evaluations/{evaluation.pk}/form.docx",
    ]


def test_a_host_reads_its_own_placement_and_nothing_of_the_other_hosts(world, client):
    client.force_login(world.tree.users["district_standing_tamky"])
    for url in _pages(world.p_binh):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/placements/placements/{world.p_binh.pk}/").content.decode()
    assert "Trần Thị Bình" in page and "Nguyễn Văn An" not in page and "Bắc Trà My" not in page
    for url in _pages(world.p_an) + [
        f"/placements/lists/{world.ylist.pk}/",
        f"/placements/lists/{world.ylist.pk}/decision.docx",
        f"/placements/plans/{world.plan.pk}/report/",
    ]:
        assert client.get(url).status_code == 404, url


def test_the_agency_reads_both(world, client):
    client.force_login(world.tree.users["tckt_officer"])
    for url in _pages(world.p_an) + _pages(world.p_binh):
        assert client.get(url).status_code == 200, url
