"""Vietnamese text for the folding and search tests: every vowel letter with every tone,
and real words and names with the marks that make search hard."""

from __future__ import annotations

import unicodedata

BASES = "aăâeêioôơuưy"
TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


def every_vowel() -> list[str]:
    """All 144 Vietnamese vowel letters (12 vowels x 6 tones), lower and upper case."""
    out = []
    for base in BASES:
        for mark in TONE_MARKS:
            letter = unicodedata.normalize("NFC", unicodedata.normalize("NFD", base) + mark)
            out += [letter, letter.upper()]
    return out


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# (as written, folded): real words and names, with the marks that make search hard.
WORDS = [
    ("Đảng", "dang"), ("đảng", "dang"), ("ĐẢNG", "dang"), ("Hoà Bình", "hoa binh"),
    ("Hòa Bình", "hoa binh"), ("HOÀ BÌNH", "hoa binh"), ("Đắk Lắk", "dak lak"),
    ("Thừa Thiên Huế", "thua thien hue"), ("Thanh Hoá", "thanh hoa"), ("Thanh Hóa", "thanh hoa"),
    ("Khánh Hòa", "khanh hoa"), ("Quảng Ngãi", "quang ngai"), ("Điện Biên Phủ", "dien bien phu"),
    ("Bà Rịa – Vũng Tàu", "ba ria – vung tau"), ("Nguyễn Thị Thuý", "nguyen thi thuy"),
    ("Nguyễn Thị Thúy", "nguyen thi thuy"), ("Ủy ban nhân dân", "uy ban nhan dan"),
    ("Uỷ ban nhân dân", "uy ban nhan dan"), ("khoẻ mạnh", "khoe manh"), ("khỏe mạnh", "khoe manh"),
    ("thuở ấy", "thuo ay"), ("ưu tiên", "uu tien"), ("giặt giũ", "giat giu"),
    ("người dân tộc thiểu số", "nguoi dan toc thieu so"), ("phòng, chống thiên tai",
                                                            "phong, chong thien tai"),
    ("Đoàn Thanh niên", "doan thanh nien"), ("quốc lộ 1A", "quoc lo 1a"),
    ("Sở Nông nghiệp và Môi trường", "so nong nghiep va moi truong"),
    ("Mường Tè", "muong te"), ("Lò Văn Quàng", "lo van quang"), ("huyện Mèo Vạc", "huyen meo vac"),
    ("Ứng phó bão số 3", "ung pho bao so 3"), ("tiêm chủng mở rộng", "tiem chung mo rong"),
    ("Bắc Kạn", "bac kan"), ("Hải Phòng", "hai phong"), ("Cần Thơ", "can tho"),
    ("ĐÀI TRUYỀN THANH XÃ", "dai truyen thanh xa"), ("Ðà Nẵng", "da nang"),  # Ð: old fonts
    ("Quỳnh Lưu", "quynh luu"), ("Tuyên Quang", "tuyen quang"), ("Yên Bái", "yen bai"),
    ("dỗ dành", "do danh"), ("ngoằn ngoèo", "ngoan ngoeo"), ("khuỷu tay", "khuyu tay"),
]
