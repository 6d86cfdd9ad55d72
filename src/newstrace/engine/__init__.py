"""Engines run the stages over a store: the local engine here, Dask in ``engine.dask``."""
