"""Deterministic article ids: a short hex hash of an article's content and source identity.

The same text from the same url/outlet/record id always gets the same id, so
re-ingesting an input is a no-op in the store. The input *path* is deliberately
not part of the id: moving or renaming a file must not duplicate its articles,
and the same record arriving twice through different files is one article.

Does not decide what counts as a near-duplicate (that is ``newstrace.index``).
"""

from __future__ import annotations

import hashlib

__all__ = ["article_id", "ID_HEX_CHARS"]

# 16 hex chars = 64 bits: the chance of any collision among 10 million articles is
# about n^2 / 2^65 = 3e-6, while ids stay short enough to type in ``newstrace show``.
ID_HEX_CHARS = 16


def article_id(text: str, url: str | None = None, outlet: str | None = None, record_id: str | None = None) -> str:
    """Hash of text + url + outlet + the record's own id (blake2b, 64 bits, hex).

    >>> article_id("Hello world.", url="https://example.org/a")
    'fc840e8a63ce5a73'
    >>> article_id("Hello world.") == article_id("Hello world.", url=None, outlet=None)
    True
    """
    h = hashlib.blake2b(digest_size=ID_HEX_CHARS // 2, person=b"newstrace-art1")
    for part in (text, url or "", outlet or "", record_id or ""):
        data = part.encode("utf-8", "surrogatepass")
        # length prefix: ("ab", "c") and ("a", "bc") must hash differently
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()
