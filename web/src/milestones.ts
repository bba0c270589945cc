// Badges as the pages draw them: each code has a colour and an icon (games/milestones.py has the
// rules; the server sends each badge's title and description, the catalogue below only names
// codes where a page has nothing else, e.g. the codes in a report).

export type BadgeIcon = "star" | "trophy" | "podium" | "target" | "flame" | "bolt" | "team" | "repeat" | "crown" | "hundred";
export type BadgeTone = "yellow" | "red" | "blue" | "green" | "purple" | "teal";

interface BadgeLook {
  title: string;
  icon: BadgeIcon;
  tone: BadgeTone;
}

export const BADGES: Record<string, BadgeLook> = {
  first_game: { title: "First game", icon: "star", tone: "yellow" },
  first_win: { title: "First win", icon: "trophy", tone: "yellow" },
  podium: { title: "Podium", icon: "podium", tone: "blue" },
  perfect_game: { title: "Perfect game", icon: "target", tone: "green" },
  five_in_a_row: { title: "Five in a row", icon: "flame", tone: "red" },
  fastest_answer: { title: "Quickest draw", icon: "bolt", tone: "purple" },
  team_mvp: { title: "Team MVP", icon: "team", tone: "teal" },
  ten_games: { title: "Regular", icon: "repeat", tone: "blue" },
  three_wins: { title: "Hat-trick", icon: "crown", tone: "yellow" },
  hundred_correct: { title: "Century", icon: "hundred", tone: "green" },
  // Day streaks of the daily challenge (games/milestones.py STREAKS).
  streak_5: { title: "Five-day streak", icon: "flame", tone: "teal" },
  streak_20: { title: "Twenty-day streak", icon: "flame", tone: "purple" },
  streak_100: { title: "Hundred-day streak", icon: "flame", tone: "yellow" },
  // An author's badges for the questions they wrote (games/milestones.py AUTHOR_MILESTONES).
  first_approved: { title: "Published", icon: "star", tone: "green" },
  played_100: { title: "Crowd pleaser", icon: "hundred", tone: "purple" },
  stumped_room: { title: "Stumped the room", icon: "target", tone: "red" },
};

const TONES: BadgeTone[] = ["yellow", "red", "blue", "green", "purple", "teal"];

export function badgeLook(code: string): BadgeLook {
  const known = BADGES[code];
  if (known) return known;
  // A badge this page does not know yet: a stable colour from its code, and a star.
  let h = 0;
  for (const ch of code) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return { title: code.replace(/_/g, " "), icon: "star", tone: TONES[h % TONES.length] };
}

export function badgeTitle(code: string): string {
  return badgeLook(code).title;
}

/** The live region's words for the badges shown so far. */
export function badgeAnnouncement(titles: string[]): string {
  if (!titles.length) return "";
  if (titles.length === 1) return `New badge: ${titles[0]}!`;
  return `${titles.length} new badges: ${titles.slice(0, -1).join(", ")} and ${titles[titles.length - 1]}!`;
}
