"""Journey: check a person in by pointing the phone's camera at their ticket.

Chromium's fake camera plays a video of the ticket's QR code (written here as a Y4M file); the
page's scanner reads frames from it — with the browser's BarcodeDetector where it has one, otherwise
by sending a frame to the server's decoder — and the person is checked in.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from sib.core.qr import qr_png
from sib.events.emails import ticket_qr_payload
from sib.events.models import EventRole, Registration
from tests.e2e.conftest import AXE, CHROMIUM, CHROMIUM_ARGS, PHONE, login, screenshot
from tests.events.factories import (
    EventFactory,
    EventStaffFactory,
    RegistrationFactory,
    ensure_consent,
)
from tests.factories import PASSWORD, UserFactory

WIDTH, HEIGHT, FRAMES = 640, 480, 10


def ticket_video(payload: str, path: Path) -> Path:
    """A few frames of the QR code on white, as uncompressed 4:2:0 Y4M (greyscale: U = V = 128)."""
    code = Image.open(io.BytesIO(qr_png(payload))).convert("L")
    side = HEIGHT - 80
    frame = Image.new("L", (WIDTH, HEIGHT), 255)
    frame.paste(code.resize((side, side), Image.NEAREST), ((WIDTH - side) // 2, 40))
    luma = frame.tobytes()
    chroma = bytes([128]) * (WIDTH // 2) * (HEIGHT // 2)
    with path.open("wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(FRAMES):
            video.write(b"FRAME\n" + luma + chroma + chroma)
    return path


def test_staff_check_a_person_in_with_the_camera(
    playwright_driver, live_server, transactional_db, tmp_path
) -> None:  # noqa: ANN001
    if not Path(CHROMIUM).exists() or not AXE.exists():
        pytest.skip("chromium and axe-core are needed (make test installs them)")
    ensure_consent()
    event = EventFactory()
    door = UserFactory(email="door@example.org", full_name="Piotr Bramka")
    EventStaffFactory(event=event, user=door, role=EventRole.CHECK_IN)
    registration = RegistrationFactory(event=event, full_name="Halina Kowalczyk")
    video = ticket_video(ticket_qr_payload(registration), tmp_path / "ticket.y4m")
    # The session's Playwright: a second sync_playwright() cannot start in this process.
    playwright = playwright_driver
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    context = browser.new_context(viewport=PHONE, locale="en-GB", base_url=live_server.url)
    context.grant_permissions(["camera"])
    page = context.new_page()
    page.set_default_timeout(20_000)
    login(page, "door@example.org", PASSWORD)
    page.goto(f"/events/{event.pk}/check-in/")
    page.get_by_role("button", name="Scan with the camera").click()
    result = page.locator("#checkin-result")
    expect(result).to_contain_text("Halina Kowalczyk")  # the scanned ticket's holder
    result.get_by_role("button", name=re.compile("^Check in")).click()
    expect(result).to_contain_text("Checked in now")
    expect(page.locator("#checkin-counts")).to_have_text("1 of 1 checked in")
    screenshot(page, "events/checkin-camera.en.phone")
    context.close()
    browser.close()
    registration = Registration.objects.get(pk=registration.pk)
    assert registration.checked_in_at is not None and registration.checked_in_by == door
