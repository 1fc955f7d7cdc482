import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache

from sahifa.audience import blocks, services
from sahifa.audience.stores import reset_store


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A real redis-server on a free loopback port, no persistence; stopped
    by its PID at the end of the session."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed (scripts/system-deps.sh test)")
    port = _free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        + ["--dir", str(workdir), "--protected-mode", "yes"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("redis-server did not start")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(autouse=True)
def audience_isolation(settings):
    """Each test gets a fresh store and cache; unit tests flush by hand."""
    settings.SAHIFA_AUDIENCE_REDIS_URL = ""
    settings.SAHIFA_AUDIENCE_FLUSH_THREAD = False
    reset_store()
    cache.clear()
    services._rate_limiter.reset()
    blocks._local.clear()
    yield
    reset_store(flush=False)
    cache.clear()


@pytest.fixture
def use_redis(settings, redis_server):
    import redis

    redis.Redis.from_url(redis_server).flushdb()
    settings.SAHIFA_AUDIENCE_REDIS_URL = redis_server
    reset_store()
    return redis_server


CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
