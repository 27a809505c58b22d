"""Vietnamese text normalisation for speech: numbers, dates, times, units and abbreviations.

``normalize_vi`` turns bulletin text ("Sáng 2/9, UBND TP. Huế ...") into words a speech
engine can read ("Sáng ngày hai tháng chín, Ủy ban nhân dân thành phố Huế ..."). Output
is NFC. Numbers follow the spoken rules: mốt/một, lăm/năm, mươi/mười, linh (lẻ), tư after
mươi, tháng tư, thứ nhất/thứ tư. The passes run in a fixed order, most specific first,
because each one turns digits into words that the later passes no longer see.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["DIALECTS", "Dialect", "digits_words", "normalize_vi", "number_words"]


@dataclass(frozen=True)
class Dialect:
    thousand: str  # nghìn / ngàn
    zero_ten: str  # linh / lẻ: the 0 in the tens place of 105


# Broadcast Northern is the default; Central bulletins are read with the same words.
DIALECTS: dict[str, Dialect] = {
    "bac": Dialect("nghìn", "linh"),
    "trung": Dialect("nghìn", "linh"),
    "nam": Dialect("ngàn", "lẻ"),
}

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _dialect(name: str) -> Dialect:
    try:
        return DIALECTS[name]
    except KeyError:
        raise ValueError(f"unknown dialect {name!r}; expected one of {sorted(DIALECTS)}") from None


# ---------------------------------------------------------------------------------------------
# Numbers


def _triple(n: int, full: bool, d: Dialect) -> list[str]:
    """0 < n < 1000; ``full`` reads "không trăm" and "linh" as a non-leading group does."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words += [d.zero_ten, _DIGITS[units]]
        elif units:
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, _DIGITS[units]))
    return words


def _integer(n: int, d: Dialect, full: bool = False) -> list[str]:
    if n >= 10**9:
        # Vietnamese counts past a billion in tỷ: 2.500 tỷ, một nghìn tỷ.
        high, low = divmod(n, 10**9)
        words = [*_integer(high, d, full), "tỷ"]
        return words + _integer(low, d, full=True) if low else words
    words = []
    for value, name in ((n // 10**6, "triệu"), (n // 1000 % 1000, d.thousand), (n % 1000, "")):
        if value == 0:
            continue  # empty groups are silent: 1.000.005 is "một triệu không trăm linh năm"
        words += _triple(value, full, d)
        if name:
            words.append(name)
        full = True
    return words


def number_words(n: int, dialect: str = "bac") -> str:
    """Read an integer the way a Vietnamese newsreader does (``21`` -> "hai mươi mốt")."""
    if n < 0:
        return "âm " + number_words(-n, dialect)
    if n == 0:
        return "không"
    return " ".join(_integer(n, _dialect(dialect)))


def _int_words(n: int, d: Dialect) -> str:
    return " ".join(_integer(n, d)) if n else "không"


def digits_words(digits: str) -> str:
    """Digit by digit, for phone numbers and codes ("113" -> "một một ba")."""
    return " ".join(_DIGITS[int(c)] for c in digits if c.isdigit())


def _fraction(digits: str, d: Dialect) -> str:
    # Short fractions are read as a number (3,25 -> "hai mươi lăm"), long ones digit by digit.
    if len(digits) > 3:
        return digits_words(digits)
    stripped = digits.lstrip("0")
    zeros = ["không"] * (len(digits) - len(stripped))
    return " ".join([*zeros, *(_integer(int(stripped), d) if stripped else [])])


def _read_integer_text(digits: str, d: Dialect) -> str:
    if len(digits) >= 4 and digits.startswith("0"):
        return digits_words(digits)  # a code or a phone number, not a quantity
    return _int_words(int(digits), d)


_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?")


def _read_number_text(token: str, d: Dialect) -> str:
    """Read one numeric token written Vietnamese-style (1.500.000 and 3,5)."""
    if _THOUSANDS_DOT.fullmatch(token):
        whole, _, frac = token.partition(",")
        whole = whole.replace(".", "")
    elif _THOUSANDS_COMMA.fullmatch(token):
        whole, _, frac = token.partition(".")  # English-style 1,500,000.5
        whole = whole.replace(",", "")
    elif "." in token:
        # 4.0 or 3.1.2: versions and section numbers, read "bốn chấm không"
        return " chấm ".join(_read_integer_text(p, d) for p in token.split("."))
    else:
        whole, _, frac = token.partition(",")
    words = _read_integer_text(whole, d)
    return f"{words} phẩy {_fraction(frac, d)}" if frac else words


# ---------------------------------------------------------------------------------------------
# Letters, units, abbreviations

_LETTERS = {
    "A": "a", "Ă": "á", "Â": "ớ", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e",
    "Ê": "ê", "F": "ép", "G": "giê", "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "e-lờ",
    "M": "em-mờ", "N": "en-nờ", "O": "o", "Ô": "ô", "Ơ": "ơ", "P": "pê", "Q": "quy",
    "R": "e-rờ", "S": "ét-xì", "T": "tê", "U": "u", "Ư": "ư", "V": "vê", "W": "vê-kép",
    "X": "ích-xì", "Y": "i-dài", "Z": "dét",
}  # fmt: skip


def _spell(letters: str) -> str:
    return " ".join(_LETTERS.get(c.upper(), c) for c in letters)


# Ordered longest first so "km/h" wins over "km" and "m".
_UNITS: dict[str, str] = {
    "km/h": "ki-lô-mét trên giờ", "m/s": "mét trên giây", "km²": "ki-lô-mét vuông",
    "km2": "ki-lô-mét vuông", "m²": "mét vuông", "m2": "mét vuông", "m³": "mét khối",
    "m3": "mét khối", "kWh": "ki-lô-oát giờ", "MWh": "mê-ga-oát giờ", "kW": "ki-lô-oát",
    "MW": "mê-ga-oát", "GW": "gi-ga-oát", "km": "ki-lô-mét", "cm": "xen-ti-mét",
    "mm": "mi-li-mét", "m": "mét", "kg": "ki-lô-gam", "g": "gam", "ha": "héc-ta",
    "ml": "mi-li-lít", "°C": "độ xê", "ºC": "độ xê", "°F": "độ ép", "°": "độ",
    "%": "phần trăm", "VNĐ": "đồng", "VND": "đồng", "đ": "đồng", "USD": "đô la Mỹ",
    "EUR": "ơ-rô", "h": "giờ",
}  # fmt: skip
_CURRENCY = {"VNĐ", "VND", "đ", "USD", "EUR"}
_UNIT_RE = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))

# Case-sensitive, whole tokens. Organisation names keep their official capitals.
_ABBREVIATIONS: dict[str, str] = {
    "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "MTTQVN": "Mặt trận Tổ quốc Việt Nam", "MTTQ": "Mặt trận Tổ quốc",
    "BCH": "Ban Chấp hành", "BTV": "Ban Thường vụ", "UBKT": "Ủy ban Kiểm tra",
    "THPT": "trung học phổ thông", "THCS": "trung học cơ sở", "CSGT": "cảnh sát giao thông",
    "BHYT": "bảo hiểm y tế", "BHXH": "bảo hiểm xã hội", "BHTN": "bảo hiểm thất nghiệp",
    "PCCC": "phòng cháy chữa cháy", "CNCH": "cứu nạn cứu hộ", "ĐBQH": "đại biểu Quốc hội",
    "QH": "Quốc hội", "TW": "Trung ương", "TƯ": "Trung ương", "KT-XH": "kinh tế - xã hội",
    "CNH-HĐH": "công nghiệp hóa - hiện đại hóa", "HTX": "hợp tác xã",
    "ATGT": "an toàn giao thông", "ATTP": "an toàn thực phẩm", "GTVT": "giao thông vận tải",
    "NTM": "nông thôn mới", "PCTT": "phòng chống thiên tai", "TKCN": "tìm kiếm cứu nạn",
    "CLB": "câu lạc bộ", "CHXHCN": "Cộng hòa xã hội chủ nghĩa", "XHCN": "xã hội chủ nghĩa",
    "VN": "Việt Nam", "QĐND": "Quân đội nhân dân", "CAND": "Công an nhân dân",
    "LLVT": "lực lượng vũ trang", "ĐVHC": "đơn vị hành chính", "TTHC": "thủ tục hành chính",
    "CCHC": "cải cách hành chính", "NSNN": "ngân sách nhà nước", "TAND": "Tòa án nhân dân",
    "VKSND": "Viện Kiểm sát nhân dân", "TTXVN": "Thông tấn xã Việt Nam",
    "LHQ": "Liên hợp quốc", "SXKD": "sản xuất kinh doanh", "DN": "doanh nghiệp",
    "LĐTB&XH": "Lao động - Thương binh và Xã hội",
    "NN&PTNT": "Nông nghiệp và Phát triển nông thôn", "NN&MT": "Nông nghiệp và Môi trường",
    "TN&MT": "Tài nguyên và Môi trường", "GD&ĐT": "Giáo dục và Đào tạo",
    "KH&CN": "Khoa học và Công nghệ", "VH-TT&DL": "Văn hóa, Thể thao và Du lịch",
    "VHTTDL": "Văn hóa, Thể thao và Du lịch", "TT&TT": "Thông tin và Truyền thông",
    "GS.TS": "Giáo sư, Tiến sĩ", "PGS.TS": "Phó Giáo sư, Tiến sĩ", "PGS": "Phó Giáo sư",
    "GS": "Giáo sư", "TS": "Tiến sĩ", "ThS": "Thạc sĩ", "BS": "bác sĩ",
    "TP.HCM": "Thành phố Hồ Chí Minh", "TP. HCM": "Thành phố Hồ Chí Minh",
    "TPHCM": "Thành phố Hồ Chí Minh", "USD": "đô la Mỹ", "VNĐ": "đồng", "VND": "đồng",
    "HCM": "Hồ Chí Minh", "TP": "thành phố", "Tp": "thành phố", "Đ/c": "đồng chí",
    "đ/c": "đồng chí", "v.v...": "vân vân...", "v.v…": "vân vân…", "v.v.": "vân vân",
    "v.v": "vân vân", "QL": "quốc lộ",
    "ASEAN": "A-xê-an", "COVID": "Cô-vít", "NATO": "Na-tô", "WHO": "Tổ chức Y tế Thế giới",
    "EU": "Liên minh châu Âu", "APEC": "A-pếch", "UNESCO": "U-nét-xcô", "SMS": "tin nhắn",
    "CMCN": "Cách mạng công nghiệp", "CTCP": "Công ty cổ phần", "Cty": "công ty",
}  # fmt: skip

# Issuers in document numbers such as 39/2020/TT-BTTTT or 123/QĐ-UBND.
_ISSUERS: dict[str, str] = {
    "CP": "Chính phủ", "TTg": "Thủ tướng Chính phủ", "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân", "TW": "Trung ương", "BTTTT": "Bộ Thông tin và Truyền thông",
    "BCA": "Bộ Công an", "BYT": "Bộ Y tế", "BTC": "Bộ Tài chính", "BQP": "Bộ Quốc phòng",
    "BGDĐT": "Bộ Giáo dục và Đào tạo", "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BNNMT": "Bộ Nông nghiệp và Môi trường", "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội", "VPCP": "Văn phòng Chính phủ", "BCT": "Bộ Công Thương",
}  # fmt: skip

# Titles often written with a dot ("ThS. Nguyễn Văn A"): the dot is not a sentence end.
_TITLES = {"GS", "PGS", "TS", "ThS", "BS", "GS.TS", "PGS.TS"}

# Abbreviations with a dot that only expand before a name or a number ("Q.1", "P. Bến Nghé"),
# so the initial in "anh Nguyễn Văn P. cho biết" stays a name.
_PLACE_PREFIXES = {
    "TP": "thành phố", "Tp": "thành phố", "TX": "thị xã", "TT": "thị trấn", "Q": "quận",
    "P": "phường", "H": "huyện", "X": "xã",
}  # fmt: skip

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"[aăâeêioôơuưy]{1,3}(?:ch|ng|nh|[cmnpt])?"
)


def _is_vietnamese_syllable(word: str) -> bool:
    bare = "".join(c for c in unicodedata.normalize("NFD", word.lower()) if c not in _TONE_MARKS)
    return _SYLLABLE.fullmatch(unicodedata.normalize("NFC", bare)) is not None


# ---------------------------------------------------------------------------------------------
# Passes

_NUM = r"\d+(?:[.,]\d+)*"
_DASH = r"\s*[-–]\s*"
_Pass = Callable[[str, Dialect], str]

# Words after which "2-9" or "30-4" is a date, not a range.
_DATE_CONTEXT = {"ngày", "mùng", "hôm", "dịp", "lễ", "khánh", "sáng", "trưa", "chiều", "tối", "đêm"}


# How far the passes look around a match for a neighbouring word; a bounded window keeps
# long texts linear instead of copying the whole string for every match.
_WINDOW = 60


def _word_before(m: re.Match[str], group: int = 0) -> str:
    start = m.start(group)
    words = m.string[max(0, start - _WINDOW) : start].split()
    return words[-1] if words else ""


def _word_after(m: re.Match[str]) -> str:
    words = m.string[m.end() : m.end() + _WINDOW].split(maxsplit=1)
    return words[0] if words else ""


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - _WINDOW) : pos].rstrip(" \t\"'“(")
    return before[-1:] in {"", ".", "!", "?", ":", "\n"}


def _clean(s: str, d: Dialect) -> str:
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000]", " ", s)
    s = s.replace("\u2212", "-").replace("\u2010", "-").replace("\u2011", "-")
    return re.sub(r"(?<=\d)\s*[–—]\s*(?=\d)", "-", s)  # an en dash in 20–25 is a range


_PHONE_WORDS = (
    r"(?i:số điện thoại|điện thoại|đường dây nóng|hotline|tổng đài|số máy"
    r"|gọi(?: ngay)?(?: (?:đến|tới|vào))?(?: số)?)"
)
_PHONE_ABBREVIATIONS = {"ĐT": "điện thoại", "đt": "điện thoại", "SĐT": "số điện thoại"}
_ONE_PHONE = r"\+?\(?\d(?:[\d.()\s-]*\d)?"
_PHONE_OR = r"\s*(?:,|/|hoặc|và)\s*"
_PHONE_BY_KEYWORD = re.compile(
    rf"(?<!\w)({_PHONE_WORDS}|SĐT|ĐT|đt)(\s*:?\s*)({_ONE_PHONE}(?:{_PHONE_OR}{_ONE_PHONE})*)"
)
_PHONE_BY_SHAPE = re.compile(
    r"(?<![\w.,])(?:\+84\s?|\(0\d{2,3}\)\s?|0)\d{2,4}(?:[\s.-]?\d{2,4}){1,3}(?![\w,]|\.\d)"
)


def _digit_count(text: str) -> int:
    return sum(c.isdigit() for c in text)


def _read_phone(raw: str) -> str:
    prefix = "cộng " if raw.startswith("+") else ""
    groups = [g for g in re.split(r"[\s.()+-]+", raw) if g]
    if len(groups) == 1 and len(groups[0]) in (10, 11):
        g = groups[0]  # no separators: read in the usual 4-3-3 (or 4-3-4) rhythm
        groups = [g[:4], g[4:7], g[7:]]
    return prefix + ", ".join(digits_words(g) for g in groups)


def _phones(s: str, d: Dialect) -> str:
    def by_keyword(m: re.Match[str]) -> str:
        keyword, gap, numbers = m.groups()
        spoken = _PHONE_ABBREVIATIONS.get(keyword)
        parts = re.split(f"({_PHONE_OR})", numbers)
        # "gọi 2 lần" is a count, not a number to dial; "ĐT 741" is a provincial road.
        if _digit_count(parts[0]) < (8 if spoken else 3):
            return m.group(0)
        read = [_read_phone(p) if i % 2 == 0 and _digit_count(p) >= 3 else p for i, p in enumerate(parts)]
        return (spoken or keyword) + gap + "".join(read)

    def by_shape(m: re.Match[str]) -> str:
        return _read_phone(m.group(0)) if 10 <= _digit_count(m.group(0)) <= 12 else m.group(0)

    s = _PHONE_BY_KEYWORD.sub(by_keyword, s)
    return _PHONE_BY_SHAPE.sub(by_shape, s)


# 39/2020/TT-BTTTT, 123/QĐ-UBND, 18-NQ/TW, 24/2018/QH14
_DOC_NUMBER = re.compile(r"(?<![\w/.,])(\d+)(?:/(\d{4}))?[/-]([A-ZĐ]\w*(?:[-/][A-ZĐ]\w*)*)")


def _issuer(code: str, d: Dialect) -> str:
    issuer = re.split(r"[-/]", code)[-1]
    if issuer in _ISSUERS:
        return _ISSUERS[issuer]
    if m := re.fullmatch(r"QH(\d{1,2})", issuer):
        return f"Quốc hội khóa {_int_words(int(m.group(1)), d)}"
    return _spell(issuer)


def _documents(s: str, d: Dialect) -> str:
    def repl(m: re.Match[str]) -> str:
        number, year, code = m.groups()
        if len(code) < 2 or code in _UNITS:
            return m.group(0)
        out = _read_integer_text(number, d)
        if year:
            out += f" năm {_read_integer_text(year, d)}"
        return f"{out} của {_issuer(code, d)}"

    return _DOC_NUMBER.sub(repl, s)


def _month(n: int, d: Dialect) -> str:
    return "tư" if n == 4 else _int_words(n, d)


def _valid_date(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def _date_words(day: int, month: int, year: str | None, d: Dialect, say_day: bool) -> str:
    out = f"{_int_words(day, d)} tháng {_month(month, d)}"
    if year:
        out += f" năm {_read_integer_text(year, d)}"
    return f"ngày {out}" if say_day else out


_DATE = r"\d{1,2}/\d{1,2}(?:/\d{4})?|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}-\d{1,2}-\d{4}"
_DATE_END = r"(?![\d/]|[.,]\d)"
_DATE_RANGE = re.compile(rf"(?<![\d.,/])({_DATE}){_DASH}({_DATE}){_DATE_END}")
_DATE_ONE = re.compile(rf"(?<![\d.,/])({_DATE}){_DATE_END}")
_DAY_RANGE = re.compile(rf"(?<![\d.,/])(\d{{1,2}}){_DASH}(\d{{1,2}})/(\d{{1,2}})(?:/(\d{{4}}))?{_DATE_END}")
_MONTH_YEAR = re.compile(r"(?i:(?<=tháng ))(\d{1,2})[/-](\d{4})(?![\d/])")
# "giảm 1/3", "2/3 số hộ": a fraction, not the first of March.
_FRACTION_BEFORE = {"chiếm", "giảm", "tăng", "gần", "hơn", "khoảng", "bằng", "lệ", "trên", "dưới"}
_FRACTION_AFTER = {"số", "dân", "diện", "tổng", "lượng", "phần", "trong"}


def _date_parts(text: str) -> tuple[int, int, str | None] | None:
    day, month, *year = re.split(r"[/.-]", text)
    if not _valid_date(int(day), int(month)):
        return None
    return int(day), int(month), year[0] if year else None


def _dates(s: str, d: Dialect) -> str:
    def needs_day(m: re.Match[str]) -> bool:
        return _word_before(m).lower() not in {"ngày", "mùng", "hôm"}

    def date_range(m: re.Match[str]) -> str:
        first, last = _date_parts(m.group(1)), _date_parts(m.group(2))
        if first is None or last is None:
            return m.group(0)
        start = _date_words(*first, d, needs_day(m))
        return f"{start} đến {_date_words(*last, d, True)}"

    def one(m: re.Match[str]) -> str:
        parts = _date_parts(m.group(1))
        if parts is None:
            return m.group(0)
        fraction = _word_before(m).lower() in _FRACTION_BEFORE or _word_after(m) in _FRACTION_AFTER
        if parts[2] is None and fraction:
            top, bottom = m.group(1).split("/")
            return f"{_read_integer_text(top, d)} phần {_read_integer_text(bottom, d)}"
        return _date_words(*parts, d, needs_day(m))

    def day_range(m: re.Match[str]) -> str:
        first, last, month = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not (_valid_date(first, month) and _valid_date(last, month) and first < last):
            return m.group(0)
        prefix = "ngày " if needs_day(m) else ""
        last_words = _date_words(last, month, m.group(4), d, False)
        return f"{prefix}{_int_words(first, d)} đến {last_words}"

    def month_year(m: re.Match[str]) -> str:
        month = int(m.group(1))
        if not 1 <= month <= 12:
            return m.group(0)
        return f"{_month(month, d)} năm {_read_integer_text(m.group(2), d)}"

    s = _DAY_RANGE.sub(day_range, s)
    s = _MONTH_YEAR.sub(month_year, s)
    s = _DATE_RANGE.sub(date_range, s)
    return _DATE_ONE.sub(one, s)


_TIME = (
    r"\d{1,2}:\d{2}(?::\d{2})?"
    r"|\d{1,2}\s?[hH](?:\s?\d{1,2}(?!\d))?'?(?!\w)"
    r"|\d{1,2}g\d{2}(?!\d)"
    r"|\d{1,2} giờ(?: \d{1,2}(?: phút)?(?!\w))?"
)
_TIME_RANGE = re.compile(rf"(?<![\d.,:])({_TIME}){_DASH}({_TIME})")
_HOURS_RANGE = re.compile(r"(?<![\d.,:])(\d{1,2})\s*[-–]\s*(\d{1,2}\s?(?:h|giờ))(?!\w)")
_TIME_ONE = re.compile(rf"(?<![\d.,:])({_TIME})(?![\d:])")


def _time_words(t: str, d: Dialect) -> str | None:
    hour, minute, second = ([int(p) for p in re.findall(r"\d+", t)] + [0, 0])[:3]
    if hour > 24 or minute > 59 or second > 59:
        return None
    out = f"{_int_words(hour, d)} giờ"
    if minute:
        out += f" {_int_words(minute, d)} phút"
    if second:
        out += f" {_int_words(second, d)} giây"
    return out


def _times(s: str, d: Dialect) -> str:
    def pair(m: re.Match[str]) -> str:
        a, b = _time_words(m.group(1), d), _time_words(m.group(2), d)
        return f"{a} đến {b}" if a and b else m.group(0)

    def hours(m: re.Match[str]) -> str:
        b = _time_words(m.group(2), d)
        if int(m.group(1)) > 24 or b is None:
            return m.group(0)
        return f"{_int_words(int(m.group(1)), d)} đến {b}"

    s = _TIME_RANGE.sub(pair, s)
    s = _HOURS_RANGE.sub(hours, s)
    return _TIME_ONE.sub(lambda m: _time_words(m.group(1), d) or m.group(0), s)


_PLACE = re.compile(r"(?<![\w.])(TP|Tp|TX|TT|Q|P|H|X)\.(?!\s?HCM\b)\s?(?=\w)")
_ABBREVIATION = re.compile(
    r"(?<![\w.-])("
    + "|".join(re.escape(k) for k in sorted(_ABBREVIATIONS, key=len, reverse=True))
    + r")(\.(?= \w))?(?![\w-]|\.\w)"
)


def _abbreviations(s: str, d: Dialect) -> str:
    def place(m: re.Match[str]) -> str:
        follower = m.string[m.end() : m.end() + 1]
        if not (follower.isdigit() or follower.isupper()):
            return m.group(0)
        # A one-letter initial after a name ("Nguyễn Văn P. Theo ...") is not a ward.
        previous = _word_before(m)
        if (
            len(m.group(1)) == 1
            and previous.istitle()
            and not _sentence_start(m.string, m.string.rindex(previous, 0, m.start()))
        ):
            return m.group(0)
        return _PLACE_PREFIXES[m.group(1)] + " "

    def table(m: re.Match[str]) -> str:
        key, dot = m.group(1), m.group(2) or ""
        return _ABBREVIATIONS[key] + ("" if key in _TITLES else dot)

    s = _PLACE.sub(place, s)
    s = re.sub(r"(?<!\w)Km\s?(?=\d)", "ki-lô-mét ", s)  # Km15 on a road is a kilometre post
    s = re.sub(r"(?<=[Cc]ông ty )CP(?!\w)", "cổ phần", s)  # elsewhere CP is Chính phủ
    s = re.sub(r"(?<!\w)ĐT\.?\s?(?=\d)", "đường tỉnh ", s)  # ĐT741: phones went first
    return _ABBREVIATION.sub(table, s)


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_AFTER = re.compile(
    r"(?i:\b(quý|khóa|khoá|đại hội|thế kỷ|thế kỉ|thứ|kỳ|phần|chương|mục))\s+"
    r"([IVXLC]+)(?:/(\d{4}))?(?!\w)"
)


def _roman_value(text: str) -> int | None:
    total = 0
    for i, c in enumerate(text):
        value = _ROMAN[c]
        following = _ROMAN[text[i + 1]] if i + 1 < len(text) else 0
        total += -value if value < following else value
    return total if 0 < total < 200 else None


def _ordinal(n: int, d: Dialect) -> str:
    return {1: "nhất", 4: "tư"}.get(n) or _int_words(n, d)


def _ordinals(s: str, d: Dialect) -> str:
    def roman(m: re.Match[str]) -> str:
        value = _roman_value(m.group(2))
        if value is None:
            return m.group(0)
        word = _ordinal(value, d) if m.group(1).lower() == "thứ" else _int_words(value, d)
        year = f" năm {_read_integer_text(m.group(3), d)}" if m.group(3) else ""
        return f"{m.group(1)} {word}{year}"

    def month(m: re.Match[str]) -> str:
        n = int(m.group(2))
        return f"{m.group(1)} {_month(n, d)}" if 1 <= n <= 12 else m.group(0)

    s = _ROMAN_AFTER.sub(roman, s)
    # thứ 4 is "thứ tư" (Wednesday, or fourth), thứ 1 "thứ nhất"; tháng 4 is "tháng tư".
    after = r"(?![\d/]|[.,]\d)"
    s = re.sub(rf"(?i:\b(thứ)) (\d{{1,2}}){after}", lambda m: f"{m[1]} {_ordinal(int(m[2]), d)}", s)
    return re.sub(rf"(?i:\b(tháng)) (\d{{1,2}}){after}", month, s)


def _codes(s: str, d: Dialect) -> str:
    """Tokens that mix capitals and digits: H5N1, COVID-19, QL1A, 5G, U23."""

    def repl(m: re.Match[str]) -> str:
        token = m.group(0)
        if re.fullmatch(rf"\d+(?:{_UNIT_RE})", token):
            return token  # 5MW is a quantity, left to the number pass
        out = []
        for part in re.findall(r"\d+|[A-ZĐ]{2,}(?![a-z])|[A-ZĐ][a-z]*", token):
            if part.isdigit():
                out.append(_read_integer_text(part, d))
            else:
                out.append(_ABBREVIATIONS.get(part) or _spell(part))
        return " ".join(out)

    mixed = r"(?=[\w-]*[A-ZĐ])(?=[\w-]*\d)[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*"
    return re.sub(rf"(?<![\w.,-]){mixed}(?![\w])", repl, s)


_UNIT = rf"(?:\s?({_UNIT_RE})(?:/({_UNIT_RE}|[^\W\d_]+))?)?(?!\w)"
_RANGE = re.compile(rf"(?<![\d.,-])({_NUM}){_DASH}({_NUM}){_UNIT}")
_NUMBER = re.compile(rf"((?:^|(?<=[\s(\[]))-)?(?<!\d)({_NUM}){_UNIT}")
_SCORE = re.compile(r"(?i:(tỷ số|tỉ số) )(\d+)\s*[-–:]\s*(\d+)")


def _quantity(number: str, unit: str | None, per_unit: str | None, d: Dialect) -> str:
    words = _read_number_text(number, d)
    if unit:
        words += " " + _UNITS[unit]
    if unit and per_unit:
        # 25.000 đ/kg is "đồng một ki-lô-gam"; 60 km/giờ is "ki-lô-mét trên giờ".
        joiner = "một" if unit in _CURRENCY else "trên"
        words += f" {joiner} {_UNITS.get(per_unit, per_unit)}"
    return words


_MAGNITUDES = {"nghìn", "ngàn", "triệu", "tỷ", "tỉ"}


def _decimal_point(token: str, m: re.Match[str], unit: str | None) -> str:
    """3.5 triệu and 2.5% use an English decimal point; 4.0 alone stays a version number."""
    if not re.fullmatch(r"\d+\.\d{1,2}", token):
        return token
    if unit or _word_after(m).strip(",.;") in _MAGNITUDES:
        return token.replace(".", ",")
    return token


def _numbers(s: str, d: Dialect) -> str:
    def score(m: re.Match[str]) -> str:
        a, b = _read_integer_text(m[2], d), _read_integer_text(m[3], d)
        return f"{m[1]} {a} - {b}"

    def rng(m: re.Match[str]) -> str:
        a, b, unit, per_unit = m.groups()
        a, b = _decimal_point(a, m, unit), _decimal_point(b, m, unit)
        # 30-4 cannot be a range; "dịp 2-9" names a day.
        is_date = a.isdigit() and b.isdigit() and not unit and _valid_date(int(a), int(b))
        if is_date and (int(a) > int(b) or _word_before(m, 1).lower() in _DATE_CONTEXT):
            return _date_words(int(a), int(b), None, d, False)
        return f"{_read_number_text(a, d)} đến {_quantity(b, unit, per_unit, d)}"

    def one(m: re.Match[str]) -> str:
        sign, number, unit, per_unit = m.groups()
        number = _decimal_point(number, m, unit)
        words = _quantity(number, unit, per_unit, d)
        return f"âm {words}" if sign else words

    s = _SCORE.sub(score, s)
    s = _RANGE.sub(rng, s)
    return _NUMBER.sub(one, s)


def _capitals(s: str, d: Dialect) -> str:
    """Words in capitals: headline words are lowered, unknown acronyms spelled."""

    def repl(m: re.Match[str]) -> str:
        word = m.group(0)
        if not word.isupper():
            return word
        return word.lower() if _is_vietnamese_syllable(word) else _spell(word)

    return re.sub(r"(?<![\w-])[^\W\d_]{2,}(?![\w-])", repl, s)


_PER = {"tháng", "năm", "ngày", "giờ", "tuần", "người", "hộ", "lượt", "suất", "con", "tấn"}


def _symbols(s: str, d: Dialect) -> str:
    s = re.sub(r"\s*&\s*", " và ", s)
    s = re.sub(r"(?<!\w)[~≈]\s*", "khoảng ", s)
    s = re.sub(r"\bđộ C\b", "độ xê", s)
    s = re.sub(r"\s*%", " phần trăm", s)
    # đồng/tháng, lượt/ngày: "per" is read "một" in speech.
    per = "|".join(sorted({*_PER, "kg", "ha"}, key=len, reverse=True))
    return re.sub(rf"(?<=\w)/({per})(?!\w)", lambda m: f" một {_UNITS.get(m[1], m[1])}", s)


def _tidy(s: str, d: Dialect) -> str:
    s = re.sub(r"[ \t]+", " ", s)
    s = re.sub(r" +([,.;:!?])", r"\1", s)
    s = re.sub(r" *\n *", "\n", s).strip()
    # A sentence that now starts with a spoken number or an expansion gets its capital back.
    # Not after an initial: "Nguyễn Văn P. cho biết" is one sentence.
    return re.sub(r"(^|(?<!\b\w)[.!?]\s+|\n)(\w)", lambda m: m[1] + m[2].upper(), s)


_PASSES: tuple[_Pass, ...] = (
    _clean,
    _phones,
    _documents,
    _dates,
    _times,
    _abbreviations,
    _ordinals,
    _codes,
    _numbers,
    _capitals,
    _symbols,
    _tidy,
)


def normalize_vi(text: str, dialect: str = "bac") -> str:
    """Rewrite Vietnamese text as it is spoken; the result is NFC.

    ``dialect`` picks regional number words: "bac" and "trung" say nghìn/linh, "nam" says
    ngàn/lẻ. Abbreviations in capitals that are not in the table are spelled letter by letter.
    """
    d = _dialect(dialect)
    s = text
    for step in _PASSES:
        s = step(s, d)
    return unicodedata.normalize("NFC", s)
