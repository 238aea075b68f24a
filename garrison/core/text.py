"""Vietnamese text helpers: name order, a collation key that sorts the Vietnamese way, and the
folded form searches compare ("Đường  Biên" → "duong bien": what is typed with or without
diacritics finds the same rows)."""

from __future__ import annotations

import functools
import re
import unicodedata

#: the one letter NFD does not take apart: đ is a letter of its own, read as d without marks
_STROKED = str.maketrans({"đ": "d", "Đ": "d"})
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def fold(text: str | None) -> str:
    """`text` without diacritics, lower case, its white space collapsed: "Đường  Biên" →
    "duong bien"."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_STROKED))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare.lower()).strip()


def search_words(query: str) -> list[str]:
    """The words of a typed search, folded ("Dân quân, biên" → ["dan", "quan", "bien"]); the
    same word twice counts once."""
    return list(dict.fromkeys(_WORD.findall(fold(query))))


# The Vietnamese alphabet, in order (29 letters); f, j, w, z appear in foreign names and go
# where Latin puts them.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_DIGITS = "0123456789"
# tones in dictionary order: level, grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot (nặng)
_TONES = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SHAPE = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
_CODE = "abcdefghijklmnopqrstuvwxyz"


def _code(n: int) -> str:
    """A two-letter code, so keys hold only a–z and sort the same under any collation."""
    return _CODE[n // 26] + _CODE[n % 26]


_RANK = {ch: _code(i + 12) for i, ch in enumerate(_ALPHABET)}
_RANK.update({d: _code(i + 1) for i, d in enumerate(_DIGITS)})


def _split_letter(ch: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base = decomposed[0]
    tone = 0
    shape = ""
    for mark in decomposed[1:]:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in _SHAPE:
            shape += mark
    return unicodedata.normalize("NFC", base + shape), tone


@functools.lru_cache(maxsize=65_536)
def word_key(word: str) -> str:
    """The sort key of one word (remembered: names are made of few words, repeated — a family
    name, "Văn", "Thị" — so a long list or an import reads each word's key once)."""
    letters: list[str] = []
    tones: list[str] = []
    for ch in word:
        letter, tone = _split_letter(ch)
        if letter in _RANK:
            letters.append(_RANK[letter])
            tones.append(_CODE[tone])
    # "aa" ends each part: it sorts before every letter code, so "An" < "Anh"
    return "".join(letters) + "aa" + "".join(tones) + "a"


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) from a Vietnamese full name written family-first."""
    parts = full_name.split()
    if not parts:
        return "", "", ""
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]


def name_sort_key(full_name: str) -> str:
    """Sort key for a person's name the Vietnamese way: given name, then middle name(s), then
    family name; letters in the Vietnamese alphabet (a < ă < â, d < đ …), tones breaking ties."""
    family, middle, given = split_name(full_name)
    words = [given, *middle.split(), family]
    return "".join(word_key(w) for w in words)[:255]
