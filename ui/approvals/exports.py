"""The audit trail as it leaves the window: a CSV file for a spreadsheet (UTF-8 with a byte
order mark, so Excel reads Vietnamese) and a printable page (HTML, opened in a browser to
print or to save as PDF). Both hold exactly the rows and columns on screen."""

from __future__ import annotations

import csv
import html
import io

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("AuditExport", text)


def csv_bytes(headers: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # CRLF: what Excel writes and expects
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def html_bytes(title: str, filters: str, made: str, headers: list[str],
               rows: list[list[str]]) -> bytes:
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>"
                     for row in rows)
    count = _tr("%1 entries").replace("%1", str(len(rows)))
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>
body {{ font-family: "Noto Sans", "Segoe UI", Arial, sans-serif; font-size: 10pt; margin: 1.5cm; }}
h1 {{ font-size: 15pt; margin: 0 0 .3em 0; }}
p.meta {{ color: #444; margin: .2em 0; }}
table {{ border-collapse: collapse; width: 100%; margin-top: .8em; }}
th, td {{ border: 1px solid #999; padding: 3px 5px; text-align: left; vertical-align: top; }}
th {{ background: #eee; }}
td:first-child {{ white-space: nowrap; }}
thead {{ display: table-header-group; }}
tr {{ page-break-inside: avoid; }}
@page {{ size: A4 landscape; margin: 1.2cm; }}
</style></head><body>
<h1>{e(title)}</h1>
<p class="meta">{e(filters)}</p>
<p class="meta">{e(made)} · {e(count)}</p>
<table><thead><tr>{head}</tr></thead><tbody>
{body}
</tbody></table></body></html>
"""
    return page.encode("utf-8")
