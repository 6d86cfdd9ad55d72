"""Figures on a table of invented sentences: per-field accuracy and every miss.

Covers scale words, thousands separators, percentages ("%", "per cent",
percentage points), currencies (symbols, codes, words), ranges ("20 to 30",
"20-30", "between 20 and 30"), approximations ("more than", "at least",
"nearly", "about", "up to"), fractions ("nearly half") and bare changes
("production fell 9.1 per cent"). All sentences are written for this table.
A row passes a field when the figure with the expected text has the expected
value (within 1e-6 relative), upper bound, unit, qualifier, and when the
expected counted thing is contained in ``counts_what`` (None = not checked).

Run: python benchmarks/figures_table.py
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

# sentence, figure text, value, value_high, unit, qualifier, counted thing
TABLE: list[tuple[str, str, float, float | None, str | None, str | None, str | None]] = [
    ("The navy fired 80 missiles overnight.", "80", 80, None, None, None, "missiles"),
    (
        "About 1.2 million people fled the valley.",
        "About 1.2 million",
        1.2e6,
        None,
        None,
        "about",
        "people",
    ),
    ("Some 30,000 soldiers crossed the river.", "Some 30,000", 3e4, None, None, "some", "soldiers"),
    ("The survey found 86.6% support for the reform.", "86.6%", 86.6, None, "%", None, "support"),
    ("The fund pledged $4.5 billion in aid.", "$4.5 billion", 4.5e9, None, "$", None, "aid"),
    (
        "Between 20 and 30 villagers were injured.",
        "Between 20 and 30",
        20,
        30,
        None,
        None,
        "villagers",
    ),
    ("Officials expect 20 to 30 trucks a day.", "20 to 30", 20, 30, None, None, "trucks"),
    ("More than 80 schools stayed closed.", "More than 80", 80, None, None, "more than", "schools"),
    (
        "At least 800 workers lost their jobs.",
        "At least 800",
        800,
        None,
        None,
        "at least",
        "workers",
    ),
    ("Nearly half of the residents voted.", "Nearly half", 50, None, "%", "nearly", "residents"),
    ("Turnout rose to 62 per cent of voters.", "62 per cent", 62, None, "%", None, "voters"),
    (
        "Approval fell by three percentage points.",
        "three percentage points",
        3,
        None,
        "percentage points",
        None,
        "Approval",
    ),
    ("The club spent £12m on new players.", "£12m", 12e6, None, "GBP", None, None),
    ("The company lost €2.3bn last year.", "€2.3bn", 2.3e9, None, "EUR", None, None),
    ("Up to 5,000 homes lost power.", "Up to 5,000", 5000, None, None, "up to", "homes"),
    ("Prices were 15-20% higher than usual.", "15-20%", 15, 20, "%", None, None),
    ("Rescuers walked 12 km to reach a dozen hikers.", "12 km", 12, None, "km", None, None),
    ("Rescuers walked 12 km to reach a dozen hikers.", "a dozen", 12, None, None, None, "hikers"),
    (
        "Roughly 2,500 tonnes of grain were shipped.",
        "Roughly 2,500 tonnes",
        2500,
        None,
        "t",
        "roughly",
        None,
    ),
    ("The deal is worth US$3bn to the miner.", "US$3bn", 3e9, None, "USD", None, None),
    (
        "Fewer than 40 applicants passed the test.",
        "Fewer than 40",
        40,
        None,
        None,
        "fewer than",
        "applicants",
    ),
    (
        "Almost 70 per cent of nurses backed the strike.",
        "Almost 70 per cent",
        70,
        None,
        "%",
        "almost",
        "nurses",
    ),
    ("The city hired twenty-five inspectors.", "twenty-five", 25, None, None, None, "inspectors"),
    (
        "Car production fell 9.1 per cent to 1.5 million units.",
        "9.1 per cent",
        9.1,
        None,
        "%",
        None,
        "production",
    ),
    (
        "Car production fell 9.1 per cent to 1.5 million units.",
        "1.5 million",
        1.5e6,
        None,
        None,
        None,
        "units",
    ),
    (
        "The storm left 3 million households without heat.",
        "3 million",
        3e6,
        None,
        None,
        None,
        "households",
    ),
    (
        "Ticket sales reached 7.5 million dollars.",
        "7.5 million dollars",
        7.5e6,
        None,
        "$",
        None,
        None,
    ),
    (
        "As many as 600 firefighters fought the blaze.",
        "As many as 600",
        600,
        None,
        None,
        "as many as",
        "firefighters",
    ),
    ("The bridge carries 40,000 vehicles a day.", "40,000", 4e4, None, None, None, "vehicles"),
    (
        "Nearly a third of the budget went to roads.",
        "Nearly a third",
        100 / 3,
        None,
        "%",
        "nearly",
        "budget",
    ),
]
# Numbers that are not figures (years, dates, times, ordinals, identifiers).
NOT_FIGURES = [
    "The plant opened in 1998 and closed on Jan. 30, 2017.",
    "Leaders of the G7 met at 3:30 in School District No. 23.",
    "The 25-year-old driver finished 3rd.",
    "COVID-19 cases were reported.",
]


def main() -> None:
    from newstrace.claims import extract_figures

    fields = ["found", "value", "high", "unit", "qualifier", "counts_what"]
    ok = dict.fromkeys(fields, 0)
    misses: list[str] = []
    for sent, ftext, value, high, unit, qual, what in TABLE:
        figs = {f.text: f for f in extract_figures(sent)}
        f = figs.get(ftext)
        if f is None:
            misses.append(f"NOT FOUND {ftext!r} in {sent!r} (got {list(figs)})")
            continue
        ok["found"] += 1
        checks = {
            "value": math.isclose(f.value, value, rel_tol=1e-6),
            "high": (f.value_high is None and high is None)
            or (
                f.value_high is not None
                and high is not None
                and math.isclose(f.value_high, high, rel_tol=1e-6)
            ),
            "unit": f.unit == unit,
            "qualifier": f.qualifier == qual,
            "counts_what": what is None or (f.counts_what is not None and what in f.counts_what),
        }
        for k, v in checks.items():
            ok[k] += v
            if not v:
                got = {
                    "value": f.value,
                    "high": f.value_high,
                    "unit": f.unit,
                    "qualifier": f.qualifier,
                    "counts_what": f.counts_what,
                }[k]
                misses.append(f"{k}: {sent!r} {ftext!r} got {got!r}")
    false_pos = [(s, [f.text for f in extract_figures(s)]) for s in NOT_FIGURES]
    n = len(TABLE)
    print(f"Figures table: {n} invented figures, {len(NOT_FIGURES)} sentences without figures")
    print(f"{'field':<14}{'accuracy':>10}")
    for k in fields:
        print(f"{k:<14}{ok[k] / n:>10.3f}")
    print(
        f"{'non-figures':<14}{sum(not fs for _, fs in false_pos) / len(false_pos):>10.3f}  (sentences with no false figure)"
    )
    print(
        "(no published anchor; quantulum3 could not be run as a baseline here: its pickled classifier does not load with the installed scikit-learn)"
    )
    for m in misses:
        print("  " + m)
    for s, fs in false_pos:
        if fs:
            print(f"  FALSE FIGURES {fs} in {s!r}")


if __name__ == "__main__":
    main()
