"""The widget's 📷 button: a photo is uploaded, then named in a message; a bad file is refused."""

from __future__ import annotations

from playwright.async_api import Page, expect

from tests.pages.widget import Widget
from tests.server import LiveServer

PNG = b"\x89PNG\r\n\x1a\n" + bytes(300)


async def test_a_photo_is_uploaded_and_sent_as_a_message(page: Page, live_server: LiveServer):
    await page.goto(live_server.http_url + "/")
    widget = Widget(page)
    await widget.open()
    await widget.connected()
    await page.get_by_test_id("xgcs-photo-input").set_input_files(
        files=[{"name": "坏果.png", "mimeType": "image/png", "buffer": PNG}]
    )
    sent = widget.by("shopper").last
    await expect(sent).to_contain_text("[image:img_")
    await expect(sent).not_to_have_attribute("data-state", "pending")
    assert list((live_server.data_dir / "uploads").glob("img_*.png"))


async def test_a_file_that_is_not_an_image_shows_why(page: Page, live_server: LiveServer):
    await page.goto(live_server.http_url + "/")
    widget = Widget(page)
    await widget.open()
    await widget.connected()
    await page.get_by_test_id("xgcs-photo-input").set_input_files(
        files=[{"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": b"<?php echo 1; ?>"}]
    )
    await expect(widget.error).to_contain_text("JPG")
    await expect(widget.by("shopper")).to_have_count(0)
