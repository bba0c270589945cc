"""A person's page as tables (``GET /api/me/history.csv``, a member's page as CSV): the
same figures as the page shows (`server.db.people.figures`)."""

from __future__ import annotations

from typing import Any

from server.reports.tables import Table, utc_text


def person_tables(figures: dict[str, Any]) -> dict[str, Table]:
    """``games`` (scores over time, oldest first), ``tags`` (accuracy per tag) and
    ``badges``."""
    return {
        "games": Table(
            "Games",
            (
                "Finished (UTC)",
                "Workspace",
                "Quiz",
                "Score",
                "Rank",
                "Players",
                "Correct",
                "Answered",
                "% correct",
            ),
            [
                [
                    utc_text(g["finished_at"]),
                    g["workspace"]["name"],
                    g["title"],
                    g["score"],
                    g["rank"],
                    g["players"],
                    g["correct"],
                    g["answered"],
                    g["accuracy"],
                ]
                for g in figures["scores"]
            ],
        ),
        "tags": Table(
            "Tags",
            ("Tag", "Games", "Correct", "Answered", "% correct"),
            [
                [t["tag"], t["games"], t["correct"], t["answered"], t["accuracy"]]
                for t in figures["tags"]
            ],
        ),
        "badges": Table(
            "Badges",
            ("Badge", "Description", "Earned (UTC)", "Game"),
            [
                [b["title"], b["description"], utc_text(b["awarded_at"]), b["game_id"]]
                for b in figures["badges"]
            ],
        ),
    }
