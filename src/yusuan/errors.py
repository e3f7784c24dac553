"""Errors a user sees: always Chinese, always naming the file and, where known, the place."""

from __future__ import annotations


class YusuanError(Exception):
    """An expected failure with a message for the user (exit code 2 at the CLI)."""

    def __init__(self, message: str, *, source: str | None = None, place: str | None = None):
        self.message = message
        self.source = source
        self.place = place
        super().__init__(self.describe())

    def describe(self) -> str:
        parts = []
        if self.source:
            parts.append(f"文件 {self.source}")
        if self.place:
            parts.append(self.place)
        prefix = "，".join(parts)
        return f"{prefix}：{self.message}" if prefix else self.message


class UnreadableDocument(YusuanError):
    """The file cannot be read at all (corrupt, truncated, binary, empty, scanned)."""


class NoBudgetContent(YusuanError):
    """The file reads fine but holds nothing that looks like a budget disclosure."""


class RenderError(YusuanError):
    """A package cannot be laid out or written (unknown table, missing PDF engine or font, unwritable folder)."""


class MissingFont(RenderError):
    """No installed font can draw some of a PDF's characters: written, they would print as empty boxes."""
