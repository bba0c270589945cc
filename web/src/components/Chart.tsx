// A bar or line chart for the host area's pages (a quiz's, a person's, a team's figures): uPlot
// draws it on a canvas, loaded on first use (chart-plot.ts is a chunk of its own, so no page
// fetches it before it shows a chart), and the same figures are in a visually hidden table for
// screen readers, which also stands in when the chart cannot be drawn. Colours come from
// tokens.css (--chart-*); the chart needs no stylesheet of its own (the join page's CSS stays
// as small as it was).

import { useEffect, useRef } from "preact/hooks";

/** The series' colours in turn (tokens.css; chart-plot.ts reads the same properties). */
const SWATCHES = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "var(--chart-4)"];

export interface ChartSeries {
  /** The series' name (the table's column head, the legend). */
  label: string;
  /** One value per category; null where there is none. */
  values: (number | null)[];
}

export interface ChartProps {
  /** The chart's accessible name (and the hidden table's caption). */
  label: string;
  /** Bars (one or two series, side by side) or lines (any number). */
  kind?: "bar" | "line";
  /** The x axis' categories, one per value of each series ("Q1", "Week 3"). */
  categories: string[];
  series: ChartSeries[];
  xLabel: string;
  yLabel: string;
  /** The y axis' fixed range ([0, 100] for percentages); from the data when left out. */
  yRange?: [number, number];
  /** A value as text, on the y axis and in the table (default: as it is). */
  format?: (value: number) => string;
  /** The plot's height in CSS pixels (default 260). */
  height?: number;
  testId?: string;
}

/** A value as the hidden table shows it: formatted, or "no data" for null. */
export function cellText(value: number | null, format?: (value: number) => string): string {
  if (value === null || !Number.isFinite(value)) return "no data";
  return format ? format(value) : String(value);
}

/** The figures as a table for screen readers: a row per category, a column per series (in a
 *  visually hidden box: a table itself does not shrink to the 1-pixel `.sr-only` box). */
export function ChartTable({ label, categories, series, xLabel, format }: ChartProps) {
  return (
    <div class="sr-only">
      <table>
        <caption>{label}</caption>
        <thead>
          <tr>
            <th scope="col">{xLabel}</th>
            {series.map((s) => (
              <th key={s.label} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {categories.map((category, i) => (
            <tr key={i}>
              <th scope="row">{category}</th>
              {series.map((s) => (
                <td key={s.label}>{cellText(s.values[i] ?? null, format)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  // Redrawn when the figures change (the props are plain data but for `format`).
  const figures = JSON.stringify([props.kind, props.categories, props.series, props.xLabel, props.yLabel, props.yRange, props.height]);
  useEffect(() => {
    let live = true;
    let cleanup: (() => void) | null = null;
    import("./chart-plot").then(
      ({ drawChart }) => {
        if (live && box.current && props.categories.length > 0) cleanup = drawChart(box.current, props);
      },
      () => undefined, // the hidden table still holds the figures
    );
    return () => {
      live = false;
      cleanup?.();
    };
  }, [figures]);
  return (
    <figure class="plot-chart" role="group" aria-label={props.label} data-testid={props.testId} style={{ margin: 0 }}>
      <div class="chart-plot" ref={box} aria-hidden="true" style={{ minHeight: `${props.height ?? 260}px`, overflow: "hidden" }} />
      {props.series.length > 1 ? (
        <p aria-hidden="true" style={{ display: "flex", flexWrap: "wrap", gap: "0.4rem 1rem", justifyContent: "center", margin: "0.25rem 0 0" }}>
          {props.series.map((s, i) => (
            <span key={s.label}>
              <span style={{ display: "inline-block", width: "0.8rem", height: "0.8rem", marginRight: "0.35rem", borderRadius: "2px", background: SWATCHES[i % SWATCHES.length] }} />
              {s.label}
            </span>
          ))}
        </p>
      ) : null}
      <ChartTable {...props} />
    </figure>
  );
}
