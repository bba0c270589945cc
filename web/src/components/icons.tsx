// Small inline icons (no emoji: not every device has an emoji font).

import type { JSX } from "preact";

function Icon({ children, class: cls }: { children: JSX.Element | JSX.Element[]; class?: string }) {
  return (
    <svg class={`icon ${cls ?? ""}`} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export const Trophy = ({ class: cls }: { class?: string }) => (
  <Icon class={cls}>
    <path
      fill="currentColor"
      d="M7 2h10v2h4v3.5A4.5 4.5 0 0 1 16.7 12 5.5 5.5 0 0 1 13 15.4V18h3.5v3h-9v-3H11v-2.6A5.5 5.5 0 0 1 7.3 12 4.5 4.5 0 0 1 3 7.5V4h4V2Zm0 4H5v1.5a2.5 2.5 0 0 0 2 2.45V6Zm10 0v3.95a2.5 2.5 0 0 0 2-2.45V6h-2Z"
    />
  </Icon>
);

export const Flame = ({ class: cls }: { class?: string }) => (
  <Icon class={cls}>
    <path fill="currentColor" d="M12 1.5s6 4.8 6 11.2a6 6 0 0 1-12 0c0-3 1.7-4.9 3-6 0 2.3 1 3.6 2.4 4.1C11 7.5 12.3 4.8 12 1.5Z" />
  </Icon>
);

export const Lock = ({ class: cls, open }: { class?: string; open?: boolean }) => (
  <Icon class={cls}>
    <rect x="4.5" y="10" width="15" height="11.5" rx="2.5" fill="currentColor" />
    <path
      d={open ? "M8 10V7a4 4 0 0 1 7.6-1.7" : "M8 10V7a4 4 0 0 1 8 0v3"}
      fill="none"
      stroke="currentColor"
      stroke-width="2.6"
      stroke-linecap="round"
    />
  </Icon>
);

export const Dice = ({ class: cls }: { class?: string }) => (
  <Icon class={cls}>
    <rect x="3" y="3" width="18" height="18" rx="4" fill="none" stroke="currentColor" stroke-width="2.2" />
    <circle cx="8" cy="8" r="1.7" fill="currentColor" />
    <circle cx="16" cy="8" r="1.7" fill="currentColor" />
    <circle cx="12" cy="12" r="1.7" fill="currentColor" />
    <circle cx="8" cy="16" r="1.7" fill="currentColor" />
    <circle cx="16" cy="16" r="1.7" fill="currentColor" />
  </Icon>
);

export const Trash = ({ class: cls }: { class?: string }) => (
  <Icon class={cls}>
    <path fill="currentColor" d="M9 2.5h6l1 2h4.5v2.5h-17V4.5H8l1-2ZM5.5 9h13l-1 12.5h-11L5.5 9Z" />
  </Icon>
);

export const Copy = ({ class: cls }: { class?: string }) => (
  <Icon class={cls}>
    <rect x="8" y="8" width="12.5" height="12.5" rx="2.5" fill="none" stroke="currentColor" stroke-width="2.2" />
    <path d="M5 15.5H4.5a1.5 1.5 0 0 1-1.5-1.5V5a2 2 0 0 1 2-2h9a1.5 1.5 0 0 1 1.5 1.5V5" fill="none" stroke="currentColor" stroke-width="2.2" />
  </Icon>
);

export const Upload = ({ class: cls }: { class?: string }) => (
  <Icon class={cls}>
    <path d="M12 15.5V4M7 8.5l5-5 5 5M4.5 15v4a1.5 1.5 0 0 0 1.5 1.5h12a1.5 1.5 0 0 0 1.5-1.5v-4" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round" />
  </Icon>
);
