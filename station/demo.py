"""The demo station: a small library of real Vietnamese content made on the spot, so a
newcomer sees a living station at once (speech from espeak-ng, chimes, a poster, a bulletin).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from media import ffmpeg, tones
from media.taskstate import TaskState, null_state
from station.changes import Changes
from station.library import ingest
from station.library import items as library
from station.station import Station

SPEECH = (
    ("Bản tin thời sự sáng", "Thời sự",
     "Xin chào quý vị và các bạn. Đây là Đài truyền thanh xã. Sáng nay, Ủy ban nhân dân xã "
     "tổ chức hội nghị triển khai công tác phòng, chống thiên tai năm 2026. "
     "Bà con lưu ý theo dõi bản tin thời tiết để chủ động sản xuất."),
    ("Thông báo lịch tiêm chủng", "Y tế",
     "Trạm y tế xã thông báo: ngày 25/11/2026, từ 7 giờ 30, trạm tổ chức tiêm chủng mở rộng "
     "cho trẻ em dưới 5 tuổi. Đề nghị các gia đình đưa trẻ đến đúng giờ."),
    ("Bản tin thời tiết", "Thời tiết",
     "Dự báo thời tiết hôm nay: trời nhiều mây, có mưa rào rải rác. Nhiệt độ từ 22 đến 28 độ C. "
     "Gió đông bắc cấp 3."),
)

TEXT_BULLETIN = (
    "Thông báo tạm ngừng cung cấp điện", "Thông báo",
    "Điện lực huyện thông báo: để bảo dưỡng lưới điện, thôn Đông và thôn Đoài sẽ tạm ngừng "
    "cung cấp điện từ 8 giờ đến 11 giờ ngày 27/11/2026. Mong bà con thông cảm.",
)

Step = Callable[[Station, Path], None]


def _speech(index: int) -> Step:
    title, category, text = SPEECH[index]

    def step(st: Station, work: Path) -> None:
        from media import tts

        out = work / f"speech-{index}.wav"
        tts.synthesize_to_file(text, out)
        ingest.import_file(st, out, title=title, category=category, body=text)

    return step


def _chime(st: Station, work: Path) -> None:
    out = tones.write_wav(work / "chime.wav", tones.chime())
    ingest.import_file(st, out, title="Nhạc hiệu mở đầu", category="Nhạc hiệu")


def _test_tone(st: Station, work: Path) -> None:
    out = tones.write_wav(work / "tone.wav", tones.sine(1000.0, 10.0, -18.0))
    ingest.import_file(st, out, title="Tín hiệu kiểm tra 1 kHz, -18 dBFS", category="Kỹ thuật")


def _poster(st: Station, work: Path) -> None:
    out = work / "poster.png"
    ffmpeg.run(["-f", "lavfi", "-i",
                "gradients=s=1280x720:c0=0xb71c1c:c1=0xffc107:x0=0:y0=0:x1=1280:y1=720:d=1",
                "-frames:v", "1", "-y", str(out)], timeout=60)
    ingest.import_file(st, out, title="Ảnh bìa chương trình thời sự", category="Hình ảnh")


def _text(st: Station, work: Path) -> None:
    title, category, body = TEXT_BULLETIN
    library.add_text(st, title, body, category)


STEPS: tuple[Step, ...] = (_speech(0), _speech(1), _speech(2), _chime, _test_tone, _poster,
                           _text)


def populate(st: Station, state: TaskState | None = None) -> Changes:
    """Fill the library with the demo items (about two seconds of work)."""
    state = state or null_state()
    with tempfile.TemporaryDirectory(dir=st.store.tmp.parent if st.store.tmp.parent.exists()
                                     else None) as tmp:
        work = Path(tmp)
        for n, step in enumerate(STEPS):
            state.progress(n / len(STEPS), "demo")
            step(st, work)
    st.audit("station.demo", "station")
    state.progress(1.0, "demo")
    return Changes(library=True, audit=True)
