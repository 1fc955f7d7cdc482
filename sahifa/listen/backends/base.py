"""The engine interface: sentences in, PCM samples and per-sentence times out."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np


class EngineUnavailable(RuntimeError):
    """The engine cannot run here (missing package or voice file): retrying
    will not help until an operator fixes the configuration."""


@dataclass
class Synthesis:
    sample_rate: int
    # (start, end) in seconds of each input sentence, in order.
    spans: list[tuple[float, float]] = field(default_factory=list)
    sample_count: int = 0
    # Kept only when no sink consumed the audio.
    samples: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int16))

    @property
    def duration(self) -> float:
        return self.sample_count / self.sample_rate


class SpeechEngine:
    """Turns normalized sentences into audio. Subclasses set `name` and
    implement `speak_prepared()`; `prepare()` is the text step (e.g.
    diacritization). `synthesize()` pipelines the two in threads (the ONNX
    diacritizer and eSpeak both release the GIL) and hands each sentence's
    audio to `sink` (the MP3 encoder) as soon as it exists."""

    name = "base"
    sample_rate = 22050
    # Silence after each sentence, in seconds, on top of the engine's own pause.
    sentence_gap = 0.0

    def signature(self) -> str:
        """Everything that changes the sound: part of the audio hash, so a
        change of voice or speed regenerates the audio."""
        return self.name

    def prepare(self, sentence: str) -> str:
        return sentence

    def speak_prepared(self, text: str) -> np.ndarray:
        raise NotImplementedError

    def speak(self, sentence: str) -> np.ndarray:
        return self.speak_prepared(self.prepare(sentence))

    def start(self) -> None:
        """Load models before the first sentence (sets sample_rate)."""

    def synthesize(
        self, sentences: list[str], sink: Callable[[np.ndarray], None] | None = None
    ) -> Synthesis:
        self.start()
        spans, kept, position = [], [], 0
        gap = np.zeros(int(self.sentence_gap * self.sample_rate), dtype=np.int16)
        spoken: queue.Queue = queue.Queue()
        stop = threading.Event()

        def produce(prepared):
            try:
                for future in prepared:
                    if stop.is_set():
                        return
                    spoken.put((self.speak_prepared(future.result()), None))
            except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
                spoken.put((None, exc))
            spoken.put((None, None))

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="listen-prepare") as pool:
            prepared = [pool.submit(self.prepare, sentence) for sentence in sentences]
            producer = threading.Thread(target=produce, args=(prepared,), daemon=True)
            producer.start()
            try:
                while True:
                    audio, error = spoken.get()
                    if error is not None:
                        raise error
                    if audio is None:
                        break
                    start = position / self.sample_rate
                    position += len(audio)
                    spans.append((start, position / self.sample_rate))
                    for piece in (audio, gap):
                        if len(piece):
                            (sink or kept.append)(piece)
                    position += len(gap)
            finally:
                stop.set()
                for future in prepared:
                    future.cancel()
                producer.join(timeout=60)
        samples = np.concatenate(kept) if kept else np.zeros(0, dtype=np.int16)
        return Synthesis(
            sample_rate=self.sample_rate, spans=spans, sample_count=position, samples=samples
        )
