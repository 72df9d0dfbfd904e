/**
 * `#/register`: a new account (email, the name others see, a password). Any account can publish
 * designs, print on its own printers and take print-shop jobs. Signs in on success.
 */
import { PASSWORD_MIN_LENGTH, RegisterSchema } from "@peerfab/protocol";
import { register } from "../api/accounts.ts";
import { routeHref } from "../routing/route.ts";
import { accountForm } from "../ui/account-form.ts";
import { el } from "../ui/dom.ts";
import { formField } from "../ui/form-field.ts";
import type { Page } from "./page.ts";

export function registerPage(): Page {
  const form = accountForm({
    fields: {
      email: formField({ name: "email", label: "Email", type: "email", autocomplete: "username", maxlength: 254 }),
      displayName: formField({ name: "displayName", label: "Name others see", type: "text", autocomplete: "nickname", maxlength: 60, help: "Shown on your designs and jobs." }),
      password: formField({ name: "password", label: "Password", type: "password", autocomplete: "new-password", maxlength: 200, help: `At least ${PASSWORD_MIN_LENGTH} characters.` }),
    },
    schema: RegisterSchema,
    send: register,
    submitLabel: "Create account",
    submitTestId: "register-submit",
    headingId: "register-heading",
    refusalField: (code) => (code === "email-taken" ? "email" : "password"),
  });

  return {
    title: "Register",
    element: el(
      "div",
      { class: "page page-account" },
      el("h1", { id: "register-heading", tabindex: -1 }, "Create an account"),
      form.element,
      el("p", {}, "Already registered? ", el("a", { href: routeHref({ page: "sign-in" }) }, "Sign in"), "."),
    ),
    dispose: form.dispose,
  };
}
