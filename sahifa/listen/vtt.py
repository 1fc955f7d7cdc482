"""WebVTT of sentence timings: one cue per spoken sentence, whose text is the
sentence as printed on the page (so the player can find and highlight it)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class Cue:
    start: float
    end: float
    text: str


def timestamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def build(cues: list[Cue]) -> str:
    lines = ["WEBVTT", ""]
    for index, cue in enumerate(cues, 1):
        text = " ".join(cue.text.replace("-->", "→").split())
        lines += [f"s{index}", f"{timestamp(cue.start)} --> {timestamp(cue.end)}", text, ""]
    return "\n".join(lines)


_TIME = re.compile(r"(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})")


def _seconds(value: str) -> float:
    h, m, s, ms = _TIME.fullmatch(value.strip()).groups()
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def parse(text: str) -> list[Cue]:
    cues = []
    for block in re.split(r"\n\s*\n", text.strip())[1:]:
        lines = block.strip().splitlines()
        for i, line in enumerate(lines):
            if "-->" in line:
                start, end = (part.split()[0] for part in line.split("-->"))
                cues.append(Cue(_seconds(start), _seconds(end), " ".join(lines[i + 1 :])))
                break
    return cues
