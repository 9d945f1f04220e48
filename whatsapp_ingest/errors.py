"""Errors meant for people: one line, `file:line: what is wrong — what to do`.

Library code raises these; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A problem with input that a person can fix. `exit_code` is what the CLI returns."""

    exit_code = 1

    def __init__(self, file: str | Path, message: str, hint: str = "", line: int | None = None) -> None:
        self.file = str(file)
        self.line = line
        self.message = message
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        """The one-line form: `file:line: message; hint`."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text


class BadExport(IngestError):
    """An inbox file that cannot be read as a WhatsApp export (empty, binary, corrupt zip …)."""


class WrongGroup(IngestError):
    """An export of another WhatsApp group than the programme's."""


class ConfigError(IngestError):
    """A broken program.toml, roster.csv, overrides.csv, scores.csv or rule set (exit code 2)."""

    exit_code = 2


class Busy(IngestError):
    """Another `ingest` holds the programme's lock."""

    exit_code = 3


class RuleError(ConfigError):
    """A broken rule file (a bad pattern, an unknown key, an example its pattern does not find):
    refused before anything is counted, exit code 1 as for other refused input."""

    exit_code = 1


class UsageMistake(IngestError):
    """A command typed wrongly: a folder name with spaces without quotes, a file for a folder (exit code 2)."""

    exit_code = 2


class OutputError(IngestError):
    """out/ (or another file the tool writes for people) could not be written: the disk is full, no
    permission … Exit code 4: the inputs were fine and are stored, only the outputs are missing."""

    exit_code = 4


class DiskFull(IngestError):
    """The store could not be written: the disk is full. Exit code 4, as for outputs that cannot be
    written: the inputs are fine, and what this run had not yet committed is not in the store."""

    exit_code = 4
