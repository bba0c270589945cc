// Said when this device's answer reached the server after the question closed.

import { Alert } from "../components/ui";

/**
 * The player tapped, but the server got the answer only after the question closed. At the reveal
 * it is not a live region: the result's announcement says it (once).
 */
export function LateNotice({ live = true }: { live?: boolean }) {
  const text = <span data-testid="late">Your answer did not arrive in time: the question closed before the server got it.</span>;
  if (live) return <Alert>{text}</Alert>;
  return (
    <div class="alert alert-error">
      <span class="alert-icon" aria-hidden="true">
        !
      </span>
      <div>{text}</div>
    </div>
  );
}
