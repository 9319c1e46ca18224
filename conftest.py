from django.conf import settings

# Data fixtures shared by every test package live in tests/fixtures.py.
pytest_plugins = ["tests.fixtures"]

# Tests never use a PDF converter a developer left running (make run): each PDF starts its own
# LibreOffice, unless a test starts a converter of its own (coso/documents/tests/test_converter.py).
settings.PDF_CONVERTER_SOCKET = ""
