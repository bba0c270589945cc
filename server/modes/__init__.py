"""Ways of playing, each a module over the room runtime (server/rooms): ``classic`` is the
live quiz. A mode decides transitions from the pure rules in ``games/``, takes its players'
moves (answers) and renders its views; the runtime stores, settles and publishes. A new way
of playing is a new package beside ``classic`` implementing ``mode.Mode``."""
