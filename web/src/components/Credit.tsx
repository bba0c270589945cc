// A credited question's byline: "by Ada · Owls". The question came from a member's approved
// contribution; the server sends only the author's name and team, never the contribution id.

import type { Credit as CreditDoc } from "../protocol";

/** The byline's text, or "" when the question has no credit. */
export function creditText(credit: CreditDoc | null | undefined): string {
  if (!credit?.name) return "";
  return credit.team ? `by ${credit.name} · ${credit.team}` : `by ${credit.name}`;
}

/** The byline under a question's prompt (nothing when it has no credit). */
export function Credit({ credit, class: cls = "" }: { credit: CreditDoc | null | undefined; class?: string }) {
  const text = creditText(credit);
  if (!text) return null;
  return (
    <p class={`credit ${cls}`.trim()} data-testid="credit">
      <span class="sr-only">Question written </span>
      {text}
    </p>
  );
}
