"""Signed approvals: the chief's Ed25519 signature over the approved content, checked by
`schedule verify` against forgeries that the plain SHA-256 seal let through."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from station import audit, keys, settings, users
from station.cli.schedule_views import show_json
from station.errors import AuthError
from station.schedule import approval as schedule_approval
from station.schedule import periods as schedule
from station.schedule.model import canonical_json, content_of, load, seal_of
from tests.support.cli import run_cli
from tests.support.schedule import MONDAY, audio_item, login, store_file


def _submitted(st, title: str = "Tin sáng"):
    login(st, "bientap")
    sched, _ = schedule.create_week(st, MONDAY, empty=True)
    morning, _ = schedule.add_session(st, sched.id, MONDAY, "05:30", minutes=15, title="Sáng")
    item = audio_item(st, title, 300)
    schedule.add_slot(st, sched.id, morning.key, item_id=item.id)
    schedule_approval.submit(st, sched.id)
    return sched.id, item


def _approved(st):
    sched_id, item = _submitted(st)
    login(st, "truongdai")
    schedule_approval.approve(st, sched_id, "Đồng ý")
    return sched_id, item


def _codes(st, sched_id: str, rehash: bool = False) -> list[str]:
    return list(schedule_approval.verify_seal(st, sched_id, rehash=rehash).reasons)


def test_approval_is_signed_by_the_chief(station) -> None:
    sched_id, _ = _approved(station)
    check = schedule_approval.verify_seal(station, sched_id, rehash=True)
    assert check.ok and check.signed_by == "truongdai" and check.files_checked
    seal = show_json(station, sched_id)["seal"]
    assert seal["signed_by"] == "truongdai" and len(seal["sha256"]) == 64
    signature, public = base64.b64decode(seal["signature"]), base64.b64decode(seal["public_key"])
    payload = base64.b64decode(seal["signed_payload"])
    assert len(signature) == 64 and len(public) == 32
    # Anyone can check it with the public key alone.
    Ed25519PublicKey.from_public_bytes(public).verify(signature, payload)
    fields = json.loads(payload)
    assert fields["approved_by"] == "truongdai" and fields["seal"] == seal["sha256"]
    chief = users.get(station, "truongdai")
    active = keys.active(station, chief.id)
    assert active is not None and active.public_key == seal["public_key"]
    entry = next(e for e in audit.recent(station.db, 30) if e.action == "schedule.approve")
    assert entry.detail["signature"] == seal["signature"]


def test_a_forged_seal_is_caught(station) -> None:
    """The old attack: change a slot in the database, recompute the content and the SHA seal."""
    sched_id, _ = _approved(station)
    station.db.execute("UPDATE schedule_slots SET title = 'Forged title' WHERE session_id IN"
                       " (SELECT id FROM schedule_sessions WHERE schedule_id = ?)", [sched_id])
    sched = load(station, sched_id)
    content = canonical_json(content_of(station, sched))
    forged = seal_of(content, sched.decided_by or "", sched.decided_at or "")
    station.db.execute("UPDATE schedules SET sealed_content = ?, seal = ? WHERE id = ?",
                       [content, forged, sched_id])
    assert "payload_mismatch" in _codes(station, sched_id)

    # Rewriting what was signed to match breaks the signature.
    row = station.db.execute("SELECT signed_payload FROM schedules WHERE id = ?",
                             [sched_id]).fetchone()
    fields = json.loads(base64.b64decode(row[0]))
    fields |= {"seal": forged, "content_sha256": hashlib.sha256(content.encode()).hexdigest()}
    station.db.execute("UPDATE schedules SET signed_payload = ? WHERE id = ?",
                       [keys.b64(canonical_json(fields).encode()), sched_id])
    assert "bad_signature" in _codes(station, sched_id)

    # Signing it again with a key of one's own: not the approver's key.
    mallory = Ed25519PrivateKey.generate()
    fields["public_key"] = keys.b64(mallory.public_key().public_bytes(Encoding.Raw,
                                                                      PublicFormat.Raw))
    payload = canonical_json(fields).encode()
    station.db.execute("UPDATE schedules SET signed_payload = ?, signature = ? WHERE id = ?",
                       [keys.b64(payload), keys.b64(mallory.sign(payload)), sched_id])
    assert "wrong_key" in _codes(station, sched_id)


def test_a_changed_file_is_caught(station, datadir) -> None:
    sched_id, item = _approved(station)
    assert _codes(station, sched_id, rehash=True) == []
    path = store_file(station, item)
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    check = schedule_approval.verify_seal(station, sched_id, rehash=True)
    assert check.reasons == ("file_changed",) and check.files[0].path == str(path)
    done = run_cli("schedule", "verify", sched_id, "--json", data_dir=datadir.root)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["codes"] == ["file_changed"]
    path.unlink()
    assert _codes(station, sched_id, rehash=True) == ["file_missing"]


def test_verify_from_the_command_line(station, datadir) -> None:
    sched_id, _ = _approved(station)
    done = run_cli("schedule", "verify", sched_id, data_dir=datadir.root)
    assert done.returncode == 0, done.stderr
    assert "signed by truongdai" in done.stdout
    station.db.execute("UPDATE schedules SET signature = ? WHERE id = ?",
                       [keys.b64(bytes(64)), sched_id])
    done = run_cli("schedule", "verify", sched_id, data_dir=datadir.root)
    assert done.returncode == 1 and "signature does not match" in done.stdout


def test_a_wrong_password_cannot_sign(station) -> None:
    sched_id, _ = _submitted(station)
    login(station, "truongdai")
    with pytest.raises(AuthError):
        schedule_approval.approve(station, sched_id, password="not-the-password")
    assert load(station, sched_id).status == "submitted"
    assert audit.recent(station.db, 5)[0].action == "schedule.sign_failed"
    keys.forget(station)  # a session whose password is not at hand
    with pytest.raises(AuthError):
        schedule_approval.approve(station, sched_id)
    decision, _ = schedule_approval.approve(station, sched_id, password="truongdai-password")
    assert decision.decision == "approved"
    assert schedule_approval.verify_seal(station, sched_id).signed_by == "truongdai"


def test_publish_and_playout_need_the_signature(station) -> None:
    sched_id, _ = _approved(station)
    station.db.execute("UPDATE schedules SET signature = NULL WHERE id = ?", [sched_id])
    assert _codes(station, sched_id) == ["unsigned"]
    login(station, "bientap")
    with pytest.raises(schedule_approval.SealBroken):
        schedule_approval.publish(station, sched_id)
    # An approval sealed before the station signed approvals stays valid unsigned.
    decided = load(station, sched_id).decided_at or ""
    settings.Option("signing_since", "").set(station.db, decided + "Z")
    assert _codes(station, sched_id) == []


def test_the_commune_package_carries_the_signature(station, tmp_path) -> None:
    from station.schedule.export import export_package

    sched_id, _ = _approved(station)
    login(station, "bientap")
    report = export_package(station, sched_id, tmp_path / "out")
    manifest = json.loads((Path(report.target) / "manifest.json").read_text(encoding="utf-8"))
    seal = manifest["seal"]
    assert seal["signature_algorithm"] == "ed25519" and seal["signed_by"] == "truongdai"
    payload = base64.b64decode(seal["signed_payload"])
    Ed25519PublicKey.from_public_bytes(base64.b64decode(seal["public_key"])).verify(
        base64.b64decode(seal["signature"]), payload)
    sealed = (Path(report.target) / seal["content_file"]).read_bytes()
    assert json.loads(payload)["content_sha256"] == hashlib.sha256(sealed).hexdigest()
