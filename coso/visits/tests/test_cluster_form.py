"""Emulation clusters set up from the visits management pages (issue 12, point 1)."""

import datetime

from coso.org.models import Cluster
from coso.people.models import Post


def test_the_province_sets_up_a_cluster_from_the_pages(tree, client_for):
    client = client_for("provincial_standing")
    page = client.get("/visits/clusters/?year=2023").content.decode()
    assert f"/visits/org/{tree.province.pk}/clusters/2023/add/" in page
    url = f"/visits/org/{tree.province.pk}/clusters/2023/add/"
    Post.objects.create(
        person=tree.tckt_cadre,
        unit=tree.province,
        body="btv",
        title="standing_member",
        start_date=datetime.date(2022, 10, 1),
    )
    response = client.post(url, {"name": "", "units": [tree.tamky.pk], "leader": tree.secretary.pk})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Hãy ghi tên cụm." in text and "Hãy chọn cụm phó." in text
    response = client.post(
        url,
        {
            "name": "Cụm miền núi",
            "units": [tree.tamky.pk, tree.bactramy.pk],
            "leader": tree.secretary.pk,
            "deputy": tree.tckt_cadre.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()
    cluster = Cluster.objects.get(year=2023, name="Cụm miền núi")
    assert set(cluster.units.values_list("pk", flat=True)) == {tree.tamky.pk, tree.bactramy.pk}
    edit = f"/visits/clusters/{cluster.pk}/edit/"
    data = {"name": "Cụm 1", "units": [tree.bactramy.pk], "leader": tree.secretary.pk, "deputy": tree.tckt_cadre.pk}
    assert client.post(edit, dict(data, version=cluster.version)).status_code == 302
    stale = client.post(edit, dict(data, name="Cụm 2", version=cluster.version))
    assert "người khác sửa" in stale.content.decode()
    assert Cluster.objects.get(pk=cluster.pk).name == "Cụm 1"


def test_a_district_cannot_set_up_the_provinces_clusters(tree, client_for):
    client = client_for("district_standing")
    assert client.get(f"/visits/org/{tree.province.pk}/clusters/2023/add/").status_code in (403, 404)
