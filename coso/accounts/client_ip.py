"""The client's address for login lockout (django-axes), correct behind the load balancer."""

from django.conf import settings


def client_ip(request):
    if settings.TRUST_X_REAL_IP:
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")
