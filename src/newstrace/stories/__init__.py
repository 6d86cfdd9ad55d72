"""Stories: group articles that report the same event, online or in batch, with provenance.

``StoryClusterer`` assigns articles one at a time (deterministic, bounded cost per
article); ``recluster_local`` re-partitions the stories an online batch touched (and their
neighbours) with the batch method; ``cluster_batch`` re-clusters a batch independently of
order; ``provenance``
builds a story's provenance tree and counts its independent origins.
"""

from newstrace.stories.batch import cluster_batch
from newstrace.stories.config import StoryConfig
from newstrace.stories.online import StoryClusterer
from newstrace.stories.provenance import provenance
from newstrace.stories.recluster import recluster_local

__all__ = ["StoryClusterer", "StoryConfig", "cluster_batch", "provenance", "recluster_local"]
