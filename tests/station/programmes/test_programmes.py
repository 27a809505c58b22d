"""Programmes: rundowns back-timed and rendered for real (ffmpeg, soundfile tones, espeak-ng),
templates, concurrency, rights, and programme slots in the schedule."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import mutagen.flac
import numpy as np
import pytest
import soundfile

from media.analysis import analyze_file
from station import settings, users
from station.edits import lineage
from station.errors import NotFound, PermissionDenied, ValidationError
from station.library import items as library
from station.programmes import rundowns as programmes
from station.programmes import templates as programme_templates
from station.programmes.render import RundownNotReady, render_programme
from station.programmes.rundowns import ProgrammeConflict
from station.station import Station
from tests.support.programmes import onset, tone_item

FRAME_S = 1 / 48000


def rendered_file(st: Station, item_id: str) -> Path:
    item = library.get_item(st, item_id)
    assert item is not None
    path = library.file_path(st, item)
    assert path is not None and path.is_file()
    return path


def chapters_of(path: Path) -> list[tuple[float, str]]:
    tags = mutagen.flac.FLAC(str(path)).tags
    assert tags is not None
    found = []
    n = 1
    while f"CHAPTER{n:03d}" in tags:
        h, m, s = tags[f"CHAPTER{n:03d}"][0].split(":")
        found.append((int(h) * 3600 + int(m) * 60 + float(s), tags[f"CHAPTER{n:03d}NAME"][0]))
        n += 1
    return found


def three_tones(st: Station, folder: Path) -> list[library.Item]:
    # Different levels on purpose: each segment's stored gain must bring them together.
    return [tone_item(st, folder, 440, 2.0, title="Nhạc hiệu", level_db=-12),
            tone_item(st, folder, 1000, 1.5, title="Tin thứ nhất", level_db=-30),
            tone_item(st, folder, 2500, 2.5, title="Tin thứ hai", level_db=-20)]


@pytest.mark.parametrize("segue", ["butt", "crossfade", "overlap"])
def test_render_matches_back_timing(station: Station, tmp_path: Path, segue: str) -> None:
    st = station
    tones = three_tones(st, tmp_path / "src")
    prog, _ = programmes.create_programme(st, "Thời sự sáng", target_s=6.0)
    for n, item in enumerate(tones):
        programmes.add_segment(st, prog.id, "jingle" if n == 0 else "news", item_id=item.id,
                               segue=segue, segue_s=0.5)
    _, timing = programmes.back_time(st, prog.id)
    expected_total = 6.0 if segue == "butt" else 5.0
    assert timing.total_s == pytest.approx(expected_total)
    assert timing.over_s == pytest.approx(expected_total - 6.0)
    result, changes = render_programme(st, prog.id)
    assert changes.library and changes.studio

    path = rendered_file(st, result.item.id)
    info = soundfile.info(str(path))
    assert info.samplerate == 48000 and info.channels == 2
    assert abs(info.frames / 48000 - timing.total_s) <= FRAME_S
    # Chapter markers in the FLAC: one per segment, at the back-timed starts.
    marks = chapters_of(path)
    assert [name for _, name in marks] == ["Nhạc hiệu", "Tin thứ nhất", "Tin thứ hai"]
    for (at, _), seg in zip(marks, timing.segments, strict=True):
        assert at == pytest.approx(seg.start_s, abs=0.001)
    # The lineage keeps the same chapters and the sources in order.
    kept = lineage.lineage(st, result.item.id)
    assert kept is not None and kept.kind == "programme" and kept.origin_id == prog.id
    assert list(kept.sources) == [t.id for t in tones]
    # Loudness at the station's target, measured again from the file itself.
    target = settings.LOUDNESS_TARGET_LUFS.get(st.db)
    measured = analyze_file(path)
    assert measured.integrated_lufs == pytest.approx(target, abs=0.5)
    assert result.integrated_lufs == pytest.approx(target, abs=0.5)
    # Each tone starts where back-timing says.
    samples, rate = soundfile.read(str(path))
    for freq, seg in zip((440, 1000, 2500), timing.segments, strict=True):
        # A crossfade's quarter-sine fade-in reaches half amplitude a third of the way in.
        half = seg.start_s + seg.fade_in_s / 3
        assert onset(samples, rate, freq) == pytest.approx(half, abs=0.005)
    # The gains brought the -12 and -30 dBFS tones to one loudness (their stored gain_db).
    mid_a = samples[round(0.3 * rate):round(1.2 * rate)]
    second = timing.segments[1]
    mid_b = samples[round((second.start_s + 0.6) * rate):round((second.end_s - 0.6) * rate)]
    level_a = 20 * np.log10(np.sqrt(np.mean(mid_a ** 2)))
    level_b = 20 * np.log10(np.sqrt(np.mean(mid_b ** 2)))
    # 1 kHz reads 0 dB on the K-weighting; 440 Hz about -0.3 dB less loud: within 1 dB.
    assert level_a == pytest.approx(level_b, abs=1.0)
    # The programme knows its render, and it is up to date.
    prog = programmes.get_programme(st, prog.id)
    assert prog.rendered_item_id == result.item.id and not prog.render_stale


def test_tts_segment_is_spoken_at_render(station: Station, tmp_path: Path) -> None:
    st = station
    intro = tone_item(st, tmp_path, 440, 1.0, title="Nhạc hiệu")
    outro = tone_item(st, tmp_path, 3000, 1.0, title="Kết thúc")
    text = unicodedata.normalize("NFD", "Sáng 2/9, UBND xã tổ chức lễ chào cờ.")
    prog, _ = programmes.create_programme(st, "Bản tin")
    programmes.add_segment(st, prog.id, "jingle", item_id=intro.id)
    seg, _ = programmes.add_segment(st, prog.id, "tts", tts_text=text, tts_voice="nam",
                                    tts_rate=1.2)
    assert unicodedata.is_normalized("NFC", seg.tts_text or "")
    programmes.add_segment(st, prog.id, "jingle", item_id=outro.id)
    _, before = programmes.back_time(st, prog.id)
    assert before.segments[1].estimated  # not spoken yet: an estimate
    result, _ = render_programme(st, prog.id)
    spoken = programmes.get_programme(st, prog.id).segment(seg.id).spoken_s
    assert spoken is not None and spoken > 1.0
    _, after = programmes.back_time(st, prog.id)
    assert not after.uncertain
    assert after.total_s == pytest.approx(2.0 + spoken)
    assert result.timing.total_s == pytest.approx(after.total_s)
    path = rendered_file(st, result.item.id)
    samples, rate = soundfile.read(str(path))
    assert abs(len(samples) / rate - after.total_s) <= FRAME_S
    speech = samples[round(1.05 * rate):round((1.0 + spoken - 0.05) * rate)]
    assert np.sqrt(np.mean(speech ** 2)) > 0.01  # speech between the tones, not silence
    assert onset(samples, rate, 3000) == pytest.approx(after.segments[2].start_s, abs=0.005)
    # The same text spoken faster is shorter: the segment's speed reaches the engine.
    programmes.update_segment(st, prog.id, seg.id, tts_rate=2.0)
    faster, _ = render_programme(st, prog.id)
    quick = programmes.get_programme(st, prog.id).segment(seg.id).spoken_s
    assert quick is not None and quick < 0.8 * spoken
    assert faster.timing.total_s == pytest.approx(2.0 + quick)


def test_bed_runs_ducked_under_the_voice(station: Station, tmp_path: Path) -> None:
    st = station
    bed = tone_item(st, tmp_path, 200, 6.0, title="Nhạc nền", level_db=-18)
    voice1 = tone_item(st, tmp_path, 1500, 1.5, title="Lời dẫn", level_db=-18)
    voice2 = tone_item(st, tmp_path, 2500, 1.5, title="Tin", level_db=-18)
    prog, _ = programmes.create_programme(st, "Có nhạc nền")
    programmes.add_segment(st, prog.id, "bed", item_id=bed.id, bed_under=2, bed_lead_s=1.0,
                           duck_db=-15)
    programmes.add_segment(st, prog.id, "link", item_id=voice1.id)
    programmes.add_segment(st, prog.id, "news", item_id=voice2.id)
    _, timing = programmes.back_time(st, prog.id)
    assert [s.start_s for s in timing.segments] == pytest.approx([0.0, 1.0, 2.5])
    assert timing.total_s == pytest.approx(4.0)  # the bed holds only its lead
    result, _ = render_programme(st, prog.id)
    samples, rate = soundfile.read(str(rendered_file(st, result.item.id)))
    assert abs(len(samples) / rate - 4.0) <= FRAME_S
    from tests.support.programmes import band_level

    times, level = band_level(samples, rate, 200)
    alone = np.median(level[(times > 0.2) & (times < 0.8)])
    under = np.median(level[(times > 1.7) & (times < 3.0)])
    assert 20 * np.log10(under / alone) == pytest.approx(-15, abs=1.0)
    assert level[times > 3.98 - 0.02].max() < 0.2 * under  # faded out at the end


def test_missing_item_stops_the_render_and_writes_nothing(station: Station,
                                                          tmp_path: Path) -> None:
    st = station
    good = tone_item(st, tmp_path, 440, 1.0, title="Nhạc hiệu")
    gone = tone_item(st, tmp_path, 880, 1.0, title="Phóng sự bị mất")
    prog, _ = programmes.create_programme(st, "Thời sự")
    programmes.add_segment(st, prog.id, "jingle", item_id=good.id)
    programmes.add_segment(st, prog.id, "interview", item_id=gone.id)
    gone_path = library.file_path(st, gone)
    assert gone_path is not None
    gone_path.unlink()
    items_before = library.count(st)
    with pytest.raises(RundownNotReady) as err:
        render_programme(st, prog.id)
    assert "Phóng sự bị mất" in str(err.value) and "missing" in str(err.value)
    # Typed, one per segment, each a template for the translators with its values apart.
    [problem] = err.value.problems
    assert problem.template == "{position}. {segment}: its media file is missing from the store"
    assert problem.params == {"position": 2, "segment": "Phóng sự bị mất"}
    assert library.count(st) == items_before
    assert programmes.get_programme(st, prog.id).rendered_item_id is None
    assert not any(st.store.tmp.glob("*")) if st.store.tmp.exists() else True
    # An empty slot (from a template) is named too.
    programmes.add_segment(st, prog.id, "news", title="Tin chưa có", planned_s=60)
    with pytest.raises(RundownNotReady, match="Tin chưa có: no item chosen"):
        render_programme(st, prog.id)


def test_template_to_programme_to_render_and_schedule(station: Station, tmp_path: Path) -> None:
    from station.schedule import checks as schedule_checks
    from station.schedule import edits as schedule_edits
    from station.schedule import periods as schedule
    from station.schedule import timing as schedule_timing
    from tests.support.schedule import MONDAY

    st = station
    jingle = tone_item(st, tmp_path, 440, 1.0, title="Nhạc hiệu đài", category="Nhạc hiệu")
    names = [t.name for t in programme_templates.list_templates(st)]
    assert "Bản tin thời sự 30 phút" in names
    prog, _ = programme_templates.programme_from_template(
        st, programme_templates.NEWS_30.id, "Thời sự 22/11")
    assert prog.target_s == 1800
    kinds = [s.kind for s in prog.segments]
    assert kinds[0] == "jingle" and kinds[-1] == "jingle" and kinds.count("news") == 4
    assert prog.segments[0].item_id == jingle.id  # the station jingle by default
    assert prog.segments[-1].item_id == jingle.id
    _, timing = programmes.back_time(st, prog.id)
    assert timing.total_s == pytest.approx(1800 - 30 - 30 + 2.0)  # slots as planned
    assert timing.uncertain
    # Fill every empty slot with a short tone.
    for n, seg in enumerate(prog.segments):
        if seg.item_id is None:
            item = tone_item(st, tmp_path, 600 + 300 * n, 0.5, title=seg.title)
            programmes.update_segment(st, prog.id, seg.id, item_id=item.id)
    prog, timing = programmes.back_time(st, prog.id)
    assert timing.total_s == pytest.approx(2 * 1.0 + 6 * 0.5) and not timing.uncertain
    assert timing.over_s == pytest.approx(5.0 - 1800)
    result, _ = render_programme(st, prog.id)
    assert [n for _, n in chapters_of(rendered_file(st, result.item.id))] == \
        [s.title for s in prog.segments]

    # A programme slot in the schedule times and checks as its render.
    sched, _ = schedule.create_schedule(st, MONDAY, empty=True)
    session, _ = schedule_edits.add_session(st, sched.id, MONDAY, "05:30", minutes=30)
    schedule_edits.add_slot(st, sched.id, session.key, programme_id=prog.id, title=prog.title)
    [t] = schedule_timing.back_time(st, sched.id)
    assert t.slots[0].duration_s == pytest.approx(5.0, abs=0.01)
    report = schedule_checks.check(st, sched.id)
    assert "programme_unrendered" not in [p.code for p in report.problems]
    # Changed after the render: a warning; a programme never rendered: an error.
    programmes.update_programme(st, prog.id, title="Thời sự 22/11 (sửa)")
    assert "programme_stale" in [p.code for p in schedule_checks.check(st, sched.id).problems]
    other, _ = programmes.create_programme(st, "Chưa dựng")
    schedule_edits.add_slot(st, sched.id, session.key, programme_id=other.id, title="Chưa dựng")
    codes = [p.code for p in schedule_checks.check(st, sched.id).problems]
    assert "programme_unrendered" in codes

    # Saving the rundown as a template keeps its shape and its jingles.
    tpl, _ = programme_templates.save_as_template(st, prog.id, "Thời sự của đài")
    again, _ = programme_templates.programme_from_template(st, tpl.id)
    assert [s.kind for s in again.segments] == kinds
    assert again.segments[0].item_id == jingle.id and again.segments[1].item_id is None
    with pytest.raises(ValidationError):
        programme_templates.save_as_template(st, prog.id, "THỜI SỰ CỦA ĐÀI")


def test_edits_reorder_conflicts_and_rights(station: Station, tmp_path: Path) -> None:
    st = station
    a = tone_item(st, tmp_path, 440, 1.0, title="A")
    b = tone_item(st, tmp_path, 880, 2.0, title="B")
    prog, _ = programmes.create_programme(st, "Thử")
    s1, _ = programmes.add_segment(st, prog.id, "jingle", item_id=a.id)
    s2, _ = programmes.add_segment(st, prog.id, "news", item_id=b.id, trim_in_s=0.5)
    loaded = programmes.get_programme(st, prog.id)
    programmes.move_segment(st, prog.id, s2.id, 0, expected_version=loaded.version)
    _, timing = programmes.back_time(st, prog.id)
    assert [s.segment_id for s in timing.segments] == [s2.id, s1.id]
    assert timing.segments[1].start_s == pytest.approx(1.5)  # B trimmed to 1.5 s
    # A save from a stale copy is refused and changes nothing.
    with pytest.raises(ProgrammeConflict):
        programmes.update_segment(st, prog.id, s1.id, title="Cũ",
                                  expected_version=loaded.version)
    assert programmes.get_programme(st, prog.id).segment(s1.id).title == "A"
    # Bad input: clear errors, nothing written.
    with pytest.raises(ValidationError):
        programmes.update_segment(st, prog.id, s1.id, segue="wipe")
    with pytest.raises(ValidationError):
        programmes.update_segment(st, prog.id, s1.id, trim_in_s=2, trim_out_s=1)
    with pytest.raises(NotFound):
        programmes.add_segment(st, prog.id, "news", item_id="no-such-item")
    # A bad length names its field in a whole sentence of its own (translated as one piece,
    # no English word spliced into the Vietnamese), and text that is no number is refused too.
    templates = set()
    for field in ("trim_in_s", "trim_out_s", "planned_s", "segue_s", "bed_lead_s"):
        for bad in (-1, "mười", float("inf")):
            with pytest.raises(ValidationError) as err:
                programmes.update_segment(st, prog.id, s1.id, segue="crossfade", **{field: bad})
            assert set(err.value.params) == {"value"} and str(bad) in str(err.value)
            templates.add(err.value.template)
    assert len(templates) == 5
    assert programmes.get_programme(st, prog.id).segment(s1.id).trim_in_s == 0
    # An overlap longer than a segment is shortened and flagged.
    programmes.update_segment(st, prog.id, s1.id, segue="overlap", segue_s=5)
    _, timing = programmes.back_time(st, prog.id)
    assert timing.segments[1].segue_s == pytest.approx(1.0)
    assert programmes.SEGUE_CLAMPED in timing.segments[1].flags
    programmes.remove_segment(st, prog.id, s2.id)
    assert [s.id for s in programmes.get_programme(st, prog.id).segments] == [s1.id]
    # The archivist has no studio rights: refused in the core.
    users.logout(st)
    users.login(st, "luutru", "luutru-password")
    with pytest.raises(PermissionDenied):
        programmes.create_programme(st, "Không được")
    with pytest.raises(PermissionDenied):
        render_programme(st, prog.id)


def test_cancelled_render_leaves_nothing(station: Station, tmp_path: Path) -> None:
    from media.taskstate import Cancelled, TaskState

    st = station
    tone = tone_item(st, tmp_path, 440, 20.0, title="Dài")
    prog, _ = programmes.create_programme(st, "Huỷ giữa chừng")
    programmes.add_segment(st, prog.id, "news", item_id=tone.id)
    items_before = library.count(st)
    state = TaskState()
    state = TaskState(lambda fraction, _t: state.cancel() if fraction > 0.05 else None)
    with pytest.raises(Cancelled):
        render_programme(st, prog.id, state=state)
    assert library.count(st) == items_before
    assert programmes.get_programme(st, prog.id).rendered_item_id is None
    assert not list(st.store.tmp.glob("*")) if st.store.tmp.exists() else True


def test_an_approved_schedule_keeps_the_render_it_sealed(station: Station,
                                                         tmp_path: Path) -> None:
    from station.schedule import approval as schedule_approval
    from station.schedule import edits as schedule_edits
    from station.schedule import model as schedule_model
    from station.schedule import periods as schedule
    from tests.support.schedule import MONDAY, login

    st = station
    login(st, "bientap")
    tone = tone_item(st, tmp_path, 440, 2.0, title="Nhạc hiệu")
    prog, _ = programmes.create_programme(st, "Thời sự tối")
    programmes.add_segment(st, prog.id, "jingle", item_id=tone.id)
    first, _ = render_programme(st, prog.id)
    sched, _ = schedule.create_schedule(st, MONDAY, empty=True)
    session, _ = schedule_edits.add_session(st, sched.id, MONDAY, "17:00", minutes=1)
    schedule_edits.add_slot(st, sched.id, session.key, programme_id=prog.id, title=prog.title)
    schedule_approval.submit(st, sched.id)
    login(st, "truongdai")
    schedule_approval.approve(st, sched.id, "Đồng ý")
    login(st, "bientap")
    # The programme changes and is rendered again after the approval.
    [segment] = programmes.get_programme(st, prog.id).segments
    programmes.update_segment(st, prog.id, segment.id, trim_in_s=0.5)
    second, _ = render_programme(st, prog.id)
    assert second.item.id != first.item.id
    [slot] = schedule_model.load(st, sched.id).sessions[0].slots
    assert slot.item_id == first.item.id  # what the chief approved
    assert schedule_approval.verify_seal(st, sched.id).reasons == ()
    # A new draft revision plays the new render.
    draft, _ = schedule.revise(st, sched.id)
    [slot] = schedule_model.load(st, draft.id).sessions[0].slots
    assert slot.item_id == second.item.id


def test_cli_programme_list_show_render(station: Station, tmp_path: Path) -> None:
    import json

    from tests.support.cli import run_cli

    st = station
    jingle = tone_item(st, tmp_path, 440, 1.0, title="Nhạc hiệu")
    news = tone_item(st, tmp_path, 880, 2.0, title="Tin sáng")
    prog, _ = programmes.create_programme(st, "Thời sự sáng", target_s=5.0)
    programmes.add_segment(st, prog.id, "jingle", item_id=jingle.id)
    programmes.add_segment(st, prog.id, "news", item_id=news.id)
    empty, _ = programmes.create_programme(st, "Chưa xong")
    programmes.add_segment(st, empty.id, "news", title="Tin chưa có", planned_s=30)
    root = st.datadir.root

    listed = run_cli("programme", "list", "--json", data_dir=root)
    assert listed.returncode == 0, listed.stderr
    assert {p["title"] for p in json.loads(listed.stdout)} == {"Thời sự sáng", "Chưa xong"}
    shown = json.loads(run_cli("programme", "show", prog.id, "--json", data_dir=root).stdout)
    assert [s["title"] for s in shown["segments"]] == ["Nhạc hiệu", "Tin sáng"]
    assert shown["timing"]["total_s"] == pytest.approx(3.0)
    assert shown["timing"]["over_s"] == pytest.approx(-2.0) and shown["problems"] == []
    text = run_cli("programme", "show", empty.id, data_dir=root).stdout
    assert "cannot render: 1. Tin chưa có: no item chosen" in text

    done = run_cli("programme", "render", prog.id, "--json", data_dir=root)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["item"]["duration_s"] == pytest.approx(3.0, abs=0.001)
    target = settings.LOUDNESS_TARGET_LUFS.get(st.db)
    assert result["integrated_lufs"] == pytest.approx(target, abs=0.5)
    assert programmes.get_programme(st, prog.id).rendered_item_id == result["item"]["id"]
    plain = run_cli("programme", "list", data_dir=root).stdout
    assert f"{prog.id} Thời sự sáng (target 0:05.0, rendered)" in plain

    refused = run_cli("programme", "render", empty.id, data_dir=root)
    assert refused.returncode == 1
    assert refused.stderr.strip() == ("station: error: “Chưa xong” cannot be rendered yet: "
                                      "1. Tin chưa có: no item chosen")
    missing = run_cli("programme", "show", "khong-co", data_dir=root)
    assert missing.returncode == 1 and "no programme with id khong-co" in missing.stderr
