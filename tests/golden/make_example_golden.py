"""Regenerate ``example_golden.json``: the example corpus's edges, passages, spins and stories.

Run ``python tests/golden/make_example_golden.py`` after an intended change in alignment,
direction or clustering, read the diff, and commit it with the change that caused it.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
GOLDEN = HERE / "example_golden.json"


def snapshot(db: Path) -> dict[str, Any]:
    """What the golden file pins, keyed by outlet + title (stable, readable) rather than ids."""
    from newstrace.store import open_store
    from newstrace.store.export import export_records

    with open_store(db, readonly=True) as store:
        arts = {a["id"]: f"{a['outlet']}: {a['title']}" for a in export_records(store, "articles")}
        edges = []
        for p in export_records(store, "pairs"):
            edges.append({
                "source": arts[p["source"]["id"]],
                "derived": arts[p["derived"]["id"]],
                "kind": p["kind"],
                "direction_known": p["direction_known"],
                "passages": [
                    [x["source_start"], x["source_end"], x["derived_start"], x["derived_end"]] for x in p["passages"]
                ],
                "substitutions": len(p["substitutions"]),
            })
        spins = {}
        for s in export_records(store, "spins"):
            spins.setdefault(arts[s["article_id"]], 0)
            spins[arts[s["article_id"]]] += 1
        stories = sorted(
            sorted(arts[m["id"]] for m in s["members"]) for s in export_records(store, "stories")
        )
    edges.sort(key=lambda e: (e["source"], e["derived"]))
    return {"edges": edges, "spun_spans": dict(sorted(spins.items())), "stories": stories}


def main() -> None:
    sys.path.insert(0, str(REPO / "src"))
    from click.testing import CliRunner

    from newstrace.cli import main as cli

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "example.db"
        res = CliRunner().invoke(
            cli, ["analyze", "-q", "--db", str(db), "--processes", "1", str(REPO / "examples" / "corpus")]
        )
        if res.exit_code != 0:
            raise SystemExit(res.output)
        GOLDEN.write_text(json.dumps(snapshot(db), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    main()
