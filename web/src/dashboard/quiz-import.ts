// Importing a quiz on the dashboard: a JSON quiz file goes as it is; a Kahoot spreadsheet asks
// for the quiz's title first (the template holds none). Problems name the file and the place.

import { useRef, useState } from "preact/hooks";
import { api, ApiError, RawBody } from "../api";
import type { QuizDoc } from "../protocol";
import { checkImportFile, type ImportProblem, importKind, importProblem, titleFromFileName } from "../quiz-files";
import { TEXT_LIMITS, textLength } from "../text-length";

/** The import's state and steps, shared by the head's button and the import box. */
export type QuizImport = ReturnType<typeof useQuizImport>;

/**
 * `onStart` clears the page's messages when a file is picked; `onImported` tells of a quiz
 * that arrived (the page says so and loads its list again).
 */
export function useQuizImport(onStart: () => void, onImported: (quiz: QuizDoc) => Promise<void>) {
  const [importing, setImporting] = useState(false);
  const [importError, setImportError] = useState<(ImportProblem & { file: string }) | null>(null);
  // A picked spreadsheet waiting for its title (Kahoot's template holds none).
  const [pending, setPending] = useState<File | null>(null);
  const [pendingTitle, setPendingTitle] = useState("");
  const [titleError, setTitleError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const importButtonRef = useRef<HTMLButtonElement>(null);
  const importErrorRef = useRef<HTMLDivElement>(null);

  function importFailed(file: File, p: ImportProblem) {
    setImportError({ ...p, file: file.name });
    window.setTimeout(() => importErrorRef.current?.focus(), 0);
  }

  async function importFile(file: File) {
    setImportError(null);
    onStart();
    setPending(null);
    const problem = checkImportFile(file.name, file.size, file.type);
    if (problem) {
      importFailed(file, { where: null, message: problem });
      return;
    }
    if (importKind(file.name, file.type) === "json") {
      let body: unknown;
      try {
        body = JSON.parse(await file.text());
      } catch {
        importFailed(file, { where: "The file", message: "This is not a readable JSON quiz file." });
        return;
      }
      await send(file, body, false);
      return;
    }
    // A spreadsheet: ask for the quiz's title first, offering the file name.
    setPending(file);
    setPendingTitle(titleFromFileName(file.name));
    setTitleError(null);
    window.setTimeout(() => document.getElementById("import-title")?.focus(), 0);
  }

  async function sendSpreadsheet() {
    if (!pending) return;
    const title = pendingTitle.trim();
    const length = textLength(title);
    if (!length || length > TEXT_LIMITS.title) {
      setTitleError(length ? `The title is ${length} characters long; shorten it to ${TEXT_LIMITS.title} or fewer.` : "Give the quiz a title.");
      document.getElementById("import-title")?.focus();
      return;
    }
    const form = new FormData();
    form.append("file", pending, pending.name);
    form.append("title", title);
    await send(pending, new RawBody(form), true);
  }

  function cancelSpreadsheet() {
    setPending(null);
    setTitleError(null);
    window.setTimeout(() => importButtonRef.current?.focus(), 0);
  }

  /** Send an import; `asked` when the title form is open (a title error stays in it). */
  async function send(file: File, body: unknown, asked: boolean) {
    setImporting(true);
    try {
      const quiz = await api<QuizDoc>("POST", "/quizzes/import", body);
      setPending(null);
      await onImported(quiz);
    } catch (err) {
      const e = err as ApiError;
      if (e.status === 422 && e.field === "title" && asked) {
        setTitleError(e.message);
        document.getElementById("import-title")?.focus();
        return;
      }
      setPending(null);
      importFailed(file, e.status === 422 ? importProblem(e.field, e.message) : { where: null, message: e.message });
    } finally {
      setImporting(false);
    }
  }

  function editTitle(title: string) {
    setPendingTitle(title);
    setTitleError(null);
  }

  return {
    importing,
    importError,
    pending,
    pendingTitle,
    titleError,
    fileRef,
    importButtonRef,
    importErrorRef,
    importFile,
    sendSpreadsheet,
    cancelSpreadsheet,
    editTitle,
  };
}
