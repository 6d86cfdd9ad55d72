"""Reuse edges: an alignment between two articles becomes a typed, directed ``ReuseEdge``.

``build_edge`` turns an ``newstrace.align.AlignmentResult`` plus the two
articles' metadata into an edge with direction evidence (``direction.py``).
Aligning is ``newstrace.align``; candidate generation is ``newstrace.index``.
"""

from newstrace.reuse.direction import DirectionVote, decide_direction
from newstrace.reuse.edges import build_edge

__all__ = ["DirectionVote", "decide_direction", "build_edge"]
