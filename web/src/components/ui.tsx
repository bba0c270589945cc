import type { ComponentChildren, JSX } from "preact";
import type { ShapeName } from "../answers";

export function Logo({ size = "md", light = true }: { size?: "sm" | "md" | "lg"; light?: boolean }) {
  return (
    <span class={`logo logo-${size} ${light ? "logo-light" : "logo-dark"}`}>
      <svg class="logo-mark" viewBox="0 0 48 48" aria-hidden="true">
        <circle cx="14" cy="18" r="9" fill="#ff5d8f" />
        <circle cx="34" cy="18" r="9" fill="#ffc61a" />
        <circle cx="24" cy="33" r="10" fill="#36d399" />
      </svg>
      <span class="logo-word">Huddle</span>
    </span>
  );
}

const STAR = "12,1.8 14.9,8.6 22.3,9.2 16.7,14.1 18.4,21.3 12,17.5 5.6,21.3 7.3,14.1 1.7,9.2 9.1,8.6";
const HEX = "12,2 20.7,7 20.7,17 12,22 3.3,17 3.3,7";

export function Shape({ shape, class: cls }: { shape: ShapeName; class?: string }) {
  let body: JSX.Element;
  switch (shape) {
    case "triangle":
      body = <polygon points="12,2.5 22.5,21 1.5,21" />;
      break;
    case "diamond":
      body = <polygon points="12,1.5 22.5,12 12,22.5 1.5,12" />;
      break;
    case "circle":
      body = <circle cx="12" cy="12" r="10" />;
      break;
    case "square":
      body = <rect x="2.5" y="2.5" width="19" height="19" rx="1.5" />;
      break;
    case "star":
      body = <polygon points={STAR} />;
      break;
    default:
      body = <polygon points={HEX} />;
  }
  return (
    <svg class={`shape ${cls ?? ""}`} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <g fill="currentColor">{body}</g>
    </svg>
  );
}

/** The four answer shapes pulsing in turn: something is on its way. */
export function Pulse() {
  return (
    <div class="pulse" aria-hidden="true">
      <Shape shape="triangle" class="p-red" />
      <Shape shape="diamond" class="p-blue" />
      <Shape shape="circle" class="p-yellow" />
      <Shape shape="square" class="p-green" />
    </div>
  );
}

export function Check({ class: cls }: { class?: string }) {
  return (
    <svg class={`icon ${cls ?? ""}`} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M4 12.5l5 5L20 6.5" fill="none" stroke="currentColor" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}

export function Cross({ class: cls }: { class?: string }) {
  return (
    <svg class={`icon ${cls ?? ""}`} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M6 6l12 12M18 6L6 18" fill="none" stroke="currentColor" stroke-width="3.2" stroke-linecap="round" />
    </svg>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <div class="spinner-wrap" role="status">
      <span class="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function ConnectionBanner({ connected, everConnected }: { connected: boolean; everConnected: boolean }) {
  if (connected || !everConnected) return null;
  return (
    <div class="conn-banner" role="status">
      <span class="spinner spinner-sm" aria-hidden="true" /> Connection lost. Reconnecting…
    </div>
  );
}

export function VisuallyHidden({ children }: { children: ComponentChildren }) {
  return <span class="sr-only">{children}</span>;
}

export function ErrorText({ id, message }: { id: string; message?: string | null }) {
  if (!message) return null;
  return (
    <p class="field-error" id={id} role="alert">
      <span aria-hidden="true">⚠ </span>
      {message}
    </p>
  );
}

export function Alert({ kind = "error", children }: { kind?: "error" | "info" | "success"; children: ComponentChildren }) {
  return (
    <div class={`alert alert-${kind}`} role={kind === "error" ? "alert" : "status"}>
      <span class="alert-icon" aria-hidden="true">
        {kind === "error" ? "!" : kind === "success" ? "✓" : "i"}
      </span>
      <div>{children}</div>
    </div>
  );
}

export function formatPin(pin: string): string {
  return pin.length === 6 ? `${pin.slice(0, 3)} ${pin.slice(3)}` : pin;
}
