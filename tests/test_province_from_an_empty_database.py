"""A province built from an EMPTY database through the API and the Excel imports only, as an
integrator or a new province would (issue 12): the tree, people with their certificates,
discipline and posts, accounts and roles, clusters, the visits policy, a decision and its
assignments, a programme's set-up, a field-training plan, a KPI plan; then a month of visits
and the rules' verdicts on it. Nothing here touches a model directly but the installer's
first account (``createsuperuser``) and its API key (``manage.py issue_api_token``)."""

import io

from django.core.management import call_command

from coso.accounts.models import User
from coso.api.tests.conftest import ApiClient
from coso.imports.models import ImportJob
from coso.imports.tests.helpers import PERSON_HEADERS, commit, last_job, upload, xlsx
from coso.org.models import Cluster, Unit
from coso.people.models import Person


def _ok(response, status=(200, 201)):
    status = (status,) if isinstance(status, int) else status
    assert response.status_code in status, response.content.decode()
    return response.json()


def _key(username):
    out = io.StringIO()
    call_command("issue_api_token", username, "--name", "thiết lập tỉnh", stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def _person(api, unit, family, middle, given, sex, birth, **extra):
    body = dict(
        unit_id=unit, family_name=family, middle_name=middle, given_name=given, sex=sex, birth_date=birth, **extra
    )
    return _ok(api.post("/api/persons/", body), 201)["id"]


def test_a_province_from_an_empty_database_through_the_api_and_the_imports(db, client):
    # The suite's shared tree (built once per session) is removed inside this test's transaction:
    # what follows starts from no unit, no person, no account (the data migrations' reference
    # lists only: levels, target groups, terms, classification schemes).
    User.objects.all().delete()
    Cluster.objects.all().delete()
    Person.objects.all().delete()
    Unit.objects.all().delete()
    assert not Unit.objects.exists() and not Person.objects.exists() and not User.objects.exists()
    admin = User.objects.create_superuser("quantri.qn", password="Mat-khau-dai-2026!")
    api = ApiClient(_key("quantri.qn"))

    # ---- the tree: the province by the API, the rest from one .xlsx ------------------------
    province = _ok(api.post("/api/units/", {"name": "Tỉnh đoàn Quảng Nam", "level": "tinh-doan", "code": "qn"}), 201)
    units_file = xlsx(
        ["Tên đơn vị", "Mã đơn vị", "Mã đơn vị cấp trên", "Cấp", "Miền núi"],
        [
            ["Huyện đoàn Bắc Trà My", "btm", "qn", "huyen-doan", "có"],
            ["Thành đoàn Tam Kỳ", "tk", "qn", "huyen-doan", "không"],
            ["Đoàn xã Trà Sơn", "ts", "btm", "doan-co-so", "có"],
            ["Chi đoàn thôn 1", "ts-1", "ts", "chi-doan", "có"],
        ],
    )
    client.force_login(admin)
    upload(client, units_file, kind="units")
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    commit(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == 4
    ids = dict(Unit.objects.values_list("code", "pk"))
    btm, tk, ts, branch = ids["btm"], ids["tk"], ids["ts"], ids["ts-1"]
    tckt = _ok(
        api.post("/api/org/departments", {"unit_id": province["id"], "code": "TCKT", "name": "Ban Tổ chức – Kiểm tra"}),
        201,
    )
    movement = _ok(
        api.post("/api/org/departments", {"unit_id": province["id"], "code": "PT", "name": "Ban Phong trào"}), 201
    )
    terms = {(t["start_year"], t["end_year"]): t["id"] for t in _ok(api.get("/api/org/terms"))}
    term = terms[(2022, 2027)]

    # ---- people: members from a sheet, cadres by the API, with their records ---------------
    upload(
        client,
        xlsx(
            PERSON_HEADERS,
            [
                ["Đinh", "Thị", "Mai", "04/04/2004", "Nữ", "ts-1", "có", "Thanh niên địa bàn dân cư"],
                ["Hồ", "Văn", "Đông", "03/03/2003", "Nam", "ts-1", "có", "Thanh niên địa bàn dân cư"],
            ],
        ),
    )
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    commit(client, job)
    assert Person.objects.filter(unit_id=branch).count() == 2
    cadre = {"is_cadre": True, "on_payroll": True, "works_full_time": True, "party_status": "member"}
    secretary = _person(api, province["id"], "Trần", "Thị", "Hồng", "F", "1985-05-05", **cadre)
    deputy = _person(api, province["id"], "Lê", "Văn", "Hải", "M", "1986-06-06", **cadre)
    officer = _person(api, province["id"], "Lê", "Thị", "Lan", "F", "1993-03-04", department_id=tckt["id"], **cadre)
    quy = _person(api, province["id"], "Nguyễn", "Văn", "Quy", "M", "1996-07-08", department_id=movement["id"], **cadre)
    nam = _person(api, province["id"], "Phan", "Văn", "Nam", "M", "1994-01-02", department_id=movement["id"], **cadre)
    anh = _person(api, btm, "Hồ", "Văn", "Anh", "M", "1990-01-01", **cadre)
    for person, body, title in ((secretary, "tt", "secretary"), (deputy, "btv", "standing_member")):
        _ok(
            api.post(
                f"/api/persons/{person}/posts",
                {"unit_id": province["id"], "body": body, "title": title, "term_id": term, "start_date": "2022-10-01"},
            ),
            201,
        )
    _ok(
        api.post(
            f"/api/persons/{anh}/posts",
            {"unit_id": btm, "body": "tt", "title": "secretary", "start_date": "2022-08-01"},
        ),
        201,
    )
    cert = _ok(
        api.post(
            f"/api/persons/{quy}/certificates",
            {
                "kind": "language",
                "name": "Tiếng Anh",
                "level": "B1",
                "issuer": "Đại học Đà Nẵng",
                "issued_on": "2021-06-01",
            },
        ),
        201,
    )
    assert cert["kind_label"] == "Ngoại ngữ"
    # A unit's certificates and trainings from one sheet, as a district collects them.
    upload(
        client,
        xlsx(
            [
                "Mã đơn vị",
                "Họ và tên",
                "Loại hồ sơ",
                "Loại",
                "Tên văn bằng, lớp",
                "Trình độ",
                "Từ ngày",
                "Hoàn thành",
                "Kết quả",
            ],
            [
                [
                    "qn",
                    "Nguyễn Văn Quy",
                    "Đào tạo, bồi dưỡng",
                    "Kỹ năng số",
                    "Kỹ năng số",
                    "",
                    "08/05/2023",
                    "có",
                    "Đạt",
                ],
                [
                    "qn",
                    "Lê Văn Hải",
                    "Văn bằng, chứng chỉ",
                    "Lý luận chính trị",
                    "Trung cấp lý luận chính trị",
                    "Trung cấp",
                    "",
                    "",
                    "",
                ],
            ],
        ),
        kind="records",
    )
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    commit(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == 2
    assert [t["result"] for t in _ok(api.get(f"/api/persons/{quy}/trainings"))] == ["Đạt"]
    _ok(
        api.post(
            f"/api/persons/{nam}/discipline",
            {
                "status": "disciplined",
                "form": "Khiển trách",
                "start_date": "2024-06-01",
                "decision_number": "05-QĐ/TĐTN",
            },
        ),
        201,
    )

    # ---- accounts and roles, within the no-escalation rule ---------------------------------
    logins = {}
    for username, person, role, unit in (
        ("tinhdoan.qn", secretary, "provincial_standing", province["id"]),
        ("tckt.qn", officer, "tckt_officer", province["id"]),
        ("canbo.qn", quy, "movement_cadre", province["id"]),
        ("huyendoan.btm", anh, "district_standing", btm),
    ):
        made = _ok(
            api.post("/api/accounts/", {"person_id": person, "username": username, "role": role, "unit_id": unit}), 201
        )
        assert made["temporary_password"]
        logins[username] = ApiClient(_key(username))
    district = logins["huyendoan.btm"]
    refused = district.post(
        f"/api/accounts/{User.objects.get(username='canbo.qn').pk}/grants",
        {"role": "provincial_standing", "unit_id": province["id"]},
    )
    assert refused.status_code in (403, 404)  # a district grants nothing at the province
    standing, tckt_api, cadre_api = logins["tinhdoan.qn"], logins["tckt.qn"], logins["canbo.qn"]

    # ---- visits set-up: cluster, policies, blackout day, decision, assignments ------------
    cluster = _ok(
        standing.post(
            "/api/visits/clusters",
            {
                "owner_id": province["id"],
                "year": 2024,
                "name": "Cụm miền núi",
                "unit_ids": [btm, tk],
                "leader_id": secretary,
                "deputy_id": deputy,
            },
        ),
        201,
    )
    not_standing = standing.post(
        "/api/visits/clusters",
        {
            "owner_id": province["id"],
            "year": 2025,
            "name": "Cụm 2",
            "unit_ids": [btm],
            "leader_id": quy,
            "deputy_id": deputy,
        },
    )
    assert not_standing.status_code == 400 and not_standing.json()["code"] == "leader_not_standing"
    _ok(
        standing.request(
            "PUT",
            f"/api/visits/policies/{province['id']}/2024",
            {"cap_days_mountainous": 3, "cap_days_other": 2, "yearly_minimum_days": 0, "source": "KH 14"},
        )
    )
    _ok(
        district.request(
            "PUT",
            f"/api/visits/policies/{btm}/2024",
            {"cap_days_mountainous": None, "yearly_minimum_days": 60, "source": "Chủ trương 1+2"},
        )
    )
    _ok(
        standing.post(
            "/api/visits/blackout-days", {"owner_id": province["id"], "date": "2024-03-20", "reason": "party_cell"}
        ),
        201,
    )
    decision = _ok(
        standing.post(
            "/api/visits/decisions",
            {"owner_id": province["id"], "number": "15-QĐ/TĐTN", "decided_on": "2024-02-28", "signer_id": secretary},
        ),
        201,
    )
    _ok(
        standing.post(
            f"/api/visits/decisions/{decision['id']}/assignments",
            {"cadre_id": quy, "unit_ids": [btm, tk], "valid_from": "2024-03-01"},
        ),
        201,
    )
    _ok(
        standing.post(
            f"/api/visits/decisions/{decision['id']}/assignments",
            {"cadre_id": secretary, "role": "cluster_leader", "cluster_id": cluster["id"], "valid_from": "2024-03-01"},
        ),
        201,
    )

    # ---- programme set-up, field-training plan, KPI plan -----------------------------------
    programme = _ok(
        district.post(
            "/api/programme/programmes", {"owner_id": btm, "year": 2024, "name": "Rèn luyện và hành động 2024"}
        ),
        201,
    )
    track = _ok(
        district.post(
            f"/api/programme/programmes/{programme['id']}/tracks",
            {"kind": "general", "name": "Khối chung", "starts_on": "2024-03-01", "ends_on": "2024-12-15"},
        ),
        201,
    )
    rnd = _ok(
        district.post(
            f"/api/programme/tracks/{track['id']}/rounds",
            {"number": 1, "starts_on": "2024-03-01", "ends_on": "2024-05-31", "theme": "Tháng Thanh niên"},
        ),
        201,
    )
    assert rnd["roman"] == "I"
    _ok(
        district.post(
            f"/api/programme/programmes/{programme['id']}/criteria",
            {"code": "RL-01", "kind": "training", "title": "Học tập nghị quyết"},
        ),
        201,
    )
    _ok(
        district.post(
            f"/api/programme/programmes/{programme['id']}/criteria",
            {"code": "HD-01", "kind": "action", "title": "Ra quân tình nguyện"},
        ),
        201,
    )
    plan = _ok(
        tckt_api.post(
            "/api/placements/plans",
            {
                "owner_id": province["id"],
                "name": "Kế hoạch cử cán bộ đi đào tạo thực tế 2023–2027",
                "start_year": 2023,
                "end_year": 2027,
            },
        ),
        201,
    )
    assert [g["group"] for g in plan["groups"]] == [1, 2]
    _ok(
        standing.post(
            "/api/cadrework/plans", {"owner_id": province["id"], "year": 2024, "title": "Kế hoạch công tác cán bộ 2024"}
        ),
        201,
    )

    # ---- one month of visits, and the verdicts of the rules --------------------------------
    def visit(day, unit=btm, end=None):
        body = {
            "cadre_id": quy,
            "unit_id": unit,
            "start_date": day,
            "end_date": end or day,
            "form": "nam_tinh_hinh",
            "content": "Nắm tình hình",
        }
        return cadre_api.post("/api/visits/visits", body)

    _ok(visit("2024-03-05", end="2024-03-07"), 201)  # 3 days in a mountainous district: the cap
    over = visit("2024-03-12")
    assert over.status_code == 400 and "3 ngày" in over.json()["message"]  # the province's cap, named
    blackout = visit("2024-03-20", unit=tk)
    assert blackout.status_code == 400 and "họp chi bộ" in blackout.json()["message"]
    _ok(visit("2024-03-14", unit=tk), 201)
    commune = visit("2024-03-15", unit=ts)  # a commune of Bắc Trà My: its days count in the district's cap
    assert commune.status_code == 400 and "3 ngày" in commune.json()["message"]
    report = _ok(cadre_api.post("/api/visits/reports/draft", {"cadre_id": quy, "year": 2024, "month": 3}))
    assert report["total_days"] == 4
    report = _ok(cadre_api.post(f"/api/visits/reports/{report['id']}/submit", {"comment": ""}))
    _ok(district.post(f"/api/visits/reports/{report['id']}/host-confirm", {"district_id": btm, "comment": "Đúng"}))

    # ---- the placement plan's eligibility names the discipline (sensitive, for TCKT) -------
    rows = {
        r["person_id"]: r for r in _ok(tckt_api.get(f"/api/placements/plans/{plan['id']}/eligibility?start=2025-01-15"))
    }
    assert not rows[nam]["eligible"]
    assert any("kỷ luật" in r["message"].lower() and not r["passed"] for r in rows[nam]["reasons"])
