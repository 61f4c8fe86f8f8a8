"""Bytes to text: the encodings offices really save in, detected rather than guessed.

Registers reach the secretariat as UTF-8 (with or without a byte-order mark), as UTF-16
(Excel's "Unicode text"), or from old Windows machines in Windows-1258, where most tone marks
are separate combining characters. Each is recognised from the bytes themselves; Windows-1258
only when the text reads as Vietnamese (a tone mark on a vowel, or ă, ơ, ư, đ), since the same
bytes are also valid Western European text. Whatever the source, the text is normalised to
NFC, so "Sở" typed with a combining hook and "Sở" precomposed are the same name. A file that
is none of these is refused where it breaks, with the fix.

>>> decode_text(b"S\\xf5\\xd2", "x.csv")  # ơ, then the combining hook above
Decoded(text='Sở', encoding='cp1258')
>>> decode_text("Sở".encode("utf-16"), "x.csv").encoding
'utf-16'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from engine.errors import BaocaoError, Problem

__all__ = ["Decoded", "decode", "decode_text", "read_bytes", "read_text", "sniff_binary"]

UTF8_HINT = "save it as UTF-8"

# Windows-1258 text that is Vietnamese: its letters, its five combining tone marks, the đồng
# sign and the typographic punctuation Word and Excel insert. Anything else outside ASCII
# (¼, µ, ¶ ... which is what TCVN3 or VNI text looks like through Windows-1258) means the file
# is not Windows-1258 Vietnamese.
_VI_LETTERS = set("ÀÁÂĂÈÉÊÍÓÔƠÙÚƯĐàáâăèéêíóôơùúưđ")
_TONES = set("\u0300\u0301\u0303\u0309\u0323")
_PUNCT = set("€‘’“”•–—…\u00a0«»°·×₫")
_SIGNALS = set("ăĂơƠưƯđĐ₫") | _TONES  # not in Western European text
_VOWELS = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

_BINARY = {
    b"PK\x03\x04": "an Excel workbook (.xlsx) or another zip file",
    b"\xd0\xcf\x11\xe0": "an Excel 97-2003 workbook (.xls) or another Office file",
    b"%PDF": "a PDF document",
}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # utf-8, utf-8-sig, utf-16, utf-32, cp1258


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


def sniff_binary(raw: bytes) -> str | None:
    """What a binary file is, from its first bytes (None: it may be text)."""
    for magic, what in _BINARY.items():
        if raw.startswith(magic):
            return what
    return None


def decode_text(raw: bytes, name: str, hint: str = UTF8_HINT) -> Decoded:
    """The text of ``raw`` and the encoding it was found to be in (see the module doc)."""
    decoded = _by_bom(raw) or _utf16_without_bom(raw)
    if decoded is None:
        what = sniff_binary(raw)
        if what is not None:
            message = f"this is {what}, not a text file; {hint}"
            raise BaocaoError([Problem(name, 1, 1, "file.encoding", message,
                                       params={"what": what, "variant": "binary"})])
        try:
            decoded = Decoded(raw.decode("utf-8"), "utf-8")
        except UnicodeDecodeError as exc:
            decoded = _cp1258(raw)
            if decoded is None:
                raise _refused(raw, exc.start, name, hint) from None
    text = decoded.text
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        message = f"the file holds NUL bytes: it is not a text file; {hint}"
        raise BaocaoError([Problem(name, line, 1, "file.encoding", message,
                                   params={"variant": "binary"})])
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return Decoded(text, decoded.encoding)


def decode(raw: bytes, name: str, hint: str = UTF8_HINT) -> str:
    return decode_text(raw, name, hint).text


def read_text(path: Path, name: str, hint: str = UTF8_HINT) -> str:
    return decode(read_bytes(path, name), name, hint)


def _strict(raw: bytes, encoding: str, label: str) -> Decoded | None:
    try:
        return Decoded(raw.decode(encoding), label)
    except UnicodeDecodeError:
        return None


def _by_bom(raw: bytes) -> Decoded | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        return _strict(raw[3:], "utf-8", "utf-8-sig")
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return _strict(raw, "utf-32", "utf-32")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(raw, "utf-16", "utf-16")
    return None


def _utf16_without_bom(raw: bytes) -> Decoded | None:
    """UTF-16 without a mark: text that is mostly ASCII has a NUL in every other byte."""
    sample = raw[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even = sample[0::2].count(0) / len(sample[0::2])
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd > 0.3 and even < 0.05:
        return _strict(raw, "utf-16-le", "utf-16")
    if even > 0.3 and odd < 0.05:
        return _strict(raw, "utf-16-be", "utf-16")
    return None


def _cp1258(raw: bytes) -> Decoded | None:
    """Windows-1258, when the bytes read as Vietnamese and as nothing else (module doc)."""
    try:
        text = raw.decode("cp1258")
    except UnicodeDecodeError:
        return None
    signal = False
    for match in _NON_ASCII.finditer(text):
        char, at = match[0], match.start()
        if char in _TONES:
            if at == 0 or text[at - 1] not in _VOWELS:
                return None  # a tone mark on a consonant or on another mark: not Vietnamese
        elif char not in _VI_LETTERS and char not in _PUNCT:
            return None
        signal = signal or char in _SIGNALS
    return Decoded(text, "cp1258") if signal else None


def _refused(raw: bytes, start: int, name: str, hint: str) -> BaocaoError:
    before = raw[:start]
    line = before.count(b"\n") + 1
    column = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
    message = (
        f"file is not UTF-8 (byte 0x{raw[start]:02x} cannot be decoded) and does not read as "
        "Windows-1258 Vietnamese either; " + hint + "; if it was typed with a TCVN3 (ABC) or "
        "VNI font, convert it to Unicode first (e.g. Unikey's converter)"
    )
    return BaocaoError([Problem(name, line, column, "file.encoding", message,
                                params={"byte": f"0x{raw[start]:02x}", "variant": "byte"})])
