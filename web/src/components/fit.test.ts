import { describe, expect, it } from "vitest";
import { fitBox } from "./fit";

/** A box whose content is `natural` pixels tall at --fit 1 and shrinks with --fit. */
function fakeBox(natural: number, height: number, clips: { over: (fit: number) => boolean }[] = []) {
  let fit = 1;
  const box = {
    style: {
      setProperty: (name: string, value: string) => {
        if (name === "--fit") fit = Number(value);
      },
    },
    dataset: {} as Record<string, string>,
    get scrollHeight() {
      return Math.max(height, natural * fit);
    },
    clientHeight: height,
    scrollWidth: 100,
    clientWidth: 100,
    querySelectorAll: () =>
      clips.map((c) => ({
        get scrollHeight() {
          return c.over(fit) ? 20 : 10;
        },
        clientHeight: 10,
        scrollWidth: 10,
        clientWidth: 10,
      })),
  };
  return { box: box as unknown as HTMLElement, fit: () => fit };
}

describe("fitBox", () => {
  it("keeps full size when the content fits", () => {
    const { box, fit } = fakeBox(500, 600);
    expect(fitBox(box)).toBe(1);
    expect(fit()).toBe(1);
    expect(box.dataset.fit).toBe("1");
  });

  it("finds the largest scale at which the content fits", () => {
    const { box, fit } = fakeBox(1000, 600);
    const found = fitBox(box);
    // Within the one pixel the check allows.
    expect(1000 * found).toBeLessThanOrEqual(601);
    expect(found).toBeGreaterThan(0.59);
    expect(fit()).toBe(found);
  });

  it("counts a clipped child as overflowing", () => {
    const { box } = fakeBox(100, 600, [{ over: (f) => f > 0.5 }]);
    const found = fitBox(box);
    expect(found).toBeLessThanOrEqual(0.5);
    expect(found).toBeGreaterThan(0.49);
    expect(box.dataset.fit).toBe(String(found));
  });

  it("counts a clipped child one pixel too wide as overflowing (it shows an ellipsis)", () => {
    let fit = 1;
    const name = {
      scrollHeight: 10,
      clientHeight: 10,
      get scrollWidth() {
        return fit > 0.5 ? 281 : 280;
      },
      clientWidth: 280,
    };
    const box = {
      style: { setProperty: (_: string, value: string) => void (fit = Number(value)) },
      dataset: {} as Record<string, string>,
      scrollHeight: 100,
      clientHeight: 100,
      scrollWidth: 100,
      clientWidth: 100,
      querySelectorAll: () => [name],
    } as unknown as HTMLElement;
    expect(fitBox(box)).toBeLessThanOrEqual(0.5);
  });

  it("stops at the smallest scale when nothing fits", () => {
    const { box } = fakeBox(100_000, 600);
    expect(fitBox(box)).toBeCloseTo(0.3, 5);
  });
});
