"""The illustrations drawn for the seeded exercises, and their descriptions.

Each is an SVG template (templates/routines/illustrations/<slug>.svg) drawn in
`currentColor` and the stylesheet's colours, so it stays crisp in light and dark mode.
An image staff upload in the admin takes its place.
"""

ALT_TEXT = {
    "closed-chain-dorsiflexion": (
        "Side view, start and end. Start: standing with the working foot flat. "
        "End: the knee has moved forward past the toes while the heel stays on the floor."
    ),
    "runners-position-calf-raise": (
        "Side view, start and end. The front foot stands on a box and the back foot rests on its toes "
        "on the floor behind. End: the runner has risen up onto the front toe; an arrow points up."
    ),
    "eccentric-heel-raise": (
        "Side view, start and end. Start: up on the toes on the edge of a step. "
        "End: the heel has lowered slowly below the step on one foot, the other foot lifted; "
        "an arrow points down, marked 3 seconds."
    ),
}


def drawn_for(slug: str) -> str | None:
    """The template of the illustration drawn for `slug`, if there is one."""
    return f"routines/illustrations/{slug}.svg" if slug in ALT_TEXT else None
