import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coso.settings")
application = get_wsgi_application()

from coso.core.heap import freeze_after_start  # noqa: E402 — needs the settings loaded above

freeze_after_start()
