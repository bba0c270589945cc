"""Reading what a member submits (issue 16): a question or tip document, tags and comments,
each text checked against the nickname blocklist (``422 blocked_text`` naming the field).

The blocklist matcher (`games.nicknames.Blocklist.blocks`) looks at every run of words of a
nickname; a long text is checked in overlapping windows of words instead, so a 2,000-character
body costs a few hundred small checks, and any entry of up to `_WINDOW_STEP` words (or a
spaced-out word of that many letters) still falls inside one window.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from games.errors import InvalidInput
from games.nicknames import Blocklist
from games.quiz import parse_authored_question, parse_tags, question_texts
from games.tips import parse_tip
from server.context import get_context
from server.http.common import ApiError, field_str, invalid

KINDS = ("question", "tip")
MAX_COMMENT = 1000
MAX_REASON = 500
_WINDOW_STEP = 16


def text_blocked(blocklist: Blocklist, text: str) -> bool:
    """Whether `text` (of any length) holds an entry of `blocklist`."""
    words = text.split()
    if len(words) <= 2 * _WINDOW_STEP:
        return blocklist.blocks(text)
    return any(
        blocklist.blocks(" ".join(words[i : i + 2 * _WINDOW_STEP]))
        for i in range(0, len(words), _WINDOW_STEP)
    )


def check_texts(texts: Iterable[tuple[str, str]]) -> None:
    """``422 blocked_text`` naming the first field whose text the blocklist refuses."""
    blocklist: Blocklist = get_context().games.blocklist
    for field, text in texts:
        if text_blocked(blocklist, text):
            raise ApiError(
                422, "blocked_text", f"{field} holds a word that is not allowed here", field=field
            )


def _invalid(err: InvalidInput) -> ApiError:
    return invalid(err.field, err.message)


def parse_document(kind: str, raw: object, path: str = "document") -> dict[str, Any]:
    """A submitted question or tip document, normalised, its texts checked (`check_texts`).
    A question keeps no client "id" (the server gives one) and may not carry a "credit"."""
    try:
        if kind == "question":
            if isinstance(raw, dict) and "credit" in raw:
                raise InvalidInput(f"{path}.credit", f"{path}.credit is set by the server")
            question, _ = parse_authored_question(raw, path)
            check_texts(question_texts(question, path))
            return dict(question.to_doc())
        tip = parse_tip(raw, path)
        check_texts(tip.texts(path))
        return dict(tip.to_doc())
    except InvalidInput as err:
        raise _invalid(err) from None


def parse_tag_list(raw: object) -> list[str]:
    """The submitted tags (`games.quiz.parse_tags`: at most 10, lower-cased), checked."""
    try:
        tags = list(parse_tags(raw))
    except InvalidInput as err:
        raise _invalid(err) from None
    check_texts((f"tags[{i}]", t) for i, t in enumerate(tags))
    return tags


def kind_of(body: Mapping[str, Any]) -> str:
    kind = body.get("kind")
    if kind not in KINDS:
        raise invalid("kind", 'kind must be "question" or "tip"')
    return str(kind)


def version_of(body: Mapping[str, Any]) -> int:
    value = body.get("version")
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10**9:
        raise invalid("version", "version must be the contribution's version (a whole number)")
    return value


def optional_comment(body: Mapping[str, Any], name: str, max_len: int) -> str | None:
    """An optional free text (a review comment), checked; None when missing or blank."""
    value = body.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = field_str(body, name, max_len=max_len, allow_control=True)
    check_texts([(name, text)])
    return text


def required_text(body: Mapping[str, Any], name: str, max_len: int) -> str:
    """A required free text (a report's reason), checked."""
    text = field_str(body, name, max_len=max_len, allow_control=True)
    check_texts([(name, text)])
    return text
