"""A small invented store for the report and web-app tests.

Story "bridge": a wire report and three outlets' versions of it (a verbatim copy,
a machine-spun copy with word swaps, a partial rewrite), with quotes, figures that
disagree and a claim comparison with variants. Story "payload": two articles whose
title, outlet, URL, text, story label, claims and provenance carry HTML/JS payloads
(each would set ``window.__pwned`` if it ran), plus a carriage return and emoji in
the text to check that offsets survive the trip to the browser.

Every offset below is computed from the texts (``str.index``), never typed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newstrace.store import Store, open_store
from newstrace.store.articles import add_articles
from newstrace.store.findings import save_figures, save_quotes, save_spin, save_story_claims
from newstrace.store.reuse import save_edge
from newstrace.store.stories import save_stories
from newstrace.types import (
    AlignedPassage,
    Article,
    Figure,
    Quote,
    ReuseEdge,
    SpinFinding,
    Story,
    Substitution,
)

WIRE = (
    "RIVERTON, March 2 (Northwind) - The Riverton city council voted on Monday to close the old harbour "
    "bridge for eight months of repairs, after inspectors found corrosion in 14 of its steel cables.\n\n"
    "\"We cannot keep a bridge open that might not be safe,\" Mayor Elena Sandoval told reporters after "
    "the vote. \"The repairs will start in April.\"\n\n"
    "The closure will divert about 30,000 vehicles a day onto the northern ring road, the transport "
    "department said. Ferry services will run every 20 minutes during the works.\n\n"
    "Engineers estimate the repairs will cost 42 million dollars."
)
PARA = WIRE.split("\n\n")

VERBATIM_PREFIX = "By Ledger staff\n\n"
VERBATIM = VERBATIM_PREFIX + WIRE + "\n\n(Reporting by Northwind Press Agency)"

SWAPS = [
    ("city council", "metropolis board"),
    ("close", "shut"),
    ("harbour bridge", "port overpass"),
    ("corrosion", "rust"),
    ("might not", "may not"),
    ("divert", "redirect"),
    ("transport department", "conveyance division"),
]

PARTIAL = (
    "Commuters in Riverton face months of detours: the harbour bridge shuts in April for repairs.\n\n"
    + PARA[1]
    + "\n\nSome 35,000 vehicles a day use the bridge, according to city figures. Repairs are expected "
    "to cost about 45 million dollars, officials said."
)

PAYLOAD_TEXT = (
    "Breaking: <script>window.__pwned=4;document.title='pwned'</script> the river "
    "<b onmouseover=\"window.__pwned=5\">rose</b> overnight.\r\n"
    "\"</div><img src=x onerror=window.__pwned=6> stay home\" said the chief. "
    "Emoji \U0001f30a tide \U0001f30a ends. javascript:window.__pwned=10"
)
PAYLOAD_COPY = "Reposted: " + PAYLOAD_TEXT + " More <iframe src=javascript:window.__pwned=11></iframe> later."


@dataclass
class Fixture:
    path: Path
    ids: dict[str, str]
    edges: dict[str, ReuseEdge]
    stories: dict[str, str]
    texts: dict[str, str] = field(default_factory=dict)


def spin_text(source: str, swaps: list[tuple[str, str]]) -> tuple[str, list[Substitution]]:
    """Apply word swaps in order (first occurrence after the previous one); return text and swaps."""
    out: list[str] = []
    subs: list[Substitution] = []
    pos = 0
    dpos = 0
    for old, new in swaps:
        i = source.index(old, pos)
        out.append(source[pos:i])
        dpos += i - pos
        subs.append(Substitution(i, i + len(old), dpos, dpos + len(new), old, new))
        out.append(new)
        dpos += len(new)
        pos = i + len(old)
    out.append(source[pos:])
    return "".join(out), subs


def _q(aid: str, text: str, quote: str, speaker: str, cue: str = "told") -> Quote:
    s = text.index(quote)
    sp = text.find(speaker)
    return Quote(aid, s, s + len(quote), quote, speaker, (sp, sp + len(speaker)) if sp >= 0 else None, cue, True,
                 speaker_resolved="Elena Sandoval", role="Mayor")


def _f(aid: str, text: str, phrase: str, value: float, unit: str | None, what: str) -> Figure:
    s = text.index(phrase)
    return Figure(aid, s, s + len(phrase), value, unit, what, text=phrase)


def build_store(path: Path) -> Fixture:
    """Write the invented store at ``path`` and return what a test needs to check it."""
    spun_text, subs = spin_text(WIRE, SWAPS)
    p0_end = len(PARA[0])
    p2_start = WIRE.index(PARA[2])

    def shifted(offset: int) -> int:
        """Where a WIRE offset (outside any swap) lands in the spun text."""
        return offset + sum(len(b.b_text) - len(b.a_text) for b in subs if b.a_end <= offset)

    arts = {
        "wire": Article("w" * 4 + "1111aaaa", WIRE, "Riverton to close harbour bridge for repairs", "Northwind Press Agency",
                        "https://northwind.example/riverton-bridge", "2026-03-02T08:00:00+00:00", "en"),
        "verbatim": Article("b" * 4 + "2222bbbb", VERBATIM, "Harbour bridge to close for eight months", "Daily Ledger",
                            "http://ledger.example/bridge", "2026-03-02T09:30:00+00:00", "en",
                            credits=("Northwind Press Agency",)),
        "spun": Article("c" * 4 + "3333cccc", spun_text, "Port overpass to shut", "Quick News Hub",
                        "https://quick.example/p/1", "2026-03-02T13:05:00+00:00", "en"),
        "partial": Article("d" * 4 + "4444dddd", PARTIAL, "Months of detours ahead for Riverton commuters", "Valley Times",
                           None, "2026-03-03T07:15:00+00:00", "en"),
        "evil": Article("e" * 4 + "5555eeee", PAYLOAD_TEXT, "<script>window.__pwned=1</script>Evil title",
                        "<img src=x onerror=\"window.__pwned=2\">Outlet", "javascript:window.__pwned=3",
                        "2026-03-04T10:00:00+00:00", "en"),
        "evilcopy": Article("f" * 4 + "6666ffff", PAYLOAD_COPY, "Copy \"><svg onload=window.__pwned=12>",
                            "Mirror</title><script>window.__pwned=13</script>",
                            "https://mirror.example/\"><script>window.__pwned=7</script>",
                            "2026-03-04T11:00:00+00:00", "en"),
    }
    ids = {k: a.id for k, a in arts.items()}
    w, v, s, p = ids["wire"], ids["verbatim"], ids["spun"], ids["partial"]
    d_p0_end = shifted(p0_end)
    d_p2_start = shifted(p2_start)
    d_p2_end = shifted(p2_start + len(PARA[2]))
    edges = {
        "verbatim": ReuseEdge(w, v, "verbatim", 1.0, len(WIRE) / len(VERBATIM), 0.99,
                              ("published 90 minutes later", "credits Northwind Press Agency"),
                              (AlignedPassage(0, len(WIRE), len(VERBATIM_PREFIX), len(VERBATIM_PREFIX) + len(WIRE),
                                              "verbatim", 1.0),),
                              direction_known=True),
        "spun": ReuseEdge(w, s, "spun", 0.62, 0.6, 0.81, ("the copy's rare phrases map to the source's common ones",),
                          (AlignedPassage(0, p0_end, 0, d_p0_end, "spun", 0.78),
                           AlignedPassage(p2_start, p2_start + len(PARA[2]), d_p2_start, d_p2_end, "spun", 0.8)),
                          tuple(subs), direction_known=True),
        "partial": ReuseEdge(w, p, "partial", 0.3, 0.35, 0.7, ("published a day later",),
                             (AlignedPassage(WIRE.index(PARA[1]), WIRE.index(PARA[1]) + len(PARA[1]),
                                             PARTIAL.index(PARA[1]), PARTIAL.index(PARA[1]) + len(PARA[1]),
                                             "verbatim", 1.0),),
                             direction_known=True),
        "undirected": ReuseEdge(min(v, p), max(v, p), "partial", 0.28, 0.35, 0.66, ("no date or credit decides it",),
                                (AlignedPassage(*((VERBATIM.index(PARA[1]), VERBATIM.index(PARA[1]) + len(PARA[1]),
                                                   PARTIAL.index(PARA[1]), PARTIAL.index(PARA[1]) + len(PARA[1]))
                                                  if min(v, p) == v else
                                                  (PARTIAL.index(PARA[1]), PARTIAL.index(PARA[1]) + len(PARA[1]),
                                                   VERBATIM.index(PARA[1]), VERBATIM.index(PARA[1]) + len(PARA[1]))),
                                                "verbatim", 1.0),),
                                direction_known=False),
    }
    e1, e2 = ids["evil"], ids["evilcopy"]
    reused = PAYLOAD_TEXT[PAYLOAD_TEXT.index("the river"):]
    a0 = PAYLOAD_TEXT.index(reused)
    b0 = PAYLOAD_COPY.index(reused)
    tide = reused.index("tide")
    edges["evil"] = ReuseEdge(
        e1, e2, "verbatim", 0.9, 0.7, 0.95, ("<script>window.__pwned=20</script> direction evidence",),
        (AlignedPassage(a0, a0 + len(reused), b0, b0 + len(reused), "verbatim<script>", 1.0),),
        (Substitution(a0 + tide, a0 + tide + 4, b0 + tide, b0 + tide + 4, "\"><img src=x onerror=window.__pwned=9>", "tide"),),
        direction_known=True,
    )
    store = open_store(path)
    add_articles(store, list(arts.values()))
    spin_findings = [
        SpinFinding(s, b.b_start, b.b_end, b.b_text, b.a_text, ("aligned source",), 0.9) for b in subs
    ]
    extra = spun_text.index("Ferry services")
    spin_findings.append(SpinFinding(s, extra, extra + len("Ferry"), "Ferry", "Boat", ("synonym lexicon",), 0.4))
    quote_wire = "We cannot keep a bridge open that might not be safe,"
    quote_spun = "We cannot keep a bridge open that may not be safe,"
    with store.transaction():
        for name, e in edges.items():
            save_edge(store, e, [f"fixture edge {name}", "shared 14-word shingles"])
        save_spin(store, s, 0.87, True, spin_findings)
        save_spin(store, w, 0.05, False, [])
        save_spin(store, e2, 0.5, True, [SpinFinding(e2, 0, 9, "Reposted:", "<script>window.__pwned=14</script>", (), 0.3)])
        save_quotes(store, w, [_q(w, WIRE, quote_wire, "Mayor Elena Sandoval")])
        save_quotes(store, v, [_q(v, VERBATIM, quote_wire, "Mayor Elena Sandoval")])
        save_quotes(store, s, [_q(s, spun_text, quote_spun, "Mayor Elena Sandoval")])
        save_quotes(store, p, [_q(p, PARTIAL, quote_wire, "Mayor Elena Sandoval")])
        save_figures(store, w, [_f(w, WIRE, "30,000 vehicles", 30000, None, "vehicles a day"),
                                _f(w, WIRE, "42 million dollars", 42e6, "USD", "repair cost")])
        save_figures(store, p, [_f(p, PARTIAL, "35,000 vehicles", 35000, None, "vehicles a day"),
                                _f(p, PARTIAL, "45 million dollars", 45e6, "USD", "repair cost")])
        save_figures(store, e1, [_f(e1, PAYLOAD_TEXT, "rose", 1, "<b>x</b>", "<script>window.__pwned=15</script>")])
        stories = [
            Story("storybridge01", (w, v, s, p), "Riverton harbour bridge closes for repairs",
                  "2026-03-02T08:00:00+00:00", "2026-03-03T07:15:00+00:00", 1),
            Story("storypayload2", (e1, e2), "<svg onload=window.__pwned=8>Flood story",
                  "2026-03-04T10:00:00+00:00", "2026-03-04T11:00:00+00:00", 1),
        ]
        save_stories(store, stories, {
            "storybridge01": {"root": w, "independent_origins": 1, "tree": [[w, v], [w, s], [w, p]]},
            "storypayload2": {"root": e1, "note": "<script>window.__pwned=16</script>"},
        })
        qm = lambda aid, text, q: {"article_id": aid, "start": text.index(q), "end": text.index(q) + len(q),  # noqa: E731
                                   "text": q, "speaker": "Elena Sandoval"}
        save_story_claims(store, "storybridge01", {
            "quote_groups": [{
                "id": "q1", "speaker": "Elena Sandoval",
                "members": [qm(w, WIRE, quote_wire), qm(v, VERBATIM, quote_wire), qm(s, spun_text, quote_spun),
                            qm(p, PARTIAL, quote_wire)],
                "flags": [{"kind": "reworded", "detail": "\u201cmight not\u201d became \u201cmay not\u201d",
                           "article_id": s}],
            }],
            "figure_groups": [
                {"id": "f1", "counts_what": "vehicles a day",
                 "members": [{"article_id": w, "text": "30,000 vehicles", "value": 30000},
                             {"article_id": p, "text": "35,000 vehicles", "value": 35000}],
                 "flags": [{"kind": "different_values", "detail": "30,000 vs 35,000"}]},
                {"id": "f2", "counts_what": "repair cost",
                 "members": [{"article_id": w, "text": "42 million dollars", "value": 42e6},
                             {"article_id": p, "text": "45 million dollars", "value": 45e6}]},
                {"id": "f3", "counts_what": "steel cables",
                 "members": [{"article_id": w, "text": "14", "value": 14}, {"article_id": v, "text": "14", "value": 14}]},
            ],
            "summary": {"speakers": 1},
        })
        save_story_claims(store, "storypayload2", {
            "quote_groups": [{"id": "<b>q</b>", "speaker": "<script>window.__pwned=17</script>",
                              "members": [{"article_id": e1, "text": "</q><img src=x onerror=window.__pwned=18>"}],
                              "flags": ["<img src=x onerror=window.__pwned=19>"]}],
            "figure_groups": "not a list",
        })
    store.close()
    texts = {k: a.text for k, a in arts.items()}
    return Fixture(path, ids, edges, {"bridge": "storybridge01", "payload": "storypayload2"}, texts)


def free_port() -> int:
    """A free TCP port on the loopback interface (for a test server)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def open_fixture(path: Path) -> tuple[Fixture, Store]:
    fx = build_store(path)
    return fx, open_store(path, readonly=True)
