"""Tests for sort_key() and collate()."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.text import collate, fold, nfc, sort_key

VIETNAMESE_LOWER = "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵ"
ALPHABET = (
    VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper() + "abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY"
)
vietnamese_text = st.text(alphabet=ALPHABET + "0123456789 ")
# Toneless lower-case Vietnamese words, and the tone marks in dictionary order.
TONELESS_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONES = ["\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # huyền hỏi ngã sắc nặng


def test_sorts_provinces_in_vietnamese_dictionary_order() -> None:
    names = ["Đà Nẵng", "Dak Lak", "An Giang", "Ăn", "Bắc Ninh", "Bạc Liêu"]
    assert sorted(names, key=sort_key) == [
        "An Giang",
        "Ăn",
        "Bạc Liêu",
        "Bắc Ninh",
        "Dak Lak",
        "Đà Nẵng",
    ]


def test_sorts_a_longer_province_list_like_a_dictionary() -> None:
    expected = [
        "An Giang",
        "Bà Rịa – Vũng Tàu",
        "Bạc Liêu",
        "Bắc Giang",
        "Bắc Kạn",
        "Bắc Ninh",
        "Bến Tre",
        "Bình Định",
        "Cà Mau",
        "Cao Bằng",
        "Cần Thơ",
        "Đà Nẵng",
        "Đắk Lắk",
        "Điện Biên",
        "Đồng Nai",
        "Gia Lai",
        "Hà Giang",
        "Hà Nội",
        "Hải Phòng",
        "Hưng Yên",
        "Khánh Hòa",
        "Kiên Giang",
        "Lào Cai",
        "Long An",
        "Quảng Ngãi",
        "Quảng Ninh",
        "Thanh Hóa",
        "Thừa Thiên Huế",
        "Tuyên Quang",
        "Yên Bái",
    ]
    shuffled = expected[:]
    random.Random(5712).shuffle(shuffled)
    assert collate(shuffled) == expected


def test_sorts_government_units() -> None:
    units = [
        "Sở Lao động – Thương binh và Xã hội",
        "Phường Hoàn Kiếm",
        "Đặc khu Phú Quốc",
        "Ban Dân tộc tỉnh Quảng Ngãi",
        "UBND xã Minh Đức",
    ]
    assert collate(units) == [
        "Ban Dân tộc tỉnh Quảng Ngãi",
        "Đặc khu Phú Quốc",
        "Phường Hoàn Kiếm",
        "Sở Lao động – Thương binh và Xã hội",
        "UBND xã Minh Đức",
    ]


def test_orders_tones_ngang_huyen_hoi_nga_sac_nang() -> None:
    expected = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert collate(reversed(expected)) == expected


def test_orders_letters_with_vowel_marks_after_their_base_letter() -> None:
    expected = ["an", "ăn", "ân", "bê", "da", "đa", "en", "ên", "on", "ôn", "ơn", "un", "ưn"]
    assert collate(sorted(expected)) == expected


def test_compares_base_letters_before_tones() -> None:
    # "Bạc" (b-a-c) sorts before "Bắc" (b-ă-c) although nặng sorts after sắc.
    assert sort_key("Bạc Liêu") < sort_key("Bắc Ninh")
    # Tones only decide between texts with the same letters, first difference wins.
    assert collate(["má ba", "ma bà", "ma ba"]) == ["ma ba", "ma bà", "má ba"]


def test_puts_d_before_d_with_stroke() -> None:
    assert sort_key("Dak Lak") < sort_key("Đà Nẵng")
    assert sort_key("Dương") < sort_key("Đà")


def test_ignores_case_except_to_break_ties_lower_case_first() -> None:
    assert collate(["Ăn", "an", "ăn", "An", "AN"]) == ["an", "An", "AN", "ăn", "Ăn"]
    assert sort_key("ĐÀ NẴNG")[:2] == sort_key("đà nẵng")[:2]


def test_sorts_digits_before_letters_and_foreign_characters_after_letters() -> None:
    assert collate(["Yên Bái", "2024", "Zürich", "Ωmega", "Quyết định 40", "ñame"]) == [
        "2024",
        "Quyết định 40",
        "Yên Bái",
        "Zürich",
        "ñame",
        "Ωmega",
    ]


def test_sorts_shorter_word_before_longer_one() -> None:
    assert collate(["Bắc Ninh", "Bắc", "Bắcninh"]) == ["Bắc", "Bắc Ninh", "Bắcninh"]


def test_treats_decomposed_text_like_precomposed_text() -> None:
    assert sort_key("Vie\u0323\u0302t Nam") == sort_key("Việt Nam")


def test_treats_runs_of_whitespace_as_one_separator_at_first_level() -> None:
    assert sort_key("Hà  Nội")[:3] == sort_key("Hà Nội")[:3]
    assert sort_key("Hà  Nội") != sort_key("Hà Nội")


@dataclass
class Unit:
    name: str
    code: int


def test_collate_sorts_objects_by_key_and_returns_a_new_list() -> None:
    units = [Unit("Đặc khu Phú Quốc", 1), Unit("Ban Dân tộc", 2), Unit("Phường Hoàn Kiếm", 3)]
    result = collate(units, key=lambda unit: unit.name)
    assert [unit.code for unit in result] == [2, 1, 3]
    assert [unit.code for unit in units] == [1, 2, 3]
    assert [unit.code for unit in collate(units, key=lambda u: u.name, reverse=True)] == [3, 1, 2]


def test_collate_without_key_rejects_non_strings() -> None:
    with pytest.raises(TypeError):
        collate([1, 2])  # type: ignore[list-item]


def test_collate_accepts_any_iterable() -> None:
    assert collate(name for name in ("Hà Nội", "Cà Mau")) == ["Cà Mau", "Hà Nội"]


@given(st.text(), st.text())
def test_sort_key_is_a_total_order_equal_only_for_equivalent_texts(a: str, b: str) -> None:
    key_a, key_b = sort_key(a), sort_key(b)
    assert (key_a == key_b) == (nfc(a) == nfc(b))
    assert (key_a < key_b) + (key_a == key_b) + (key_a > key_b) == 1


@given(st.lists(st.text(), max_size=8))
def test_collate_result_does_not_depend_on_input_order(items: list[str]) -> None:
    items = list({nfc(item): item for item in items}.values())
    assert collate(items) == collate(list(reversed(items)))


@given(vietnamese_text, st.randoms(use_true_random=False))
def test_texts_differing_only_in_case_fold_alike_and_share_first_two_levels(
    text: str, rnd: random.Random
) -> None:
    other = "".join(ch.upper() if rnd.random() < 0.5 else ch.lower() for ch in text)
    assert fold(text) == fold(other)
    assert sort_key(text)[:2] == sort_key(other)[:2]
    assert (sort_key(text) == sort_key(other)) == (text == other)


@given(vietnamese_text, vietnamese_text)
def test_equal_first_level_means_equal_fold(a: str, b: str) -> None:
    if sort_key(a)[0] == sort_key(b)[0]:
        assert fold(a) == fold(b)


@given(
    st.text(alphabet=TONELESS_LETTERS, min_size=1, max_size=8),
    st.sampled_from(TONES),
    st.data(),
)
def test_adding_a_tone_sorts_a_word_after_its_toneless_form(
    word: str, tone: str, data: st.DataObject
) -> None:
    vowels = [i for i, ch in enumerate(word) if ch in "aăâeêioôơuưy"]
    if not vowels:
        return
    i = data.draw(st.sampled_from(vowels))
    toned = unicodedata.normalize("NFC", word[: i + 1] + tone + word[i + 1 :])
    assert sort_key(word) < sort_key(toned)
    assert sort_key(toned)[0] == sort_key(word)[0]
