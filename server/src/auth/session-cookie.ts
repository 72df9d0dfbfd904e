/**
 * The session cookie: `peerfab_session`, httpOnly, SameSite=Lax, Path=/, Secure when the hub was
 * reached over https. The one module that knows the `cookie` library.
 */
import { parse, serialize } from "cookie";

export const SESSION_COOKIE = "peerfab_session";

export function readSessionCookie(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  return parse(cookieHeader)[SESSION_COOKIE] || undefined;
}

export function sessionCookie(id: string, expires: Date, secure: boolean): string {
  return serialize(SESSION_COOKIE, id, { httpOnly: true, sameSite: "lax", secure, path: "/", expires, maxAge: Math.max(0, Math.floor((expires.getTime() - Date.now()) / 1000)) });
}

export function clearedSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE, "", { httpOnly: true, sameSite: "lax", secure, path: "/", expires: new Date(0), maxAge: 0 });
}
