import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { emptyModel, type PlayerAction, type PlayerModel, playerReducer, playerView } from "../player-model";
import type { State } from "../protocol";
import type { LiveSocket } from "../socket-events";
import { ANSWER_RETRY_MS, ANSWER_TIMEOUT_MS, sendCopy, sendDelay } from "./player-link";

/** A Socket.IO client's `timeout(ms).emit(...)`: the server answers a copy, or the timeout fires. */
class FakeSocket {
  connected = true;
  sent: { event: string; payload: unknown; answer: (ack: unknown) => void }[] = [];
  timeout(ms: number) {
    return {
      emit: (event: string, payload: unknown, cb: (err: unknown, ack?: unknown) => void) => {
        let done = false;
        const timer = setTimeout(() => {
          done = true;
          cb(new Error("operation has timed out"));
        }, ms);
        this.sent.push({
          event,
          payload,
          answer: (ack) => {
            if (done) return; // Socket.IO drops an ack that comes after its timeout
            clearTimeout(timer);
            cb(null, ack);
          },
        });
      },
    };
  }
  get socket() {
    return this as unknown as LiveSocket<"/play">;
  }
}

const state: State = {
  game_id: "g1",
  pin: "123456",
  phase: "question",
  seq: 2,
  players: 2,
  question: {
    index: 0,
    count: 1,
    kind: "choice",
    prompt: "Q",
    choices: ["a", "b"],
    multi: false,
    time_limit_ms: 20000,
    opened_ms: 0,
    deadline_ms: 20000,
    points: 1,
  },
  reveal: null,
  leaderboard: null,
  teams: null,
};

describe("answer delivery on the wire", () => {
  let model: PlayerModel;
  const dispatch = (a: PlayerAction) => {
    model = playerReducer(model, a);
  };
  beforeEach(() => {
    vi.useFakeTimers();
    model = playerReducer(emptyModel(), {
      type: "join",
      ack: { player: { id: "p1", nickname: "Ana", team: null }, state: { ...state, me: { player_id: "p1", score: 0, rank: 1, streak: 0, answered: false } } },
    });
  });
  afterEach(() => vi.useRealTimers());

  it("sends only when connected, joined and the question is open", () => {
    expect(sendDelay(model, true, true)).toBeNull(); // nothing picked
    dispatch({ type: "pick", question: 0, value: 1 });
    expect(sendDelay(model, false, false)).toBeNull();
    expect(sendDelay(model, true, false)).toBeNull(); // connected, the resume not acknowledged yet
    expect(sendDelay(model, true, true)).toBe(0);
    dispatch({ type: "sending", question: 0 });
    expect(sendDelay(model, true, true)).toBeNull(); // one copy at a time
  });

  it("resends a copy whose ack never came, and never shows it locked in until an ack says so", async () => {
    const s = new FakeSocket();
    dispatch({ type: "pick", question: 0, value: 1 });
    const first = sendCopy(s.socket, model.outbox!, dispatch);
    expect(playerView(model)).toBe("sending");
    await vi.advanceTimersByTimeAsync(ANSWER_TIMEOUT_MS);
    await first;
    s.sent[0].answer({ ok: true }); // too late: dropped
    expect(playerView(model)).toBe("sending");
    expect(sendDelay(model, true, true)).toBe(ANSWER_RETRY_MS);

    const second = sendCopy(s.socket, model.outbox!, dispatch);
    expect(s.sent.map((x) => x.payload)).toEqual([
      { question: 0, answer: 1 },
      { question: 0, answer: 1 },
    ]);
    // The first copy had arrived: the server keeps it and says so to the second.
    s.sent[1].answer({ ok: false, error: { code: "already_answered", message: "" } });
    await second;
    expect(playerView(model)).toBe("locked");
    expect(sendDelay(model, true, true)).toBeNull();
  });

  it("locks in on the ok ack", async () => {
    const s = new FakeSocket();
    dispatch({ type: "pick", question: 0, value: 1 });
    const copy = sendCopy(s.socket, model.outbox!, dispatch);
    s.sent[0].answer({ ok: true });
    await copy;
    expect(playerView(model)).toBe("locked");
    expect(model.answers[0]).toBe(1);
  });
});
