"""Self-paced challenges: a mode beside the live game (server/modes/classic).

A challenge is one Redis game (its own PIN) that stays open between ``opens_ms`` and
``closes_ms``; each player plays runs of it at their own pace, one question at a time, with a
deadline per question in Redis (``keys.run_timers``) that any node closes exactly once.

- opening.py: ``ChallengeOpening``, what the HTTP side hands ``rooms.challenges.open``;
- desk.py: ``ChallengeDesk`` (``rooms.challenges``): open, close, summary, the audience at
  join, and the run moves ``run_next``, ``run_again``, ``run_state`` and the run timers;
- answers.py: where a self-paced answer goes (the one file to read for it);
- mode.py: ``ChallengeMode``, the runtime's ``Mode`` (the challenge's own State and its
  closing timer); views.py the RunView; results.py a finished run's ``RunResults``.
"""
