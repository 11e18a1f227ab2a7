"""Shopper image uploads (photos of bad or damaged fruit, wrong items)."""

from app.uploads.images import ImageKind, sniff_image
from app.uploads.service import (
    UPLOAD_MARKER,
    TooManyUploads,
    UnsupportedImage,
    UploadError,
    UploadStore,
    UploadTooLarge,
    create_upload_schema,
    find_upload_ids,
)

__all__ = [
    "UPLOAD_MARKER",
    "ImageKind",
    "TooManyUploads",
    "UnsupportedImage",
    "UploadError",
    "UploadStore",
    "UploadTooLarge",
    "create_upload_schema",
    "find_upload_ids",
    "sniff_image",
]
