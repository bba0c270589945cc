// A question's (or tip's) image, sound or video. Sound and video come from this site only
// (`question-media.ts`), with the browser's own controls; on the big screen (`big`) a large
// play button sits beside them, reachable by keyboard, and the screen tries to start the sound
// by itself when the question opens (browsers allow it once the page had a click or key press;
// when one refuses, the live region says to press Play).

import type { RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { type MediaDoc, mediaParts, type PlayState, playWords } from "../question-media";

interface Props {
  media: MediaDoc | null | undefined;
  /** The big screen: a large play button, and a try at playing on its own. */
  big?: boolean;
  /** The image's class (the stages style `q-image`). */
  imageClass?: string;
  /** The image's text alternative ("" when the prompt says it all). */
  alt?: string;
}

export function QuestionMedia({ media, big = false, imageClass = "q-image", alt = "" }: Props) {
  const { image, play } = mediaParts(media);
  if (!play) return image ? <img class={imageClass} src={image} alt={alt} /> : null;
  return (
    <div class={`q-media${big ? " q-media-big" : ""}`} data-testid="question-media">
      {image ? <img class={imageClass} src={image} alt={alt} /> : null}
      <Player key={play.src} kind={play.kind} src={play.src} type={play.type} big={big} />
    </div>
  );
}

function Player({ kind, src, type, big }: { kind: "audio" | "video"; src: string; type: string; big: boolean }) {
  const el = useRef<HTMLMediaElement>(null);
  const [state, setState] = useState<PlayState>("idle");
  const words = playWords(kind, state);

  useEffect(() => {
    const media = el.current;
    if (!big || !media) return;
    // A try only: without an earlier gesture on the page the browser refuses, and says so.
    media.play().catch(() => setState((s) => (s === "playing" ? s : "blocked")));
    return () => media.pause();
  }, [big, src]);

  function toggle() {
    const media = el.current;
    if (!media) return;
    if (media.paused) media.play().catch(() => setState("blocked"));
    else media.pause();
  }

  const events = {
    onPlay: () => setState("playing"),
    onPause: () => setState((s) => (s === "ended" ? s : "paused")),
    onEnded: () => setState("ended"),
  };
  const player =
    kind === "video" ? (
      <video ref={el as RefObject<HTMLVideoElement>} class="q-video" controls playsInline preload="auto" data-testid="question-video" {...events}>
        <source src={src} type={type} />
      </video>
    ) : (
      <audio ref={el as RefObject<HTMLAudioElement>} class="q-audio" controls preload="auto" data-testid="question-audio" {...events}>
        <source src={src} type={type} />
      </audio>
    );
  return (
    <>
      {player}
      {big ? (
        <button type="button" class="btn q-play" onClick={toggle} data-testid="play-media">
          <span aria-hidden="true">{state === "playing" ? "❚❚" : "▶"}</span> {words.button}
        </button>
      ) : null}
      <p class="sr-only" role="status" aria-live="polite" data-testid="media-status">
        {words.status}
      </p>
    </>
  );
}
