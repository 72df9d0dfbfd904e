/**
 * The header's account corner: who is signed in with a sign-out button and the API tokens link;
 * "Sign in" / "Register" otherwise. On the trusted local computer it says the app acts as the
 * local owner, and still offers to sign in.
 */
import type { Me } from "@peerfab/protocol";
import { fetchMe, signOut } from "../api/accounts.ts";
import { errorMessage } from "../api/client.ts";
import { routeHref } from "../routing/route.ts";
import { onSession, setSession } from "../session/session.ts";
import { el, replaceChildren } from "./dom.ts";

export function mountAccountMenu(container: HTMLElement): void {
  onSession((me) => replaceChildren(container, ...menuFor(me)));
}

function menuFor(me: Me): HTMLElement[] {
  const signInLinks = [
    el("a", { href: routeHref({ page: "sign-in" }), "data-testid": "sign-in-link" }, "Sign in"),
    el("a", { href: routeHref({ page: "register" }) }, "Register"),
  ];
  if (!me.user) return signInLinks;
  const tokens = el("a", { href: routeHref({ page: "tokens" }), "data-testid": "tokens-link" }, "API tokens");
  if (me.via === "trusted-local") {
    return [el("span", { class: "account-name", "data-testid": "account-name", title: "The hub trusts this computer (PEERFAB_TRUSTED_LOCAL)" }, `${me.user.displayName} (this computer)`), tokens, ...signInLinks];
  }
  const button = el("button", { type: "button", class: "button account-sign-out", "data-testid": "sign-out" }, "Sign out");
  button.addEventListener("click", () => {
    button.disabled = true;
    signOut()
      .then(fetchMe)
      .then((after) => {
        setSession(after);
        location.hash = routeHref({ page: "gallery", pageNumber: 1 });
      })
      .catch((error: unknown) => {
        button.disabled = false;
        button.title = errorMessage(error);
      });
  });
  return [el("span", { class: "account-name", "data-testid": "account-name" }, me.user.displayName), tokens, button];
}
