// The rule for a question's image address, on its own so the player's pages can use it without
// the editor's model (web/src/quiz-model.ts re-exports it for the editor).

const ABSOLUTE_URL = /^https?:\/\/(\[[0-9a-f:.]+\]|[^/?#@:[\]]+)(:[0-9]{1,5})?([/?#].*)?$/is;

/** The server's rule for a question's image (games.images.is_image_url): an http(s) URL
 *  without credentials, or a path on this site; no whitespace, backslashes or `//host`. */
export function isImageUrl(url: string): boolean {
  if (/[\s\\\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/.test(url)) return false;
  if (url.startsWith("/")) return !url.startsWith("//");
  return ABSOLUTE_URL.test(url);
}

/** Whether `url` is an image of this site (a path such as `/media/<hash>.webp`). Phones show
 *  only these: loading one from another site would tell that site who is playing (the
 *  server leaves the others out of the phones' state, games.images.is_site_image). */
export function isSiteImage(url: string): boolean {
  return isImageUrl(url) && url.startsWith("/");
}
