"""The MarianMT engine on transformers: the only module that imports torch and transformers.

It reads exactly the pinned, already verified files of one folder and nothing else: the
config, the SentencePiece models and vocabulary, and the weights through
`torch.load(weights_only=True)` (or safetensors), so no pickled code runs and the network is
never asked. (transformers 5 defaults to weights_only=True too; loading the state dict here
makes it explicit and guarantees the file read is the file that was hashed.)
"""

from __future__ import annotations

import json
import pickle
import re
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
import transformers
from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

from ringkas.errors import ModelUnavailable
from ringkas.models.lock import ModelPin
from ringkas.translate.base import Generated

ENGINE_NAME = "transformers"
# tokenizer_config.json keys that MarianTokenizer takes; anything else there is ignored.
_TOKENIZER_KEYS = frozenset(
    {
        "source_lang",
        "target_lang",
        "unk_token",
        "eos_token",
        "pad_token",
        "model_max_length",
        "separate_vocabs",
        "sp_model_kwargs",
        "clean_up_tokenization_spaces",  # "I'm here , don't go ." -> "I'm here, don't go."
    }
)
# Weights a MarianMT checkpoint may leave out because the model rebuilds them: the output
# projection and the embeddings tied to `model.shared`, and the static sinusoidal positions.
# (Checkpoints saved by transformers >= 4.x omit the positions; lm_head is always tied.)
_REBUILT = frozenset(
    {
        "lm_head.weight",
        "model.encoder.embed_tokens.weight",
        "model.decoder.embed_tokens.weight",
        "model.encoder.embed_positions.weight",
        "model.decoder.embed_positions.weight",
    }
)
# torch names the global a refused pickle asks for: "Unsupported global: GLOBAL pathlib.Path.touch"
_GLOBAL = re.compile(r"GLOBAL ([\w.]+)")


class MarianEngine:
    """Greedy or beam generation with a MarianMTModel loaded from a verified folder."""

    name = ENGINE_NAME

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        generation: Any,
        *,
        fixed_new_tokens: int | None = None,
    ) -> None:
        self._model = model
        self._tokenizer = tokenizer
        self._generation = generation
        self._fixed = fixed_new_tokens
        limit = int(tokenizer.model_max_length)
        self.max_input_tokens = min(limit, int(model.config.max_position_embeddings))
        # The model's own ceiling on output length (generation_config max_length counts the
        # decoder start token).
        self.max_output_tokens = int(generation.max_length or limit) - 1

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Return the number of source tokens (with EOS) of each text."""
        if not texts:
            return []
        encoded = self._tokenizer(list(texts), add_special_tokens=True)["input_ids"]
        return [len(ids) for ids in encoded]

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
        batch = self._tokenizer(
            list(texts),
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=self.max_input_tokens,
        )
        options: dict[str, Any] = {
            "num_beams": beam_size,
            "do_sample": False,
            "max_new_tokens": min(max_new_tokens, self.max_output_tokens),
        }
        if no_repeat_ngram_size is not None:
            options["no_repeat_ngram_size"] = no_repeat_ngram_size
        if self._fixed is not None:  # benchmarks: every output exactly this long
            options.update(
                max_new_tokens=self._fixed, min_new_tokens=self._fixed, no_repeat_ngram_size=0
            )
        with torch.inference_mode():
            out = self._model.generate(**batch, generation_config=self._generation, **options)
        special = {
            self._generation.decoder_start_token_id,
            self._generation.eos_token_id,
            self._generation.pad_token_id,
        }
        decoded = self._tokenizer.batch_decode(out, skip_special_tokens=True)
        return [
            Generated(text=text.strip(), tokens=sum(int(t) not in special for t in row))
            for text, row in zip(decoded, out.tolist(), strict=True)
        ]


def load_engine(
    folder: Path,
    pin: ModelPin,
    *,
    threads: int | None = None,
    fixed_new_tokens: int | None = None,
) -> MarianEngine:
    """Load the pinned MarianMT from its verified folder, offline, without running pickles."""
    hf_logging: Any = transformers.utils.logging
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()  # no "Loading weights" bar on stderr
    if threads:
        torch.set_num_threads(threads)
    pinned = {item.name for item in pin.files}
    config = MarianConfig.from_json_file(str(folder / "config.json"))
    state = _load_weights(folder / pin.weights.name)
    _check_state(state, config, pin.weights.name)
    try:
        model: Any = MarianMTModel.from_pretrained(None, config=config, state_dict=state)
    except (RuntimeError, ValueError) as error:  # shapes and dtypes the check cannot foresee
        raise ModelUnavailable(
            f"{pin.weights.name} does not fit the model in config.json ({_first_line(error)})."
        ) from None
    model.eval()
    text = (folder / "generation_config.json").read_text(encoding="utf-8")
    generation = GenerationConfig.from_dict(json.loads(text))
    return MarianEngine(
        model, _load_tokenizer(folder, pinned), generation, fixed_new_tokens=fixed_new_tokens
    )


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0][:200] if lines else type(error).__name__


def _check_state(state: dict[str, Any], config: Any, name: str) -> None:
    """Refuse weights whose names or shapes are not exactly the model's (bar the rebuilt ones).

    A model missing a layer's weight would run on random numbers and print fluent garbage.
    """
    with torch.device("meta"):  # the model's layout without allocating it
        expected = {k: tuple(v.shape) for k, v in MarianMTModel(config).state_dict().items()}
    missing = sorted(set(expected) - set(state) - _REBUILT)
    unexpected = sorted(set(state) - set(expected))
    wrong = sorted(
        key
        for key, value in state.items()
        if key in expected and tuple(getattr(value, "shape", ())) != expected[key]
    )
    problems = []
    for label, keys in (("missing", missing), ("unexpected", unexpected), ("wrong shape", wrong)):
        if keys:
            more = f" and {len(keys) - 3} more" if len(keys) > 3 else ""
            problems.append(f"{label}: {', '.join(keys[:3])}{more}")
    if problems:
        raise ModelUnavailable(
            f"{name} does not hold this model's weights ({'; '.join(problems)}), so it is not "
            "loaded."
        )


def _load_weights(path: Path) -> dict[str, Any]:
    if path.suffix == ".safetensors":
        from safetensors import SafetensorError
        from safetensors.torch import load_file

        try:
            return dict(load_file(str(path)))
        except (SafetensorError, OSError, ValueError) as error:
            raise ModelUnavailable(
                f"{path.name} is not a readable safetensors file ({_first_line(error)})."
            ) from None
    # Only tensors and plain containers: a pickle that asks for any code is refused.
    try:
        with warnings.catch_warnings():  # torch's own UserWarnings are not for our users
            warnings.simplefilter("ignore")
            state = torch.load(
                str(path), map_location="cpu", weights_only=True, mmap=zipfile.is_zipfile(path)
            )
    except pickle.UnpicklingError as error:
        # torch's message advises weights_only=False (running the code) and holds escape codes:
        # name only what the file asked for.
        found = _GLOBAL.search(str(error))
        asks = f" (it asks for {found.group(1)})" if found else ""
        raise ModelUnavailable(
            f"{path.name} is not a plain tensor file: it holds pickled code{asks}, which is "
            "never run, so it is not loaded."
        ) from None
    except (RuntimeError, ValueError, EOFError, OSError) as error:
        raise ModelUnavailable(
            f"{path.name} is not a plain tensor file, so it is not loaded "
            f"({_ANSI.sub('', _first_line(error))})."
        ) from None
    if not isinstance(state, dict):
        raise ModelUnavailable(f"{path.name} does not hold a state dict, so it is not loaded.")
    return state


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _load_tokenizer(folder: Path, pinned: set[str]) -> Any:
    options: dict[str, Any] = {}
    if "tokenizer_config.json" in pinned:
        config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
        options = {k: v for k, v in config.items() if k in _TOKENIZER_KEYS}
    with warnings.catch_warnings():
        # MarianTokenizer recommends sacremoses; the CTranslate2 path tokenizes without it too.
        warnings.filterwarnings("ignore", message=".*sacremoses.*")
        return MarianTokenizer(
            source_spm=str(folder / "source.spm"),
            target_spm=str(folder / "target.spm"),
            vocab=str(folder / "vocab.json"),
            **options,
        )
