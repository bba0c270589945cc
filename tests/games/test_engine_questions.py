"""Question documents, answer checking and what players may see."""

from __future__ import annotations

from typing import Any

import pytest

from games.errors import InvalidInput, RuleViolation
from games.kinds import registry
from games.kinds.choice import ChoiceQuestion
from games.kinds.numeric import NumericQuestion
from games.kinds.order import OrderQuestion
from games.kinds.poll import PollQuestion
from games.kinds.question import Question, Verdict
from games.kinds.registry import KINDS, PLANNED_KINDS, UNSCORED_KINDS, parse_question
from games.kinds.true_false import TrueFalseQuestion
from games.kinds.type_answer import TypeAnswerQuestion
from games.kinds.word_cloud import WordCloudQuestion

P = "questions[0]"


def choice_doc(**extra: Any) -> dict[str, Any]:
    return {
        "kind": "choice",
        "prompt": "Port?",
        "choices": ["80", "443", "22"],
        "correct": [1],
    } | extra


def tf_doc(**extra: Any) -> dict[str, Any]:
    return {"kind": "true_false", "prompt": "Redis is relational.", "correct": False} | extra


SINGLE = ChoiceQuestion(prompt="Port?", choices=("80", "443", "22", "25"), correct=(1,))
MULTI = ChoiceQuestion(prompt="Primes?", choices=("2", "3", "4", "5", "6"), correct=(0, 1, 3))
TF = TrueFalseQuestion(prompt="Sky is blue.", correct=True)


# --- parsing -------------------------------------------------------------------------------


def test_parse_choice_fills_defaults() -> None:
    q = parse_question(choice_doc(), P)
    assert q == ChoiceQuestion(
        prompt="Port?", time_limit_ms=20000, points=1, choices=("80", "443", "22"), correct=(1,)
    )
    assert q.kind == "choice" and q.scored


def test_parse_true_false() -> None:
    q = parse_question(tf_doc(points=2, time_limit_ms=5000), P)
    assert q == TrueFalseQuestion(
        prompt="Redis is relational.", time_limit_ms=5000, points=2, correct=False
    )


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (choice_doc(correct=2), (2,)),
        (choice_doc(correct=[2, 0]), (0, 2)),
        (choice_doc(correct=[0, 1, 2]), (0, 1, 2)),
    ],
)
def test_parse_correct_normalised(doc: dict[str, Any], expected: tuple[int, ...]) -> None:
    q = parse_question(doc, P)
    assert isinstance(q, ChoiceQuestion)
    assert q.correct == expected


def test_parse_strips_texts_and_keeps_optional_parts() -> None:
    q = parse_question(
        choice_doc(
            prompt="  Port?  ",
            choices=[" a ", "b"],
            correct=0,
            media={"image": "https://x/y.png"},
            explanation=" because ",
            id="q1",
            time_limit_ms=None,
            points=None,
        ),
        P,
    )
    assert q == ChoiceQuestion(
        prompt="Port?",
        choices=("a", "b"),
        correct=(0,),
        image="https://x/y.png",
        explanation="because",
    )


@pytest.mark.parametrize(
    "doc",
    [
        choice_doc(media=None, explanation=None),
        choice_doc(media={}, explanation="   "),
        choice_doc(media={"image": None}),
        choice_doc(media={"image": ""}),
    ],
)
def test_parse_empty_optional_parts_are_absent(doc: dict[str, Any]) -> None:
    q = parse_question(doc, P)
    assert q.image is None and q.explanation is None


BAD_QUESTIONS: list[tuple[object, str, str]] = [
    ("nope", P, "must be an object"),
    ([], P, "must be an object"),
    ({1: "x"}, P, "must be an object"),
    ({"prompt": "x"}, f"{P}.kind", "required"),
    (choice_doc(kind=None), f"{P}.kind", "required"),
    (choice_doc(kind=3), f"{P}.kind", "one of"),
    (choice_doc(kind="essay"), f"{P}.kind", "one of"),
    (choice_doc(kind="Choice"), f"{P}.kind", "one of choice, true_false, type_answer"),
    (choice_doc(colour="red"), f"{P}.colour", "unknown field"),
    (choice_doc(zeta=1, alpha=2), f"{P}.alpha", f"{P}.zeta"),
    (tf_doc(choices=["a", "b"]), f"{P}.choices", "unknown field"),
    (choice_doc(prompt=None), f"{P}.prompt", "required"),
    (choice_doc(prompt=5), f"{P}.prompt", "must be a string"),
    (choice_doc(prompt="   "), f"{P}.prompt", "must not be empty"),
    (choice_doc(prompt="x" * 501), f"{P}.prompt", "at most 500"),
    (choice_doc(time_limit_ms=True), f"{P}.time_limit_ms", "integer"),
    (choice_doc(time_limit_ms=20000.0), f"{P}.time_limit_ms", "integer"),
    (choice_doc(time_limit_ms="20000"), f"{P}.time_limit_ms", "integer"),
    (choice_doc(time_limit_ms=4999), f"{P}.time_limit_ms", "between 5000 and 240000"),
    (choice_doc(time_limit_ms=240001), f"{P}.time_limit_ms", "between"),
    (choice_doc(points=3), f"{P}.points", "between 0 and 2"),
    (choice_doc(points=-1), f"{P}.points", "between 0 and 2"),
    (choice_doc(points=True), f"{P}.points", "integer"),
    (choice_doc(points=1.5), f"{P}.points", "integer"),
    (choice_doc(media="http://x"), f"{P}.media", "must be an object"),
    (choice_doc(media={"sound": "v"}), f"{P}.media.sound", "unknown field"),
    (choice_doc(media={"image": 5}), f"{P}.media.image", "must be a string"),
    (choice_doc(media={"image": "h" * 2001}), f"{P}.media.image", "at most 2000"),
    (choice_doc(media={"audio": "https://x/a.mp3"}), f"{P}.media.audio", "uploaded here"),
    (choice_doc(media={"audio": f"/media/{'a' * 64}.mp4"}), f"{P}.media.audio", "mp3, m4a"),
    (choice_doc(media={"video": f"/media/{'a' * 64}.mp3"}), f"{P}.media.video", "an mp4"),
    (choice_doc(media={"video": f"/media/../{'a' * 64}.mp4"}), f"{P}.media.video", "an mp4"),
    (choice_doc(credit="Ada"), f"{P}.credit", "must be an object"),
    (choice_doc(credit={"name": "Ada"}), f"{P}.credit.contribution_id", "required"),
    (choice_doc(credit={"contribution_id": "c1"}), f"{P}.credit.name", "required"),
    (choice_doc(credit={"contribution_id": "c", "name": "n" * 61}), f"{P}.credit.name", "60"),
    (choice_doc(credit={"contribution_id": "c", "name": "A", "x": 1}), f"{P}.credit.x", "unknown"),
    (choice_doc(explanation=["x"]), f"{P}.explanation", "must be a string"),
    (choice_doc(explanation="e" * 1001), f"{P}.explanation", "at most 1000"),
    (choice_doc(choices=None), f"{P}.choices", "required"),
    (choice_doc(choices="ab"), f"{P}.choices", "must be a list"),
    (choice_doc(choices=["a"], correct=0), f"{P}.choices", "between 2 and 6"),
    (choice_doc(choices=list("abcdefg")), f"{P}.choices", "between 2 and 6"),
    (choice_doc(choices=["a", 2]), f"{P}.choices", f"{P}.choices[1] must be a string"),
    (choice_doc(choices=["a", " "]), f"{P}.choices", f"{P}.choices[1] must not be empty"),
    (choice_doc(choices=["a", "b" * 201]), f"{P}.choices", "at most 200"),
    (choice_doc(correct=None), f"{P}.correct", "required"),
    (choice_doc(correct=[]), f"{P}.correct", "between 1 and 3"),
    (choice_doc(correct=[0, 1, 2, 0]), f"{P}.correct", "between 1 and 3"),
    (choice_doc(correct=3), f"{P}.correct", f"{P}.correct[0] must be a choice index"),
    (choice_doc(correct=-1), f"{P}.correct", "between 0 and 2"),
    (choice_doc(correct=[0, 5]), f"{P}.correct", f"{P}.correct[1]"),
    (choice_doc(correct=True), f"{P}.correct", "must be a list"),
    (choice_doc(correct=[True]), f"{P}.correct", "choice index"),
    (choice_doc(correct=["1"]), f"{P}.correct", "choice index"),
    (choice_doc(correct=[1, 1]), f"{P}.correct", "twice"),
    (choice_doc(correct="1"), f"{P}.correct", "must be a list"),
    (tf_doc(correct=None), f"{P}.correct", "required"),
    (tf_doc(correct=0), f"{P}.correct", "true or false"),
    (tf_doc(correct="true"), f"{P}.correct", "true or false"),
]


@pytest.mark.parametrize(("doc", "field", "fragment"), BAD_QUESTIONS)
def test_parse_rejects(doc: object, field: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_question(doc, P)
    err = info.value
    assert (err.code, err.field) == ("invalid", field)
    assert fragment in err.message
    assert field.split("[")[0] in err.message


@pytest.mark.parametrize(
    "q",
    [SINGLE, MULTI, TF, parse_question(choice_doc(media={"image": "/u.png"}, explanation="e"), P)],
)
def test_to_doc_round_trips(q: Question) -> None:
    assert parse_question(q.to_doc(), "q") == q


def test_to_doc_shape() -> None:
    q = ChoiceQuestion(
        prompt="p", choices=("a", "b"), correct=(0, 1), points=2, image="u", explanation="e"
    )
    assert q.to_doc() == {
        "kind": "choice",
        "prompt": "p",
        "time_limit_ms": 20000,
        "points": 2,
        "choices": ["a", "b"],
        "correct": [0, 1],
        "media": {"image": "u"},
        "explanation": "e",
    }
    assert TF.to_doc() == {
        "kind": "true_false",
        "prompt": "Sky is blue.",
        "time_limit_ms": 20000,
        "points": 1,
        "correct": True,
    }


def test_kinds_registry() -> None:
    registered = dict(KINDS)
    assert registered == {
        "choice": ChoiceQuestion,
        "true_false": TrueFalseQuestion,
        "type_answer": TypeAnswerQuestion,
        "numeric": NumericQuestion,
        "order": OrderQuestion,
        "poll": PollQuestion,
        "word_cloud": WordCloudQuestion,
    }
    assert all(cls.kind == name for name, cls in registered.items())
    assert PLANNED_KINDS == ()
    assert {name for name, cls in registered.items() if not cls.scored} == {"poll", "word_cloud"}
    assert {"poll", "word_cloud"} == UNSCORED_KINDS
    open_keys = {name for name, cls in registered.items() if cls.open_keys}
    assert open_keys == {"type_answer", "numeric", "word_cloud"}


def test_a_planned_kind_is_refused_as_not_supported_yet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "PLANNED_KINDS", ("essay",))
    with pytest.raises(InvalidInput) as info:
        parse_question(choice_doc(kind="essay"), P)
    assert info.value.field == f"{P}.kind"
    assert "not supported yet" in info.value.message


# --- what players see ----------------------------------------------------------------------


def test_public_choice_hides_the_answer() -> None:
    q = ChoiceQuestion(prompt="p", choices=("a", "b"), correct=(1,), image="u", explanation="e")
    assert q.public() == {
        "kind": "choice",
        "prompt": "p",
        "time_limit_ms": 20000,
        "points": 1,
        "choices": ["a", "b"],
        "multi": False,
        "media": {"image": "u"},
    }
    assert MULTI.public(7000)["time_limit_ms"] == 7000
    assert MULTI.public()["multi"] is True


def test_public_true_false() -> None:
    assert TF.public(9000) == {
        "kind": "true_false",
        "prompt": "Sky is blue.",
        "time_limit_ms": 9000,
        "points": 1,
    }


@pytest.mark.parametrize("q", [SINGLE, MULTI, TF])
def test_public_never_holds_correct_or_explanation(q: Question) -> None:
    assert "correct" not in q.public() and "explanation" not in q.public()


# --- checking answers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "value", "verdict"),
    [
        (SINGLE, 1, Verdict(True, 1.0)),
        (SINGLE, 0, Verdict(False, 0.0)),
        (SINGLE, 3, Verdict(False, 0.0)),
        (SINGLE, [1], Verdict(True, 1.0)),
        (SINGLE, [2], Verdict(False, 0.0)),
        (MULTI, [0, 1, 3], Verdict(True, 1.0)),
        (MULTI, [3, 0, 1], Verdict(True, 1.0)),
        (MULTI, [0], Verdict(False, 1 / 3)),
        (MULTI, [0, 1], Verdict(False, 2 / 3)),
        (MULTI, [0, 1, 3, 2], Verdict(False, 2 / 3)),
        (MULTI, [0, 2], Verdict(False, 0.0)),
        (MULTI, [2, 4], Verdict(False, 0.0)),
        (MULTI, [0, 1, 2, 3, 4], Verdict(False, 1 / 3)),
        (TF, True, Verdict(True, 1.0)),
        (TF, False, Verdict(False, 0.0)),
    ],
)
def test_check(q: Question, value: object, verdict: Verdict) -> None:
    assert q.check(value) == verdict


@pytest.mark.parametrize(
    ("q", "value", "fragment"),
    [
        (SINGLE, True, "a choice index"),
        (SINGLE, "1", "a choice index"),
        (SINGLE, 1.0, "a choice index"),
        (SINGLE, None, "a choice index"),
        (SINGLE, 4, "between 0 and 3"),
        (SINGLE, -1, "between 0 and 3"),
        (SINGLE, [], "between 0 and 3"),
        (SINGLE, [True], "between 0 and 3"),
        (SINGLE, [1, 2], "single choice"),
        (SINGLE, [1, 1], "twice"),
        (MULTI, 0, "a list of choice indices"),
        (MULTI, {"0": 1}, "a list of choice indices"),
        (MULTI, [], "between 0 and 4"),
        (MULTI, [0, 5], "between 0 and 4"),
        (MULTI, [0, "1"], "between 0 and 4"),
        (MULTI, [0, 0], "twice"),
        (TF, 1, "true or false"),
        (TF, "true", "true or false"),
        (TF, None, "true or false"),
    ],
)
def test_check_rejects(q: Question, value: object, fragment: str) -> None:
    with pytest.raises(RuleViolation) as info:
        q.check(value)
    assert info.value.code == "invalid_answer"
    assert fragment in info.value.message
    assert not isinstance(info.value, InvalidInput)


@pytest.mark.parametrize(("q", "expected"), [(SINGLE, 1), (MULTI, [0, 1, 3]), (TF, True)])
def test_correct_value(q: Question, expected: object) -> None:
    assert q.correct_value() == expected
    assert q.check(q.correct_value()).correct


def test_multi_property() -> None:
    assert not SINGLE.multi and MULTI.multi


# --- distribution --------------------------------------------------------------------------


def test_choice_distribution() -> None:
    dist = SINGLE.empty_distribution()
    assert dist == {"0": 0, "1": 0, "2": 0, "3": 0}
    for value in (1, 1, [3], 0):
        SINGLE.tally(dist, value)
    assert dist == {"0": 1, "1": 2, "2": 0, "3": 1}


def test_multi_distribution_counts_each_pick() -> None:
    dist = MULTI.empty_distribution()
    MULTI.tally(dist, [0, 3])
    MULTI.tally(dist, [3])
    assert dist == {"0": 1, "1": 0, "2": 0, "3": 2, "4": 0}


def test_true_false_distribution() -> None:
    dist = TF.empty_distribution()
    assert dist == {"true": 0, "false": 0}
    for value in (True, False, True):
        TF.tally(dist, value)
    assert dist == {"true": 2, "false": 1}


@pytest.mark.parametrize(("q", "value", "key"), [(SINGLE, 2, "2"), (TF, False, "false")])
def test_tally_into_an_empty_dict(q: Question, value: object, key: str) -> None:
    dist: dict[str, int] = {}
    q.tally(dist, value)
    assert dist == {key: 1}


def test_questions_are_frozen() -> None:
    with pytest.raises(AttributeError):
        SINGLE.prompt = "x"  # type: ignore[misc]
