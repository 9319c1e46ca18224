"""The two floors of bench/benchmark.py's throughput run: what the server answers at best.

``floor`` is a constant response (the WSGI server, Django's middleware, nothing else);
``floor_signed_in`` the same constant behind ``login_required`` (plus the session and the
user read every signed-in page pays). Reachable only where ``BENCH_VIEWS`` is on
(coso/urls.py); never in production (docs/deploy.md).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

BODY = "ok\n"


def floor(request):
    return HttpResponse(BODY, content_type="text/plain; charset=utf-8")


@login_required
def floor_signed_in(request):
    return HttpResponse(BODY, content_type="text/plain; charset=utf-8")
