"""Engines run the stages over a store: ``engine.local`` (default) and ``engine.dask_engine`` (Dask)."""
