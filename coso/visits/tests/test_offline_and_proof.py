"""Field-ready visits (issue 10): the id the phone gives a visit makes a resend the same visit
(API 200, never a second row, even sent concurrently); the phone's location is stored with
its distance to the unit and the badge it proves; the offline context; photos."""

import base64
import json
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client

from coso.accounts.models import ApiToken
from coso.visits import rules, services
from coso.visits.models import Proof, Visit, VisitPhoto, VisitPolicy

from .conftest import D

# Trà Sơn's union (Bắc Trà My) as the official lists place it, and points near and far.
TRA_SON = (15.2667, 108.2167)
NEAR = (15.2800, 108.2300)  # about 2 km away
FAR = (15.6300, 108.2167)  # about 40 km north
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + b"\x00" * 64


def api(user):
    _token, key = ApiToken.issue(user, "test")
    client = Client()

    def call(method, url, body=None):
        kwargs = {"headers": {"Authorization": f"Bearer {key}"}}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(client, method.lower())(url, **kwargs)

    return call


def _payload(t, client_id, **extra):
    return {
        "client_id": str(client_id),
        "cadre_id": t.movement_cadre.pk,
        "unit_id": t.trason.pk,
        "start_date": "2013-03-12",
        "form": "nam_tinh_hinh",
        "content": "Nắm tình hình thôn 1",
        **extra,
    }


@pytest.fixture
def located(qn):
    qn.trason.latitude, qn.trason.longitude = TRA_SON
    qn.trason.save()
    return qn


# --------------------------------------------------------------------------- rules


def test_distance_is_the_great_circle_distance():
    # one degree of latitude is about 111.2 km; Tam Kỳ to Hội An about 37 km
    assert 111_100 < rules.distance_m(0, 0, 1, 0) < 111_300
    assert 36_000 < rules.distance_m(15.5736, 108.4740, 15.8801, 108.3380) < 38_000
    assert rules.distance_m(*TRA_SON, *TRA_SON) == 0


@pytest.mark.parametrize(
    ("position", "reference", "expected"),
    [
        (None, TRA_SON, "none"),
        (rules.Position(*NEAR, 20), None, "no_reference"),
        (rules.Position(*NEAR, 20), TRA_SON, "near"),
        (rules.Position(*FAR, 20), TRA_SON, "far"),
        (rules.Position(*NEAR, 3000), TRA_SON, "low_accuracy"),
        (rules.Position(*NEAR, None), TRA_SON, "low_accuracy"),
        # 40 km away with a 3 km error is still clearly far
        (rules.Position(*FAR, 3000), TRA_SON, "far"),
    ],
)
def test_location_proof(position, reference, expected):
    proof, _distance = rules.location_proof(position=position, reference=reference, radius_km=5, max_accuracy_m=1000)
    assert proof == expected


def test_a_position_off_the_earth_is_refused_and_a_missing_one_only_when_required():
    assert rules.check_position(None) == []
    assert [v.code for v in rules.check_position(None, required=True)] == ["location_required"]
    assert [v.code for v in rules.check_position(rules.Position(95, 108, 10))] == ["location_invalid"]


# --------------------------------------------------------------------------- never twice


def test_the_same_client_id_sent_twice_is_one_visit(qn):
    call = api(qn.cadre_user)
    client_id = uuid.uuid4()
    first = call("POST", "/api/visits/visits", _payload(qn, client_id))
    assert first.status_code == 201, first.content
    again = call("POST", "/api/visits/visits", _payload(qn, client_id, content="gửi lại"))
    assert again.status_code == 200, again.content
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["content"] == "Nắm tình hình thôn 1"  # the stored visit, unchanged
    assert Visit.objects.filter(client_id=client_id).count() == 1


def test_a_client_id_of_another_cadres_visit_is_refused(qn):
    client_id = uuid.uuid4()
    services.record_visit(
        actor=qn.users["district_standing"],
        cadre=qn.btm_secretary,
        unit=qn.trason,
        start_date=D(2013, 3, 13),
        end_date=D(2013, 3, 13),
        form="khao_sat",
        is_ad_hoc=True,
        client_id=client_id,
    )
    response = api(qn.cadre_user)("POST", "/api/visits/visits", _payload(qn, client_id))
    assert response.status_code == 400
    assert response.json()["code"] == "client_id_taken"
    assert Visit.objects.filter(client_id=client_id).count() == 1


def test_a_replayed_visit_is_not_checked_again(qn, go):
    """Resending a stored visit never turns into a refusal because of itself (its own days)."""
    client_id = uuid.uuid4()
    go(qn.trason, D(2013, 3, 12), client_id=client_id)
    again = go(qn.trason, D(2013, 3, 12), client_id=client_id)
    assert again.replayed and Visit.objects.filter(cadre=qn.movement_cadre).count() == 1


def test_the_record_page_does_not_record_a_double_tap_twice(qn, client):
    client.force_login(qn.cadre_user)
    data = {
        "client_id": str(uuid.uuid4()),
        "unit": qn.trason.pk,
        "start_date": "12/03/2013",
        "end_date": "12/03/2013",
        "form": "nam_tinh_hinh",
        "content": "Dự họp",
    }
    first = client.post("/visits/trips/add/", data)
    second = client.post("/visits/trips/add/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Visit.objects.filter(cadre=qn.movement_cadre).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_submission_sent_concurrently_is_stored_once(committed_tree, django_db_blocker):
    """Four connections send the same visit at the same moment: one 201, three 200, one row.
    The rows must be committed for the other connections to see them, so this test writes on
    the session's committed tree (an ad hoc visit needs no assignment) and removes what it
    wrote afterwards."""
    from django.db import connections

    from coso.visits.models import Visit as V

    client_id = uuid.uuid4()
    with django_db_blocker.unblock():
        t = committed_tree
        token, key = ApiToken.issue(t.users["movement_cadre"], "concurrency test")
        body = json.dumps(_payload(t, client_id, is_ad_hoc=True))
        barrier = threading.Barrier(4)
        statuses = []

        def send():
            try:
                barrier.wait()
                response = Client().post(
                    "/api/visits/visits",
                    body,
                    content_type="application/json",
                    headers={"Authorization": f"Bearer {key}"},
                )
                statuses.append((response.status_code, response.json().get("id")))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=send) for _ in range(4)]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert sorted(code for code, _ in statuses) == [200, 200, 200, 201]
            assert len({pk for _, pk in statuses}) == 1
            assert V.objects.filter(client_id=client_id).count() == 1
        finally:
            V.history.filter(client_id=client_id).delete()
            V.objects.filter(client_id=client_id).delete()
            token.delete()


# --------------------------------------------------------------------------- proof of place


def test_a_visit_near_the_commune_is_within_the_area_and_one_40_km_away_is_far(located):
    call = api(located.cadre_user)
    near = call(
        "POST",
        "/api/visits/visits",
        _payload(located, uuid.uuid4(), latitude=NEAR[0], longitude=NEAR[1], location_accuracy_m=25),
    ).json()
    far = call(
        "POST",
        "/api/visits/visits",
        _payload(
            located, uuid.uuid4(), start_date="2013-03-13", latitude=FAR[0], longitude=FAR[1], location_accuracy_m=25
        ),
    ).json()
    assert (near["proof"], near["proof_label"]) == ("near", "đúng địa bàn")
    assert 1_000 < near["distance_m"] < 3_000
    assert (far["proof"], far["proof_label"]) == ("far", "xa địa bàn")
    assert 39_000 < far["distance_m"] < 42_000
    assert far["location_accuracy_m"] == 25


def test_a_branch_is_measured_against_its_commune_and_no_location_is_not_a_refusal(located, go):
    visit = go(located.branch_trason, D(2013, 3, 12), position=rules.Position(*NEAR, 15))
    assert visit.proof == Proof.NEAR
    bare = go(located.trason, D(2013, 3, 13))
    assert bare.proof == Proof.NONE and bare.latitude is None


def test_the_policy_sets_the_radius_and_may_require_a_location(located, go):
    services.save_visit_policy(
        actor=located.manager,
        owner=located.province,
        year=2013,
        version=located.policy.version,
        proof_radius_km=1,
        location_required=True,
    )
    visit = go(located.trason, D(2013, 3, 12), position=rules.Position(*NEAR, 15))
    assert visit.proof == Proof.FAR  # 2 km is outside a 1 km radius
    from coso.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        go(located.trason, D(2013, 3, 13))
    assert [code for code, _ in refused.value.violations] == ["location_required"]
    assert VisitPolicy.for_unit(located.province, 2014).proof_radius_km == 5  # the default


def test_the_host_sees_the_badge_on_the_monthly_report(located, go, client):
    go(located.trason, D(2013, 3, 12), position=rules.Position(*NEAR, 15))
    go(located.trason, D(2013, 3, 14), position=rules.Position(*FAR, 15))
    report = services.draft_monthly_report(actor=located.cadre_user, cadre=located.movement_cadre, year=2013, month=3)
    services.submit_report(actor=located.cadre_user, report=report)
    client.force_login(located.users["district_standing"])
    page = client.get(f"/visits/reports/{report.pk}/").content.decode()
    assert "đúng địa bàn" in page and "xa địa bàn" in page


def test_unit_coordinates_are_editable(qn, client):
    client.force_login(qn.users["provincial_standing"])
    form = client.get(f"/units/{qn.trason.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(latitude="15.2667", longitude="108.2167", level=qn.trason.level_id, sector=qn.trason.sector_id)
    response = client.post(f"/units/{qn.trason.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    qn.trason.refresh_from_db()
    assert (qn.trason.latitude, qn.trason.longitude) == TRA_SON


# --------------------------------------------------------------------------- photos


def test_a_photo_is_added_once_and_shown_only_to_those_who_see_the_visit(qn, go, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    visit = go(qn.trason, D(2013, 3, 12))
    call = api(qn.cadre_user)
    body = {"content_base64": base64.b64encode(JPEG).decode(), "client_id": str(uuid.uuid4())}
    assert call("POST", f"/api/visits/visits/{visit.pk}/photos", body).status_code == 201
    assert call("POST", f"/api/visits/visits/{visit.pk}/photos", body).status_code == 200
    assert VisitPhoto.objects.filter(visit=visit).count() == 1
    photo = VisitPhoto.objects.get(visit=visit)
    bad = call(
        "POST", f"/api/visits/visits/{visit.pk}/photos", {"content_base64": base64.b64encode(b"GIF89a").decode()}
    )
    assert bad.status_code == 400 and bad.json()["code"] == "photo_not_jpeg"

    own, host, foreign = Client(), Client(), Client()
    own.force_login(qn.cadre_user)
    host.force_login(qn.users["district_standing"])
    foreign.force_login(qn.users["district_standing_tamky"])
    url = f"/visits/trips/{visit.pk}/photos/{photo.pk}/"
    assert own.get(url).status_code == 200
    assert host.get(url)["Cache-Control"] == "private, no-store"
    assert foreign.get(url).status_code == 404


def test_a_photo_sent_with_its_location_is_stored_without_it(qn, go, settings, tmp_path):
    """The phone re-encodes photos (no metadata); one sent as it came from a camera (the API, an
    old browser) loses its EXIF (GPS, camera) on the server, its pixels untouched."""
    import io

    from PIL import ExifTags, Image

    settings.MEDIA_ROOT = tmp_path
    visit = go(qn.trason, D(2013, 3, 12))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Coso Test Phone"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (15.0, 16.0, 0.12)
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (40, 120, 60)).save(buffer, "JPEG", exif=exif)
    original = buffer.getvalue()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    body = {"content_base64": base64.b64encode(original).decode(), "client_id": str(uuid.uuid4())}
    assert api(qn.cadre_user)("POST", f"/api/visits/visits/{visit.pk}/photos", body).status_code == 201
    photo = VisitPhoto.objects.get(visit=visit)
    with photo.image.open("rb") as stored_file:
        stored = stored_file.read()
    assert photo.size == len(stored) < len(original)
    image = Image.open(io.BytesIO(stored))
    assert image.size == (320, 240) and image.getpixel((10, 10)) == Image.open(io.BytesIO(original)).getpixel((10, 10))
    assert not image.getexif(), "EXIF (and its GPS block) reached the stored file"
    assert services.without_photo_metadata(stored) == stored
    assert services.without_photo_metadata(JPEG) == JPEG  # not parseable as segments: left alone


# --------------------------------------------------------------------------- offline


def test_the_offline_context_holds_the_cadres_units_forms_and_blackout_days(qn, client):
    from django.utils import timezone

    today = timezone.localdate()
    services.add_blackout_day(actor=qn.manager, owner=qn.province, date=today.replace(day=1), reason="agency")
    client.force_login(qn.cadre_user)
    response = client.get("/visits/offline/context/")
    assert response["Cache-Control"] == "private, no-store"
    body = response.json()
    cadre = body["cadre"]
    assert cadre["id"] == qn.movement_cadre.pk and body["csrf_token"]
    names = {u["name"] for u in cadre["units"]}
    assert {"Đoàn xã Trà Sơn", "Đoàn phường An Mỹ"} <= names
    assert {"value": "khao_sat", "label": "Khảo sát chuyên đề"} in cadre["forms"]
    assert {"date": today.replace(day=1).isoformat(), "label": "họp cơ quan"} in cadre["blackout"]
    assert cadre["proof_radius_km"] == 5


def test_the_offline_context_of_a_non_cadre_has_no_cadre_and_anonymous_gets_nothing(qn, client):
    client.force_login(qn.users["member"])
    assert client.get("/visits/offline/context/").json()["cadre"] is None
    assert Client().get("/visits/offline/context/").status_code == 302


def test_the_offline_page_holds_no_personal_data(qn, client):
    client.force_login(qn.cadre_user)
    page = client.get("/visits/offline/").content.decode()
    assert "Nguyễn Văn Quy" not in page and "canbo" not in page
    assert "csrfmiddlewaretoken" not in page


def test_the_service_worker_and_manifest_are_served_from_the_root(client):
    worker = client.get("/sw.js")
    assert worker.status_code == 200
    assert worker["Service-Worker-Allowed"] == "/"
    assert worker["Content-Type"].startswith("application/javascript")
    assert "/visits/offline/" in worker.content.decode()
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    body = manifest.json()
    assert body["display"] == "standalone" and body["start_url"] == "/"
    assert {icon["sizes"] for icon in body["icons"]} >= {"192x192", "512x512"}


def test_the_outbox_file_a_phone_exports_is_read_by_the_visits_import(qn):
    from coso.visits import visit_import

    outbox = {
        "format": "coso-outbox",
        "version": 1,
        "visits": [
            {
                "client_id": str(uuid.uuid4()),
                "cadre_id": qn.movement_cadre.pk,
                "unit_id": qn.trason.pk,
                "unit_code": "t-ts",
                "unit_name": "Đoàn xã Trà Sơn",
                "start_date": "2013-03-12",
                "end_date": "2013-03-12",
                "form": "khao_sat",
                "content": "Khảo sát",
                "is_ad_hoc": False,
            }
        ],
    }
    sheet = visit_import.read("chuyen-di-chua-gui.json", json.dumps(outbox).encode())
    job = visit_import.VisitImport(actor=qn.cadre_user, sheet=sheet)
    assert job.check().ok, job.outcome.errors
    [visit] = job.commit()
    assert (visit.unit, visit.start_date, visit.form) == (qn.trason, D(2013, 3, 12), "khao_sat")
    with pytest.raises(Exception, match="không phải danh sách"):
        visit_import.read("x.json", b'{"format": "other"}')


def test_the_province_and_cluster_dashboards_count_visits_by_proof(located, go, client):
    go(located.trason, D(2013, 3, 12), position=rules.Position(*NEAR, 15))
    go(located.trason, D(2013, 3, 13), position=rules.Position(*FAR, 15))
    go(located.trason, D(2013, 3, 14))
    client.force_login(located.users["provincial_standing"])
    coverage = client.get(f"/visits/coverage/?unit={located.province.pk}&year=2013")
    counts = {code: n for code, _label, n in coverage.context["proof_counts"]}
    assert (counts["near"], counts["far"], counts["none"], counts["low_accuracy"]) == (1, 1, 1, 0)
    assert "đúng địa bàn: 1" in coverage.content.decode()
    cluster = client.get(f"/visits/clusters/{located.cluster.pk}/")
    assert {code: n for code, _label, n in cluster.context["proof_counts"]}["near"] == 1
