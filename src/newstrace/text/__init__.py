"""Text utilities shared by every stage: tokens, sentences, normalisation, lexical resources.

No I/O on user data here; lexical resources are read from installed packages.
"""
