from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coso.accounts.models import ApiToken


def test_prints_the_key_once_and_it_works(tree):
    out, err = StringIO(), StringIO()
    call_command("issue_api_token", "huyendoan.btm", "--name", "đồng bộ báo cáo", stdout=out, stderr=err)
    key = out.getvalue().strip()
    assert len(key) >= 40 and "\n" not in key
    assert ApiToken.authenticate(key) == tree.users["district_standing"]
    token = ApiToken.objects.get(user=tree.users["district_standing"])
    assert token.name == "đồng bộ báo cáo"
    assert key not in err.getvalue() and token.key_hash != key
    assert token.prefix in err.getvalue()


def test_unknown_user(tree):
    with pytest.raises(CommandError, match="Không có tài khoản «nobody»"):
        call_command("issue_api_token", "nobody", "--name", "x", stdout=StringIO(), stderr=StringIO())


def test_inactive_user(tree):
    user = tree.users["member"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    with pytest.raises(CommandError):
        call_command("issue_api_token", user.username, "--name", "x", stdout=StringIO(), stderr=StringIO())
