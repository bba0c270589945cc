"""Uploaded images made safe to show: the type read from the bytes, the file verified and
decoded by Pillow within a pixel budget, metadata (EXIF, GPS, comments, colour profiles)
dropped, the picture turned upright, scaled to at most what the big screen shows, and
re-encoded as WebP.

This is blocking, CPU-bound work: callers on the event loop run it in a worker thread.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

#: The formats an upload may be in (Pillow's names); Pillow tries no other decoder on it.
ACCEPTED_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
#: The long side of a stored image at most: the big screen's 1080p width.
MAX_SIDE = 1920
#: Stored images are WebP (every browser Huddle supports shows it; alpha is kept).
STORED_EXTENSION = "webp"
STORED_TYPE = "image/webp"
WEBP_QUALITY = 85


class ImageRefused(Exception):
    """An upload that is not an image Huddle keeps: `status` and `code` for the answer."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class CleanImage:
    """A re-encoded image and the content-hash name it is stored under."""

    data: bytes
    content_type: str
    width: int
    height: int

    @property
    def name(self) -> str:
        return f"{hashlib.sha256(self.data).hexdigest()}.{STORED_EXTENSION}"


def _open(data: bytes) -> Image.Image:
    try:
        return Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except UnidentifiedImageError:
        raise ImageRefused(
            415, "unsupported_type", "the file is not a PNG, JPEG, GIF or WebP image"
        ) from None
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except (OSError, SyntaxError, ValueError):
        raise _corrupt() from None


def _corrupt() -> ImageRefused:
    return ImageRefused(422, "invalid_image", "the image is damaged and cannot be read")


def _too_many_pixels(limit: int | None = None) -> ImageRefused:
    what = f" (at most {limit:,} pixels)" if limit else ""
    return ImageRefused(422, "too_many_pixels", f"the image has too many pixels{what}")


def clean_image(data: bytes, *, max_pixels: int, max_side: int = MAX_SIDE) -> CleanImage:
    """`data` (an uploaded file) as a clean WebP image of at most `max_side` pixels on its long
    side; `ImageRefused` when it is not a PNG, JPEG, GIF or WebP image (whatever its name
    said), is damaged, or claims more than `max_pixels` pixels (a decompression bomb: refused
    from its header, before anything is decoded). Animated images keep their first frame."""
    with warnings.catch_warnings():
        # Pillow warns (and past twice its own limit refuses) on huge images; the budget
        # here is checked first and is the one that counts.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with _open(data) as probe:
            width, height = probe.size
            if width < 1 or height < 1:
                raise _corrupt()
            if width * height > max_pixels:
                raise _too_many_pixels(max_pixels)
            try:
                probe.verify()
            except Exception:  # verify() raises whatever its decoder meets
                raise _corrupt() from None
        # verify() leaves the file unusable: open it again to decode it.
        with _open(data) as image:
            try:
                # A JPEG decodes straight at a smaller scale when it is much larger than needed.
                image.draft("RGB", (max_side, max_side))
                image.load()
                upright = ImageOps.exif_transpose(image)
                picture = _plain(upright)
            except Image.DecompressionBombError:
                raise _too_many_pixels(max_pixels) from None
            except Exception:  # a damaged file makes decoders raise many kinds of error
                raise _corrupt() from None
    picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, format="WEBP", quality=WEBP_QUALITY, method=4)
    return CleanImage(out.getvalue(), STORED_TYPE, picture.width, picture.height)


def _plain(image: Image.Image) -> Image.Image:
    """The pixels of `image` alone, in RGB or RGBA: a new image that carries none of the
    file's metadata (its ``info`` is empty), so nothing of it can be written out again."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    mode = "RGBA" if has_alpha else "RGB"
    converted = image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())
