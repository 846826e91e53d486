"""Money in figures and words, search folding, dates as printed."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.dates import document_date, format_date, parse_date
from desktop.core.money import amount_in_words, format_money, format_number, parse_money
from desktop.core.text import fold, nfc


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi tư đồng"),
        (14, "Mười bốn đồng"),
        (105, "Một trăm linh năm đồng"),
        (110, "Một trăm mười đồng"),
        (1_005, "Một nghìn không trăm linh năm đồng"),
        (30_000, "Ba mươi nghìn đồng"),
        (200_000, "Hai trăm nghìn đồng"),
        (1_200_000, "Một triệu hai trăm nghìn đồng"),
        (1_234_567, "Một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (300_000_000, "Ba trăm triệu đồng"),
        (450_000_000, "Bốn trăm năm mươi triệu đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        (2_000_000_050, "Hai tỷ không trăm năm mươi đồng"),
        (45_546_000_000, "Bốn mươi lăm tỷ năm trăm bốn mươi sáu triệu đồng"),
        (130_000_000_000, "Một trăm ba mươi tỷ đồng"),
        (
            999_999_999_999,
            "Chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn"
            " chín trăm chín mươi chín đồng",
        ),
        (5_000_000_000_000, "Năm nghìn tỷ đồng"),
        (-1_500_000, "Âm một triệu năm trăm nghìn đồng"),
    ],
)
def test_amount_in_words_reads_like_a_form(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words


def test_amount_in_words_can_say_le() -> None:
    assert amount_in_words(1_005, zero_tens="lẻ") == "Một nghìn không trăm lẻ năm đồng"


@pytest.mark.parametrize("bad", [1.5, "1000", True])
def test_amount_in_words_refuses_non_integers(bad: object) -> None:
    with pytest.raises(TypeError):
        amount_in_words(bad)  # type: ignore[arg-type]


@given(st.integers(min_value=1, max_value=999_999_999_999))
def test_amount_in_words_is_well_formed(amount: int) -> None:
    words = amount_in_words(amount)
    assert words[0].isupper()
    assert words.endswith(" đồng")
    assert "  " not in words
    # "mốt", "tư", "lăm" only where Vietnamese says them: never "mươi một", "mươi bốn", "mười năm".
    assert "mươi một" not in words
    assert "mươi bốn" not in words
    assert "mươi năm " not in words
    assert "mười năm" not in words


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_money_round_trips_through_its_display_form(amount: int) -> None:
    assert parse_money(format_money(amount)) == amount


def test_money_display_and_parse() -> None:
    assert format_money(1_234_567) == "1.234.567"
    assert format_money(0) == "0"
    assert parse_money("1.234.567 đ") == 1_234_567
    assert parse_money(" 2 500 000 đồng ") == 2_500_000
    with pytest.raises(ValueError, match="không phải là số tiền"):
        parse_money("12,5 triệu")
    assert format_number(12.5) == "12,5"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Thành phố Đà Nẵng", "thanh pho da nang"),
        ("  ĐẮK   LẮK ", "dak lak"),
        ("Nguyễn Thị Ánh", "nguyen thi anh"),
        ("Hợp tác xã mây tre đan Phú Vinh", "hop tac xa may tre dan phu vinh"),
        ("Xã M’Drắk", "xa m’drak"),
    ],
)
def test_fold_makes_accent_insensitive_keys(text: str, key: str) -> None:
    assert fold(text) == key
    assert fold(key) == key


def test_fold_treats_decomposed_and_composed_text_alike() -> None:
    decomposed = "Đa\u0300 Na\u0306\u0303ng"
    assert nfc(decomposed) == "Đà Nẵng"
    assert fold(decomposed) == fold("Đà Nẵng") == "da nang"


def test_dates_as_printed() -> None:
    assert format_date(date(2026, 3, 5)) == "05/03/2026"
    assert document_date(date(2026, 3, 5), "Đắk Lắk") == "Đắk Lắk, ngày 05 tháng 3 năm 2026"
    assert document_date(date(2026, 2, 14)) == "Ngày 14 tháng 02 năm 2026"
    assert document_date(date(2026, 12, 1), "Huế") == "Huế, ngày 01 tháng 12 năm 2026"
    assert parse_date("5/3/2026") == date(2026, 3, 5)
    assert parse_date("05-03-2026") == date(2026, 3, 5)
    assert parse_date("2026-03-05") == date(2026, 3, 5)
    with pytest.raises(ValueError, match="ngày/tháng/năm"):
        parse_date("31/02/2026")
