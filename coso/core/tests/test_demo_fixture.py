"""The demo loads beside the small tree, with a login for every role (the `demo` fixture)."""

from coso.accounts.models import User
from coso.core.demo import DEMO_PASSWORD, all_demo_users
from coso.org.models import Unit


def test_demo_loads_beside_the_small_tree(demo, tree, db):
    assert Unit.objects.filter(code="vn-49").exists()
    assert tree.province.code == "t-qn"
    usernames = [row[0] for row in all_demo_users()]
    assert User.objects.filter(username__in=usernames).count() == len(usernames)
    assert User.objects.get(username="chidoan.trason").check_password(DEMO_PASSWORD)


def test_demo_is_there_for_every_test_of_the_module(demo, db):
    assert demo.unit("vn-49-515").name.endswith("Bắc Trà My")
