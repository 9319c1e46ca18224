"""Python's cyclic garbage collector in a web worker (issue 9).

A page leaves cycles behind (model instances and their ``ModelState``, prefetched rows
pointing back at their parents: 6,383 objects for a branch's assessment screen). They live
through the request's own young collections, are promoted to the oldest generation, and wait
there for a full collection, which comes every few requests and then walks every object of
the process: the application's modules, templates and URL patterns (300,000 objects) as
well as the garbage. That full collection landed inside one request in five, 300–900 ms on
a busy machine, the slow run of the benchmark's p95.

So a worker:
- freezes what loading the application created (``gc.freeze``): a full collection no longer
  walks it;
- after each of its first few requests, collects and freezes again, once they have filled the
  caches that live as long as the worker (compiled templates, translations, resolved URLs);
  the collection first, so that no garbage is frozen with them.

Later requests are left to Python's own generations: a full collection after every request
(tried) walks every object the worker gained since (each new page's compiled templates), a
cost that grows with the pages a worker has served, where Python's collector spreads it.

Installed by ``coso.wsgi`` and ``coso.asgi`` (the servers'), and by ``bench/benchmark.py``
(which measures pages in its own process as a worker serves them). Not by the test suite.
"""

import gc

from django.core.signals import request_finished

# Requests after which what is still alive is frozen: the caches a worker keeps.
SETTLING_REQUESTS = 3

_served = 0


def freeze_loaded():
    """Leave out of every later collection the loaded application: the URL configuration is
    imported first (the views, the API's schemas: 124,000 objects after ``django.setup()``,
    about 290,000 with them), then what is alive is frozen."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports every view module)
    gc.collect()
    gc.freeze()


def collect_after_request(**_kwargs):
    global _served
    _served += 1
    gc.collect()
    gc.freeze()
    if _served >= SETTLING_REQUESTS:
        uninstall()  # settled: later requests pay nothing here


def install():
    """Freeze the loaded application, and what the first requests leave (idempotent)."""
    global _served
    _served = 0
    freeze_loaded()
    request_finished.connect(collect_after_request, dispatch_uid="coso.core.heap")


def uninstall():
    request_finished.disconnect(dispatch_uid="coso.core.heap")
