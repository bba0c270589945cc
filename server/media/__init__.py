"""Media the quizzes show, kept on this server so that no third-party site sees the players.

- `server.media.images`: an uploaded image checked, cleaned and re-encoded (blocking work,
  run off the event loop);
- `server.media.storage`: where the cleaned files go, behind a small interface (a local folder
  by default).
"""
