"""Speech engines. `get_engine()` returns the one named by SAHIFA_LISTEN_ENGINE."""

from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from .base import EngineUnavailable, SpeechEngine, Synthesis

__all__ = ["EngineUnavailable", "SpeechEngine", "Synthesis", "get_engine"]


@lru_cache(maxsize=4)
def _load(path: str, options: tuple) -> SpeechEngine:
    return import_string(path)(**dict(options))


def get_engine() -> SpeechEngine:
    options = tuple(sorted(settings.SAHIFA_LISTEN_ENGINE_OPTIONS.items()))
    return _load(settings.SAHIFA_LISTEN_ENGINE, options)
