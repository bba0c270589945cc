"""Huddle's pure game engine: quiz documents, answer checking, scoring, ranking and phases.

Also teams, per-device choice orders (shuffle), nicknames and their generator and filter, and
the text normalisation behind typed answers. Nothing here does I/O; time arrives as arguments and
randomness as a `random.Random` passed in. The rules are explained in docs/rules.md.
"""
