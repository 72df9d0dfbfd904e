/**
 * Who is signed in, for the whole app: loaded once from `GET /api/auth/me`, replaced after
 * signing in or out. On a change the live connection is reopened, so its handshake carries the
 * new session cookie and the hub sends this user's printers and jobs.
 */
import type { Me } from "@peerfab/protocol";
import { fetchMe } from "../api/accounts.ts";
import { hubSocket } from "../live/hub-socket.ts";

type Listener = (me: Me) => void;

const ANONYMOUS: Me = { user: null, via: null };
let current: Me | null = null;
let loading: Promise<Me> | null = null;
const listeners = new Set<Listener>();

/** The session, loading it on first use (an unreachable hub counts as signed out). */
export function session(): Promise<Me> {
  if (current) return Promise.resolve(current);
  loading ??= fetchMe().then(
    (me) => (current = me),
    () => ANONYMOUS,
  );
  return loading;
}

/** Calls `listener` with the session now (once loaded) and on every change; returns the unsubscribe. */
export function onSession(listener: Listener): () => void {
  listeners.add(listener);
  void session().then((me) => {
    if (listeners.has(listener)) listener(me);
  });
  return () => listeners.delete(listener);
}

/** After signing in or out: remember the new state, tell subscribers, reconnect the live socket. */
export function setSession(me: Me): void {
  current = me;
  loading = Promise.resolve(me);
  const socket = hubSocket();
  socket.disconnect();
  socket.connect();
  for (const listener of listeners) listener(me);
}
