"""Text from a chat or a file name made safe for a terminal.

Author names, group names and file names come from other people's phones and folders. Printed raw,
an ESC sequence could clear the screen or recolour it, a newline could forge a line such as
`error: …` or `0 refused`, a bidi override could reverse a line. Every line the CLI prints that
holds such a name passes through `printable`: control characters are shown as visible escapes
(`\\x1b`, `\\n`) and direction overrides are dropped, so a name stays recognisable and harmless.
(Rich markup is never applied to names: the terminal module hands them over as plain `Text`.)
"""

from __future__ import annotations

import re
from typing import TextIO

# C0 controls, DEL, C1 controls (0x9b is an 8-bit CSI), and the Unicode line/paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Embeddings, overrides and isolates: they reorder what follows them on the line.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def printable(text: object) -> str:
    """`text` with control characters written as visible escapes and direction overrides removed."""
    value = str(text)
    if _CONTROL.search(value) is None and _BIDI.search(value) is None:
        return value
    return _CONTROL.sub(_escape, _BIDI.sub("", value))


def printable_lines(text: str) -> str:
    """Several lines (joined by "\\n") made printable each, their line breaks kept."""
    return "\n".join(printable(line) for line in text.split("\n"))


def printable_data(text: str) -> str:
    """Data printed as it is (a CSV on the screen): tabs and line ends kept, every other control
    character shown as an escape, so nothing in a message can steer the terminal."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", _escape, text)


class TerminalSafe:
    """A text stream whose writes pass through `printable_data` (a CSV printed on a terminal)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(printable_data(text))

    def flush(self) -> None:
        self.stream.flush()
