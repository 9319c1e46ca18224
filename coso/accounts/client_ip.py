"""The client's address for login lockout (django-axes), correct behind the load balancer.

``X-Real-IP`` and ``X-Forwarded-For`` are believed only when the request comes straight from one
of ``settings.TRUSTED_PROXIES``: anyone else could write any address there and escape the
counting of their failures.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


def _address(text):
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _networks(proxies):
    networks = []
    for item in proxies:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            continue
    return tuple(networks)


def is_trusted_proxy(address):
    if not address:
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request):
    remote = _address(request.META.get("REMOTE_ADDR")) or ""
    if not is_trusted_proxy(remote):
        return remote
    real = _address(request.META.get("HTTP_X_REAL_IP"))
    if real:
        return real
    # The last hop that is not one of ours is the client as our proxy saw it.
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop = _address(hop)
        if hop and not is_trusted_proxy(hop):
            return hop
    return remote
