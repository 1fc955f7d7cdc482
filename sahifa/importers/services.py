"""The importers' public entry points, for other apps and scripts.

- `import_file()`: one IPTC ninjs file (ninjs_import.py);
- `import_wxr()`: one WordPress export (wordpress.py);
- `poll_source()` / `poll_all()`: agency wires (wires.py);
- `relink_pending()`: links to items that arrived later (relink.py).

All of them write through `writer.upsert_article()`."""

from .ninjs_import import import_file
from .relink import relink_pending
from .types import ImportFailed
from .wires import poll_all, poll_source
from .wordpress import import_wxr
from .writer import public_path

__all__ = [
    "ImportFailed",
    "import_file",
    "import_wxr",
    "poll_all",
    "poll_source",
    "public_path",
    "relink_pending",
]
