// Duels. `/duels/new`: "Duel a colleague": pick a shared quiz and a colleague (or a whole team);
// the server makes a challenge for the two sides (same questions, same order, a week to play).
// `/duels/<id>`: the head-to-head: who has played, then the scores and each question side by
// side once both finished. It follows the duel live, as the standings screen does.

import { useEffect, useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { Alert, ErrorText, Spinner } from "../components/ui";
import { num } from "../format";
import { useWorkspaces } from "../hooks/workspaces";
import { toMember, type Member } from "../people-model";
import { navigate } from "../router";
import type { TeamDoc } from "../teams-model";
import { announceWorkspace, atLeast } from "../workspace";
import { joinLink, QuizPicker, useLoad, whenLine } from "./common";
import { duelBody, duelDone, duelHeadline, duelPlayers, type HeadToHead, myTurn, playedQuizzes, questionRows, resultText, elapsedText, sideDone } from "./duel";
import { useChallengeFeed } from "./feed";
import type { ChallengeDoc } from "./model";

export function DuelNew({ quizId: initialQuiz }: { quizId: string | null }) {
  const auth = useAuth();
  const ws = useWorkspaces();
  const current = ws.current;
  const [quizId, setQuizId] = useState(initialQuiz ?? "");
  const [opponent, setOpponent] = useState("");
  const [people, setPeople] = useState<Member[] | null>(null);
  const [teams, setTeams] = useState<TeamDoc[]>([]);
  const [played, setPlayed] = useState<{ id: string; title: string }[] | null>(null);
  const [fieldError, setFieldError] = useState<{ quiz?: string; opponent?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = "Duel a colleague · Huddle";
    if (!auth || !current) return;
    api<{ members: (Partial<Member> & { id?: string })[] }>("GET", `/workspaces/${encodeURIComponent(current.id)}/members`).then(
      (r) => setPeople(r.members.map(toMember).filter((m) => m.account_id !== auth.host.id).sort((a, b) => a.name.localeCompare(b.name))),
      (err: ApiError) => setError(err.message),
    );
    if (!atLeast(current.role, "host")) {
      api<unknown>("GET", "/me/challenges").then(
        (r) => setPlayed(playedQuizzes(r)),
        () => setPlayed([]),
      );
    }
    api<{ teams: TeamDoc[] }>("GET", "/teams").then(
      (r) => setTeams(r.teams),
      () => setTeams([]),
    );
  }, [current?.id]);
  if (!auth) return null;
  // Members have no library to pick from: they duel on a quiz of a challenge they were in, or
  // the one in the link they opened (`?quiz=`).
  // Until the role is known nothing is asked: a member's library request would be refused.
  const known = ws.list !== null;
  const hosting = !!current && atLeast(current.role, "host");

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const parsed = duelBody(quizId, opponent);
    if ("error" in parsed) {
      const onQuiz = !quizId;
      setFieldError(onQuiz ? { quiz: parsed.error } : { opponent: parsed.error });
      document.getElementById(onQuiz ? "duel-quiz" : "duel-opponent")?.focus();
      return;
    }
    setFieldError({});
    setBusy(true);
    try {
      const made = await api<ChallengeDoc | { challenge: ChallengeDoc }>("POST", "/duels", parsed.body);
      const duel = "challenge" in made ? made.challenge : made;
      announceWorkspace("Duel sent. Play your run: the head-to-head shows once both have played.");
      navigate(`/duels/${encodeURIComponent(duel.id)}`);
    } catch (err) {
      const e2 = err as ApiError;
      if (e2.field === "quiz_id") setFieldError({ quiz: e2.message });
      else if (e2.field?.startsWith("opponent")) setFieldError({ opponent: e2.message });
      else setError(e2.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <HostShell auth={auth} section={hosting ? "challenges" : null}>
      <div class="page-head">
        <div>
          <h1>Duel a colleague</h1>
          <p class="muted-dark">You both play the same questions in the same order; the head-to-head shows when the second finishes.</p>
        </div>
      </div>
      {error ? <Alert>{error}</Alert> : null}
      <form class="card challenge-form" onSubmit={submit} noValidate aria-label="New duel">
        <div class="field">
          <label class="field-label" for="duel-quiz">
            Quiz
          </label>
          {!known ? (
            <select id="duel-quiz" class="input">
              <option>Loading…</option>
            </select>
          ) : hosting ? (
            <QuizPicker id="duel-quiz" value={quizId} error={fieldError.quiz} shared onChange={(id) => setQuizId(id)} />
          ) : (
            <select
              id="duel-quiz"
              class="input"
              value={quizId}
              aria-invalid={fieldError.quiz ? "true" : undefined}
              aria-describedby={fieldError.quiz ? "duel-quiz-error" : "duel-quiz-hint"}
              onChange={(e) => setQuizId((e.target as HTMLSelectElement).value)}
            >
              <option value="">{played === null ? "Loading your quizzes…" : "Pick a quiz"}</option>
              {(played ?? []).map((q) => (
                <option key={q.id} value={q.id}>
                  {q.title}
                </option>
              ))}
              {quizId && played && !played.some((q) => q.id === quizId) ? <option value={quizId}>The quiz in the link you opened</option> : null}
            </select>
          )}
          {!known || hosting ? null : (
            <p class="hint-dark" id="duel-quiz-hint">
              The quizzes of challenges and duels you were in.
            </p>
          )}
          <ErrorText id="duel-quiz-error" message={fieldError.quiz} />
        </div>
        <div class="field">
          <label class="field-label" for="duel-opponent">
            Opponent
          </label>
          <select
            id="duel-opponent"
            class="input"
            value={opponent}
            aria-invalid={fieldError.opponent ? "true" : undefined}
            aria-describedby={fieldError.opponent ? "duel-opponent-error" : undefined}
            onChange={(e) => setOpponent((e.target as HTMLSelectElement).value)}
          >
            <option value="">{people === null ? "Loading the people…" : "Pick a colleague or a team"}</option>
            {people && people.length > 0 ? (
              <optgroup label="Colleagues">
                {people.map((p) => (
                  <option key={p.account_id} value={`account:${p.account_id}`}>
                    {p.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {teams.length > 0 ? (
              <optgroup label="Teams">
                {teams.map((t) => (
                  <option key={t.id} value={`team:${t.id}`}>
                    {t.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
          <ErrorText id="duel-opponent-error" message={fieldError.opponent} />
        </div>
        <button type="submit" class="btn btn-primary btn-lg" disabled={busy} aria-busy={busy ? "true" : undefined}>
          {busy ? "Sending…" : "Send the duel"}
        </button>
      </form>
    </HostShell>
  );
}

function HeadToHeadTable({ h, meId }: { h: HeadToHead; meId: string }) {
  const rows = questionRows(h);
  return (
    <div class="table-wrap">
      <table class="table duel-table" data-testid="duel-questions">
        <caption class="sr-only">Each question, side by side</caption>
        <thead>
          <tr>
            <th scope="col">
              <abbr title="Question">Q</abbr>
            </th>
            {h.sides.map((s) => (
              <th key={s.account_id} scope="col">
                {s.account_id === meId ? `${s.name} (you)` : s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.index}>
              <th scope="row">Q{r.index + 1}</th>
              {r.cells.map((cell, j) => (
                <td key={j} class={r.best === j ? "duel-best" : undefined}>
                  {resultText(cell)}
                  <span class="sr-only"> points</span>
                  {elapsedText(cell) ? <span class="duel-time"> {elapsedText(cell)}</span> : null}
                  {r.best === j ? <span class="sr-only"> (took this question)</span> : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DuelPage({ id }: { id: string }) {
  const auth = useAuth();
  const { data: h, error, reload } = useLoad<HeadToHead>(auth ? `/duels/${encodeURIComponent(id)}` : null, "No duel has this address, or it is not yours.");
  const [said, setSaid] = useState("");
  const done = h ? duelDone(h) : false;
  // While a side has still to play, follow the duel: the head-to-head shows when it lands.
  useChallengeFeed(h && !done ? h.challenge.pin : null, () => void reload());
  useEffect(() => {
    if (h) document.title = `Duel: ${h.challenge.title} · Huddle`;
    if (h && done) setSaid(duelHeadline(h, auth?.host.id ?? null));
  }, [h, done]);
  if (!auth) return null;
  if (!h) {
    return (
      <HostShell auth={auth} section={null}>
        {error ? <Alert>{error}</Alert> : <Spinner label="Loading the duel…" />}
      </HostShell>
    );
  }
  const mine = myTurn(h, auth.host.id) && h.challenge.status !== "closed";
  const sides = duelDone(h) ? h.sides : duelPlayers(h);
  return (
    <HostShell auth={auth} section={null}>
      <div class="page-head">
        <div>
          <h1 data-testid="duel-title">Duel: {h.challenge.title}</h1>
          <p class="muted-dark">{whenLine(h.challenge)}</p>
        </div>
      </div>
      <p class="sr-only" role="status">
        {said}
      </p>
      <section class="card duel-card" aria-labelledby="duel-headline">
        <h2 id="duel-headline" data-testid="duel-headline">
          {duelHeadline(h, auth.host.id)}
        </h2>
        <ul class="duel-sides" aria-label="The sides">
          {sides.map((s) => (
            <li key={s.account_id} class="duel-side" data-testid="duel-side">
              <span class="duel-side-name">{s.account_id === auth.host.id ? `${s.name} (you)` : s.name}</span>
              <span class="duel-side-score">
                {"score" in s && sideDone(s) ? `${num(s.score ?? 0)} points · ${num(s.correct ?? 0)} right` : "finished" in s && s.finished ? "Played" : "Not played yet"}
              </span>
            </li>
          ))}
        </ul>
        {mine ? (
          <a class="btn btn-primary btn-lg" href={joinLink(h.challenge)} data-reload data-testid="duel-play">
            Play your run
          </a>
        ) : null}
      </section>
      {done ? (
        <section class="card" aria-labelledby="duel-q-title">
          <h2 id="duel-q-title">Question by question</h2>
          <HeadToHeadTable h={h} meId={auth.host.id} />
        </section>
      ) : null}
    </HostShell>
  );
}
