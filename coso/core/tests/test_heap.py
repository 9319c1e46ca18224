"""A worker freezes the heap it has loaded (``coso.core.heap``): Python's full garbage
collections then walk only what the requests made, not the 300,000 objects of Django, the
views and the API (issue 9: 250–800 ms a collection, inside one request in five)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_wsgi_application_freezes_its_loaded_heap():
    script = (
        "import gc, sys; import coso.wsgi; "
        "print(gc.get_freeze_count(), 'coso.programme.views_review' in sys.modules, 'coso.api.api' in sys.modules)"
    )
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="coso.settings")
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    frozen, views_loaded, api_loaded = int(out[0]), out[1], out[2]
    assert views_loaded == "True" and api_loaded == "True"  # the URLconf was imported before freezing
    assert frozen > 50_000
