"""A server's worker collects each request's cyclic garbage when the request ends, instead of
leaving it to a full collection inside a later request (``coso.core.heap``, issue 9)."""

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
def test_a_page_leaves_cycles_that_the_worker_collects_when_the_request_ends(tree, client, no_automatic_collection):
    client.force_login(tree.users["provincial_standing"])
    client.get("/people/")
    gc.collect()

    assert client.get("/people/").status_code == 200
    assert gc.collect() > 0, "the person list leaves cyclic garbage (model instances and their state)"

    heap.install()
    assert client.get("/people/").status_code == 200
    assert gc.collect() == 0
    assert gc.get_freeze_count() > 0, "the loaded application is left out of later collections"


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
