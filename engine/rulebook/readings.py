"""Deadline readings written the way the texts write them.

A rule author copies the words of the text: ``reading: chậm nhất`` is as clear as
``reading: by``. The loader reads these words as the reading they name
(docs/domain.md#readings-of-a-deadline) before the schema sees the file, and ``baocao rules
lint`` notes how each was
read, so nothing is guessed silently.

>>> reading_of_words("Chậm nhất là")
<Reading.BY: 'by'>
>>> reading_of_words("before") is None
True
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from engine.model import Reading

__all__ = ["VIETNAMESE_READINGS", "normalise_readings", "reading_of_words"]

# The words, as written (NFC); matched case-insensitively with spaces collapsed.
VIETNAMESE_READINGS: dict[str, Reading] = {
    "trước": Reading.BEFORE,
    "trước ngày": Reading.BEFORE,
    "chậm nhất": Reading.BY,
    "chậm nhất là": Reading.BY,
    "chậm nhất ngày": Reading.BY,
    "chậm nhất vào ngày": Reading.BY,
    "trước hoặc vào ngày": Reading.BY,
    "trước hoặc trong ngày": Reading.BY,
    "trong ngày": Reading.BY,
    "trong": Reading.WITHIN,
    "trong thời gian": Reading.WITHIN,
    "thời gian thực hiện": Reading.WITHIN,
}
_KEYS = {re.sub(r"\s+", " ", k.casefold()): v for k, v in VIETNAMESE_READINGS.items()}


def reading_of_words(text: str) -> Reading | None:
    """The reading Vietnamese words name, or None when they are not deadline words."""
    key = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).casefold()).strip()
    return _KEYS.get(key)


def normalise_readings(data: Any) -> Iterator[tuple[str, str, Reading]]:
    """Rewrite, in place, each obligation's Vietnamese ``deadline.reading`` as its value;
    yields (pointer, words, reading) for each one rewritten."""
    if not isinstance(data, dict) or not isinstance(data.get("obligations"), list):
        return
    for i, ob in enumerate(data["obligations"]):
        deadline = ob.get("deadline") if isinstance(ob, dict) else None
        words = deadline.get("reading") if isinstance(deadline, dict) else None
        if isinstance(words, str) and (reading := reading_of_words(words)) is not None:
            assert isinstance(deadline, dict)
            deadline["reading"] = reading.value
            yield f"/obligations/{i}/deadline/reading", words, reading
