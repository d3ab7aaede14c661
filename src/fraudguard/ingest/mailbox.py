"""Mailbox readers: stream raw messages out of an mbox file or a Maildir folder.

Nothing is parsed here: each message comes out as the bytes `parse_email` takes. An mbox is read
line by line, so only one message is held in memory at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

_ENVELOPE = b"From "


def is_mbox(path: Path) -> bool:
    """A regular file whose first line is an mbox envelope ("From ...")."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            return path.is_file() and fh.read(len(_ENVELOPE)) == _ENVELOPE
    except OSError:
        return False


def iter_mbox(path: Path) -> Iterator[bytes]:
    """Messages of an mbox file, without their envelope line, in file order.

    A message starts at a line beginning with "From " that is the first line of the file or
    follows a blank line. The blank line that separates two messages is not part of either.
    ">From " lines in bodies are left as they are.
    """
    lines: list[bytes] = []
    previous_blank = True
    started = False
    with Path(path).open("rb") as fh:
        for line in fh:
            if previous_blank and line.startswith(_ENVELOPE):
                if started:
                    yield _message(lines)
                lines, started = [], True
            elif started or line.strip():
                # text before the first envelope (a file without one) still comes out as a message
                started = True
                lines.append(line)
            previous_blank = line in (b"\n", b"\r\n")
    if started:
        yield _message(lines)


def _message(lines: list[bytes]) -> bytes:
    if lines and lines[-1] in (b"\n", b"\r\n"):
        lines = lines[:-1]
    return b"".join(lines)


def is_maildir(path: Path) -> bool:
    """A directory with cur/ and new/ sub-directories (tmp/ is optional)."""
    path = Path(path)
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def iter_maildir(path: Path) -> Iterator[tuple[str, bytes]]:
    """(key, raw bytes) for each message in cur/ and new/, sorted by file name.

    The key is the Maildir unique name: the file name without its ":2,FLAGS" info suffix.
    Delivery names start with a timestamp, so sorting by name is close to arrival order.
    """
    path = Path(path)
    files = [
        entry
        for sub in ("cur", "new")
        if (path / sub).is_dir()
        for entry in (path / sub).iterdir()
        if entry.is_file() and not entry.name.startswith(".")
    ]
    for entry in sorted(files, key=lambda e: (e.name, e.parent.name)):
        yield entry.name.split(":", 1)[0], entry.read_bytes()
