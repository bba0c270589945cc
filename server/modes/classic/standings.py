"""The classic mode's standings: ranking players (and teams) from the scores in Redis, and
the per-player results stored at each reveal."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from games.ranking import Ranked, Standing, rank_players
from games.teams import TeamRanked, rank_teams, team_rank
from server.rooms.loaded import LoadedGame
from server.store.redis_store import GameStore


@dataclass(frozen=True, slots=True)
class Standings:
    """Where everyone stands now, and the raw figures the results are built from."""

    ranked: list[Ranked]
    players: dict[str, dict[str, Any]]
    stats: dict[str, str]
    team_of: dict[str, str]
    teams: list[TeamRanked] | None


async def standings(store: GameStore, game: LoadedGame) -> Standings:
    """Everyone's rank (and their teams'), with what the results need, in one round trip."""
    scores, stats, order, players_raw, team_of = await store.standings_data(game.gid)
    players = {pid: json.loads(raw) for pid, raw in players_raw.items() if pid in order}
    ranked = rank_players(
        Standing(
            player_id=pid,
            score=int(scores.get(pid, 0)),
            correct_time_ms=int(stats.get(f"{pid}:ctime", 0)),
            join_order=int(n),
        )
        for pid, n in order.items()
    )
    teams = None
    if game.settings.teams is not None:
        answered = {pid: int(stats.get(f"{pid}:answered", 0)) for pid in order}
        teams = rank_teams(game.settings.teams, ranked, team_of, answered)
    return Standings(ranked=ranked, players=players, stats=stats, team_of=team_of, teams=teams)


async def store_results(
    store: GameStore, gid: str, q: int, answers: dict[str, dict[str, Any]], standings: Standings
) -> None:
    """Each player's ``result`` of question ``q`` (sent at the reveal, kept for phones that
    come back) and the ranks at this reveal."""
    results: dict[str, str] = {}
    ranks: dict[str, int] = {}
    for r in standings.ranked:
        a = answers.get(r.player_id)
        ranks[r.player_id] = r.rank
        result: dict[str, Any] = {
            "question": q,
            "correct": bool(a and a["c"]),
            "points": int(a["p"]) if a else 0,
            "score": r.score,
            "rank": r.rank,
            "streak": int(standings.stats.get(f"{r.player_id}:streak", 0)),
            # Whether the server has this player's answer: a phone whose answer was still
            # on its way when the question closed learns that it did not arrive in time.
            "answered": a is not None,
        }
        if standings.teams is not None:
            team = standings.team_of.get(r.player_id)
            result["team"] = team
            result["team_rank"] = team_rank(standings.teams, team)
            result["team_score"] = next((t.score for t in standings.teams if t.team == team), None)
        results[r.player_id] = json.dumps(result)
    await store.save_reveal(gid, q, results, ranks)
