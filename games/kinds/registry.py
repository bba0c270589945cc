"""Every question kind by name, and `parse_question`, which picks the kind of a document."""

from __future__ import annotations

from games import _validate as v
from games.errors import InvalidInput
from games.kinds.choice import ChoiceQuestion
from games.kinds.numeric import NumericQuestion
from games.kinds.order import OrderQuestion
from games.kinds.poll import PollQuestion
from games.kinds.question import COMMON_FIELDS, Question, parse_common
from games.kinds.true_false import TrueFalseQuestion
from games.kinds.type_answer import TypeAnswerQuestion
from games.kinds.word_cloud import WordCloudQuestion

# Kinds the protocol names that this engine does not implement yet: none any more. A kind listed
# here (and not in KINDS) is refused with "not supported yet" rather than "must be one of".
PLANNED_KINDS: tuple[str, ...] = ()

KINDS: dict[str, type[Question]] = {
    ChoiceQuestion.kind: ChoiceQuestion,
    TrueFalseQuestion.kind: TrueFalseQuestion,
    TypeAnswerQuestion.kind: TypeAnswerQuestion,
    NumericQuestion.kind: NumericQuestion,
    OrderQuestion.kind: OrderQuestion,
    PollQuestion.kind: PollQuestion,
    WordCloudQuestion.kind: WordCloudQuestion,
}

#: The kinds that score nothing and leave the streak alone (polls, word clouds): each kind's own
#: `scored` flag says so; this is that flag by name, for code that has only a kind's name (the
#: results in SQL, the milestones, the web's generated `web/src/rules.ts`).
UNSCORED_KINDS: frozenset[str] = frozenset(name for name, cls in KINDS.items() if not cls.scored)


def parse_question(doc: object, path: str) -> Question:
    """Validate one question document; errors name fields under `path`, e.g. "questions[2]"."""
    d = v.obj(doc, path)
    kind_field = f"{path}.kind"
    kind = v.required(d, "kind", kind_field)
    cls = KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        if kind in PLANNED_KINDS:
            raise InvalidInput(kind_field, f'{kind_field} "{kind}" is not supported yet')
        raise InvalidInput(kind_field, f"{kind_field} must be one of {', '.join(KINDS)}")
    v.only_keys(d, COMMON_FIELDS | cls.fields, path)
    return cls._from_doc(d, path, parse_common(d, path))
