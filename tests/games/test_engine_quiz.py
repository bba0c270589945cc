"""Quiz documents."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.errors import InvalidInput
from games.kinds.choice import ChoiceQuestion
from games.kinds.numeric import NumericQuestion
from games.kinds.order import OrderQuestion
from games.kinds.poll import PollQuestion
from games.kinds.question import Question
from games.kinds.true_false import TrueFalseQuestion
from games.kinds.type_answer import TypeAnswerQuestion
from games.kinds.word_cloud import WordCloudQuestion
from games.quiz import Quiz, parse_quiz
from games.text import normalize_answer

Q0 = {"kind": "choice", "prompt": "Port?", "choices": ["80", "443"], "correct": [1]}
Q1 = {"kind": "true_false", "prompt": "Redis is relational.", "correct": False}


def quiz_doc(**extra: Any) -> dict[str, Any]:
    return {"title": "Week 1", "questions": [Q0, Q1]} | extra


def test_parse_protocol_example() -> None:
    quiz = parse_quiz(quiz_doc(id="abc"))
    assert quiz == Quiz(
        title="Week 1",
        questions=(
            ChoiceQuestion(prompt="Port?", choices=("80", "443"), correct=(1,)),
            TrueFalseQuestion(prompt="Redis is relational.", correct=False),
        ),
    )
    assert quiz.description is None
    assert "description" not in quiz.to_doc()


def test_description_kept() -> None:
    quiz = parse_quiz(quiz_doc(title="  Week 1 ", description="About ports"))
    assert quiz.title == "Week 1"
    assert quiz.description == "About ports"
    assert quiz.to_doc()["description"] == "About ports"
    assert parse_quiz(quiz.to_doc()) == quiz


def test_tags_are_trimmed_lower_cased_and_unique() -> None:
    quiz = parse_quiz(quiz_doc(tags=[" Safety ", "fire drill", "SAFETY", "Fire Drill"]))
    assert quiz.tags == ("safety", "fire drill")
    assert quiz.to_doc()["tags"] == ["safety", "fire drill"]
    assert parse_quiz(quiz.to_doc()) == quiz
    assert parse_quiz(quiz_doc(tags=None)).tags == ()
    assert "tags" not in parse_quiz(quiz_doc(tags=[])).to_doc()


@pytest.mark.parametrize(
    ("tags", "field", "message"),
    [
        ("safety", "tags", "tags must be a list"),
        ([f"t{i}" for i in range(11)], "tags", "tags must hold between 0 and 10 items"),
        (["ok", "x" * 33], "tags", "tags[1] must be at most 32 characters"),
        (["ok", "  "], "tags", "tags[1] must not be empty"),
        ([3], "tags", "tags[0] must be a string"),
        (["a\x00b"], "tags", "tags[0] must be valid Unicode without NUL characters"),
    ],
)
def test_bad_tags_are_refused(tags: object, field: str, message: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_quiz(quiz_doc(tags=tags))
    assert err.value.field == field
    assert str(err.value) == message


def test_to_doc() -> None:
    assert parse_quiz(quiz_doc()).to_doc() == {
        "title": "Week 1",
        "questions": [
            Q0 | {"time_limit_ms": 20000, "points": 1},
            Q1 | {"time_limit_ms": 20000, "points": 1},
        ],
    }


@pytest.mark.parametrize(
    ("doc", "field", "fragment"),
    [
        (None, "quiz", "must be an object"),
        ([Q0], "quiz", "must be an object"),
        ({"questions": [Q0]}, "title", "required"),
        (quiz_doc(title=7), "title", "must be a string"),
        (quiz_doc(title="  "), "title", "must not be empty"),
        (quiz_doc(title="t" * 201), "title", "at most 200"),
        ({"title": "t"}, "questions", "required"),
        (quiz_doc(questions={}), "questions", "must be a list"),
        (quiz_doc(questions=[]), "questions", "between 1 and 200"),
        (quiz_doc(questions=[Q1] * 201), "questions", "between 1 and 200"),
        (quiz_doc(description=3), "description", "must be a string"),
        (quiz_doc(description="d" * 2001), "description", "at most 2000"),
        (quiz_doc(owner="me"), "owner", "unknown field: owner"),
        (quiz_doc(questions=[Q0, Q0 | {"choices": ["a"]}]), "questions[1].choices", "between"),
        (quiz_doc(questions=[Q0, 5]), "questions[1]", "must be an object"),
        (
            quiz_doc(questions=[Q1, Q1, Q0 | {"correct": [7]}]),
            "questions[2].correct",
            "questions[2].correct[0]",
        ),
    ],
)
def test_parse_rejects(doc: object, field: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_quiz(doc)
    assert info.value.field == field
    assert fragment in info.value.message


def test_two_hundred_questions_allowed() -> None:
    assert len(parse_quiz(quiz_doc(questions=[Q1] * 200)).questions) == 200


# --- round trip ----------------------------------------------------------------------------

# Any storable text (NUL is refused: see test_engine_text.py).
texts = st.text(
    st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=30
).filter(lambda s: s.strip() == s and s != "")
# Image addresses the engine accepts (tests/games/test_engine_images.py has the rules).
image_urls = st.builds(
    "{}{}".format,
    st.sampled_from(["https://cdn.example.org/", "http://203.0.113.7:8080/", "/img/"]),
    st.text(st.characters(whitelist_categories=("L", "N"), max_codepoint=0x2FF), max_size=20),
)


def common(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "prompt": draw(texts),
        "time_limit_ms": draw(st.integers(5000, 240000)),
        "points": draw(st.sampled_from([0, 1, 2])),
        "image": draw(st.none() | image_urls),
        "explanation": draw(st.none() | texts),
    }


@st.composite
def choice_questions(draw: st.DrawFn) -> Question:
    choices = draw(st.lists(texts, min_size=2, max_size=6))
    correct = draw(
        st.lists(st.integers(0, len(choices) - 1), min_size=1, max_size=len(choices), unique=True)
    )
    return ChoiceQuestion(**common(draw), choices=tuple(choices), correct=tuple(sorted(correct)))


@st.composite
def tf_questions(draw: st.DrawFn) -> Question:
    return TrueFalseQuestion(**common(draw), correct=draw(st.booleans()))


@st.composite
def type_answer_questions(draw: st.DrawFn) -> Question:
    accepted = draw(
        st.lists(
            texts.filter(lambda t: normalize_answer(t) != ""),
            min_size=1,
            max_size=4,
            unique_by=lambda t: normalize_answer(t).replace(" ", ""),
        )
    )
    typos = draw(st.integers(0, 3))
    return TypeAnswerQuestion(**common(draw), accepted=tuple(accepted), typos=typos)


numbers = st.integers(-(10**6), 10**6) | st.floats(-1e6, 1e6, allow_nan=False)


@st.composite
def numeric_questions(draw: st.DrawFn) -> Question:
    correct = draw(numbers)
    tolerance = draw(st.integers(0, 100) | st.floats(0, 100))
    low = draw(st.none() | st.just(correct - 1) | st.just(correct))
    high = draw(st.none() | st.just(correct + 1))
    if low is not None and high is None and low == correct:
        high = draw(st.none() | st.just(correct + 0.5))
    return NumericQuestion(
        **common(draw), correct=correct, tolerance=tolerance, minimum=low, maximum=high
    )


@st.composite
def order_questions(draw: st.DrawFn) -> Question:
    items = draw(st.lists(texts, min_size=2, max_size=8, unique_by=str.casefold))
    display = draw(st.permutations(range(len(items))))
    return OrderQuestion(**common(draw), items=tuple(items), display=tuple(display))


@st.composite
def poll_questions(draw: st.DrawFn) -> Question:
    choices = draw(st.lists(texts, min_size=2, max_size=6))
    return PollQuestion(**common(draw) | {"points": 0}, choices=tuple(choices))


@st.composite
def word_cloud_questions(draw: st.DrawFn) -> Question:
    return WordCloudQuestion(**common(draw) | {"points": 0})


any_question = (
    choice_questions()
    | tf_questions()
    | type_answer_questions()
    | numeric_questions()
    | order_questions()
    | poll_questions()
    | word_cloud_questions()
)

quizzes = st.builds(
    Quiz,
    title=texts,
    questions=st.lists(any_question, min_size=1, max_size=7).map(tuple),
    description=st.none() | texts,
)


@settings(max_examples=150, deadline=None)
@given(quizzes)
def test_round_trip(quiz: Quiz) -> None:
    assert parse_quiz(quiz.to_doc()) == quiz


# --- preparing a game ----------------------------------------------------------------------

ORDER = {"kind": "order", "prompt": "Oldest first", "items": ["Rome", "Paris", "Berlin"]}
TWO = {"kind": "order", "prompt": "Smaller first", "items": ["1", "2"]}


def test_prepare_shuffles_every_order_question_and_nothing_else() -> None:
    quiz = parse_quiz(quiz_doc(questions=[Q0, ORDER, Q1, TWO]))
    prepared = quiz.prepare(random.Random(7))
    assert prepared.title == quiz.title
    assert prepared.questions[0] is quiz.questions[0]
    assert prepared.questions[2] is quiz.questions[2]
    for index in (1, 3):
        before, after = quiz.questions[index], prepared.questions[index]
        assert isinstance(before, OrderQuestion) and isinstance(after, OrderQuestion)
        assert after.items == before.items
        assert sorted(after.display) == list(range(len(after.items)))
        assert after.public()["items"] == [after.items[i] for i in after.display]
    assert quiz.questions[1] == parse_quiz(quiz_doc(questions=[Q0, ORDER, Q1, TWO])).questions[1]
    # Stored and reloaded, the prepared quiz shows the same order.
    assert parse_quiz(prepared.to_doc()) == prepared
    shown = prepared.questions[1]
    assert isinstance(shown, OrderQuestion)
    assert prepared.to_doc()["questions"][1]["display"] == list(shown.display)


def test_prepare_is_deterministic_in_the_rng() -> None:
    quiz = parse_quiz(quiz_doc(questions=[ORDER, TWO, ORDER]))
    assert quiz.prepare(random.Random(3)) == quiz.prepare(random.Random(3))
    displays = {quiz.prepare(random.Random(s)).questions[0].public()["items"][0] for s in range(30)}
    assert len(displays) > 1


def test_a_two_item_order_question_shows_the_right_order_about_half_the_time() -> None:
    # Were the right order never shown, the answer would always be the reverse of the shown one.
    quiz = parse_quiz(quiz_doc(questions=[TWO]))
    games = 2000
    shown_right = 0
    for seed in range(games):
        question = quiz.prepare(random.Random(seed)).questions[0]
        assert isinstance(question, OrderQuestion)
        shown_right += question.public()["items"] == ["1", "2"]
    # A fair coin lands within ±4.5 standard deviations (±101 of 1000) but for 1 in 10^5 seeds.
    assert abs(shown_right - games / 2) < 4.5 * (games / 4) ** 0.5


def test_prepare_without_order_questions_changes_nothing() -> None:
    quiz = parse_quiz(quiz_doc())
    assert quiz.prepare(random.Random(1)) == quiz


@settings(max_examples=100, deadline=None)
@given(quizzes, st.integers(0, 2**32))
def test_prepared_quizzes_round_trip(quiz: Quiz, seed: int) -> None:
    prepared = quiz.prepare(random.Random(seed))
    assert parse_quiz(prepared.to_doc()) == prepared
    for q in prepared.questions:
        if isinstance(q, OrderQuestion):
            assert q.check(q.correct_value()).correct


def test_question_ids_are_kept_through_parse_to_doc_and_prepare() -> None:
    doc = quiz_doc(questions=[{"id": "a1", **Q0}, Q1, {"id": " b2 ", **Q1}])
    quiz = parse_quiz(doc)
    assert quiz.question_ids == ("a1", None, "b2")
    assert [quiz.question_id(i) for i in range(4)] == ["a1", None, "b2", None]
    out = quiz.to_doc()
    assert [q.get("id") for q in out["questions"]] == ["a1", None, "b2"]
    assert next(iter(out["questions"][0])) == "id"
    assert parse_quiz(out) == quiz
    assert quiz.prepare(random.Random(1)).question_ids == ("a1", None, "b2")


def test_a_document_without_question_ids_parses_as_before() -> None:
    quiz = parse_quiz(quiz_doc())
    assert quiz.question_ids == ()
    assert all("id" not in q for q in quiz.to_doc()["questions"])


@pytest.mark.parametrize(
    ("qid", "fragment"),
    [(7, "must be a string"), ("", "must not be empty"), ("x" * 65, "at most 64"), ("a\0", "NUL")],
)
def test_a_bad_question_id_is_refused(qid: object, fragment: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_quiz(quiz_doc(questions=[Q0, {"id": qid, **Q1}]))
    assert err.value.field == "questions[1].id"
    assert fragment in str(err.value)
