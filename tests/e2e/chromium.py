"""How the browser tests and the screenshot script launch Debian's Chromium.

Never a downloaded browser; the flags keep it from reaching for the network, which is
closed here (background updates, sync, component downloads).
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LAUNCH_OPTIONS = {"executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}
