"""Issue 15 point 10: the Django admin in Vietnamese mode is Vietnamese, third-party apps too
(django-axes and django-tasks-db ship no Vietnamese: their names are in coso/core/apps.py and
locale/vi/LC_MESSAGES/django.po)."""

import re

import pytest
from django.contrib import admin
from django.utils import translation

pytestmark = pytest.mark.django_db
ENGLISH = ["Axes", "Access attempts", "Access logs", "Access failures", "Tasks Database Backend", "Task Results"]
ASCII_ALLOWED = {"con"}  # Vietnamese words without diacritics


def _text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_admin_app_and_model_has_a_vietnamese_name():
    english = []
    with translation.override("vi"):
        for model in admin.site._registry:
            for name in (model._meta.app_config.verbose_name, model._meta.verbose_name_plural):
                name = str(name)
                if name.isascii() and name not in ASCII_ALLOWED:
                    english.append(f"{model._meta.label}: {name}")
    assert not english, english


def test_admin_index_and_third_party_lists_in_vietnamese(tree, client):
    client.force_login(tree.admin)
    index = _text(client.get("/admin/").content.decode())
    assert not [w for w in ENGLISH if w in index], index
    assert "Đăng nhập sai, khoá đăng nhập" in index and "Lượt thử đăng nhập" in index
    assert "Tác vụ nền" in index and "Kết quả tác vụ nền" in index
    attempts = _text(client.get("/admin/axes/accessattempt/").content.decode())
    for english in ("Attempt Time", "IP Address", "User Agent", "Failed Logins", "Locked Out"):
        assert english not in attempts
    assert "Thời điểm thử" in attempts or "Địa chỉ IP" in attempts
    tasks = _text(client.get("/admin/django_tasks_database/dbtaskresult/").content.decode())
    assert "Task Result" not in tasks and "kết quả tác vụ nền" in tasks.lower()


def test_english_mode_admin_names_are_english():
    from django.apps import apps

    with translation.override("en"):
        assert str(apps.get_app_config("axes").verbose_name) == "Failed sign-ins and lockouts"
        assert str(apps.get_app_config("django_tasks_database").verbose_name) == "Background tasks"
