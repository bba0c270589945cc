// Socket.IO connections (one per role namespace) and acknowledged requests.

import { io, type Socket } from "socket.io-client";
import type { Ack } from "./protocol";

export type Namespace = "/play" | "/host" | "/screen";

export function connect(namespace: Namespace): Socket {
  return io(namespace, {
    path: "/socket.io",
    // Websocket first (polling needs sticky sessions across nodes); polling if it fails.
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    reconnectionDelay: 400,
    reconnectionDelayMax: 4000,
    randomizationFactor: 0.3,
    timeout: 10000,
  });
}

/** Emit with an acknowledgement; a missing answer becomes `{ok: false, error: {code: "timeout"}}`. */
export function request<T>(socket: Socket, event: string, payload: unknown, timeoutMs = 8000): Promise<Ack<T>> {
  return new Promise((resolve) => {
    socket.timeout(timeoutMs).emit(event, payload, (err: unknown, ack: Ack<T> | undefined) => {
      if (err || !ack || typeof ack !== "object") {
        resolve({ ok: false, error: { code: "timeout", message: "the server did not answer in time" } });
      } else {
        resolve(ack);
      }
    });
  });
}
