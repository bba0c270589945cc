// Socket.IO connections (one per role namespace) and acknowledged requests, typed by the
// namespace's vocabulary (socket-events.ts).

import { io, type Socket } from "socket.io-client";
import type { Ack } from "./protocol";
import type { CallName, LiveSocket, Namespace, PayloadOf, ReplyOf } from "./socket-events";

/** A connection to `namespace`, its emits and listeners checked against the namespace's maps. */
export function connect<N extends Namespace>(namespace: N): LiveSocket<N> {
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
export function request<N extends Namespace, E extends CallName<N>>(
  socket: LiveSocket<N>,
  event: E,
  payload: PayloadOf<N, E>,
  timeoutMs = 8000,
): Promise<Ack<ReplyOf<N, E>>> {
  // The signature above is the checked boundary: socket.io-client's emit types cannot resolve
  // an event name that is still generic here, so the emit itself goes through the plain Socket.
  const plain = socket as unknown as Socket;
  return new Promise((resolve) => {
    plain.timeout(timeoutMs).emit(event, payload, (err: unknown, ack: Ack<ReplyOf<N, E>> | undefined) => {
      if (err || !ack || typeof ack !== "object") {
        resolve({ ok: false, error: { code: "timeout", message: "the server did not answer in time" } });
      } else {
        resolve(ack);
      }
    });
  });
}
