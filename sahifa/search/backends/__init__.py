"""Full-text engines behind one small interface (see base.SearchEngine).

The default follows the database: FTS5 on SQLite, tsvector + GIN on
PostgreSQL. SAHIFA_SEARCH_ENGINE=elasticsearch (or opensearch) sends
queries to an external cluster for very large archives.
"""

from functools import cache

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

from .base import SearchEngine

ENGINES = {
    "sqlite": "sahifa.search.backends.sqlite.SQLiteEngine",
    "postgresql": "sahifa.search.backends.postgres.PostgresEngine",
    "elasticsearch": "sahifa.search.backends.elasticsearch.ElasticsearchEngine",
    "opensearch": "sahifa.search.backends.elasticsearch.ElasticsearchEngine",
}


@cache
def get_engine() -> SearchEngine:
    name = settings.SAHIFA_SEARCH_ENGINE
    if name == "database":
        name = connection.vendor
    return import_string(ENGINES[name])(url=settings.SAHIFA_SEARCH_URL)
