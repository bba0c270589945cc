// The host shell's workspace switcher: a disclosure button naming the current workspace and its
// role, opening a list of the account's workspaces and "New workspace…" (a small form). Tab and
// Enter work throughout; Escape closes it and gives the focus back to the button.

import { useEffect, useRef, useState } from "preact/hooks";
import { api, type ApiError } from "../api";
import { loadWorkspaces, useWorkspaces } from "../hooks/workspaces";
import { navigate, parseRoute } from "../router";
import { announceWorkspace, ROLE_NAMES, switchWorkspace, type Workspace } from "../workspace";
import { ErrorText } from "./ui";

const NAME_MAX = 200; // server/http/workspaces.py NAME_MAX

/** Pages that show one thing of the workspace (a quiz, a game, an event): after a switch, the list. */
const THING_PAGES = new Set(["console", "editor", "start", "results", "eventScreen", "eventForm", "event"]);

/** Set by a switch: the pages are made anew, and the new switcher takes the focus back. */
let refocus = false;

export function leaveThingPage(): void {
  if (THING_PAGES.has(parseRoute(window.location.pathname).page)) navigate("/host");
}

export function WorkspaceSwitcher() {
  const ws = useWorkspaces();
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) close(false);
    };
    document.addEventListener("mousedown", outside);
    return () => document.removeEventListener("mousedown", outside);
  }, [open]);

  useEffect(() => {
    if (creating) nameInput.current?.focus();
  }, [creating]);

  useEffect(() => {
    if (refocus && ws.list !== null) {
      refocus = false;
      toggle.current?.focus();
    }
  }, [ws.list !== null]);

  function close(focusToggle: boolean) {
    setOpen(false);
    setCreating(false);
    setError(null);
    if (focusToggle) toggle.current?.focus();
  }

  function choose(w: Workspace) {
    close(true);
    if (w.id === ws.current?.id) return;
    leaveThingPage();
    refocus = true;
    switchWorkspace(w.id);
    announceWorkspace(`Now working in ${w.name} as ${ROLE_NAMES[w.role].toLowerCase()}.`);
  }

  async function create(e: Event) {
    e.preventDefault();
    const wanted = name.trim();
    if (!wanted) {
      setError("Give the workspace a name.");
      nameInput.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const made = await api<{ id: string; name: string }>("POST", "/workspaces", { name: wanted });
      await loadWorkspaces();
      setName("");
      close(false);
      leaveThingPage();
      switchWorkspace(made.id);
      announceWorkspace(`Created ${made.name}. Now working in it as owner.`);
      navigate("/workspace");
    } catch (err) {
      setError((err as ApiError).message);
      nameInput.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  if (ws.list === null) return null;
  const current = ws.current;
  return (
    <div
      class="ws-switcher"
      ref={box}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.stopPropagation();
          close(true);
        }
      }}
    >
      <button
        ref={toggle}
        type="button"
        class="ws-toggle"
        aria-expanded={open}
        aria-controls="ws-menu"
        data-testid="workspace-switcher"
        onClick={() => (open ? close(false) : setOpen(true))}
      >
        <span class="sr-only">Workspace: </span>
        <span class="ws-name">{current ? current.name : "No workspace"}</span>
        {current ? <span class="ws-role">{ROLE_NAMES[current.role]}</span> : null}
        <span aria-hidden="true" class="ws-caret">
          ▾
        </span>
      </button>
      {open ? (
        <div id="ws-menu" class="ws-menu">
          <ul aria-label="Your workspaces">
            {ws.list.map((w) => (
              <li key={w.id}>
                <button
                  type="button"
                  class="ws-item"
                  aria-current={w.id === current?.id ? "true" : undefined}
                  onClick={() => choose(w)}
                >
                  <span class="ws-name">{w.name}</span>
                  <span class="ws-role">{ROLE_NAMES[w.role]}</span>
                </button>
              </li>
            ))}
          </ul>
          {creating ? (
            <form class="ws-new" onSubmit={create} noValidate>
              <label class="field-label small" for="ws-new-name">
                New workspace's name
              </label>
              <input
                id="ws-new-name"
                ref={nameInput}
                class="input"
                maxLength={NAME_MAX}
                value={name}
                onInput={(e) => setName((e.target as HTMLInputElement).value)}
                aria-invalid={error ? "true" : undefined}
                aria-describedby={error ? "ws-new-error" : undefined}
              />
              <ErrorText id="ws-new-error" message={error} />
              <div class="ws-new-actions">
                <button type="submit" class="btn btn-primary btn-sm" disabled={busy}>
                  {busy ? "Creating…" : "Create workspace"}
                </button>
                <button type="button" class="btn btn-ghost-dark btn-sm" onClick={() => close(true)}>
                  Cancel
                </button>
              </div>
            </form>
          ) : (
            <button type="button" class="ws-item ws-add" onClick={() => setCreating(true)}>
              New workspace…
            </button>
          )}
        </div>
      ) : null}
    </div>
  );
}
