"""How the report and the web app hold up on a large story (200 articles, 2,000 edges).

Builds an invented store (seeded random articles of ~2,500 characters; edges with
1-3 passages and a few swaps each), then measures:

- the static report: render time, file size, and in headless Chromium the time to
  DOMContentLoaded / load, and to open one side-by-side view (clone its <template>);
- the web app (uvicorn on 127.0.0.1, a free port): the story page's server time and
  size, and its load time in Chromium; a pair page's load time.

The issue asks that such stories "stay usable" and that the figures be noted; there is
no published anchor for this. Run: ``python benchmarks/report_scale.py [--articles 200
--edges 2000]``. Needs /usr/bin/chromium and playwright for the browser columns.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newstrace.report import write_report  # noqa: E402
from newstrace.report.config import ReportConfig  # noqa: E402
from newstrace.store import open_store  # noqa: E402
from newstrace.store.articles import add_articles  # noqa: E402
from newstrace.store.findings import save_spin  # noqa: E402
from newstrace.store.reuse import save_edge  # noqa: E402
from newstrace.store.stories import save_stories  # noqa: E402
from newstrace.types import AlignedPassage, Article, ReuseEdge, SpinFinding, Story, Substitution  # noqa: E402

WORDS = (  # noqa: SIM905
    "council bridge river harbour vote repairs cables city mayor traffic ferry road budget engineers week "
    "month closure report officials said would could residents commuters inspection steel northern southern "
    "department transport plan cost million dollars public safety meeting statement local regional agency"
).split()
KINDS = ("verbatim", "near_duplicate", "partial", "paraphrase", "spun", "translation")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def make_text(rng: random.Random, n_chars: int) -> str:
    out: list[str] = []
    size = 0
    while size < n_chars:
        sent = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 22))).capitalize() + "."
        out.append(sent)
        size += len(sent) + 1
        if rng.random() < 0.2:
            out.append("\n\n")
    return " ".join(out)


def build(path: Path, n_articles: int, n_edges: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    arts = [
        Article(f"a{i:05d}x", make_text(rng, 2500), f"Bridge story version {i}", f"Outlet {i % 40}",
                f"https://outlet{i % 40}.example/{i}", f"2026-03-{1 + i // 48:02d}T{(i % 24):02d}:{i % 60:02d}:00+00:00", "en")
        for i in range(n_articles)
    ]
    store = open_store(path)
    add_articles(store, arts)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < n_edges:
        i, j = sorted(rng.sample(range(n_articles), 2))
        pairs.add((i, j))
    with store.transaction():
        for i, j in sorted(pairs):
            a, b = arts[i], arts[j]
            passages = []
            subs = []
            for _ in range(rng.randint(1, 3)):
                ln = rng.randint(100, 600)
                s0 = rng.randrange(0, len(a.text) - ln)
                d0 = rng.randrange(0, len(b.text) - ln)
                passages.append(AlignedPassage(s0, s0 + ln, d0, d0 + ln, rng.choice(KINDS), rng.random()))
                for _ in range(rng.randint(0, 3)):
                    k = rng.randrange(0, ln - 10)
                    subs.append(Substitution(s0 + k, s0 + k + 5, d0 + k, d0 + k + 5, a.text[s0 + k:s0 + k + 5],
                                             b.text[d0 + k:d0 + k + 5]))
            cov = sum(p.b_end - p.b_start for p in passages) / len(b.text)
            save_edge(store, ReuseEdge(a.id, b.id, rng.choice(KINDS), cov, cov, rng.random(), ("earlier",),
                                       tuple(passages), tuple(sorted(subs, key=lambda s: s.b_start)),
                                       direction_known=rng.random() < 0.8), ["benchmark"])
        for a in arts[::5]:
            save_spin(store, a.id, 0.7, True, [SpinFinding(a.id, 10, 20, a.text[10:20], "original", (), 0.5)])
        save_stories(store, [Story("bigstory", tuple(a.id for a in arts), "A very large story", arts[0].published,
                                   arts[-1].published, 3)])
    store.close()
    return "bigstory"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def browser_times(url: str, open_pair: bool, repeat: int = 3) -> dict[str, float]:
    """Best of ``repeat`` fresh page loads (the machine is shared: the minimum is the least noisy)."""
    from playwright.sync_api import sync_playwright

    best: dict[str, float] = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for _ in range(repeat):
            ctx = b.new_context(viewport={"width": 1400, "height": 900})
            pg = ctx.new_page()
            t0 = time.perf_counter()
            pg.goto(url, wait_until="load", timeout=120_000)
            wall = time.perf_counter() - t0
            nav = pg.evaluate(
                "() => { const n = performance.getEntriesByType('navigation')[0];"
                " return [n.domContentLoadedEventEnd, n.loadEventEnd]; }"
            )
            out = {"wall_load_s": wall, "dcl_s": nav[0] / 1000, "load_s": nav[1] / 1000}
            if open_pair:
                link = pg.locator("a.pair-link").first
                t1 = time.perf_counter()
                link.click()
                pg.wait_for_selector(".pairhost .pair .atext span")
                out["open_pair_s"] = time.perf_counter() - t1
            for k, v in out.items():
                best[k] = min(best.get(k, v), v)
            ctx.close()
        b.close()
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--edges", type=int, default=2000)
    args = ap.parse_args()
    have_browser = Path("/usr/bin/chromium").exists()
    try:
        import playwright  # noqa: F401
    except ImportError:
        have_browser = False
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "big.db"
        t = time.perf_counter()
        sid = build(db, args.articles, args.edges)
        print(f"store: {args.articles} articles, {args.edges} edges in one story, built in {time.perf_counter() - t:.1f} s")
        rows = []
        for label, cfg in (("report, every pair view", ReportConfig()),
                           ("report, 300 strongest pair views", ReportConfig(max_pair_views_per_story=300))):
            out = Path(tmp) / "report.html"
            with open_store(db, readonly=True) as store:
                t = time.perf_counter()
                write_report(store, out, cfg=cfg)
                render = time.perf_counter() - t
            size = out.stat().st_size / 1e6
            bt = browser_times(out.as_uri(), True) if have_browser else {}
            rows.append((label, render, size, bt))
        import uvicorn

        from newstrace.web import create_app

        port = free_port()
        srv = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
        th = threading.Thread(target=srv.run, daemon=True)
        th.start()
        for _ in range(200):
            if srv.started:
                break
            time.sleep(0.05)
        import httpx

        base = f"http://127.0.0.1:{port}"
        with open_store(db, readonly=True) as store:
            e = store.execute("SELECT source_id, derived_id FROM reuse_edges ORDER BY score DESC LIMIT 1").fetchone()
        for label, path in (("app story page", f"/stories/{sid}"), ("app story JSON", f"/stories/{sid}.json"),
                            ("app pair page", f"/pairs/{e[0]}/{e[1]}")):
            t = time.perf_counter()
            r = httpx.get(base + path, timeout=120)
            server_s = time.perf_counter() - t
            r.raise_for_status()
            bt = browser_times(base + path, False) if have_browser and not path.endswith(".json") else {}
            rows.append((label, server_s, len(r.content) / 1e6, bt))
        srv.should_exit = True
        th.join(timeout=10)
    print()
    print("browser columns: best of 3 loads; load average at start", " ".join(f"{x:.1f}" for x in os.getloadavg()))
    print(f"{'view':36} {'server/render s':>15} {'size MB':>8} {'DOMContentLoaded s':>18} {'load s':>7} {'open pair s':>11}")
    for label, secs, size, bt in rows:
        def f(k: str, bt: dict[str, float] = bt) -> str:
            return f"{bt[k]:.2f}" if k in bt else "-"
        print(f"{label:36} {secs:15.2f} {size:8.2f} {f('dcl_s'):>18} {f('load_s'):>7} {f('open_pair_s'):>11}")
    print("\nanchor: none published; the issue asks that a 200-article, 2,000-edge story stay usable.")


if __name__ == "__main__":
    main()
