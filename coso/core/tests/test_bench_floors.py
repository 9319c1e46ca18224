"""The throughput floors of bench/benchmark.py: a constant page, and the same behind login."""

import pytest
from django.urls import include, path

urlpatterns = [path("", include("coso.core.urls_bench")), path("", include("coso.accounts.urls"))]


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_floor_answers_anyone_and_the_signed_in_floor_asks_to_log_in(client, django_user_model):
    assert client.get("/bench/floor/").content == b"ok\n"
    response = client.get("/bench/floor/signed-in/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    client.force_login(django_user_model.objects.create(username="bench.floor"))
    assert client.get("/bench/floor/signed-in/").content == b"ok\n"


def test_the_floors_are_not_routed_unless_bench_views_is_on(client, settings):
    from django.urls import Resolver404, resolve

    assert settings.BENCH_VIEWS is False
    with pytest.raises(Resolver404):
        resolve("/bench/floor/")
