"""Deleting an account that moved records leaves every page readable: the step log and the
host's confirmation line say "người dùng đã xoá" (issue 11, point 9)."""

from coso.accounts.models import Role
from coso.visits import services
from tests.builders import user

from .conftest import D

DELETED = "người dùng đã xoá"


def test_a_report_whose_host_and_cadre_accounts_were_deleted_still_opens(qn, go, client_for):
    go(qn.trason, D(2013, 3, 12))
    host = user("huyendoan.btm.2", Role.DISTRICT_STANDING, qn.bactramy)
    report = services.draft_monthly_report(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, month=3)
    services.submit_report(actor=qn.cadre_user, report=report)
    services.host_return(actor=host, report=report, district=qn.bactramy, comment="Thiếu ngày 13")
    services.submit_report(actor=qn.cadre_user, report=report)
    services.host_confirm(actor=host, report=report, district=qn.bactramy, comment="Đúng thực tế")
    host.delete()

    for viewer in ("district_standing", "provincial_standing", "movement_cadre"):
        page = client_for(viewer).get(f"/visits/reports/{report.pk}/")
        assert page.status_code == 200, viewer
        text = page.content.decode()
        assert DELETED in text and "Thiếu ngày 13" in text and "Đúng thực tế" in text
