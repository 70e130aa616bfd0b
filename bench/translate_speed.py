"""Translation engines side by side on the architecture-exact random-weights MarianMT.

    python bench/translate_speed.py                          # all engines, batches 1 8 32
    python bench/translate_speed.py --engines transformers ct2-int8 --threads 1
    python bench/translate_speed.py --engines transformers ct2-int8 --beams 1 4 6 \
        --batches 8 32 --sentences 64 --tokens 16 --repeats 1 --threads 1   # beam cost

One process loads every engine and interleaves them (repeat by repeat, batch by batch), so
they all see the same machine load; it prints medians of sentences/s and CPU ms per sentence,
and each engine's speed as a multiple of transformers fp32 at the same batch size and beam, and
(with --beams) as a multiple of its own greedy speed. Every output is exactly --tokens
decoder steps (random weights never choose EOS: min == max length), on the same Indonesian
sentences of ../shared/eval/ntrex128_ind_eng.jsonl. The real model decodes with beam 6 (its
generation_config.json); `--beam 1` is greedy.

Agreement: the share of sentences where a CTranslate2 engine's greedy output equals
transformers fp32's token for token (the first --tokens - 1 pieces; transformers forces EOS at
the last step), and the mean share of positions matching before the first difference.

Engines: transformers (fp32), transformers-qint8 (torch dynamic int8 on Linear layers),
ct2-float32, ct2-int8 (converted beside a linked copy of the model, kept in .pytest_cache).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.modelkit import build_random_marian, write_random_marian_lock  # noqa: E402

NTREX = ROOT.parent / "shared" / "eval" / "ntrex128_ind_eng.jsonl"
CACHE = ROOT / ".pytest_cache" / "d"
ENGINES = ("transformers", "transformers-qint8", "ct2-float32", "ct2-int8")


def sentences(count: int) -> list[str]:
    """The first `count` Indonesian sentences of NTREX-128."""
    with NTREX.open(encoding="utf-8") as handle:
        found = [json.loads(line)["src"] for line in handle]
    return found[:count]


def ct2_lock(model: Path, compute_type: str, work: Path) -> Path:
    """A lock for a linked copy of the model with a CTranslate2 conversion (made once)."""
    from tests.ct2kit import converted_lock_in

    return converted_lock_in(model, CACHE / "ringkas-random-ct2", work, compute_type=compute_type)


def load_engines(
    names: Sequence[str], model: Path, work: Path, tokens: int, threads: int
) -> dict[str, Any]:
    """Load each engine through ringkas' own loaders, timing imports and loads."""
    from ringkas.models.lock import read_lock

    engines: dict[str, Any] = {}
    for name in names:
        if name.startswith("ct2-"):
            lock = ct2_lock(model, name.removeprefix("ct2-"), work)
            pin = read_lock(lock).pin()
            assert pin.path is not None
            start = time.perf_counter()
            from ringkas.translate import ct2

            engines[name] = ct2.load_engine(pin.path, pin, threads=threads, fixed_new_tokens=tokens)
        else:
            lock = write_random_marian_lock(model, work / "transformers.lock")
            pin = read_lock(lock).pin()
            start = time.perf_counter()
            from ringkas.translate import marian

            engine: Any = marian.load_engine(model, pin, threads=threads, fixed_new_tokens=tokens)
            if name == "transformers-qint8":
                import warnings

                import torch

                warnings.filterwarnings("ignore", module="torch.ao")  # deprecation notices
                warnings.filterwarnings("ignore", category=DeprecationWarning)

                engine._model = torch.ao.quantization.quantize_dynamic(
                    engine._model, {torch.nn.Linear}, dtype=torch.qint8
                )
            engines[name] = engine
        print(f"load {name:<19} {time.perf_counter() - start:6.2f} s")
    return engines


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def bench_speed(engines: dict[str, Any], texts: list[str], args: argparse.Namespace) -> None:
    """Interleave engines and print medians per batch size and beam, with ratios."""
    by_length = sorted(texts, key=len)  # the translator batches by length too
    results: dict[tuple[str, int, int], list[tuple[float, float]]] = {}
    for engine in engines.values():
        engine.generate(by_length[:2])  # warm up (first-call allocations, JIT kernels)
    for repeat in range(args.repeats):
        for beam in args.beams:
            for batch in args.batches:
                data = by_length[: args.b1_sentences] if batch == 1 else by_length
                for name, engine in engines.items():
                    chunks = [data[i : i + batch] for i in range(0, len(data), batch)]
                    wall, cpu = timed(
                        lambda e=engine, c=chunks, b=beam: [e.generate(x, beam_size=b) for x in c]
                    )
                    runs = results.setdefault((name, batch, beam), [])
                    runs.append((len(data) / wall, cpu / len(data)))
        print(f"repeat {repeat + 1}/{args.repeats} done, load average {os.getloadavg()[0]:.1f}")

    def rate(name: str, batch: int, beam: int) -> float:
        runs = results.get((name, batch, beam))
        return statistics.median(r[0] for r in runs) if runs else 0.0

    print(
        f"\n{'engine':<19} {'beam':>4} {'batch':>5} {'sent/s':>8} {'x fp32':>7} {'x greedy':>8} "
        f"{'CPU ms/sent':>12}  runs"
    )
    for beam in args.beams:
        for batch in args.batches:
            base = rate("transformers", batch, beam)
            for name in engines:
                runs = results[(name, batch, beam)]
                speed = rate(name, batch, beam)
                greedy = rate(name, batch, 1)
                cpu = statistics.median(r[1] for r in runs) * 1000
                ratio = f"{speed / base:6.2f}x" if base else "      -"
                vs_greedy = f"{speed / greedy:7.2f}x" if greedy else "       -"
                spread = ", ".join(f"{r[0]:.2f}" for r in runs)
                print(
                    f"{name:<19} {beam:>4} {batch:>5} {speed:>8.2f} {ratio:>7} {vs_greedy:>8} "
                    f"{cpu:>12.0f}  {spread}"
                )


def pieces_transformers(engine: Any, texts: list[str], tokens: int) -> list[list[str]]:
    """Greedy output pieces of the transformers engine (fixed length, forced EOS dropped)."""
    import torch

    tok = engine._tokenizer
    out: list[list[str]] = []
    for i in range(0, len(texts), 32):
        batch = tok(texts[i : i + 32], return_tensors="pt", padding=True)
        with torch.inference_mode():
            ids = engine._model.generate(
                **batch,
                generation_config=engine._generation,
                num_beams=1,
                do_sample=False,
                min_new_tokens=tokens,
                max_new_tokens=tokens,
                no_repeat_ngram_size=0,
            )
        out += [tok.convert_ids_to_tokens(row[1:-1]) for row in ids.tolist()]  # start, EOS
    return out


def pieces_ct2(engine: Any, texts: list[str], tokens: int) -> list[list[str]]:
    """Greedy output pieces of a CTranslate2 engine (fixed length, last step dropped)."""
    results = engine._translator.translate_batch(
        [engine._pieces.encode(t) for t in texts],
        max_batch_size=32,
        beam_size=1,
        min_decoding_length=tokens,
        max_decoding_length=tokens,
    )
    return [list(r.hypotheses[0])[:-1] for r in results]


def bench_agreement(engines: dict[str, Any], texts: list[str], tokens: int) -> None:
    """Print token-for-token agreement of each CTranslate2 engine with transformers fp32."""
    if "transformers" not in engines:
        return
    reference = pieces_transformers(engines["transformers"], texts, tokens)
    print(f"\nagreement with transformers fp32 greedy, {len(texts)} sentences, {tokens - 1} pieces")
    for name, engine in engines.items():
        if not name.startswith("ct2-"):
            continue
        got = pieces_ct2(engine, texts, tokens)
        same = sum(a == b for a, b in zip(got, reference, strict=True))
        prefix = []
        for a, b in zip(got, reference, strict=True):
            match = next((i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y), len(b))
            prefix.append(match / len(b))
        print(
            f"{name:<19} identical {same}/{len(texts)} = {100 * same / len(texts):5.1f} %, "
            f"mean matching prefix {100 * statistics.mean(prefix):5.1f} % of pieces"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--tokens", type=int, default=32, help="decoder steps per sentence")
    parser.add_argument("--sentences", type=int, default=128, help="sentences for batch 8/32")
    parser.add_argument("--b1-sentences", type=int, default=32, help="sentences for batch 1")
    parser.add_argument("--batches", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--beams", type=int, nargs="+", default=[1], help="beam sizes (1 greedy)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2, help="intra-op threads per engine")
    args = parser.parse_args()
    model = build_random_marian(CACHE / "ringkas-random-marian" / "seed0")
    texts = sentences(args.sentences)
    print(
        f"{len(texts)} NTREX sentences (batch 1: {args.b1_sentences}), {args.tokens} decoder "
        f"steps each, beams {args.beams}, {args.threads} thread(s), {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    with tempfile.TemporaryDirectory() as work:
        engines = load_engines(args.engines, model, Path(work), args.tokens, args.threads)
        bench_speed(engines, texts, args)
        bench_agreement(engines, texts, args.tokens)


if __name__ == "__main__":
    main()
