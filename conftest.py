# Data fixtures shared by every test package live in tests/fixtures.py.
pytest_plugins = ["tests.fixtures"]
