// Quiz files on the dashboard: what kind of file was picked for import, and the server's `422`
// answer in words that name the spreadsheet row or the quiz field to fix.

import { humanField } from "./format";
import { kindLabel } from "./kinds";
import { TEXT_LIMITS } from "./text-length";

export type ImportKind = "json" | "xlsx";

export const IMPORT_ACCEPT =
  ".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Max upload the page sends (the server has its own limit and says so). */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

export function importKind(name: string, type = ""): ImportKind | null {
  const lower = name.toLowerCase();
  if (lower.endsWith(".json") || type === "application/json") return "json";
  if (lower.endsWith(".xlsx") || type === "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") return "xlsx";
  return null;
}

export interface ImportProblem {
  /** Where to look: "Row 4 · correct answers", "Question 3 · choices", "The file". */
  where: string | null;
  message: string;
}

const ROW_FIELDS: Record<string, string> = {
  correct: "correct answers",
  answers: "answers",
  question: "question",
  time_limit: "time limit",
  title: "title",
  cells: "cells",
};

/** The server's error as words: `rows[4].correct` → "Row 4 · correct answers". */
export function importProblem(field: string | undefined, message: string): ImportProblem {
  const clean = message.trim() || "The file could not be imported.";
  if (!field) return { where: null, message: clean };
  const row = /^rows\[(\d+)\]\.?(.*)$/.exec(field);
  if (row) {
    const part = ROW_FIELDS[row[2]] ?? row[2];
    // The message already starts with "row 4:"; say it once, with a capital.
    const text = clean.replace(/^row \d+:\s*/i, "");
    return { where: `Row ${row[1]}${part ? ` · ${part}` : ""}`, message: text.charAt(0).toUpperCase() + text.slice(1) };
  }
  if (field === "rows") return { where: "The spreadsheet", message: clean };
  if (field === "file" || field === "body") return { where: "The file", message: clean };
  if (field.startsWith("questions")) return { where: humanField(field), message: clean };
  return { where: field === "title" ? "Title" : field, message: clean };
}

/** Checks before sending a picked file; null when it can go. */
export function checkImportFile(name: string, size: number, type = ""): string | null {
  if (!importKind(name, type)) return "Pick a quiz file (.json) or a Kahoot spreadsheet (.xlsx).";
  if (size === 0) return "That file is empty.";
  if (size > IMPORT_MAX_BYTES) return "That file is too large (at most 5 MB).";
  return null;
}

/** The title offered for a spreadsheet that holds none (Kahoot's template): its file name
 *  without the extension, dashes and underscores as spaces, cut to the title limit. */
export function titleFromFileName(name: string): string {
  const stem = name.replace(/\.[^.]*$/, "").replace(/[_-]+/g, " ").replace(/\s+/g, " ").trim();
  return [...stem].slice(0, TEXT_LIMITS.title).join("");
}

export interface SkippedQuestion {
  number: number;
  kind: string;
  /** "kind" (not in the template), "answers" (more than 4), "time_limit" (not whole seconds). */
  reason: string;
}

const SKIP_REASONS: Record<string, string> = {
  answers: "more than 4 answers",
  time_limit: "a time limit in parts of a second",
};

/** The server's `Huddle-Skipped` header (a JSON list, maybe only the first of
 *  `Huddle-Skipped-Count`) as a sentence; null when none was skipped. */
export function skippedSummary(header: string | null, count: string | null = null): string | null {
  let list: SkippedQuestion[] = [];
  try {
    const parsed: unknown = header ? JSON.parse(header) : [];
    if (Array.isArray(parsed)) list = parsed.filter((s): s is SkippedQuestion => typeof s?.number === "number");
  } catch {
    return null;
  }
  const total = Math.max(list.length, Number(count) || 0);
  if (!total) return null;
  const names = list.map((s) => {
    const kind = kindLabel(s.kind);
    const why = SKIP_REASONS[s.reason];
    return `${s.number} (${why ? `${kind}, ${why}` : kind})`;
  });
  const more = total > list.length ? ` and ${total - list.length} more` : "";
  return `Left out ${total === 1 ? "question" : `${total} questions`} the template cannot hold: ${names.join(", ")}${more}.`;
}
