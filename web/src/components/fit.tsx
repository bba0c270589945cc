// Fit-to-box: content the editor allows (a 200-character prompt, six 90-character answers, an
// image) must fit one screen without scrolling. The styles size text as
// `max(floor, base × --fit)`; this step lowers `--fit` until the box no longer overflows, so
// short questions stay big and long ones shrink, but never below the readability floor.

import type { ComponentChildren, RefObject } from "preact";
import { useLayoutEffect, useRef } from "preact/hooks";

/** The smallest scale tried: below it the floor of each size decides anyway. */
const MIN_FIT = 0.3;

/** True when one line of text in `el` is wider than its content box, to the fraction of a
 *  pixel: `scrollWidth` is rounded, and a name 0.4 px too wide already gets its ellipsis. */
function textTooWide(el: Element): boolean {
  if (typeof HTMLElement === "undefined" || !(el instanceof HTMLElement)) return false;
  const style = getComputedStyle(el);
  if (style.textOverflow !== "ellipsis") return false;
  const range = document.createRange();
  range.selectNodeContents(el);
  const room =
    el.getBoundingClientRect().width -
    ["paddingLeft", "paddingRight", "borderLeftWidth", "borderRightWidth"].reduce(
      (sum, side) => sum + (parseFloat(style[side as keyof CSSStyleDeclaration] as string) || 0),
      0,
    );
  return range.getBoundingClientRect().width > room + 0.01;
}

function overflows(box: HTMLElement): boolean {
  if (box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1) return true;
  // Children that clip their own content (tiles, podium names) count too, without the pixel
  // of slack: a name one pixel too wide already shows an ellipsis instead of its last letter.
  for (const el of box.querySelectorAll<HTMLElement>("[data-fit-clip]")) {
    if (el.scrollHeight > el.clientHeight || el.scrollWidth > el.clientWidth) return true;
    if (textTooWide(el)) return true;
  }
  return false;
}

/** Sets `--fit` on `box` to the largest scale in [MIN_FIT, 1] at which nothing overflows. */
export function fitBox(box: HTMLElement): number {
  box.style.setProperty("--fit", "1");
  box.dataset.fit = "1";
  if (!overflows(box)) return 1;
  // Binary search: a handful of layouts instead of one per step. Scales are rounded to what
  // the style gets, so the one kept is one that was measured to fit.
  let lo = MIN_FIT;
  let hi = 1;
  for (let i = 0; i < 8; i++) {
    const mid = Math.round(((lo + hi) / 2) * 1000) / 1000;
    box.style.setProperty("--fit", String(mid));
    if (overflows(box)) hi = mid;
    else lo = mid;
  }
  box.style.setProperty("--fit", String(lo));
  box.dataset.fit = String(lo);
  return lo;
}

/**
 * Fits the referenced box now, when the window resizes, when an image in it loads and when the
 * fonts are ready; again whenever `deps` change (a new question).
 */
export function useFit(ref: RefObject<HTMLElement | null>, deps: unknown[]): void {
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    let frame = 0;
    const refit = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => fitBox(box));
    };
    fitBox(box);
    window.addEventListener("resize", refit);
    box.addEventListener("load", refit, true);
    void document.fonts?.ready.then(refit);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("resize", refit);
      box.removeEventListener("load", refit, true);
    };
  }, deps);
}

/** A section whose content is fitted to its height; see `useFit`. */
export function FitBox({
  deps,
  children,
  ...rest
}: {
  /** Fit again when these change. */
  deps: unknown[];
  children: ComponentChildren;
  class?: string;
  "aria-labelledby"?: string;
}) {
  const ref = useRef<HTMLElement>(null);
  useFit(ref, deps);
  return (
    <section ref={ref} {...rest}>
      {children}
    </section>
  );
}
