// For unit tests (Vitest runs in Node, with no DOM): the markup of a Preact tree of elements and
// function components that use no hooks.

import type { VNode } from "preact";

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function markup(node: unknown): string {
  if (node === null || node === undefined || typeof node === "boolean") return "";
  if (typeof node === "string" || typeof node === "number") return escape(String(node));
  if (Array.isArray(node)) return node.map(markup).join("");
  const v = node as VNode<Record<string, unknown>>;
  if (typeof v.type === "function") return markup((v.type as (props: unknown) => unknown)(v.props));
  const { children, ...props } = v.props;
  const attrs = Object.entries(props)
    .filter(([name, value]) => name !== "ref" && value !== undefined && value !== null && value !== false && typeof value !== "function")
    .map(([name, value]) => ` ${name}="${escape(String(value))}"`)
    .join("");
  return `<${String(v.type)}${attrs}>${markup(children)}</${String(v.type)}>`;
}
