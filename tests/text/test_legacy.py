"""Tests for detect_legacy(), repair_legacy() and the TCVN3 / VNI tables."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.text import decode_cp1252, detect_legacy, encode_legacy, nfc, repair_legacy
from cchc.text.alphabet import looks_like_syllable
from cchc.text.legacy import TCVN3_TO_UNICODE, VNI_FROM_UNICODE

VIETNAMESE_LOWER = "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵ"
VIETNAMESE_LETTERS = VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper()
TONES = ["\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # huyền hỏi ngã sắc nặng

SENTENCES = [
    "Kế hoạch tuyên truyền cải cách hành chính năm 2024",
    "ỦY BAN NHÂN DÂN XÃ MINH ĐỨC",
    "Đường dây nóng tiếp nhận phản ánh, kiến nghị",
    "Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập - Tự do - Hạnh phúc",
    "Sở Lao động – Thương binh và Xã hội",
    "Ban Dân tộc tỉnh Quảng Ngãi",
    "Phường Hoàn Kiếm",
    "Đặc khu Phú Quốc",
    "Việt Nam",
    "Căn cứ Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ",
    "BÁO CÁO KẾT QUẢ THỰC HIỆN CÔNG TÁC TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH QUÝ I",
    "Người dân, doanh nghiệp được hướng dẫn nộp hồ sơ trực tuyến (dịch vụ công mức độ 4).",
]


def cp1252_with_latin1_fallback(data: bytes) -> str:
    """Decode bytes the way old files reach us: cp1252, undefined bytes as latin-1."""
    out = []
    for byte in data:
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def as_tcvn3_mojibake(text: str) -> str:
    return cp1252_with_latin1_fallback(encode_legacy(text, "tcvn3"))


def as_vni_mojibake(text: str) -> str:
    return cp1252_with_latin1_fallback(encode_legacy(text, "vni"))


# --- the code tables --------------------------------------------------------


def test_tcvn3_table_has_every_lowercase_letter_and_the_seven_capital_base_letters() -> None:
    letters = list(TCVN3_TO_UNICODE.values())
    assert len(letters) == len(set(letters)) == 67 + 7
    assert set(letters) == set(VIETNAMESE_LOWER) | set("ĂÂÊÔƠƯĐ")
    assert [TCVN3_TO_UNICODE[code] for code in range(0xA1, 0xAF)] == list("ĂÂÊÔƠƯĐăâêôơưđ")
    assert all(0xA1 <= code <= 0xFE for code in TCVN3_TO_UNICODE)


@pytest.mark.parametrize("vowel", list("aăâeêioôơuưy"))
def test_tcvn3_codes_of_a_vowel_run_huyen_hoi_nga_sac_nang(vowel: str) -> None:
    code_of = {letter: code for code, letter in TCVN3_TO_UNICODE.items()}
    codes = [code_of[unicodedata.normalize("NFC", vowel + tone)] for tone in TONES]
    assert codes == sorted(codes)


# What each VNI mark byte means, written down independently of the module.
VNI_TONE_BYTES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
VNI_CIRCUMFLEX_BYTES = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303"}
VNI_CIRCUMFLEX_BYTES["ä"] = "\u0323"
VNI_BREVE_BYTES = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303"}
VNI_BREVE_BYTES["ë"] = "\u0323"
VNI_SINGLE_BYTES = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị"}
VNI_SINGLE_BYTES["î"] = "ỵ"


def independent_vni(letter: str) -> str:
    """VNI bytes (as cp1252 text) for one lower-case letter, from the mark meanings."""
    for byte, meaning in VNI_SINGLE_BYTES.items():
        if meaning == letter:
            return byte
    decomposed = unicodedata.normalize("NFD", letter)
    base, marks = decomposed[0], decomposed[1:]
    tone = "".join(mark for mark in marks if mark in TONES)
    if "\u0302" in marks:
        return base + next(b for b, t in VNI_CIRCUMFLEX_BYTES.items() if t == tone)
    if "\u0306" in marks:
        return base + next(b for b, t in VNI_BREVE_BYTES.items() if t == tone)
    if "\u031b" in marks:  # ơ ư: single byte base, then a tone byte
        horned = {"o": "ô", "u": "ö"}[base]
        return horned + next(b for b, t in VNI_TONE_BYTES.items() if t == tone)
    return base + next(b for b, t in VNI_TONE_BYTES.items() if t == tone)


def test_vni_table_agrees_with_the_meaning_of_each_mark_byte() -> None:
    assert set(VNI_FROM_UNICODE) == set(VIETNAMESE_LOWER)
    for letter, sequence in VNI_FROM_UNICODE.items():
        assert sequence == independent_vni(letter), letter


def test_vni_encodes_capitals_with_capital_mark_bytes() -> None:
    assert encode_legacy("VIỆT NAM", "vni") == "VIEÄT NAM".encode("latin-1")
    assert encode_legacy("Đường", "vni") == "Ñöôøng".encode("latin-1")


def test_tcvn3_encodes_capital_toned_vowels_with_lower_case_codes() -> None:
    assert encode_legacy("Ủ", "tcvn3") == encode_legacy("ủ", "tcvn3") == b"\xf1"
    assert encode_legacy("ĐỨC", "tcvn3") == b"\xa7\xf8C"


def test_encode_legacy_refuses_characters_it_cannot_write() -> None:
    with pytest.raises(ValueError):
        encode_legacy("Hà Nội 東京", "tcvn3")
    assert encode_legacy("東", "vni", errors="replace") == b"?"
    # A cp1252 character whose byte the encoding uses for a letter cannot be kept.
    with pytest.raises(ValueError):
        encode_legacy("©", "tcvn3")


def test_decode_cp1252_keeps_undefined_bytes_as_latin1() -> None:
    data = bytes(range(256))
    assert decode_cp1252(data) == cp1252_with_latin1_fallback(data)


# --- repairing known mojibake -------------------------------------------------


@pytest.mark.parametrize(
    ("mojibake", "expected"),
    [
        # TCVN3 (.VnTime) read as cp1252
        ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("B¶o Th¾ng", "Bảo Thắng"),
        ("M\xadêng Kh\xad¬ng", "Mường Khương"),
        ("B¸t X¸t", "Bát Xát"),
        ("ViÖt Nam", "Việt Nam"),
        ("Së Lao ®éng – Th\xad¬ng binh vµ X· héi", "Sở Lao động – Thương binh và Xã hội"),
        ("ñY BAN NH¢N D¢N X· MINH §øC", "ỦY BAN NHÂN DÂN XÃ MINH ĐỨC"),
        # VNI (VNI-Times) read as cp1252
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("Xin chaøo caùc baïn", "Xin chào các bạn"),
        ("Vieät Nam", "Việt Nam"),
        ("VIEÄT NAM", "VIỆT NAM"),
        ("Ñöôøng daây noùng", "Đường dây nóng"),
        ("Ban Daân toäc tænh Quaûng Ngaõi", "Ban Dân tộc tỉnh Quảng Ngãi"),
    ],
)
def test_repair_legacy_fixes_published_mojibake(mojibake: str, expected: str) -> None:
    assert repair_legacy(mojibake) == expected


@pytest.mark.parametrize("sentence", SENTENCES)
def test_repair_legacy_round_trips_tcvn3_read_as_cp1252(sentence: str) -> None:
    mojibake = as_tcvn3_mojibake(sentence)
    assert mojibake != sentence
    assert detect_legacy(mojibake) == "tcvn3"
    assert repair_legacy(mojibake) == sentence


@pytest.mark.parametrize("sentence", SENTENCES)
def test_repair_legacy_round_trips_vni_read_as_cp1252(sentence: str) -> None:
    mojibake = as_vni_mojibake(sentence)
    assert mojibake != sentence
    assert detect_legacy(mojibake) == "vni"
    assert repair_legacy(mojibake) == sentence


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_repair_legacy_also_handles_files_read_as_latin1(encoding: str) -> None:
    sentence = "Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập - Tự do - Hạnh phúc"
    mojibake = encode_legacy(sentence, "tcvn3" if encoding == "tcvn3" else "vni").decode("latin-1")
    assert "\x97" in mojibake  # the em dash became a C1 control character
    assert repair_legacy(mojibake) == sentence


def test_repair_legacy_restores_capitals_in_upper_case_headings_only() -> None:
    # TCVN3 has no capital toned vowels: they come back from context.
    assert repair_legacy(as_tcvn3_mojibake("ĐỀ ÁN")) == "ĐỀ ÁN"
    assert repair_legacy(as_tcvn3_mojibake("Uỷ ban nhân dân")) == "Uỷ ban nhân dân"
    # Known limitation: a capitalised word starting with a toned vowel.
    assert repair_legacy(as_tcvn3_mojibake("Ủy ban nhân dân")) == "ủy ban nhân dân"


def test_repair_legacy_keeps_unicode_lines_of_a_mixed_document() -> None:
    header = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    body = "Kế hoạch tuyên truyền cải cách hành chính năm 2024"
    mixed = header + "\n" + as_tcvn3_mojibake(body) + "\n" + as_tcvn3_mojibake(body)
    assert repair_legacy(mixed) == f"{header}\n{body}\n{body}"


def test_repair_legacy_is_idempotent_on_repaired_text() -> None:
    for sentence in SENTENCES:
        repaired = repair_legacy(as_tcvn3_mojibake(sentence))
        assert repair_legacy(repaired) == repaired


# --- leaving good text alone --------------------------------------------------


@pytest.mark.parametrize("sentence", SENTENCES)
def test_repair_legacy_leaves_unicode_vietnamese_unchanged(sentence: str) -> None:
    assert detect_legacy(sentence) is None
    assert repair_legacy(sentence) == sentence
    assert repair_legacy(unicodedata.normalize("NFD", sentence)) == sentence


@pytest.mark.parametrize(
    "text",
    [
        "café",
        "niño",
        "Le café est très bon, à côté de la gare. Noël à l'hôtel, maïs et août.",
        "El niño está aquí con su mamá. ¡Hola! ¿Qué tal? Canción de España.",
        "Müller, Straße, Köln, schön, Äpfel, Öl",
        "naïf, Un maïs, Raphaël, col·lecció, Mª José Pérez, 25µm",
        "«Cà phê» © 2024 Ủy ban nhân dân",
        "São Paulo, Bogotá, Zürich, Ñuñoa",
    ],
)
def test_repair_legacy_leaves_western_european_text_alone(text: str) -> None:
    assert detect_legacy(text) is None
    assert repair_legacy(text) == text


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("nghiêng", True),
        ("Việt", True),
        ("Khương", True),
        ("ỦY", True),
        ("Uỷ", True),
        ("khuyết", True),
        ("café", False),
        ("niđo", False),
        ("mạs", False),
        ("ạá", False),
        ("UBND", False),
    ],
)
def test_syllable_shape_check_used_by_detection(word: str, expected: bool) -> None:
    assert looks_like_syllable(word) is expected


def test_detect_legacy_returns_none_for_ascii_and_empty_text() -> None:
    assert detect_legacy("") is None
    assert detect_legacy("UBND xa Minh Duc - Ke hoach 2024") is None
    assert repair_legacy("Plan 2024") == "Plan 2024"


def test_detect_legacy_leaves_ambiguous_short_text_alone() -> None:
    # "Bá" is good Vietnamese, and also TCVN3 for "Bỏ": assume the former.
    assert detect_legacy("Bá") is None
    assert repair_legacy("Bá") == "Bá"


# --- properties ---------------------------------------------------------------

good_vietnamese = st.text(
    alphabet=VIETNAMESE_LETTERS + "abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY0123456789 ,.-–—()/"
)


@given(good_vietnamese, st.booleans())
def test_repair_legacy_never_changes_unicode_vietnamese(text: str, decompose: bool) -> None:
    if decompose:
        text = unicodedata.normalize("NFD", text)
    assert detect_legacy(text) is None
    assert repair_legacy(text) == nfc(text)


# Random Vietnamese-shaped words: onset + vowel nucleus (a tone on one of its
# vowels, old or new placement) + final consonant.
ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng"]
ONSETS += ["ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]
NUCLEI = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay"]
NUCLEI += ["âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oe", "oi", "ôi", "ơi", "ua", "uâ"]
NUCLEI += ["uê", "ui", "uô", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "iêu", "oai", "oay", "uôi"]
NUCLEI += ["ươi", "ươu", "yêu", "uyê"]
CODAS = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"]
TONE_OR_NONE = ["", *TONES]


@st.composite
def syllables(draw: st.DrawFn) -> str:
    nucleus = draw(st.sampled_from(NUCLEI))
    at = draw(st.integers(min_value=0, max_value=len(nucleus) - 1))
    tone = draw(st.sampled_from(TONE_OR_NONE))
    toned = unicodedata.normalize("NFC", nucleus[: at + 1] + tone + nucleus[at + 1 :])
    return draw(st.sampled_from(ONSETS)) + toned + draw(st.sampled_from(CODAS))


def is_toned(letter: str) -> bool:
    return any(mark in TONES for mark in unicodedata.normalize("NFD", letter))


@st.composite
def tcvn3_friendly_lines(draw: st.DrawFn) -> str:
    """A line of lower/Capitalised words, or an all-capitals heading.

    TCVN3 cannot store the case of toned vowels, so generated text follows
    the conventions the repair relies on: a capitalised word starts with a
    letter TCVN3 has a capital for, and a heading has a capital after the
    first letter of some word.  Numbers appear as separate words.
    """
    words = draw(st.lists(syllables() | st.sampled_from(["2024", "40"]), min_size=1, max_size=8))
    if draw(st.booleans()):
        heading = [word.upper() for word in words]
        if not any(not is_toned(ch) for word in heading for ch in word[1:] if ch.isalpha()):
            heading.append("BAN")
        return " ".join(heading)
    capitalise = draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words)))
    return " ".join(
        word[0].upper() + word[1:] if cap and not is_toned(word[0]) else word
        for word, cap in zip(words, capitalise, strict=True)
    )


# Letters whose TCVN3 code is a cp1252 symbol ("¸" for á, "®" for đ...): when
# they are not the first letter of a word, they are sure signs of TCVN3.
TCVN3_SIGN_LETTERS = set("ăâêơưđàảãáạẳẵắìữ") | set("ÂÊÔƠƯĐÀẢÃÁẠẲẴẮÌỮ")


def tcvn3_signs(text: str) -> int:
    return sum(1 for word in text.split() for ch in word[1:] if ch in TCVN3_SIGN_LETTERS)


@given(st.lists(tcvn3_friendly_lines(), min_size=1, max_size=4).map("\n".join))
def test_repair_legacy_inverts_tcvn3_read_as_cp1252(text: str) -> None:
    mojibake = as_tcvn3_mojibake(text)
    if tcvn3_signs(text) >= 3:
        assert detect_legacy(mojibake) == "tcvn3"
    # With less evidence the bytes may be ambiguous ("a aï" is also VNI for
    # "a ạ"), but whenever TCVN3 is recognised the repair must be exact.
    if detect_legacy(mojibake) == "tcvn3":
        assert repair_legacy(mojibake) == text


# Letters whose VNI form uses a mark byte that is not a Vietnamese letter
# ("ø", "û", "ï", "ä"...) or the "ö" of ư: sure signs of VNI.
VNI_SIGN_LETTERS = {
    letter
    for letter in VIETNAMESE_LETTERS
    if len(seq := independent_vni(letter.lower())) == 2 and (seq[1] in "øûïåäëü" or seq[0] == "ö")
}


@given(st.lists(syllables(), min_size=1, max_size=10), st.sampled_from(["lower", "title", "upper"]))
def test_repair_legacy_inverts_vni_read_as_cp1252(words: list[str], style: str) -> None:
    text = " ".join(
        word.upper() if style == "upper" else word.capitalize() if style == "title" else word
        for word in words
    )
    mojibake = as_vni_mojibake(text)
    if sum(1 for ch in text if ch in VNI_SIGN_LETTERS) >= 3:
        assert detect_legacy(mojibake) == "vni"
    if detect_legacy(mojibake) == "vni":
        assert repair_legacy(mojibake) == text
