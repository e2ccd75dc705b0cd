"""The printable plan in a real Chromium: "Save as PDF" on A4 and on Letter gives one page."""

import re

import pytest
from playwright.sync_api import expect

from routines.models import Exercise
from routines.selectors import plan_changed
from tests.e2e.journey import PLAN_NAMES, log_in

PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_pages(pdf: bytes) -> int:
    """The number of page objects in a PDF (Chromium writes them uncompressed)."""
    return len(PAGE_OBJECT.findall(pdf))


@pytest.mark.parametrize("illustrated", [False, True], ids=["text-only", "illustrated"])
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_printable_plan_is_one_page(paper, illustrated, page, make_runner):
    if illustrated:  # staff added a picture to every exercise (the files need not exist to take their room)
        Exercise.objects.update(image="exercises/illustration.png", image_alt="How the exercise looks")
        plan_changed()
    make_runner("printer@example.com")
    log_in(page, "printer@example.com")
    page.goto("/plan/print/")
    for name in PLAN_NAMES:
        expect(page.get_by_role("heading", name=re.compile(re.escape(name)))).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(4)
    expect(page.get_by_role("img", name="How the exercise looks")).to_have_count(3 if illustrated else 0)
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation")).to_have_count(0)
    expect(page.get_by_text("Back to Settings")).to_be_hidden()
    pdf = page.pdf(format=paper)
    assert pdf_pages(pdf) == 1, f"{paper}: {pdf_pages(pdf)} pages"
    # The PDF's only page has the paper's size (A4 595 × 842 pt, Letter 612 × 792 pt).
    size = {"A4": rb"/MediaBox\s*\[0 0 595[.\d]* 842[.\d]*\]", "Letter": rb"/MediaBox\s*\[0 0 612 792\]"}[paper]
    assert re.search(size, pdf), re.findall(rb"/MediaBox\s*\[[^\]]*\]", pdf)
