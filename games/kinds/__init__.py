"""Question kinds, one module each: how a kind's document is parsed, how an answer is judged and
tallied, and what players may see of it.

`games.kinds.question` holds what every kind shares (`Question`, `Verdict`, the common fields);
`games.kinds.registry` maps each kind's name to its class and parses a question document.
Adding a kind is one module here with a `Question` subclass, and one line in the registry.
"""
