import { describe, expect, it } from "vitest";
import { dispositionName } from "./api";
import { checkImportFile, importKind, importProblem, skippedSummary, titleFromFileName } from "./quiz-files";

describe("import files", () => {
  it("knows JSON and XLSX", () => {
    expect(importKind("Quiz.JSON")).toBe("json");
    expect(importKind("kahoot.xlsx")).toBe("xlsx");
    expect(importKind("blob", "application/json")).toBe("json");
    expect(importKind("old.xls")).toBeNull();
    expect(checkImportFile("old.xls", 10)).toContain(".xlsx");
    expect(checkImportFile("q.json", 0)).toBe("That file is empty.");
    expect(checkImportFile("q.json", 10 * 1024 * 1024)).toContain("too large");
    expect(checkImportFile("q.json", 100)).toBeNull();
  });

  it("names the row of a spreadsheet error once", () => {
    expect(importProblem("rows[4].correct", "row 4: answer 4 is empty")).toEqual({
      where: "Row 4 · correct answers",
      message: "Answer 4 is empty",
    });
    expect(importProblem("rows[2].title", "row 2: the first row must hold the quiz title alone").where).toBe("Row 2 · title");
  });

  it("names the question of a quiz document error", () => {
    expect(importProblem("questions[2].correct", "correct must be a list")).toEqual({
      where: "Question 3 · correct",
      message: "correct must be a list",
    });
    expect(importProblem("file", "the file is not a readable XLSX spreadsheet").where).toBe("The file");
    expect(importProblem(undefined, "")).toEqual({ where: null, message: "The file could not be imported." });
  });
});

describe("download names", () => {
  it("reads Content-Disposition", () => {
    expect(dispositionName('attachment; filename="spring-cup-e1-players.csv"', "x.csv")).toBe("spring-cup-e1-players.csv");
    expect(dispositionName("attachment; filename=report.xlsx", "x")).toBe("report.xlsx");
    expect(dispositionName("attachment; filename*=UTF-8''caf%C3%A9.json", "x")).toBe("café.json");
    expect(dispositionName('attachment; filename="../../etc/passwd"', "x")).toBe("passwd");
    expect(dispositionName(null, "fallback.csv")).toBe("fallback.csv");
    expect(dispositionName("attachment", "fallback.csv")).toBe("fallback.csv");
  });
});

describe("Kahoot's template both ways", () => {
  it("offers the file name as the title", () => {
    expect(titleFromFileName("KahootQuizTemplate.xlsx")).toBe("KahootQuizTemplate");
    expect(titleFromFileName("week_3-capitals.xlsx")).toBe("week 3 capitals");
    expect(titleFromFileName(`${"x".repeat(300)}.xlsx`)).toHaveLength(200);
  });

  it("lists the questions an export left out", () => {
    expect(skippedSummary("[]", "0")).toBeNull();
    expect(skippedSummary(null)).toBeNull();
    expect(skippedSummary("not json")).toBeNull();
    expect(skippedSummary('[{"number": 2, "kind": "numeric", "reason": "kind"}]', "1")).toBe(
      "Left out question the template cannot hold: 2 (Number).",
    );
    expect(
      skippedSummary(
        '[{"number": 2, "kind": "choice", "reason": "answers"}, {"number": 5, "kind": "true_false", "reason": "time_limit"}]',
        "2",
      ),
    ).toBe(
      "Left out 2 questions the template cannot hold: 2 (Multiple choice, more than 4 answers), 5 (True or false, a time limit in parts of a second).",
    );
    expect(skippedSummary('[{"number": 2, "kind": "poll", "reason": "kind"}]', "151")).toBe(
      "Left out 151 questions the template cannot hold: 2 (Poll) and 150 more.",
    );
  });
});
