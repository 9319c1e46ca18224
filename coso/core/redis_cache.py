"""Django's Redis cache, keeping one client per connection pool (issue 9).

``django.core.cache.backends.redis.RedisCacheClient`` builds a new ``redis.Redis`` for every
call; with redis-py 8 that construction costs about as much as the round trip itself, twice
per signed-in request (the session, the account). A ``redis.Redis`` over a connection pool is
safe to share between threads, so one per pool is kept.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _SharedClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClient
