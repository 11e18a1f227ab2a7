"""Store shopper images safely: checked by magic bytes and size, random names, one folder.

The file name is the upload id (``img_`` + 24 random hex digits) plus the extension its
bytes announce; nothing the client sent (name, stated type) reaches the disk.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, func
from sqlmodel import Session, SQLModel, col, select

from app.uploads.images import sniff_image
from app.uploads.models import Upload

UPLOAD_MARKER = "[image:{id}]"  # how a message names an uploaded image
_MARKER = re.compile(r"\[image:(img_[0-9a-f]{24})\]")
_UPLOAD_ID = re.compile(r"img_[0-9a-f]{24}")


class UploadError(Exception):
    """Base of upload errors; ``code`` is the English error code the API answers with."""

    code = "bad_upload"


class UploadTooLarge(UploadError):
    code = "too_large"


class UnsupportedImage(UploadError):
    code = "unsupported_type"


class TooManyUploads(UploadError):
    code = "too_many_uploads"


def find_upload_ids(text: str) -> list[str]:
    """The upload ids a message names, in order, without repeats."""
    return list(dict.fromkeys(_MARKER.findall(text)))


def create_upload_schema(engine: Engine) -> None:
    SQLModel.metadata.create_all(engine, tables=[SQLModel.metadata.tables["upload"]])


class UploadStore:
    def __init__(
        self,
        engine: Engine,
        folder: Path,
        *,
        max_bytes: int,
        max_per_hour: int,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._engine = engine
        self.folder = folder
        self.max_bytes = max_bytes
        self.max_per_hour = max_per_hour
        self._clock = clock

    async def save(self, data: bytes, customer_ref: str) -> Upload:
        """Check and store an image; raises an :class:`UploadError` naming the problem."""
        if not data:
            raise UploadError("empty file")
        if len(data) > self.max_bytes:
            raise UploadTooLarge(f"larger than {self.max_bytes} bytes")
        kind = sniff_image(data[:16])
        if kind is None:
            raise UnsupportedImage("not a JPEG, PNG, WebP or GIF image")
        return await asyncio.to_thread(
            self._save, data, customer_ref, kind.extension, kind.media_type
        )

    def _save(self, data: bytes, customer_ref: str, extension: str, media_type: str) -> Upload:
        now = self._clock()
        with Session(self._engine, expire_on_commit=False) as session:
            recent = session.exec(
                select(func.count())
                .select_from(Upload)
                .where(Upload.customer_ref == customer_ref)
                .where(col(Upload.created_at) > now - timedelta(hours=1))
            ).one()
            if recent >= self.max_per_hour:
                raise TooManyUploads(f"at most {self.max_per_hour} images an hour")
            upload_id = f"img_{secrets.token_hex(12)}"
            file_name = f"{upload_id}.{extension}"
            self._write(file_name, data)
            row = Upload(
                id=upload_id,
                customer_ref=customer_ref,
                media_type=media_type,
                size=len(data),
                file_name=file_name,
                created_at=now,
            )
            session.add(row)
            try:
                session.commit()
            except Exception:
                (self.folder / file_name).unlink(missing_ok=True)  # no file without a row
                raise
            return row

    def _write(self, file_name: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(self.folder / file_name, flags, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)

    async def owned(self, upload_ids: list[str], customer_ref: str) -> list[Upload]:
        """The given uploads that exist and were sent by this customer, in the given order."""
        if not upload_ids:
            return []

        def work() -> list[Upload]:
            with Session(self._engine, expire_on_commit=False) as session:
                rows = session.exec(
                    select(Upload)
                    .where(col(Upload.id).in_(upload_ids))
                    .where(Upload.customer_ref == customer_ref)
                ).all()
            by_id = {row.id: row for row in rows}
            return [by_id[i] for i in upload_ids if i in by_id]

        return await asyncio.to_thread(work)

    async def get(self, upload_id: str) -> Upload | None:
        if not _UPLOAD_ID.fullmatch(upload_id):
            return None

        def work() -> Upload | None:
            with Session(self._engine, expire_on_commit=False) as session:
                return session.get(Upload, upload_id)

        return await asyncio.to_thread(work)

    def path_of(self, upload: Upload) -> Path:
        return self.folder / upload.file_name
