// The DOM ids of the editor's fields, derived from the protocol's field paths, so a server 422's
// `field` and the editor's own checks find the same input. Its own module: the kind modules'
// editor fields use it on every device, and the phone must not load the quiz editor's model.

/** A DOM id for a field path ("questions[2].media.image" → "f-questions-2-media-image"). */
export function fieldId(path: string): string {
  return "f-" + path.replace(/[^a-zA-Z0-9]+/g, "-").replace(/-+$/, "");
}
