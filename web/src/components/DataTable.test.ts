import { h } from "preact";
import { describe, expect, it } from "vitest";
import { markup } from "../test-render";
import { cellClass, DataTable } from "./DataTable";

interface Row {
  name: string;
  score: number;
}

const rows: Row[] = [
  { name: "Ana", score: 1200 },
  { name: "Ben", score: 900 },
];

describe("cellClass", () => {
  it("puts right-aligned first, then the column's own classes", () => {
    expect(cellClass({ right: true, cellClass: "num" })).toBe("right num");
    expect(cellClass({ right: true })).toBe("right");
    expect(cellClass({ cellClass: "mono" })).toBe("mono");
  });

  it("gives no class attribute to a plain cell", () => {
    expect(cellClass({})).toBeUndefined();
    expect(cellClass({ right: false, cellClass: "" })).toBeUndefined();
  });
});

describe("DataTable", () => {
  it("draws a head row and a row per item, a cell per column", () => {
    const html = markup(
      DataTable<Row>({
        testId: "t",
        rows,
        rowKey: (r) => r.name,
        columns: [
          { head: "Rank", cell: (_, i) => i + 1 },
          { head: "Name", cell: (r) => r.name },
          { head: "Score", right: true, cellClass: "num", cell: (r) => r.score },
        ],
      }),
    );
    expect(html).toBe(
      '<table class="table" data-testid="t">' +
        '<thead><tr><th scope="col">Rank</th><th scope="col">Name</th><th scope="col" class="right">Score</th></tr></thead>' +
        "<tbody>" +
        '<tr><td>1</td><td>Ana</td><td class="right num">1200</td></tr>' +
        '<tr><td>2</td><td>Ben</td><td class="right num">900</td></tr>' +
        "</tbody></table>",
    );
  });

  it("leaves out the columns given as false, null or undefined", () => {
    const html = markup(
      DataTable<Row>({
        rows: rows.slice(0, 1),
        rowKey: (r) => r.name,
        columns: [false, { head: "Name", cell: (r) => r.name }, null, undefined],
      }),
    );
    expect(html).toBe('<table class="table"><thead><tr><th scope="col">Name</th></tr></thead><tbody><tr><td>Ana</td></tr></tbody></table>');
  });

  it("takes a table class, a hidden caption, row classes and elements as heads and cells", () => {
    const html = markup(
      DataTable<Row>({
        class: "table board-tbl",
        caption: "Scores",
        rows,
        rowKey: (r) => r.name,
        rowClass: (_, i) => (i === 0 ? "tied" : ""),
        columns: [{ head: h("abbr", { title: "Player name" }, "Who"), cell: (r) => h("span", { class: "who" }, r.name) }],
      }),
    );
    expect(html).toBe(
      '<table class="table board-tbl"><caption class="sr-only">Scores</caption>' +
        '<thead><tr><th scope="col"><abbr title="Player name">Who</abbr></th></tr></thead>' +
        '<tbody><tr class="tied"><td><span class="who">Ana</span></td></tr><tr class=""><td><span class="who">Ben</span></td></tr></tbody></table>',
    );
  });

  it("keys the rows by rowKey", () => {
    const table = DataTable<Row>({ rows, rowKey: (r) => r.name, columns: [{ head: "Name", cell: (r) => r.name }] });
    const body = (table.props.children as unknown[])[2] as { props: { children: { key: unknown }[] } };
    expect(body.props.children.map((tr) => tr.key)).toEqual(["Ana", "Ben"]);
  });
});
