// The dashboard's import controls: the head's button, and the box under the head with the
// hidden file input, the layout help, the spreadsheet's title form and the import's problem.

import { CharCount } from "../components/CharCount";
import { Upload } from "../components/icons";
import { ErrorText } from "../components/ui";
import { IMPORT_ACCEPT } from "../quiz-files";
import { TEXT_LIMITS } from "../text-length";
import type { QuizImport } from "./quiz-import";
// Its stylesheet comes with the dashboard's chunk, not with the join page's first screen.
import "../styles/import.css";

export function ImportButton({ imp }: { imp: QuizImport }) {
  return (
    <button
      type="button"
      ref={imp.importButtonRef}
      class="btn btn-ghost-dark btn-lg"
      disabled={imp.importing}
      onClick={() => imp.fileRef.current?.click()}
    >
      <Upload /> {imp.importing ? "Importing…" : "Import a quiz"}
    </button>
  );
}

export function ImportBox({ imp }: { imp: QuizImport }) {
  const { pending, importError } = imp;
  return (
    <div class="import-box">
      <label class="sr-only" for="import-file">
        Import a quiz file (JSON) or a Kahoot spreadsheet (XLSX)
      </label>
      <input
        id="import-file"
        ref={imp.fileRef}
        class="sr-only"
        type="file"
        accept={IMPORT_ACCEPT}
        tabIndex={-1}
        onChange={(e) => {
          const input = e.target as HTMLInputElement;
          const file = input.files?.[0];
          input.value = "";
          if (file) void imp.importFile(file);
        }}
      />
      <ImportHelp />
      {pending ? <TitleForm imp={imp} file={pending} /> : null}
      {importError ? (
        <div class="alert alert-error import-error" role="alert" tabIndex={-1} ref={imp.importErrorRef} data-testid="import-error">
          <span class="alert-icon" aria-hidden="true">
            !
          </span>
          <div>
            <p class="import-error-title">
              Could not import <strong>{importError.file}</strong>
            </p>
            <p class="import-error-detail">
              {importError.where ? <strong class="import-where">{importError.where}: </strong> : null}
              {importError.message}
            </p>
            <p class="import-error-fix">Fix it in the file and import it again.</p>
          </div>
        </div>
      ) : null}
    </div>
  );
}

function ImportHelp() {
  return (
    <details class="more import-help">
      <summary>Importing: a quiz file, or a spreadsheet in the Kahoot layout</summary>
      <ul class="import-layout">
        <li>
          <strong>Quiz file (.json)</strong>: a quiz exported from Huddle (the Export button on each quiz).
        </li>
        <li>
          <strong>Kahoot spreadsheet (.xlsx)</strong>: Kahoot's quiz template as you filled it in. Under its header row, one
          question per row: the question, answers 1–4 (at least two), the time limit in seconds (empty for 20) and the
          correct answers (<code>2</code>, or <code>1,3</code> for several). Answers <code>True</code> and{" "}
          <code>False</code> make a true-or-false question. You give the quiz its title when you import. Huddle's limits
          apply: questions up to {TEXT_LIMITS.prompt} characters, answers up to {TEXT_LIMITS.tile}.
        </li>
        <li>
          <strong>Export for Kahoot</strong> on a quiz writes its multiple-choice and true-or-false questions to the same
          template.
        </li>
      </ul>
    </details>
  );
}

/** A spreadsheet's title, asked before it is sent. */
function TitleForm({ imp, file }: { imp: QuizImport; file: File }) {
  const { titleError, importing } = imp;
  return (
    <form
      class="import-title card"
      aria-labelledby="import-title-head"
      onSubmit={(e) => {
        e.preventDefault();
        void imp.sendSpreadsheet();
      }}
    >
      <h2 id="import-title-head" class="import-title-head">
        Import {file.name}
      </h2>
      <label class="field-label" for="import-title">
        Title of the new quiz
      </label>
      <p class="hint-dark" id="import-title-hint">
        A Kahoot spreadsheet holds no title: this one comes from the file name. Change it if you like.
      </p>
      <input
        id="import-title"
        class="input"
        value={imp.pendingTitle}
        onInput={(e) => imp.editTitle((e.target as HTMLInputElement).value)}
        aria-describedby={`import-title-hint import-title-count${titleError ? " import-title-error" : ""}`}
        aria-invalid={titleError ? "true" : undefined}
      />
      <CharCount id="import-title-count" value={imp.pendingTitle} limit={TEXT_LIMITS.title} />
      <ErrorText id="import-title-error" message={titleError} />
      <div class="row import-title-actions">
        <button type="submit" class="btn btn-primary" disabled={importing}>
          {importing ? "Importing…" : "Import"}
        </button>
        <button type="button" class="btn btn-ghost-dark" onClick={imp.cancelSpreadsheet} disabled={importing}>
          Cancel
        </button>
      </div>
    </form>
  );
}
