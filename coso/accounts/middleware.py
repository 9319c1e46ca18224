"""What every signed-in request goes through, after Django's authentication:

- ``SessionIdleMiddleware``: a session unused for ``SESSION_IDLE_SECONDS`` (``SESSION_IDLE_HOURS``,
  8 hours by default) ends; the last use is written at most once a minute, so a page costs no
  extra write.
- ``PasswordChangeRequiredMiddleware``: an account holding a temporary password (made or reset
  by an officer) opens only the page that changes it, sign-out and the language switch; the API
  over the session answers 403 ``password_change_required``.
- ``PrivateCacheMiddleware``: every answer to a signed-in user (pages and API, which carry
  personal data) says ``Cache-Control: private, no-store`` unless the view chose its own.
  Static files (WhiteNoise, before this) and anonymous pages are left alone.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "coso_seen"
SEEN_WRITE_EVERY = 60  # seconds


class SessionIdleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(LAST_SEEN_KEY)
            if seen is not None and now - seen > settings.SESSION_IDLE_SECONDS:
                logout(request)
                messages.info(request, _("Phiên đăng nhập đã hết vì lâu không dùng. Hãy đăng nhập lại."))
            elif seen is None or now - seen >= SEEN_WRITE_EVERY:
                # Saving the session also moves its expiry (SESSION_COOKIE_AGE) forward.
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def mark_seen_at_sign_in(sender, request, user, **kwargs):
    """Sign-in saves the session anyway: start its idle clock there, so the first page after
    it writes nothing."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())


def _open_paths():
    return (
        reverse("users:password"),
        reverse("logout"),
        "/i18n/",
        settings.STATIC_URL,
        "/sw.js",
        "/manifest.webmanifest",
    )


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password and not request.path.startswith(_open_paths()):
            message = _("Bạn đang dùng mật khẩu tạm. Hãy đổi mật khẩu trước khi làm việc khác.")
            if request.path.startswith("/api/"):
                from coso.api.api import error_body

                return JsonResponse(
                    error_body("password_change_required", message),
                    status=403,
                    json_dumps_params={"ensure_ascii": False},
                )
            messages.warning(request, message)
            return redirect("users:password")
        return self.get_response(request)


class PrivateCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
