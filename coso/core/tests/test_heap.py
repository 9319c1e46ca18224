"""A server's worker leaves its loaded application, and the caches its first requests fill,
out of Python's full collections (``coso.core.heap``, issue 9)."""

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from coso.core import heap

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def no_automatic_collection():
    """Only the explicit collections run, so what a page left behind is still there to count."""
    gc.disable()
    yield
    heap.uninstall()
    gc.unfreeze()
    gc.enable()


@pytest.mark.django_db
def test_the_first_requests_garbage_is_collected_and_what_they_keep_is_frozen(tree, client, no_automatic_collection):
    client.force_login(tree.users["provincial_standing"])
    client.get("/people/")
    gc.collect()
    assert client.get("/people/").status_code == 200
    assert gc.collect() > 0, "the person list leaves cyclic garbage (model instances and their state)"

    heap.install()
    frozen = gc.get_freeze_count()
    assert frozen > 0, "the loaded application is left out of later collections"
    assert client.get("/people/").status_code == 200
    assert gc.collect() == 0, "collected when the request ended"

    for _ in range(heap.SETTLING_REQUESTS):
        client.get("/people/")
    settled = gc.get_freeze_count()
    client.get("/people/")
    # Frozen objects may still be freed by their reference counts: the count never grows.
    assert gc.get_freeze_count() <= settled, "after its first requests a worker freezes no more"
    assert gc.collect() > 0, "later garbage is left to Python's generations"


def test_the_servers_wsgi_and_asgi_modules_install_it():
    code = (
        "import gc, importlib, sys; from django.core.signals import request_finished; "
        "importlib.import_module(sys.argv[1]); from coso.core import heap; "
        "assert heap.collect_after_request in [entry[1]() for entry in request_finished.receivers], 'not connected'; "
        "assert gc.get_freeze_count() > 50_000, 'the loaded application is not frozen'; "
        "assert {'coso.programme.views_review', 'coso.api.api'} <= set(sys.modules), 'views loaded after'"
    )
    for module in ("coso.wsgi", "coso.asgi"):
        result = subprocess.run(
            [sys.executable, "-c", code, module], cwd=ROOT, capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, result.stderr
