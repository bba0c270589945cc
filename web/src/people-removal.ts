// Removing a member from a workspace, as the People page offers it: three ways, each one request
// (docs/privacy.md "A person"). "keep" takes only the membership away; "anonymise" and "erase"
// also take the person out of the workspace's results. The server checks every rule again.

export type Removal = "keep" | "anonymise" | "erase";

export interface RemovalOption {
  value: Removal;
  label: string;
  /** One line: what happens to their results. */
  hint: string;
}

export const REMOVAL_OPTIONS: readonly RemovalOption[] = [
  {
    value: "keep",
    label: "Keep their results",
    hint: "They leave the workspace; their scores stay in its games under their name.",
  },
  {
    value: "anonymise",
    label: "Anonymise their results",
    hint: "They leave; their scores stay in the games' totals as “(removed)”, without their name.",
  },
  {
    value: "erase",
    label: "Erase everything about them",
    hint: "They leave; their scores, answers and badges here are deleted. This cannot be undone.",
  },
];

/** The request that removes `accountId` from `workspaceId` the chosen way. */
export function removalPath(workspaceId: string, accountId: string, how: Removal): string {
  const ws = encodeURIComponent(workspaceId);
  const who = encodeURIComponent(accountId);
  return how === "keep" ? `/workspaces/${ws}/members/${who}` : `/workspaces/${ws}/people/${who}?mode=${how}`;
}

/** Erasing cannot be undone, so it waits for the member's name typed out (spaces and case aside). */
export function removalConfirmed(how: Removal, typed: string, name: string): boolean {
  if (how !== "erase") return true;
  const norm = (s: string) => s.trim().replace(/\s+/g, " ").toLocaleLowerCase();
  return norm(name) !== "" && norm(typed) === norm(name);
}

/** What the page says once the server has removed them. */
export function removalNotice(how: Removal, name: string, workspace: string): string {
  switch (how) {
    case "keep":
      return `Removed ${name} from ${workspace}; their results stay.`;
    case "anonymise":
      return `Removed ${name} from ${workspace}; their results now show as “(removed)”.`;
    case "erase":
      return `Removed ${name} from ${workspace} and erased their results there.`;
  }
}

/** A refusal in words for the page, by the server's code (its message otherwise). */
export function removalError(err: { status?: number; code?: string; message?: string }, name: string): string {
  switch (err.code) {
    case "last_owner":
      return `${name} is the workspace's only owner: make someone else owner first.`;
    case "forbidden":
      return `You may not remove ${name}: members are removed by an admin, an owner only by an owner.`;
    case "not_found":
      return `${name} is no longer a member of this workspace.`;
    default:
      return err.message || `Could not remove ${name}.`;
  }
}
