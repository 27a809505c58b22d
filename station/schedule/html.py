"""The printable "Lịch phát sóng": one HTML page in Vietnamese (dd/MM/yyyy, 24-hour times),
with the approving chief's name, the time of approval and the seal. A schedule that is not
approved prints with a banner saying so. The page is an official document of the station,
always in Vietnamese, whatever the language of the interface.
"""

from __future__ import annotations

import html
from pathlib import Path

from media.files import write_atomic
from station.clock import fmt_date, fmt_duration, fmt_period, fmt_time, parse_utc, zone
from station.rights import Right
from station.schedule.model import Schedule, load
from station.schedule.timing import SessionTiming, time_schedule
from station.station import Station

WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
KINDS_VI = {"item": "Chương trình", "bulletin": "Bản tin", "programme": "Chương trình",
            "relay": "Tiếp sóng", "live": "Tiếp sóng trực tiếp"}
PRIORITIES_VI = {"normal": "Thường", "priority": "Ưu tiên", "emergency": "Khẩn cấp"}
STATUS_VI = {"draft": "BẢN NHÁP — CHƯA ĐƯỢC DUYỆT", "submitted": "ĐANG CHỜ DUYỆT",
             "rejected": "BỊ TRẢ LẠI — CHƯA ĐƯỢC DUYỆT",
             "superseded": "ĐÃ ĐƯỢC THAY BẰNG BẢN DUYỆT MỚI HƠN"}
_CSS = """
body { font-family: "Times New Roman", "Noto Serif", serif; font-size: 13pt; margin: 2cm; }
header { display: flex; justify-content: space-between; text-align: center; }
h1 { text-align: center; font-size: 18pt; margin: 1em 0 0.2em; }
p.period { text-align: center; margin-top: 0; }
p.banner { text-align: center; color: #b00; font-weight: bold; border: 2px solid #b00;
           padding: 0.3em; }
h2 { font-size: 14pt; margin: 1.2em 0 0.3em; page-break-after: avoid; }
table { width: 100%; border-collapse: collapse; margin-bottom: 0.6em; page-break-inside: avoid; }
th, td { border: 1px solid #444; padding: 0.15em 0.4em; vertical-align: top; }
th { background: #eee; } td.t { white-space: nowrap; width: 5em; } td.d { width: 5em; }
tr.session td { font-weight: bold; background: #f6f6f6; }
.warn { color: #b00; } footer { margin-top: 2em; } .seal { font-family: monospace;
font-size: 9pt; word-break: break-all; }
@media print { body { margin: 1cm; } }
"""


def export_html(st: Station, schedule_id: str, target: Path | str | None = None) -> str:
    """The page as text; written to ``target`` (atomically) when given."""
    st.require(Right.LIBRARY_VIEW, "print schedule")
    sched = load(st, schedule_id)
    page = render(st, sched, time_schedule(st, sched))
    if target is not None:
        path = Path(target)
        write_atomic(path, page.encode("utf-8"))
        st.audit("schedule.print", "schedule", schedule_id, {"target": str(path)})
    return page


def render(st: Station, sched: Schedule, timings: list[SessionTiming]) -> str:
    tz = zone(st)
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="vi"><head><meta charset="utf-8">',
           f"<title>Lịch phát sóng {fmt_period(sched.period_start, sched.period_end)}"
           f"</title><style>{_CSS}</style></head><body>",
           "<header><div><b>" + e(st.name.upper()) + "</b></div>"
           "<div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br>"
           "<u>Độc lập - Tự do - Hạnh phúc</u></div></header>",
           "<h1>LỊCH PHÁT SÓNG</h1>",
           f'<p class="period">Từ ngày {fmt_date(sched.period_start)} đến ngày '
           f"{fmt_date(sched.period_end)}" +
           (f"<br>{e(sched.title)}" if sched.title else "") +
           f" — bản số {sched.revision}</p>"]
    if sched.status in STATUS_VI:
        out.append(f'<p class="banner">{STATUS_VI[sched.status]}</p>')
    day = None
    for t in timings:
        local = t.starts_at.astimezone(tz)
        if local.date() != day:
            if day is not None:
                out.append("</tbody></table>")
            day = local.date()
            out.append(f"<h2>{WEEKDAYS_VI[day.weekday()]}, ngày {fmt_date(day)}</h2>"
                       "<table><thead><tr><th>Giờ</th><th>Nội dung</th><th>Loại</th>"
                       "<th>Thời lượng</th><th>Mức ưu tiên</th></tr></thead><tbody>")
        run = ""
        if t.status == "over":
            run = f' <span class="warn">(vượt {fmt_duration(t.over_s)})</span>'
        out.append(f'<tr class="session"><td class="t">{fmt_time(t.starts_at, tz)}–'
                   f"{fmt_time(t.ends_at, tz)}</td><td colspan=\"4\">"
                   f"{e(t.title) or 'Buổi phát sóng'}{run}</td></tr>")
        for s in t.slots:
            length = fmt_duration(s.duration_s) + (" (ước tính)" if s.estimated else "")
            out.append(f'<tr><td class="t">{fmt_time(s.starts_at, tz)}</td><td>{e(s.title)}</td>'
                       f"<td>{KINDS_VI.get(s.kind, s.kind)}</td><td class=\"d\">{length}</td>"
                       f"<td>{PRIORITIES_VI.get(s.priority, s.priority)}</td></tr>")
    if day is not None:
        out.append("</tbody></table>")
    else:
        out.append("<p>Không có buổi phát sóng nào.</p>")
    out.append("<footer>")
    if sched.status in ("approved", "published", "superseded") and sched.decided_at:
        row = st.db.execute("SELECT full_name FROM users WHERE username = ?",
                            [sched.decided_by]).fetchone()
        name = (row[0] if row and row[0] else sched.decided_by) or ""
        when = parse_utc(sched.decided_at)
        out.append(f"<p>Người duyệt: <b>{e(name)}</b> — duyệt lúc "
                   f"{fmt_time(when, tz, seconds=False)} ngày "
                   f"{fmt_date(when, tz)}</p>")
        out.append(f'<p>Mã niêm phong (SHA-256): <span class="seal">{e(sched.seal or "")}'
                   "</span></p>")
    out.append("</footer></body></html>")
    return "\n".join(out) + "\n"
