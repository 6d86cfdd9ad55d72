"""The Dask engine's tasks: one function per task, reading and writing Parquet units.

Every task takes plain arguments (paths, indices, input digests), returns a small
dict (its unit digest and counters) and is idempotent: when its unit is already
complete from the same inputs it returns the recorded answer without recomputing
(``parquet_parts``). Layout under the work dir::

    articles/part-NNNNN/articles.parquet        one article partition (store insertion order)
    fp/part-NNNNN/{docs,post-BBBBB}.parquet      fingerprints; postings routed by key hash
    pairs/bucket-BBBBB/cnt-KKKKK.parquet         shared-fingerprint counts routed by pair hash
    cand/part-KKKKK/{cand,need}.parquet          candidate pairs; documents whose text they need
    texts/part-NNNNN/for-KKKKK.parquet           those texts, from article partition N to pair partition K
    edges/part-KKKKK/{edges,spin-NNNNN}.parquet  verified edges; edges routed to the articles' partitions
    findings/part-NNNNN/findings.parquet         spin, quotes and figures per article

What it does not do: scheduling (``dask_engine``), the algorithms (``newstrace.index``,
``align``, ``reuse``, ``spin``, ``claims`` through ``engine.local``'s per-item functions).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.engine.parquet_parts import (
    digest,
    mark_unit,
    marker_info,
    read_table,
    unit_done,
    write_table,
)
from newstrace.engine.settings import RunSettings
from newstrace.types import (
    AlignedPassage,
    Article,
    Figure,
    Quote,
    ReuseEdge,
    SpinFinding,
    Substitution,
)

__all__ = [
    "part_name", "fingerprint_task", "collide_task", "score_task", "gather_task", "verify_task",
    "findings_task", "article_from_row", "edge_from_json",
]

ARTICLE_FIELDS = (
    "id", "text", "title", "outlet", "url", "published", "language", "byline", "credits",
    "source_ref", "source_record", "source_offset",
)


def part_name(kind: str, i: int) -> str:
    return f"{kind}-{i:05d}"


def _done(unit: Path, inputs: str) -> dict[str, Any] | None:
    if unit_done(unit, inputs):
        info = marker_info(unit)
        return {"digest": info["digest"], **info.get("counters", {}), "reused": 1}
    return None


def _finish(unit: Path, inputs: str, files: list[Path], counters: dict[str, int]) -> dict[str, Any]:
    own = mark_unit(unit, inputs, files, {"counters": counters})
    return {"digest": own, **counters, "reused": 0}


def article_from_row(r: dict[str, Any]) -> Article:
    return Article(
        id=r["id"], text=r["text"], title=r["title"], outlet=r["outlet"], url=r["url"],
        published=r["published"], language=r["language"], byline=r["byline"],
        credits=tuple(json.loads(r["credits"] or "[]")), source_ref=r["source_ref"],
        source_record=r["source_record"], source_offset=int(r["source_offset"] or 0),
    )


def edge_to_json(edge: ReuseEdge) -> str:
    return json.dumps(dataclasses.asdict(edge), ensure_ascii=False)


def edge_from_json(s: str) -> ReuseEdge:
    d = json.loads(s)
    return ReuseEdge(
        source_id=d["source_id"], derived_id=d["derived_id"], kind=d["kind"],
        coverage_source=d["coverage_source"], coverage_derived=d["coverage_derived"], score=d["score"],
        direction_evidence=tuple(d["direction_evidence"]),
        passages=tuple(AlignedPassage(**p) for p in d["passages"]),
        substitutions=tuple(Substitution(**x) for x in d["substitutions"]),
        direction_known=bool(d["direction_known"]),
    )


# -- fingerprints (map side of the postings shuffle) ----------------------------------------
def fingerprint_task(work: str, i: int, art_digest: str, n_buckets: int, settings: RunSettings) -> dict[str, Any]:
    import pyarrow as pa

    from newstrace.engine.dask_candidates import fingerprint_part, index_settings, key_bucket

    st = index_settings(settings.index)
    unit = Path(work) / "fp" / part_name("part", i)
    inputs = digest("fp", art_digest, n_buckets, st.key())
    if (done := _done(unit, inputs)) is not None:
        return done
    t = read_table(Path(work) / "articles" / part_name("part", i) / "articles.parquet", ["doc", "text", "language"])
    docs = t.column("doc").to_numpy()
    base = int(docs[0]) if docs.size else 0
    fp = fingerprint_part(t.column("text").to_pylist(), t.column("language").to_pylist(), base, st)
    perm = fp.signatures.shape[1]
    sig = np.ascontiguousarray(fp.signatures, dtype="<u4")
    files = [unit / "docs.parquet"]
    write_table(
        pa.table({
            "doc": docs,
            "counts": pa.array([fp.counts[r].tobytes() for r in range(fp.counts.shape[0])], pa.binary()),
            "sig": pa.array([sig[r].tobytes() for r in range(sig.shape[0])], pa.binary(perm * 4)),
        }),
        files[0],
    )
    bucket = key_bucket(fp.key, n_buckets)
    order = np.argsort(bucket, kind="stable")
    bounds = np.searchsorted(bucket[order], np.arange(n_buckets + 1))
    for j in range(n_buckets):
        sel = order[bounds[j] : bounds[j + 1]]
        f = unit / f"post-{j:05d}.parquet"
        write_table(pa.table({"table": fp.table[sel], "key": fp.key[sel], "doc": fp.doc[sel]}), f)
        files.append(f)
    return _finish(unit, inputs, files, {"articles_indexed": int(docs.size), "postings": int(fp.key.size)})


# -- collide (reduce side of the postings shuffle, map side of the pair shuffle) -------------
def collide_task(work: str, j: int, fp_digests: list[str], n_pairs: int, settings: RunSettings) -> dict[str, Any]:
    import pyarrow as pa

    from newstrace.engine.dask_candidates import collide_bucket, index_settings, pair_partition

    cfg = index_settings(settings.index).config
    unit = Path(work) / "pairs" / part_name("bucket", j)
    inputs = digest("collide", j, fp_digests, n_pairs, repr(cfg))
    if (done := _done(unit, inputs)) is not None:
        return done
    parts = [
        read_table(Path(work) / "fp" / part_name("part", i) / f"post-{j:05d}.parquet") for i in range(len(fp_digests))
    ]
    table = np.concatenate([p.column("table").to_numpy() for p in parts]) if parts else np.zeros(0, np.int8)
    key = np.concatenate([p.column("key").to_numpy() for p in parts]) if parts else np.zeros(0, np.int64)
    doc = np.concatenate([p.column("doc").to_numpy() for p in parts]) if parts else np.zeros(0, np.int64)
    be = collide_bucket(table, key, doc, cfg)
    ev = be.evidence
    dest = pair_partition(ev.pair, n_pairs)
    files = []
    for k in range(n_pairs):
        sel = dest == k
        f = unit / f"cnt-{k:05d}.parquet"
        cols = {"pair": ev.pair[sel], "band": ev.band[sel]}
        cols.update({f"shared{t}": ev.shared[sel, t] for t in range(ev.shared.shape[1])})
        cols.update({f"weight{t}": ev.weight[sel, t] for t in range(ev.weight.shape[1])})
        write_table(pa.table(cols), f)
        files.append(f)
    return _finish(unit, inputs, files, {"colliding_pairs": int(ev.pair.size), "skipped_common": be.capped})


# -- score (reduce side of the pair shuffle) -------------------------------------------------
def _doc_info(work: str, n_parts: int, per_part: int, wanted: np.ndarray) -> Any:
    from newstrace.engine.dask_candidates import DocInfo
    from newstrace.index.fingerprints import N_KINDS

    docs_l: list[np.ndarray] = []
    ids_l: list[str] = []
    cnt_l: list[np.ndarray] = []
    sig_l: list[np.ndarray] = []
    for i in sorted({int(d) // per_part for d in np.unique(wanted).tolist()}):
        if i >= n_parts:
            continue
        t = read_table(Path(work) / "fp" / part_name("part", i) / "docs.parquet")
        d = t.column("doc").to_numpy()
        keep = np.isin(d, wanted)
        d = d[keep]
        docs_l.append(d)
        raw_c = [b for b, k in zip(t.column("counts").to_pylist(), keep.tolist(), strict=True) if k]
        cnt_l.append(np.frombuffer(b"".join(raw_c), dtype=np.int64).reshape(len(raw_c), -1))
        raw = [b for b, k in zip(t.column("sig").to_pylist(), keep.tolist(), strict=True) if k]
        sig_l.append(np.frombuffer(b"".join(raw), dtype="<u4").reshape(len(raw), -1) if raw else np.zeros((0, 1), "<u4"))
        a = read_table(Path(work) / "articles" / part_name("part", i) / "articles.parquet", ["doc", "id"])
        idmap = dict(zip(a.column("doc").to_pylist(), a.column("id").to_pylist(), strict=True))
        ids_l.extend(idmap[x] for x in d.tolist())
    docs = np.concatenate(docs_l) if docs_l else np.zeros(0, np.int64)
    perm = max((s.shape[1] for s in sig_l), default=1)
    sigs = np.concatenate([s if s.shape[1] == perm else np.zeros((s.shape[0], perm), "<u4") for s in sig_l]) if sig_l else np.zeros((0, perm), "<u4")
    order = np.argsort(docs)
    return DocInfo(docs[order], [ids_l[o] for o in order.tolist()], (np.concatenate(cnt_l) if cnt_l else np.zeros((0, N_KINDS), np.int64))[order], sigs[order])


def score_task(
    work: str, k: int, collide_digests: list[str], fp_digests: list[str], per_part: int, settings: RunSettings
) -> dict[str, Any]:
    import pyarrow as pa

    from newstrace.engine.dask_candidates import index_settings, merge_counts, score_pairs
    from newstrace.index.scoring import PairEvidence

    cfg = index_settings(settings.index).config
    unit = Path(work) / "cand" / part_name("part", k)
    inputs = digest("score", k, collide_digests, fp_digests, per_part, repr(cfg))
    if (done := _done(unit, inputs)) is not None:
        return done
    parts = []
    for j in range(len(collide_digests)):
        t = read_table(Path(work) / "pairs" / part_name("bucket", j) / f"cnt-{k:05d}.parquet")
        cols = {}
        for name in ("shared", "weight"):
            kinds = sorted(c for c in t.column_names if c.startswith(name))
            cols[name] = np.stack([t.column(c).to_numpy() for c in kinds], axis=1) if kinds else np.zeros((t.num_rows, 0), np.int64)
        parts.append(PairEvidence(t.column("pair").to_numpy(), cols["shared"], cols["weight"], t.column("band").to_numpy(zero_copy_only=False)))
    pc = merge_counts(parts)
    wanted = np.unique(np.concatenate((pc.pair >> 32, pc.pair & 0xFFFFFFFF))) if pc.pair.size else np.zeros(0, np.int64)
    cands = score_pairs(pc, _doc_info(work, len(fp_digests), per_part, wanted), cfg)
    files = [unit / "cand.parquet", unit / "need.parquet"]
    write_table(
        pa.table({
            "a_doc": pa.array([c[0] for c in cands], pa.int64()), "b_doc": pa.array([c[1] for c in cands], pa.int64()),
            "a_id": pa.array([c[2] for c in cands], pa.string()), "b_id": pa.array([c[3] for c in cands], pa.string()),
            "score": pa.array([c[4] for c in cands], pa.float64()),
            "reasons": pa.array([json.dumps(list(c[5]), ensure_ascii=False) for c in cands], pa.string()),
        }),
        files[0],
    )
    need = np.unique(np.array([d for c in cands for d in (c[0], c[1])], np.int64))
    write_table(pa.table({"doc": need}), files[1])
    return _finish(unit, inputs, files, {"candidates": len(cands)})


# -- gather texts (join of candidates with article texts, by article partition) ---------------
def gather_task(work: str, i: int, art_digest: str, score_digests: list[str], per_part: int) -> dict[str, Any]:
    unit = Path(work) / "texts" / part_name("part", i)
    inputs = digest("gather", i, art_digest, score_digests)
    if (done := _done(unit, inputs)) is not None:
        return done
    lo, hi = i * per_part, (i + 1) * per_part
    arts = read_table(Path(work) / "articles" / part_name("part", i) / "articles.parquet")
    adocs = arts.column("doc").to_numpy()
    files, sent = [], 0
    for k in range(len(score_digests)):
        need = read_table(Path(work) / "cand" / part_name("part", k) / "need.parquet").column("doc").to_numpy()
        need = need[(need >= lo) & (need < hi)]
        f = unit / f"for-{k:05d}.parquet"
        write_table(arts.filter(np.isin(adocs, need)), f)
        files.append(f)
        sent += int(need.size)
    return _finish(unit, inputs, files, {"texts_sent": sent})


# -- verify: align each candidate pair, build its edge ---------------------------------------
def verify_task(
    work: str, k: int, score_digest: str, gather_digests: list[str], per_part: int, settings: RunSettings
) -> dict[str, Any]:
    import pyarrow as pa

    from newstrace.engine.local import verify_pair

    unit = Path(work) / "edges" / part_name("part", k)
    inputs = digest("verify", k, score_digest, gather_digests, repr(settings.align), repr(settings.reuse))
    if (done := _done(unit, inputs)) is not None:
        return done
    arts: dict[int, Article] = {}
    for i in range(len(gather_digests)):
        for r in read_table(Path(work) / "texts" / part_name("part", i) / f"for-{k:05d}.parquet").to_pylist():
            arts[int(r["doc"])] = article_from_row(r)
    cand = read_table(Path(work) / "cand" / part_name("part", k) / "cand.parquet").to_pylist()
    rows: list[dict[str, Any]] = []
    routed: dict[int, list[dict[str, Any]]] = {}
    for c in cand:
        a, b = arts[c["a_doc"]], arts[c["b_doc"]]
        built = verify_pair(a, b, json.loads(c["reasons"]), settings)
        row = {"a_id": c["a_id"], "b_id": c["b_id"], "score": c["score"], "reasons": c["reasons"],
               "status": "rejected", "edge": None, "evidence": None}
        if built is not None:
            edge, evidence = built
            row.update(status="linked", edge=edge_to_json(edge), evidence=json.dumps(evidence, ensure_ascii=False))
            # Route the edge to both articles' partitions for spin, with the other text
            # when spin will ask for it (a spun sibling of unknown direction: see
            # ``local.spin_article``).
            for me, doc_me, other in ((a, c["a_doc"], b), (b, c["b_doc"], a)):
                wants_text = edge.kind == "spun" and not edge.direction_known
                routed.setdefault(doc_me // per_part, []).append({
                    "article_id": me.id, "source_id": edge.source_id, "derived_id": edge.derived_id,
                    "edge": row["edge"], "other_id": other.id, "other_text": other.text if wants_text else None,
                })
        rows.append(row)
    schema = pa.schema([("a_id", pa.string()), ("b_id", pa.string()), ("score", pa.float64()), ("reasons", pa.string()),
                        ("status", pa.string()), ("edge", pa.string()), ("evidence", pa.string())])
    files = [unit / "edges.parquet"]
    write_table(pa.Table.from_pylist(rows, schema=schema), files[0])
    spin_schema = pa.schema([("article_id", pa.string()), ("source_id", pa.string()), ("derived_id", pa.string()),
                             ("edge", pa.string()), ("other_id", pa.string()), ("other_text", pa.string())])
    for i, items in sorted(routed.items()):
        f = unit / f"spin-{i:05d}.parquet"
        write_table(pa.Table.from_pylist(items, schema=spin_schema), f)
        files.append(f)
    linked = sum(r["status"] == "linked" for r in rows)
    return _finish(unit, inputs, files, {"edges": linked, "rejected": len(rows) - linked})


# -- findings: spin, quotes and figures per article ------------------------------------------
def _json_list(items: list[Any]) -> str:
    return json.dumps([dataclasses.asdict(x) for x in items], ensure_ascii=False)


def findings_task(
    work: str, i: int, art_digest: str, verify_digests: list[str], spin: bool, claims: bool,
    known: Any = None, settings: RunSettings | None = None,
) -> dict[str, Any]:
    import pyarrow as pa

    from newstrace.engine.local import claims_article, spin_article

    unit = Path(work) / "findings" / part_name("part", i)
    lexicon = known.digest() if spin and known is not None else ""
    settings = settings or RunSettings()
    inputs = digest(
        "findings", i, art_digest, verify_digests if spin else [], spin, claims, lexicon,
        repr(settings.spin) if spin else "", repr(settings.claims) if claims else "",
    )
    if (done := _done(unit, inputs)) is not None:
        return done
    edges: dict[str, list[tuple[str, str, ReuseEdge]]] = {}
    texts: dict[str, str] = {}
    if spin:
        for k in range(len(verify_digests)):
            f = Path(work) / "edges" / part_name("part", k) / f"spin-{i:05d}.parquet"
            if not f.exists():
                continue
            for r in read_table(f).to_pylist():
                edges.setdefault(r["article_id"], []).append((r["source_id"], r["derived_id"], edge_from_json(r["edge"])))
                if r["other_text"] is not None:
                    texts[r["other_id"]] = r["other_text"]
    rows, counters = [], {"spun_articles": 0, "quotes": 0, "figures": 0}
    for r in read_table(Path(work) / "articles" / part_name("part", i) / "articles.parquet").to_pylist():
        art = article_from_row(r)
        row: dict[str, Any] = {"article_id": art.id, "spin_score": None, "spun": None, "spin_spans": None,
                               "quotes": None, "figures": None}
        if spin:
            mine = [e for _s, _d, e in sorted(edges.get(art.id, []), key=lambda x: (x[0], x[1]))]
            rep = spin_article(art, mine, texts.__getitem__, known, settings.spin)
            row.update(spin_score=float(rep.score), spun=bool(rep.spun), spin_spans=_json_list(list(rep.spans)))
            counters["spun_articles"] += int(bool(rep.spun))
        if claims:
            quotes, figures = claims_article(art, settings.claims)
            row.update(quotes=_json_list(quotes), figures=_json_list(figures))
            counters["quotes"] += len(quotes)
            counters["figures"] += len(figures)
        rows.append(row)
    schema = pa.schema([("article_id", pa.string()), ("spin_score", pa.float64()), ("spun", pa.bool_()),
                        ("spin_spans", pa.string()), ("quotes", pa.string()), ("figures", pa.string())])
    f = unit / "findings.parquet"
    write_table(pa.Table.from_pylist(rows, schema=schema), f)
    return _finish(unit, inputs, [f], counters)


def spin_findings_from_json(s: str) -> list[SpinFinding]:
    return [SpinFinding(**{**d, "evidence": tuple(d["evidence"])}) for d in json.loads(s)]


def quotes_from_json(s: str) -> list[Quote]:
    return [Quote(**{**d, "speaker_span": tuple(d["speaker_span"]) if d["speaker_span"] else None}) for d in json.loads(s)]


def figures_from_json(s: str) -> list[Figure]:
    return [Figure(**d) for d in json.loads(s)]
