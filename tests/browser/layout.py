"""Geometry checks of the browser tests: boxes in the viewport, text that fits, font sizes.

Each check runs in the page and returns a list of problems (empty when the layout is right),
so an assertion shows every broken element at once.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

#: The readability floor of the big screen at 1920×1080 (web/README.md).
FLOOR_PX_1080 = 28.0

_IN_VIEWPORT = """
(selectors) => {
  const problems = [];
  const w = window.innerWidth, h = window.innerHeight;
  for (const sel of selectors) {
    const els = [...document.querySelectorAll(sel)];
    if (!els.length) problems.push(`${sel}: none on the page`);
    for (const el of els) {
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) problems.push(`${sel}: not visible`);
      else if (r.left < -0.5 || r.top < -0.5 || r.right > w + 0.5 || r.bottom > h + 0.5)
        problems.push(`${sel} "${el.textContent.slice(0, 30)}": `
          + `[${r.left},${r.top},${r.right},${r.bottom}] outside ${w}x${h}`);
      if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
        problems.push(`${sel} "${el.textContent.slice(0, 30)}": content overflows its box`);
    }
  }
  const doc = document.documentElement;
  if (doc.scrollHeight > h + 1) problems.push(`the page scrolls: ${doc.scrollHeight}px in ${h}px`);
  if (doc.scrollWidth > w + 1)
    problems.push(`the page scrolls sideways: ${doc.scrollWidth}px in ${w}px`);
  return problems;
}
"""

_BROKEN_WORDS = """
(selectors) => {
  // A word is broken when its characters lie on more than one line.
  const problems = [];
  for (const sel of selectors) {
    for (const el of document.querySelectorAll(sel)) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement.closest('.sr-only')) continue;
        const text = node.textContent;
        for (const m of text.matchAll(/\\S+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const rects = [...range.getClientRects()].filter((r) => r.width > 0);
          const tops = new Set(rects.map((r) => Math.round(r.top)));
          if (tops.size > 1) problems.push(`${sel}: "${m[0]}" is broken over ${tops.size} lines`);
        }
      }
    }
  }
  return problems;
}
"""

_SMALL_TEXT = """
([minPx, allowed]) => {
  // Every visible text node a player may need: its font size, skipping the allow-listed.
  const problems = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let checked = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || el.closest('.sr-only, [hidden]')) continue;
    if (allowed.some((sel) => el.closest(sel))) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    if (r.bottom < 0 || r.top > window.innerHeight) continue;
    checked += 1;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < minPx - 0.05) {
      const what = `"${node.textContent.trim().slice(0, 40)}" (${el.className || el.tagName})`;
      problems.push(`${what} is ${size}px`);
    }
  }
  if (checked === 0) problems.push('no visible text checked');
  return problems;
}
"""


def outside_viewport(page: Page, selectors: list[str]) -> list[str]:
    """Elements of `selectors` not wholly in the viewport or clipping their content."""
    result: list[str] = page.evaluate(_IN_VIEWPORT, selectors)
    return result


def broken_words(page: Page, selectors: list[str]) -> list[str]:
    """Words inside `selectors` that wrap over more than one line."""
    result: list[str] = page.evaluate(_BROKEN_WORDS, selectors)
    return result


def small_text(page: Page, min_px: float, allowed: list[str]) -> list[str]:
    """Visible text smaller than `min_px`, except inside the `allowed` selectors."""
    result: list[str] = page.evaluate(_SMALL_TEXT, [min_px, allowed])
    return result


def box(page: Page, selector: str) -> dict[str, Any]:
    """The bounding box of the first element matching `selector`."""
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not rendered"
    return dict(found)


def text_of_length(n: int, words: list[str]) -> str:
    """Exactly `n` characters of these words, repeated, cut at a word boundary and padded."""
    out = ""
    i = 0
    while True:
        word = words[i % len(words)]
        nxt = f"{out} {word}" if out else word
        if len(nxt) > n:
            break
        out = nxt
        i += 1
    out = out + "?" * (n - len(out))
    assert len(out) == n
    return out
