"""The Vietnamese normaliser reads numbers, dates, times, units and abbreviations as spoken."""

from __future__ import annotations

import re
import unicodedata

import pytest

from media.vi_normalize import digits_words, normalize_vi, number_words

# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (1, "một"),
        (4, "bốn"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),  # một, not mốt, after mười
        (14, "mười bốn"),  # bốn, not tư, after mười
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (55, "năm mươi lăm"),
        (90, "chín mươi"),
        (99, "chín mươi chín"),
        (100, "một trăm"),
        (101, "một trăm linh một"),  # linh một, not linh mốt
        (104, "một trăm linh bốn"),
        (105, "một trăm linh năm"),  # năm, not lăm, after linh
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt"),
        (999, "chín trăm chín mươi chín"),
        (1000, "một nghìn"),
        (1001, "một nghìn không trăm linh một"),
        (1010, "một nghìn không trăm mười"),
        (1050, "một nghìn không trăm năm mươi"),
        (1100, "một nghìn một trăm"),
        (1945, "một nghìn chín trăm bốn mươi lăm"),
        (2024, "hai nghìn không trăm hai mươi tư"),
        (15000, "mười lăm nghìn"),
        (21000, "hai mươi mốt nghìn"),
        (100000, "một trăm nghìn"),
        (1500000, "một triệu năm trăm nghìn"),
        (2000005, "hai triệu không trăm linh năm"),
        (10_000_000, "mười triệu"),
        (1_000_000_000, "một tỷ"),
        (1_050_000_000, "một tỷ không trăm năm mươi triệu"),
        (1_000_500_000, "một tỷ năm trăm nghìn"),
        (2_500_000_000_000, "hai nghìn năm trăm tỷ"),
        (-7, "âm bảy"),
    ],
)
def test_number_words(n: int, words: str) -> None:
    assert number_words(n) == words


def test_southern_numbers_say_ngan_and_le() -> None:
    assert number_words(1105, "nam") == "một ngàn một trăm lẻ năm"
    assert number_words(1105, "trung") == "một nghìn một trăm linh năm"


def test_unknown_dialect_is_an_error() -> None:
    with pytest.raises(ValueError):
        normalize_vi("5", dialect="hue")


def test_digits_words() -> None:
    assert digits_words("0912") == "không chín một hai"


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("1.500.000 người", "Một triệu năm trăm nghìn người"),
        ("tăng 3,5%", "Tăng ba phẩy năm phần trăm"),
        ("đạt 0,25", "Đạt không phẩy hai mươi lăm"),
        ("hệ số 1,05", "Hệ số một phẩy không năm"),
        ("số pi 3,14159", "Số pi ba phẩy một bốn một năm chín"),
        ("1.250,5 tấn", "Một nghìn hai trăm năm mươi phẩy năm tấn"),
        ("nhiệt độ -5 độ", "Nhiệt độ âm năm độ"),
        ("nhiệt độ −2°C", "Nhiệt độ âm hai độ xê"),
        ("05 người", "Năm người"),
        ("mã số 0123", "Mã số không một hai ba"),
        ("3.5 triệu đồng", "Ba phẩy năm triệu đồng"),
        ("Cách mạng công nghiệp 4.0", "Cách mạng công nghiệp bốn chấm không"),
        ("2.000.000.000 đồng", "Hai tỷ đồng"),
        ("1,5 tỷ đồng", "Một phẩy năm tỷ đồng"),
        ("các số 1, 2 và 3", "Các số một, hai và ba"),
    ],
)
def test_numbers_in_text(text: str, spoken: str) -> None:
    assert normalize_vi(text) == spoken


# --- dates and times -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("ngày 2/9/1945", "Ngày hai tháng chín năm một nghìn chín trăm bốn mươi lăm"),
        ("ngày 02/09/1945", "Ngày hai tháng chín năm một nghìn chín trăm bốn mươi lăm"),
        ("ngày 2.9.1945", "Ngày hai tháng chín năm một nghìn chín trăm bốn mươi lăm"),
        ("ngày 2-9-1945", "Ngày hai tháng chín năm một nghìn chín trăm bốn mươi lăm"),
        ("Sáng 2/9, tại Hà Nội", "Sáng ngày hai tháng chín, tại Hà Nội"),
        ("hôm 14/4", "Hôm mười bốn tháng tư"),
        ("từ 1/7/2025", "Từ ngày một tháng bảy năm hai nghìn không trăm hai mươi lăm"),
        ("tháng 4 năm 2024", "Tháng tư năm hai nghìn không trăm hai mươi tư"),
        ("trong tháng 7/2025", "Trong tháng bảy năm hai nghìn không trăm hai mươi lăm"),
        ("ngày 20-25/10", "Ngày hai mươi đến hai mươi lăm tháng mười"),
        (
            "từ 20/10-25/10",
            "Từ ngày hai mươi tháng mười đến ngày hai mươi lăm tháng mười",
        ),
        ("dịp lễ 30-4", "Dịp lễ ba mươi tháng tư"),
        ("Quốc khánh 2-9", "Quốc khánh hai tháng chín"),
        ("giảm 1/3", "Giảm một phần ba"),
        ("2/3 số hộ", "Hai phần ba số hộ"),
        ("tỷ lệ 10/15", "Tỷ lệ mười/mười lăm"),  # not a date, not a known fraction
        ("thứ 4", "Thứ tư"),
        ("thứ 2, ngày 14/5", "Thứ hai, ngày mười bốn tháng năm"),
        ("lần thứ 1", "Lần thứ nhất"),
        ("quý I/2025", "Quý một năm hai nghìn không trăm hai mươi lăm"),
        ("Đại hội XIII của Đảng", "Đại hội mười ba của Đảng"),
        ("Quốc hội khóa XV", "Quốc hội khóa mười lăm"),
        ("thế kỷ XXI", "Thế kỷ hai mươi mốt"),
        ("lần thứ IV", "Lần thứ tư"),
    ],
)
def test_dates(text: str, spoken: str) -> None:
    assert normalize_vi(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("lúc 7h30", "Lúc bảy giờ ba mươi phút"),
        ("lúc 7h", "Lúc bảy giờ"),
        ("lúc 7 giờ 30", "Lúc bảy giờ ba mươi phút"),
        ("lúc 7 giờ 30 phút", "Lúc bảy giờ ba mươi phút"),
        ("lúc 20:45", "Lúc hai mươi giờ bốn mươi lăm phút"),
        ("lúc 07:05", "Lúc bảy giờ năm phút"),
        ("lúc 19:30:15", "Lúc mười chín giờ ba mươi phút mười lăm giây"),
        ("lúc 0h", "Lúc không giờ"),
        ("từ 7h30-9h", "Từ bảy giờ ba mươi phút đến chín giờ"),
        ("từ 7-9h", "Từ bảy đến chín giờ"),
        ("trong 24h qua", "Trong hai mươi tư giờ qua"),
        ("trong 48 giờ tới", "Trong bốn mươi tám giờ tới"),
        ("lúc 6g15", "Lúc sáu giờ mười lăm phút"),
        ("500g thịt", "Năm trăm gam thịt"),  # a lone g is grams, not giờ
    ],
)
def test_times(text: str, spoken: str) -> None:
    assert normalize_vi(text) == spoken


# --- units, money, phones --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("tốc độ 60 km/h", "Tốc độ sáu mươi ki-lô-mét trên giờ"),
        ("cách 15km", "Cách mười lăm ki-lô-mét"),
        ("cao 2,5 m", "Cao hai phẩy năm mét"),
        ("nặng 50 kg", "Nặng năm mươi ki-lô-gam"),
        ("rộng 120 ha", "Rộng một trăm hai mươi héc-ta"),
        ("lượng mưa 50-100mm", "Lượng mưa năm mươi đến một trăm mi-li-mét"),
        ("nhiệt độ 20-25°C", "Nhiệt độ hai mươi đến hai mươi lăm độ xê"),
        ("nhiệt độ 35 độ C", "Nhiệt độ ba mươi lăm độ xê"),
        ("diện tích 100 m2", "Diện tích một trăm mét vuông"),
        ("30 m³ nước", "Ba mươi mét khối nước"),
        ("công suất 5MW", "Công suất năm mê-ga-oát"),
        ("giá 7.500đ/kg", "Giá bảy nghìn năm trăm đồng một ki-lô-gam"),
        ("50.000 VNĐ", "Năm mươi nghìn đồng"),
        ("10 USD", "Mười đô la Mỹ"),
        ("hàng triệu USD", "Hàng triệu đô la Mỹ"),
        ("lương 5 triệu đồng/tháng", "Lương năm triệu đồng một tháng"),
        ("100-200 người", "Một trăm đến hai trăm người"),
        ("giai đoạn 2021-2025", (
            "Giai đoạn hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm"
        )),
        ("tỷ số 2-1", "Tỷ số hai - một"),
        ("~30 người", "Khoảng ba mươi người"),
    ],
)  # fmt: skip
def test_units_and_money(text: str, spoken: str) -> None:
    assert normalize_vi(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        (
            "Gọi đường dây nóng 0912.345.678 hoặc 113.",
            "Gọi đường dây nóng không chín một hai, ba bốn năm, sáu bảy tám hoặc một một ba.",
        ),
        ("ĐT: (024) 3825 1234", "Điện thoại: không hai bốn, ba tám hai năm, một hai ba bốn"),
        ("SĐT 0987654321", "Số điện thoại không chín tám bảy, sáu năm bốn, ba hai một"),
        ("liên hệ 0912345678", "Liên hệ không chín một hai, ba bốn năm, sáu bảy tám"),
        ("+84 912 345 678", "Cộng tám bốn, chín một hai, ba bốn năm, sáu bảy tám"),
        ("gọi 115", "Gọi một một năm"),
        ("hotline 1900 1234", "Hotline một chín không không, một hai ba bốn"),
        ("gọi 2 lần", "Gọi hai lần"),
        ("tuyến ĐT741", "Tuyến đường tỉnh bảy trăm bốn mươi mốt"),
    ],
)
def test_phone_numbers_digit_by_digit(text: str, spoken: str) -> None:
    assert normalize_vi(text) == spoken


# --- abbreviations and codes -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
        ("HĐND xã", "Hội đồng nhân dân xã"),
        ("TP. Huế", "Thành phố Huế"),
        ("TP Hà Nội", "Thành phố Hà Nội"),
        ("TP.HCM", "Thành phố Hồ Chí Minh"),
        ("TP. HCM", "Thành phố Hồ Chí Minh"),
        ("TX. Sơn Tây", "Thị xã Sơn Tây"),
        ("Q.1, P. Bến Nghé", "Quận một, phường Bến Nghé"),
        ("H. Củ Chi", "Huyện Củ Chi"),
        ("ông Nguyễn Văn P. cho biết", "Ông Nguyễn Văn P. cho biết"),  # an initial, not a ward
        ("BCH Trung ương", "Ban Chấp hành Trung ương"),
        ("UBMTTQ xã", "Ủy ban Mặt trận Tổ quốc xã"),
        ("MTTQ", "Mặt trận Tổ quốc"),
        ("trường THPT", "Trường trung học phổ thông"),
        ("trường THCS", "Trường trung học cơ sở"),
        ("lực lượng CSGT", "Lực lượng cảnh sát giao thông"),
        ("thẻ BHYT, BHXH", "Thẻ bảo hiểm y tế, bảo hiểm xã hội"),
        ("công tác PCCC", "Công tác phòng cháy chữa cháy"),
        ("PCCC&CNCH", "Phòng cháy chữa cháy và cứu nạn cứu hộ"),
        ("các ĐBQH", "Các đại biểu Quốc hội"),
        ("Ban Chấp hành TW", "Ban Chấp hành Trung ương"),
        ("phát triển KT-XH", "Phát triển kinh tế - xã hội"),
        ("lúa, ngô, khoai v.v.", "Lúa, ngô, khoai vân vân"),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"),
        ("GS.TS Nguyễn Văn A", "Giáo sư, Tiến sĩ Nguyễn Văn A"),
        ("ThS. Trần Thị B", "Thạc sĩ Trần Thị B"),
        ("Công ty CP Sữa", "Công ty cổ phần Sữa"),
        ("dịch COVID-19", "Dịch Cô-vít mười chín"),
        ("cúm H5N1", "Cúm hát năm en-nờ một"),
        ("mạng 5G", "Mạng năm giê"),
        ("đội U23 Việt Nam", "Đội u hai mươi ba Việt Nam"),
        ("QL1A, Km15", "Quốc lộ một a, ki-lô-mét mười lăm"),
        ("kênh VTV1", "Kênh vê tê vê một"),
        ("đài VOV", "Đài vê o vê"),  # unknown acronyms are spelled
        ("THÔNG BÁO KHẨN", "Thông báo khẩn"),  # headline capitals are words, not acronyms
    ],
)
def test_abbreviations(text: str, spoken: str) -> None:
    assert normalize_vi(text) == spoken


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        (
            "Nghị định số 15/2025/NĐ-CP",
            "Nghị định số mười lăm năm hai nghìn không trăm hai mươi lăm của Chính phủ",
        ),
        (
            "Thông tư 39/2020/TT-BTTTT",
            "Thông tư ba mươi chín năm hai nghìn không trăm hai mươi của Bộ Thông tin và Truyền thông",
        ),
        ("Nghị quyết 18-NQ/TW", "Nghị quyết mười tám của Trung ương"),
        ("Quyết định 123/QĐ-UBND", "Quyết định một trăm hai mươi ba của Ủy ban nhân dân"),
        (
            "Luật số 24/2018/QH14",
            "Luật số hai mươi tư năm hai nghìn không trăm mười tám của Quốc hội khóa mười bốn",
        ),
    ],
)
def test_document_numbers(text: str, spoken: str) -> None:
    assert normalize_vi(text) == spoken


# --- whole bulletins -------------------------------------------------------------------------

BULLETINS = [
    (
        "Sáng 2/9/2025, UBND TP. Huế tổ chức lễ kỷ niệm 80 năm Quốc khánh 2-9.",
        "Sáng ngày hai tháng chín năm hai nghìn không trăm hai mươi lăm, Ủy ban nhân dân thành"
        " phố Huế tổ chức lễ kỷ niệm tám mươi năm Quốc khánh hai tháng chín.",
    ),
    (
        "Do ảnh hưởng của bão số 3, từ 19h ngày 6/9 các xã ven biển có gió giật cấp 10-11, "
        "tương đương 89-117 km/h; lượng mưa phổ biến 150-250 mm.",
        "Do ảnh hưởng của bão số ba, từ mười chín giờ ngày sáu tháng chín các xã ven biển có gió"
        " giật cấp mười đến mười một, tương đương tám mươi chín đến một trăm mười bảy ki-lô-mét"
        " trên giờ; lượng mưa phổ biến một trăm năm mươi đến hai trăm năm mươi mi-li-mét.",
    ),
    (
        "Năm 2024, toàn huyện có 1.105 hộ thoát nghèo, tỷ lệ hộ nghèo giảm còn 2,35%; "
        "thu ngân sách đạt 125,6 tỷ đồng.",
        "Năm hai nghìn không trăm hai mươi tư, toàn huyện có một nghìn một trăm linh năm hộ"
        " thoát nghèo, tỷ lệ hộ nghèo giảm còn hai phẩy ba mươi lăm phần trăm; thu ngân sách"
        " đạt một trăm hai mươi lăm phẩy sáu tỷ đồng.",
    ),
    (
        "Người dân cần hỗ trợ xin gọi đường dây nóng của Công an xã: 0912.345.678.",
        "Người dân cần hỗ trợ xin gọi đường dây nóng của Công an xã: không chín một hai, ba bốn"
        " năm, sáu bảy tám.",
    ),
    (
        "Chiều 14/10, HĐND tỉnh khai mạc kỳ họp thứ 21, khóa XVIII, nhiệm kỳ 2021-2026.",
        "Chiều ngày mười bốn tháng mười, Hội đồng nhân dân tỉnh khai mạc kỳ họp thứ hai mươi"
        " mốt, khóa mười tám, nhiệm kỳ hai nghìn không trăm hai mươi mốt đến hai nghìn không"
        " trăm hai mươi sáu.",
    ),
    (
        "Giá lúa tươi tại ruộng dao động 7.200-7.500 đồng/kg, tăng 300 đ/kg so với tháng 4.",
        "Giá lúa tươi tại ruộng dao động bảy nghìn hai trăm đến bảy nghìn năm trăm đồng một"
        " ki-lô-gam, tăng ba trăm đồng một ki-lô-gam so với tháng tư.",
    ),
    (
        "Trường THCS xã tiếp nhận 45 học sinh; 100% giáo viên đạt chuẩn.",
        "Trường trung học cơ sở xã tiếp nhận bốn mươi lăm học sinh; một trăm phần trăm giáo viên đạt chuẩn.",
    ),
    (
        "Lực lượng CSGT phối hợp BCH Quân sự xã tuần tra từ 22h00 đến 5h00 sáng hôm sau.",
        "Lực lượng cảnh sát giao thông phối hợp Ban Chấp hành Quân sự xã tuần tra từ hai mươi"
        " hai giờ đến năm giờ sáng hôm sau.",
    ),
    (
        "Nhiệt độ thấp nhất về đêm 12-15°C, vùng núi có nơi dưới 5°C.",
        "Nhiệt độ thấp nhất về đêm mười hai đến mười lăm độ xê, vùng núi có nơi dưới năm độ xê.",
    ),
    (
        "Các ĐBQH tiếp xúc cử tri tại 12 xã, thị trấn; ghi nhận 36 ý kiến về BHYT, đất đai, v.v.",
        "Các đại biểu Quốc hội tiếp xúc cử tri tại mười hai xã, thị trấn; ghi nhận ba mươi sáu ý"
        " kiến về bảo hiểm y tế, đất đai, vân vân",
    ),
]


@pytest.mark.parametrize(("text", "spoken"), BULLETINS)
def test_bulletins(text: str, spoken: str) -> None:
    assert normalize_vi(text) == spoken


@pytest.mark.parametrize(("text", "_spoken"), BULLETINS)
def test_bulletins_leave_no_digits_and_stay_nfc(text: str, _spoken: str) -> None:
    out = normalize_vi(text)
    assert not re.search(r"\d", out)
    assert unicodedata.is_normalized("NFC", out)


def test_decomposed_input_reads_like_composed() -> None:
    text = BULLETINS[0][0]
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert normalize_vi(nfd) == normalize_vi(text)


def test_southern_dialect_in_a_bulletin() -> None:
    out = normalize_vi("Năm 2024 có 1.105 hộ, 101 người.", dialect="nam")
    assert out == "Năm hai ngàn không trăm hai mươi tư có một ngàn một trăm lẻ năm hộ, một trăm lẻ một người."


def test_plain_text_is_untouched() -> None:
    text = "Hôm nay trời nắng đẹp, bà con nông dân ra đồng thu hoạch lúa."
    assert normalize_vi(text) == text


def test_whitespace_and_empty_text() -> None:
    assert normalize_vi("") == ""
    assert normalize_vi("  Xin\u00a0chào   bà con  ") == "Xin chào bà con"
