"""/api/persons/{id}/<kind>: records under a person through the API (issue 12)."""

from coso.people.models import DisciplineRecord, TrainingRecord


def test_api_adds_lists_edits_and_deletes_records(tree, api_as):
    api = api_as("tckt_officer")
    url = f"/api/persons/{tree.movement_cadre.pk}/trainings"
    response = api.post(url, {"kind": "youth_work", "name": "Bồi dưỡng cán bộ Đoàn", "start_date": "2024-05-06"})
    assert response.status_code == 201, response.content
    training = response.json()
    assert (training["kind_label"], training["completed"], training["version"]) == ("Nghiệp vụ công tác Đoàn", False, 1)
    bad = api.post(url, {"kind": "youth_work", "name": "X", "start_date": "2024-05-06", "end_date": "2024-05-01"})
    assert bad.status_code == 400 and bad.json()["field"] == "end_date"
    assert bad.json()["message"] == "Ngày kết thúc không thể trước ngày bắt đầu."
    response = api.patch(
        f"{url}/{training['id']}", {"version": 1, "end_date": "2024-05-10", "completed": True, "result": "Giỏi"}
    )
    assert response.status_code == 200 and response.json()["result"] == "Giỏi"
    assert api.patch(f"{url}/{training['id']}", {"version": 1, "result": "Khá"}).status_code == 409
    assert [r["name"] for r in api.get(url).json()] == ["Bồi dưỡng cán bộ Đoàn"]
    assert api.request("DELETE", f"{url}/{training['id']}").status_code == 204
    assert not TrainingRecord.objects.filter(person=tree.movement_cadre).exists()


def test_api_sensitive_records_only_with_the_right(tree, api_as):
    url = f"/api/persons/{tree.btm_secretary.pk}/discipline"
    district = api_as("district_standing")
    assert district.post(url, {"status": "review", "start_date": "2024-05-06"}).status_code == 403
    assert district.get(url).status_code == 403
    tckt = api_as("tckt_officer")
    assert tckt.post(url, {"status": "review", "start_date": "2024-05-06"}).status_code == 201
    assert [r["status_label"] for r in tckt.get(url).json()] == ["Đang xem xét kỷ luật"]
    assert DisciplineRecord.objects.filter(person=tree.btm_secretary).count() == 1
    pregnancy = tckt.post(f"/api/persons/{tree.btm_secretary.pk}/pregnancies", {"start_date": "2024-05-06"})
    assert pregnancy.status_code == 400 and pregnancy.json()["code"] == "pregnancy_male"
