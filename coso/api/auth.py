"""Who is calling: a personal API token (``Authorization: Bearer <key>``) or the browser session.

The token is tried first, so a script never trips over a stale session cookie. Session
authentication keeps Django's CSRF check on unsafe methods (POST, PATCH…): a page's
JavaScript sends the ``X-CSRFToken`` header; a forged cross-site form cannot. A request
with no session at all is simply not authenticated (401): there is nothing to forge.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth
from ninja.utils import check_csrf

from coso.accounts.models import ApiToken


class CsrfFailed(PermissionDenied):
    code = "csrf_failed"

    def __init__(self):
        super().__init__(
            _(
                "Thiếu hoặc sai mã CSRF. Khi dùng phiên đăng nhập, hãy gửi tiêu đề X-CSRFToken; "
                "chương trình bên ngoài hãy dùng khoá API."
            )
        )


class TokenAuth(HttpBearer):
    """A key issued with ``manage.py issue_api_token USERNAME --name NAME``."""

    def authenticate(self, request, token):
        user = ApiToken.authenticate(token)
        if user is None:
            return None
        # The change history (simple_history) and the pages' helpers read request.user.
        request.user = user
        return user


class SessionAuth(NinjaSessionAuth):
    """Django's login session, with the CSRF check on unsafe methods."""

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfFailed()
        return request.COOKIES.get(self.param_name)


token_auth = TokenAuth()
session_auth = SessionAuth()
AUTH = [token_auth, session_auth]
