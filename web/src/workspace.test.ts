import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { api, clearAuth, setAuth } from "./api";
import {
  announceWorkspace,
  atLeast,
  pickWorkspace,
  resetWorkspaces,
  setForbiddenHandler,
  setWorkspaces,
  storedWorkspaceId,
  storeWorkspaceId,
  subscribeWorkspaces,
  switchWorkspace,
  type Workspace,
  WORKSPACE_KEY,
  workspaceHeader,
  workspaceLabel,
  workspaceState,
} from "./workspace";

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

const ACME: Workspace = { id: "ws_acme", name: "Acme", role: "owner" };
const SALES: Workspace = { id: "ws_sales", name: "Sales", role: "member" };
const HR: Workspace = { id: "ws_hr", name: "HR", role: "admin" };

beforeEach(() => {
  storage = new MemoryStorage();
  win.localStorage = storage;
  resetWorkspaces();
});
afterEach(() => {
  delete win.localStorage;
  vi.unstubAllGlobals();
});

describe("roles", () => {
  it("orders member < host < admin < owner", () => {
    expect(atLeast("owner", "admin")).toBe(true);
    expect(atLeast("admin", "admin")).toBe(true);
    expect(atLeast("host", "admin")).toBe(false);
    expect(atLeast("member", "host")).toBe(false);
    expect(atLeast("host", "member")).toBe(true);
  });
  it("puts an unknown or missing role below every role", () => {
    expect(atLeast("superuser", "member")).toBe(false);
    expect(atLeast(null, "member")).toBe(false);
    expect(atLeast(undefined, "member")).toBe(false);
  });
  it("labels a workspace with its name and role", () => {
    expect(workspaceLabel(HR)).toBe("HR · Admin");
  });
});

describe("the stored workspace", () => {
  it("is kept as the plain id and read back", () => {
    storeWorkspaceId("ws_1");
    expect(storage.getItem(WORKSPACE_KEY)).toBe("ws_1");
    expect(storedWorkspaceId()).toBe("ws_1");
    storeWorkspaceId(null);
    expect(storage.getItem(WORKSPACE_KEY)).toBeNull();
    expect(storedWorkspaceId()).toBeNull();
  });
  it("reads a JSON-quoted id too", () => {
    storage.setItem(WORKSPACE_KEY, JSON.stringify("ws_2"));
    expect(storedWorkspaceId()).toBe("ws_2");
  });
  it("ignores what cannot go in a header", () => {
    for (const bad of ["", "a b", "naïve", "x\nInjected: 1", "x".repeat(201), '"unterminated', "42"]) {
      storage.setItem(WORKSPACE_KEY, bad === "42" ? "42" : bad);
      expect(storedWorkspaceId(), JSON.stringify(bad)).toBe(bad === "42" ? "42" : null);
    }
    storage.setItem(WORKSPACE_KEY, JSON.stringify({ id: "ws_1" }));
    expect(storedWorkspaceId()).toBe(null);
  });
  it("survives a storage that throws", () => {
    win.localStorage = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("denied");
      },
      removeItem: () => {
        throw new Error("denied");
      },
    } as unknown as MemoryStorage;
    expect(storedWorkspaceId()).toBeNull();
    expect(() => storeWorkspaceId("ws_1")).not.toThrow();
  });
});

describe("the X-Workspace header", () => {
  it("is the stored id on every path but /auth/*", () => {
    storeWorkspaceId("ws_acme");
    expect(workspaceHeader("/quizzes")).toBe("ws_acme");
    expect(workspaceHeader("/workspaces/ws_acme/members")).toBe("ws_acme");
    expect(workspaceHeader("/authors")).toBe("ws_acme");
    expect(workspaceHeader("/auth/me")).toBeNull();
    expect(workspaceHeader("/auth/login")).toBeNull();
    expect(workspaceHeader("/auth")).toBeNull();
  });
  it("is absent with nothing stored", () => {
    expect(workspaceHeader("/quizzes")).toBeNull();
  });

  it("goes with api() calls, not with /auth calls", async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    vi.stubGlobal("fetch", async (url: string, init: { headers: Record<string, string> }) => {
      seen.push({ url, headers: init.headers });
      return new Response(JSON.stringify({ ok: true }), { status: 200, headers: { "Content-Type": "application/json" } });
    });
    setAuth({ token: "t0k", host: { id: "h1", email: "a@b.c", name: "A" } });
    storeWorkspaceId("ws_sales");
    await api("GET", "/quizzes");
    await api("GET", "/auth/me");
    await api("POST", "/workspaces", { name: "New" });
    expect(seen.map((s) => s.url)).toEqual(["/api/quizzes", "/api/auth/me", "/api/workspaces"]);
    expect(seen[0].headers["X-Workspace"]).toBe("ws_sales");
    expect(seen[0].headers.Authorization).toBe("Bearer t0k");
    expect("X-Workspace" in seen[1].headers).toBe(false);
    expect(seen[1].headers.Authorization).toBe("Bearer t0k");
    expect(seen[2].headers["X-Workspace"]).toBe("ws_sales");
  });

  it("asks for the list again when a request in the workspace is refused", async () => {
    vi.stubGlobal("fetch", async () => new Response(JSON.stringify({ error: { code: "forbidden", message: "no" } }), { status: 403 }));
    let asked = 0;
    setForbiddenHandler(() => asked++);
    try {
      storeWorkspaceId("ws_sales");
      await expect(api("GET", "/quizzes")).rejects.toMatchObject({ status: 403, code: "forbidden" });
      expect(asked).toBe(1);
      // Not for /auth calls (no workspace sent), nor with no workspace stored.
      await expect(api("GET", "/auth/me")).rejects.toMatchObject({ status: 403 });
      storeWorkspaceId(null);
      await expect(api("GET", "/quizzes")).rejects.toMatchObject({ status: 403 });
      expect(asked).toBe(1);
    } finally {
      setForbiddenHandler(null);
    }
  });

  it("is forgotten with the login", () => {
    setAuth({ token: "t0k", host: { id: "h1", email: "a@b.c", name: "A" } });
    setWorkspaces([ACME, SALES]);
    clearAuth();
    expect(storedWorkspaceId()).toBeNull();
    expect(workspaceState().list).toBeNull();
    expect(workspaceHeader("/quizzes")).toBeNull();
  });
});

describe("picking the workspace", () => {
  it("keeps the stored one while it is still the account's", () => {
    expect(pickWorkspace([ACME, SALES], "ws_sales")).toBe(SALES);
  });
  it("falls back to the server's default when the stored one is gone or none is stored", () => {
    // The first owned workspace, else the first (oldest membership).
    expect(pickWorkspace([ACME, SALES], "ws_gone")).toBe(ACME);
    expect(pickWorkspace([SALES, ACME], null)).toBe(ACME);
    expect(pickWorkspace([SALES, HR], null)).toBe(SALES);
    expect(pickWorkspace([], "ws_acme")).toBeNull();
  });

  it("stores the fallback and makes the pages load again when the workspace moved", () => {
    storeWorkspaceId("ws_gone");
    const before = workspaceState().generation;
    expect(setWorkspaces([SALES, HR])).toBe(SALES);
    expect(storedWorkspaceId()).toBe("ws_sales");
    expect(workspaceState().generation).toBe(before + 1);
    // The same list again: nothing moves.
    setWorkspaces([SALES, HR]);
    expect(workspaceState().generation).toBe(before + 1);
  });

  it("stores the server's default without reloading the pages when nothing was stored", () => {
    const before = workspaceState().generation;
    expect(setWorkspaces([SALES, ACME])).toBe(ACME);
    expect(storedWorkspaceId()).toBe("ws_acme");
    expect(workspaceState().generation).toBe(before);
  });

  it("forgets the stored id when the account has no workspace", () => {
    storeWorkspaceId("ws_acme");
    expect(setWorkspaces([])).toBeNull();
    expect(storedWorkspaceId()).toBeNull();
    expect(workspaceState().current).toBeNull();
  });

  it("switches to one of the list only, telling the listeners", () => {
    setWorkspaces([ACME, SALES, HR]);
    const seen: (string | undefined)[] = [];
    const stop = subscribeWorkspaces((s) => seen.push(s.current?.id));
    const gen = workspaceState().generation;
    expect(switchWorkspace("ws_hr")).toBe(HR);
    expect(storedWorkspaceId()).toBe("ws_hr");
    expect(workspaceState().generation).toBe(gen + 1);
    expect(switchWorkspace("ws_elsewhere")).toBeNull();
    expect(storedWorkspaceId()).toBe("ws_hr");
    // Switching to the current one changes nothing the pages would reload for.
    switchWorkspace("ws_hr");
    expect(workspaceState().generation).toBe(gen + 1);
    stop();
    switchWorkspace("ws_acme");
    expect(seen).toEqual(["ws_hr", "ws_hr"]);
  });

  it("says each announcement as a new message", () => {
    announceWorkspace("Now working in HR.");
    const first = workspaceState().notice!;
    announceWorkspace("Now working in HR.");
    const second = workspaceState().notice!;
    expect(second.text).toBe(first.text);
    expect(second.id).toBe(first.id + 1);
  });
});
