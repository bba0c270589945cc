// The stylesheets' house rules, checked on the files themselves (web/src/styles/*.css):
// colours come only from the design tokens, no stylesheet grows past the size limit, every
// var(--…) names a property that is defined, and index.css imports every area once.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = import.meta.dirname;
const STYLES = join(SRC, "styles");
const TOKENS = "tokens.css";
const INDEX = "index.css";
/** Stylesheets loaded with a lazy chunk (imported by its module), kept out of the first screen. */
const LAZY: Record<string, string> = {
  "challenges.css": "challenges/RunPage.tsx",
  "import.css": "dashboard/ImportBox.tsx",
  "library.css": "dashboard/QuizGrid.tsx",
  "events.css": "pages/EventsPage.tsx",
  "reports.css": "components/Reports.tsx",
  "review.css": "review/ReviewQueuePage.tsx",
};

/** Issue 13: no stylesheet over about 1,500 lines (the areas are well under 600). */
const MAX_LINES = 1500;

/** Custom properties set from script (style={{ "--fit": … }}), not in a stylesheet. */
const SET_BY_SCRIPT = ["--fit", "--i", "--n", "--pos", "--share"];

/** CSS named colours (CSS Color 4) and system colours; `transparent` and `currentColor` are not
 * colours of their own and stay allowed. */
const NAMED_COLOURS = new Set(
  (
    "aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet " +
    "brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan " +
    "darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta " +
    "darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen darkslateblue " +
    "darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey " +
    "dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray " +
    "green greenyellow grey honeydew hotpink indianred indigo ivory khaki lavender lavenderblush " +
    "lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow lightgray " +
    "lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray " +
    "lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon " +
    "mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue " +
    "mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin " +
    "navajowhite navy oldlace olive olivedrab orange orangered orchid palegoldenrod palegreen " +
    "paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue purple " +
    "rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna " +
    "silver skyblue slateblue slategray slategrey snow springgreen steelblue tan teal thistle " +
    "tomato turquoise violet wheat white whitesmoke yellow yellowgreen " +
    "accentcolor accentcolortext activetext buttonborder buttonface buttontext canvas canvastext " +
    "field fieldtext graytext highlight highlighttext linktext mark marktext selecteditem " +
    "selecteditemtext visitedtext"
  ).split(" "),
);
const COLOUR_FUNCTION = /(?<![\w-])(rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(/gi;
const HEX = /#[0-9a-f]{3,8}(?![\w-])/gi;

type Declaration = { file: string; line: number; prop: string; value: string };

function stylesheets(): string[] {
  return readdirSync(STYLES)
    .filter((name) => name.endsWith(".css"))
    .sort();
}

function read(name: string): string {
  return readFileSync(join(STYLES, name), "utf8");
}

/** Comments, strings and url(…) blanked out (same length, so line numbers hold). */
function blank(css: string): string {
  const spaces = (s: string) => s.replace(/[^\n]/g, " ");
  return css
    .replace(/\/\*[\s\S]*?\*\//g, spaces)
    .replace(/url\((?:"[^"]*"|'[^']*'|[^)]*)\)/g, (s) => `url(${spaces(s.slice(4, -1))})`)
    .replace(/"[^"\n]*"|'[^'\n]*'/g, spaces);
}

/** The declarations of a stylesheet: the `prop: value` pairs of its innermost { … } blocks. */
function declarations(file: string): Declaration[] {
  const css = blank(read(file));
  const out: Declaration[] = [];
  for (const block of css.matchAll(/\{([^{}]*)\}/g)) {
    let offset = (block.index ?? 0) + 1;
    for (const part of block[1].split(";")) {
      const colon = part.indexOf(":");
      if (colon > 0) {
        const lead = part.length - part.trimStart().length;
        const line = css.slice(0, offset + lead).split("\n").length;
        out.push({ file, line, prop: part.slice(0, colon).trim(), value: part.slice(colon + 1).trim() });
      }
      offset += part.length + 1;
    }
  }
  return out;
}

function literalColours(value: string): string[] {
  const found = [...value.matchAll(HEX)].map((m) => m[0]);
  found.push(...[...value.matchAll(COLOUR_FUNCTION)].map((m) => `${m[0]}…)`));
  for (const word of value.matchAll(/(?<![\w-])[a-z][a-z-]*(?![\w-])/gi)) {
    if (NAMED_COLOURS.has(word[0].toLowerCase())) found.push(word[0]);
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("stylesheets", () => {
  it("take colours only from tokens.css", () => {
    const offenders = stylesheets()
      .filter((file) => file !== TOKENS)
      .flatMap(declarations)
      .flatMap((d) => literalColours(d.value).map((c) => `${d.file}:${d.line} ${d.prop}: ${c}`));
    expect(offenders).toEqual([]);
  });

  it("find the literal colours the check looks for", () => {
    // The check above is only as good as its matcher: it must see every way of writing a colour.
    for (const value of ["#fff", "#1e1548", "#ffffff80", "rgba(0, 0, 0, 0.2)", "hsl(0 0% 0%)", "white", "CanvasText"]) {
      expect(literalColours(`0 1px 0 ${value}`)).toHaveLength(1);
    }
    for (const value of ["var(--red)", "transparent", "currentColor", "inherit", "url(#id)", "var(--tile-red-shadow)"]) {
      expect(literalColours(value)).toEqual([]);
    }
  });

  it("are no longer than the limit", () => {
    const long = stylesheets()
      .map((file) => ({ file, lines: read(file).split("\n").length }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
    // …and no stylesheet lives outside styles/ (it would escape both checks).
    expect(readdirSync(SRC).filter((name) => name.endsWith(".css"))).toEqual([]);
  });

  it("use only custom properties that are defined", () => {
    const defined = new Set<string>(SET_BY_SCRIPT);
    for (const file of stylesheets()) {
      for (const d of declarations(file)) if (d.prop.startsWith("--")) defined.add(d.prop);
    }
    const scripts = sourceFiles(SRC).map((path) => ({ path, text: readFileSync(path, "utf8") }));
    const uses = [
      ...stylesheets().map((file) => ({ where: file, text: blank(read(file)) })),
      ...scripts.map(({ path, text }) => ({ where: path.slice(SRC.length + 1), text })),
    ];
    const undefinedUses = uses.flatMap(({ where, text }) =>
      [...text.matchAll(/var\(\s*(--[\w-]+)/g)].filter((m) => !defined.has(m[1])).map((m) => `${where}: ${m[1]}`),
    );
    expect(undefinedUses).toEqual([]);
    // The properties set from script are still set there (else the list above hides typos).
    for (const prop of SET_BY_SCRIPT) {
      expect(scripts.some(({ text }) => text.includes(`"${prop}"`)), prop).toBe(true);
    }
  });

  it("are all imported by index.css, tokens first, each once", () => {
    const imports = [...read(INDEX).matchAll(/@import\s+"\.\/([\w-]+\.css)"/g)].map((m) => m[1]);
    expect(imports[0]).toBe(TOKENS);
    expect([...imports].sort()).toEqual(stylesheets().filter((file) => file !== INDEX && !(file in LAZY)));
    // A lazy stylesheet is imported by its chunk's module instead.
    for (const [file, module] of Object.entries(LAZY)) {
      expect(readFileSync(join(SRC, module), "utf8")).toContain(`import "../styles/${file}";`);
    }
  });
});
