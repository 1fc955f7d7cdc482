"""A fast engine for the test suite only (selected in settings/test.py): a
quiet tone whose length follows the text (33 characters a second, faster
than speech to keep the suite quick), so timings behave like the real thing."""

import numpy as np

from .base import SpeechEngine


class ToneEngine(SpeechEngine):
    name = "test-tone"

    def __init__(self, seconds_per_char: float = 0.03, sample_rate: int = 8000):
        self.seconds_per_char = float(seconds_per_char)
        self.sample_rate = int(sample_rate)

    def signature(self) -> str:
        return f"test-tone:{self.seconds_per_char}:{self.sample_rate}"

    def speak_prepared(self, sentence: str) -> np.ndarray:
        n = max(1, int(len(sentence) * self.seconds_per_char * self.sample_rate))
        t = np.arange(n) / self.sample_rate
        return (np.sin(2 * np.pi * 220 * t) * 2000).astype(np.int16)
