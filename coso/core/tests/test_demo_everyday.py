"""Issue 15 points 14 and 15: every demo login has something to do today on its home page,
and README's table of demo logins says what `make run` prints (same logins, same order, same
descriptions) and what each has waiting."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from coso.accounts.models import User
from coso.core import attention
from coso.core import demo as demo_module

README = Path(settings.BASE_DIR) / "README.md"


def _readme_rows():
    text = README.read_text(encoding="utf-8").split("## Tài khoản mẫu", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and re.fullmatch(r"`[\w.]+`", cells[0]):
            rows.append((cells[0].strip("`"), cells[1], cells[2]))
    return rows


def test_readme_lists_the_logins_make_run_prints_with_the_same_words():
    printed = [(username, description) for username, _r, _u, description in demo_module.all_demo_users()]
    assert [(u, d) for u, d, _todo in _readme_rows()] == printed
    text = demo_module.logins_text()
    for username, description in printed:
        assert f"{username:<22} {description}" in text


@pytest.mark.django_db
def test_every_demo_login_has_something_to_do_today(demo):
    readme = {u: todo for u, _d, todo in _readme_rows()}
    idle = {}
    for username, _r, _u, _d in demo_module.all_demo_users():
        user = User.objects.get(username=username)
        items = attention.items_for(user)
        if not items:
            idle[username] = readme.get(username)
        assert readme.get(username), f"README says nothing of what {username} has to do"
    assert idle == {}
