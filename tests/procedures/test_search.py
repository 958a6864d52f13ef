"""Search: diacritics, case, đ/d, misspellings, ranking, filters, odd input, the index kept in sync."""

from __future__ import annotations

import pytest

from cchc.procedures import selectors
from cchc.procedures.models import Procedure
from cchc.procedures.selectors import Filters, search, suggest
from cchc.procedures.services import data_from, procedure_delete, procedure_update
from cchc.procedures.text import words
from cchc.text import sort_key
from tests.procedures.conftest import make

pytestmark = pytest.mark.django_db


def codes(query: str, filters: Filters | None = None) -> list[str]:
    return [p.code for p in search(query, filters).procedures]


def test_words_fold_diacritics_case_d_and_i_y_variants():
    assert words("Thủ tục ĐĂNG KÝ kết hôn") == ["thu", "tuc", "dang", "ki", "ket", "hon"]
    assert words("đăng kí") == words("dang ky") == ["dang", "ki"]
    assert words("<script>alert('x')</script>") == ["script", "alert", "x", "script"]


def test_diacritic_free_query_finds_the_procedure_first(catalog):
    assert codes("thu tuc dang ky ket hon")[0] == "1.000894"
    assert codes("dang ky khai sinh") == ["1.001193"]


def test_mixed_case_and_accented_queries(catalog):
    assert codes("ĐĂNG KÝ Kết Hôn")[0] == "1.000894"
    assert codes("Đăng Ký Khai Tử") == ["1.000656"]
    assert codes("DAT DAI") == ["1.012790"]


def test_d_and_đ_match_both_ways(catalog):
    assert codes("đat đai") == codes("dat dai") == ["1.012790"]


def test_i_and_y_spellings_match(catalog):
    assert codes("đăng kí khai sinh") == ["1.001193"]


def test_misspelled_word_is_corrected_and_said(catalog):
    result = search("dang ky ket hnon")
    assert result.procedures[0].code == "1.000894"
    assert result.corrected == "dang ki ket hon"
    result = search("khai sinhh")
    assert [p.code for p in result.procedures] == ["1.001193"]


def test_no_procedure_with_every_word_gives_approximate_results(catalog):
    result = search("khai sinh xay dung")
    assert result.approximate
    assert {p.code for p in result.procedures} >= {"1.001193", "1.009972"}


def test_name_matches_rank_above_body_matches(catalog):
    # "kết hôn" is in the marriage name, and only in the body of the birth registration.
    found = codes("ket hon")
    assert found.index("1.000894") < found.index("1.001193")


def test_exact_phrase_in_name_ranks_first(catalog):
    make("9.1", "Đăng ký lại khai sinh cho người đã có hồ sơ khai tử", handling_unit=None)
    assert codes("dang ky khai tu")[0] == "1.000656"


def test_code_search(catalog):
    assert codes("1.012790") == ["1.012790"]


def test_abolished_procedures_are_left_out_of_search(catalog):
    assert "1.003440" not in codes("giay chung nhan ket hon")
    assert "1.003440" in [
        p.code for p in search("ket hon", Filters(include_abolished=True)).procedures
    ]


def test_filters_field_level_and_unit_subtree(catalog, tree):
    assert codes("dang ky", Filters(field="Đất đai")) == ["1.012790"]
    assert codes("dang ky", Filters(level="province")) == ["1.012790"]
    assert set(codes("dang ky", Filters(unit=tree.commune_a))) == {"1.000894", "1.000656"}
    # A unit's filter covers the units below it.
    assert "1.012790" in codes("dang ky", Filters(unit=tree.province))
    assert codes("", Filters(field="Xây dựng")) == ["1.009972"]


def test_no_words_lists_by_name(catalog):
    result = search("")
    assert result.total == 6
    assert [p.name for p in result.procedures] == sorted(
        (p.name for p in result.procedures), key=lambda n: n
    )


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "AND OR NOT",
        "NEAR(",
        "' OR 1=1 --",
        "%_%",
        "\\",
        "^hon",
        "dang:*",
        "(ket) & | !",
        "{}[]",
        "😀 kết hôn",
    ],
)
def test_odd_characters_are_safe(catalog, query):
    result = search(query)
    assert result.total >= 0
    suggest(query)


def test_ten_thousand_characters_are_cut_and_said(catalog):
    result = search("ket hon " * 1250)
    assert len("ket hon " * 1250) == 10_000
    assert result.procedures[0].code == "1.000894"
    assert any("200 ký tự" in note for note in result.notes)
    assert any("12 từ" in note for note in result.notes)


def test_paging(catalog):
    first = search("dang ky", limit=2, offset=0)
    second = search("dang ky", limit=2, offset=2)
    assert first.total == second.total == 5
    assert not {p.pk for p in first.procedures} & {p.pk for p in second.procedures}


def test_suggest_uses_the_last_word_as_prefix(catalog):
    assert [p.code for p in suggest("dang ky khai s")] == ["1.001193"]
    assert suggest("") == []


def test_index_follows_updates_and_deletes(catalog):
    marriage = catalog["marriage"]
    data = data_from(marriage)
    data.name = "Đăng ký kết hôn có yếu tố nước ngoài"
    procedure_update(procedure=marriage, data=data)
    assert codes("yeu to nuoc ngoai") == ["1.000894"]
    procedure_delete(procedure=Procedure.objects.get(code="1.000894"))
    assert "1.000894" not in codes("yeu to nuoc ngoai")
    assert not search("yeu to nuoc ngoai").total or search("yeu to nuoc ngoai").approximate


def test_vocabulary_cache_sees_new_names(catalog):
    assert "phep" in selectors.name_vocabulary()
    make("9.2", "Cấp chứng chỉ hành nghề dược", field="Dược phẩm")
    assert "duoc" in selectors.name_vocabulary()
    assert codes("chung chi hanh nghe duocc") == ["9.2"]


def test_suggest_matches_names_only(catalog):
    # "kết hôn" is in the body of the birth registration, not in its name.
    assert [p.code for p in suggest("ket ho")] == ["1.000894"]


def test_broad_queries_rank_the_best_candidates_and_say_so(catalog, monkeypatch):
    for i in range(8):
        make(f"8.{i}", f"Cấp lại giấy phép số {i} cho đăng ký", field="Thử nghiệm")
    monkeypatch.setattr(selectors, "RANK_CAP", 5)
    result = search("dang ky")
    assert result.more and result.total == 5
    # The candidates with every word in the name come first, shortest names first.
    assert {p.code for p in result.procedures[:2]} == {"1.000656", "1.001193"}
    assert search("dang ky", offset=5).procedures == []
    assert not search("khai sinh").more


def test_filter_choices_follow_the_catalog(catalog, tree):
    assert "Dược phẩm" not in selectors.fields()
    make("9.3", "Cấp chứng chỉ hành nghề dược", field="Dược phẩm", handling_unit=tree.office)
    assert "Dược phẩm" in selectors.fields()
    assert tree.office in selectors.handling_units()
    assert selectors.fields() == sorted(selectors.fields(), key=sort_key)
