import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  checkIdentifier,
  IDENTIFIER_STORAGE,
  isPlayerKey,
  makePlayerKey,
  PLAYER_KEY_STORAGE,
  peekPlayerKey,
  playerKey,
  rememberedIdentifier,
  rememberIdentifier,
} from "./identity";

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
let storage: MemoryStorage;

beforeEach(() => {
  storage = new MemoryStorage();
  win.localStorage = storage;
});
afterEach(() => {
  delete win.localStorage;
});

describe("player key", () => {
  it("is made of the server's alphabet, 32 characters", () => {
    for (let i = 0; i < 50; i++) {
      const key = makePlayerKey();
      expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(isPlayerKey(key)).toBe(true);
    }
    expect(makePlayerKey(16, (n) => new Uint8Array(n).fill(255))).toBe("________________");
    expect(makePlayerKey(16, (n) => new Uint8Array(n))).toBe("AAAAAAAAAAAAAAAA");
  });

  it("checks lengths and characters as the server does", () => {
    expect(isPlayerKey("a".repeat(15))).toBe(false);
    expect(isPlayerKey("a".repeat(16))).toBe(true);
    expect(isPlayerKey("a".repeat(128))).toBe(true);
    expect(isPlayerKey("a".repeat(129))).toBe(false);
    expect(isPlayerKey("abcdefghijklmnop!")).toBe(false);
    expect(isPlayerKey("ébcdefghijklmnopq")).toBe(false);
    expect(isPlayerKey(null)).toBe(false);
  });

  it("is made once and kept", () => {
    expect(peekPlayerKey()).toBeNull();
    const key = playerKey();
    expect(JSON.parse(storage.getItem(PLAYER_KEY_STORAGE)!)).toBe(key);
    expect(playerKey()).toBe(key);
    expect(peekPlayerKey()).toBe(key);
  });

  it("replaces a damaged stored key", () => {
    storage.setItem(PLAYER_KEY_STORAGE, JSON.stringify("short"));
    const key = playerKey();
    expect(isPlayerKey(key)).toBe(true);
    expect(JSON.parse(storage.getItem(PLAYER_KEY_STORAGE)!)).toBe(key);
  });
});

describe("identifier", () => {
  it("is trimmed and bounded", () => {
    expect(checkIdentifier("  ann@example.com ")).toEqual({ ok: true, value: "ann@example.com" });
    expect(checkIdentifier("   ").ok).toBe(false);
    expect(checkIdentifier("x".repeat(254)).ok).toBe(true);
    expect(checkIdentifier("x".repeat(255)).ok).toBe(false);
  });

  it("is remembered only when asked, and forgotten", () => {
    expect(rememberedIdentifier()).toBeNull();
    rememberIdentifier("S-1234");
    expect(rememberedIdentifier()).toBe("S-1234");
    rememberIdentifier(null);
    expect(rememberedIdentifier()).toBeNull();
    expect(storage.getItem(IDENTIFIER_STORAGE)).toBeNull();
  });
});
