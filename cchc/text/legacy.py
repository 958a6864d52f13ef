"""Repair Vietnamese text written in the legacy 8-bit encodings TCVN3 and VNI.

Before Unicode, Vietnamese documents were typed in 8-bit "font encodings":
TCVN3 (also called ABC, TCVN 5712:1993 VN3; fonts .VnTime, .VnArial...) and
VNI (VNI-Windows; fonts VNI-Times, VNI-Helve...).  Such bytes usually reach
us decoded as cp1252 or latin-1, which turns "Việt Nam" into "ViÖt Nam"
(TCVN3) or "Vieät Nam" (VNI).  This module detects that mojibake and maps it
back to Unicode.

Detection is a character-scoring heuristic, not a guess from single letters:

* evidence *for* an encoding counts characters that the encoding explains
  and that real text does not produce - e.g. "¸" or "©" glued to letters
  ("B¸o", "d©n") for TCVN3, a vowel followed by a VNI tone byte that is not a
  Vietnamese letter ("eä", "oø") for VNI;
* evidence *against* counts letters the encoding cannot explain - real
  Vietnamese letters outside Latin-1 ("ơ", "ư", "ạ"... which mojibake never
  contains), VNI tone bytes after a consonant ("café"), and so on.

Text made only of genuine Vietnamese letters, digits and spaces never scores
for either encoding, so good Unicode is never "repaired", and French or
Spanish text ("café", "niño", "où", "maïs") is left alone as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from cchc.text.alphabet import UNICODE_ONLY_LETTERS, looks_like_syllable
from cchc.text.normalize import nfc

__all__ = [
    "TCVN3_TO_UNICODE",
    "VNI_FROM_UNICODE",
    "LegacyEncoding",
    "decode_cp1252",
    "detect_legacy",
    "encode_legacy",
    "repair_legacy",
]

LegacyEncoding = Literal["tcvn3", "vni"]
_ENCODINGS: Final[tuple[LegacyEncoding, ...]] = ("tcvn3", "vni")

# ---------------------------------------------------------------------------
# TCVN3 (ABC, TCVN 5712:1993 "VN3") code table: byte -> Unicode.
#
# ASCII (0x00-0x7F) is unchanged.  VN3 is the lower-case table (.VnTime):
# it encodes all lower-case letters plus the upper-case *base* letters
# Ă Â Ê Ô Ơ Ư Đ.  Upper-case *toned* vowels (Ấ, Ủ...) only exist in the
# separate capitals font (.VnTimeH), which draws the lower-case code points
# as capitals; in the bytes they are the lower-case codes below.
# Bytes 0xA0-0xFF look the same under cp1252 and latin-1, so the mojibake
# character for byte 0xNN is simply chr(0xNN): 0xB8 "á" shows up as "¸".
# Within each vowel, codes run in the order huyền, hỏi, ngã, sắc, nặng.
# ---------------------------------------------------------------------------
TCVN3_TO_UNICODE: Final[dict[int, str]] = {
    # Upper-case base letters (the only capitals in the table).
    0xA1: "Ă",  # ¡
    0xA2: "Â",  # ¢
    0xA3: "Ê",  # £
    0xA4: "Ô",  # ¤
    0xA5: "Ơ",  # ¥
    0xA6: "Ư",  # ¦
    0xA7: "Đ",  # §
    # Lower-case base letters.
    0xA8: "ă",  # ¨
    0xA9: "â",  # ©
    0xAA: "ê",  # ª
    0xAB: "ô",  # «
    0xAC: "ơ",  # ¬
    0xAD: "ư",  # soft hyphen (invisible)
    0xAE: "đ",  # ®
    # a
    0xB5: "à",  # µ
    0xB6: "ả",  # ¶
    0xB7: "ã",  # ·
    0xB8: "á",  # ¸
    0xB9: "ạ",  # ¹
    # ă
    0xBB: "ằ",  # »
    0xBC: "ẳ",  # ¼
    0xBD: "ẵ",  # ½
    0xBE: "ắ",  # ¾
    0xC6: "ặ",  # Æ
    # â
    0xC7: "ầ",  # Ç
    0xC8: "ẩ",  # È
    0xC9: "ẫ",  # É
    0xCA: "ấ",  # Ê
    0xCB: "ậ",  # Ë
    # e
    0xCC: "è",  # Ì
    0xCE: "ẻ",  # Î
    0xCF: "ẽ",  # Ï
    0xD0: "é",  # Ð
    0xD1: "ẹ",  # Ñ
    # ê
    0xD2: "ề",  # Ò
    0xD3: "ể",  # Ó
    0xD4: "ễ",  # Ô
    0xD5: "ế",  # Õ
    0xD6: "ệ",  # Ö
    # i
    0xD7: "ì",  # ×
    0xD8: "ỉ",  # Ø
    0xDC: "ĩ",  # Ü
    0xDD: "í",  # Ý
    0xDE: "ị",  # Þ
    # o
    0xDF: "ò",  # ß
    0xE1: "ỏ",  # á
    0xE2: "õ",  # â
    0xE3: "ó",  # ã
    0xE4: "ọ",  # ä
    # ô
    0xE5: "ồ",  # å
    0xE6: "ổ",  # æ
    0xE7: "ỗ",  # ç
    0xE8: "ố",  # è
    0xE9: "ộ",  # é
    # ơ
    0xEA: "ờ",  # ê
    0xEB: "ở",  # ë
    0xEC: "ỡ",  # ì
    0xED: "ớ",  # í
    0xEE: "ợ",  # î
    # u
    0xEF: "ù",  # ï
    0xF1: "ủ",  # ñ
    0xF2: "ũ",  # ò
    0xF3: "ú",  # ó
    0xF4: "ụ",  # ô
    # ư
    0xF5: "ừ",  # õ
    0xF6: "ử",  # ö
    0xF7: "ữ",  # ÷
    0xF8: "ứ",  # ø
    0xF9: "ự",  # ù
    # y
    0xFA: "ỳ",  # ú
    0xFB: "ỷ",  # û
    0xFC: "ỹ",  # ü
    0xFD: "ý",  # ý
    0xFE: "ỵ",  # þ
}

# ---------------------------------------------------------------------------
# VNI-Windows code table: lower-case Unicode letter -> VNI byte sequence,
# written as the bytes look when decoded as cp1252/latin-1 (all bytes are
# 0xC0-0xFF, where the two agree).
#
# VNI types a vowel as its ASCII base letter followed by one mark byte:
#   tone marks         ù sắc   ø huyền   û hỏi   õ ngã   ï nặng
#   circumflex (â ê ô) â alone, á à å ã ä = circumflex + sắc/huyền/hỏi/ngã/nặng
#   breve (ă)          ê alone, é è ú ü ë = breve + sắc/huyền/hỏi/ngã/nặng
# and has single bytes for ơ (ô), ư (ö), đ (ñ), the toned i's (í ì æ ó ò)
# and ỵ (î).  Upper case uses the upper-case form of every byte:
# "Ệ" = "EÄ", "Ơ" = "Ô", "Đ" = "Ñ", "Ỉ" = "Æ".
# ---------------------------------------------------------------------------
VNI_FROM_UNICODE: Final[dict[str, str]] = {
    # a
    "à": "aø",
    "ả": "aû",
    "ã": "aõ",
    "á": "aù",
    "ạ": "aï",
    # ă (breve)
    "ă": "aê",
    "ằ": "aè",
    "ẳ": "aú",
    "ẵ": "aü",
    "ắ": "aé",
    "ặ": "aë",
    # â (circumflex)
    "â": "aâ",
    "ầ": "aà",
    "ẩ": "aå",
    "ẫ": "aã",
    "ấ": "aá",
    "ậ": "aä",
    # đ
    "đ": "ñ",
    # e
    "è": "eø",
    "ẻ": "eû",
    "ẽ": "eõ",
    "é": "eù",
    "ẹ": "eï",
    # ê
    "ê": "eâ",
    "ề": "eà",
    "ể": "eå",
    "ễ": "eã",
    "ế": "eá",
    "ệ": "eä",
    # i (single bytes)
    "ì": "ì",
    "ỉ": "æ",
    "ĩ": "ó",
    "í": "í",
    "ị": "ò",
    # o
    "ò": "oø",
    "ỏ": "oû",
    "õ": "oõ",
    "ó": "où",
    "ọ": "oï",
    # ô
    "ô": "oâ",
    "ồ": "oà",
    "ổ": "oå",
    "ỗ": "oã",
    "ố": "oá",
    "ộ": "oä",
    # ơ (single byte ô, then a tone mark)
    "ơ": "ô",
    "ờ": "ôø",
    "ở": "ôû",
    "ỡ": "ôõ",
    "ớ": "ôù",
    "ợ": "ôï",
    # u
    "ù": "uø",
    "ủ": "uû",
    "ũ": "uõ",
    "ú": "uù",
    "ụ": "uï",
    # ư (single byte ö, then a tone mark)
    "ư": "ö",
    "ừ": "öø",
    "ử": "öû",
    "ữ": "öõ",
    "ứ": "öù",
    "ự": "öï",
    # y (ỵ is a single byte)
    "ỳ": "yø",
    "ỷ": "yû",
    "ỹ": "yõ",
    "ý": "yù",
    "ỵ": "î",
}

# ---------------------------------------------------------------------------
# Derived lookup tables.
# ---------------------------------------------------------------------------

_TCVN3_DECODE: Final[dict[str, str]] = {
    chr(code): letter for code, letter in TCVN3_TO_UNICODE.items()
}
# Toned vowels: TCVN3 only has lower-case codes for them, so their case is
# lost in the bytes and has to be guessed back from the surrounding word.
_TCVN3_CASELESS: Final = frozenset(
    ch for ch, letter in _TCVN3_DECODE.items() if letter.islower() and letter not in "ăâêôơưđ"
)


def _build_tcvn3_encode() -> dict[str, str]:
    encode = {letter: ch for ch, letter in _TCVN3_DECODE.items()}
    for ch in _TCVN3_CASELESS:
        # Capital toned vowels are written with the lower-case code (.VnTimeH).
        encode[_TCVN3_DECODE[ch].upper()] = ch
    return encode


_TCVN3_ENCODE: Final = _build_tcvn3_encode()

# TCVN3 codes that are punctuation or symbols in cp1252 (plus "ª", not a
# letter of any language written in Latin-1).  Glued to letters, they are the
# most reliable sign of TCVN3 mojibake: "d©n", "n¨m", "®i".
_TCVN3_SYMBOLS: Final = frozenset("¢£¤¥¦§¨©ª¬\xad®¶·¸¹¼½¾×÷")
# "µ" is also the micro sign ("25µm"); count it only after a letter ("lµ").
_TCVN3_AFTER_LETTER_SYMBOLS: Final = frozenset("µ")
# Quotation marks and "¡" also appear glued to one side of a word in real
# text ("«Đề án»", "¡Hola!"); only count them inside a word ("c«ng").
_TCVN3_INNER_SYMBOLS: Final = frozenset("«»¡")
# TCVN3 codes that are capital letters in cp1252 but not Vietnamese letters.
# After a lower-case letter they mark TCVN3 ("ViÖt", "nghÜa", "hoÆc").
_TCVN3_ODD_CAPITALS: Final = frozenset("ÆÇËÎÏÐÑÖØÜÞ")


def _build_vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """Both directions of the VNI table, upper case included."""
    encode: dict[str, str] = {}
    decode: dict[str, str] = {}
    for letter, sequence in VNI_FROM_UNICODE.items():
        encode[letter] = sequence
        encode[letter.upper()] = sequence.upper()
        decode[sequence] = letter
        decode[sequence.upper()] = letter.upper()
        if len(sequence) == 2:
            # Tolerate a mark byte whose case does not match its base letter;
            # the base letter decides the case.
            decode[sequence[0] + sequence[1].upper()] = letter
            decode[sequence[0].upper() + sequence[1]] = letter.upper()
    return encode, decode


_VNI_ENCODE, _VNI_DECODE = _build_vni_tables()
_VNI_PAIRS: Final = frozenset(seq for seq in _VNI_DECODE if len(seq) == 2)
_VNI_SINGLES: Final = frozenset(seq for seq in _VNI_DECODE if len(seq) == 1)
# VNI mark bytes that are not Vietnamese letters: a vowel followed by one of
# them ("eä", "oø", "uû") does not occur in real Vietnamese (or much else).
_VNI_ODD_MARKS: Final = frozenset("øûïåäëüØÛÏÅÄËÜ")
# VNI single bytes that are not Vietnamese letters (đ ư ỉ ỵ).  Common in
# German or Spanish ("schön", "niño"), so they only count next to another
# VNI unit ("Ñöôøng", "ñaõ").
_VNI_ODD_SINGLES: Final = frozenset("ñöæîÑÖÆÎ")

# Characters each encoding uses, for telling "used by the encoding" apart
# from "free for other symbols" when encoding.
_TCVN3_CLAIMED: Final = frozenset(_TCVN3_DECODE)
_VNI_CLAIMED: Final = frozenset("".join(_VNI_DECODE))

# cp1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined; everything else in
# 0x80-0x9F is punctuation or a letter.  Text decoded as latin-1 shows those
# bytes as C1 control characters instead.
_CP1252_UNDEFINED: Final = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
_C1_TO_CP1252: Final[dict[int, str]] = {
    code: bytes([code]).decode("cp1252")
    for code in range(0x80, 0xA0)
    if code not in _CP1252_UNDEFINED
}

_LATIN1_SYMBOLS: Final = frozenset(chr(code) for code in range(0xA1, 0xC0)) | {"×", "÷"}


def decode_cp1252(data: bytes) -> str:
    """Decode ``data`` as cp1252, keeping the five undefined bytes as latin-1.

    This is how legacy TCVN3/VNI files usually end up as text, and unlike
    ``data.decode("cp1252")`` it never fails.
    """
    return data.decode("latin-1").translate(_C1_TO_CP1252)


def encode_legacy(
    text: str,
    encoding: LegacyEncoding,
    errors: Literal["strict", "replace"] = "strict",
) -> bytes:
    """Encode ``text`` in TCVN3 or VNI, as a legacy Vietnamese font would store it.

    Mostly useful for tests and for producing sample mojibake.  Capital toned
    vowels become lower-case codes in TCVN3 (see :data:`TCVN3_TO_UNICODE`).
    Characters the encoding cannot represent raise :class:`ValueError`, or
    become ``?`` with ``errors="replace"``.
    """
    table = _TCVN3_ENCODE if encoding == "tcvn3" else _VNI_ENCODE
    claimed = _TCVN3_CLAIMED if encoding == "tcvn3" else _VNI_CLAIMED
    pieces: list[str] = []
    for ch in nfc(text):
        if ch in table:
            pieces.append(table[ch])
        elif ch.isascii():
            pieces.append(ch)
        else:
            try:
                fallback = ch.encode("cp1252").decode("latin-1")
            except UnicodeEncodeError:
                fallback = ""
            if fallback and fallback not in claimed:
                pieces.append(fallback)
            elif errors == "replace":
                pieces.append("?")
            else:
                raise ValueError(f"{ch!r} cannot be encoded in {encoding}")
    return "".join(pieces).encode("latin-1")


@dataclass(frozen=True)
class _Evidence:
    """Character counts for or against one legacy encoding."""

    strong: int = 0  # characters only that encoding's mojibake produces
    weak: int = 0  # other characters the encoding explains
    anti: int = 0  # letters/symbols the encoding cannot explain

    @property
    def viable(self) -> bool:
        return self.strong >= 1 and self.strong + self.weak >= 2 * self.anti


# With less strong evidence than this, a detection must also turn words into
# Vietnamese-looking syllables (so "maïs" is not read as VNI for "mạs").
_CONVINCING: Final = 3

# Runs of characters that are not whitespace, digits or ASCII punctuation.
_TOKEN: Final = re.compile(r"[^\s0-9!-/:-@\[-`{-~]+")


def _wordish(ch: str) -> bool:
    return ch.isalpha() or not (ch.isascii() or ch.isspace())


def _unexplained(ch: str, before: str, after: str) -> bool:
    """Whether a non-ASCII character an encoding does not explain counts against it.

    Letters always do; Latin-1 symbols only inside a word ("B¸o", not "© 2024").
    """
    if ch.isalpha():
        return True
    return ch in _LATIN1_SYMBOLS and (_wordish(before) or _wordish(after))


def _tcvn3_letterish(ch: str) -> bool:
    return ch.isalpha() or ch in _TCVN3_DECODE


def _is_tcvn3_sign(ch: str, before: str, after: str) -> bool:
    """Whether a TCVN3 code, in this context, is something only TCVN3 produces."""
    if ch in _TCVN3_SYMBOLS:
        return _tcvn3_letterish(before) or _tcvn3_letterish(after)
    if ch in _TCVN3_AFTER_LETTER_SYMBOLS:
        return _tcvn3_letterish(before)
    if ch in _TCVN3_INNER_SYMBOLS:
        return _tcvn3_letterish(before) and _tcvn3_letterish(after)
    if ch in _TCVN3_ODD_CAPITALS:
        return before.isalpha() and before.islower()
    return False


def _tcvn3_evidence(text: str) -> _Evidence:
    strong = weak = anti = 0
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ch.isascii():
            continue
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i < last else ""
        if ch in _TCVN3_DECODE:
            if _is_tcvn3_sign(ch, before, after):
                strong += 1
            else:
                weak += 1
        elif _unexplained(ch, before, after):
            anti += 1
    return _Evidence(strong, weak, anti)


def _vni_units(text: str) -> list[str]:
    """Split text into VNI units: mark pairs ("eä") and single characters."""
    units: list[str] = []
    i = 0
    while i < len(text):
        step = 2 if text[i : i + 2] in _VNI_PAIRS else 1
        units.append(text[i : i + step])
        i += step
    return units


def _vni_evidence(text: str) -> _Evidence:
    strong = weak = anti = 0
    units = _vni_units(text)

    def explained(k: int) -> bool:
        return 0 <= k < len(units) and not units[k].isascii() and units[k] in _VNI_DECODE

    for k, unit in enumerate(units):
        if unit.isascii():
            continue
        if len(unit) == 2:
            if unit[1] in _VNI_ODD_MARKS or unit[0] in _VNI_ODD_SINGLES:
                strong += 1
            else:
                weak += 1
        elif unit in _VNI_DECODE:
            if unit in _VNI_ODD_SINGLES and (explained(k - 1) or explained(k + 1)):
                strong += 1
            else:
                weak += 1
        else:
            before = units[k - 1][-1] if k > 0 else ""
            after = units[k + 1][0] if k + 1 < len(units) else ""
            if _unexplained(unit, before, after):
                anti += 1
    return _Evidence(strong, weak, anti)


def _evidence(text: str, encoding: LegacyEncoding) -> _Evidence:
    return _tcvn3_evidence(text) if encoding == "tcvn3" else _vni_evidence(text)


def _decodes_to_vietnamese(text: str, encoding: LegacyEncoding) -> bool:
    """Whether decoding changes more words into syllables than into non-words."""
    decode = _decode_tcvn3_line if encoding == "tcvn3" else _decode_vni_line
    syllables = others = 0
    for token in _TOKEN.findall(text):
        decoded = decode(token)
        if decoded != token:
            if looks_like_syllable(decoded):
                syllables += 1
            else:
                others += 1
    return syllables > others


def detect_legacy(text: str) -> LegacyEncoding | None:
    """Tell whether ``text`` is TCVN3 or VNI mojibake.

    Returns ``"tcvn3"``, ``"vni"``, or ``None`` for text that is already
    proper Unicode (or plain ASCII, or too ambiguous to call - a lone "Bá"
    is both good Vietnamese and TCVN3 for "Bỏ"; it is left alone).
    """
    text = nfc(text)
    if text.isascii():
        return None
    candidates: list[tuple[int, int, int, int, LegacyEncoding]] = []
    for rank, encoding in enumerate(_ENCODINGS):
        found = _evidence(text, encoding)
        if not found.viable:
            continue
        if found.strong < _CONVINCING and not _decodes_to_vietnamese(text, encoding):
            continue
        # Prefer the encoding that leaves least unexplained, then the one
        # with most evidence.
        candidates.append((found.anti, -found.strong, -found.weak, rank, encoding))
    if not candidates:
        return None
    return min(candidates)[-1]


def _word_spans(chars: list[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = -1
    for i, ch in enumerate(chars):
        if ch.isalpha():
            if start < 0:
                start = i
        elif start >= 0:
            spans.append((start, i))
            start = -1
    if start >= 0:
        spans.append((start, len(chars)))
    return spans


def _decode_tcvn3_line(line: str) -> str:
    """Decode one line of TCVN3 mojibake, guessing back capital toned vowels.

    A toned vowel is made upper case when the unambiguous letters say so:
    its word has no lower-case letter and a capital after the first letter
    ("ñY" → "ỦY", "§øC" → "ĐỨC"), or the whole line is written in capitals.
    A capitalised word starting with a toned vowel ("Ủy") cannot be told
    from "ủy" and comes back lower case.
    """
    chars: list[str] = []
    caseless: list[bool] = []
    for ch in line:
        letter = _TCVN3_DECODE.get(ch)
        if letter is None:
            chars.append(_C1_TO_CP1252.get(ord(ch), ch))
            caseless.append(False)
        else:
            chars.append(letter)
            caseless.append(ch in _TCVN3_CASELESS)
    if not any(caseless):
        return "".join(chars)
    spans = _word_spans(chars)

    def known_upper(k: int) -> bool:
        return not caseless[k] and chars[k].isupper()

    def known_lower(k: int) -> bool:
        return not caseless[k] and chars[k].islower()

    line_is_capitals = not any(known_lower(k) for k in range(len(chars))) and any(
        known_upper(k) for start, end in spans for k in range(start + 1, end)
    )
    for start, end in spans:
        word = range(start, end)
        if not any(caseless[k] for k in word) or any(known_lower(k) for k in word):
            continue
        if line_is_capitals or any(known_upper(k) for k in range(start + 1, end)):
            for k in word:
                if caseless[k]:
                    chars[k] = chars[k].upper()
    return "".join(chars)


def _decode_vni_line(line: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(line):
        pair = line[i : i + 2]
        if pair in _VNI_PAIRS:
            out.append(_VNI_DECODE[pair])
            i += 2
            continue
        ch = line[i]
        out.append(_VNI_DECODE.get(ch) or _C1_TO_CP1252.get(ord(ch), ch))
        i += 1
    return "".join(out)


def repair_legacy(text: str) -> str:
    """Return ``text`` as NFC Unicode, repairing TCVN3 or VNI mojibake.

    ``"Céng hßa x· héi chñ nghÜa ViÖt Nam"`` (TCVN3 read as cp1252) and
    ``"Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"`` (VNI) both become
    ``"Cộng hòa xã hội chủ nghĩa Việt Nam"``.  Text that is already good
    Unicode comes back unchanged apart from NFC normalisation.  In a mixed
    document, lines that contain real Unicode Vietnamese letters and no sign
    of the legacy encoding are kept as they are.
    """
    text = nfc(text)
    encoding = detect_legacy(text)
    if encoding is None:
        return text
    decode_line = _decode_tcvn3_line if encoding == "tcvn3" else _decode_vni_line
    lines: list[str] = []
    for line in text.split("\n"):
        if _evidence(line, encoding).strong == 0 and any(ch in UNICODE_ONLY_LETTERS for ch in line):
            lines.append(line)
        else:
            lines.append(decode_line(line))
    return nfc("\n".join(lines))
