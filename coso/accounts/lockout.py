"""Slowing down password spraying: many user names tried from one address.

django-axes locks a user name after ``AXES_FAILURE_LIMIT`` failures; an attacker who tries one
common password on many accounts never reaches it. Once failures for ``LOGIN_SPRAY_USERS``
different user names came from one client address within the cool-off time, that address may
try again only ``LOGIN_SPRAY_DELAY_SECONDS`` after its last failure.
"""

import math
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from coso.accounts.client_ip import client_ip


def spray_wait(request):
    """Seconds the client's address must still wait before another sign-in attempt (0: none)."""
    address = client_ip(request)
    if not address:
        return 0
    now = timezone.now()
    recent = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=now - timedelta(hours=settings.AXES_COOLOFF_TIME)
    )
    if recent.values("username").distinct().count() < settings.LOGIN_SPRAY_USERS:
        return 0
    last = recent.aggregate(last=Max("attempt_time"))["last"]
    left = settings.LOGIN_SPRAY_DELAY_SECONDS - (now - last).total_seconds()
    return max(0, math.ceil(left))
