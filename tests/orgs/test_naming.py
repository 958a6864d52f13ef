"""Abbreviations in unit names, without a database."""

from __future__ import annotations

from cchc.orgs.naming import canonical_name, query_terms


def test_long_forms_become_abbreviations():
    assert canonical_name("uy ban nhan dan xa minh duc") == "ubnd xa minh duc"
    assert canonical_name("hoi dong nhan dan tinh") == "hdnd tinh"
    assert canonical_name("dai phat thanh - truyen hinh tinh") == "dai pt-th tinh"
    assert canonical_name("tp. ha noi") == "tp ha noi"


def test_words_inside_other_words_are_left_alone():
    assert canonical_name("thanh phoenix") == "thanh phoenix"


def test_query_terms_split_on_spaces_and_punctuation():
    assert query_terms("uy ban nhan dan, xa  minh duc") == ["ubnd", "xa", "minh", "duc"]
    assert query_terms("   ") == []
