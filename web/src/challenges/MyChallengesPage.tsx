// `/me/challenges`: a member's challenges in the current workspace (`GET /api/me/challenges`):
// the open ones with their time left, the done ones with score and rank, the duels waiting, the
// day streak and today's daily challenge (`GET /api/daily`; a 404 `daily_off` hides the card).

import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { Alert, Spinner } from "../components/ui";
import type { ChallengeDoc, MyChallenges } from "../protocol";
import "../styles/challenges.css";
import { dailyCard, type MyChallengesView, myChallengesView } from "./my-challenges";

type Load = { status: "loading" } | { status: "error"; message: string } | { status: "ok"; view: MyChallengesView; daily: ChallengeDoc | null };

/** Today's daily challenge, or null when the workspace runs none (or it cannot be read now). */
async function fetchDaily(): Promise<ChallengeDoc | null> {
  try {
    const found = await api<ChallengeDoc | { challenge: ChallengeDoc }>("GET", "/daily");
    return found && "challenge" in found ? found.challenge : (found as ChallengeDoc | null);
  } catch {
    return null;
  }
}

export function MyChallengesPage() {
  const auth = useAuth();
  const [load, setLoad] = useState<Load>({ status: "loading" });

  const refresh = async () => {
    setLoad({ status: "loading" });
    try {
      const [mine, daily] = await Promise.all([api<MyChallenges>("GET", "/me/challenges"), fetchDaily()]);
      setLoad({ status: "ok", view: myChallengesView(mine, Date.now(), auth?.host.id ?? null), daily });
    } catch (err) {
      setLoad({ status: "error", message: err instanceof ApiError ? err.message : "Could not load your challenges." });
    }
  };

  useEffect(() => {
    document.title = "Your challenges · Huddle";
    if (auth) void refresh();
  }, []);

  if (!auth) return null;
  return (
    <HostShell auth={auth} section="home">
      <div class="page-head">
        <div>
          <h1>Your challenges</h1>
          <p class="muted-dark">Quizzes to play at your own pace, before they close.</p>
        </div>
      </div>
      {load.status === "loading" ? (
        <Spinner label="Loading your challenges…" />
      ) : load.status === "error" ? (
        <div class="card">
          <Alert>{load.message}</Alert>
          <button type="button" class="btn btn-primary" onClick={() => void refresh()}>
            Try again
          </button>
        </div>
      ) : (
        <Challenges view={load.view} daily={load.daily} />
      )}
    </HostShell>
  );
}

function Challenges({ view, daily }: { view: MyChallengesView; daily: ChallengeDoc | null }) {
  const today = dailyCard(daily, view);
  return (
    <div class="my-ch">
      <div class="my-ch-top">
        <section class="card my-ch-streak" aria-labelledby="streak-title" data-testid="my-streak">
          <h2 id="streak-title">Day streak</h2>
          <p class="my-ch-big">{view.streakText}</p>
          <p class="muted-dark">{view.bestText}</p>
        </section>
        {today ? (
          <section class="card my-ch-daily" aria-labelledby="daily-title" data-testid="my-daily">
            <h2 id="daily-title">Today's challenge</h2>
            <p>{today.title}</p>
            {today.done ? (
              <p class="muted-dark">Done for today. Come back tomorrow to keep your streak.</p>
            ) : (
              <a class="btn btn-primary" href={today.href}>
                Play today's challenge
              </a>
            )}
          </section>
        ) : null}
      </div>

      <section class="my-ch-section" aria-labelledby="open-title">
        <h2 id="open-title">Open</h2>
        {view.open.length ? (
          <ul class="my-ch-list" data-testid="my-open">
            {view.open.map((c) => (
              <li key={c.id} class="card my-ch-row">
                <div class="my-ch-main">
                  <span class="my-ch-kind">{c.kind}</span>
                  <strong class="my-ch-title">{c.title}</strong>
                  <span class="muted-dark">{c.left}</span>
                </div>
                <a class="btn btn-primary" href={c.href} aria-label={`Play ${c.title}`}>
                  Play
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted-dark">No open challenges right now.</p>
        )}
      </section>

      {view.duels.length ? (
        <section class="my-ch-section" aria-labelledby="duels-title">
          <h2 id="duels-title">Duels</h2>
          <ul class="my-ch-list" data-testid="my-duels">
            {view.duels.map((d) => (
              <li key={d.id} class="card my-ch-row">
                <div class="my-ch-main">
                  <span class="my-ch-kind">{d.played ? "Played" : "Waiting for you"}</span>
                  <strong class="my-ch-title">{d.title}</strong>
                  <span class="muted-dark">
                    {d.against ? `Against ${d.against}` : ""}
                    {d.against && d.left && !d.played ? " · " : ""}
                    {d.played ? "" : d.left}
                  </span>
                </div>
                {d.played ? null : (
                  <a class="btn btn-primary" href={d.href} aria-label={`Play the duel ${d.title}`}>
                    Play
                  </a>
                )}
                <a class="btn btn-ghost-dark" href={d.result} aria-label={`Head-to-head of ${d.title}`}>
                  Head-to-head
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section class="my-ch-section" aria-labelledby="done-title">
        <h2 id="done-title">Done</h2>
        {view.done.length ? (
          <ul class="my-ch-list" data-testid="my-done">
            {view.done.map((c) => (
              <li key={c.id} class="card my-ch-row">
                <div class="my-ch-main">
                  <span class="my-ch-kind">{c.kind}</span>
                  <strong class="my-ch-title">{c.title}</strong>
                </div>
                <span class="my-ch-score" data-testid="my-done-score">
                  {c.score}
                </span>
                <span class="my-ch-rank">{c.rank}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted-dark">None finished yet.</p>
        )}
      </section>
    </div>
  );
}
