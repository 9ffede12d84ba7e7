"""Documents from a stream, in batches that are as big as the input allows without waiting.

``ner-tag`` tags documents in batches, because the model tags a batch of sentences far faster
than the same sentences one call at a time. A batch is what can be read *now*: documents are
collected until there are enough sentences for a full batch or until reading more would block.
So a file piped in is read a batch at a time, while a line typed at a terminal is answered as
soon as it is complete (the next read would wait for the user).

The stream is read from its file descriptor with ``os.read`` rather than through
``sys.stdin``: a buffered reader may hold lines that ``select`` cannot see.
"""
from __future__ import annotations

import os
import select
from typing import Iterator


class LineReader:
    """Lines (without their end) from a file descriptor, and whether one is ready."""

    def __init__(self, fd: int, chunk_size: int = 1 << 16):
        self.fd, self.chunk_size = fd, chunk_size
        self.buffer = b""
        self.at_end = False

    def ready(self) -> bool:
        """Whether ``readline`` would return without waiting for the writer."""
        if b"\n" in self.buffer or self.at_end:
            return True
        return bool(select.select([self.fd], [], [], 0)[0])

    def readline(self) -> str | None:
        """The next line, waiting for it if need be; None at the end of the stream."""
        while b"\n" not in self.buffer and not self.at_end:
            chunk = os.read(self.fd, self.chunk_size)
            if chunk:
                self.buffer += chunk
            else:
                self.at_end = True
        if not self.buffer:
            return None
        line, newline, self.buffer = self.buffer.partition(b"\n")
        return line.decode("utf-8", errors="replace").removesuffix("\r")


def documents(reader: LineReader, paragraphs: bool) -> Iterator[str]:
    """One document a line, or with ``paragraphs`` runs of lines ended by a blank line (or
    the end of the stream). Blank lines between paragraphs are no documents; in line mode a
    blank line is an empty document, answered so that output lines match input lines."""
    lines: list[str] = []
    while (line := reader.readline()) is not None:
        if not paragraphs:
            yield line
        elif line.strip():
            lines.append(line)
        elif lines:
            yield "\n".join(lines)
            lines = []
    if lines:
        yield "\n".join(lines)
