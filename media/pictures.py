"""Pictures: the size of an image or video frame, thumbnails and video poster frames."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from media import ffmpeg
from media.taskstate import TaskState

IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff"})
_VIDEO_RE = re.compile(r"Stream #0:\d+\S*: Video: (?P<codec>[^\s,]+).*?, (?P<w>\d{1,5})x(?P<h>\d{1,5})")


class PictureError(Exception):
    pass


@dataclass(frozen=True)
class PictureInfo:
    codec: str
    width: int
    height: int


def probe_picture(path: Path, state: TaskState | None = None) -> PictureInfo | None:
    """The first picture stream's codec and size, or None when there is none."""
    text = ffmpeg.run(["-i", "file:" + str(path.resolve())], timeout=60, state=state,
                      check=False).stderr
    m = _VIDEO_RE.search(text)
    if m is None:
        return None
    return PictureInfo(m["codec"], int(m["w"]), int(m["h"]))


def thumbnail(path: Path, *, max_side: int = 480, at_s: float | None = None,
              state: TaskState | None = None) -> bytes:
    """A JPEG of the picture (or of the video frame at ``at_s``), at most max_side wide/high."""
    seek = ["-ss", f"{at_s:.3f}"] if at_s else []
    scale = (f"scale='if(gt(iw,ih),min({max_side},iw),-2)':'if(gt(iw,ih),-2,min({max_side},ih))'"
             ",format=yuvj420p")
    result = ffmpeg.run([*seek, "-i", "file:" + str(path.resolve()), "-frames:v", "1",
                         "-vf", scale, "-f", "image2pipe", "-c:v", "mjpeg", "-q:v", "4", "pipe:1"],
                        timeout=120, state=state, check=False)
    if result.returncode != 0 or not result.stdout.startswith(b"\xff\xd8"):
        lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
        raise PictureError(lines[-1] if lines else "no picture could be decoded")
    return result.stdout
