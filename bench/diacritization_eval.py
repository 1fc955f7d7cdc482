"""Scoring and candidates for bench/listen_diacritization.py.

Kept free of Django and of the project's packages so that the same file runs
as a worker inside a throwaway virtualenv holding a candidate that cannot
live in the project's (torch, a GPL analyser, a clashing onnxruntime).

Scoring compares marks letter by letter after a few normalisations that do
not change what a reader says: the dagger alif is dropped, the tanween of
«رئيساً / رئيسًا» counts on the letter before the alif either way, and bare
alif / alif maqsura carry no marks. Predictions are aligned to the gold
letters, so a model that drops or adds a letter only loses that word.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench/data/diacritization/news.tsv"
LEGACY = ROOT / "sahifa/listen/tests/data/diacritized_news.txt"
MARKS = re.compile("[\u064b-\u0652\u0670]")
WORD = re.compile(r"[^\s،,.:؛!؟?«»]+")
FATHATAN, SHADDA, DAGGER_ALIF = "\u064b", "\u0651", "\u0670"
BARE = "اىٱ"
# Function words: counted in the overall figures, not as nouns.
PARTICLES = {
    "في",
    "من",
    "إلى",
    "على",
    "عن",
    "أن",
    "إن",
    "أنّ",
    "لن",
    "لم",
    "لا",
    "ما",
    "قد",
    "إذ",
    "إذا",
    "بين",
    "بعد",
    "قبل",
    "حتى",
    "منذ",
    "مع",
    "ثم",
    "أو",
    "بل",
    "لكن",
    "لكنها",
    "كما",
    "حيث",
    "بينما",
    "فيما",
    "وفي",
    "ومن",
    "ولم",
    "ولا",
    "وقد",
    "وإن",
    "وأن",
    "وهو",
    "وهي",
    "هو",
    "هي",
    "هذا",
    "هذه",
    "ذلك",
    "الذي",
    "التي",
    "الذين",
    "غير",
    "نحو",
    "عند",
    "لدى",
    "دون",
    "أمام",
    "خلال",
    "حول",
    "عبر",
    "وفق",
    "بحسب",
}


@dataclass(frozen=True)
class Item:
    id: str
    section: str
    tags: str  # one letter per word: N name, V verb, - other
    plain: str
    gold: str


def load_set(path: Path = DATA) -> list[Item]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Item(r["id"], r["section"], r["tags"], r["plain"], r["gold"]) for r in rows]


def load_legacy(path: Path = LEGACY) -> list[Item]:
    lines = [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return [
        Item(f"legacy-{i:02d}", "legacy", "-" * len(words(g)), MARKS.sub("", g), g)
        for i, g in enumerate(lines, 1)
    ]


def words(text: str) -> list[str]:
    return WORD.findall(text)


def letters(word: str) -> list[tuple[str, str]]:
    """(base letter, sorted marks) pairs under the normalisations above."""
    out: list[list[str]] = []
    for ch in unicodedata.normalize("NFC", word).replace(DAGGER_ALIF, ""):
        if MARKS.match(ch):
            if out:
                out[-1][1] += ch
        else:
            out.append([ch, ""])
    for i, (base, marks) in enumerate(out):
        if base in BARE:
            if FATHATAN in marks and i and FATHATAN not in out[i - 1][1]:
                out[i - 1][1] += FATHATAN
            out[i][1] = ""
    return [(base, "".join(sorted(set(marks)))) for base, marks in out]


def case_slot(lets: list[tuple[str, str]]) -> int:
    """Index of the letter that carries the case ending: the last one, or the
    one before a final alif / alif maqsura («رئيسًا», «مستوًى»)."""
    if len(lets) > 1 and lets[-1][0] in "اى":
        return len(lets) - 2
    return len(lets) - 1


def align(plain: str, predicted: str) -> list[list[str | None]]:
    """The predicted marks for each letter of each word of `plain`; None where
    the prediction has no matching letter (dropped or changed)."""
    target = [letters(w) for w in words(plain)]
    flat = [b for lets in target for b, _ in lets]
    pred = [pair for w in words(predicted) for pair in letters(w)]
    marks: list[str | None] = [None] * len(flat)
    matcher = difflib.SequenceMatcher(None, flat, [b for b, _ in pred], autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            marks[block.a + k] = pred[block.b + k][1]
    out, pos = [], 0
    for lets in target:
        out.append(marks[pos : pos + len(lets)])
        pos += len(lets)
    return out


def rebuild(plain: str, aligned: list[list[str | None]]) -> str:
    """A sentence (words only) from plain letters and aligned marks."""
    return " ".join(
        "".join(b + (m or "") for (b, _), m in zip(letters(w), marks, strict=True))
        for w, marks in zip(words(plain), aligned, strict=True)
    )


def word_kind(item: Item, index: int, word: str) -> str:
    tag = item.tags[index]
    if tag == "N":
        return "names"
    if tag == "V":
        return "verbs"
    return "particles" if word in PARTICLES else "nouns"


def score(items: list[Item], predicted: list[str]) -> dict:
    c: Counter = Counter()
    by_section: dict[str, Counter] = defaultdict(Counter)
    for item, pred in zip(items, predicted, strict=True):
        plain_words = words(item.plain)
        gold_words = words(item.gold)
        assert len(plain_words) == len(gold_words), item.id
        for i, (g, p) in enumerate(zip(gold_words, align(item.plain, pred), strict=True)):
            gl = letters(g)
            slot = case_slot(gl)
            gm = [m for _, m in gl]
            wrong = [a != b for a, b in zip(gm, p, strict=True)]
            word_wrong = any(wrong)
            core_wrong = any(w for k, w in enumerate(wrong) if k != slot)
            c["words"] += 1
            c["wrong"] += word_wrong
            c["wrong_core"] += core_wrong
            c["letters"] += len(gl)
            c["wrong_letters"] += sum(wrong)
            c["letters_core"] += len(gl) - 1
            c["wrong_letters_core"] += sum(w for k, w in enumerate(wrong) if k != slot)
            if gm[slot]:
                c["case"] += 1
                c["case_wrong"] += wrong[slot]
            for a, b in zip(gm, p, strict=True):
                if SHADDA in a or (b and SHADDA in b):
                    c["shadda"] += 1
                    c["shadda_wrong"] += a != b
            kind = word_kind(item, i, plain_words[i])
            c[kind] += 1
            c[kind + "_wrong"] += word_wrong
            by_section[item.section]["words"] += 1
            by_section[item.section]["wrong"] += word_wrong
            by_section[item.section]["wrong_core"] += core_wrong

    def rate(num: str, den: str) -> float:
        return c[num] / c[den] if c[den] else 0.0

    return {
        "words": c["words"],
        "wer": rate("wrong", "words"),
        "wer_core": rate("wrong_core", "words"),
        "der": rate("wrong_letters", "letters"),
        "der_core": rate("wrong_letters_core", "letters_core"),
        "case": rate("case_wrong", "case"),
        "shadda": rate("shadda_wrong", "shadda"),
        "names": rate("names_wrong", "names"),
        "verbs": rate("verbs_wrong", "verbs"),
        "nouns": rate("nouns_wrong", "nouns"),
        "counts": {k: c[k] for k in ("case", "shadda", "names", "verbs", "nouns")},
        "sections": {
            s: (v["wrong"] / v["words"], v["wrong_core"] / v["words"])
            for s, v in by_section.items()
        },
    }


# ── candidates (each runs in a worker process: python <this file> NAME) ──────
def _text2tashkeel(model: str):
    from text2tashkeel import Diacritizer

    d = Diacritizer(model)
    return d.diacritize


def _dengjen():
    from dengjen_tashkeel_py import tashkeel

    return tashkeel


def _mishkal():
    import mishkal.tashkeel

    vocalizer = mishkal.tashkeel.TashkeelClass()
    return vocalizer.tashkeel


def _arabic_diacritizer():
    from diacritize import Diacritizer  # the `arabic-diacritizer` distribution

    d = Diacritizer.from_pretrained()
    return d.diacritize


def _arbtok():
    # Its default stem lexicon is fetched from a hub at run time: run without.
    from arbtok.diacritize import LatticeDiacritizer

    d = LatticeDiacritizer(lang="ar", lexicon=None)
    return lambda text: str(d.diacritize_text(text))


def _ichkil():
    # 1.0.0: the wheel holds code only; Diacritizer() fetches model.onnx from a
    # hub on first use, so under unshare -n it fails here instead of scoring.
    from ichkil import Diacritizer

    return Diacritizer().diacritize


def _neudia():
    # 0.0.11: a toolkit to train diacritizers (neudia fit), whose predict needs
    # a checkpoint the user supplies. Look for one shipped in the wheel without
    # importing it (torch, lightning): there is none, so it cannot score.
    import importlib.util

    spec = importlib.util.find_spec("neudia")
    where = Path(spec.origin).parent
    shipped = [p for p in where.rglob("*") if p.suffix in {".ckpt", ".pt", ".onnx", ".safetensors"}]
    raise RuntimeError(
        f"neudia ships {[p.name for p in shipped]}: a new release to measure by hand"
        if shipped
        else "no trained model in the neudia wheel: it trains models (neudia fit) and"
        " predicts only from a checkpoint given with --ckpt_path"
    )


def _fast_disambig():
    # 0.4.0: a Rust port of CAMeL Tools' MLE disambiguator (its `diac` is a
    # fully diacritized word). The wheel holds code only: the calima-msa-r13
    # database and the MLE model come from CAMeL's data catalogue on first
    # use, so under unshare -n it fails here instead of scoring.
    from fast_disambig import camel

    d = camel.MLEDisambiguator()

    def run(text: str) -> str:
        return " ".join(
            (w.analyses[0].diac if w.analyses else w.word)
            for w in d.disambiguate(camel.tokenize(text))
        )

    return run


def _farahidi(in_context: bool):
    # 0.4.0: AlKhalil Morpho Sys 2 in Python, lexicon and language model in the
    # wheel. It analyses words, it does not diacritize: each word takes the
    # fully vowelled form (first inflection) of one analysis. In context: the
    # analysis of the lemma its Disambiguator picks for the sentence, the most
    # frequent one of that lemma; alone: the word's most frequent analysis.
    import farahidi

    az = farahidi.Analyzer()
    dis = farahidi.Disambiguator(analyzer=az)

    def form(word: str, lemma: str | None) -> str:
        found = [a for a in az.analyze(word) if lemma is None or a.lemma == lemma]
        if not found or not found[0].inflections:
            return word
        best = max(found, key=lambda a: a.score)
        return best.inflections[0].diacritized

    def run(text: str) -> str:
        tokens = words(text)
        lemmas = (
            [r.lemma if r.analyzed else None for r in dis.disambiguate(tokens)]
            if in_context
            else [None] * len(tokens)
        )
        return " ".join(form(w, lemma) for w, lemma in zip(tokens, lemmas, strict=True))

    return run


T2T_MODELS = ["rawi-ensemble", "rawi-v2-int8", "rawi-v3-int8", "rawi-int8", "bilstm-int8"]
CANDIDATES = {
    **{m: ("text2tashkeel", lambda m=m: _text2tashkeel(m)) for m in T2T_MODELS},
    "dengjen": ("dengjen_tashkeel_py", _dengjen),
    "mishkal": ("mishkal", _mishkal),
    "arabic-diacritizer": ("diacritize", _arabic_diacritizer),
    "arbtok": ("arbtok", _arbtok),
    "ichkil": ("ichkil", _ichkil),
    "neudia": ("neudia", _neudia),
    "fast-disambig": ("fast_disambig", _fast_disambig),
    "farahidi": ("farahidi", lambda: _farahidi(in_context=True)),
    "farahidi-first": ("farahidi", lambda: _farahidi(in_context=False)),
}


def worker(name: str) -> None:
    """Diacritize the JSON list of sentences on stdin; print outputs and times."""
    sentences = json.load(sys.stdin)
    t0 = time.perf_counter()
    try:
        model = CANDIDATES[name][1]()
        model(sentences[0])
    except Exception as exc:  # noqa: BLE001 - reported in the table, not fatal for the run
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"[:300]}))
        return
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    outputs = [model(s) for s in sentences]
    print(json.dumps({"outputs": outputs, "load": load, "run": time.perf_counter() - t0}))


if __name__ == "__main__":
    worker(sys.argv[1])
