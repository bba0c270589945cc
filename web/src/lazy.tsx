// Pages loaded on demand (Vite splits each dynamic import into its own chunk), so a phone
// opening the join page downloads neither the host's editor nor the reports.

import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Alert, Logo, Spinner } from "./components/ui";

export interface LazyPage<P> {
  (props: P): preact.JSX.Element;
  /** Start downloading the page's chunk now (e.g. while the phone idles on the join page). */
  preload(): Promise<unknown>;
}

/** A page component whose module `load` imports on first use; shows a status meanwhile. */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): LazyPage<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const fetchPage = (): Promise<ComponentType<P>> => {
    pending ??= load().then(
      (page) => (loaded = page),
      (err: unknown) => {
        pending = null; // a later visit tries again (a dropped connection, a new deploy)
        throw err;
      },
    );
    return pending;
  };

  function Page(props: P) {
    const [page, setPage] = useState<{ c: ComponentType<P> } | null>(loaded ? { c: loaded } : null);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (page) return;
      let live = true;
      fetchPage().then(
        (c) => live && setPage({ c }),
        () => live && setFailed(true),
      );
      return () => {
        live = false;
      };
    }, []);
    if (page) {
      const C = page.c;
      return <C {...props} />;
    }
    return (
      <main class="page-join">
        <Logo size="lg" />
        {failed ? (
          <Alert>
            This page could not be loaded. Check the connection and{" "}
            <a href={window.location.href} data-reload>
              reload
            </a>
            .
          </Alert>
        ) : (
          <Spinner label="Loading…" />
        )}
      </main>
    );
  }
  Page.preload = () => fetchPage().catch(() => undefined);
  return Page;
}
