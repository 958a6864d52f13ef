"""Tests for nfc(), fold() and slugify()."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.text import fold, nfc, slugify

# The 67 lower-case Vietnamese letters outside ASCII, typed out by hand
# (a ă â e ê i o ô ơ u ư y with their tones, and đ), plus upper case.
VIETNAMESE_LOWER = "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵ"
VIETNAMESE_LETTERS = VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper()
ALPHABET = VIETNAMESE_LETTERS + "abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY"
vietnamese_text = st.text(alphabet=ALPHABET + "0123456789 ")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def test_vietnamese_alphabet_in_tests_has_134_letters() -> None:
    assert len(set(VIETNAMESE_LETTERS)) == 134


# --- nfc -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("decomposed", "expected"),
    [
        ("a\u0301", "á"),
        ("U\u0309y ban nha\u0302n da\u0302n", "Ủy ban nhân dân"),
        ("Vie\u0323\u0302t Nam", "Việt Nam"),  # NFD order: dot below first
        ("Vie\u0302\u0323t Nam", "Việt Nam"),  # typed order: circumflex first
        ("Pho\u031b\u0300ng", "Phờng"),
    ],
)
def test_nfc_composes_decomposed_vietnamese(decomposed: str, expected: str) -> None:
    assert nfc(decomposed) == expected


def test_nfc_composes_windows_composite_form_with_precomposed_base_and_combining_tone() -> None:
    # Windows-1258 style: "ê" as one character, the tone as a combining mark.
    composite = "Ti\u00ea\u0301ng Vi\u00ea\u0323t, \u01b0\u0301ng d\u01b0\u0323ng"
    assert nfc(composite) == "Tiếng Việt, ứng dựng"


def test_nfc_composes_tone_typed_before_vowel_mark() -> None:
    # Plain NFC leaves "a" + acute + circumflex uncomposed; nfc() does not.
    assert unicodedata.normalize("NFC", "a\u0301\u0302") != "ấ"
    assert nfc("Ke\u0301\u0302 hoa\u0323ch") == "Kế hoạch"
    assert nfc("A\u0300\u0306n") == "Ằn"


def test_nfc_maps_deprecated_tone_marks() -> None:
    assert nfc("a\u0341") == "á"
    assert nfc("a\u0340") == "à"


def test_nfc_leaves_ascii_and_precomposed_text_alone() -> None:
    assert nfc("UBND tỉnh Quảng Ngãi") == "UBND tỉnh Quảng Ngãi"
    assert nfc("Plan 2024") == "Plan 2024"
    assert nfc("") == ""


@given(st.text())
def test_nfc_is_idempotent(text: str) -> None:
    once = nfc(text)
    assert nfc(once) == once


@given(st.text())
def test_nfc_output_is_nfc_and_only_differs_from_plain_nfc_by_vowel_mark_order(text: str) -> None:
    result = nfc(text)
    assert unicodedata.is_normalized("NFC", result)
    decomposed = unicodedata.normalize("NFD", text)
    if "\u0302" not in decomposed and "\u0306" not in decomposed:
        assert result == unicodedata.normalize("NFC", text)


@given(vietnamese_text)
def test_nfc_restores_decomposed_vietnamese_exactly(text: str) -> None:
    assert nfc(unicodedata.normalize("NFD", text)) == text


# --- fold ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UBND xã Minh Đức", "ubnd xa minh duc"),
        ("Ủy ban nhân dân", "uy ban nhan dan"),
        ("Uỷ ban nhân dân", "uy ban nhan dan"),
        ("Sở Lao động – Thương binh và Xã hội", "so lao dong – thuong binh va xa hoi"),
        ("Ban Dân tộc tỉnh Quảng Ngãi", "ban dan toc tinh quang ngai"),
        ("  Phường\tHoàn   Kiếm\n", "phuong hoan kiem"),
        ("ĐẶC KHU PHÚ QUỐC", "dac khu phu quoc"),
        ("Ăn ở ưu ái", "an o uu ai"),
        ("Ðà Nẵng", "da nang"),  # U+00D0 eth, a common look-alike for Đ
        ("Kế hoạch số 40/KH-UBND", "ke hoach so 40/kh-ubnd"),
        ("", ""),
    ],
)
def test_fold_removes_tones_vowel_marks_case_and_extra_spaces(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_matches_unaccented_query() -> None:
    title = "Kế hoạch tuyên truyền cải cách hành chính năm 2024 của Sở Lao động – Thương binh"
    for query in ("cai cach hanh chinh", "Cải cách HÀNH CHÍNH", "so lao dong", "KE HOACH"):
        assert fold(query) in fold(title)


def test_fold_treats_old_and_new_tone_placement_alike() -> None:
    for old, new in [("Uỷ", "Ủy"), ("hoá", "hóa"), ("Thuý", "Thúy"), ("khoẻ", "khỏe")]:
        assert fold(old) == fold(new)


def test_fold_treats_decomposed_and_precomposed_input_alike() -> None:
    assert fold("Pha\u0301t trie\u0302\u0309n") == fold("Phát triển") == "phat trien"


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@given(vietnamese_text)
def test_fold_output_is_ascii_for_vietnamese_alphabet_input(text: str) -> None:
    assert fold(text).isascii()


@given(vietnamese_text)
def test_fold_ignores_case_of_vietnamese_text(text: str) -> None:
    assert fold(text.upper()) == fold(text.lower()) == fold(text)


@given(st.text())
def test_fold_of_nfc_equals_fold_of_nfd(text: str) -> None:
    assert fold(nfc(text)) == fold(unicodedata.normalize("NFD", text))


@given(st.text())
def test_fold_has_no_surrounding_or_repeated_whitespace(text: str) -> None:
    folded = fold(text)
    assert folded == folded.strip()
    assert "  " not in folded
    assert all(not ch.isspace() or ch == " " for ch in folded)


# --- slugify ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đường dây nóng", "duong-day-nong"),
        ("Kế hoạch số 40/KH-UBND", "ke-hoach-so-40-kh-ubnd"),
        ("Sở Lao động – Thương binh và Xã hội", "so-lao-dong-thuong-binh-va-xa-hoi"),
        ("Ban Dân tộc tỉnh Quảng Ngãi", "ban-dan-toc-tinh-quang-ngai"),
        ("  Phường Hoàn Kiếm!  ", "phuong-hoan-kiem"),
        ("Đặc khu Phú Quốc", "dac-khu-phu-quoc"),
        ("ỦY BAN NHÂN DÂN XÃ MINH ĐỨC", "uy-ban-nhan-dan-xa-minh-duc"),
        ("Quyết định ①", "quyet-dinh-1"),
        ("Straße", "strasse"),
        ("— / —", ""),
        ("", ""),
    ],
)
def test_slugify_keeps_words_readable(text: str, expected: str) -> None:
    assert slugify(text) == expected


def test_slugify_cuts_at_a_word_boundary() -> None:
    text = "Kế hoạch tuyên truyền cải cách hành chính năm 2024"
    assert slugify(text, max_length=20) == "ke-hoach-tuyen"
    assert slugify(text, max_length=14) == "ke-hoach-tuyen"
    assert slugify(text, max_length=15) == "ke-hoach-tuyen"
    assert slugify(text, max_length=1000) == "ke-hoach-tuyen-truyen-cai-cach-hanh-chinh-nam-2024"


def test_slugify_cuts_a_single_long_word_hard() -> None:
    assert slugify("Nghiêngnghiêngnghiêng", max_length=5) == "nghie"


def test_slugify_default_length_is_80() -> None:
    slug = slugify("Cộng hòa xã hội chủ nghĩa Việt Nam " * 10)
    assert len(slug) <= 80
    assert SLUG.match(slug)


def test_slugify_spells_letters_without_ascii_form_by_code_point() -> None:
    assert slugify("Москва") == "u43c-u43e-u441-u43a-u432-u430"
    assert slugify("Hà Nội 東京") == "ha-noi-u6771-u4eac"


def test_slugify_rejects_non_positive_max_length() -> None:
    with pytest.raises(ValueError):
        slugify("Hà Nội", max_length=0)


@given(st.text(), st.integers(min_value=1, max_value=120))
def test_slugify_output_is_a_slug_or_empty_only_without_letters_and_digits(
    text: str, max_length: int
) -> None:
    slug = slugify(text, max_length=max_length)
    assert len(slug) <= max_length
    if any(ch.isalnum() for ch in text):
        assert SLUG.match(slug), slug
    else:
        assert slug == "" or SLUG.match(slug)


@given(vietnamese_text)
def test_slugify_of_vietnamese_text_joins_folded_words_with_dashes(text: str) -> None:
    assert slugify(text, max_length=10_000) == "-".join(fold(text).split())
