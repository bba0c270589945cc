"""Huddle's pure game engine: quiz documents, answer checking, scoring, ranking and phases.

Nothing here does I/O; time and randomness arrive as arguments.
"""
