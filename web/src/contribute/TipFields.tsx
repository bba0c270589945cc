// A tip card's fields: title, text, one picture, sound or video, and up to five links.

import { CharCount } from "../components/CharCount";
import { ErrorText } from "../components/ui";
import { MediaField } from "./MediaField";
import { CONTRIBUTION_LIMITS as L, type MediaSlots, type TipDraft } from "./model";

export interface TipFieldsProps {
  tip: TipDraft;
  setTip: (fn: (t: TipDraft) => TipDraft) => void;
  id: (path: string) => string;
  err: (path: string) => string | undefined;
  described: (path: string) => Record<string, string>;
  counted: (path: string) => Record<string, string>;
}

export function TipFields({ tip, setTip, id, err, described, counted }: TipFieldsProps) {
  const setLink = (i: number, key: "url" | "label", value: string) =>
    setTip((t) => ({ ...t, links: t.links.map((l, j) => (j === i ? { ...l, [key]: value } : l)) }));
  return (
    <div class="contrib-tip">
      <div class="field">
        <label class="field-label" for={id("document.title")}>
          Title
        </label>
        <input
          id={id("document.title")}
          class="input"
          value={tip.title}
          placeholder="e.g. Lift with your legs"
          onInput={(e) => {
            const v = (e.target as HTMLInputElement).value;
            setTip((t) => ({ ...t, title: v }));
          }}
          {...counted("document.title")}
        />
        <CharCount id={`${id("document.title")}-count`} value={tip.title} limit={L.tipTitle} />
        <ErrorText id={`${id("document.title")}-error`} message={err("document.title")} />
      </div>
      <div class="field">
        <label class="field-label" for={id("document.body")}>
          Your tip
        </label>
        <textarea
          id={id("document.body")}
          class="input"
          rows={5}
          value={tip.body}
          onInput={(e) => {
            const v = (e.target as HTMLTextAreaElement).value;
            setTip((t) => ({ ...t, body: v }));
          }}
          {...counted("document.body")}
        />
        <CharCount id={`${id("document.body")}-count`} value={tip.body} limit={L.tipBody} />
        <ErrorText id={`${id("document.body")}-error`} message={err("document.body")} />
      </div>
      <MediaField
        id={id("document.media")}
        single
        owner="your tip"
        value={tip.media}
        error={err("document.media")}
        onChange={(media: MediaSlots) => setTip((t) => ({ ...t, media }))}
      />
      <fieldset class="field contrib-links" id={id("document.links")} tabIndex={-1} {...described("document.links")}>
        <legend class="field-label small">
          Links <span class="optional">(optional, up to {L.links})</span>
        </legend>
        {tip.links.length ? (
          <ol class="contrib-link-rows">
            {tip.links.map((l, i) => {
              const p = `document.links[${i}]`;
              return (
                <li key={i} class="contrib-link-row">
                  <div class="field">
                    <label class="field-label small" for={id(`${p}.url`)}>
                      Link {i + 1} address
                    </label>
                    <input
                      id={id(`${p}.url`)}
                      class="input"
                      type="url"
                      inputMode="url"
                      value={l.url}
                      placeholder="https://"
                      onInput={(e) => setLink(i, "url", (e.target as HTMLInputElement).value)}
                      {...described(`${p}.url`)}
                    />
                    <ErrorText id={`${id(`${p}.url`)}-error`} message={err(`${p}.url`)} />
                  </div>
                  <div class="field">
                    <label class="field-label small" for={id(`${p}.label`)}>
                      Link {i + 1} name <span class="optional">(optional)</span>
                    </label>
                    <input
                      id={id(`${p}.label`)}
                      class="input"
                      value={l.label}
                      onInput={(e) => setLink(i, "label", (e.target as HTMLInputElement).value)}
                      {...described(`${p}.label`)}
                    />
                    <ErrorText id={`${id(`${p}.label`)}-error`} message={err(`${p}.label`)} />
                  </div>
                  <button
                    type="button"
                    class="btn btn-ghost-dark btn-sm"
                    onClick={() => setTip((t) => ({ ...t, links: t.links.filter((_, j) => j !== i) }))}
                  >
                    Remove link {i + 1}
                  </button>
                </li>
              );
            })}
          </ol>
        ) : null}
        {tip.links.length < L.links ? (
          <button type="button" class="btn btn-ghost-dark btn-sm" onClick={() => setTip((t) => ({ ...t, links: [...t.links, { url: "", label: "" }] }))}>
            <span aria-hidden="true">+</span> Add a link
          </button>
        ) : null}
        <ErrorText id={`${id("document.links")}-error`} message={err("document.links")} />
      </fieldset>
    </div>
  );
}
