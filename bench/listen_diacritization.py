"""Listen: diacritization on original, hand-diacritized news MSA
(bench/data/diacritization/news.tsv: 308 sentences, 4,257 words, seven
sections; method in docs/listen.md) and on the older 32-sentence set
(sahifa/listen/tests/data/diacritized_news.txt).

Every candidate runs in its own worker process (bench/diacritization_eval.py)
with HF_HUB_OFFLINE=1 and, where `unshare -n` works, no network at all: a
candidate that would download weights at run time fails here instead of
scoring. Candidates missing from the project's venv run from --python (a
throwaway venv, e.g. with torch for arabic-diacritizer).

WER: share of words with any mark wrong; "no case" ignores the marks of each
word's last letter (the case ending). DER: share of letters. Then per
category: case endings (words whose ending is marked), shadda (letters with a
shadda in gold or prediction), names, verbs, nouns. Combinations: word vote of
three models, +rules (sahifa.listen.diacritize.case_rules), +lexicon (the
newsroom lexicon bench/data/diacritization/lexicon.tsv through
apply_lexicon), +shipped lexicon (the starter lexicon's Arabic entries, as
the listen chain applies them). Then each case rule alone on rawi-v3-int8,
on the development half (sentences 1–22 of each section, where the rules
were written) and the held-out half (23–44), before/after per category on
each half, farahidi's stems with the shipped chain (and their oracle),
and which words are wrong (category, case ending or stem, most
frequent). Speed: a 5,000-character article through the text step of
the speech engine (split, diacritize, rules, fixes), model loaded and cold.

    .venv/bin/python bench/listen_diacritization.py [--python /tmp/venv/bin/python]
        [--candidates rawi-ensemble,...] [--cache /tmp/diac-cache]
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import diacritization_eval as ev  # noqa: E402

LEXICON = ROOT / "bench/data/diacritization/lexicon.tsv"
WORKER = ROOT / "bench/diacritization_eval.py"
DEFAULT_CANDIDATES = (
    "rawi-ensemble,rawi-v3-int8,rawi-v2-int8,rawi-int8,bilstm-int8,"
    "dengjen,mishkal,arabic-diacritizer,arbtok,ichkil,neudia,fast-disambig,"
    "farahidi,farahidi-first"
)


def run_candidate(name: str, sentences: list[str], python: str | None, cache: Path | None):
    """Outputs of one candidate from a worker process, offline; cached by
    candidate and input when --cache is given."""
    key = hashlib.sha1(("\n".join(sentences) + name).encode()).hexdigest()[:16]
    cached = cache / f"{name}-{key}.json" if cache else None
    if cached and cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    module = ev.CANDIDATES[name][0]
    here = subprocess.run(
        [sys.executable, "-c", f"import importlib.util as u; exit(not u.find_spec({module!r}))"],
        capture_output=True,
    )
    interpreter = sys.executable if here.returncode == 0 else python
    if not interpreter:
        return {"error": f"{module} not installed (pass --python)"}
    cmd = [interpreter, str(WORKER), name]
    if (
        shutil.which("unshare")
        and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    ):
        cmd = ["unshare", "-n", *cmd]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    proc = subprocess.run(
        cmd, input=json.dumps(sentences), capture_output=True, text=True, env=env, timeout=3600
    )
    try:
        result = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        result = {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1][:300]}
    if cached and "outputs" in result:
        cache.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return result


def load_lexicon(path: Path = LEXICON) -> dict[str, str]:
    entries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            spoken = line.split("\t")[-1].strip()
            entries[ev.MARKS.sub("", spoken)] = spoken
    return entries


def vote(plains: list[str], outputs: list[list[str]]) -> list[str]:
    """Per word, the marking most models agree on; the first model breaks ties."""
    voted = []
    for k, plain in enumerate(plains):
        aligned = [ev.align(plain, out[k]) for out in outputs]
        words = []
        for w in range(len(aligned[0])):
            options = [tuple(a[w]) for a in aligned]
            best = Counter(options).most_common()
            top = [o for o, n in best if n == best[0][1]]
            words.append(list(options[0] if options[0] in top else top[0]))
        voted.append(ev.rebuild(plain, words))
    return voted


def article(items: list, size: int = 5000) -> str:
    """About `size` characters of the set's sentences, as one article."""
    text = ""
    for item in items:
        if len(text) >= size:
            break
        text += item.plain + " "
    return text[:size].rsplit(" ", 1)[0]


def speed(model: str, text: str) -> tuple[float, float]:
    """Seconds for the engine's text step on `text`: cold (model load
    included) and warm."""
    from sahifa.listen import diacritize
    from sahifa.listen.normalize import split_sentences

    diacritize._diacritizer.cache_clear()
    times = []
    for _ in range(2):
        t0 = time.perf_counter()
        for sentence in split_sentences(text):
            diacritize.prepare(sentence, model)
        times.append(time.perf_counter() - t0)
    return times[0], times[1]


def row(label: str, s: dict, legacy: dict | None, extra: str = "") -> str:
    old = f"{legacy['wer']:.1%} / {legacy['wer_core']:.1%}" if legacy else "–"
    return (
        f"| {label} | {s['wer']:.1%} | {s['wer_core']:.1%} | {s['der']:.1%} | {s['der_core']:.1%} "
        f"| {s['case']:.1%} | {s['shadda']:.1%} | {s['names']:.1%} | {s['verbs']:.1%} "
        f"| {s['nouns']:.1%} | {old} | {extra} |"
    )


def halves(items: list) -> tuple[list[int], list[int]]:
    """Indices of the development half (sentences 1–22 of each section, where
    the case rules were written) and the held-out half (23–44)."""
    dev = [k for k, item in enumerate(items) if int(item.id.rsplit("-", 1)[1]) <= 22]
    return dev, [k for k in range(len(items)) if k not in set(dev)]


def by_half(items: list, out: list[str]) -> list[dict]:
    dev, held = halves(items)
    return [
        ev.score([items[k] for k in idx], [out[k] for k in idx])
        for idx in (dev, held, range(len(items)))
    ]


def rule_table(items: list, base: list[str], lexicon: dict[str, str], shipped: list[str]) -> None:
    """Each case rule alone on the model's output, then the kept ones, on the
    two halves of the set (a rule is kept only if it lowers WER)."""
    from sahifa.listen.diacritize import CASE_RULES, DEFAULT_CASE_RULES, apply_lexicon, case_rules

    dev, held = halves(items)
    print(
        f"\nCase rules, each alone on rawi-v3-int8, WER / without case endings "
        f"(words wrong); development half {len(dev)} sentences, held-out {len(held)}:\n"
    )
    print("| rules | development | held-out | whole set | kept |\n|---|---|---|---|---|")
    rows = [("none (the model alone)", base, "")]
    rows += [
        (name, [case_rules(t, (name,)) for t in base], "yes" if name in DEFAULT_CASE_RULES else "")
        for name in CASE_RULES
    ]
    kept = [case_rules(t) for t in base]
    rows += [
        ("all kept (DEFAULT_CASE_RULES)", kept, ""),
        ("all kept + lexicon", [apply_lexicon(t, lexicon) for t in kept], ""),
        ("all kept + shipped lexicon (the chain as shipped)", shipped, ""),
    ]
    for label, out, mark in rows:
        cells = [
            f"{s['wer']:.2%} / {s['wer_core']:.2%} ({round(s['wer'] * s['words'])})"
            for s in by_half(items, out)
        ]
        print(f"| {label} | {' | '.join(cells)} | {mark} |")
    print(
        "\nBefore (the model alone) and after (the chain as shipped), each half:\n\n"
        "| chain | half | WER | WER no case | DER | DER no case | case endings | shadda | names "
        "| verbs | nouns |\n|---|---|---|---|---|---|---|---|---|---|---|"
    )
    for label, out in (("rawi-v3-int8", base), ("+ rules + shipped lexicon", shipped)):
        for half, s in zip(("development", "held-out", "whole"), by_half(items, out), strict=True):
            print(row(f"{label} | {half}", s, None)[: -len(" | – |  |")] + " |")


def analyser_table(items: list, chain: list[str], outputs: dict[str, list[str]]) -> None:
    """farahidi (AlKhalil) against the shipped chain, word by word on each
    half: the chain with farahidi's stem (the chain's case ending kept)
    where farahidi in context and farahidi-first agree on the stem, and an
    oracle that takes farahidi's word only where it is right (an upper
    bound no real combination reaches)."""
    ctx, first = outputs["farahidi"], outputs["farahidi-first"]

    def swap(k: int, oracle: bool) -> str:
        item = items[k]
        marks = []
        for gold, a, b, c in zip(
            ev.words(item.gold),
            ev.align(item.plain, chain[k]),
            ev.align(item.plain, ctx[k]),
            ev.align(item.plain, first[k]),
            strict=True,
        ):
            lets = ev.letters(gold)
            slot = ev.case_slot(lets)
            if oracle:
                marks.append(b if b == [m for _, m in lets] else a)
                continue
            stem_b = [m for i, m in enumerate(b) if i != slot]
            stem_c = [m for i, m in enumerate(c) if i != slot]
            agree = None not in b and stem_b == stem_c
            marks.append([b[i] if agree and i != slot else a[i] for i in range(len(a))])
        return ev.rebuild(item.plain, marks)

    print(
        "\nfarahidi with the chain as shipped, WER / without case endings (words wrong):\n\n"
        "| chain | development | held-out | whole set |\n|---|---|---|---|"
    )
    rows = [
        ("the chain as shipped", chain),
        (
            "+ farahidi's stem where farahidi and farahidi-first agree",
            [swap(k, False) for k in range(len(items))],
        ),
        ("oracle: farahidi's word where it is right", [swap(k, True) for k in range(len(items))]),
    ]
    for label, out in rows:
        cells = [
            f"{s['wer']:.2%} / {s['wer_core']:.2%} ({round(s['wer'] * s['words'])})"
            for s in by_half(items, out)
        ]
        print(f"| {label} | {' | '.join(cells)} |")


def error_report(items: list, out: list[str], top: int = 12) -> None:
    """Which words are wrong: counts by category and by where the error is
    (the case ending only, or the word's stem), and the most frequent."""
    kinds: Counter = Counter()
    frequent: Counter = Counter()
    for item, pred in zip(items, out, strict=True):
        plain = ev.words(item.plain)
        for i, (gold, marks) in enumerate(
            zip(ev.words(item.gold), ev.align(item.plain, pred), strict=True)
        ):
            lets = ev.letters(gold)
            slot = ev.case_slot(lets)
            wrong = [g != p for (_, g), p in zip(lets, marks, strict=True)]
            if any(wrong):
                where = (
                    "stem"
                    if any(w for k, w in enumerate(wrong) if k != slot)
                    else "case ending only"
                )
                kinds[(ev.word_kind(item, i, plain[i]), where)] += 1
                frequent[plain[i]] += 1
    print("\nWords wrong, by category and place of the error:\n")
    print("| category | case ending only | stem |\n|---|---|---|")
    for kind in ("nouns", "names", "verbs", "particles"):
        print(f"| {kind} | {kinds[(kind, 'case ending only')]} | {kinds[(kind, 'stem')]} |")
    print(
        "\nMost frequent wrong words: "
        + "، ".join(f"{w} {n}" for w, n in frequent.most_common(top))
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", default=DEFAULT_CANDIDATES)
    parser.add_argument("--python", help="interpreter of a venv holding the other candidates")
    parser.add_argument("--cache", type=Path, help="keep each candidate's outputs here")
    parser.add_argument("--vote", default="rawi-ensemble,rawi-v3-int8,dengjen")
    parser.add_argument("--speed-model", default="rawi-ensemble,rawi-v3-int8")
    args = parser.parse_args()

    items, legacy = ev.load_set(), ev.load_legacy()
    plains = [i.plain for i in items + legacy]
    n = len(items)
    chars = sum(len(p) for p in plains[:n])
    print(
        f"{n} sentences, {sum(len(ev.words(i.gold)) for i in items)} words, {chars:,} characters"
        f" ({len(legacy)} more in the older set)\n"
    )
    print(
        "| candidate | WER | WER no case | DER | DER no case | case endings | shadda | names "
        "| verbs | nouns | older set WER / no case | load s · chars/s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    outputs: dict[str, list[str]] = {}
    for name in args.candidates.split(","):
        result = run_candidate(name, plains, args.python, args.cache)
        if "error" in result:
            print(f"| {name} | not run: {result['error']} |" + " |" * 10)
            continue
        out = result["outputs"]
        outputs[name] = out
        speed_note = f"{result['load']:.1f} · {sum(len(p) for p in plains) / result['run']:,.0f}"
        print(row(name, ev.score(items, out[:n]), ev.score(legacy, out[n:]), speed_note))

    lexicon = load_lexicon()
    from sahifa.listen.diacritize import apply_lexicon, case_rules
    from sahifa.listen.lexicon_starter import ARABIC_STARTER_LEXICON
    from sahifa.listen.normalize import Lexicon, keep_written_marks

    combos: dict[str, list[str]] = {}
    shipped = Lexicon(ARABIC_STARTER_LEXICON)
    voters = [v for v in args.vote.split(",") if v in outputs]
    if len(voters) >= 3:
        combos[f"vote({'+'.join(voters)})"] = vote(plains, [outputs[v] for v in voters])
    for base in [b for b in ("rawi-ensemble", "rawi-v3-int8") if b in outputs] + list(combos):
        src = outputs.get(base) or combos[base]
        combos[f"{base} +rules"] = [case_rules(t) for t in src]
        combos[f"{base} +lexicon"] = [apply_lexicon(t, lexicon) for t in src]
        # The listen chain's own lexicon: marked spoken forms put in the text
        # before the model and kept whole after it (sahifa.listen.normalize).
        whole = Lexicon(lexicon)
        combos[f"{base} +lexicon whole words"] = [
            keep_written_marks(whole.apply(p), t) for p, t in zip(plains, src, strict=True)
        ]
        combos[f"{base} +rules +lexicon"] = [apply_lexicon(case_rules(t), lexicon) for t in src]
        # The chain as shipped: DEFAULT_CASE_RULES and the starter lexicon's
        # Arabic entries (migration 0003), applied as the listen chain does.
        combos[f"{base} +rules +shipped lexicon"] = [
            keep_written_marks(shipped.apply(p, latin=False), case_rules(t))
            for p, t in zip(plains, src, strict=True)
        ]
    for label, out in combos.items():
        print(row(label, ev.score(items, out[:n]), ev.score(legacy, out[n:])))

    if "rawi-v3-int8" in outputs:
        shipped_out = combos["rawi-v3-int8 +rules +shipped lexicon"][:n]
        rule_table(items, outputs["rawi-v3-int8"][:n], lexicon, shipped_out)
        if {"farahidi", "farahidi-first"} <= set(outputs):
            analyser_table(items, shipped_out, {k: v[:n] for k, v in outputs.items()})
        for label in ("rawi-v3-int8", "rawi-v3-int8 +rules +shipped lexicon"):
            print(f"\n**{label}**")
            error_report(items, (outputs.get(label) or combos[label])[:n])
    best = min(combos or outputs, key=lambda k: ev.score(items, (combos or outputs)[k][:n])["wer"])
    print(f"\nPer section, WER / without case endings ({best} against rawi-ensemble):\n")
    print("| section | rawi-ensemble | " + best + " |\n|---|---|---|")
    base_s = (
        ev.score(items, outputs["rawi-ensemble"][:n])["sections"]
        if "rawi-ensemble" in outputs
        else {}
    )
    best_s = ev.score(items, (combos or outputs)[best][:n])["sections"]
    for section, (w, c) in best_s.items():
        b = base_s.get(section)
        left = f"{b[0]:.1%} / {b[1]:.1%}" if b else "–"
        print(f"| {section} | {left} | {w:.1%} / {c:.1%} |")

    text = article(items)
    print(f"\nSpeed: a {len(text):,}-character article through the text step (budget 5 s):\n")
    print("| model | cold s (load included) | warm s |\n|---|---|---|")
    for model in args.speed_model.split(","):
        cold, warm = speed(model, text)
        print(f"| {model} | {cold:.2f} | {warm:.2f} |")
    print(f"\n(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores during the run)")


if __name__ == "__main__":
    main()
