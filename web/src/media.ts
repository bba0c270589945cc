// Quiz images: the phones' rule (images of this site only) and the upload to the server.

import { api, RawBody } from "./api";
import { isImageUrl, isSiteImage } from "./image-url";

export { isSiteImage };

/** An image address the big screen shows but phones do not. */
export function isExternalImage(url: string): boolean {
  const u = url.trim();
  return u !== "" && isImageUrl(u) && !isSiteImage(u);
}

/** The types the server takes (it checks the bytes, not this list). */
export const IMAGE_TYPES = "image/png,image/jpeg,image/gif,image/webp";

export interface UploadedImage {
  url: string;
  width: number;
  height: number;
}

/** Upload `file` to `POST /api/images`; resolves with its address on this site once the
 *  server has stored it (throws the server's `ApiError` otherwise). */
export function uploadImage(file: File): Promise<UploadedImage> {
  const form = new FormData();
  form.append("file", file, file.name);
  return api<UploadedImage>("POST", "/images", new RawBody(form));
}
