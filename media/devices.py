"""Audio input and output devices, as QtMultimedia sees them (the backend that records)."""

from __future__ import annotations

from typing import Any


class DeviceError(Exception):
    pass


def list_devices() -> dict[str, list[dict[str, Any]]]:
    """Inputs and outputs with their ids, names and whether each is the default."""
    try:
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError as exc:  # libpulse missing on Linux is the usual cause
        raise DeviceError(f"QtMultimedia cannot load: {exc}") from exc
    if QCoreApplication.instance() is None:
        # Held for the process: QMediaDevices needs an application object to exist.
        list_devices.app = QCoreApplication([])  # type: ignore[attr-defined]
    default_in = QMediaDevices.defaultAudioInput().id()
    default_out = QMediaDevices.defaultAudioOutput().id()

    def describe(dev: Any, default_id: Any) -> dict[str, Any]:
        return {
            "id": bytes(dev.id()).decode("utf-8", "replace"),
            "name": dev.description(),
            "default": dev.id() == default_id,
        }

    return {
        "inputs": [describe(d, default_in) for d in QMediaDevices.audioInputs()],
        "outputs": [describe(d, default_out) for d in QMediaDevices.audioOutputs()],
    }
