"""`ringkas models list|pull|convert|verify|path`: pinned models, where they live, if they match."""

import enum
import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ringkas.cli.options import LockOpt
from ringkas.cli.output import err, write_out
from ringkas.errors import EXIT_MODEL, ModelUnavailable

if TYPE_CHECKING:
    from ringkas.models.lock import ModelPin
    from ringkas.models.store import ModelCheck
    from ringkas.settings import Settings

models_app = typer.Typer(
    short_help="List, download and verify the pinned models.",
    rich_markup_mode=None,
    help=(
        "Pinned translation models: list them, download exactly the pinned revision, re-check "
        "their hashes, show where they live.\n\n"
        "Examples:\n\n"
        "  ringkas models pull\n\n"
        "  ringkas models verify\n\n"
        "  RINGKAS_MODELS_LOCK=/srv/models.lock ringkas models list"
    ),
    no_args_is_help=True,
)

NameArg = Annotated[
    str | None,
    typer.Argument(
        help="A model named in models.lock (default: the translation model).", show_default=False
    ),
]


class ComputeType(enum.StrEnum):
    """CTranslate2 compute types for `models convert` (ringkas.translate.convert.COMPUTE_TYPES)."""

    int8 = "int8"
    int8_float32 = "int8_float32"
    float32 = "float32"


def _converted_check(
    pin: "ModelPin", folder: Path, settings: "Settings", *, full: bool = False
) -> "tuple[ModelCheck | None, list[str]] | None":
    """A model's CTranslate2 conversion: its files' check (None when its manifest cannot be
    used, e.g. it names another revision) and what is wrong with it; None when it has none."""
    from ringkas.models.store import check_model
    from ringkas.translate.convert import conversion_problems, converted_pin, has_conversion

    if not has_conversion(pin, folder):
        return None
    problems = conversion_problems(pin, folder, settings, full=full)
    try:
        checked, _ = converted_pin(pin, folder)
    except ModelUnavailable:
        return None, problems
    return check_model(checked, settings, full=full), problems


def _convert(pin: "ModelPin", settings: "Settings", compute_type: str) -> None:
    from ringkas.models.store import require_model
    from ringkas.translate.convert import convert_model

    folder = require_model(pin, settings)
    err(f"{pin.name}: converting for the CTranslate2 engine ({compute_type}) ...")
    converted = convert_model(pin, folder, settings, compute_type=compute_type)
    err(f"{pin.name}: CTranslate2 copy ({converted.compute_type}) verified in {converted.folder}")


def _size(size: int) -> str:
    return f"{size / 1e6:,.1f} MB" if size >= 1e5 else f"{size:,} B"


_LIST_COLUMNS = ("name", "model", "status", "size", "folder")


@models_app.command("list")
def list_models(
    lock: LockOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="A JSON array of {name, model, status, size, folder}.")
    ] = False,
) -> None:
    """List the pinned models: present or not, verified or not, size, folder.

    Tab-separated rows for scripts; a header line too when stdout is a terminal.
    """
    import json

    from ringkas.models.lock import read_lock
    from ringkas.models.store import check_model
    from ringkas.settings import load_settings

    settings = load_settings(lock=lock)
    rows: list[dict[str, object]] = []
    for pin in read_lock(settings.lock_path).models:
        check = check_model(pin, settings)
        if not check.is_present:
            status = "missing"
        elif check.is_verified:
            status = "verified"
        else:
            status = "MISMATCH"
        model = f"{pin.repo}@{pin.revision}"
        rows.append({"name": pin.name, "model": model, "status": status, "size": check.size,
                     "folder": str(check.folder)})  # fmt: skip
        found = _converted_check(pin, check.folder, settings)
        if found is not None:
            from ringkas.translate.convert import converted_folder

            converted, problems = found
            state = "MISMATCH" if problems else "verified"
            size = converted.size if converted is not None else None
            rows.append({"name": f"{pin.name}.ct2", "model": model, "status": state, "size": size,
                         "folder": str(converted_folder(pin, check.folder))})  # fmt: skip
    if as_json:
        write_out(json.dumps(rows, ensure_ascii=False, sort_keys=True, indent=2) + "\n")
        return
    if sys.stdout.isatty():
        write_out("\t".join(c.upper() for c in _LIST_COLUMNS) + "\n")
    for row in rows:
        cells = [_cell(row, column) for column in _LIST_COLUMNS]
        write_out("\t".join(cells) + "\n")


def _cell(row: dict[str, object], column: str) -> str:
    value = row[column]
    if column != "size":
        return str(value)
    return "-" if value is None else _size(int(str(value)))


@models_app.command("pull")
def pull(
    name: NameArg = None,
    lock: LockOpt = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="Write the size and SHA-256 of every file into the lock (for files the lock "
            "pins by revision only); run once on a connected machine and commit the lock.",
        ),
    ] = False,
    convert: Annotated[
        bool,
        typer.Option(
            "--convert/--no-convert",
            help="Also convert the model for the fast CTranslate2 engine (int8) when "
            "ctranslate2, torch and transformers are installed.",
        ),
    ] = True,
) -> None:
    """Download exactly the pinned revision (about 300 MB, once) and check every hash."""
    from ringkas.fileio import write_atomic
    from ringkas.models.lock import format_lock, read_lock, record_hashes
    from ringkas.models.store import measured_pins, pull_model
    from ringkas.settings import load_settings

    settings = load_settings(lock=lock)
    current = read_lock(settings.lock_path)
    pin = current.pin(name)
    check = pull_model(pin, settings, progress=sys.stderr.isatty())
    err(f"{pin.name}: {pin.repo}@{pin.revision} verified in {check.folder}")
    if record:
        updated = record_hashes(current, pin.name, measured_pins(check))
        header = "Written by `ringkas models pull --record`; hashes measured on download."
        write_atomic(current.path.resolve(), format_lock(updated, header))
        err(f"Recorded the hashes of {pin.name} in {current.path}")
    needs = ("ctranslate2", "sentencepiece", "torch", "transformers")
    if convert and all(importlib.util.find_spec(m) is not None for m in needs):
        from ringkas.translate.convert import DEFAULT_COMPUTE_TYPE, require_converted

        try:
            require_converted(pin, check.folder, settings)
        except ModelUnavailable:  # none yet, or made from other weights: convert afresh
            try:
                _convert(pin, settings, DEFAULT_COMPUTE_TYPE)
            except (ModelUnavailable, OSError) as error:  # the pulled model is still good
                err(f"Note: no CTranslate2 copy ({error}); translation uses transformers.")


@models_app.command("convert")
def convert(
    name: NameArg = None,
    lock: LockOpt = None,
    compute_type: Annotated[
        ComputeType,
        typer.Option(
            "--compute-type",
            help="int8 is about twice as fast as float32 on CPUs (bench/translate_speed.py); "
            "float32 gives the transformers engine's output token for token.",
        ),
    ] = ComputeType.int8,
) -> None:
    """Convert a pulled model for the fast CTranslate2 engine (needs torch + transformers once)."""
    from ringkas.models.lock import read_lock
    from ringkas.settings import load_settings

    settings = load_settings(lock=lock)
    _convert(read_lock(settings.lock_path).pin(name), settings, compute_type.value)


@models_app.command("verify")
def verify(name: NameArg = None, lock: LockOpt = None) -> None:
    """Re-hash every file of the pinned models; exit 3 on anything missing or different."""
    from ringkas.models.lock import read_lock
    from ringkas.models.store import check_model
    from ringkas.settings import load_settings

    settings = load_settings(lock=lock)
    pinned = read_lock(settings.lock_path)
    pins = [pinned.pin(name)] if name else list(pinned.models)
    bad = 0
    for pin in pins:
        check = check_model(pin, settings, full=True)
        for item in check.files:
            write_out(f"{pin.name}\t{item.name}\t{item.status}\t{item.sha256 or '-'}\n")
        if not check.is_verified:
            bad += 1
            err(f"Error: {pin.ref} in {check.folder}: " + "; ".join(check.problems()))
        found = _converted_check(pin, check.folder, settings, full=True)
        if found is None:
            continue
        converted, problems = found
        if converted is not None:
            for item in converted.files:
                write_out(f"{pin.name}.ct2\t{item.name}\t{item.status}\t{item.sha256 or '-'}\n")
        if problems:
            from ringkas.translate.convert import MANIFEST

            if converted is None or converted.is_verified:  # the manifest itself is the problem
                write_out(f"{pin.name}.ct2\t{MANIFEST}\tMISMATCH\t-\n")
            bad += 1
            err(f"Error: the CTranslate2 conversion of {pin.ref}: {problems[0]}")
    if bad:
        raise typer.Exit(EXIT_MODEL)


@models_app.command("path")
def path(name: NameArg = None, lock: LockOpt = None) -> None:
    """Print the folder that holds a pinned model (exit 3 when it is not there)."""
    from ringkas.models.lock import read_lock
    from ringkas.models.store import check_model
    from ringkas.settings import load_settings

    settings = load_settings(lock=lock)
    pin = read_lock(settings.lock_path).pin(name)
    check = check_model(pin, settings)
    if not check.is_present:
        raise ModelUnavailable(f"{pin.ref} is not in {check.folder}.")
    write_out(f"{check.folder}\n")
