// Draws a `Chart` with uPlot (https://github.com/leeoniya/uPlot, MIT): imported only by
// Chart.tsx, dynamically, so uPlot is a chunk of its own that no page loads before it shows a
// chart. Colours come from tokens.css (--chart-*), read when the chart is drawn.

import uPlot from "uplot";
import type { ChartProps } from "./Chart";

const PALETTE = ["--chart-1", "--chart-2", "--chart-3", "--chart-4"];
/** Room for one x-axis label, in CSS pixels: past it, only every n-th label is written. */
const LABEL_ROOM = 36;

/** Draw the chart into `el`, as wide as it is (and again when it is resized); returns the
 *  function that removes it. */
export function drawChart(el: HTMLElement, p: ChartProps): () => void {
  const style = getComputedStyle(el);
  const token = (name: string) => style.getPropertyValue(name).trim();
  const colours = PALETTE.map(token);
  const ink = token("--chart-ink");
  const grid = token("--chart-grid");
  const font = `12px ${token("--font") || "sans-serif"}`;
  const labelFont = `bold 13px ${token("--font") || "sans-serif"}`;
  const bars = p.kind !== "line";
  const n = p.categories.length;
  const xs = p.categories.map((_, i) => i);
  const format = p.format ?? ((v: number) => String(v));
  const height = p.height ?? 260;
  const width = () => Math.max(el.clientWidth, 200);

  const opts: uPlot.Options = {
    width: width(),
    height,
    legend: { show: false }, // Chart.tsx writes the legend
    cursor: { show: false },
    scales: {
      x: { time: false, range: [-0.5, n - 0.5] },
      y: {
        range: p.yRange
          ? [p.yRange[0], p.yRange[1]]
          : (_u, min, max) => uPlot.rangeNum(Math.min(0, min ?? 0), Math.max(max ?? 1, 1), 0.1, true),
      },
    },
    axes: [
      {
        label: p.xLabel,
        stroke: ink,
        font,
        labelFont,
        grid: { show: false },
        ticks: { stroke: grid },
        splits: () => xs,
        values: (u, splits) => {
          const every = Math.max(1, Math.ceil((n * LABEL_ROOM) / Math.max(u.bbox.width / uPlot.pxRatio, 1)));
          return splits.map((i) => (i % every === 0 ? (p.categories[i] ?? "") : ""));
        },
      },
      {
        label: p.yLabel,
        stroke: ink,
        font,
        labelFont,
        size: 56,
        grid: { stroke: grid, width: 1 },
        ticks: { stroke: grid },
        values: (_u, splits) => splits.map((v) => format(v)),
      },
    ],
    series: [
      {},
      ...p.series.map((s, i): uPlot.Series => {
        const colour = colours[i % colours.length];
        return bars
          ? {
              label: s.label,
              stroke: colour,
              fill: colour,
              width: 0,
              points: { show: false },
              paths: uPlot.paths.bars!({ size: [0.6, 64], align: p.series.length === 2 ? (i === 0 ? -1 : 1) : 0 }),
            }
          : { label: s.label, stroke: colour, width: 2, points: { show: true, size: 6, fill: colour } };
      }),
    ],
  };
  const data: uPlot.AlignedData = [xs, ...p.series.map((s) => s.values.map((v) => (v === null || !Number.isFinite(v) ? null : v)))];
  const plot = new uPlot(opts, data, el);
  // The few layout rules of uPlot's own stylesheet, which is not loaded (no page carries CSS
  // for a chart it does not show).
  el.querySelector<HTMLElement>(".u-wrap")?.style.setProperty("position", "relative");
  el.querySelectorAll<HTMLElement>(".u-over, .u-under").forEach((layer) => layer.style.setProperty("position", "absolute"));
  const observer = new ResizeObserver(() => {
    if (el.clientWidth > 0 && Math.abs(plot.width - width()) > 1) plot.setSize({ width: width(), height });
  });
  observer.observe(el);
  return () => {
    observer.disconnect();
    plot.destroy();
  };
}
