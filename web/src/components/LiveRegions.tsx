import type { Announcement } from "../hooks/announcer";

/**
 * The page's two live regions, on the page from the start (a region added with its text is not
 * read out): polite for what can wait its turn, assertive for the clock. Each message is a new
 * element, so the same words said again are heard again.
 */
export function LiveRegions({ polite, assertive }: { polite: Announcement | null; assertive: Announcement | null }) {
  return (
    <>
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="announce-polite">
        {polite ? <p key={polite.id}>{polite.text}</p> : null}
      </div>
      <div class="sr-only" aria-live="assertive" aria-atomic="true" data-testid="announce-assertive">
        {assertive ? <p key={assertive.id}>{assertive.text}</p> : null}
      </div>
    </>
  );
}
