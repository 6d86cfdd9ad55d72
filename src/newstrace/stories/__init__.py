"""Stories: group articles that report the same event, online or in batch, with provenance.

``StoryClusterer`` assigns articles one at a time (deterministic, bounded cost per
article); ``cluster_batch`` re-clusters a batch independently of order; ``provenance``
builds a story's provenance tree and counts its independent origins.
"""

from newstrace.stories.batch import cluster_batch
from newstrace.stories.config import StoryConfig
from newstrace.stories.online import StoryClusterer
from newstrace.stories.provenance import provenance

__all__ = ["StoryClusterer", "StoryConfig", "cluster_batch", "provenance"]
