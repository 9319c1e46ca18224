"""Officers of Bắc Trà My never see nor change anything of Tam Kỳ through /programme/files/.

Every route of the ``programme_files`` namespace must appear below: a route added without a
row here fails ``test_every_files_route_is_in_the_matrix``. Tam Kỳ's data are built with the
services; each foreign request is matched by the same request of Tam Kỳ's own officer.
"""

import io

import pytest
from django.urls import get_resolver
from openpyxl import Workbook

from coso.programme import services
from tests import probe

from .conftest import D, pick

FOREIGN_NAMES = ["Tam Kỳ", "An Mỹ", "Võ Minh Tâm", "khối phố 2"]
TK_BRANCH = "branch_officer_anmy"
CALLERS = ["district_standing", "branch_officer", "base_officer", "member"]


def xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mã đoàn viên", "Họ và tên", "Mã tiêu chí", "Nội dung cam kết", "Ngày ký"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def foreign(tk, client_for):
    """Tam Kỳ's 2014 programme, Võ Minh Tâm's registration (entered by his branch) and an
    upload waiting in the Tam Kỳ branch officer's session."""
    t = tk
    t.f_registration = services.register_on_behalf(
        actor=t.users[TK_BRANCH],
        member=t.member_anmy,
        programme=t.tk_programme,
        items=pick(t.tk_programme),
        signed_on=D(2014, 3, 12),
        submit=True,
    )
    t.f_round_report = services.record_round_report(
        actor=t.users["base_officer_anmy"],
        base=t.anmy,
        round=t.tk_rounds[0],
        held_on=D(2014, 3, 16),
        activities="Ngày đoàn viên An Mỹ",
        participants=5,
    )
    client = client_for(TK_BRANCH)
    response = client.post(
        f"/programme/files/import/{t.tk_programme.pk}/{t.branch_anmy.pk}/",
        {"file": _upload(xlsx([[t.member_anmy.pk, "Võ Minh Tâm", "RL-01", "Cam kết", "12/03/2014"]]))},
    )
    assert response.status_code == 302
    t.f_token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    client.logout()
    return t


def _upload(content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("dang-ky.xlsx", content)


def base(t):
    return f"/programme/files/import/{t.tk_programme.pk}/{t.branch_anmy.pk}"


# route -> (URL from the foreign objects, method)
OBJECT_ROUTES = {
    "programme_files:registration_paper": (
        lambda t: f"/programme/files/registration/{t.f_registration.pk}.docx",
        "get",
    ),
    "programme_files:round_report_detail": (lambda t: f"/programme/files/round-reports/{t.f_round_report.pk}/", "get"),
    "programme_files:round_report_paper": (
        lambda t: f"/programme/files/round-reports/{t.f_round_report.pk}.docx",
        "get",
    ),
    "programme_files:district_round_paper": (
        lambda t: f"/programme/files/rounds/{t.tk_rounds[0].pk}/district/{t.tamky.pk}.docx",
        "get",
    ),
    "programme_files:import_upload": (lambda t: f"{base(t)}/", "get"),
    "programme_files:import_template": (lambda t: f"{base(t)}/template.xlsx", "get"),
    "programme_files:import_preview": (lambda t: f"{base(t)}/{t.f_token}/", "get"),
    "programme_files:import_errors": (lambda t: f"{base(t)}/{t.f_token}/errors.xlsx", "get"),
    "programme_files:import_commit": (lambda t: f"{base(t)}/{t.f_token}/commit/", "post"),
}
# The caller's own programme with Tam Kỳ's branch, and Tam Kỳ's programme with the caller's branch.
MIXED = [
    lambda t: f"/programme/files/import/{t.programme.pk}/{t.branch_anmy.pk}/",
    lambda t: f"/programme/files/import/{t.programme.pk}/{t.branch_anmy.pk}/template.xlsx",
    lambda t: f"/programme/files/import/{t.tk_programme.pk}/{t.branch_trason.pk}/",
    lambda t: f"/programme/files/registration/{t.f_registration.pk}.pdf",
    # The caller's own round with Tam Kỳ as the district, and Tam Kỳ's round with the caller's district.
    lambda t: f"/programme/files/rounds/{t.rounds[0].pk}/district/{t.tamky.pk}.docx",
    lambda t: f"/programme/files/rounds/{t.tk_rounds[0].pk}/district/{t.bactramy.pk}.docx",
]
# Who owns a route's objects, when not Tam Kỳ's branch committee.
OWNERS = {
    "programme_files:round_report_detail": "base_officer_anmy",
    "programme_files:round_report_paper": "base_officer_anmy",
    "programme_files:district_round_paper": "district_standing_tamky",
}
LIST_ROUTES = {"programme_files:import_start": lambda t: "/programme/files/import/"}


def test_every_files_route_is_in_the_matrix():
    sub = get_resolver().namespace_dict["programme_files"][1]
    names = {f"programme_files:{name}" for name in sub.reverse_dict if isinstance(name, str)}
    assert names - set(OBJECT_ROUTES) - set(LIST_ROUTES) == set()


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES))
def test_foreign_objects_are_not_found(foreign, client_for, caller, route):
    builder, method = OBJECT_ROUTES[route]
    before = foreign.f_registration.__class__.objects.count()
    data = {"file": _upload(xlsx([]))} if method == "post" else None
    response = getattr(client_for(caller), method)(builder(foreign), data)
    assert response.status_code == 404
    assert not any(name in response.content.decode("utf-8", "replace") for name in FOREIGN_NAMES)
    assert foreign.f_registration.__class__.objects.count() == before


@pytest.mark.parametrize("index", range(len(MIXED)))
def test_mixed_requests_are_not_found(foreign, client_for, index):
    for caller in ("district_standing", "branch_officer"):
        response = client_for(caller).get(MIXED[index](foreign))
        assert response.status_code == 404, caller


def test_a_token_of_another_session_is_not_found(foreign, client_for):
    """Even on the caller's own programme and branch, someone else's upload stays theirs."""
    client = client_for("branch_officer")
    url = f"/programme/files/import/{foreign.programme.pk}/{foreign.branch_trason.pk}/{foreign.f_token}/"
    assert client.get(url).status_code == 404
    assert client.post(url + "commit/").status_code == 404


@pytest.mark.parametrize("caller", ["district_standing", "branch_officer"])
def test_the_start_page_lists_no_foreign_branch(foreign, client_for, caller):
    response = client_for(caller).get(LIST_ROUTES["programme_files:import_start"](foreign))
    text = response.content.decode()
    if caller == "district_standing":
        assert response.status_code == 403  # no branch committee anywhere
    else:
        assert response.status_code == 200 and "Chi đoàn thôn 1" in text
    assert not any(name in text for name in FOREIGN_NAMES)


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES))
def test_the_owner_gets_through(foreign, client_for, route):
    """The matrix is honest only if Tam Kỳ's branch officer does get the same requests."""
    builder, method = OBJECT_ROUTES[route]
    client = client_for(OWNERS.get(route, TK_BRANCH))
    url = builder(foreign)
    if "/import/" in url and foreign.f_token in url:
        # The token lives in the session that uploaded it: upload again in this session.
        response = client.post(
            f"{base(foreign)}/",
            {"file": _upload(xlsx([[foreign.member_anmy.pk, "Võ Minh Tâm", "RL-01", "Cam kết", "12/03/2014"]]))},
        )
        token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
        url = url.replace(foreign.f_token, token)
    response = getattr(client, method)(url)
    if method == "post":
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 200, response.content[:300]


def test_probe_no_role_outside_tam_ky_reads_its_records(foreign, client_for):
    """Issue 11, point 5: every role outside Tam Kỳ, every route above (GET), Tam Kỳ's real ids."""
    assert (
        probe.leaks(client_for, foreign, [*OBJECT_ROUTES.values(), *MIXED, *LIST_ROUTES.values()], FOREIGN_NAMES) == []
    )
