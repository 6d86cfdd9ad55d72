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

import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

# The table is shared with tests/unit/test_figures.py: tests/data/figures_table.json.
_DATA = json.loads(
    (Path(__file__).resolve().parents[1] / "tests" / "data" / "figures_table.json").read_text(encoding="utf-8")
)
# sentence, figure text, value, value_high, unit, qualifier, counted thing
TABLE: list[tuple[str, str, float, float | None, str | None, str | None, str | None]] = [
    (r["sentence"], r["text"], r["value"], r["value_high"], r["unit"], r["qualifier"], r["counts_what"])
    for r in _DATA["figures"]
]
NOT_FIGURES: list[str] = _DATA["not_figures"]


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
