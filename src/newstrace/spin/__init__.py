"""Spin forensics: which spans of an article were machine-spun, and what they originally said."""
