import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setAuth } from "./api";
import { claimDevice, percent, playingAs, scoreSeries, signedIn } from "./person";
import { parseRoute } from "./router";

const point = (game_id: string, score: number, accuracy: number | null) => ({
  game_id,
  finished_at: Date.UTC(2026, 11, 7),
  title: `Quiz ${game_id}`,
  workspace: { id: "w1", name: "Acme" },
  score,
  rank: 1,
  players: 3,
  correct: 1,
  answered: 2,
  accuracy,
});

class MemoryStorage {
  items = new Map<string, string>();
  getItem(k: string) {
    return this.items.has(k) ? this.items.get(k)! : null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, String(v));
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

const win = (globalThis as unknown as { window: { localStorage?: MemoryStorage } }).window;

describe("a person across devices", () => {
  beforeEach(() => {
    win.localStorage = new MemoryStorage();
  });
  afterEach(() => {
    delete win.localStorage;
    vi.unstubAllGlobals();
  });

  it("is signed in when the host area's login is kept", () => {
    expect(signedIn()).toBeNull();
    setAuth({ token: "t0ken", host: { id: "a1", email: "ann@example.com", name: "Ann" } });
    expect(signedIn()).toEqual({ token: "t0ken", id: "a1", name: "Ann" });
  });

  it("plays as the account only when the player is this browser's account", () => {
    const ann = { token: "t", id: "a1", name: "Ann" };
    expect(playingAs({ account_id: "a1" }, ann)).toBe("Ann");
    expect(playingAs({ account_id: "a2" }, ann)).toBeNull();
    expect(playingAs({}, ann)).toBeNull();
    expect(playingAs({ account_id: "a1" }, null)).toBeNull();
    expect(playingAs(null, ann)).toBeNull();
  });

  it("turns scores over time into a chart's categories and series", () => {
    const s = scoreSeries([point("g1", 800, 50), point("g2", 900, null)]);
    expect(s.points).toEqual([800, 900]);
    expect(s.accuracy).toEqual([50, null]);
    expect(s.categories).toHaveLength(2);
    expect(s.categories[0]).toMatch(/^1\. \S/);
    expect(s.categories[1]).toMatch(/^2\. /);
    expect(percent(74.6)).toBe("75%");
    expect(percent(null)).toBe("–");
  });

  it("claims the device's history once per account and key", async () => {
    const ann = { token: "t", id: "a1", name: "Ann" };
    setAuth({ token: "t", host: { id: "a1", email: "ann@example.com", name: "Ann" } });
    const fetched = vi.fn(async () => new Response(JSON.stringify({ merged: 2 }), { status: 200 }));
    vi.stubGlobal("fetch", fetched);
    const key = "k".repeat(20);
    expect(await claimDevice(ann, key)).toBe(2);
    expect(await claimDevice(ann, key)).toBe(0);
    expect(fetched).toHaveBeenCalledTimes(1);
    const [url, init] = fetched.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/me/claim");
    expect(JSON.parse(String(init.body))).toEqual({ player_key: key });
    expect((init.headers as Record<string, string>).Authorization).toBe("Bearer t");
    // Nobody signed in, or no key on the device: nothing to claim.
    expect(await claimDevice(null, key)).toBe(0);
    expect(await claimDevice(ann, null)).toBe(0);
    expect(fetched).toHaveBeenCalledTimes(1);
  });
});

describe("a member's page", () => {
  it("has a path of its own, naming the workspace and the account", () => {
    expect(parseRoute("/workspaces/w1/people/a%201")).toEqual({ page: "member", workspaceId: "w1", accountId: "a 1" });
    expect(parseRoute("/workspaces/w1/people")).toEqual({ page: "notFound" });
  });
});
