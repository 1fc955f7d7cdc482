"""Reader traffic to a PostgreSQL read replica (DATABASE_REPLICA_URL).

Anonymous GET/HEAD requests for public pages read from the `replica`
alias; everything else uses the primary (`default`): writes, the admin and
newsroom, anyone with a session (editors read their own writes), background
jobs and management commands. A reader request that writes (rare: a login
throttle row, a lazily created default) stays on the primary for the rest of
the request, so it never reads back a row the replica has not replayed yet.

The choice is made per request by `ReplicaRoutingMiddleware` and kept in a
context variable, so threads and async tasks never see another request's."""

from __future__ import annotations

import contextvars

from django.conf import settings

REPLICA = "replica"
PRIMARY = "default"

# The alias reads use in the current request; None = primary (the default
# for code that runs outside a request: workers, commands, shells).
_read_alias: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "sahifa_read_alias", default=None
)


def reader_request(request) -> bool:
    """A request whose reads may be a little behind the primary: anonymous,
    read-only, on a public path."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not request.path.startswith(tuple(settings.DATABASE_REPLICA_EXCLUDE))


class ReplicaRoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read_alias.set(REPLICA if reader_request(request) else None)
        try:
            return self.get_response(request)
        finally:
            _read_alias.reset(token)


class ReplicaRouter:
    """Installed only when DATABASE_REPLICA_URL is set (settings/base.py)."""

    def db_for_read(self, model, **hints):
        return _read_alias.get() or PRIMARY

    def db_for_write(self, model, **hints):
        # Read-your-writes inside a request: once it writes, it reads the primary.
        if _read_alias.get() is not None:
            _read_alias.set(None)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Same data on both: an object read from the replica may point at one
        # read from the primary.
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica is a read-only copy of the primary: schema comes by WAL.
        return db == PRIMARY
