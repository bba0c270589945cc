import { describe, expect, it } from "vitest";
import { expiryText, invitedWorkspaceId, inviteLink, inviteRefusal, inviteStatus, toMs } from "./invite";
import { parseRoute } from "./router";
import { assignableRoles, canManage, inviteRoles, parseRetention, parseWorkspaceName, sortMembers, toMember } from "./people-model";

const NOW = Date.parse("2026-12-07T12:00:00Z");
const HOUR = 3_600_000;

describe("invite links", () => {
  it("uses the server's link when it gave one, else builds one on this site", () => {
    expect(inviteLink({ url: "https://quiz.example/invite/abc", token: "abc" }, "http://x")).toBe("https://quiz.example/invite/abc");
    expect(inviteLink({ token: "a.b-c_d" }, "http://127.0.0.1:8000")).toBe("http://127.0.0.1:8000/invite/a.b-c_d");
    expect(inviteLink({ token: "a/b c" }, "http://h")).toBe("http://h/invite/a%2Fb%20c");
    expect(inviteLink({}, "http://h")).toBeNull();
  });

  it("reads times as ISO text or milliseconds", () => {
    expect(toMs("2026-12-07T12:00:00Z")).toBe(NOW);
    expect(toMs(NOW)).toBe(NOW);
    expect(toMs("yesterday-ish")).toBeNull();
    expect(toMs(null)).toBeNull();
    expect(toMs(undefined)).toBeNull();
    expect(toMs(Number.NaN)).toBeNull();
  });

  it("says how long a link stays good", () => {
    expect(expiryText(NOW + 7 * 24 * HOUR, NOW)).toBe("expires in 7 days");
    expect(expiryText(NOW + 5 * HOUR, NOW)).toBe("expires in 5 hours");
    expect(expiryText(NOW + HOUR, NOW)).toBe("expires in 1 hour");
    expect(expiryText(NOW + 60_000, NOW)).toBe("expires within the hour");
    expect(expiryText(NOW - 1, NOW)).toBe("expired");
    expect(expiryText(new Date(NOW + 30 * 24 * HOUR).toISOString(), NOW)).toBe("expires in 30 days");
    expect(expiryText(null, NOW)).toBe("does not expire");
  });

  it("tells active, expired and revoked links apart", () => {
    expect(inviteStatus({ id: "1", role: "member", expires_at: NOW + HOUR }, NOW)).toBe("active");
    expect(inviteStatus({ id: "1", role: "member", expires_at: NOW - HOUR }, NOW)).toBe("expired");
    expect(inviteStatus({ id: "1", role: "member", expires_at: NOW + HOUR, revoked_at: NOW - 1 }, NOW)).toBe("revoked");
    expect(inviteStatus({ id: "1", role: "member", expires_at: NOW + HOUR, revoked_at: null }, NOW)).toBe("active");
  });

  it("explains each refusal of a link", () => {
    expect(inviteRefusal("invite_expired", 410)).toMatch(/expired/);
    expect(inviteRefusal("invite_revoked", 410)).toMatch(/withdrawn/);
    expect(inviteRefusal("not_found", 404)).toMatch(/does not work/);
    expect(inviteRefusal("whatever", 404)).toMatch(/does not work/);
    expect(inviteRefusal("offline", 0)).toMatch(/connection/);
    expect(inviteRefusal("internal", 500)).toMatch(/Try again/);
  });

  it("finds the invite's workspace in the account's list", () => {
    const list = [
      { id: "ws_own", name: "Acme", role: "owner" },
      { id: "ws_a", name: "Acme", role: "member" },
      { id: "ws_b", name: "Beta", role: "host" },
    ];
    expect(invitedWorkspaceId({ workspace: { id: "ws_b", name: "Beta" }, role: "host" }, list)).toBe("ws_b");
    expect(invitedWorkspaceId({ workspace: { id: "ws_gone", name: "Beta" }, role: "host" }, list)).toBeNull();
    // Without an id: the one of that name with the invite's role.
    expect(invitedWorkspaceId({ workspace: { name: "Acme" }, role: "member" }, list)).toBe("ws_a");
    expect(invitedWorkspaceId({ workspace: { name: "Beta" }, role: "member" }, list)).toBe("ws_b");
    expect(invitedWorkspaceId({ workspace: { name: "Gamma" }, role: "member" }, list)).toBeNull();
  });
});

describe("routes", () => {
  it("opens the People page and an invite link", () => {
    expect(parseRoute("/workspace")).toEqual({ page: "people" });
    expect(parseRoute("/workspace/")).toEqual({ page: "people" });
    expect(parseRoute("/invite/abc.DEF-1_2")).toEqual({ page: "invite", token: "abc.DEF-1_2" });
    expect(parseRoute("/invite/a%2Fb")).toEqual({ page: "invite", token: "a/b" });
    expect(parseRoute("/invite")).toEqual({ page: "notFound" });
    expect(parseRoute("/invite/a/b")).toEqual({ page: "notFound" });
  });
});

describe("people", () => {
  it("lets an admin give roles up to admin, an owner any, nobody else any", () => {
    expect(assignableRoles("owner")).toEqual(["member", "host", "admin", "owner"]);
    expect(assignableRoles("admin")).toEqual(["member", "host", "admin"]);
    expect(assignableRoles("host")).toEqual([]);
    expect(assignableRoles("member")).toEqual([]);
    expect(assignableRoles(null)).toEqual([]);
  });

  it("lets invite links give any role but owner", () => {
    expect(inviteRoles("owner")).toEqual(["member", "host", "admin"]);
    expect(inviteRoles("admin")).toEqual(["member", "host", "admin"]);
    expect(inviteRoles("host")).toEqual([]);
  });

  it("lets an admin manage everyone but owners, an owner everyone", () => {
    expect(canManage("admin", "member")).toBe(true);
    expect(canManage("admin", "admin")).toBe(true);
    expect(canManage("admin", "owner")).toBe(false);
    expect(canManage("owner", "owner")).toBe(true);
    expect(canManage("host", "member")).toBe(false);
  });

  it("checks the retention days", () => {
    expect(parseRetention("")).toEqual({ days: null });
    expect(parseRetention("  ")).toEqual({ days: null });
    expect(parseRetention("30")).toEqual({ days: 30 });
    expect(parseRetention("3650")).toEqual({ days: 3650 });
    for (const bad of ["0", "3651", "-3", "1.5", "1e3", "ten", "Infinity", "NaN"]) {
      expect(parseRetention(bad), bad).toHaveProperty("error");
    }
  });

  it("checks the workspace name", () => {
    expect(parseWorkspaceName("  Acme  ")).toEqual({ name: "Acme" });
    expect(parseWorkspaceName("   ")).toHaveProperty("error");
    expect(parseWorkspaceName("é".repeat(200))).toEqual({ name: "é".repeat(200) });
    expect(parseWorkspaceName("x".repeat(201))).toHaveProperty("error");
  });

  it("reads member rows and lists owners first, then by name", () => {
    const rows = [
      toMember({ id: "a3", name: "Zoe", email: "z@x", role: "member" }),
      toMember({ account_id: "a1", name: "Ann", email: "a@x", role: "member" }),
      toMember({ account_id: "a2", name: "Max", email: "m@x", role: "owner" }),
      toMember({ account_id: "a4", name: "Bo", email: "b@x", role: "admin" }),
    ];
    expect(rows[0].account_id).toBe("a3");
    expect(sortMembers(rows).map((m) => m.name)).toEqual(["Max", "Bo", "Ann", "Zoe"]);
  });
});
