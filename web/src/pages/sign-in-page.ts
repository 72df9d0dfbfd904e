/** `#/sign-in`: email and password; on success the session cookie is set and the app reloads its live data. */
import { LoginSchema } from "@peerfab/protocol";
import { signIn } from "../api/accounts.ts";
import { routeHref } from "../routing/route.ts";
import { accountForm } from "../ui/account-form.ts";
import { el } from "../ui/dom.ts";
import { formField } from "../ui/form-field.ts";
import type { Page } from "./page.ts";

export function signInPage(): Page {
  const form = accountForm({
    fields: {
      email: formField({ name: "email", label: "Email", type: "email", autocomplete: "username", maxlength: 254 }),
      password: formField({ name: "password", label: "Password", type: "password", autocomplete: "current-password", maxlength: 200 }),
    },
    schema: LoginSchema,
    send: signIn,
    submitLabel: "Sign in",
    submitTestId: "sign-in-submit",
    headingId: "sign-in-heading",
    // A malformed sign-in is about the email; wrong credentials are about both, so say it under the password, where the person looks next.
    refusalField: (code) => (code === "invalid-sign-in" ? "email" : "password"),
  });

  return {
    title: "Sign in",
    element: el(
      "div",
      { class: "page page-account" },
      el("h1", { id: "sign-in-heading", tabindex: -1 }, "Sign in"),
      form.element,
      el("p", {}, "No account yet? ", el("a", { href: routeHref({ page: "register" }), "data-testid": "register-link" }, "Register"), "."),
    ),
    dispose: form.dispose,
  };
}
