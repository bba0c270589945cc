import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Ack } from "../protocol";
import type { Attached, LiveSocket } from "../socket-events";
import { follow } from "./live-link";

/** Enough of a Socket.IO client for `follow`: handlers, `timeout().emit()` with an answer, disconnect. */
class FakeSocket {
  connected = false;
  disconnected = false;
  handlers = new Map<string, ((data?: unknown) => void)[]>();
  asked: { event: string; payload: unknown; answer: (ack: unknown) => void }[] = [];

  on(event: string, fn: (data?: unknown) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }
  timeout() {
    return {
      emit: (event: string, payload: unknown, cb: (err: unknown, ack: unknown) => void) =>
        this.asked.push({ event, payload, answer: (ack) => cb(null, ack) }),
    };
  }
  disconnect() {
    this.disconnected = true;
    this.connected = false;
  }
  fire(event: string, data?: unknown) {
    if (event === "connect") this.connected = true;
    if (event === "disconnect") this.connected = false;
    for (const fn of this.handlers.get(event) ?? []) fn(data);
  }
  get socket() {
    return this as unknown as LiveSocket<"/screen">;
  }
}

const ok = { ok: true, n: 1 };
const missing = { ok: false, error: { code: "game_not_found", message: "no" } };
const settle = () => vi.advanceTimersByTimeAsync(0);

describe("follow", () => {
  const w = window as unknown as Record<string, unknown>;
  beforeEach(() => {
    vi.useFakeTimers();
    w.setTimeout = (fn: () => void, ms: number) => setTimeout(fn, ms);
    w.clearTimeout = (id: ReturnType<typeof setTimeout>) => clearTimeout(id);
  });
  afterEach(() => {
    vi.useRealTimers();
    delete w.setTimeout;
    delete w.clearTimeout;
  });

  it("asks on each connection and says when the link is up or down", async () => {
    const s = new FakeSocket();
    const up: boolean[] = [];
    follow(s.socket, { event: "watch", payload: { pin: "123456" }, onAck: () => null }, (u) => up.push(u));
    expect(s.asked).toHaveLength(0);
    s.fire("connect");
    expect(s.asked.map((a) => [a.event, a.payload])).toEqual([["watch", { pin: "123456" }]]);
    s.fire("disconnect");
    s.fire("connect");
    expect(s.asked).toHaveLength(2);
    expect(up).toEqual([true, false, true]);
  });

  it("hands the answer over and asks again after the pause it returns, until it returns null", async () => {
    const s = new FakeSocket();
    const acks: Ack<Attached>[] = [];
    follow(
      s.socket,
      { event: "watch", payload: { pin: "123456" }, onAck: (ack) => (acks.push(ack), ack.ok ? null : 5000) },
      () => undefined,
    );
    s.fire("connect");
    s.asked[0].answer(missing);
    await settle();
    expect(acks).toEqual([missing]);
    await vi.advanceTimersByTimeAsync(4999);
    expect(s.asked).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.asked).toHaveLength(2);
    s.asked[1].answer(ok);
    await settle();
    expect(acks).toEqual([missing, ok]);
    await vi.advanceTimersByTimeAsync(60000);
    expect(s.asked).toHaveLength(2);
  });

  it("does not ask again while disconnected (the next connection asks)", async () => {
    const s = new FakeSocket();
    follow(s.socket, { event: "watch", payload: { pin: "123456" }, onAck: () => 1500 }, () => undefined);
    s.fire("connect");
    s.asked[0].answer(missing);
    await settle();
    s.fire("disconnect");
    await vi.advanceTimersByTimeAsync(1500);
    expect(s.asked).toHaveLength(1);
  });

  it("passes pushed events to their listeners", () => {
    const s = new FakeSocket();
    const got: unknown[] = [];
    follow(s.socket, { event: "watch", payload: { pin: "123456" }, onAck: () => null, listeners: { state: (d: unknown) => got.push(d) } }, () => undefined);
    s.fire("state", { seq: 3 });
    expect(got).toEqual([{ seq: 3 }]);
  });

  it("closes: disconnects, drops a late answer and a pending retry", async () => {
    const s = new FakeSocket();
    const onAck = vi.fn(() => 1500);
    const close = follow(s.socket, { event: "watch", payload: { pin: "123456" }, onAck }, () => undefined);
    s.fire("connect");
    s.asked[0].answer(missing);
    await settle();
    expect(onAck).toHaveBeenCalledTimes(1);
    s.fire("connect"); // a second connection's question, answered after closing
    close();
    expect(s.disconnected).toBe(true);
    s.connected = true;
    s.asked[1].answer(missing);
    await vi.advanceTimersByTimeAsync(5000);
    expect(onAck).toHaveBeenCalledTimes(1);
    expect(s.asked).toHaveLength(2);
  });
});
