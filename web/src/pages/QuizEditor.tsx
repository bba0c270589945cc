import { useEffect, useState } from "preact/hooks";
import { TILE_STYLES } from "../answers";
import { api, ApiError } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { CharCount } from "../components/CharCount";
import { ImageField } from "../components/ImageField";
import { Copy, Trash } from "../components/icons";
import { Alert, ErrorText, Shape, Spinner } from "../components/ui";
import { humanField } from "../format";
import { QUESTION_KINDS, type QuestionKind, type QuizDoc } from "../protocol";
import {
  type DraftQuestion,
  type DraftQuiz,
  docFromDraftQuiz,
  draftQuizFromDoc,
  errorAnchor,
  type FieldErrors,
  fieldId,
  KIND_LABELS,
  LIMITS,
  MAX_CHOICES,
  MAX_ITEMS,
  MIN_CHOICES,
  newQuestion,
  newQuiz,
  TIME_LIMITS_S,
  tooLong,
  validateQuiz,
} from "../quiz-model";
import { navigate } from "../router";
import { textLength } from "../text-length";

const KIND_HELP: Partial<Record<QuestionKind, string>> = {
  choice: "Mark one correct answer, or several to make players pick all of them.",
  true_false: "Players answer true or false.",
  type_answer: "Players type the answer. Case, accents and punctuation are ignored.",
  numeric: "Players enter a number. Answers within the tolerance count as correct.",
  order: "Enter the items in the correct order; players put them back in order.",
  poll: "No right answer and no points: see what everyone thinks.",
  word_cloud: "Players send a word or two (up to 40 characters). No points.",
};

export function QuizEditor({ quizId }: { quizId: string | null }) {
  const auth = useAuth();
  const [draft, setDraft] = useState<DraftQuiz | null>(quizId ? null : newQuiz());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [checked, setChecked] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // A quiz saved before today's text limits: how many of its texts are too long at load.
  const [longAtLoad, setLongAtLoad] = useState(0);

  useEffect(() => {
    document.title = `${quizId ? "Edit quiz" : "New quiz"} · Huddle`;
    if (!quizId || !auth) return;
    api<QuizDoc>("GET", `/quizzes/${encodeURIComponent(quizId)}`)
      .then((doc) => {
        const loaded = draftQuizFromDoc(doc);
        setLongAtLoad(Object.keys(tooLong(loaded)).length);
        setDraft(loaded);
      })
      .catch((err: ApiError) => setLoadError(err.status === 404 ? "This quiz does not exist." : err.message));
  }, [quizId]);

  if (!auth) return null;

  const update = (fn: (d: DraftQuiz) => DraftQuiz) => {
    setDraft((d) => {
      if (!d) return d;
      const next = fn(d);
      if (checked) setErrors(validateQuiz(next));
      return next;
    });
    setServerErrors({});
    setNotice(null);
  };
  const updateQ = (i: number, fn: (q: DraftQuestion) => DraftQuestion) =>
    update((d) => ({ ...d, questions: d.questions.map((q, j) => (j === i ? fn(q) : q)) }));

  const allErrors: FieldErrors = { ...errors, ...serverErrors };
  const errorCount = Object.keys(allErrors).length;

  async function save(thenStart: boolean) {
    if (!draft) return;
    const errs = validateQuiz(draft);
    setChecked(true);
    setErrors(errs);
    setServerErrors({});
    if (Object.keys(errs).length) {
      focusError(Object.keys(errs)[0]);
      return;
    }
    setSaving(true);
    try {
      const doc = docFromDraftQuiz(draft);
      const saved = quizId
        ? await api<QuizDoc>("PUT", `/quizzes/${encodeURIComponent(quizId)}`, doc)
        : await api<QuizDoc>("POST", "/quizzes", doc);
      if (thenStart) navigate(`/quizzes/${encodeURIComponent(saved.id!)}/start`);
      else {
        if (!quizId) navigate(`/quizzes/${encodeURIComponent(saved.id!)}`, { replace: true });
        setNotice("Saved.");
      }
    } catch (err) {
      const e = err as ApiError;
      const field = e.field ? errorAnchor(e.field) : "_form";
      setServerErrors({ [field]: e.message });
      if (e.field) focusError(field);
    } finally {
      setSaving(false);
    }
  }

  function focusError(path: string) {
    window.setTimeout(() => {
      const el = document.getElementById(fieldId(path));
      if (el) {
        el.focus();
        el.scrollIntoView({ block: "center" });
      } else document.getElementById("editor-errors")?.focus();
    }, 0);
  }

  if (loadError) {
    return (
      <HostShell auth={auth}>
        <Alert>{loadError}</Alert>
        <a href="/host">Back to your quizzes</a>
      </HostShell>
    );
  }
  if (!draft) {
    return (
      <HostShell auth={auth}>
        <Spinner label="Loading the quiz…" />
      </HostShell>
    );
  }

  const err = (path: string) => allErrors[path];
  const described = (path: string): Record<string, string> =>
    err(path) ? { "aria-invalid": "true", "aria-describedby": `${fieldId(path)}-error` } : {};
  /** `described`, and the field's character counter. */
  const counted = (path: string): Record<string, string> => {
    const own = described(path);
    const ids = [`${fieldId(path)}-count`, own["aria-describedby"]].filter(Boolean).join(" ");
    return { ...own, "aria-describedby": ids };
  };
  // Fields still too long (the notice for a quiz saved before the limits counts down to none).
  const stillLong = longAtLoad ? Object.keys(tooLong(draft)).length : 0;
  const unplaced = Object.entries(allErrors).filter(([path]) => path === "_form" || !isPlaced(path, draft));

  return (
    <HostShell auth={auth}>
      <form
        class="editor"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save(false);
        }}
      >
        <div class="editor-bar">
          <a href="/host" class="back-link">
            <span aria-hidden="true">←</span> Quizzes
          </a>
          <h1>{quizId ? "Edit quiz" : "New quiz"}</h1>
          <div class="row">
            <button type="submit" class="btn btn-ghost-dark" disabled={saving}>
              {saving ? "Saving…" : "Save"}
            </button>
            <button type="button" class="btn btn-primary" disabled={saving} onClick={() => void save(true)}>
              Save and start <span aria-hidden="true">▶</span>
            </button>
          </div>
        </div>
        {errorCount ? (
          <div class="alert alert-error" role="alert" id="editor-errors" tabIndex={-1}>
            <span class="alert-icon" aria-hidden="true">
              !
            </span>
            <div>
              <strong>
                {errorCount === 1 ? "Fix 1 problem before saving." : `Fix ${errorCount} problems before saving.`}
              </strong>
              {unplaced.length ? (
                <ul>
                  {unplaced.map(([path, message]) => (
                    <li key={path}>{path === "_form" ? message : `${humanField(path)}: ${message}`}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          </div>
        ) : null}
        {notice ? <Alert kind="success">{notice}</Alert> : null}
        {longAtLoad && stillLong ? (
          <div class="alert alert-info" role="status" data-testid="too-long-notice">
            <span class="alert-icon" aria-hidden="true">
              i
            </span>
            <div>
              This quiz was saved before Huddle's text limits (questions up to {LIMITS.prompt} characters, answers up to{" "}
              {LIMITS.tile}). It plays as it is; shorten the {stillLong === 1 ? "field" : `${stillLong} fields`} marked too
              long before saving it again.
            </div>
          </div>
        ) : null}
        <div class="card editor-meta">
          <div class="field">
            <label class="field-label" for={fieldId("title")}>
              Quiz title
            </label>
            <input
              id={fieldId("title")}
              class="input input-lg"
              value={draft.title}
              placeholder="e.g. Friday team quiz"
              onInput={(e) => update((d) => ({ ...d, title: (e.target as HTMLInputElement).value }))}
              {...counted("title")}
            />
            <CharCount id={`${fieldId("title")}-count`} value={draft.title} limit={LIMITS.title} />
            <ErrorText id={`${fieldId("title")}-error`} message={err("title")} />
          </div>
          <div class="field">
            <label class="field-label" for={fieldId("description")}>
              Description <span class="optional">(optional)</span>
            </label>
            <textarea
              id={fieldId("description")}
              class="input"
              rows={2}
              value={draft.description}
              onInput={(e) => update((d) => ({ ...d, description: (e.target as HTMLTextAreaElement).value }))}
              {...counted("description")}
            />
            <CharCount id={`${fieldId("description")}-count`} value={draft.description} limit={LIMITS.description} />
            <ErrorText id={`${fieldId("description")}-error`} message={err("description")} />
          </div>
        </div>
        <ErrorText id={`${fieldId("questions")}-error`} message={err("questions")} />
        <ol class="q-list">
          {draft.questions.map((q, i) => (
            <QuestionCard
              key={q.key}
              q={q}
              index={i}
              total={draft.questions.length}
              err={err}
              described={described}
              counted={counted}
              change={(fn) => updateQ(i, fn)}
              move={(delta) =>
                update((d) => {
                  const qs = d.questions.slice();
                  const j = i + delta;
                  if (j < 0 || j >= qs.length) return d;
                  [qs[i], qs[j]] = [qs[j], qs[i]];
                  return { ...d, questions: qs };
                })
              }
              duplicate={() =>
                update((d) => {
                  const qs = d.questions.slice();
                  qs.splice(i + 1, 0, { ...structuredClone(q), key: newQuestion().key });
                  return { ...d, questions: qs };
                })
              }
              remove={() => update((d) => ({ ...d, questions: d.questions.filter((_, j) => j !== i) }))}
            />
          ))}
        </ol>
        <AddQuestion onAdd={(kind) => {
          update((d) => ({ ...d, questions: [...d.questions, newQuestion(kind)] }));
          window.setTimeout(() => {
            const inputs = document.querySelectorAll<HTMLTextAreaElement>(".q-card .q-prompt-input");
            inputs[inputs.length - 1]?.focus();
          }, 0);
        }} />
      </form>
    </HostShell>
  );
}

function isPlaced(path: string, draft: DraftQuiz): boolean {
  if (path === "title" || path === "description" || path === "questions") return true;
  const m = /^questions\[(\d+)\]\.(prompt|choices|correct|accepted|items|tolerance|min|max|media\.image|explanation|time_limit_ms|points|kind)$/.exec(path);
  return !!m && Number(m[1]) < draft.questions.length;
}

function AddQuestion({ onAdd }: { onAdd: (kind: QuestionKind) => void }) {
  const [kind, setKind] = useState<QuestionKind>("choice");
  return (
    <div class="add-question card">
      <label class="field-label" for="add-kind">
        Add a question
      </label>
      <div class="row">
        <select id="add-kind" class="input" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as QuestionKind)}>
          {QUESTION_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
        <button type="button" class="btn btn-primary" onClick={() => onAdd(kind)}>
          <span aria-hidden="true">+</span> Add question
        </button>
      </div>
    </div>
  );
}

interface CardProps {
  q: DraftQuestion;
  index: number;
  total: number;
  err: (path: string) => string | undefined;
  described: (path: string) => Record<string, string>;
  counted: (path: string) => Record<string, string>;
  change: (fn: (q: DraftQuestion) => DraftQuestion) => void;
  move: (delta: number) => void;
  duplicate: () => void;
  remove: () => void;
}

function QuestionCard({ q, index, total, err, described, counted, change, move, duplicate, remove }: CardProps) {
  const p = `questions[${index}]`;
  const n = index + 1;
  const set = <K extends keyof DraftQuestion>(key: K, value: DraftQuestion[K]) => change((d) => ({ ...d, [key]: value }));
  const scored = q.kind !== "poll" && q.kind !== "word_cloud";
  return (
    <li class="q-card card" aria-labelledby={`${fieldId(p)}-title`}>
      <div class="q-card-head">
        <h2 class="q-card-title" id={`${fieldId(p)}-title`}>
          <span class="q-num">{n}</span>
          <span class="sr-only">Question {n}</span>
        </h2>
        <label class="sr-only" for={fieldId(`${p}.kind`)}>
          Question {n} type
        </label>
        <select
          id={fieldId(`${p}.kind`)}
          class="input kind-select"
          value={q.kind}
          onChange={(e) => set("kind", (e.target as HTMLSelectElement).value as QuestionKind)}
          {...described(`${p}.kind`)}
        >
          {QUESTION_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
        <div class="q-tools">
          <button type="button" class="icon-btn-dark" onClick={() => move(-1)} disabled={index === 0} aria-label={`Move question ${n} up`} title="Move up">
            ↑
          </button>
          <button type="button" class="icon-btn-dark" onClick={() => move(1)} disabled={index === total - 1} aria-label={`Move question ${n} down`} title="Move down">
            ↓
          </button>
          <button type="button" class="icon-btn-dark" onClick={duplicate} aria-label={`Duplicate question ${n}`} title="Duplicate">
            <Copy />
          </button>
          <button type="button" class="icon-btn-dark danger" onClick={remove} disabled={total === 1} aria-label={`Delete question ${n}`} title="Delete">
            <Trash />
          </button>
        </div>
      </div>
      <ErrorText id={`${fieldId(`${p}.kind`)}-error`} message={err(`${p}.kind`)} />
      <p class="hint-dark">{KIND_HELP[q.kind]}</p>
      <div class="field">
        <label class="field-label" for={fieldId(`${p}.prompt`)}>
          {q.kind === "true_false" ? "Statement" : "Question"}
        </label>
        <textarea
          id={fieldId(`${p}.prompt`)}
          class="input q-prompt-input"
          rows={2}
          value={q.prompt}
          placeholder={q.kind === "true_false" ? "e.g. The Moon is bigger than Mars." : "e.g. Which planet is closest to the Sun?"}
          onInput={(e) => set("prompt", (e.target as HTMLTextAreaElement).value)}
          {...counted(`${p}.prompt`)}
        />
        <CharCount id={`${fieldId(`${p}.prompt`)}-count`} value={q.prompt} limit={LIMITS.prompt} />
        <ErrorText id={`${fieldId(`${p}.prompt`)}-error`} message={err(`${p}.prompt`)} />
      </div>

      {q.kind === "choice" || q.kind === "poll" ? (
        <ChoicesEditor q={q} p={p} err={err} change={change} />
      ) : q.kind === "true_false" ? (
        <fieldset class="field tf-field">
          <legend class="field-label">The statement is</legend>
          <div class="row">
            {[true, false].map((v) => (
              <label key={String(v)} class={`radio-card ${q.tf === v ? "checked" : ""}`}>
                <input type="radio" name={`${p}-tf`} checked={q.tf === v} onChange={() => set("tf", v)} />
                {v ? "True" : "False"}
              </label>
            ))}
          </div>
        </fieldset>
      ) : q.kind === "type_answer" ? (
        <ListEditor
          p={p}
          field="accepted"
          legend="Accepted answers"
          itemLabel={(i) => `Accepted answer ${i + 1}`}
          addLabel="Add another accepted answer"
          values={q.accepted}
          max={20}
          min={1}
          err={err}
          onChange={(v) => set("accepted", v)}
        />
      ) : q.kind === "numeric" ? (
        <fieldset class="field">
          <legend class="field-label">The answer</legend>
          <div class="num-grid">
            {(
              [
                ["numCorrect", "correct", "Correct number"],
                ["tolerance", "tolerance", "Tolerance (±)"],
                ["min", "min", "Lowest allowed"],
                ["max", "max", "Highest allowed"],
              ] as const
            ).map(([key, path, label]) => (
              <div key={key}>
                <label class="field-label small" for={fieldId(`${p}.${path}`)}>
                  {label}
                  {key === "min" || key === "max" ? <span class="optional"> (optional)</span> : null}
                </label>
                <input
                  id={fieldId(`${p}.${path}`)}
                  class="input"
                  inputMode="decimal"
                  value={q[key]}
                  onInput={(e) => set(key, (e.target as HTMLInputElement).value)}
                  {...described(`${p}.${path}`)}
                />
                <ErrorText id={`${fieldId(`${p}.${path}`)}-error`} message={err(`${p}.${path}`)} />
              </div>
            ))}
          </div>
        </fieldset>
      ) : q.kind === "order" ? (
        <ListEditor
          p={p}
          field="items"
          legend="Items, in the correct order"
          itemLabel={(i) => `Item ${i + 1}`}
          addLabel="Add item"
          values={q.items}
          max={MAX_ITEMS}
          min={2}
          ordered
          err={err}
          onChange={(v) => set("items", v)}
        />
      ) : null}

      <div class="q-row">
        <div class="field">
          <label class="field-label small" for={fieldId(`${p}.time_limit_ms`)}>
            Time limit
          </label>
          <select
            id={fieldId(`${p}.time_limit_ms`)}
            class="input"
            value={String(q.timeLimitS)}
            onChange={(e) => set("timeLimitS", Number((e.target as HTMLSelectElement).value))}
            {...described(`${p}.time_limit_ms`)}
          >
            {(TIME_LIMITS_S.includes(q.timeLimitS) ? TIME_LIMITS_S : [...TIME_LIMITS_S, q.timeLimitS].sort((a, b) => a - b)).map((s) => (
              <option key={s} value={String(s)}>
                {s} seconds
              </option>
            ))}
          </select>
          <ErrorText id={`${fieldId(`${p}.time_limit_ms`)}-error`} message={err(`${p}.time_limit_ms`)} />
        </div>
        {scored ? (
          <div class="field">
            <label class="field-label small" for={fieldId(`${p}.points`)}>
              Points
            </label>
            <select
              id={fieldId(`${p}.points`)}
              class="input"
              value={String(q.points)}
              onChange={(e) => set("points", Number((e.target as HTMLSelectElement).value))}
            >
              <option value="1">Standard</option>
              <option value="2">Double points</option>
              <option value="0">No points</option>
            </select>
          </div>
        ) : null}
      </div>
      <details class="more" open={!!(q.image || q.explanation || err(`${p}.media.image`) || err(`${p}.explanation`))}>
        <summary>Image and explanation</summary>
        <ImageField
          id={fieldId(`${p}.media.image`)}
          owner={`question ${n}`}
          value={q.image}
          maxLength={LIMITS.image}
          error={err(`${p}.media.image`)}
          onChange={(v) => set("image", v)}
        />
        <div class="field">
          <label class="field-label small" for={fieldId(`${p}.explanation`)}>
            Explanation shown with the answer <span class="optional">(optional)</span>
          </label>
          <textarea
            id={fieldId(`${p}.explanation`)}
            class="input"
            rows={2}
            value={q.explanation}
            onInput={(e) => set("explanation", (e.target as HTMLTextAreaElement).value)}
            {...counted(`${p}.explanation`)}
          />
          <CharCount id={`${fieldId(`${p}.explanation`)}-count`} value={q.explanation} limit={LIMITS.explanation} />
          <ErrorText id={`${fieldId(`${p}.explanation`)}-error`} message={err(`${p}.explanation`)} />
        </div>
      </details>
    </li>
  );
}

function ChoicesEditor({
  q,
  p,
  err,
  change,
}: {
  q: DraftQuestion;
  p: string;
  err: (path: string) => string | undefined;
  change: (fn: (q: DraftQuestion) => DraftQuestion) => void;
}) {
  const isChoice = q.kind === "choice";
  const groupErr = err(`${p}.choices`);
  const correctErr = err(`${p}.correct`);
  const describedBy = [groupErr ? `${fieldId(`${p}.choices`)}-error` : "", correctErr ? `${fieldId(`${p}.correct`)}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <fieldset class="field choices-field" id={fieldId(`${p}.choices`)} tabIndex={-1} aria-describedby={describedBy || undefined}>
      <legend class="field-label">{isChoice ? "Answers (tick the correct ones)" : "Options"}</legend>
      <ul class="choice-rows">
        {q.choices.map((c, i) => {
          const tile = TILE_STYLES[i % TILE_STYLES.length];
          const correct = q.correct.includes(i);
          return (
            <li key={i} class={`choice-row ${correct ? "is-correct" : ""}`}>
              <span class={`tile-chip tile-${tile.tone}`} aria-hidden="true">
                <Shape shape={tile.shape} />
                {tile.letter}
              </span>
              <span class="counted-input">
                <input
                  class="input"
                  aria-label={`Answer ${tile.letter}`}
                  value={c}
                  placeholder={`Answer ${tile.letter}`}
                  onInput={(e) => {
                    const v = (e.target as HTMLInputElement).value;
                    change((d) => ({ ...d, choices: d.choices.map((x, j) => (j === i ? v : x)) }));
                  }}
                  aria-describedby={`${fieldId(`${p}.choices`)}-${i}-count`}
                  aria-invalid={(groupErr && !c.trim()) || textLength(c) > LIMITS.tile ? "true" : undefined}
                />
                <CharCount id={`${fieldId(`${p}.choices`)}-${i}-count`} value={c} limit={LIMITS.tile} />
              </span>
              {isChoice ? (
                <label class="correct-toggle">
                  <input
                    type="checkbox"
                    checked={correct}
                    id={i === 0 ? fieldId(`${p}.correct`) : undefined}
                    onChange={() =>
                      change((d) => ({
                        ...d,
                        correct: d.correct.includes(i) ? d.correct.filter((x) => x !== i) : [...d.correct, i],
                      }))
                    }
                  />
                  <span>Correct</span>
                  <span class="sr-only"> (answer {tile.letter})</span>
                </label>
              ) : null}
              <button
                type="button"
                class="icon-btn-dark"
                disabled={q.choices.length <= MIN_CHOICES}
                aria-label={`Remove answer ${tile.letter}`}
                onClick={() =>
                  change((d) => ({
                    ...d,
                    choices: d.choices.filter((_, j) => j !== i),
                    correct: d.correct.filter((x) => x !== i).map((x) => (x > i ? x - 1 : x)),
                  }))
                }
              >
                ✕
              </button>
            </li>
          );
        })}
      </ul>
      {q.choices.length < MAX_CHOICES ? (
        <button type="button" class="btn btn-ghost-dark btn-sm" onClick={() => change((d) => ({ ...d, choices: [...d.choices, ""] }))}>
          <span aria-hidden="true">+</span> Add answer
        </button>
      ) : null}
      <ErrorText id={`${fieldId(`${p}.choices`)}-error`} message={groupErr} />
      <ErrorText id={`${fieldId(`${p}.correct`)}-error`} message={correctErr} />
    </fieldset>
  );
}

function ListEditor({
  p,
  field,
  legend,
  itemLabel,
  addLabel,
  values,
  max,
  min,
  ordered,
  err,
  onChange,
}: {
  p: string;
  field: "accepted" | "items";
  legend: string;
  itemLabel: (i: number) => string;
  addLabel: string;
  values: string[];
  max: number;
  min: number;
  ordered?: boolean;
  err: (path: string) => string | undefined;
  onChange: (v: string[]) => void;
}) {
  const path = `${p}.${field}`;
  const message = err(path);
  return (
    <fieldset class="field" id={fieldId(path)} tabIndex={-1} aria-describedby={message ? `${fieldId(path)}-error` : undefined}>
      <legend class="field-label">{legend}</legend>
      <ul class="choice-rows">
        {values.map((v, i) => (
          <li key={i} class="choice-row">
            {ordered ? (
              <span class="order-num" aria-hidden="true">
                {i + 1}
              </span>
            ) : null}
            <span class="counted-input">
              <input
                class="input"
                aria-label={itemLabel(i)}
                value={v}
                onInput={(e) => onChange(values.map((x, j) => (j === i ? (e.target as HTMLInputElement).value : x)))}
                aria-describedby={`${fieldId(path)}-${i}-count`}
                aria-invalid={(message && !v.trim()) || textLength(v) > LIMITS.tile ? "true" : undefined}
              />
              <CharCount id={`${fieldId(path)}-${i}-count`} value={v} limit={LIMITS.tile} />
            </span>
            {ordered ? (
              <>
                <button
                  type="button"
                  class="icon-btn-dark"
                  aria-label={`Move ${itemLabel(i).toLowerCase()} up`}
                  disabled={i === 0}
                  onClick={() => {
                    const next = values.slice();
                    [next[i - 1], next[i]] = [next[i], next[i - 1]];
                    onChange(next);
                  }}
                >
                  ↑
                </button>
                <button
                  type="button"
                  class="icon-btn-dark"
                  aria-label={`Move ${itemLabel(i).toLowerCase()} down`}
                  disabled={i === values.length - 1}
                  onClick={() => {
                    const next = values.slice();
                    [next[i + 1], next[i]] = [next[i], next[i + 1]];
                    onChange(next);
                  }}
                >
                  ↓
                </button>
              </>
            ) : null}
            <button
              type="button"
              class="icon-btn-dark"
              aria-label={`Remove ${itemLabel(i).toLowerCase()}`}
              disabled={values.length <= min}
              onClick={() => onChange(values.filter((_, j) => j !== i))}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      {values.length < max ? (
        <button type="button" class="btn btn-ghost-dark btn-sm" onClick={() => onChange([...values, ""])}>
          <span aria-hidden="true">+</span> {addLabel}
        </button>
      ) : null}
      <ErrorText id={`${fieldId(path)}-error`} message={message} />
    </fieldset>
  );
}
