"""Reader reads go to the PostgreSQL replica, editors and writes to the primary.

The routing rules run everywhere; the replica tests need a real primary and
hot standby in streaming replication, which `make test-replica` starts
(scripts/with-postgres-replica.sh sets DATABASE_REPLICA_URL). Pausing WAL
replay on the standby is what proves where a page was read: a story
published meanwhile exists on the primary only."""

import os
import time

import dj_database_url
import pytest
from django.db import connections
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from sahifa.core import dbrouter

REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
needs_replica = pytest.mark.skipif(
    not REPLICA_URL, reason="needs a streaming replica: make test-replica"
)


@pytest.mark.parametrize(
    ("method", "path", "cookies", "reader"),
    [
        ("GET", "/politics/story/", {}, True),
        ("HEAD", "/", {}, True),
        ("GET", "/politics/story/", {"sessionid": "x"}, False),
        ("POST", "/search/", {}, False),
        ("GET", "/admin/pages/", {}, False),
        ("GET", "/readyz", {}, False),
    ],
)
def test_only_anonymous_public_reads_are_reader_requests(method, path, cookies, reader):
    request = RequestFactory().generic(method, path)
    request.COOKIES.update(cookies)
    assert dbrouter.reader_request(request) is reader


def test_router_reads_replica_in_a_reader_request_until_it_writes():
    router = dbrouter.ReplicaRouter()
    seen = []

    def view(request):
        seen.append(router.db_for_read(None))
        assert router.db_for_write(None) == "default"
        seen.append(router.db_for_read(None))
        return None

    dbrouter.ReplicaRoutingMiddleware(view)(RequestFactory().get("/politics/story/"))
    assert seen == ["replica", "default"]
    # Outside a request (workers, commands): the primary.
    assert router.db_for_read(None) == "default"
    assert router.allow_migrate("replica", "articles") is False
    assert router.allow_migrate("default", "articles") is True


@pytest.fixture
def replica():
    """The `replica` alias pointed at the standby's copy of the test
    database (the test runner made it a mirror of the primary's)."""
    connection = connections["replica"]
    mirrored = connection.settings_dict
    standby = dj_database_url.parse(REPLICA_URL)
    connection.close()
    connection.settings_dict = {
        **connections["default"].settings_dict,
        "HOST": standby["HOST"],
        "PORT": standby["PORT"],
    }
    yield connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    connection.close()
    connection.settings_dict = mirrored


def _caught_up(replica, timeout=15.0):
    """Wait until the standby has replayed everything the primary wrote."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (target,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    with replica.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
            assert time.monotonic() < deadline, "the replica did not catch up"
            time.sleep(0.05)


@needs_replica
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_readers_read_the_replica_and_editors_the_primary(
    replica, make_article, client, django_user_model
):
    first = make_article(title="خبر على النسختين")
    _caught_up(replica)
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0], "DATABASE_REPLICA_URL is not a standby"

    with CaptureQueriesContext(replica) as on_replica:
        assert client.get(first.url).status_code == 200
    assert any("wagtailcore_page" in q["sql"] for q in on_replica.captured_queries)

    # Freeze the standby: what is published now exists on the primary only.
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    second = make_article(title="خبر لم يصل إلى النسخة بعد")
    assert client.get(second.url).status_code == 404

    editor = django_user_model.objects.create_superuser("chief", password="x")
    editor_client = type(client)()
    editor_client.force_login(editor)
    response = editor_client.get(second.url)
    assert response.status_code == 200
    assert "خبر لم يصل إلى النسخة بعد" in response.content.decode()

    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    _caught_up(replica)
    assert client.get(second.url).status_code == 200
