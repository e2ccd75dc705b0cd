"""The installable app in Chromium: installability, Today offline, a mark made offline that
reaches the server once when the connection returns, and a pushed reminder shown."""

import datetime as dt
import json
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.e2e.chromium import LAUNCH_OPTIONS
from tests.e2e.journey import BROWSER_TIMEZONE, NOW, PLAN_NAMES, local_today, log_in, log_out
from tracking.models import Completion

EMAIL = "installer@example.com"
# What goes through the service worker (IndexedDB, messages, replays) may take a while on a busy machine.
SW_TIMEOUT = 20_000


def wait_until(page, check, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        page.wait_for_timeout(100)  # lets Playwright deliver the browser's events meanwhile
    assert check()


def wait_for_worker(page) -> None:
    """Until the service worker controls the page and has kept a copy of it.

    (page.evaluate, not wait_for_function: the page's CSP forbids the eval that polling uses.)
    """
    wait_until(page, lambda: page.evaluate("() => navigator.serviceWorker.controller !== null"))
    kept = "() => caches.open('ankles-pages-1').then(c => c.match(location.href)).then(hit => !!hit)"
    wait_until(page, lambda: page.evaluate(kept))


@pytest.fixture
def profile_page(browser_type, base_url, tmp_path):
    """A page in an ordinary browser profile: Chromium never offers to install from an
    off-the-record one (Playwright's usual contexts), whatever the site does."""
    context = browser_type.launch_persistent_context(tmp_path / "profile", base_url=base_url, **LAUNCH_OPTIONS)
    yield context.pages[0] if context.pages else context.new_page()
    context.close()


def test_chromium_finds_the_app_installable(profile_page, make_runner):
    page = profile_page
    make_runner(EMAIL)
    log_in(page, EMAIL)
    wait_for_worker(page)
    session = page.context.new_cdp_session(page)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == []
    manifest = session.send("Page.getAppManifest")
    assert manifest["errors"] == []
    assert json.loads(manifest["data"])["display"] == "standalone"


def signed_in_then_offline_on_today(page, context, make_runner):
    """A runner signed in while online (the worker has kept Today), now offline on Today."""
    runner = make_runner(EMAIL)
    log_in(page, EMAIL)
    wait_for_worker(page)
    context.set_offline(True)
    page.goto("/")
    return runner


def mark_first_offline(page) -> str:
    first = PLAN_NAMES[0]
    page.get_by_role("button", name=f"Mark done: {first}").click()
    expect(page.get_by_role("alert")).to_contain_text("saved on this device", timeout=SW_TIMEOUT)
    expect(page.locator("[data-offline-banner]")).to_contain_text("1 change is waiting to be sent", timeout=SW_TIMEOUT)
    return first


def test_today_opens_offline_and_a_mark_made_offline_is_saved_once_when_back(page, context, make_runner):
    runner = signed_in_then_offline_on_today(page, context, make_runner)
    today = local_today(BROWSER_TIMEZONE)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{today:%A} {today.day} {today:%B %Y}")
    expect(page.locator("[data-offline-banner]")).to_contain_text("You are offline")
    expect(page.get_by_test_id("progress")).to_have_text("0 of 3 done")

    first = mark_first_offline(page)
    assert not Completion.objects.filter(user=runner).exists()

    context.set_offline(False)
    expect(page.locator("[data-offline-banner]")).to_contain_text("1 change made offline was saved", timeout=SW_TIMEOUT)
    expect(page.get_by_role("button", name=f"Undo {first}")).to_be_visible()
    assert Completion.objects.filter(user=runner).count() == 1

    # Back online, reloading replays nothing again.
    page.reload()
    expect(page.get_by_role("button", name=f"Undo {first}")).to_be_visible()
    time.sleep(1)
    assert Completion.objects.filter(user=runner).count() == 1


def test_a_replay_the_server_does_not_answer_is_tried_again_while_the_page_is_open(page, context, make_runner):
    runner = signed_in_then_offline_on_today(page, context, make_runner)
    mark_first_offline(page)

    # Back online, but the first attempt to send it fails (the network is not really up yet).
    attempts = []

    def first_fails(route):
        attempts.append(route.request.url)
        if len(attempts) == 1:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    context.route("**/track/mark/", first_fails)
    context.set_offline(False)
    expect(page.locator("[data-offline-banner]")).to_contain_text("1 change made offline was saved", timeout=SW_TIMEOUT)
    assert len(attempts) >= 2
    assert Completion.objects.filter(user=runner).count() == 1


def test_a_mark_whose_day_closed_while_offline_gets_a_clear_message(page, context, make_runner, time_machine):
    runner = signed_in_then_offline_on_today(page, context, make_runner)
    mark_first_offline(page)

    # The device stays offline for more than the late-logging window.
    time_machine.move_to(NOW + dt.timedelta(days=9), tick=True)
    context.set_offline(False)
    banner = page.locator("[data-offline-banner]")
    expect(banner).to_contain_text("was not saved", timeout=SW_TIMEOUT)
    expect(banner).to_contain_text("up to 7 days back")
    assert not Completion.objects.filter(user=runner).exists()


def test_logging_out_forgets_the_saved_pages(page, context, make_runner):
    make_runner(EMAIL)
    log_in(page, EMAIL)
    wait_for_worker(page)
    log_out(page)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")).to_be_visible(
        timeout=SW_TIMEOUT
    )
    # Whatever the device keeps now (the public landing page, static files) is no one's data.
    pages = page.evaluate(
        """() => caches.keys()
             .then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys()))))
             .then(lists => Promise.all(lists.flat().filter(r => !r.url.includes('/static/'))
               .map(r => caches.match(r).then(hit => hit.text()))))"""
    )
    assert not any(EMAIL in text or "Log out" in text for text in pages)
    context.set_offline(True)
    try:
        page.goto("/")
    except PlaywrightError:
        pass  # the worker was cleared too and its successor keeps nothing yet: the browser's offline page
    expect(page.get_by_test_id("progress")).to_have_count(0)
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


@pytest.fixture
def notifications(context, base_url):
    context.grant_permissions(["notifications"], origin=base_url)


def test_the_service_worker_shows_a_pushed_reminder(page, base_url, make_runner, notifications):
    make_runner(EMAIL)
    log_in(page, EMAIL)
    wait_for_worker(page)
    session = page.context.new_cdp_session(page)
    # The latest state of each registration, and which ones have an activated worker. (Logging
    # in cleared the login page's registration: only the live one can receive the push.)
    registrations: dict[str, dict] = {}
    activated: set[str] = set()

    def registration_updated(event):
        registrations.update({r["registrationId"]: r for r in event["registrations"]})

    def version_updated(event):
        activated.update(v["registrationId"] for v in event["versions"] if v["status"] == "activated")

    session.on("ServiceWorker.workerRegistrationUpdated", registration_updated)
    session.on("ServiceWorker.workerVersionUpdated", version_updated)
    session.send("ServiceWorker.enable")

    def live():
        return [key for key, r in registrations.items() if not r["isDeleted"] and key in activated]

    wait_until(page, lambda: bool(live()))
    registration = registrations[max(live(), key=int)]
    payload = {
        "title": "Time for your ankles",
        "body": "Today: three exercises.",
        "url": "/",
        "icon": "/apple-touch-icon.png",
    }
    session.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": base_url + "/", "registrationId": registration["registrationId"], "data": json.dumps(payload)},
    )
    notifications_now = """() => navigator.serviceWorker.ready
        .then(r => r.getNotifications())
        .then(list => list.map(n => ({title: n.title, body: n.body, icon: n.icon, url: n.data.url})))"""
    wait_until(page, lambda: page.evaluate(notifications_now))
    shown = page.evaluate(notifications_now)
    assert shown == [
        {
            "title": "Time for your ankles",
            "body": "Today: three exercises.",
            "icon": base_url + "/apple-touch-icon.png",
            "url": "/",
        }
    ]
