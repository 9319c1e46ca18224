import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coso.settings")
application = get_asgi_application()

from coso.core import heap  # noqa: E402  (needs the settings loaded above)

heap.install()
