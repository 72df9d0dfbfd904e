/**
 * `#/tokens`: API tokens for printer-bridges and scripts. Create one with a label (its secret is
 * shown once, with a copy button), see when each was last used, revoke one — a revoked token
 * stops working at once, and a bridge connected with it is disconnected.
 */
import { CreateApiTokenSchema, type ApiToken, type CreatedApiToken } from "@peerfab/protocol";
import { createToken, listTokens, revokeToken } from "../api/accounts.ts";
import { errorMessage } from "../api/client.ts";
import { formatTimestamp } from "../format/units.ts";
import { routeHref } from "../routing/route.ts";
import { onSession } from "../session/session.ts";
import { el, replaceChildren, setText } from "../ui/dom.ts";
import { formField, showIssues } from "../ui/form-field.ts";
import { emptyNotice, errorNotice, loadingNotice } from "../ui/notice.ts";
import type { Page } from "./page.ts";

export function tokensPage(): Page {
  let disposed = false;
  const body = el("div", {}, loadingNotice("your API tokens"));
  const element = el(
    "div",
    { class: "page page-tokens" },
    el("h1", { tabindex: -1 }, "API tokens"),
    el("p", { class: "lede" }, "A printer-bridge or a script signs in to the hub with an API token. Give each its own, so you can revoke one without touching the others."),
    body,
  );

  const unsubscribe = onSession((me) => {
    if (disposed) return;
    if (!me.user) replaceChildren(body, signInFirst());
    else replaceChildren(body, tokenManager(() => disposed));
  });

  return {
    title: "API tokens",
    element,
    dispose: () => {
      disposed = true;
      unsubscribe();
    },
  };
}

function signInFirst(): HTMLElement {
  return el("p", { class: "notice" }, el("a", { href: routeHref({ page: "sign-in" }) }, "Sign in"), " to make and revoke API tokens.");
}

function tokenManager(isDisposed: () => boolean): HTMLElement {
  const label = formField({ name: "label", label: "Label", type: "text", autocomplete: "off", maxlength: 60, help: "What will use it, e.g. “workshop bridge”." });
  const submit = el("button", { type: "submit", class: "button button-primary", "data-testid": "token-create" }, "Create token");
  const created = el("div", { "aria-live": "polite" });
  const list = el("div", {}, loadingNotice("tokens"));
  const form = el("form", { class: "panel account-form", novalidate: true }, el("h2", {}, "New token"), label.element, el("div", { class: "form-actions" }, submit));

  const load = () => {
    listTokens()
      .then((tokens) => {
        if (!isDisposed()) replaceChildren(list, tokens.length === 0 ? emptyNotice("No tokens yet.") : tokenList(tokens, load));
      })
      .catch((error: unknown) => {
        if (!isDisposed()) replaceChildren(list, errorNotice(errorMessage(error), load));
      });
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const parsed = CreateApiTokenSchema.safeParse({ label: label.input.value });
    if (!parsed.success) {
      showIssues({ label }, parsed.error.issues);
      return;
    }
    showIssues({ label }, []);
    submit.disabled = true;
    createToken(parsed.data.label)
      .then((token) => {
        if (isDisposed()) return;
        submit.disabled = false;
        form.reset();
        replaceChildren(created, shownOnce(token));
        load();
      })
      .catch((error: unknown) => {
        if (isDisposed()) return;
        submit.disabled = false;
        label.setError(errorMessage(error));
      });
  });

  load();
  return el("div", { class: "token-manager" }, form, created, el("h2", {}, "Your tokens"), list);
}

/** The new token's secret with a copy button: the only time the hub ever shows it. */
function shownOnce(token: CreatedApiToken): HTMLElement {
  const secret = el("input", { type: "text", readonly: true, value: token.token, class: "token-secret", "aria-label": `API token “${token.label}”`, "data-testid": "token-secret" });
  const status = el("span", { class: "field-help", role: "status", "data-testid": "token-copy-status" });
  const copy = el("button", { type: "button", class: "button", "data-testid": "token-copy" }, "Copy");
  copy.addEventListener("click", () => {
    secret.select();
    const done = () => setText(status, "Copied.");
    const manual = () => setText(status, "Selected: press Ctrl+C (⌘C on a Mac) to copy.");
    if (navigator.clipboard) navigator.clipboard.writeText(token.token).then(done, manual);
    else manual();
  });
  return el(
    "section",
    { class: "panel token-created", "data-testid": "token-created" },
    el("h2", {}, `Token “${token.label}” created`),
    el("p", {}, el("strong", {}, "Copy it now: "), "the hub keeps only a hash, so it cannot show it again."),
    el("div", { class: "token-secret-row" }, secret, copy),
    status,
    el("p", { class: "field-help" }, "For a printer-bridge, save it in a file only you can read and start the bridge with ", el("code", {}, `--hub ${location.origin} --token-file <that file>`), "."),
  );
}

function tokenList(tokens: readonly ApiToken[], reload: () => void): HTMLElement {
  return el("ul", { class: "token-list" }, ...tokens.map((token) => tokenRow(token, reload)));
}

function tokenRow(token: ApiToken, reload: () => void): HTMLElement {
  const revoked = token.revokedAt !== null;
  const error = el("p", { class: "field-error", role: "alert" });
  const revoke = el("button", { type: "button", class: "button button-danger", "data-testid": "token-revoke" }, "Revoke");
  revoke.addEventListener("click", () => {
    if (!revoke.hasAttribute("data-confirming")) {
      revoke.setAttribute("data-confirming", "");
      setText(revoke, "Revoke now: it stops working at once");
      return;
    }
    revoke.disabled = true;
    revokeToken(token.id).then(reload, (e: unknown) => {
      revoke.disabled = false;
      setText(error, errorMessage(e));
    });
  });
  return el(
    "li",
    { class: "token-row", "data-testid": "token-row", "data-token-id": token.id, "data-revoked": revoked ? "true" : "false" },
    el("div", { class: "token-row-head" }, el("strong", { "data-testid": "token-label" }, token.label), revoked ? el("span", { class: "state-pill", "data-state": "cancelled", "data-testid": "token-state" }, "revoked") : revoke),
    el(
      "dl",
      { class: "job-facts" },
      el("dt", {}, "Created"),
      el("dd", {}, el("time", { datetime: token.createdAt }, formatTimestamp(token.createdAt))),
      el("dt", {}, "Last used"),
      el("dd", {}, token.lastUsedAt ? el("time", { datetime: token.lastUsedAt }, formatTimestamp(token.lastUsedAt)) : "never"),
      revoked && token.revokedAt ? el("dt", {}, "Revoked") : null,
      revoked && token.revokedAt ? el("dd", {}, el("time", { datetime: token.revokedAt }, formatTimestamp(token.revokedAt))) : null,
    ),
    error,
  );
}

