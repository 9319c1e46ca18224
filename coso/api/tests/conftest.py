import json

import pytest
from django.test import Client

from coso.accounts.models import ApiToken


class ApiClient:
    """A test client that speaks JSON to /api/ with a bearer token."""

    def __init__(self, key=None, client=None):
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def request(self, method, url, body=None):
        kwargs = {"headers": self.headers}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(self.client, method.lower())(url, **kwargs)

    def get(self, url):
        return self.request("GET", url)

    def post(self, url, body):
        return self.request("POST", url, body)

    def patch(self, url, body):
        return self.request("PATCH", url, body)


@pytest.fixture
def api_as(tree):
    """``api_as("district_standing")``: a JSON client authenticated with a fresh token of that user."""

    def make(role_key):
        user = tree.admin if role_key == "admin" else tree.users[role_key]
        _token, key = ApiToken.issue(user, "test")
        return ApiClient(key)

    return make
