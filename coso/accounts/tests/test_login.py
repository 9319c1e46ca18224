from django.contrib.auth.hashers import get_hasher

from tests.builders import PASSWORD


def test_sign_in_and_see_own_scope(tree, client):
    response = client.post("/login/", {"username": "huyendoan.btm", "password": PASSWORD}, follow=True)
    page = response.content.decode()
    assert "Thường trực Huyện đoàn" in page and "Huyện đoàn Bắc Trà My" in page
    assert "Việc cần chú ý" in page


def test_wrong_password_is_refused_and_lockout_after_repeated_failures(tree, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/login/", {"username": "huyendoan.btm", "password": "sai"})
        assert response.status_code in (200, 429)
    response = client.post("/login/", {"username": "huyendoan.btm", "password": PASSWORD})
    assert response.status_code == 429
    assert "tạm bị khoá" in response.content.decode()


def test_passwords_are_hashed_with_argon2(tree):
    assert get_hasher().algorithm == "argon2"
    assert tree.users["member"].password.startswith("argon2")


def test_pages_carry_a_content_security_policy(tree, client):
    response = client.get("/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_pages_are_vietnamese_by_default_and_english_on_request(tree, client):
    assert "Đăng nhập" in client.get("/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert "Sign in" in client.get("/login/").content.decode()


def test_member_home_shows_only_own_things(tree, client_for):
    page = client_for("member").get("/").content.decode()
    assert "Đinh Thị Mai" in page
    assert "Hồ sơ của tôi" in page


def test_lockout_counts_the_client_behind_the_proxy_not_the_proxy(tree, client, settings):
    from axes.models import AccessAttempt

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client.post("/login/", {"username": "huyendoan.btm", "password": "sai"}, HTTP_X_REAL_IP="203.0.113.9")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.9"]


def test_browser_language_does_not_switch_the_interface(tree, client):
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in page and 'lang="vi"' in page
