import { useEffect, useRef, useState } from "preact/hooks";
import { Dice } from "../components/icons";
import { Alert, ErrorText, Logo, formatPin } from "../components/ui";
import { challengeOf, solveChallenge } from "../challenge";
import { joinError } from "../format";
import { checkIdentifier, IDENTIFIER_MAX, peekPlayerKey, playerKey, rememberedIdentifier, rememberIdentifier } from "../identity";
import { suggestNickname } from "../nicknames";
import type { GameSettings, State } from "../protocol";
import type { JoinRequest } from "../socket-events";
import { signedIn } from "../auth";
import { navigate } from "../router";
import { GAME_BOUNDS } from "../rules";
import { handOver, setRenamed, takeJoinNotice } from "../session";
import { load, type PlayerSession, playerKey as sessionKey, save } from "../storage";

interface GameInfo {
  pin: string;
  title: string;
  settings: GameSettings;
  phase: State["phase"];
}

const PIN_RE = /^\d{4,10}$/;

/** Look a PIN up without joining: the public `/screen` namespace tells its title and settings. */
async function peek(pin: string): Promise<{ ok: true; info: GameInfo } | { ok: false; code: string; message: string }> {
  // socket.io-client is loaded on first use, not with the first screen (web/src/lazy.tsx).
  const { connect, request } = await import("../live");
  const socket = connect("/screen");
  try {
    const ack = await request(socket, "watch", { pin }, 8000);
    if (!ack.ok) return { ok: false, code: ack.error.code, message: ack.error.message };
    const s = ack.state;
    return { ok: true, info: { pin, title: s.title ?? "", settings: s.settings ?? {}, phase: s.phase } };
  } finally {
    socket.disconnect();
  }
}

export function JoinPage({ pin: pinFromUrl }: { pin: string | null }) {
  const [step, setStep] = useState<"pin" | "name">("pin");
  const [pin, setPin] = useState(pinFromUrl ?? "");
  const [pinError, setPinError] = useState<string | null>(null);
  const [info, setInfo] = useState<GameInfo | null>(null);
  const [nickname, setNickname] = useState("");
  const [team, setTeam] = useState<string | null>(null);
  // Asked only after the server answers `identifier_required`; filled in with the one this
  // device remembers, if the player let it.
  const [askId, setAskId] = useState(false);
  const [identifier, setIdentifier] = useState(() => rememberedIdentifier() ?? "");
  const [rememberId, setRememberId] = useState(true);
  const [idError, setIdError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [teamError, setTeamError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [solving, setSolving] = useState(false);
  const [notice] = useState(() => takeJoinNotice());
  const [hasHistory] = useState(() => peekPlayerKey() !== null || signedIn() !== null);
  // Signed in (the host area's login): a member of the game's workspace plays as themselves.
  const [who, setWho] = useState(() => signedIn());
  const nameRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const idRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = "Join a game · Huddle";
    if (pinFromUrl) {
      // Back to a game this phone is already in: resume without asking anything.
      const saved = load<PlayerSession>(sessionKey(pinFromUrl));
      if (saved) {
        navigate(`/play/${encodeURIComponent(pinFromUrl)}`, { replace: true });
        return;
      }
      void lookUp(pinFromUrl);
    } else {
      pinRef.current?.focus();
    }
  }, [pinFromUrl]);

  useEffect(() => {
    if (step === "name") nameRef.current?.focus();
  }, [step]);

  useEffect(() => {
    if (!askId) return;
    // The field reads its label and why it is asked; a remembered identifier is already in it.
    idRef.current?.focus();
  }, [askId]);

  async function lookUp(value: string) {
    const clean = value.replace(/\s+/g, "");
    if (!PIN_RE.test(clean)) {
      setPinError("Enter the game PIN: the digits shown on the big screen.");
      pinRef.current?.focus();
      return;
    }
    setBusy(true);
    setPinError(null);
    const result = await peek(clean);
    setBusy(false);
    if (!result.ok) {
      setStep("pin");
      setPinError(joinError(result.code, result.message));
      pinRef.current?.focus();
      return;
    }
    // A live game that ended, or a challenge that closed (its phase is "closed").
    if (result.info.phase === "finished" || (result.info.phase as string) === "closed") {
      setStep("pin");
      setPinError(joinError(result.info.phase === "finished" ? "game_over" : "challenge_closed"));
      return;
    }
    setPin(clean);
    setInfo(result.info);
    setStep("name");
  }

  async function join(e: Event) {
    e.preventDefault();
    if (!info) return;
    setFormError(null);
    setNameError(null);
    setTeamError(null);
    setIdError(null);
    const name = nickname.trim();
    if (!name && !who) {
      setNameError("Choose a nickname so the others know who you are.");
      nameRef.current?.focus();
      return;
    }
    if ([...name].length > GAME_BOUNDS.nickname) {
      setNameError(`Nicknames are at most ${GAME_BOUNDS.nickname} characters.`);
      nameRef.current?.focus();
      return;
    }
    const teams = info.settings.teams;
    // A signed-in member plays for their own team when the game has the workspace's teams:
    // picking one is only for a member without a team.
    const ownTeam = !!who && teams?.source === "workspace";
    if (teams?.mode === "choose" && !team && !ownTeam) {
      setTeamError("Pick a team.");
      return;
    }
    // The device's long-lived key lets this player's games add up (history, badges).
    const payload: JoinRequest = { pin: info.pin, player_key: playerKey() };
    if (name) payload.nickname = name;
    if (who) payload.account_token = who.token;
    if (teams?.mode === "choose" && team) payload.team = team;
    let sentId: string | null = null;
    if (askId) {
      const checked = checkIdentifier(identifier);
      if (!checked.ok) {
        setIdError(checked.message);
        idRef.current?.focus();
        return;
      }
      sentId = checked.value;
      payload.identifier = sentId;
    }
    setBusy(true);
    const { connect, request } = await import("../live");
    const socket = connect("/play");
    let ack = await request(socket, "join", payload, 10000);
    // Many players joining from one network: the server asks for a small proof of work
    // (about 100 ms); solve it and join again, a few times at most.
    for (let tries = 0; tries < 3 && !ack.ok; tries++) {
      const challenge = /^challenge_(required|failed)$/.test(ack.error.code) ? challengeOf(ack) : null;
      if (!challenge) break;
      setSolving(true);
      const solution = await solveChallenge(challenge);
      setSolving(false);
      ack = await request(socket, "join", { ...payload, challenge: challenge.token, solution }, 10000);
    }
    setBusy(false);
    if (!ack.ok) {
      socket.disconnect();
      const code = ack.error.code;
      const message = joinError(code, ack.error.message);
      if (code === "bad_token") {
        // The sign-in expired or was ended elsewhere: the page offers to play as a guest.
        void import("../api").then((m) => m.clearAuth());
        setWho(null);
        setFormError("Your sign-in has expired. Enter a nickname to play as a guest, or sign in again.");
        nameRef.current?.focus();
      } else if (code === "nickname_taken" || code === "nickname_invalid") {
        setNameError(message);
        nameRef.current?.focus();
      } else if (code === "invalid_team") {
        setTeamError(message);
      } else if (code === "identifier_required") {
        setAskId(true);
        if (askId) {
          setIdError(message);
          idRef.current?.focus();
        }
      } else if (askId && code === "invalid" && /identifier/i.test(ack.error.message)) {
        setIdError("That does not look right: use 1 to 254 characters.");
        idRef.current?.focus();
      } else if (code === "game_not_found") {
        setStep("pin");
        setPinError(message);
      } else {
        setFormError(message);
      }
      return;
    }
    const session: PlayerSession = {
      token: ack.token,
      game_id: ack.state.game_id,
      player_id: ack.player.id,
      nickname: ack.player.nickname,
      team: ack.player.team,
      mode: ack.state.mode,
    };
    save(sessionKey(info.pin), session);
    if (sentId !== null) rememberIdentifier(rememberId ? sentId : null);
    if (ack.renamed) setRenamed(ack.player.nickname);
    // Signed in: this device's earlier games as a guest become the person's (once).
    if (who) void import("../person").then((m) => m.claimDevice(who)).catch(() => undefined);
    handOver({ pin: info.pin, socket, ack });
    navigate(`/play/${encodeURIComponent(info.pin)}`);
  }

  return (
    <main class="page-join">
      <header class="join-header">
        <Logo size="lg" />
      </header>
      {step === "pin" ? (
        <form
          class="join-card"
          onSubmit={(e) => {
            e.preventDefault();
            void lookUp(pin);
          }}
          noValidate
        >
          {notice ? <Alert kind="info">{notice}</Alert> : null}
          <label class="join-label" for="pin">
            Game PIN
          </label>
          <input
            id="pin"
            ref={pinRef}
            class="big-input pin-input"
            inputMode="numeric"
            autoComplete="off"
            pattern="[0-9 ]*"
            maxLength={12}
            placeholder="123 456"
            value={pin}
            onInput={(e) => setPin((e.target as HTMLInputElement).value)}
            aria-invalid={pinError ? "true" : undefined}
            aria-describedby={pinError ? "pin-error" : undefined}
          />
          <ErrorText id="pin-error" message={pinError} />
          <button class="btn btn-cta btn-xl" type="submit" disabled={busy}>
            {busy ? "Checking…" : "Enter"}
          </button>
          {hasHistory ? (
            <p class="join-foot">
              <a href="/me">Your games and badges</a>
            </p>
          ) : null}
          <p class="join-foot">
            Hosting a quiz? <a href="/host">Open the host area</a>
          </p>
        </form>
      ) : (
        <form class="join-card" onSubmit={join} noValidate>
          <div class="join-game">
            <span class="join-game-title">{info?.title || "Quiz"}</span>
            <span class="join-game-pin">
              PIN {formatPin(pin)}{" "}
              <button
                type="button"
                class="link-btn"
                onClick={() => {
                  setStep("pin");
                  setInfo(null);
                  setAskId(false);
                  setIdError(null);
                  navigate("/", { replace: true });
                }}
              >
                Change
              </button>
            </span>
          </div>
          {who ? (
            <p class="join-as" data-testid="join-as">
              Playing as <strong>{who.name}</strong>{" "}
              <button type="button" class="link-btn" onClick={() => setWho(null)}>
                Play as a guest
              </button>
            </p>
          ) : null}
          <label class="join-label" for="nickname">
            {who ? "Your nickname (optional)" : "Your nickname"}
          </label>
          <input
            id="nickname"
            ref={nameRef}
            class="big-input"
            autoComplete="nickname"
            autoCapitalize="words"
            maxLength={GAME_BOUNDS.nickname}
            placeholder={who ? who.name : "e.g. Quiz Whiz"}
            value={nickname}
            onInput={(e) => setNickname((e.target as HTMLInputElement).value)}
            aria-invalid={nameError ? "true" : undefined}
            aria-describedby={nameError ? "nickname-error" : undefined}
          />
          <ErrorText id="nickname-error" message={nameError} />
          {info?.settings.nickname_generator ? (
            <button
              type="button"
              class="btn btn-ghost btn-lg"
              onClick={async () => {
                setNickname(await suggestNickname(pin));
                nameRef.current?.focus();
              }}
            >
              <Dice /> Pick a name for me
            </button>
          ) : null}
          {info?.settings.teams?.mode === "choose" ? (
            <fieldset class="team-pick" aria-describedby={teamError ? "team-error" : undefined}>
              <legend class="join-label">Your team</legend>
              {who && info.settings.teams.source === "workspace" ? (
                <p class="id-why">You play for your own team. Pick one only if you have none.</p>
              ) : null}
              <div class="team-options">
                {(info.settings.teams.names ?? []).map((name) => (
                  <label key={name} class={`team-option ${team === name ? "checked" : ""}`}>
                    <input type="radio" name="team" value={name} checked={team === name} onChange={() => setTeam(name)} />
                    <span>{name}</span>
                  </label>
                ))}
              </div>
              <ErrorText id="team-error" message={teamError} />
            </fieldset>
          ) : null}
          {askId ? (
            <div class="id-ask">
              <p class="id-why" id="identifier-why">
                <strong>This event asks who you are</strong> so your points add up across its rounds, even on
                another device. Only the host sees it, on their leaderboards and reports: never the big screen
                or the other players.
              </p>
              <label class="join-label" id="identifier-label" for="identifier">
                Your e-mail or ID
              </label>
              <input
                id="identifier"
                ref={idRef}
                class="big-input id-input"
                type="text"
                inputMode="email"
                autoComplete="email"
                autoCapitalize="none"
                spellcheck={false}
                maxLength={IDENTIFIER_MAX}
                aria-required="true"
                placeholder="you@example.com"
                value={identifier}
                onInput={(e) => setIdentifier((e.target as HTMLInputElement).value)}
                aria-invalid={idError ? "true" : undefined}
                aria-describedby={idError ? "identifier-why identifier-error" : "identifier-why"}
              />
              <ErrorText id="identifier-error" message={idError} />
              <label class="check-row id-remember">
                <input type="checkbox" checked={rememberId} onChange={(e) => setRememberId((e.target as HTMLInputElement).checked)} />
                <span>Remember it on this device for the next round</span>
              </label>
            </div>
          ) : null}
          {formError ? <Alert>{formError}</Alert> : null}
          <button class="btn btn-cta btn-xl" type="submit" disabled={busy}>
            {busy ? (solving ? "Many joining here, one moment…" : "Joining…") : "Join the game"}
          </button>
          <p class="sr-only" role="status">
            {solving ? "Many people are joining from your network. One moment…" : ""}
          </p>
        </form>
      )}
    </main>
  );
}
