"""The installable web app: its manifest and its service worker, both served from the site's
root so that the worker's scope covers every page (``Service-Worker-Allowed: /``).

The worker (``templates/sw.js``) caches only what is the same for everyone: the static files
listed in ``PRECACHE`` and the offline page (``visits:offline``), which holds no personal
data. Pages, the API and media are never put in its cache; the cadre's own data for
recording offline (units, forms, blackout days) live in the phone's IndexedDB, written by
``outbox.js`` from ``visits:offline_context``. See docs/architecture.md, "Offline".
"""

import hashlib
import json
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

PRECACHE = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "coso/site.css",
    "coso/site.js",
    "coso/outbox.js",
    "coso/offline.js",
    "coso/unitpicker.js",
    "coso/icons/icon-192.png",
    "coso/icons/icon-512.png",
]
SW_TEMPLATE = "sw.js"


@lru_cache(maxsize=1)
def _version():
    """Changes whenever a precached file or the worker changes, so phones pick up new code."""
    digest = hashlib.sha256()
    for name in PRECACHE:
        path = finders.find(name)
        if path:
            with open(path, "rb") as handle:
                digest.update(handle.read())
    from django.template.loader import get_template

    digest.update(get_template(SW_TEMPLATE).template.source.encode())
    digest.update(get_template("visits/offline.html").template.source.encode())
    return digest.hexdigest()[:12]


@require_GET
def service_worker(request):
    body = render_to_string(
        SW_TEMPLATE,
        {
            "version": _version(),
            "precache": mark_safe(json.dumps([static(name) for name in PRECACHE])),
            "offline_url": reverse("visits:offline"),
            "record_url": reverse("visits:visit_add"),
            "outbox_js": static("coso/outbox.js"),
        },
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    body = {
        "name": _("Cơ Sở – Đoàn TNCS Hồ Chí Minh"),
        "short_name": "Cơ Sở",
        "description": _("Công tác cán bộ, đi cơ sở: ghi chuyến đi cả khi không có mạng."),
        "lang": "vi",
        "start_url": "/",
        "scope": "/",
        "id": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0b5ed7",
        "icons": [
            {"src": static("coso/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("coso/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("coso/icons/maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "shortcuts": [{"name": _("Ghi chuyến đi"), "url": reverse("visits:visit_add")}],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "no-cache"
    return response
