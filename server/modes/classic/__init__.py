"""The classic live quiz: the host moves everyone through lobby → question → reveal →
scoreboard → … → finished; everyone answers the same question against the same clock."""
