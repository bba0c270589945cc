// A small History-API router: the page paths below are served by server/http/web.py
// (PAGE_ROUTES there lists the same paths).

import { useEffect, useState } from "preact/hooks";

export type Route =
  | { page: "join"; pin: string | null }
  | { page: "play"; pin: string }
  | { page: "screen"; pin: string }
  | { page: "dashboard" }
  | { page: "console"; gameId: string }
  | { page: "login"; register: boolean }
  | { page: "editor"; quizId: string | null }
  | { page: "start"; quizId: string }
  | { page: "quizStats"; quizId: string }
  | { page: "results"; gameId: string }
  | { page: "me" }
  | { page: "myChallenges" }
  | { page: "eventScreen"; eventId: string }
  | { page: "events" }
  | { page: "eventForm"; eventId: string | null }
  | { page: "event"; eventId: string }
  | { page: "leaderboards" }
  | { page: "people" }
  | { page: "invite"; token: string }
  | { page: "teams" }
  | { page: "team"; teamId: string }
  | { page: "member"; workspaceId: string; accountId: string }
  | { page: "challenges" }
  | { page: "review" }
  | { page: "drives" }
  | { page: "memberContent" }
  | { page: "notFound" };

const seg = (s: string) => decodeURIComponent(s);

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  let m: RegExpExecArray | null;
  if (path === "/" || path === "/join") return { page: "join", pin: null };
  if ((m = /^\/join\/([^/]+)$/.exec(path))) return { page: "join", pin: seg(m[1]) };
  if ((m = /^\/play\/([^/]+)$/.exec(path))) return { page: "play", pin: seg(m[1]) };
  if ((m = /^\/screen\/event\/([^/]+)$/.exec(path))) return { page: "eventScreen", eventId: seg(m[1]) };
  if ((m = /^\/screen\/([^/]+)$/.exec(path))) return { page: "screen", pin: seg(m[1]) };
  if (path === "/me") return { page: "me" };
  if (path === "/me/challenges") return { page: "myChallenges" };
  // The members' question and tip pages read the rest in their own chunk (contribute/routes.ts).
  if (path === "/contribute" || path === "/me/contributions" || path === "/library/community" || /^\/drives\/[^/]+$/.test(path))
    return { page: "memberContent" };
  if (path === "/host" || path === "/quizzes" || path === "/games") return { page: "dashboard" };
  if ((m = /^\/host\/([^/]+)$/.exec(path))) return { page: "console", gameId: seg(m[1]) };
  if (path === "/login") return { page: "login", register: false };
  if (path === "/register") return { page: "login", register: true };
  if (path === "/quizzes/new") return { page: "editor", quizId: null };
  if ((m = /^\/quizzes\/([^/]+)\/start$/.exec(path))) return { page: "start", quizId: seg(m[1]) };
  if ((m = /^\/quizzes\/([^/]+)\/stats$/.exec(path))) return { page: "quizStats", quizId: seg(m[1]) };
  if ((m = /^\/quizzes\/([^/]+)$/.exec(path))) return { page: "editor", quizId: seg(m[1]) };
  if ((m = /^\/games\/([^/]+)$/.exec(path))) return { page: "results", gameId: seg(m[1]) };
  if (path === "/events") return { page: "events" };
  if (path === "/events/new") return { page: "eventForm", eventId: null };
  if ((m = /^\/events\/([^/]+)\/edit$/.exec(path))) return { page: "eventForm", eventId: seg(m[1]) };
  if ((m = /^\/events\/([^/]+)$/.exec(path))) return { page: "event", eventId: seg(m[1]) };
  if (path === "/leaderboards") return { page: "leaderboards" };
  if (path === "/workspace") return { page: "people" };
  if ((m = /^\/invite\/([^/]+)$/.exec(path))) return { page: "invite", token: seg(m[1]) };
  if (path === "/teams") return { page: "teams" };
  if ((m = /^\/teams\/([^/]+)$/.exec(path))) return { page: "team", teamId: seg(m[1]) };
  // The challenge and duel pages read the rest of the path in their own chunk (challenges-host/duel.ts).
  if (/^\/(challenges|duels)(\/|$)/.test(path)) return { page: "challenges" };
  if (path === "/review") return { page: "review" };
  if (path === "/drives") return { page: "drives" };
  if ((m = /^\/workspaces\/([^/]+)\/people\/([^/]+)$/.exec(path))) return { page: "member", workspaceId: seg(m[1]), accountId: seg(m[2]) };
  return { page: "notFound" };
}

const listeners = new Set<() => void>();

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  listeners.forEach((fn) => fn());
  window.scrollTo(0, 0);
}

export function useLocation(): { pathname: string; search: string } {
  const read = () => ({ pathname: window.location.pathname, search: window.location.search });
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const update = () => setLoc(read());
    listeners.add(update);
    window.addEventListener("popstate", update);
    // A child may have navigated before this effect subscribed (child effects run first).
    update();
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  return loc;
}

/** Follow same-origin links without a page load (plain clicks only). */
export function onLinkClick(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest?.("a");
  if (!a || a.target || a.hasAttribute("download") || a.dataset.reload !== undefined) return;
  const url = new URL(a.href, window.location.href);
  if (url.origin !== window.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/assets/")) return;
  e.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}

export function queryParam(name: string): string | null {
  return new URLSearchParams(window.location.search).get(name);
}
