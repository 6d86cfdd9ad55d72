"""Read a story's claim comparison defensively into what the templates show.

The comparison is the JSON document ``newstrace.claims.compare_claims(...).to_dict()``
stores in ``story_claims``; its shape is owned by the claims module and may grow.
This module expects ``quote_groups`` / ``figure_groups`` lists of groups with
``members`` (``article_id``, ``start``, ``end``, ``text``, ``speaker`` ...) and
``flags`` or ``variants``, but tolerates any of them missing or of another type:
unknown keys are kept and shown as they are. When no comparison was stored, the
story's quotes (by speaker) and figures (by ``group_id``) from their own tables
are shown instead, with no variant judgement (that is the claims module's job).

Does not compare claims itself.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["claims_view", "flag_view"]

_KNOWN = {"quote_groups", "figure_groups"}


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def flag_view(flag: Any) -> dict[str, Any]:
    """A flag/variant as ``{"kind", "detail", "fields": [(key, text)]}``, whatever its shape."""
    if isinstance(flag, dict):
        kind = _text(flag.get("kind") or flag.get("type") or flag.get("flag") or "variant")
        detail = _text(flag.get("detail") or flag.get("diff") or flag.get("description") or flag.get("message"))
        skip = {"kind", "type", "flag", "detail", "diff", "description", "message"}
        fields = [(str(k), _text(v)) for k, v in sorted(flag.items(), key=lambda kv: str(kv[0])) if k not in skip]
        return {"kind": kind, "detail": detail, "fields": fields}
    return {"kind": "variant", "detail": _text(flag), "fields": []}


def _member(m: Any, articles: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if not isinstance(m, dict):
        return {"article_id": None, "article": None, "outlet": "", "text": _text(m), "speaker": "", "fields": []}
    aid = m.get("article_id")
    art = articles.get(aid) if isinstance(aid, str) else None
    outlet = _text(m.get("outlet")) or (art["name"] if art else _text(aid))
    text = m.get("text")
    if text is None and "value" in m:
        text = " ".join(_text(m.get(k)) for k in ("qualifier", "value", "unit") if m.get(k) is not None)
    skip = {"article_id", "outlet", "text", "speaker", "start", "end"}
    return {
        "article_id": aid if isinstance(aid, str) else None,
        "article": art,
        "outlet": outlet,
        "text": _text(text),
        "speaker": _text(m.get("speaker_resolved") or m.get("speaker")),
        "start": m.get("start"),
        "end": m.get("end"),
        "fields": [(str(k), _text(v)) for k, v in sorted(m.items(), key=lambda kv: str(kv[0]))
                   if k not in skip and v not in (None, "", [], {})],
    }


def _flags(g: dict[str, Any]) -> list[dict[str, Any]]:
    raw: list[Any] = []
    for key in ("flags", "variants", "disagreements"):
        val = g.get(key)
        if isinstance(val, list):
            raw.extend(val)
        elif val:
            raw.append(val)
    return [flag_view(f) for f in raw]


def _group(g: Any, articles: dict[str, dict[str, Any]], n: int) -> dict[str, Any]:
    if not isinstance(g, dict):
        g = {"members": [g]}
    members = g.get("members")
    members = members if isinstance(members, list) else []
    flags = _flags(g)
    known = {"id", "group", "members", "flags", "variants", "disagreements", "speaker", "counts_what", "label"}
    return {
        "id": _text(g.get("id") or g.get("group") or f"g{n}"),
        "speaker": _text(g.get("speaker_resolved") or g.get("speaker")),
        "label": _text(g.get("counts_what") or g.get("label") or g.get("unit")),
        "members": [_member(m, articles) for m in members],
        "flags": flags,
        "extra": [(str(k), _text(v)) for k, v in sorted(g.items(), key=lambda kv: str(kv[0]))
                  if k not in known and v not in (None, "", [], {})],
    }


def _values_differ(group: dict[str, Any], raw: Any) -> bool:
    members = raw.get("members") if isinstance(raw, dict) else None
    if not isinstance(members, list):
        return False
    vals = {(m.get("value"), m.get("value_high")) for m in members if isinstance(m, dict) and "value" in m}
    return len(vals) > 1


def claims_view(
    data: Any,
    articles: dict[str, dict[str, Any]],
    quotes: list[dict[str, Any]] | None = None,
    figures: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Quotes by speaker (with variants) and figure groups (disagreeing ones first)."""
    if isinstance(data, dict):
        raw_q = data.get("quote_groups")
        raw_f = data.get("figure_groups")
        qgroups = [_group(g, articles, i) for i, g in enumerate(raw_q if isinstance(raw_q, list) else [])]
        fgroups = []
        for i, g in enumerate(raw_f if isinstance(raw_f, list) else []):
            fg = _group(g, articles, i)
            fg["disagree"] = bool(fg["flags"]) or bool(isinstance(g, dict) and g.get("disagree")) or _values_differ(fg, g)
            fgroups.append(fg)
        other = [(str(k), _text(v)) for k, v in sorted(data.items()) if k not in _KNOWN]
        source = "comparison"
    else:
        qgroups = _quote_groups_from_rows(quotes or [], articles)
        fgroups = _figure_groups_from_rows(figures or [], articles)
        other = []
        source = "tables" if (quotes or figures) else "none"
    speakers: dict[str, list[dict[str, Any]]] = {}
    for g in qgroups:
        who = g["speaker"] or next((m["speaker"] for m in g["members"] if m["speaker"]), "") or "(unattributed)"
        speakers.setdefault(who, []).append(g)
    return {
        "source": source,
        "speakers": [{"speaker": k, "groups": v} for k, v in sorted(speakers.items(), key=lambda kv: kv[0].lower())],
        "n_quote_groups": len(qgroups),
        "n_variants": sum(1 for g in qgroups if g["flags"]),
        "figure_groups": sorted(fgroups, key=lambda g: (not g["disagree"], g["label"])),
        "n_disagree": sum(1 for g in fgroups if g["disagree"]),
        "other": other,
    }


def _quote_groups_from_rows(rows: list[dict[str, Any]], articles: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for i, q in enumerate(rows):
        key = q.get("group_id") or f"q{i}"
        g = groups.setdefault(key, {"id": key, "members": []})
        g["members"].append(q)
    return [_group(g, articles, i) for i, g in enumerate(groups.values())]


def _figure_groups_from_rows(rows: list[dict[str, Any]], articles: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for q in rows:
        if not q.get("group_id"):
            continue
        g = groups.setdefault(q["group_id"], {"id": q["group_id"], "counts_what": q.get("counts_what"), "members": []})
        g["members"].append(q)
    out = []
    for i, raw in enumerate(groups.values()):
        fg = _group(raw, articles, i)
        fg["disagree"] = _values_differ(fg, raw)
        out.append(fg)
    return out
