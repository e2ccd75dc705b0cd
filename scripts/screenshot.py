"""Take the README screenshots against a running server.

Signs up a fresh demo user through the real sign-up form, marks the first two exercises
of the day, and saves:

  OUT_DIR/screenshot-today.png     Today on a phone (390x844, the first screen)
  OUT_DIR/screenshot-player.png    the guided player on a phone, a few seconds into the last exercise
  OUT_DIR/screenshot-calendar.png  the calendar on a desktop screen (1200x900, the full page)

Usage (the server must be running, e.g. `make run`):

  .venv/bin/python scripts/screenshot.py http://127.0.0.1:8000 docs

Uses Debian's Chromium (/usr/bin/chromium), headless; it never downloads a browser.
"""

import argparse
import re
import secrets
import sys
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.e2e.chromium import LAUNCH_OPTIONS  # noqa: E402  (the same browser as the tests)

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1200, "height": 900}}
MARK_DONE = re.compile(r"^Mark done: .+$")  # each button is labelled "Mark done: <exercise>"


def sign_up(page: Page, email: str, password: str) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password (again)").fill(password)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_test_id("progress")).to_be_visible()


def mark_first_exercises(page: Page, count: int) -> None:
    for done in range(1, count + 1):
        page.get_by_role("button", name=MARK_DONE).first.click()
        expect(page.get_by_test_id("progress")).to_contain_text(f"{done} of")


def settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    # The script moves focus to the card just marked; a focus ring in a README image
    # would only look like a glitch.
    page.evaluate("document.activeElement && document.activeElement.blur()")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", help="the running server, e.g. http://127.0.0.1:8000")
    parser.add_argument("out_dir", type=Path, help="where the PNG files go, e.g. docs")
    parser.add_argument("--timezone", default="Europe/London", help="the demo browser's time zone")
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)

    email = f"demo-{secrets.token_hex(4)}@example.com"
    password = f"ankles-{secrets.token_urlsafe(12)}"
    context_args = {"base_url": args.base_url.rstrip("/"), "timezone_id": args.timezone, "locale": "en-GB"}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**LAUNCH_OPTIONS)
        try:
            phone = browser.new_context(**context_args, **PHONE)
            page = phone.new_page()
            sign_up(page, email, password)
            mark_first_exercises(page, 2)
            # Load Today afresh, as on any later visit: the sign-up notices are gone.
            page.reload()
            settle(page)
            today_png = args.out_dir / "screenshot-today.png"
            page.screenshot(path=today_png)  # what a phone shows without scrolling

            # The player on its own clock: start the session, then move time on 14 s.
            page.clock.install()
            page.goto("/session/")
            page.get_by_role("button", name="Start the session").click()
            page.clock.run_for(14_000)
            settle(page)
            player_png = args.out_dir / "screenshot-player.png"
            page.screenshot(path=player_png)

            # The same signed-in session on a desktop-sized screen.
            desktop = browser.new_context(**context_args, **DESKTOP, storage_state=phone.storage_state())
            page = desktop.new_page()
            page.goto("/calendar/")
            settle(page)
            calendar_png = args.out_dir / "screenshot-calendar.png"
            page.screenshot(path=calendar_png, full_page=True)  # the whole month grid
        finally:
            browser.close()

    print(f"Signed up {email}; saved {today_png}, {player_png} and {calendar_png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
