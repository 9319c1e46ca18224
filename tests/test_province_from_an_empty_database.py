"""A province built from an EMPTY database through the API and the Excel imports only, as an
integrator or a new province would (issue 12, "Done when"): the tree, people with their
certificates, trainings, discipline and posts, accounts and roles, clusters, the visits
policy, a blackout day, a decision and its assignments, a programme's set-up, a
field-training plan, a KPI plan; then a month of visits, one programme round and one
placement decision on it, and each rule's verdict: the caps, the blackout day, the monthly
report up to the cluster leader's review, the Standing Committee rule for cluster leaders,
the round report counting recognised results only, the placement eligibility (discipline)
and the KPI results counting the certificates, trainings and posts entered. Nothing here
writes a model directly but the installer's first account (``createsuperuser``) and API
keys (``manage.py issue_api_token``); ids of rows made by an import are read back."""

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
    anh_tk = _person(api, tk, "Phạm", "Thị", "Ánh", "F", "1991-02-02", **cadre)
    son = _person(api, ts, "Trần", "Văn", "Sơn", "M", "1997-09-09", is_cadre=True, is_member=True)
    thu = _person(api, branch, "Nguyễn", "Thị", "Thu", "F", "2001-01-01", is_member=True)
    members = {p["full_name"]: p["id"] for p in _ok(api.get(f"/api/persons/?unit={branch}&is_member=true"))["items"]}
    mai, dong = members["Đinh Thị Mai"], members["Hồ Văn Đông"]
    for person, body, title in ((secretary, "tt", "secretary"), (deputy, "btv", "standing_member")):
        _ok(
            api.post(
                f"/api/persons/{person}/posts",
                {"unit_id": province["id"], "body": body, "title": title, "term_id": term, "start_date": "2022-10-01"},
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
    # A unit's certificates, trainings and posts from one sheet, as a district collects them.
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
                "Chức vụ",
                "Nhiệm kỳ",
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
                ["btm", "Hồ Văn Anh", "Chức vụ", "Thường trực", "", "", "01/08/2022", "", "", "Bí thư", "2022–2027"],
                ["ts", "Trần Văn Sơn", "Chức vụ", "Thường trực", "", "", "01/01/2024", "", "", "Bí thư", ""],
                [
                    "ts",
                    "Trần Văn Sơn",
                    "Đào tạo, bồi dưỡng",
                    "Nghiệp vụ công tác Đoàn",
                    "Bồi dưỡng cán bộ Đoàn cơ sở",
                    "Sơ cấp",
                    "10/04/2024",
                    "có",
                    "Đạt",
                ],
            ],
        ),
        kind="records",
    )
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    commit(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == 5
    assert [(p["title"], p["term"]["id"]) for p in _ok(api.get(f"/api/persons/{anh}/posts"))] == [("secretary", term)]
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
        ("thanhdoan.tk", anh_tk, "district_standing", tk),
        ("coso.ts", son, "base_officer", ts),
        ("chidoan.ts1", thu, "branch_officer", branch),
        ("mai.ts1", mai, "member", branch),
        ("dong.ts1", dong, "member", branch),
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
            "/api/programme/programmes",
            {
                "owner_id": btm,
                "year": 2024,
                "name": "Rèn luyện và hành động 2024",
                "training_count": 1,
                "action_count": 1,
            },
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
    criteria = [
        _ok(
            district.post(
                f"/api/programme/programmes/{programme['id']}/criteria",
                {"code": code, "kind": kind, "title": title},
            ),
            201,
        )["id"]
        for code, kind, title in (
            ("RL-01", "training", "Học tập nghị quyết"),
            ("HD-01", "action", "Ra quân tình nguyện"),
        )
    ]
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
    kpi = _ok(
        standing.post(
            "/api/cadrework/plans", {"owner_id": province["id"], "year": 2024, "title": "Kế hoạch công tác cán bộ 2024"}
        ),
        201,
    )
    for indicator in (
        {
            "name": "Cán bộ cơ quan có chứng chỉ ngoại ngữ B1 trở lên",
            "population": "district_cadres",
            "measure": "language_certificate_at_least",
            "params": {"level": "B1"},
        },
        {
            "name": "Bí thư Đoàn cơ sở được bồi dưỡng nghiệp vụ trong năm",
            "population": "ward_secretaries",
            "measure": "basic_training",
        },
    ):
        body = dict(indicator, target_kind="percent", target_value=50)
        _ok(standing.post(f"/api/cadrework/plans/{kpi['id']}/indicators", body), 201)

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
    tamky = logins["thanhdoan.tk"]
    _ok(tamky.post(f"/api/visits/reports/{report['id']}/host-confirm", {"district_id": tk, "comment": "Đúng"}))
    # The review step: only the cluster's leader (a Standing Committee member) or deputy.
    assert cadre_api.post(f"/api/visits/reports/{report['id']}/review", {"comment": ""}).status_code in (403, 404)
    reviewed = _ok(standing.post(f"/api/visits/reports/{report['id']}/review", {"comment": "Đạt yêu cầu"}))
    assert reviewed["state"] == "reviewed"

    # ---- the placement plan's eligibility names the discipline (sensitive, for TCKT) -------
    rows = {
        r["person_id"]: r for r in _ok(tckt_api.get(f"/api/placements/plans/{plan['id']}/eligibility?start=2025-01-15"))
    }
    assert not rows[nam]["eligible"]
    assert any("kỷ luật" in r["message"].lower() and not r["passed"] for r in rows[nam]["reasons"])

    # ---- one round of the programme: register, self-assess, evaluate, review, recognise ----
    p_api = "/api/programme"
    for login in ("mai.ts1", "dong.ts1"):
        member = logins[login]
        items = [{"criterion_id": c, "commitment": "Tôi cam kết thực hiện."} for c in criteria]
        registration = _ok(
            member.post(f"{p_api}/registrations", {"programme_id": programme["id"], "items": items, "submit": True}),
            201,
        )
        marks = [{"criterion_id": c, "status": "done"} for c in criteria]
        assessed = _ok(
            member.post(
                f"{p_api}/registrations/{registration['id']}/self-assessment",
                {"round_id": rnd["id"], "items": marks, "summary": "Hoàn thành"},
            )
        )
        assert assessed["state"] == "submitted"
    branch_api, base_api = logins["chidoan.ts1"], logins["coso.ts"]
    evaluated = _ok(
        branch_api.post(
            f"{p_api}/programmes/{programme['id']}/branch-evaluations",
            {
                "branch_id": branch,
                "round_id": rnd["id"],
                "results": [{"member_id": mai, "result": "good"}, {"member_id": dong, "result": "completed"}],
            },
        )
    )
    assert len(evaluated["done"]) == 2
    # The base union reviews Mai only; Đông's result waits at the base union's step.
    reviewed = _ok(
        base_api.post(
            f"{p_api}/programmes/{programme['id']}/base-reviews",
            {"base_id": ts, "round_id": rnd["id"], "member_ids": [mai]},
        )
    )
    assert len(reviewed["done"]) == 1
    recognition = _ok(
        district.post(
            f"{p_api}/programmes/{programme['id']}/recognitions",
            {"base_id": ts, "round_id": rnd["id"], "number": "07-TB/HĐTN"},
        ),
        201,
    )
    assert recognition["members_recognised"] == 1
    compiled = _ok(district.get(f"{p_api}/rounds/{rnd['id']}/compiled-report?district={btm}"))
    total = compiled["total"]
    assert total["recognised"] == 1  # only the recognised result is in the round's totals
    assert total["waiting_base"] == 1  # Đông, evaluated by the branch, apart

    # ---- one placement decision of the field-training plan ---------------------------------
    _ok(
        standing.post(
            "/api/cadrework/planning",
            {"unit_id": province["id"], "person_id": quy, "title": "deputy_secretary", "term_id": term},
        ),
        201,
    )
    for year in (2022, 2023, 2024):
        _ok(standing.request("PUT", f"/api/cadrework/cadres/{quy}/evaluations/{year}", {"level_code": "HTTNV"}))
    ylist = _ok(tckt_api.post(f"/api/placements/plans/{plan['id']}/lists", {"year": 2025}), 201)

    def propose(person):
        body = {"person_id": person, "group": 2, "host_id": btm, "host_title": "standing_member"}
        return tckt_api.post(f"/api/placements/lists/{ylist['id']}/candidates", dict(body, start_date="2025-02-10"))

    refused = propose(nam)
    assert refused.status_code == 400 and "kỷ luật" in refused.json()["message"].lower()
    _ok(propose(quy), 201)
    assert _ok(tckt_api.post(f"/api/placements/lists/{ylist['id']}/propose", {}))["state"] == "proposed"
    decided = _ok(
        standing.post(
            f"/api/placements/lists/{ylist['id']}/decide",
            {"decision_number": "40-QĐ/TĐTN", "decision_date": "2025-02-01", "signer": "Trần Thị Hồng"},
        )
    )
    assert decided["state"] == "decided"
    placements = _ok(tckt_api.get(f"/api/placements/placements?plan={plan['id']}&year=2025"))
    assert [p["person_id"] for p in placements["items"]] == [quy]

    # ---- the KPI results count the certificates, trainings and posts entered above ---------
    results = {
        r["name"]: r for r in _ok(standing.get(f"/api/cadrework/plans/{kpi['id']}/results?unit={province['id']}"))
    }
    language = results["Cán bộ cơ quan có chứng chỉ ngoại ngữ B1 trở lên"]
    assert (language["achieved_count"], language["population_count"]) == (1, 5)  # Quy's B1 of the 5 cadres
    trained = results["Bí thư Đoàn cơ sở được bồi dưỡng nghiệp vụ trong năm"]
    assert (trained["achieved_count"], trained["population_count"]) == (1, 1)  # Sơn: post and training from the sheet
