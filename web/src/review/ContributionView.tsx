// What a reviewer reads of a contribution: the question as it will be played (its answers, the
// correct one marked, the explanation, its media) or the tip card, its tags, and the thread.

import { TILE_STYLES } from "../answers";
import { TipLinks } from "../contribute/ContributionParts";
import { kindLabel } from "../kinds";
import type { QuestionDoc } from "../protocol";
import { correctAnswerText } from "./answer-text";
import { type Contribution, stepText, type ThreadStep, type TipDoc } from "./review-model";

type Media = { image?: string | null; audio?: string | null; video?: string | null } | null | undefined;

/** A contribution's media as links (the reviewer opens them; nothing plays by itself here). */
function MediaLinks({ media }: { media: Media }) {
  if (!media) return null;
  const parts = (["image", "audio", "video"] as const).filter((k) => media[k]);
  if (!parts.length) return null;
  return (
    <p class="review-media">
      {parts.map((k) =>
        k === "image" ? (
          <img key={k} src={media[k] ?? ""} alt="The contribution's image" class="review-image" loading="lazy" />
        ) : (
          <a key={k} href={media[k] ?? ""} target="_blank" rel="noopener">
            Open the {k}
          </a>
        ),
      )}
    </p>
  );
}

function QuestionBody({ q }: { q: QuestionDoc }) {
  const correct = new Set(Array.isArray(q.correct) ? q.correct : typeof q.correct === "number" ? [q.correct] : []);
  return (
    <>
      <p class="review-kind">{kindLabel(q.kind)}</p>
      {q.kind === "choice" || q.kind === "poll" ? (
        <ul class="review-choices">
          {(q.choices ?? []).map((c, i) => (
            <li key={i} class={correct.has(i) ? "is-correct" : ""}>
              <span class="review-letter">{TILE_STYLES[i % TILE_STYLES.length].letter}</span> {c}
              {correct.has(i) ? <span class="sr-only"> (correct)</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <p class="review-correct" data-testid="review-correct">
        <strong>Correct answer:</strong> {correctAnswerText(q)}
      </p>
      {q.explanation ? (
        <p class="review-explanation">
          <strong>Explanation:</strong> {q.explanation}
        </p>
      ) : null}
      <MediaLinks media={q.media as Media} />
    </>
  );
}

function TipBody({ tip }: { tip: TipDoc }) {
  return (
    <>
      <p class="review-kind">Tip card</p>
      <p class="review-tip-body">{tip.body}</p>
      <MediaLinks media={tip.media} />
      <TipLinks links={tip.links} listClass="review-links" rel="noopener noreferrer" />
    </>
  );
}

/** The thread: submitted, edited, asked for changes (with the comment), reported… */
export function Thread({ events }: { events: ThreadStep[] }) {
  if (!events.length) return null;
  return (
    <details class="review-thread">
      <summary>History ({events.length})</summary>
      <ol>
        {events.map((e, i) => (
          <li key={i}>
            <span>{stepText(e)}</span> <time dateTime={new Date(e.at_ms).toISOString()}>{new Date(e.at_ms).toLocaleString()}</time>
            {e.comment ? <q class="review-comment">{e.comment}</q> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** The contribution's content (question or tip) and tags. */
export function ContributionView({ c }: { c: Contribution }) {
  return (
    <div class="review-content">
      {c.kind === "tip" ? <TipBody tip={c.document as TipDoc} /> : <QuestionBody q={c.document as QuestionDoc} />}
      {c.tags.length ? (
        <ul class="review-tags" aria-label="Tags">
          {c.tags.map((t) => (
            <li key={t}>#{t}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
