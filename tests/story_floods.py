"""Invented flood reports for the story tests: two events of the same kind (no tests here)."""

from __future__ import annotations

from newstrace.types import Article

FLOOD = (
    "Floods hit the river town of {town} on {day} after three days of rain, forcing "
    "{n} families from their homes. Mayor {mayor} said the {river} river rose {m} metres "
    "overnight and volunteers from the {club} piled sandbags along the embankment. "
    "Emergency services evacuated the flooded district and opened shelters in schools."
)
EVENTS = [
    dict(town="Ostrava Nova", mayor="Pavel Dumont", river="Selka", club="Ostrava Rowing Club"),
    dict(town="Lindemark", mayor="Greta Holmqvist", river="Varn", club="Lindemark Scouts"),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def floods() -> list[Article]:
    """Two flood events of the same kind: six reports each, only who/where differ."""
    arts = []
    for e, ev in enumerate(EVENTS):
        for k in range(6):
            text = FLOOD.format(day=DAYS[k], n=40 + 7 * k + 100 * e, m=2 + k % 3, **ev)
            arts.append(Article(id=f"e{e}-{k}", text=text, title=f"{ev['town']} flood: day {k + 1}"))
    return arts
