// Quiz images: the phones' rule (images of this site only). Uploads: media-upload.ts.

import { isImageUrl, isSiteImage } from "./image-url";

export { isSiteImage };

/** An image address the big screen shows but phones do not. */
export function isExternalImage(url: string): boolean {
  const u = url.trim();
  return u !== "" && isImageUrl(u) && !isSiteImage(u);
}
