"""Pure builders of the classic mode's wire payloads: the State, its question, reveal and
leaderboard, and the phones' variant (protocol v1)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from games.images import is_site_image
from games.kinds.question import Question
from games.phases import Phase
from games.ranking import Ranked
from games.settings import GameSettings

LEADERBOARD_SIZE = 10


def question_view(
    question: Question,
    index: int,
    count: int,
    settings: GameSettings,
    opened_ms: int,
    deadline_ms: int,
    answers_open_ms: int | None = None,
) -> dict[str, Any]:
    """The state's ``question``: what anyone may see, never the correct answer.

    ``opened_ms`` is when the question appeared, ``answers_open_ms`` when it takes answers
    (later with "read the question first"; the same instant otherwise)."""
    view = question.public(settings.time_limit_for(question))
    view.update(
        {
            "index": index,
            "count": count,
            "opened_ms": opened_ms,
            "answers_open_ms": opened_ms if answers_open_ms is None else answers_open_ms,
            "deadline_ms": deadline_ms,
        }
    )
    return view


def leaderboard(
    ranked: Sequence[Ranked],
    players: Mapping[str, Mapping[str, Any]],
    team_of: Mapping[str, str],
    size: int = LEADERBOARD_SIZE,
) -> list[dict[str, Any]]:
    """The top ``size`` of a ranking, as the state's ``leaderboard``."""
    rows = []
    for r in ranked[:size]:
        p = players.get(r.player_id, {})
        rows.append(
            {
                "rank": r.rank,
                "player_id": r.player_id,
                "nickname": p.get("nickname", ""),
                "team": team_of.get(r.player_id),
                "score": r.score,
            }
        )
    return rows


def state(
    *,
    game_id: str,
    pin: str,
    title: str,
    phase: Phase,
    seq: int,
    players: int,
    question: dict[str, Any] | None,
    reveal: dict[str, Any] | None,
    leaderboard: list[dict[str, Any]] | None,
    teams: list[dict[str, Any]] | None,
    settings: GameSettings,
    event_id: str | None = None,
    require_identifier: bool = False,
) -> dict[str, Any]:
    """A State object (see docs/protocol.md)."""
    return {
        "event_id": event_id,
        "require_identifier": require_identifier,
        "game_id": game_id,
        "pin": pin,
        "title": title,
        "phase": phase.value,
        "seq": seq,
        "players": players,
        "question": question,
        "reveal": reveal,
        "leaderboard": leaderboard,
        "teams": teams,
        "settings": settings.to_doc(),
    }


def reveal(
    question: Question,
    answers: Iterable[Mapping[str, Any]],
    closed_ms: int,
) -> dict[str, Any]:
    """The state's ``reveal`` for a closed question (open-ended kinds show their top answers)."""
    values = [a["a"] for a in answers]
    full = question.distribution(values)
    out: dict[str, Any] = {
        "correct": question.correct_value(),
        "distribution": question.reveal_distribution(full),
        "answered": len(values),
        "closed_ms": closed_ms,
    }
    if question.explanation:
        out["explanation"] = question.explanation
    return out


HIDDEN_ON_DEVICE = ("prompt", "choices", "media")


def for_devices(
    state: dict[str, Any], settings: GameSettings, *, playback: bool = False
) -> dict[str, Any]:
    """The State as phones get it: with ``show_question_on_device`` off, the question's prompt,
    choice texts and media stay on the big screen; phones keep the number of choices and the
    ``credit`` (a name and team, never the contribution id).

    An image from another site never reaches a phone (the address would let that site log
    the players' addresses): only images of this site (`is_site_image`) are kept. A live
    game's audio and video play on the big screen only; `playback` keeps them (a self-paced
    run, where the phone is the screen)."""
    question = state.get("question")
    if question is None:
        return state
    if not settings.show_question_on_device:
        hidden = {k: v for k, v in question.items() if k not in HIDDEN_ON_DEVICE}
        if "choices" in question:
            hidden["choice_count"] = len(question["choices"])
        return {**state, "question": hidden}
    media = question.get("media")
    if media is None:
        return state
    kept = {
        k: url
        for k, url in media.items()
        if (k == "image" and is_site_image(url)) or (k != "image" and playback)
    }
    if kept == media:
        return state
    shown = {k: v for k, v in question.items() if k != "media"}
    if kept:
        shown["media"] = kept
    return {**state, "question": shown}
