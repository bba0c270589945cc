// Following a challenge live: `/screen` `watch_challenge` with its PIN on every connection, and
// `challenge_changed` when a run's results reached SQL. The pages then read the standings again
// over HTTP (the event carries no standings); they read them on each (re)connection too, since
// changes may have come while the link was down.

import { useEffect, useRef, useState } from "preact/hooks";
import { follow } from "../hooks/live-link";
import { connect } from "../live";

/** Follows the challenge with `pin` (none while null); `onChange` runs on each change. */
export function useChallengeFeed(pin: string | null, onChange: () => void): { connected: boolean; everConnected: boolean } {
  const [connected, setConnected] = useState(false);
  const [everConnected, setEverConnected] = useState(false);
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    if (!pin) return;
    const socket = connect("/screen");
    let watched: string | null = null;
    return follow(
      socket,
      {
        event: "watch_challenge",
        payload: { pin },
        onAck: (ack) => {
          if (ack.ok) {
            watched = ack.challenge_id;
            latest.current();
            return null;
          }
          // A closed challenge's game may be gone from Redis: the page still has its standings.
          return ack.error.code === "game_not_found" ? null : 2000;
        },
        listeners: {
          challenge_changed: (change) => {
            if (!watched || change?.challenge_id === watched) latest.current();
          },
        },
      },
      (up) => {
        setConnected(up);
        if (up) setEverConnected(true);
      },
    );
  }, [pin]);
  return { connected, everConnected };
}
