// The notices above the quiz editor's fields: the problems to fix before saving (those with no
// field of their own listed), "Saved.", and the fields too long since Huddle's text limits.

import { Alert } from "../components/ui";
import { humanField } from "../format";
import { type DraftQuiz, type FieldErrors, LIMITS } from "../quiz-model";

/** The problems, the saved notice and the too-long notice (`stillLong`: 0 hides it). */
export function EditorNotices({
  errors,
  draft,
  notice,
  stillLong,
}: {
  errors: FieldErrors;
  draft: DraftQuiz;
  notice: string | null;
  stillLong: number;
}) {
  const errorCount = Object.keys(errors).length;
  const unplaced = Object.entries(errors).filter(([path]) => path === "_form" || !isPlaced(path, draft));
  return (
    <>
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
      {stillLong ? (
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
    </>
  );
}

/** Whether an error's field is on the page (its message is shown beside it, not in the list). */
function isPlaced(path: string, draft: DraftQuiz): boolean {
  if (path === "title" || path === "description" || path === "questions") return true;
  const m = /^questions\[(\d+)\]\.(prompt|choices|correct|accepted|items|tolerance|min|max|media\.image|explanation|time_limit_ms|points|kind)$/.exec(path);
  return !!m && Number(m[1]) < draft.questions.length;
}
