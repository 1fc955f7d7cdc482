"""Which analyzer produced an index: a fingerprint of this package's code
and word lists. Search entries and related-news vectors store it, so an
upgrade that changes the analysis is found and re-indexed
(`search_rebuild --if-stale`, `rebuild_related --if-stale`)."""

import functools
import hashlib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def fingerprint() -> str:
    """16 hex digits over the analysis modules and data files (tests
    excluded): equal exactly when their bytes are."""
    digest = hashlib.sha256()
    files = [*_PACKAGE.glob("*.py"), *(_PACKAGE / "data").glob("*.txt")]
    for path in sorted(files):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]
