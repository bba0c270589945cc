// The People page's daily challenge settings: on or off, the tag its questions are drawn from
// (empty: the whole shared library), how many questions and each one's time. Only an admin sees
// them (the People page shows it to admins). Saved shows only once the server answered ok.

import { useEffect, useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { ErrorText, Spinner } from "../components/ui";
import { TEXT_LIMITS } from "../limits";
import { DAILY_COUNT_MAX, type DailyErrors, dailyForm, type DailySettings as Settings, MAX_TIME_S, MIN_TIME_S, parseDailyForm } from "./duel";

const IDS = { tag: "daily-tag", count: "daily-count", timeLimit: "daily-time" } as const;

/** An admin's form (the settings are the admins' to read and change: `GET`/`PUT …/daily`). */
export function DailySettings({ workspaceId, say, onError }: { workspaceId: string; say: (text: string) => void; onError: (message: string) => void }) {
  const path = `/workspaces/${encodeURIComponent(workspaceId)}/daily`;
  const [saved, setSaved] = useState<Settings | null>(null);
  const [form, setForm] = useState(() => dailyForm(null));
  const [errors, setErrors] = useState<DailyErrors>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<Settings | { daily: Settings }>("GET", path).then(
      (r) => {
        const s = "daily" in r ? r.daily : r;
        setSaved(s);
        setForm(dailyForm(s));
      },
      (err: ApiError) => onError(err.message),
    );
  }, [workspaceId]);

  if (!saved) {
    return (
      <section class="card daily-settings" aria-labelledby="daily-title">
        <h2 id="daily-title">Daily challenge</h2>
        <Spinner label="Loading the daily challenge's settings…" />
      </section>
    );
  }
  async function save(e: Event) {
    e.preventDefault();
    if (busy) return;
    const parsed = parseDailyForm(form);
    if ("errors" in parsed) {
      setErrors(parsed.errors);
      const first = (["tag", "count", "timeLimit"] as const).find((f) => parsed.errors[f]);
      if (first) document.getElementById(IDS[first])?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const r = await api<Settings | { daily: Settings } | undefined>("PUT", path, parsed.body);
      const s = r && "daily" in r ? r.daily : (r ?? parsed.body);
      setSaved(s);
      setForm(dailyForm(s));
      say(s.enabled ? `The daily challenge is on: ${s.count} questions a day.` : "The daily challenge is off.");
    } catch (err) {
      const e2 = err as ApiError;
      if (e2.field === "tag") setErrors({ tag: e2.message });
      else if (e2.field === "count") setErrors({ count: e2.message });
      else if (e2.field === "time_limit_s") setErrors({ timeLimit: e2.message });
      else onError(e2.message);
    } finally {
      setBusy(false);
    }
  }

  const input = (key: "tag" | "count" | "timeLimit", hint: string, extra: Record<string, unknown> = {}) => (
    <>
      <input
        id={IDS[key]}
        class={`input ${key === "tag" ? "" : "input-short"}`}
        value={form[key]}
        onInput={(e) => setForm((f) => ({ ...f, [key]: (e.target as HTMLInputElement).value }))}
        aria-invalid={errors[key] ? "true" : undefined}
        aria-describedby={errors[key] ? `${IDS[key]}-error` : `${IDS[key]}-hint`}
        {...extra}
      />
      <ErrorText id={`${IDS[key]}-error`} message={errors[key]} />
      {errors[key] ? null : (
        <p class="hint-dark" id={`${IDS[key]}-hint`}>
          {hint}
        </p>
      )}
    </>
  );

  return (
    <form class="card daily-settings" aria-labelledby="daily-title" onSubmit={save} noValidate data-testid="daily-settings">
      <h2 id="daily-title">Daily challenge</h2>
      <p class="muted-dark">Each day a few questions from the shared library, the same for everyone that day; members keep day streaks.</p>
      <label class="check-row">
        <input type="checkbox" checked={form.enabled} onChange={(e) => setForm((f) => ({ ...f, enabled: (e.target as HTMLInputElement).checked }))} />
        <span>Run a daily challenge</span>
      </label>
      <div class="field">
        <label class="field-label" for={IDS.tag}>
          Questions tagged
        </label>
        {input("tag", "Empty: questions from every shared quiz.", { maxLength: TEXT_LIMITS.tag, placeholder: "Any tag" })}
      </div>
      <div class="field">
        <label class="field-label" for={IDS.count}>
          Questions a day
        </label>
        {input("count", `1 to ${DAILY_COUNT_MAX}.`, { inputMode: "numeric" })}
      </div>
      <div class="field">
        <label class="field-label" for={IDS.timeLimit}>
          Seconds per question
        </label>
        {input("timeLimit", `${MIN_TIME_S} to ${MAX_TIME_S}.`, { inputMode: "numeric" })}
      </div>
      <button type="submit" class="btn btn-primary" disabled={busy}>
        {busy ? "Saving…" : "Save the daily challenge"}
      </button>
    </form>
  );
}
