"""Records under a person — posts, certificates, trainings, discipline, children, pregnancies —
entered by their officer from the person's page and the API, through one service (issue 12)."""

import datetime

import pytest

from coso.core.errors import ConflictError, DomainError, OutOfScope
from coso.people import services
from coso.people.models import Certificate, DisciplineRecord, Post

D = datetime.date


def test_a_certificate_through_the_service_with_its_rules_and_history(tree):
    actor = tree.users["tckt_officer"]
    with pytest.raises(DomainError) as err:
        services.add_record(actor=actor, person=tree.movement_cadre, record_kind="certificates", name=" ")
    assert [(f, c) for (c, _m), f in zip(err.value.violations, err.value.violation_fields, strict=True)] == [
        ("kind", "required"),
        ("name", "required"),
    ]
    assert [m for _c, m in err.value.violations] == ["Phải ghi loại.", "Phải ghi tên văn bằng, chứng chỉ."]
    cert = services.add_record(
        actor=actor,
        person=tree.movement_cadre,
        record_kind="certificates",
        kind="language",
        name="Tiếng Anh",
        level="B1",
        issuer="Đại học Đà Nẵng",
        issued_on=D(2020, 5, 4),
    )
    assert (cert.level, cert.issuer, cert.version) == ("B1", "Đại học Đà Nẵng", 1)
    cert = services.update_record(actor=actor, record=cert, record_kind="certificates", version=1, level="B2")
    assert cert.level == "B2" and cert.history.count() == 2 and cert.history.first().history_user == actor
    with pytest.raises(ConflictError):
        services.update_record(actor=actor, record=cert, record_kind="certificates", version=1, level="C1")
    with pytest.raises(OutOfScope):  # Bắc Trà My's officer, on a provincial cadre
        services.add_record(
            actor=tree.users["district_standing"],
            person=tree.movement_cadre,
            record_kind="certificates",
            kind="it",
            name="Tin học",
        )


def test_discipline_needs_the_right_to_see_sensitive_facts(tree):
    with pytest.raises(OutOfScope):  # a district's standing officer edits people but sees no sensitive facts
        services.add_record(
            actor=tree.users["district_standing"],
            person=tree.btm_secretary,
            record_kind="discipline",
            status="review",
            start_date=D(2024, 3, 1),
        )
    record = services.add_record(
        actor=tree.users["tckt_officer"],
        person=tree.btm_secretary,
        record_kind="discipline",
        status="disciplined",
        form="Khiển trách",
        start_date=D(2024, 3, 1),
        end_date=D(2025, 3, 1),
        decision_number="12-QĐ/TĐTN",
    )
    assert record.is_active_on(D(2024, 6, 1)) and record.decision_number == "12-QĐ/TĐTN"
    with pytest.raises(DomainError) as err:
        services.update_record(
            actor=tree.users["tckt_officer"], record=record, record_kind="discipline", version=0, end_date=D(2023, 1, 1)
        )
    assert err.value.code == "ends_before_start" and err.value.field == "end_date"


def test_a_post_in_a_unit_outside_ones_scope_is_refused(tree):
    with pytest.raises(OutOfScope):
        services.add_record(
            actor=tree.users["district_standing"],
            person=tree.btm_secretary,
            record_kind="posts",
            unit=tree.tamky,
            body="bch",
            title="executive_member",
            start_date=D(2022, 9, 1),
        )
    post = services.add_record(
        actor=tree.users["district_standing"],
        person=tree.btm_secretary,
        record_kind="posts",
        unit=tree.bactramy,
        body="btv",
        title="standing_member",
        start_date=D(2022, 9, 1),
    )
    assert Post.objects.get(pk=post.pk).get_title_display() == "Ủy viên Ban Thường vụ"


def test_person_page_adds_and_edits_a_certificate(tree, client_for):
    client = client_for("tckt_officer")
    person = tree.movement_cadre
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert 'data-testid="records-certificates"' in page and 'data-testid="records-discipline"' in page
    response = client.post(f"/people/{person.pk}/certificates/add/", {"kind": "language", "name": "", "level": "B1"})
    assert response.status_code == 200
    assert "Phải ghi tên văn bằng, chứng chỉ." in response.content.decode()
    response = client.post(
        f"/people/{person.pk}/certificates/add/",
        {"kind": "language", "name": "Tiếng Anh", "level": "B1", "issuer": "ĐH Đà Nẵng", "issued_on": "04/05/2020"},
    )
    assert response.status_code == 302
    cert = Certificate.objects.get(person=person)
    assert cert.issued_on == D(2020, 5, 4)
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert "Tiếng Anh · B1 · ĐH Đà Nẵng · 04/05/2020" in page
    edit = f"/people/{person.pk}/certificates/{cert.pk}/edit/"
    data = {"kind": "language", "name": "Tiếng Anh", "level": "B2", "issuer": "", "issued_on": "04/05/2020"}
    assert client.post(edit, dict(data, version=1)).status_code == 302
    stale = client.post(edit, dict(data, level="C1", version=1))
    assert "người khác sửa" in stale.content.decode()
    assert Certificate.objects.get(pk=cert.pk).level == "B2"
    assert client.post(f"/people/{person.pk}/certificates/{cert.pk}/delete/", {"version": 2}).status_code == 302
    assert not Certificate.objects.filter(pk=cert.pk).exists()


def test_person_page_hides_discipline_without_the_right(tree, client_for):
    DisciplineRecord.objects.create(
        person=tree.btm_secretary, status="review", start_date=D(2024, 3, 1), form="Cảnh cáo"
    )
    page = client_for("district_standing").get(f"/people/{tree.btm_secretary.pk}/").content.decode()
    assert "Cảnh cáo" not in page and 'data-testid="records-discipline"' not in page
    assert client_for("district_standing").get(f"/people/{tree.btm_secretary.pk}/discipline/add/").status_code == 403
    assert "Cảnh cáo" in client_for("tckt_officer").get(f"/people/{tree.btm_secretary.pk}/").content.decode()


def test_person_page_queries_do_not_grow_with_records(tree, client_for, django_assert_max_num_queries):
    client = client_for("tckt_officer")
    for n in range(5):
        Certificate.objects.create(person=tree.movement_cadre, kind="it", name=f"Tin học {n}")
        Post.objects.create(
            person=tree.movement_cadre,
            unit=tree.province,
            body="bch",
            title="executive_member",
            start_date=D(2020, 1, n + 1),
        )
    with django_assert_max_num_queries(40):
        assert client.get(f"/people/{tree.movement_cadre.pk}/").status_code == 200
