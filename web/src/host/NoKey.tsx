// The console of a game this browser did not start, without a login: ask for the host key.

import { useState } from "preact/hooks";
import { Logo } from "../components/ui";
import { type HostGame, hostGameKey, save } from "../storage";

export function NoKey({ gameId, onKey }: { gameId: string; onKey: (g: HostGame) => void }) {
  const [key, setKey] = useState("");
  return (
    <main class="page-console center-page">
      <form
        class="card narrow"
        onSubmit={(e) => {
          e.preventDefault();
          if (!key.trim()) return;
          const g = { host_key: key.trim(), pin: "", join_url: "" };
          save(hostGameKey(gameId), g);
          onKey(g);
        }}
      >
        <Logo light={false} />
        <h1>Host key needed</h1>
        <p>
          This browser did not start this game, so it does not hold its host key. <a href={`/login?next=/host/${encodeURIComponent(gameId)}`}>Log in</a>{" "}
          to the account that started it, or paste the key here.
        </p>
        <label class="field-label" for="host-key">
          Host key
        </label>
        <input id="host-key" class="input" value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} />
        <div class="row">
          <button class="btn btn-primary" type="submit">
            Open console
          </button>
          <a class="btn btn-ghost-dark" href="/host">
            Back to your quizzes
          </a>
        </div>
      </form>
    </main>
  );
}
