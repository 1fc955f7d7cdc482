"""Optional engine: a Piper voice file supplied by the operator
(SAHIFA_LISTEN_PIPER_VOICE, an .onnx with its .onnx.json beside it). Needs the
`piper-tts` package, which `make install` does not install: no Arabic Piper
voice ships in a package, so this is the upgrade path for sites that have one."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .. import diacritize
from ..diacritize import DEFAULT_MODEL
from ..normalize import keep_written_marks
from .base import EngineUnavailable, SpeechEngine


class PiperEngine(SpeechEngine):
    name = "piper"

    def __init__(self, voice_path: str = "", diacritizer: str = DEFAULT_MODEL, sentence_gap=0.2):
        self.voice_path = voice_path
        self.diacritizer = diacritizer
        self.sentence_gap = float(sentence_gap)
        self._voice = None

    def signature(self) -> str:
        path = Path(self.voice_path)
        stamp = int(path.stat().st_mtime) if path.exists() else 0
        return f"piper:{path.name}:{stamp}:tashkeel={self.diacritizer}:gap={self.sentence_gap}"

    def voice(self):
        if self._voice is None:
            if not self.voice_path or not Path(self.voice_path).exists():
                raise EngineUnavailable(f"ملف صوت Piper غير موجود: {self.voice_path or '—'}")
            try:
                from piper import PiperVoice
            except ImportError as exc:
                raise EngineUnavailable("حزمة piper-tts غير مثبتة") from exc
            self._voice = PiperVoice.load(self.voice_path)
            self.sample_rate = int(self._voice.config.sample_rate)
        return self._voice

    def start(self) -> None:
        self.voice()

    def prepare(self, sentence: str) -> str:
        diacritized = diacritize.diacritize(sentence, self.diacritizer)
        diacritized = diacritize.fix_shadda(diacritize.case_rules(diacritized))
        return keep_written_marks(sentence, diacritized)

    def speak_prepared(self, text: str) -> np.ndarray:
        data = b"".join(chunk.audio_int16_bytes for chunk in self.voice().synthesize(text))
        return np.frombuffer(data, dtype=np.int16)
