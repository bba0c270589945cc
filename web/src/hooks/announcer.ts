// Live regions for screen readers: `say` puts a message in the polite or the assertive region,
// once per key (a reconnect or a repeated state says nothing twice), and the player page's
// moments (a question starts, 10 seconds left, time's up, the result) are said through it.

import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { closedAnnouncement, HURRY_AT_MS, questionAnnouncement, resultAnnouncement } from "../announce";
import { describeCorrect } from "../kinds";
import type { ClockOffset } from "../clock";
import { currentResult, type PlayerModel } from "../player-model";
import type { State } from "../protocol";

export interface Announcement {
  /** A new id for every message, so the region's content changes even when the words do not. */
  id: number;
  text: string;
}

export type Say = (key: string, text: string, urgent?: boolean) => void;

/** The two regions' latest messages, and `say` (urgent: the assertive region). */
export function useAnnouncer() {
  const said = useRef(new Set<string>());
  const counter = useRef(0);
  const [polite, setPolite] = useState<Announcement | null>(null);
  const [assertive, setAssertive] = useState<Announcement | null>(null);
  const say = useCallback<Say>((key, text, urgent = false) => {
    if (said.current.has(key)) return;
    said.current.add(key);
    const message = { id: ++counter.current, text };
    (urgent ? setAssertive : setPolite)(message);
  }, []);
  return { polite, assertive, say };
}

/**
 * Says the player's moments of the game: the question, little time left, the answer locked in,
 * time's up, the result.
 */
export function usePlayerAnnouncements(model: PlayerModel, clock: ClockOffset, say: Say): void {
  const state = model.state;
  const q = state?.question ?? null;
  const phase = state?.phase;
  const index = q?.index ?? -1;
  const locked = q ? model.answers[q.index] !== undefined : false;
  const lockedRef = useRef(locked);
  lockedRef.current = locked;
  // Questions this page saw open: only those get "time's up" (a page opened at a reveal does not).
  const seenOpen = useRef(new Set<number>());

  useEffect(() => {
    if (!q || phase !== "question") return;
    seenOpen.current.add(q.index);
    say(`q${q.index}:start`, questionAnnouncement(q, state?.settings?.show_question_on_device !== false));
  }, [index, phase]);

  useEffect(() => {
    if (!q || phase !== "question" || q.time_limit_ms <= HURRY_AT_MS) return;
    const until = clock.remaining(q.deadline_ms, q.time_limit_ms) - HURRY_AT_MS;
    if (until <= 0) return;
    const timer = window.setTimeout(() => {
      // Whoever has answered needs no hurry.
      if (!lockedRef.current) say(`q${q.index}:hurry`, "10 seconds left", true);
    }, until);
    return () => window.clearTimeout(timer);
  }, [index, phase, q?.deadline_ms]);

  useEffect(() => {
    // Said when the server acknowledged the answer, never at the tap.
    if (q && phase === "question" && locked) say(`q${q.index}:locked`, "Answer locked in.");
  }, [index, phase, locked]);

  const result = currentResult(model);
  const late = q ? !!model.late[q.index] : false;
  useEffect(() => {
    if (!q || phase !== "reveal") return;
    if (seenOpen.current.has(q.index)) {
      say(`q${q.index}:closed`, closedAnnouncement(clock.remaining(q.deadline_ms, q.time_limit_ms)), true);
    }
    const text = resultAnnouncement(q, result, locked, late);
    if (text) say(`q${q.index}:result`, text);
  }, [index, phase, result, locked, late]);
}

/** Says the big screen's moments: the question, time's up (or closed), the correct answer. */
export function useScreenAnnouncements(state: State | null, say: Say, clock: ClockOffset): void {
  const q = state?.question ?? null;
  const phase = state?.phase;
  const seenOpen = useRef(new Set<number>());
  useEffect(() => {
    if (!q) return;
    if (phase === "question") {
      seenOpen.current.add(q.index);
      say(`q${q.index}:start`, questionAnnouncement(q, true));
    } else if (phase === "reveal") {
      if (seenOpen.current.has(q.index)) {
        say(`q${q.index}:closed`, closedAnnouncement(clock.remaining(q.deadline_ms, q.time_limit_ms)), true);
      }
      const correct = describeCorrect(q, state?.reveal?.correct);
      say(`q${q.index}:reveal`, correct ? `Correct answer: ${correct}` : "See how everyone answered.");
    }
  }, [q?.index ?? -1, phase]);
}
