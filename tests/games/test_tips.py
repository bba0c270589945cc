"""Tip documents (`games.tips`) and a contributed question (`games.quiz.parse_authored_question`):
what is accepted round-trips through `to_doc`, what is not names its field."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from games.errors import InvalidInput
from games.quiz import parse_authored_question, question_texts
from games.tips import MAX_LINKS, MAX_TIP_BODY, MAX_TIP_TITLE, is_link_url, parse_tip

visible = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1
)


@given(
    title=visible.filter(lambda t: len(t) <= MAX_TIP_TITLE),
    body=visible.filter(lambda t: len(t) <= MAX_TIP_BODY),
    labels=st.lists(st.none() | visible.filter(lambda t: len(t) <= 80), max_size=MAX_LINKS),
    image=st.none() | st.just("/media/abc.webp"),
)
def test_a_valid_tip_round_trips(
    title: str, body: str, labels: list[str | None], image: str | None
) -> None:
    doc: dict[str, Any] = {
        "title": title,
        "body": body,
        "links": [
            {"url": f"https://example.com/{i}", **({} if lab is None else {"label": lab})}
            for i, lab in enumerate(labels)
        ],
    }
    if image:
        doc["media"] = {"image": image}
    tip = parse_tip(doc)
    assert parse_tip(tip.to_doc()) == tip
    assert tip.title == title.strip() and len(tip.links) == len(labels)
    assert [f for f, _ in tip.texts()][:2] == ["document.title", "document.body"]


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        ({"body": "b"}, "document.title"),
        ({"title": "t", "body": " "}, "document.body"),
        ({"title": "t" * (MAX_TIP_TITLE + 1), "body": "b"}, "document.title"),
        ({"title": "t", "body": "b", "extra": 1}, "document.extra"),
        ({"title": "t", "body": "b", "media": {"image": "https://evil.example/x.png"}},
         "document.media.image"),
        ({"title": "t", "body": "b", "media": {"audio": "//evil.example/x.mp3"}},
         "document.media.audio"),
        ({"title": "t", "body": "b", "media": {"gif": "/x.gif"}}, "document.media.gif"),
        ({"title": "t", "body": "b", "links": [{"url": "javascript:alert(1)"}]},
         "document.links[0].url"),
        ({"title": "t", "body": "b", "links": [{"url": "https://u:p@example.com"}]},
         "document.links[0].url"),
        ({"title": "t", "body": "b", "links": [{"url": "https://e.com", "label": "x" * 81}]},
         "document.links[0].label"),
        ({"title": "t", "body": "b", "links": [{"url": "https://e.com"}] * (MAX_LINKS + 1)},
         "document.links"),
        ("a tip", "document"),
    ],
)  # fmt: skip
def test_an_invalid_tip_names_its_field(doc: object, field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_tip(doc)
    assert err.value.field == field


@given(st.text(max_size=60))
def test_link_urls_are_http_only(text: str) -> None:
    if is_link_url(text):
        assert text.lower().startswith(("http://", "https://"))
        assert not any(ch.isspace() for ch in text) and "\\" not in text


def test_a_contributed_question_is_held_to_the_authoring_limits() -> None:
    doc = {"kind": "choice", "prompt": "Pick", "choices": ["a", "b"], "correct": [0],
           "explanation": "Because"}  # fmt: skip
    question, qid = parse_authored_question({**doc, "id": "q1"}, "document")
    assert qid == "q1"
    assert [f for f, _ in question_texts(question, "document")] == [
        "document.prompt",
        "document.choices",
        "document.choices",
        "document.explanation",
    ]
    with pytest.raises(InvalidInput) as err:
        parse_authored_question({**doc, "choices": ["a", "b" * 200]}, "document")
    assert err.value.field == "document.choices"
