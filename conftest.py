import hypothesis
from django.conf import settings

# Data fixtures shared by every test package live in tests/fixtures.py.
pytest_plugins = ["tests.fixtures"]

# Tests never use a PDF converter a developer left running (make run): each PDF starts its own
# LibreOffice, unless a test starts a converter of its own (coso/documents/tests/test_converter.py).
settings.PDF_CONVERTER_SOCKET = ""

# Property tests (hypothesis) are the same on every run and machine, and a busy machine does
# not fail them: fixed examples (derandomize), no per-example deadline, no "too slow" health
# check. A test's own @settings changes only what it names.
hypothesis.settings.register_profile(
    "coso",
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow],
)
hypothesis.settings.load_profile("coso")
