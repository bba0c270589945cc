// Generated from games/limits.py by
// `.venv/bin/python -m games.limits > web/src/limits.ts`;
// tests/games/test_engine_limits.py fails when the two differ. Do not edit by hand.

/** The longest text, in characters, a host may write in each field. */
export const TEXT_LIMITS = {
  title: 200,
  description: 2000,
  prompt: 200,
  tile: 90,
  explanation: 1000,
  image: 2000,
  tag: 32,
  tags: 10,
} as const;
