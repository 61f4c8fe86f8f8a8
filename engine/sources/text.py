"""Bytes to text, with a located error when a file is not what it claims to be."""

from __future__ import annotations

from pathlib import Path

from engine.errors import BaocaoError, Problem


def resolved(path: Path) -> Path:
    """``path`` made absolute with its symlinks followed, for naming files in messages; a
    symlink loop (or a link to nowhere on a strict system) leaves it merely absolute, and
    reading the file then says what is wrong with it."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):  # RuntimeError: "Symlink loop" (Python 3.11, 3.12)
        return Path(path).absolute()


def read_bytes(path: Path, name: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise BaocaoError(
            [Problem(name, 0, 0, "file.unreadable", f"cannot read file: {reason}")]
        ) from None


def decode(raw: bytes, name: str, hint: str = "save it as UTF-8") -> str:
    """UTF-8, with or without a byte-order mark; anything else is refused where it breaks."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        message = f"file is not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded); {hint}"
        raise BaocaoError([Problem(name, line, column, "file.encoding", message)]) from None


def read_text(path: Path, name: str, hint: str = "save it as UTF-8") -> str:
    return decode(read_bytes(path, name), name, hint)
