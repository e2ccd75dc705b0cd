"""Render the app icons (PNG) from the icon's SVG design with Debian's Chromium.

    .venv/bin/python scripts/make_icons.py

Writes static/icons/icon-192.png, icon-512.png (the rounded icon) and maskable-192.png,
maskable-512.png (full-bleed background, the foot inside the central safe zone, for
launchers that cut their own shape). The PNGs are committed; rerun after changing icon.svg.
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.e2e.chromium import LAUNCH_OPTIONS  # noqa: E402

ICONS = ROOT / "static" / "icons"


def maskable(svg: str) -> str:
    """Square corners, and the drawing scaled to 70% about the centre (safe zone: 80%)."""
    background = re.search(r'fill="(#[0-9a-fA-F]{3,6})"', svg).group(1)
    paths = "".join(re.findall(r"<path[^>]*/>", svg))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" fill="{background}"/>'
        f'<g transform="translate(9.6 9.6) scale(0.7)">{paths}</g></svg>'
    )


def main() -> None:
    svg = (ICONS / "icon.svg").read_text()
    designs = {"icon": svg, "maskable": maskable(svg)}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**LAUNCH_OPTIONS)
        for size in (192, 512):
            page = browser.new_page(viewport={"width": size, "height": size})
            for name, design in designs.items():
                sized = design.replace("<svg ", f'<svg width="{size}" height="{size}" ', 1)
                page.set_content(f"<style>html,body{{margin:0;background:transparent}}</style>{sized}")
                page.screenshot(path=ICONS / f"{name}-{size}.png", omit_background=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
