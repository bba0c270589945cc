// Vitest runs in Node: give the modules that read `window.location` a minimal one.
const g = globalThis as unknown as { window?: unknown };
if (typeof g.window === "undefined") {
  g.window = { location: { origin: "http://localhost:3000", search: "", pathname: "/" } };
}
