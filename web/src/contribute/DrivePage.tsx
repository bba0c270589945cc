// `/drives/<id>`: a question drive's landing page (the link and QR code hosts hand out): its
// title, brief, deadline, how many questions the member may still send, and "Write a question".

import { useEffect, useState } from "preact/hooks";
import { api, ApiError } from "../api";
import { HostShell, useAuth } from "../components/HostShell";
import { Alert, Spinner } from "../components/ui";
import { DriveCard } from "./ContributePage";
import type { Drive } from "./model";

type Load = { status: "loading" } | { status: "error"; message: string } | { status: "ok"; drive: Drive };

export function DrivePage({ id }: { id: string }) {
  const auth = useAuth();
  const [load, setLoad] = useState<Load>({ status: "loading" });
  const refresh = async () => {
    setLoad({ status: "loading" });
    try {
      const drive = await api<Drive>("GET", `/drives/${encodeURIComponent(id)}`);
      document.title = `${drive.title} · Huddle`;
      setLoad({ status: "ok", drive });
    } catch (err) {
      const message =
        err instanceof ApiError && err.status === 404 ? "This question drive does not exist, or is for another workspace." : err instanceof ApiError ? err.message : "Could not load the question drive.";
      setLoad({ status: "error", message });
    }
  };
  useEffect(() => {
    document.title = "Question drive · Huddle";
    if (auth) void refresh();
  }, []);
  if (!auth) return null;
  return (
    <HostShell auth={auth} section="contribute">
      <div class="contrib-page">
        {load.status === "loading" ? (
          <Spinner label="Loading the question drive…" />
        ) : load.status === "error" ? (
          <div class="card">
            <Alert>{load.message}</Alert>
            <button type="button" class="btn btn-primary" onClick={() => void refresh()}>
              Try again
            </button>
          </div>
        ) : (
          <>
            <h1 class="sr-only">Question drive</h1>
            <DriveCard drive={load.drive} withLink />
            <p>
              <a href="/me/contributions">Your questions and tips</a>
            </p>
          </>
        )}
      </div>
    </HostShell>
  );
}
