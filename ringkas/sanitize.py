"""Untrusted text made safe to show: terminal control sequences out, bidi overrides visible.

Two uses. `clean_text` runs once where text enters a report (article text, titles, JSON Lines
fields, translations): escape sequences and control characters go, so nothing an article holds
can clear a screen, write a clipboard (OSC 52), retitle a window (OSC 0) or forge a link
(OSC 8) in any output format. `escape_name` runs on file names before they are shown: a name
must stay recognisable, so its control characters become visible escapes (`\\x1b`) instead.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ params final), strings (OSC ESC ], DCS ESC P, SOS ESC X,
# PM ESC ^, APC ESC _) up to BEL or ST, or to the end of the line when unterminated (so one
# stray ESC cannot swallow an article), and two-character escapes (ESC c, ESC ( B, ESC 7 …).
# The 8-bit CSI (U+009B) takes its parameters with it; other C1 characters go alone below.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# C0 controls but tab and line feed, DEL, and the C1 controls U+0080-U+009F.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides and isolates: they reorder what a reader sees (a name ending in
# "txt.exe" shown as "exe.txt"), so they are shown, never applied.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# For names and messages: every control character, line breaks too (a name is one line).
_NAME_HAZARD = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Tab, line/form feeds and carriage returns are layout, not binary noise.
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MESSAGE_HAZARD = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _bidi_mark(match: re.Match[str]) -> str:
    return f"[U+{ord(match.group()):04X}]"


def _visible_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean_text(text: str) -> str:
    """Return text with escape sequences and controls (but tab, newline) removed, bidi shown.

    Carriage returns become line feeds and form/vertical feeds paragraph breaks first, so a
    text's layout survives; the result is stable (cleaning it again changes nothing).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x0b", "\n").replace("\x0c", "\n\n")
    if not _needs_cleaning(text):
        return text
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _CONTROL.sub("", text)
    return _BIDI.sub(_bidi_mark, text)


def _needs_cleaning(text: str) -> bool:
    return bool(_CONTROL.search(text) or _BIDI.search(text))


def escape_name(name: str) -> str:
    """Return a file name with control and bidi characters shown as escapes (`\\x1b`, `\\u202e`)."""
    return _NAME_HAZARD.sub(_visible_escape, name)


def escape_message(message: str) -> str:
    """Return a message for a terminal: like `escape_name`, but its line breaks and tabs kept."""
    return _MESSAGE_HAZARD.sub(_visible_escape, message)


def count_controls(text: str) -> int:
    """Count the characters that never belong in text: C0 (but whitespace), DEL and C1 controls."""
    return len(_BINARY_CONTROL.findall(text))
