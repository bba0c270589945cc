"""The question as each device gets it (server.modes.classic.views): the credit everywhere
without its contribution id; audio and video on the big screen, and on a run's phone only."""

from __future__ import annotations

from games.kinds.registry import parse_question
from games.settings import parse_settings
from server.modes.classic import views

AUDIO = f"/media/{'a' * 64}.mp3"
VIDEO = f"/media/{'b' * 64}.mp4"
QUESTION = parse_question(
    {
        "kind": "choice",
        "prompt": "Which owl?",
        "choices": ["Barn", "Snowy"],
        "correct": [0],
        "media": {"image": "https://tracker.example/x.png", "audio": AUDIO, "video": VIDEO},
        "credit": {"contribution_id": "c0ntr1but10n", "name": "Ada", "team": "Owls"},
    },
    "questions[0]",
)


def shown(**settings: object) -> dict[str, object]:
    game = parse_settings(settings or None)
    return {"question": views.question_view(QUESTION, 0, 1, game, 1, 2)}


def test_the_screen_gets_every_medium_and_the_credit() -> None:
    q = shown()["question"]
    assert isinstance(q, dict)
    assert q["media"] == {"image": "https://tracker.example/x.png", "audio": AUDIO, "video": VIDEO}
    assert q["credit"] == {"name": "Ada", "team": "Owls"}
    assert "c0ntr1but10n" not in repr(q)


def test_live_phones_get_the_credit_but_no_sound_or_other_sites_image() -> None:
    state = shown()
    on_phone = views.for_devices(state, parse_settings(None))["question"]
    assert "media" not in on_phone and on_phone["credit"] == {"name": "Ada", "team": "Owls"}
    hidden = views.for_devices(state, parse_settings({"show_question_on_device": False}))
    assert "media" not in hidden["question"] and hidden["question"]["credit"]["name"] == "Ada"


def test_a_runs_phone_keeps_sound_and_video() -> None:
    q = views.for_devices(shown(), parse_settings(None), playback=True)["question"]
    assert q["media"] == {"audio": AUDIO, "video": VIDEO}
