"""Trusting the hub: the CA file is checked before it is remembered, and a hub over plain
HTTP off this computer is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.tls import CaFileError, load_ca, plain_http_warning, verifier
from tests.support.tls import make_ca_and_server


def test_plain_http_is_warned_about_except_on_loopback() -> None:
    warned = plain_http_warning("http://10.20.0.5:8765")
    assert warned is not None and "plain HTTP" in str(warned)
    assert plain_http_warning("http://hub.tinh.gov.vn") is not None
    for fine in ("http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765",
                 "https://hub.tinh.gov.vn"):
        assert plain_http_warning(fine) is None, fine


def test_a_ca_file_must_hold_a_certificate(tmp_path: Path) -> None:
    with pytest.raises(CaFileError, match="does not exist"):
        load_ca(tmp_path / "missing.pem")
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    with pytest.raises(CaFileError, match="no usable certificate"):
        load_ca(junk)
    pki = make_ca_and_server(tmp_path / "pki")
    assert load_ca(pki["ca.pem"]).get_ca_certs()
    assert verifier(False, str(pki["ca.pem"])) is False
    assert verifier(True, "") is True
