"""Every string the user can see has its Vietnamese translation, and the shipped .qm is
built from the current .ts."""

from __future__ import annotations

import importlib.util

from tests.conftest import ROOT


def test_every_marked_string_is_translated_to_vietnamese() -> None:
    spec = importlib.util.spec_from_file_location("translations",
                                                  ROOT / "installer" / "translations.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert len(tool.sources()) > 20
    assert tool.check() == []


def test_translations_are_nfc() -> None:
    import unicodedata

    text = (ROOT / "ui" / "translations" / "station_vi.ts").read_text(encoding="utf-8")
    assert "Thư viện" in text
    assert unicodedata.normalize("NFC", text) == text
