"""Huddle's benchmark: a lean load generator, a bare baseline server, and the report."""
