import { describe, expect, it } from "vitest";
// The server's one list of the events each namespace answers, read as text.
import eventsPy from "../../server/sockets/events.py?raw";
import { CALLS } from "./socket-events";

/** `"/play": ("join", "answer"),` lines of events.py, as {namespace: [event, …]}. */
function serverEvents(source: string): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const m of source.matchAll(/"(\/\w+)":\s*\(([^)]*)\)/g)) {
    found[m[1]] = [...m[2].matchAll(/"(\w+)"/g)].map((e) => e[1]);
  }
  return found;
}

describe("the typed event maps", () => {
  it("list the requests server/sockets/events.py answers, namespace by namespace", () => {
    const server = serverEvents(eventsPy);
    expect(Object.keys(server).sort()).toEqual(["/host", "/play", "/screen"]);
    const ours = Object.fromEntries(Object.entries(CALLS).map(([ns, events]) => [ns, [...events].sort()]));
    const theirs = Object.fromEntries(Object.entries(server).map(([ns, events]) => [ns, [...events].sort()]));
    expect(ours).toEqual(theirs);
  });
});
