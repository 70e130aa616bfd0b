"""The CTranslate2 engine: a converted copy of the pinned MarianMT, checked like the model itself.

Translating needs only `ctranslate2` and `sentencepiece` (never torch or transformers): text is
cut into pieces with the model's own source.spm and mapped through vocab.json exactly as
MarianTokenizer does, and output pieces are joined back the same way.

The converted copy is made and verified by `ringkas.translate.convert`; this module only loads
what that module has checked.

Compute type and threads come from bench/translate_speed.py on a 2-core AMD EPYC (Zen 4 in a
VM): int8 decodes 2-4x faster than float32, since decoding is bound by reading weights (the
54k x 512 output projection alone is 112 MB in float32, 28 MB in int8, per step), and one
thread does as well as two on a shared machine, where a second OpenMP thread spins waiting.
(CT2_USE_MKL=1 would make int8 ~40x slower here: MKL's integer GEMM on a non-Intel CPU.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ringkas.models.lock import ModelPin
from ringkas.translate.base import Generated
from ringkas.translate.batching import DEFAULT_BATCH_TOKENS
from ringkas.translate.convert import (
    DEFAULT_COMPUTE_TYPE,
    ENGINE_NAME,
    MANIFEST,
    converted_folder,
    read_manifest,
)

#: One intra-op thread: as fast as two when the CPU is shared, and no spinning second thread.
DEFAULT_THREADS = 1
_UNK, _EOS, _PAD = "<unk>", "</s>", "<pad>"
_SPECIAL_SPLIT = re.compile(r"(</s>|<unk>|<pad>)")


# --- tokenizing as MarianTokenizer does, without transformers ---------------------------------


class MarianPieces:
    """MarianTokenizer's encode and decode, on sentencepiece and vocab.json alone."""

    def __init__(self, folder: Path) -> None:
        import sentencepiece

        config: dict[str, Any] = {}
        if (folder / "tokenizer_config.json").is_file():
            config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
        self.vocab: dict[str, int] = json.loads((folder / "vocab.json").read_text("utf-8"))
        self.max_length = int(config.get("model_max_length", 512))
        self._source = sentencepiece.SentencePieceProcessor(model_file=str(folder / "source.spm"))
        # MarianTokenizer decodes with the source model unless the vocabularies are separate.
        separate = bool(config.get("separate_vocabs", False))
        self._decoder = (
            sentencepiece.SentencePieceProcessor(model_file=str(folder / "target.spm"))
            if separate
            else self._source
        )
        self._special = {_EOS, _UNK, _PAD}
        self._clean_up = bool(config.get("clean_up_tokenization_spaces", False))

    def encode(self, text: str, *, cut: bool = True) -> list[str]:
        """Source pieces with EOS, unknown pieces as <unk>, cut to the model's length unless
        `cut` is False (counting: a long sentence must be seen as long to be split)."""
        code: list[str] = []
        if text.startswith(">>") and (end := text.find("<<")) != -1:  # a >>lang<< prefix
            code, text = [text[: end + 2]], text[end + 2 :]
        pieces = list(code)
        # Special tokens written in the text stay whole, as transformers keeps them.
        for part in _SPECIAL_SPLIT.split(text):
            if part in self._special:
                pieces.append(part)
            elif part:
                pieces += self._source.encode(part, out_type=str)
        pieces = [p if p in self.vocab else _UNK for p in pieces]
        if cut:
            pieces = pieces[: self.max_length - 1]
        return [*pieces, _EOS]

    def decode(self, pieces: Sequence[str]) -> str:
        """Join output pieces into text, dropping special tokens (skip_special_tokens)."""
        kept = [p for p in pieces if p not in self._special]
        text: str = self._decoder.decode_pieces(kept)
        text = text.replace("\u2581", " ").strip()
        return clean_up_tokenization(text) if self._clean_up else text


def clean_up_tokenization(text: str) -> str:
    """Undo tokenization spaces as transformers does when `clean_up_tokenization_spaces` is on
    (PreTrainedTokenizerBase.clean_up_tokenization): "I'm here , don't go ." -> "…here, …go."."""
    for spaced, joined in _CLEAN_UP:
        text = text.replace(spaced, joined)
    return text


# In transformers' order: " ' " must become "'" before " 's" is looked at.
_CLEAN_UP = (
    (" .", "."),
    (" ?", "?"),
    (" !", "!"),
    (" ,", ","),
    (" ' ", "'"),
    (" n't", "n't"),
    (" 'm", "'m"),
    (" 's", "'s"),
    (" 've", "'ve"),
    (" 're", "'re"),
)


# --- the engine -------------------------------------------------------------------------------


class CT2Engine:
    """Greedy or beam generation with a CTranslate2 Translator on a converted folder."""

    def __init__(
        self,
        translator: Any,
        pieces: MarianPieces,
        generation: dict[str, Any],
        *,
        name: str,
        fixed_new_tokens: int | None = None,
        target_vocabulary: frozenset[str] | None = None,
    ) -> None:
        self._translator = translator
        self._pieces = pieces
        self.name = name
        self.max_input_tokens = pieces.max_length
        self.max_output_tokens = int(generation.get("max_length") or pieces.max_length) - 1
        self._no_repeat = int(generation.get("no_repeat_ngram_size") or 0)
        # transformers forces EOS at the last allowed step, so its outputs hold one piece less.
        self._forced_eos = generation.get("forced_eos_token_id") is not None
        self._fixed = fixed_new_tokens
        # bad_words_ids (the real model bans <pad>), as transformers applies them. A piece the
        # converted vocabulary lacks cannot be generated at all (the converter drops <pad>).
        by_id = {number: piece for piece, number in pieces.vocab.items()}
        banned = [
            [by_id[i] for i in ids]
            for ids in generation.get("bad_words_ids") or []
            if ids and all(i in by_id for i in ids)
        ]
        known = target_vocabulary
        self._suppress = [s for s in banned if known is None or all(p in known for p in s)]
        self.batch_tokens = DEFAULT_BATCH_TOKENS  # CTranslate2's max_batch_size, in tokens

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Return the number of source tokens (with EOS) of each text, however long."""
        return [len(self._pieces.encode(text, cut=False)) for text in texts]

    def generate(
        self,
        texts: Sequence[str],
        *,
        beam_size: int = 1,
        max_new_tokens: int = 256,
        no_repeat_ngram_size: int | None = None,
    ) -> list[Generated]:
        """Translate one batch; None for no_repeat_ngram_size keeps the model's own setting."""
        if not texts:
            return []
        steps = min(max_new_tokens, self.max_output_tokens)
        options: dict[str, Any] = {
            "beam_size": beam_size,
            "max_decoding_length": steps - 1 if self._forced_eos else steps,
            "no_repeat_ngram_size": (
                self._no_repeat if no_repeat_ngram_size is None else no_repeat_ngram_size
            ),
        }
        if self._fixed is not None:  # benchmarks: exactly as many decoder steps as transformers
            options.update(
                max_decoding_length=self._fixed,
                min_decoding_length=self._fixed,
                no_repeat_ngram_size=0,
            )
        if self._suppress:
            options["suppress_sequences"] = self._suppress
        results = self._translator.translate_batch(
            [self._pieces.encode(text) for text in texts],
            # The caller's batches are cut by tokens already (ringkas.translate.batching); the same
            # budget here keeps a larger list from becoming one oversized batch.
            max_batch_size=self.batch_tokens,
            batch_type="tokens",
            **options,
        )
        outputs = []
        for result in results:
            pieces = list(result.hypotheses[0])
            if self._fixed is not None and self._forced_eos:
                pieces = pieces[:-1]  # where transformers puts the forced EOS
            outputs.append(Generated(text=self._pieces.decode(pieces), tokens=len(pieces)))
        return outputs


def load_engine(
    folder: Path,
    pin: ModelPin,
    *,
    threads: int | None = None,
    fixed_new_tokens: int | None = None,
    compute_type: str | None = None,
) -> CT2Engine:
    """Load the converted copy of the model in `folder` (checked by require_converted first)."""
    import ctranslate2

    where = converted_folder(pin, folder)
    manifest = read_manifest(where / MANIFEST)
    stored = str(manifest.get("compute_type", DEFAULT_COMPUTE_TYPE))
    generation: dict[str, Any] = {}
    if (where / "generation_config.json").is_file():
        generation = json.loads((where / "generation_config.json").read_text(encoding="utf-8"))
    translator = ctranslate2.Translator(
        str(where),
        device="cpu",
        compute_type=compute_type or stored,
        intra_threads=threads or DEFAULT_THREADS,
        inter_threads=1,
    )
    return CT2Engine(
        translator,
        MarianPieces(where),
        generation,
        name=f"{ENGINE_NAME}-{compute_type or stored}",
        fixed_new_tokens=fixed_new_tokens,
        target_vocabulary=_target_vocabulary(where),
    )


def _target_vocabulary(where: Path) -> frozenset[str] | None:
    """The pieces the converted model can generate (None when its vocabulary file is unknown)."""
    for name in ("target_vocabulary.json", "shared_vocabulary.json"):
        if (where / name).is_file():
            return frozenset(json.loads((where / name).read_text(encoding="utf-8")))
    for name in ("target_vocabulary.txt", "shared_vocabulary.txt"):
        if (where / name).is_file():
            return frozenset((where / name).read_text(encoding="utf-8").splitlines())
    return None
