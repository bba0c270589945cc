"""The kinds beyond choice and true_false: type_answer, numeric, order, poll and word_cloud."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from games.errors import InvalidInput, RuleViolation
from games.kinds.numeric import MAX_NUMBER, NumericQuestion
from games.kinds.order import OrderQuestion
from games.kinds.poll import PollQuestion
from games.kinds.question import Question, Verdict
from games.kinds.registry import parse_question
from games.kinds.type_answer import TypeAnswerQuestion, top_answers
from games.kinds.word_cloud import WordCloudQuestion
from games.text import normalize_answer

P = "questions[3]"
RIGHT = Verdict(True, 1.0)
WRONG = Verdict(False, 0.0)


def doc(kind: str, **fields: Any) -> dict[str, Any]:
    return {"kind": kind, "prompt": "Q?"} | fields


def ta_doc(**extra: Any) -> dict[str, Any]:
    return doc("type_answer", accepted=["Paris"]) | extra


def num_doc(**extra: Any) -> dict[str, Any]:
    return doc("numeric", correct=42) | extra


def order_doc(**extra: Any) -> dict[str, Any]:
    return doc("order", items=["one", "two", "three"]) | extra


def poll_doc(**extra: Any) -> dict[str, Any]:
    return doc("poll", choices=["tea", "coffee"]) | extra


def cloud_doc(**extra: Any) -> dict[str, Any]:
    return doc("word_cloud") | extra


CAPITAL = TypeAnswerQuestion(
    prompt="Capital of France?", accepted=("Paris", "Paname", "Ville Lumière"), typos=1
)
NY = TypeAnswerQuestion(prompt="City?", accepted=("New York", "NYC"), typos=2)
STRICT = TypeAnswerQuestion(prompt="Year?", accepted=("1984",))
PI = NumericQuestion(prompt="π?", correct=3.14, tolerance=0.01, minimum=0, maximum=10)
ANSWER = NumericQuestion(prompt="Answer?", correct=42)
OPEN = NumericQuestion(prompt="Any", correct=-2.5, tolerance=1)
LOW_ONLY = NumericQuestion(prompt="Low", correct=5, minimum=1)
HIGH_ONLY = NumericQuestion(prompt="High", correct=5, maximum=9)
# Shown as ["b", "c", "a"]: display position 0 holds item 1, 1 holds item 2, 2 holds item 0.
ABC = OrderQuestion(prompt="Order", items=("a", "b", "c"), display=(1, 2, 0))
PLAIN_ORDER = OrderQuestion(prompt="Order", items=("x", "y"))
POLL = PollQuestion(prompt="Drink?", choices=("tea", "coffee", "water"))
CLOUD = WordCloudQuestion(prompt="One word for today")


# --- parsing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (ta_doc(), TypeAnswerQuestion(prompt="Q?", accepted=("Paris",), typos=0)),
        (
            ta_doc(accepted=[" Paris ", "Paname"], typos=2, points=2),
            TypeAnswerQuestion(prompt="Q?", points=2, accepted=("Paris", "Paname"), typos=2),
        ),
        (ta_doc(typos=None), TypeAnswerQuestion(prompt="Q?", accepted=("Paris",))),
        (ta_doc(accepted=["x" * 100] + [str(i) for i in range(19)]), None),
        (num_doc(), NumericQuestion(prompt="Q?", correct=42)),
        (
            num_doc(correct=3.14, tolerance=0.01, min=0, max=10.5),
            NumericQuestion(prompt="Q?", correct=3.14, tolerance=0.01, minimum=0, maximum=10.5),
        ),
        (num_doc(tolerance=None, min=None, max=None), NumericQuestion(prompt="Q?", correct=42)),
        (num_doc(min=42, max=43), NumericQuestion(prompt="Q?", correct=42, minimum=42, maximum=43)),
        (num_doc(min=-1), NumericQuestion(prompt="Q?", correct=42, minimum=-1)),
        (num_doc(max=42.0), NumericQuestion(prompt="Q?", correct=42, maximum=42.0)),
        (num_doc(correct=-(10**15)), NumericQuestion(prompt="Q?", correct=-(10**15))),
        (order_doc(), OrderQuestion(prompt="Q?", items=("one", "two", "three"))),
        (
            order_doc(display=[2, 0, 1]),
            OrderQuestion(prompt="Q?", items=("one", "two", "three"), display=(2, 0, 1)),
        ),
        (order_doc(display=None), OrderQuestion(prompt="Q?", items=("one", "two", "three"))),
        (order_doc(items=list("abcdefgh")), None),
        (poll_doc(), PollQuestion(prompt="Q?", points=0, choices=("tea", "coffee"))),
        (poll_doc(points=0), PollQuestion(prompt="Q?", points=0, choices=("tea", "coffee"))),
        (poll_doc(points=None), PollQuestion(prompt="Q?", points=0, choices=("tea", "coffee"))),
        (cloud_doc(), WordCloudQuestion(prompt="Q?", points=0)),
        (
            cloud_doc(points=0, explanation="why", media={"image": "/u.png"}),
            WordCloudQuestion(prompt="Q?", points=0, explanation="why", image="/u.png"),
        ),
    ],
)
def test_parse(raw: dict[str, Any], expected: Question | None) -> None:
    q = parse_question(raw, P)
    if expected is not None:
        assert q == expected
    assert parse_question(q.to_doc(), P) == q


BAD: list[tuple[object, str, str]] = [
    # type_answer
    (doc("type_answer"), f"{P}.accepted", "required"),
    (ta_doc(accepted="Paris"), f"{P}.accepted", "must be a list"),
    (ta_doc(accepted=[]), f"{P}.accepted", "between 1 and 20"),
    (ta_doc(accepted=[str(i) for i in range(21)]), f"{P}.accepted", "between 1 and 20"),
    (ta_doc(accepted=["Paris", 3]), f"{P}.accepted", f"{P}.accepted[1] must be a string"),
    (ta_doc(accepted=["  "]), f"{P}.accepted", f"{P}.accepted[0] must not be empty"),
    (ta_doc(accepted=["x" * 101]), f"{P}.accepted", "at most 100"),
    (ta_doc(accepted=["Paris", "?!"]), f"{P}.accepted", f"{P}.accepted[1] must hold a letter"),
    (ta_doc(accepted=["+"]), f"{P}.accepted", "must hold a letter or a digit"),
    (
        ta_doc(accepted=["New York", "Lyon", "new-york!"]),
        f"{P}.accepted",
        f"{P}.accepted[2] repeats {P}.accepted[0]",
    ),
    (ta_doc(accepted=["Zoë", "ZOE"]), f"{P}.accepted", "repeats"),
    (ta_doc(typos=4), f"{P}.typos", "between 0 and 3"),
    (ta_doc(typos=-1), f"{P}.typos", "between 0 and 3"),
    (ta_doc(typos=True), f"{P}.typos", "integer"),
    (ta_doc(typos=1.0), f"{P}.typos", "integer"),
    (ta_doc(correct="Paris"), f"{P}.correct", "unknown field"),
    # numeric
    (doc("numeric"), f"{P}.correct", "required"),
    (num_doc(correct="42"), f"{P}.correct", "must be a number"),
    (num_doc(correct=True), f"{P}.correct", "must be a number"),
    (num_doc(correct=[42]), f"{P}.correct", "must be a number"),
    (num_doc(correct=float("nan")), f"{P}.correct", "must be a number"),
    (num_doc(correct=float("inf")), f"{P}.correct", "must be a number"),
    (num_doc(correct=10**15 + 1), f"{P}.correct", "between -1000000000000000 and"),
    (num_doc(correct=-1e16), f"{P}.correct", "between"),
    (num_doc(tolerance=-0.5), f"{P}.tolerance", "0 or more"),
    (num_doc(tolerance="1"), f"{P}.tolerance", "must be a number"),
    (num_doc(tolerance=False), f"{P}.tolerance", "must be a number"),
    (num_doc(min="0"), f"{P}.min", "must be a number"),
    (num_doc(max=float("-inf")), f"{P}.max", "must be a number"),
    (num_doc(min=10, max=10), f"{P}.max", f"{P}.max must be greater than {P}.min"),
    (num_doc(min=50, max=10), f"{P}.max", "greater than"),
    (num_doc(min=43, max=50), f"{P}.correct", f"{P}.correct must be at least {P}.min (43)"),
    (num_doc(min=0, max=41.99), f"{P}.correct", f"{P}.correct must be at most {P}.max (41.99)"),
    (num_doc(min=43), f"{P}.correct", "at least"),
    (num_doc(max=41.0), f"{P}.correct", f"at most {P}.max (41)"),
    (num_doc(step=1), f"{P}.step", "unknown field"),
    # order
    (doc("order"), f"{P}.items", "required"),
    (order_doc(items="abc"), f"{P}.items", "must be a list"),
    (order_doc(items=["a"]), f"{P}.items", "between 2 and 8"),
    (order_doc(items=list("abcdefghi")), f"{P}.items", "between 2 and 8"),
    (order_doc(items=["a", None]), f"{P}.items", f"{P}.items[1] must be a string"),
    (order_doc(items=["a", ""]), f"{P}.items", f"{P}.items[1] must not be empty"),
    (order_doc(items=["a", "b" * 201]), f"{P}.items", "at most 200"),
    (order_doc(items=["a", "b", " A "]), f"{P}.items", f"{P}.items[2] repeats {P}.items[0]"),
    (order_doc(display="012"), f"{P}.display", "must be a list"),
    (order_doc(display=[0, 1]), f"{P}.display", "between 3 and 3"),
    (order_doc(display=[0, 1, 1]), f"{P}.display", "each item index 0 to 2 once"),
    (order_doc(display=[0, 1, 3]), f"{P}.display", "once"),
    (order_doc(display=[0, 1, True]), f"{P}.display", "once"),
    (order_doc(display=[0, 1, 2.0]), f"{P}.display", "once"),
    (order_doc(correct=[0, 1, 2]), f"{P}.correct", "unknown field"),
    # poll
    (doc("poll"), f"{P}.choices", "required"),
    (poll_doc(choices=["a"]), f"{P}.choices", "between 2 and 6"),
    (poll_doc(choices=list("abcdefg")), f"{P}.choices", "between 2 and 6"),
    (poll_doc(choices=["a", 1]), f"{P}.choices", f"{P}.choices[1] must be a string"),
    (poll_doc(points=1), f"{P}.points", "must be 0 or absent: a poll earns no points"),
    (poll_doc(points=2), f"{P}.points", "must be 0"),
    (poll_doc(points=3), f"{P}.points", "between 0 and 2"),
    (poll_doc(correct=0), f"{P}.correct", "unknown field"),
    # word_cloud
    (cloud_doc(points=1), f"{P}.points", "a word_cloud earns no points"),
    (cloud_doc(points="0"), f"{P}.points", "integer"),
    (cloud_doc(choices=["a", "b"]), f"{P}.choices", "unknown field"),
    (cloud_doc(prompt=""), f"{P}.prompt", "must not be empty"),
    (cloud_doc(media={"image": 3}), f"{P}.media.image", "must be a string"),
]


@pytest.mark.parametrize(("raw", "field", "fragment"), BAD)
def test_parse_rejects(raw: object, field: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_question(raw, P)
    err = info.value
    assert (err.code, err.field) == ("invalid", field)
    assert fragment in err.message
    assert field.split("[")[0] in err.message or field.rsplit(".", 1)[0] in err.message


def test_to_doc_shapes() -> None:
    assert CAPITAL.to_doc() == {
        "kind": "type_answer",
        "prompt": "Capital of France?",
        "time_limit_ms": 20000,
        "points": 1,
        "accepted": ["Paris", "Paname", "Ville Lumière"],
        "typos": 1,
    }
    assert PI.to_doc() == {
        "kind": "numeric",
        "prompt": "π?",
        "time_limit_ms": 20000,
        "points": 1,
        "correct": 3.14,
        "tolerance": 0.01,
        "min": 0,
        "max": 10,
    }
    assert "min" not in OPEN.to_doc() and "max" not in OPEN.to_doc()
    assert ABC.to_doc()["display"] == [1, 2, 0]
    assert "display" not in PLAIN_ORDER.to_doc()
    assert PLAIN_ORDER.to_doc() == {
        "kind": "order",
        "prompt": "Order",
        "time_limit_ms": 20000,
        "points": 1,
        "items": ["x", "y"],
    }
    assert POLL.to_doc() == {
        "kind": "poll",
        "prompt": "Drink?",
        "time_limit_ms": 20000,
        "points": 0,
        "choices": ["tea", "coffee", "water"],
    }
    assert CLOUD.to_doc() == {
        "kind": "word_cloud",
        "prompt": "One word for today",
        "time_limit_ms": 20000,
        "points": 0,
    }


def test_unscored_kinds_are_never_worth_points() -> None:
    assert PollQuestion(prompt="p", points=2, choices=("a", "b")).points == 0
    assert WordCloudQuestion(prompt="p", points=1).points == 0
    same = PollQuestion(prompt="Drink?", points=0, choices=("tea", "coffee", "water"))
    assert same == POLL


@pytest.mark.parametrize(
    "q",
    [CAPITAL, NY, STRICT, PI, ANSWER, OPEN, LOW_ONLY, HIGH_ONLY, ABC, PLAIN_ORDER, POLL, CLOUD],
)
def test_to_doc_round_trips(q: Question) -> None:
    assert parse_question(q.to_doc(), P) == q


def test_order_display_must_be_a_permutation() -> None:
    with pytest.raises(ValueError, match="permutation"):
        OrderQuestion(prompt="p", items=("a", "b"), display=(0, 0))
    with pytest.raises(ValueError, match="permutation"):
        OrderQuestion(prompt="p", items=("a", "b"), display=(0,))
    assert PLAIN_ORDER.display == (0, 1)
    assert ABC.shuffled([2, 1, 0]).display == (2, 1, 0)
    assert ABC.shuffled([2, 1, 0]).items == ABC.items


# --- what players see ----------------------------------------------------------------------


def test_public_views() -> None:
    assert CAPITAL.public(9000) == {
        "kind": "type_answer",
        "prompt": "Capital of France?",
        "time_limit_ms": 9000,
        "points": 1,
        "max_length": 200,
    }
    assert PI.public() == {
        "kind": "numeric",
        "prompt": "π?",
        "time_limit_ms": 20000,
        "points": 1,
        "min": 0,
        "max": 10,
    }
    assert "min" not in OPEN.public() and "max" not in OPEN.public()
    assert LOW_ONLY.public()["min"] == 1 and "max" not in LOW_ONLY.public()
    assert ABC.public()["items"] == ["b", "c", "a"]
    assert PLAIN_ORDER.public()["items"] == ["x", "y"]
    assert POLL.public() == {
        "kind": "poll",
        "prompt": "Drink?",
        "time_limit_ms": 20000,
        "points": 0,
        "choices": ["tea", "coffee", "water"],
    }
    assert CLOUD.public() == {
        "kind": "word_cloud",
        "prompt": "One word for today",
        "time_limit_ms": 20000,
        "points": 0,
        "max_length": 40,
    }


@pytest.mark.parametrize("q", [CAPITAL, PI, ABC, POLL, CLOUD])
def test_public_never_holds_the_answer(q: Question) -> None:
    public = q.public()
    assert not {"correct", "accepted", "tolerance", "explanation", "display"} & set(public)


# --- checking answers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("q", "value", "verdict"),
    [
        (CAPITAL, "Paris", RIGHT),
        (CAPITAL, "  paris  ", RIGHT),
        (CAPITAL, "PARIS!!!", RIGHT),
        (CAPITAL, "París", RIGHT),
        (CAPITAL, "Pa-ris", RIGHT),
        (CAPITAL, "Pariss", RIGHT),  # one insertion, "Paris" has 5 letters
        (CAPITAL, "Parsi", WRONG),  # a swap is two edits
        (CAPITAL, "Pxrxs", WRONG),
        (CAPITAL, "Lyon", WRONG),
        (CAPITAL, "paname", RIGHT),
        (CAPITAL, "Pname", RIGHT),  # one deletion from Paname (6 letters)
        (CAPITAL, "ville lumiere", RIGHT),
        (CAPITAL, "Ville-Lumière", RIGHT),
        (CAPITAL, "VilleLumiere", RIGHT),  # spaces are ignored
        (CAPITAL, "Vile Lumiere", RIGHT),
        (NY, "new york", RIGHT),
        (NY, "NEW  YORK", RIGHT),
        (NY, "New-York", RIGHT),
        (NY, "Nw Yrk", RIGHT),  # two edits, 7 letters
        (NY, "N.Y.C.", RIGHT),
        (NY, "NY", WRONG),  # "NYC" has 3 letters: no typos forgiven
        (NY, "NYCC", WRONG),
        (STRICT, "1984", RIGHT),
        (STRICT, " 1984. ", RIGHT),
        (STRICT, "1985", WRONG),  # digits are not letters: typos never apply to "1984"
        (PI, 3.14, RIGHT),
        (PI, 3.15, RIGHT),  # exactly 0.01 away, compared as decimals
        (PI, 3.13, RIGHT),
        (PI, 3.1500001, WRONG),
        (PI, 3.16, WRONG),
        (PI, 3, WRONG),
        (PI, 0, WRONG),
        (PI, 10, WRONG),
        (PI, 10.0, WRONG),
        (ANSWER, 42, RIGHT),
        (ANSWER, 42.0, RIGHT),
        (ANSWER, 41.999, WRONG),
        (ANSWER, -42, WRONG),
        (OPEN, -3.5, RIGHT),
        (OPEN, -1.5, RIGHT),
        (OPEN, -1.49, WRONG),
        (OPEN, 10**15, WRONG),
        (OPEN, -1e15, WRONG),
        (LOW_ONLY, 1, WRONG),
        (LOW_ONLY, 5.0, RIGHT),
        (HIGH_ONLY, 9, WRONG),
        (HIGH_ONLY, -1000, WRONG),
        # ABC shows ["b", "c", "a"]: the right order a, b, c is positions 2, 0, 1.
        (ABC, [2, 0, 1], RIGHT),
        (ABC, [0, 1, 2], WRONG),
        (ABC, [1, 2, 0], WRONG),
        (ABC, [2, 1, 0], WRONG),
        (PLAIN_ORDER, [0, 1], RIGHT),
        (PLAIN_ORDER, [1, 0], WRONG),
        (POLL, 0, WRONG),
        (POLL, 2, WRONG),
        (POLL, [1], WRONG),
        (CLOUD, "sunny", WRONG),
        (CLOUD, "  Fun, fun & more fun!  ", WRONG),
        (CLOUD, "x" * 40, WRONG),
        (CLOUD, "🎉", WRONG),
    ],
)
def test_check(q: Question, value: object, verdict: Verdict) -> None:
    assert q.check(value) == verdict


@pytest.mark.parametrize(
    ("q", "value", "fragment"),
    [
        (CAPITAL, None, "must be a string"),
        (CAPITAL, 42, "must be a string"),
        (CAPITAL, ["Paris"], "must be a string"),
        (CAPITAL, "", "a letter or a digit"),
        (CAPITAL, "   ", "a letter or a digit"),
        (CAPITAL, "?!…", "a letter or a digit"),
        (CAPITAL, "\u200b", "a letter or a digit"),
        (CAPITAL, "x" * 201, "at most 200"),
        (PI, "3.14", "must be a number"),
        (PI, None, "must be a number"),
        (PI, True, "must be a number"),
        (PI, [3.14], "must be a number"),
        (PI, float("nan"), "must be a number"),
        (PI, float("inf"), "must be a number"),
        (PI, -0.01, "at least 0"),
        (PI, 10.5, "at most 10"),
        (PI, 11, "at most 10"),
        (LOW_ONLY, 0.999, "at least 1"),
        (HIGH_ONLY, 9.5, "at most 9"),
        (OPEN, 10**15 + 1, "between -1000000000000000 and 1000000000000000"),
        (OPEN, -1e16, "between"),
        (ABC, None, "each displayed position 0 to 2 once"),
        (ABC, 2, "once"),
        (ABC, "201", "once"),
        (ABC, [0, 1], "once"),
        (ABC, [0, 1, 2, 0], "once"),
        (ABC, [0, 1, 1], "once"),
        (ABC, [0, 1, 3], "once"),
        (ABC, [0, 1, -1], "once"),
        (ABC, [0, 1, True], "once"),
        (ABC, [0, 1, 2.0], "once"),
        (ABC, ["0", "1", "2"], "once"),
        (POLL, 3, "between 0 and 2"),
        (POLL, -1, "between 0 and 2"),
        (POLL, True, "a choice index"),
        (POLL, "1", "a choice index"),
        (POLL, [0, 1], "single choice"),
        (POLL, [], "between 0 and 2"),
        (CLOUD, None, "must be a string"),
        (CLOUD, 5, "must be a string"),
        (CLOUD, "", "1 to 40"),
        (CLOUD, "   ", "1 to 40"),
        (CLOUD, "x" * 41, "1 to 40"),
        (CLOUD, "fun\x00", "control characters"),
        (CLOUD, "fun\nday", "control characters"),
        (CLOUD, "fun\u200bday", "control characters"),
        (CLOUD, "?!", "a word"),
        (CLOUD, "... — ...", "a word"),
    ],
)
def test_check_rejects(q: Question, value: object, fragment: str) -> None:
    with pytest.raises(RuleViolation) as info:
        q.check(value)
    assert info.value.code == "invalid_answer"
    assert fragment in info.value.message
    assert not isinstance(info.value, InvalidInput)


def test_a_long_cloud_answer_counts_once_trimmed() -> None:
    assert CLOUD.check("  " + "x" * 40 + "  ") == WRONG


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (CAPITAL, ["Paris", "Paname", "Ville Lumière"]),
        (PI, 3.14),
        (ANSWER, 42),
        (ABC, [2, 0, 1]),
        (PLAIN_ORDER, [0, 1]),
        (POLL, None),
        (CLOUD, None),
    ],
)
def test_correct_value(q: Question, expected: object) -> None:
    assert q.correct_value() == expected


@pytest.mark.parametrize("q", [PI, ANSWER, OPEN, ABC, PLAIN_ORDER])
def test_correct_value_is_right(q: Question) -> None:
    assert q.check(q.correct_value()) == RIGHT


def test_every_accepted_answer_is_right() -> None:
    for q in (CAPITAL, NY, STRICT):
        assert all(q.check(a) == RIGHT for a in q.correct_value())


def test_match_names_the_accepted_answer() -> None:
    assert CAPITAL.match("paname") == 1
    assert CAPITAL.match("Lyon") is None
    # An exact match wins over an earlier accepted answer within the typo allowance.
    q = TypeAnswerQuestion(prompt="p", accepted=("Mariel", "Marie"), typos=1)
    assert q.match("marie") == 1
    assert q.match("maried") == 0  # within one edit of both: the first accepted answer wins


@pytest.mark.parametrize("q", [POLL, CLOUD])
def test_unscored_kinds(q: Question) -> None:
    assert not q.scored


@pytest.mark.parametrize("q", [CAPITAL, PI, ABC])
def test_scored_kinds(q: Question) -> None:
    assert q.scored


# --- distributions -------------------------------------------------------------------------


def test_type_answer_distribution() -> None:
    dist = CAPITAL.distribution(
        [
            "paris",
            "PARIS",
            "Pariss",
            "Lyon",
            "lyon!",
            "Paname",
            "Marseille",
            "ville lumiere",
            "Nice",
        ]
    )
    assert dist == {
        "Paris": 3,
        "Paname": 1,
        "Ville Lumière": 1,
        "lyon": 2,
        "marseille": 1,
        "nice": 1,
    }
    assert CAPITAL.empty_distribution() == {"Paris": 0, "Paname": 0, "Ville Lumière": 0}
    assert CAPITAL.answer_key("  LYON ") == "lyon"
    assert CAPITAL.answer_key("parís") == "Paris"


def test_type_answer_reveal_keeps_accepted_and_top_wrong() -> None:
    dist = {"Paris": 5, "Paname": 0, "Ville Lumière": 0, "lyon": 4, "nice": 1, "marseille": 4}
    dist |= {f"wrong {i}": 1 for i in range(10)}
    top = top_answers(dist, CAPITAL, limit=3)
    assert top == {
        "Paris": 5,
        "Paname": 0,
        "Ville Lumière": 0,
        "lyon": 4,
        "marseille": 4,
        "nice": 1,
    }
    assert list(top)[:3] == ["Paris", "Paname", "Ville Lumière"]
    assert CAPITAL.reveal_distribution(dist) == top_answers(dist, CAPITAL)
    assert len(CAPITAL.reveal_distribution(dist)) == 3 + 5
    assert CAPITAL.reveal_distribution(dist, limit=0) == {
        "Paris": 5,
        "Paname": 0,
        "Ville Lumière": 0,
    }
    assert top_answers({}, CAPITAL) == CAPITAL.empty_distribution()
    assert top_answers({"x": 0}, CAPITAL, limit=-1) == CAPITAL.empty_distribution()


def test_numeric_distribution() -> None:
    dist = PI.distribution([3.14, 3.14, 3.15, 3, 3.0, 10, 0.5])
    assert dist == {"3.14": 2, "3.15": 1, "3": 2, "10": 1, "0.5": 1}
    assert ANSWER.empty_distribution() == {"42": 0}
    assert ANSWER.distribution([42.0, -0.0, 1e-7]) == {"42": 1, "0": 1, "1e-07": 1}
    many = ANSWER.distribution([*range(100), 7, 7, 8])
    reveal = ANSWER.reveal_distribution(many)
    assert len(reveal) == 21 and reveal["42"] == 1
    assert list(reveal)[:3] == ["42", "7", "8"]
    assert ANSWER.reveal_distribution(many, limit=1) == {"42": 1, "7": 3}


def test_order_distribution() -> None:
    dist = ABC.distribution([[2, 0, 1], [0, 1, 2], [2, 0, 1], [1, 0, 2]])
    assert dist == {"correct": 2, "incorrect": 2}
    assert ABC.reveal_distribution(dist) == dist
    fresh: dict[str, int] = {}
    ABC.tally(fresh, [0, 1, 2])
    assert fresh == {"incorrect": 1}


def test_poll_distribution() -> None:
    assert POLL.empty_distribution() == {"0": 0, "1": 0, "2": 0}
    dist = POLL.distribution([0, 2, 2, [1]])
    assert dist == {"0": 1, "1": 1, "2": 2}
    assert POLL.reveal_distribution(dist) == dist


def test_word_cloud_distribution() -> None:
    assert CLOUD.empty_distribution() == {}
    dist = CLOUD.distribution(["Sunny day", "sunny, SUNNY!", "rainy day", "Café", "cafe", "🎉 🎉"])
    assert dist == {"sunny": 2, "day": 2, "rainy": 1, "café": 1, "cafe": 1, "🎉": 1}
    many = {f"w{i:03}": i % 7 for i in range(200)}
    reveal = CLOUD.reveal_distribution(many)
    assert len(reveal) == 50 and min(reveal.values()) >= 5
    assert CLOUD.reveal_distribution({"a": 1, "b": 3}, limit=1) == {"b": 3}
    assert CLOUD.words("Fun, fun & FUN!") == ["fun"]


def test_choice_distribution_unchanged_at_reveal() -> None:
    q = parse_question(doc("choice", choices=["a", "b"], correct=0), P)
    dist = q.distribution([0, 0, 1])
    assert dist == {"0": 2, "1": 1}
    assert q.reveal_distribution(dist) == dist
    assert q.reveal_distribution(dist) is not dist


# --- properties ----------------------------------------------------------------------------

ACCENTS = ["\u0301", "\u0300", "\u0308", "\u0302", "\u0327"]
PUNCTUATION = [*".,;:!?'\"-()[]{}…«»¿¡/*&#@%", "+", "$", "€", "©", "°"]

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèàüöçñ0123456789", min_size=1, max_size=12)
accepted_texts = st.lists(words, min_size=1, max_size=3).map(" ".join)


@st.composite
def disguised(draw: st.DrawFn, text: str) -> str:
    """`text` re-cased, re-accented, with punctuation and spaces thrown in."""
    out: list[str] = [draw(st.sampled_from(["", " ", "  ", "¿"]))]
    for c in text:
        if draw(st.booleans()):
            c = c.upper()
        out.append(c)
        if c.isalpha() and draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(ACCENTS)))
        if draw(st.integers(0, 4)) == 0:
            out.append(draw(st.sampled_from(PUNCTUATION)))
        if c == " " and draw(st.booleans()):
            out.append(draw(st.sampled_from([" ", "\t", "\u00a0"])))
    out.append(draw(st.sampled_from(["", " ", "!", "?!", "."])))
    return "".join(out)


@settings(max_examples=200)
@given(st.lists(accepted_texts, min_size=1, max_size=4), st.integers(0, 3), st.data())
def test_type_answer_accepted_answers_survive_disguise(
    accepted: list[str], typos: int, data: st.DataObject
) -> None:
    keys = [normalize_answer(a).replace(" ", "") for a in accepted]
    assume(len(set(keys)) == len(keys))
    q = TypeAnswerQuestion(prompt="p", accepted=tuple(accepted), typos=typos)
    index = data.draw(st.integers(0, len(accepted) - 1))
    answer = data.draw(disguised(accepted[index]))
    assume(len(answer) <= 200)
    assert q.check(answer) == RIGHT
    assert q.answer_key(answer) in accepted
    assert q.check(answer) == RIGHT  # and again from the cache


@settings(max_examples=200)
@given(accepted_texts, st.text(max_size=30))
def test_type_answer_without_typos_is_exact_on_the_normalised_form(
    accepted: str, answer: str
) -> None:
    q = TypeAnswerQuestion(prompt="p", accepted=(accepted,))
    normalized = normalize_answer(answer)
    assume(normalized)
    same = normalized.replace(" ", "") == normalize_answer(accepted).replace(" ", "")
    assert q.check(answer).correct is same
    assert q.answer_key(answer) == (accepted if same else normalized)


decimals = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)


@settings(max_examples=300)
@given(decimals, st.decimals(min_value=0, max_value=50, places=2), decimals)
def test_numeric_within_tolerance_iff_correct(correct: Any, tolerance: Any, answer: Any) -> None:
    q = NumericQuestion(prompt="p", correct=float(correct), tolerance=float(tolerance))
    assert q.check(float(answer)).correct is (abs(answer - correct) <= tolerance)
    if answer == answer.to_integral_value():
        assert q.check(int(answer)).correct is (abs(answer - correct) <= tolerance)


@settings(max_examples=200)
@given(st.integers(2, 6), st.data())
def test_order_right_for_exactly_one_permutation(n: int, data: st.DataObject) -> None:
    display = tuple(data.draw(st.permutations(range(n))))
    q = OrderQuestion(prompt="p", items=tuple(f"item {i}" for i in range(n)), display=display)
    right = [list(p) for p in itertools.permutations(range(n)) if q.check(list(p)).correct]
    assert right == [q.correct_value()]
    assert [q.public()["items"][i] for i in q.correct_value()] == list(q.items)


def test_order_with_eight_items_has_one_right_answer() -> None:
    rng = random.Random(8)
    display = list(range(8))
    rng.shuffle(display)
    q = OrderQuestion(prompt="p", items=tuple("abcdefgh"), display=tuple(display))
    right = sum(1 for p in itertools.permutations(range(8)) if q.check(list(p)).correct)
    assert right == 1


@settings(max_examples=100)
@given(st.lists(st.text(max_size=45), max_size=20))
def test_word_cloud_counts_each_word_once_per_answer(answers: list[str]) -> None:
    valid = []
    for a in answers:
        try:
            CLOUD.check(a)
        except RuleViolation:
            continue
        valid.append(a)
    dist = CLOUD.distribution(valid)
    assert all(n >= 1 for n in dist.values())
    assert sum(dist.values()) == sum(len(CLOUD.words(a)) for a in valid)
    assert all(n <= len(valid) for n in dist.values())


@settings(max_examples=100)
@given(st.one_of(st.integers(-(10**16), 10**16), st.floats(allow_nan=True, allow_infinity=True)))
def test_numeric_accepts_exactly_the_finite_numbers_in_range(value: float) -> None:
    try:
        OPEN.check(value)
    except RuleViolation as err:
        assert err.code == "invalid_answer"
        assert not (abs(value) <= MAX_NUMBER)
    else:
        assert abs(value) <= MAX_NUMBER
