// Small pieces of a member's contribution that its author's list (ContributionCard), the
// community library (LibraryItem) and the reviewers' view (review/ContributionView) all show.

/** A contribution's tags, as `#tag` items. Nothing when it has none. */
export function TagList({ tags }: { tags: string[] }) {
  if (!tags.length) return null;
  return (
    <ul class="contrib-tags" aria-label="Tags">
      {tags.map((t) => (
        <li key={t}>#{t}</li>
      ))}
    </ul>
  );
}

/** A tip card's links, opened in a new tab, each named by its label or else its address.
 * Nothing when it has none. `rel` is the page's: the public library adds `nofollow`. */
export function TipLinks({ links, listClass, rel }: { links: { url: string; label?: string }[] | undefined; listClass: string; rel: string }) {
  if (!links?.length) return null;
  return (
    <ul class={listClass}>
      {links.map((l, i) => (
        <li key={i}>
          <a href={l.url} target="_blank" rel={rel}>
            {l.label || l.url}
          </a>
        </li>
      ))}
    </ul>
  );
}
