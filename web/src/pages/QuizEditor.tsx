// The quiz editor: load or start a draft, keep its errors (the editor's own checks and the
// server's), save it. The question cards (web/src/editor/) hold the fields, each kind's own
// from its module (web/src/kinds/).

import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { Alert, ErrorText, Spinner } from "../components/ui";
import { AddQuestion } from "../editor/AddQuestion";
import { EditorNotices } from "../editor/EditorNotices";
import { QuestionBank } from "../editor/QuestionBank";
import { QuestionCard } from "../editor/QuestionCard";
import { QuizMeta } from "../editor/QuizMeta";
import { fieldId } from "../field-id";
import { useWorkspaces } from "../hooks/workspaces";
import type { QuizDoc } from "../protocol";
import {
  type DraftQuestion,
  type DraftQuiz,
  docFromDraftQuiz,
  draftFromDoc,
  draftQuizFromDoc,
  errorAnchor,
  type FieldErrors,
  newQuestion,
  newQuiz,
  tooLong,
  validateQuiz,
} from "../quiz-model";
import { navigate } from "../router";
import { atLeast } from "../workspace";

/** The page at /quizzes/new and /quizzes/ID: a quiz's title, description and questions. */
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
  // Its author (null for a new quiz): only the author or an admin changes who sees it.
  const [authorId, setAuthorId] = useState<string | null>(null);
  const workspace = useWorkspaces().current;

  useEffect(() => {
    document.title = `${quizId ? "Edit quiz" : "New quiz"} · Huddle`;
    if (!quizId || !auth) return;
    api<QuizDoc>("GET", `/quizzes/${encodeURIComponent(quizId)}`)
      .then((doc) => {
        const loaded = draftQuizFromDoc(doc);
        setAuthorId(doc.author?.id ?? null);
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
            {quizId ? (
              <a class="btn btn-ghost-dark" href={`/quizzes/${encodeURIComponent(quizId)}/stats`}>
                Statistics
              </a>
            ) : null}
            <button type="submit" class="btn btn-ghost-dark" disabled={saving}>
              {saving ? "Saving…" : "Save"}
            </button>
            <button type="button" class="btn btn-primary" disabled={saving} onClick={() => void save(true)}>
              Save and start <span aria-hidden="true">▶</span>
            </button>
          </div>
        </div>
        <EditorNotices errors={allErrors} draft={draft} notice={notice} stillLong={stillLong} />
        <QuizMeta
          draft={draft}
          update={update}
          err={err}
          counted={counted}
          canShare={authorId === null || authorId === auth.host.id || atLeast(workspace?.role, "admin")}
        />
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
                  qs.splice(i + 1, 0, { ...structuredClone(q), key: newQuestion().key, id: undefined });
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
        {/* A copied question is a new question of this quiz: no id (the server gives one). */}
        <QuestionBank onAdd={(doc) => update((d) => ({ ...d, questions: [...d.questions, draftFromDoc({ ...doc, id: undefined })] }))} />
      </form>
    </HostShell>
  );
}
