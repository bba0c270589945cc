"""Quiz documents."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.errors import InvalidInput
from games.questions import ChoiceQuestion, Question, TrueFalseQuestion
from games.quiz import Quiz, parse_quiz

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

texts = st.text(min_size=1, max_size=30).filter(lambda s: s.strip() == s and s != "")


def common(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "prompt": draw(texts),
        "time_limit_ms": draw(st.integers(5000, 240000)),
        "points": draw(st.sampled_from([0, 1, 2])),
        "image": draw(st.none() | texts),
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


quizzes = st.builds(
    Quiz,
    title=texts,
    questions=st.lists(choice_questions() | tf_questions(), min_size=1, max_size=5).map(tuple),
    description=st.none() | texts,
)


@settings(max_examples=150, deadline=None)
@given(quizzes)
def test_round_trip(quiz: Quiz) -> None:
    assert parse_quiz(quiz.to_doc()) == quiz
