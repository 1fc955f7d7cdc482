"""bench/diacritization_eval.py (scoring and the evaluation set), loaded once
for the tests: bench/ is not a package."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _load():
    spec = importlib.util.spec_from_file_location(
        "diacritization_eval", ROOT / "bench/diacritization_eval.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


ev = sys.modules.get("diacritization_eval") or _load()
