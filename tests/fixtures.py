import pytest

from tests.builders import build_small_tree, reload


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the interface's default language (Vietnamese). A request in English
    activates English in the thread (coso.core.middleware) and nothing resets it after the
    response, so without this a later test's messages built with gettext would be English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def _small_tree(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            return build_small_tree()


@pytest.fixture
def committed_tree(_small_tree, request):
    """The small tree as committed rows, for tests whose threads each use their own database
    connection. Such a test is marked ``django_db(transaction=True, serialized_rollback=True)``:
    pytest-django runs it after the tests in transactions, when an earlier transactional test
    may have flushed the session's tree; it is then built again (and flushed after the test)."""
    from coso.org.models import Unit

    if Unit.objects.filter(pk=_small_tree.province.pk).exists():
        return reload(_small_tree)
    return build_small_tree()


@pytest.fixture
def tree(_small_tree, db):
    """The small realistic tree (built once per session; each test runs in a rolled-back transaction)."""
    return reload(_small_tree)


@pytest.fixture
def client_for(client, tree):
    """Log the test client in as a user of the tree: ``client_for("district_standing")``."""

    def login(role_key):
        user = tree.admin if role_key == "admin" else tree.users[role_key]
        client.force_login(user)
        return client

    return login


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo (``manage.py load_demo``, every app's part), loaded once per test module
    beside the small tree and rolled back after the module. Tests using it also ask for ``db``
    (each then runs in a savepoint). Returns the demo builder: ``demo.unit("vn-49")``."""
    from django.db import transaction

    from coso.core import demo as demo_module

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield demo_module.load_demo()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
