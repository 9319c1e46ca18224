"""The process's heap after start-up, frozen (issue 9: one request in five took 300–800 ms more).

A full collection of Python's garbage collector walks every object the process holds. A worker
that has loaded Django, the views and the API's schemas holds about 300,000, and on the
benchmark's machine one full collection took 250–800 ms: it fell inside whichever request
passed the collector's threshold (the branch screen's p95 430–470 ms beside a median of
65–119). Those objects live as long as the process; ``gc.freeze()`` moves them out of the
collector's generations, so a full collection walks only what the requests made since."""

import gc

from django.urls import get_resolver


def freeze_after_start():
    """Import every view (the URLconf, the API and its schemas), collect once, then freeze
    what is left. Called by ``coso.wsgi`` once a worker has loaded the application, and by
    ``bench/benchmark.py`` before it measures, so that it measures what a worker does."""
    get_resolver().url_patterns  # noqa: B018 — loads every module the URLs name
    gc.collect()
    gc.freeze()
