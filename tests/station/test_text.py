"""Folding Vietnamese for search, tone placement, and the Vietnamese sort key."""

from __future__ import annotations

import pytest

from station.text import fold, sort_key, unify_tones
from tests.support.text import WORDS, every_vowel, nfd


@pytest.mark.parametrize(("text", "folded"), WORDS)
def test_fold_real_words(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(("text", "folded"), WORDS)
def test_fold_nfd_input(text: str, folded: str) -> None:
    assert fold(nfd(text)) == folded


def test_dang_and_hoa_binh_as_the_design_says() -> None:
    assert fold("Đảng") == "dang"
    assert fold("Hoà Bình") == fold("Hòa Bình") == "hoa binh"


def test_every_vowel_folds_to_its_plain_letter() -> None:
    for letter in every_vowel():
        assert fold(letter) in "aeiouy", letter
        assert fold(nfd(letter)) == fold(letter)


def test_d_with_stroke_and_its_look_alikes() -> None:
    assert {fold(c) for c in "dDđĐÐð"} == {"d"}


def test_casefold_and_other_letters() -> None:
    assert fold("STRASSE Straße") == "strasse strasse"
    assert fold("ÉCOLE Ñandú") == "ecole nandu"


def test_digits_and_punctuation_stay() -> None:
    assert fold("Số 12/2025: Bão số 3 đổ bộ Quảng Ngãi!") == "so 12/2025: bao so 3 do bo quang ngai!"
    assert fold("7h30, 25/11/2026 — 1.000 đồng (50%)") == "7h30, 25/11/2026 — 1.000 dong (50%)"
    assert fold("") == ""
    assert fold("   ") == "   "


def test_other_scripts_keep_their_marks() -> None:
    khmer = "ភាសាខ្មែរ"
    assert fold(khmer) == khmer
    assert fold("한국어") == "한국어"  # NFD splits Hangul; fold puts it back together


def test_fold_is_idempotent() -> None:
    for text, _ in WORDS:
        assert fold(fold(text)) == fold(text)


@pytest.mark.parametrize("style", ["old", "new"])
def test_tone_placement_never_matters_to_fold(style: str) -> None:
    for text, _ in WORDS:
        assert fold(unify_tones(text, style)) == fold(text)


# (old placement, new placement)
TONE_PAIRS = [
    ("hòa", "hoà"), ("Hòa Bình", "Hoà Bình"), ("thúy", "thuý"), ("khỏe", "khoẻ"), ("ủy", "uỷ"),
    ("Ủy ban", "Uỷ ban"), ("tòa án", "toà án"), ("lõa", "loã"), ("họa sĩ", "hoạ sĩ"),
    ("thủy lợi", "thuỷ lợi"), ("lũy tre", "luỹ tre"), ("hủy bỏ", "huỷ bỏ"), ("xòe", "xoè"),
    ("HÒA", "HOÀ"), ("Thanh Hóa", "Thanh Hoá"), ("khỏe khoắn", "khoẻ khoắn"), ("thỏa thuận", "thoả thuận"),
    ("Nguyễn Thị Thúy", "Nguyễn Thị Thuý"), ("tùy", "tuỳ"), ("òa", "oà"),
]
# Closed syllables, longer vowel runs and qu-: the same in both spellings.
UNCHANGED = ["hoàn", "thuyền", "khoảng", "ngoài", "quý", "quỳnh", "khuya", "tuổi", "hoa",
             "thuy", "khuỷu", "người", "Quỳ Hợp", "hoàng", "toàn", "1oà"]


@pytest.mark.parametrize(("old", "new"), TONE_PAIRS)
def test_unify_tones_both_ways(old: str, new: str) -> None:
    assert unify_tones(old) == new
    assert unify_tones(new) == new
    assert unify_tones(new, "old") == old
    assert unify_tones(old, "old") == old
    assert unify_tones(nfd(old)) == new  # NFD in, NFC out


@pytest.mark.parametrize("word", UNCHANGED)
def test_unify_tones_leaves_other_syllables(word: str) -> None:
    assert unify_tones(word) == word
    assert unify_tones(word, "old") == word


def test_unify_tones_after_qu_keeps_the_tone_on_y() -> None:
    assert unify_tones("qúy") == "quý"
    assert unify_tones("qúy", "old") == "quý"


def test_unify_tones_in_a_sentence() -> None:
    sentence = "Uỷ ban nhân dân tỉnh Hòa Bình hỗ trợ khỏe mạnh, thúy 2025!"
    assert unify_tones(sentence) == "Uỷ ban nhân dân tỉnh Hoà Bình hỗ trợ khoẻ mạnh, thuý 2025!"
    assert unify_tones(sentence, "old") == "Ủy ban nhân dân tỉnh Hòa Bình hỗ trợ khỏe mạnh, thúy 2025!"


def test_unify_tones_rejects_an_unknown_style() -> None:
    with pytest.raises(ValueError):
        unify_tones("hoà", "middle")


def test_sort_key_alphabet_order() -> None:
    letters = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n",
               "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y"]
    assert sorted(reversed(letters), key=sort_key) == letters


def test_sort_key_tone_order() -> None:
    # level, huyền, hỏi, ngã, sắc, nặng
    words = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(words), key=sort_key) == words


def test_sort_key_letters_before_tones() -> None:
    words = ["Ba", "Bà", "Bả", "Ba Vì", "Bác", "Bạc", "Bàn", "Bắc", "Bằng"]
    assert sorted(reversed(words), key=sort_key) == words


def test_sort_key_vietnamese_titles() -> None:
    titles = ["An Giang", "Ăn Tết", "Âm nhạc", "Bản tin sáng", "Bản tin số 2", "Bản tin số 10",
              "Dân số", "Dương Minh", "Đà Nẵng", "Điện Biên", "Ê-đê", "Ô nhiễm", "Ơn nghĩa",
              "Ủy ban", "Ưu tiên", "Yên Bái"]
    assert sorted(reversed(titles), key=sort_key) == titles


def test_sort_key_ignores_case_placement_form_and_punctuation() -> None:
    assert sort_key("Hoà Bình") == sort_key("Hòa Bình") == sort_key("HOÀ BÌNH")
    assert sort_key(nfd("Đắk Lắk")) == sort_key("Đắk Lắk")
    assert sort_key("Ba-Vì") == sort_key("Ba Vì") == sort_key("  Ba   Vì ")
    assert sort_key("Ðà Nẵng") == sort_key("Đà Nẵng")


def test_sort_key_other_letters_and_scripts_sort_after_the_alphabet() -> None:
    words = ["zalo", "Ñandú", "ភាសា", "123"]
    assert sorted(words, key=sort_key) == ["123", "Ñandú", "zalo", "ភាសា"]
