"""The default engine: text2tashkeel diacritization + eSpeak NG (the library
bundled by the espeakng-loader wheel, driven through ctypes). Offline, no
system package needed. eSpeak NG is GPL-3.0; it is loaded at run time behind
this interface."""

from __future__ import annotations

import ctypes
import threading

import numpy as np

from .. import diacritize
from ..diacritize import DEFAULT_MODEL
from ..normalize import keep_written_marks
from .base import EngineUnavailable, SpeechEngine

AUDIO_OUTPUT_SYNCHRONOUS = 2
POS_CHARACTER = 1
ESPEAK_CHARS_UTF8 = 1
ESPEAK_RATE, ESPEAK_VOLUME, ESPEAK_PITCH, ESPEAK_RANGE = 1, 2, 3, 4
EVENT_LIST_TERMINATED, EVENT_WORD, EVENT_SENTENCE, EVENT_END, EVENT_MSG_TERMINATED = 0, 1, 2, 5, 6


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_void_p),
    ]


_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


class _Espeak:
    """One eSpeak NG instance per process: the library keeps global state,
    so every call goes through one lock."""

    lock = threading.Lock()
    _instance = None

    def __init__(self):
        try:
            import espeakng_loader
        except ImportError as exc:  # pragma: no cover - installed by make install
            raise EngineUnavailable("حزمة espeakng-loader غير مثبتة") from exc
        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self.lib.espeak_Initialize.restype = ctypes.c_int
        self.sample_rate = self.lib.espeak_Initialize(
            AUDIO_OUTPUT_SYNCHRONOUS, 0, espeakng_loader.get_data_path().encode(), 0
        )
        if self.sample_rate <= 0:
            raise EngineUnavailable("تعذّر تشغيل eSpeak NG")
        self.chunks: list[np.ndarray] = []
        self.events: list[tuple[int, int, int]] = []
        self._callback = _CALLBACK(self._on_audio)  # kept alive on purpose
        self.lib.espeak_SetSynthCallback(self._callback)
        self.voice = None

    @classmethod
    def get(cls) -> _Espeak:
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def _on_audio(self, wav, count, events):
        if count > 0:
            self.chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        i = 0
        while events[i].type != EVENT_LIST_TERMINATED:
            event = events[i]
            self.events.append((event.type, event.text_position, event.audio_position))
            i += 1
        return 0

    def configure(self, voice: str, rate: int, pitch: int) -> None:
        if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise EngineUnavailable(f"صوت eSpeak غير موجود: {voice}")
        self.lib.espeak_SetParameter(ESPEAK_RATE, rate, 0)
        self.lib.espeak_SetParameter(ESPEAK_PITCH, pitch, 0)

    def speak(self, text: str) -> tuple[np.ndarray, list[tuple[int, int, int]]]:
        self.chunks, self.events = [], []
        data = text.encode("utf-8")
        status = self.lib.espeak_Synth(
            data, len(data) + 1, 0, POS_CHARACTER, 0, ESPEAK_CHARS_UTF8, None, None
        )
        self.lib.espeak_Synchronize()
        if status != 0:
            raise RuntimeError(f"eSpeak NG error {status}")
        audio = np.concatenate(self.chunks) if self.chunks else np.zeros(0, dtype=np.int16)
        return audio, self.events


class EspeakEngine(SpeechEngine):
    name = "espeak-ng"

    def __init__(
        self,
        voice: str = "ar",
        rate: int = 240,
        pitch: int = 45,
        diacritizer: str = DEFAULT_MODEL,
        sentence_gap: float = 0.15,
    ):
        self.voice = voice
        self.rate = int(rate)
        self.pitch = int(pitch)
        self.diacritizer = diacritizer
        self.sentence_gap = float(sentence_gap)
        self.sample_rate = 22050

    def signature(self) -> str:
        return (
            f"espeak-ng:{self.voice}:rate={self.rate}:pitch={self.pitch}"
            f":tashkeel={self.diacritizer}:gap={self.sentence_gap}"
        )

    def prepare(self, sentence: str) -> str:
        if not self.diacritizer:
            return sentence
        return keep_written_marks(sentence, diacritize.prepare(sentence, self.diacritizer))

    def start(self) -> None:
        with _Espeak.lock:
            self.sample_rate = _Espeak.get().sample_rate

    def speak_prepared(self, text: str) -> np.ndarray:
        return self.speak_with_events(text)[0]

    def speak_with_events(self, text: str) -> tuple[np.ndarray, list[tuple[int, int, int]]]:
        """Samples of diacritized `text`, and eSpeak's (event type, character
        position, milliseconds) events for it."""
        with _Espeak.lock:
            espeak = _Espeak.get()
            self.sample_rate = espeak.sample_rate
            espeak.configure(self.voice, self.rate, self.pitch)
            audio, events = espeak.speak(text)
        return _trim_silence(audio), events


def _trim_silence(audio: np.ndarray, threshold: int = 64) -> np.ndarray:
    """eSpeak ends every utterance with a long pause; keep ~120 ms of it so
    sentence gaps stay even (the engine adds its own gap)."""
    loud = np.flatnonzero(np.abs(audio) > threshold)
    if not len(loud):
        return audio
    end = min(len(audio), loud[-1] + 2646)
    return audio[:end]
