"""One row per stored upload: who sent it and where its bytes are."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class Upload(SQLModel, table=True):
    __tablename__ = "upload"

    id: str = Field(primary_key=True, max_length=40)  # "img_" + random, also the file name
    customer_ref: str = Field(index=True, max_length=160)
    media_type: str = Field(max_length=40)
    size: int
    file_name: str = Field(max_length=80)  # inside the uploads folder; never the client's name
    created_at: datetime
