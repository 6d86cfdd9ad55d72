"""A user's list of known spins in ``analyze``: kept in the store, and the store's articles
rechecked when it changes.

``analyze --lexicon FILE`` stores the list (``stage_state``, stage ``"spin-lexicon"``:
its phrases, originals and digest); later runs use the stored list without being given
the file again, and ``--no-lexicon`` drops it. The spin stage finishes each article
once (``stage_done``) and its findings depend on the list, so whenever the list changes
(another digest, or dropped) every article's spin check is pending again and is redone.
Findings are replaced per article, so an interrupted recheck resumes like any other run.

What it does NOT do: read the list's file format (``newstrace.spin.lexicon_file``) or
match it in text (``newstrace.spin.known``).
"""

from __future__ import annotations

from newstrace.spin.known import KnownSpins
from newstrace.store import Store
from newstrace.store.stages import load_state, save_state

__all__ = ["resolve_known"]

_STATE = "spin-lexicon"


def _stored(state: dict[str, object]) -> KnownSpins | None:
    rows = state.get("originals")
    if not isinstance(rows, list) or not rows:
        return None
    originals = {tuple(str(words).split()): (str(orig), int(n)) for words, orig, n in rows}
    return KnownSpins(originals, str(state.get("file") or "the stored list"))


def resolve_known(store: Store, path: str | None, drop: bool = False) -> KnownSpins | None:
    """The list the spin stage uses: read from ``path`` (and stored), the stored one when
    no path is given, or none with ``drop``. When the list differs from the one the
    store's articles were checked against, every article's spin check becomes pending."""
    state = load_state(store, _STATE) or {}
    if path is not None:
        from newstrace.spin.lexicon_file import read_lexicon

        known: KnownSpins | None = read_lexicon(path).known
    elif drop:
        known = None
    else:
        return _stored(state)
    digest = known.digest() if known is not None else ""
    if state.get("digest", "") == digest:
        return known
    with store.transaction():
        store.conn.execute("DELETE FROM stage_done WHERE stage = 'spin'")
        save_state(store, _STATE, {
            "digest": digest,
            "file": path,
            "originals": [] if known is None else [
                [" ".join(words), orig, n] for words, (orig, n) in sorted(known.originals.items())
            ],
        })
    return known
