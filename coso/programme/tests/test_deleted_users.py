"""A programme record moved by an account since deleted still opens: its step log says
"người dùng đã xoá" (issue 11, point 9)."""

from coso.accounts.models import Role
from coso.programme import services
from coso.programme.models import Registration
from tests.builders import user

from .conftest import pick

DELETED = "người dùng đã xoá"


def test_programme_step_log_with_a_deleted_account(btm, client_for):
    officer = user("chidoan.trason.2", Role.BRANCH_OFFICER, btm.branch_trason)
    registration = services.register(
        actor=btm.users["member"], programme=btm.programme, items=pick(btm.programme), submit=True
    )
    services.return_registration(actor=officer, registration=registration, reason="Ghi rõ cam kết")
    officer.delete()
    registration = Registration.objects.get(pk=registration.pk)
    page = client_for("member").get(f"/programme/registrations/{registration.pk}/")
    assert page.status_code == 200
    assert DELETED in page.content.decode() and "Ghi rõ cam kết" in page.content.decode()
