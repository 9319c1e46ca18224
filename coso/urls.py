from django.conf import settings
from django.contrib import admin
from django.urls import include, path, register_converter

from coso.api.api import api
from coso.core import pwa
from coso.core.dates import YearConverter

# ``<year:year>`` in the apps' addresses: a year of the date window, else 404.
register_converter(YearConverter, "year")

urlpatterns = [
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("coso.accounts.urls")),
    path("users/", include("coso.accounts.urls_users")),
    path("units/", include("coso.org.urls")),
    path("people/", include("coso.people.urls")),
    path("imports/", include("coso.imports.urls")),
    path("documents/", include("coso.documents.urls")),
    path("visits/feeds/", include("coso.visits.urls_feeds")),
    path("visits/", include("coso.visits.urls")),
    path("programme/files/", include("coso.programme.urls_files")),
    path("programme/", include("coso.programme.urls")),
    path("placements/", include("coso.placements.urls")),
    path("cadrework/", include("coso.cadrework.urls")),
]

if settings.BENCH_VIEWS:  # bench/benchmark.py's floors; off unless BENCH_VIEWS=1 (never in production)
    urlpatterns += [path("", include("coso.core.urls_bench"))]
