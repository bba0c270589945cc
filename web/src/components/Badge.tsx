// Badges (milestones): a round medal with an icon, in the colour of its kind, and a card with
// its title and description. Drawn inline (no emoji, no images).

import type { JSX } from "preact";
import { type BadgeIcon, badgeLook } from "../milestones";

const ICONS: Record<BadgeIcon, JSX.Element> = {
  star: <polygon points="12,2.6 14.8,8.6 21.4,9.3 16.5,13.8 17.9,20.3 12,17 6.1,20.3 7.5,13.8 2.6,9.3 9.2,8.6" fill="currentColor" />,
  trophy: (
    <path
      fill="currentColor"
      d="M7 2h10v2h4v3.5A4.5 4.5 0 0 1 16.7 12 5.5 5.5 0 0 1 13 15.4V18h3.5v3h-9v-3H11v-2.6A5.5 5.5 0 0 1 7.3 12 4.5 4.5 0 0 1 3 7.5V4h4V2Zm0 4H5v1.5a2.5 2.5 0 0 0 2 2.45V6Zm10 0v3.95a2.5 2.5 0 0 0 2-2.45V6h-2Z"
    />
  ),
  podium: <path fill="currentColor" d="M9 6h6v15H9zM2.5 11h6v10h-6zM15.5 14h6v7h-6z" />,
  target: (
    <g fill="none" stroke="currentColor" stroke-width="2.4">
      <circle cx="12" cy="12" r="9" />
      <circle cx="12" cy="12" r="5" />
      <circle cx="12" cy="12" r="1.3" fill="currentColor" />
    </g>
  ),
  flame: <path fill="currentColor" d="M12 1.5s6 4.8 6 11.2a6 6 0 0 1-12 0c0-3 1.7-4.9 3-6 0 2.3 1 3.6 2.4 4.1C11 7.5 12.3 4.8 12 1.5Z" />,
  bolt: <path fill="currentColor" d="M13.5 1.5 4 13.5h6.5L9.5 22.5 20 9.5h-6.6l.1-8Z" />,
  team: (
    <g fill="currentColor">
      <circle cx="8" cy="8" r="3.6" />
      <circle cx="16.5" cy="9" r="3" />
      <path d="M1.5 20.5c0-4 2.9-6.6 6.5-6.6s6.5 2.6 6.5 6.6z" />
      <path d="M15 20.5c0-2.4-.8-4.3-2-5.6a5.6 5.6 0 0 1 3.5-1.1c3.1 0 6 2.3 6 6.7z" />
    </g>
  ),
  repeat: (
    <g fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round">
      <path d="M4 11V9.5A3.5 3.5 0 0 1 7.5 6H19" />
      <path d="m16 3 3 3-3 3" />
      <path d="M20 13v1.5a3.5 3.5 0 0 1-3.5 3.5H5" />
      <path d="m8 21-3-3 3-3" />
    </g>
  ),
  crown: <path fill="currentColor" d="M2.5 7.5 7.5 12 12 4l4.5 8 5-4.5-2 11.5h-15l-2-11.5ZM4.8 20.5h14.4V22H4.8z" />,
  hundred: (
    <text x="12" y="16.3" text-anchor="middle" font-size="10.5" font-weight="900" fill="currentColor" font-family="system-ui, sans-serif">
      100
    </text>
  ),
};

export function BadgeMedal({ code, size = "md" }: { code: string; size?: "sm" | "md" | "lg" }) {
  const look = badgeLook(code);
  return (
    <span class={`medal medal-${size} tone-${look.tone}`} aria-hidden="true">
      <svg viewBox="0 0 24 24" focusable="false">
        {ICONS[look.icon]}
      </svg>
    </span>
  );
}

export function BadgeCard({
  code,
  title,
  description,
  detail,
  index = 0,
  fresh,
}: {
  code: string;
  title: string;
  description?: string;
  /** A line under the description: when and where it was earned. */
  detail?: string;
  index?: number;
  /** Just earned: the card pops in (not with reduced motion). */
  fresh?: boolean;
}) {
  return (
    <li class={`badge-card ${fresh ? "badge-fresh" : ""}`} style={{ "--i": index }} data-badge={code}>
      <BadgeMedal code={code} size={fresh ? "lg" : "md"} />
      <span class="badge-text">
        <strong class="badge-title">{title}</strong>
        {description ? <span class="badge-desc">{description}</span> : null}
        {detail ? <span class="badge-detail">{detail}</span> : null}
      </span>
    </li>
  );
}
