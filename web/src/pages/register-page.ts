/**
 * `#/register`: a new account (email, the name others see, a password). Any account can publish
 * designs, print on its own printers and take print-shop jobs. Signs in on success.
 */
import { PASSWORD_MIN_LENGTH, RegisterSchema } from "@peerfab/protocol";
import { register } from "../api/accounts.ts";
import { ApiRequestError, errorMessage } from "../api/client.ts";
import { routeHref } from "../routing/route.ts";
import { setSession } from "../session/session.ts";
import { el } from "../ui/dom.ts";
import { formField, showIssues } from "../ui/form-field.ts";
import type { Page } from "./page.ts";

export function registerPage(): Page {
  const fields = {
    email: formField({ name: "email", label: "Email", type: "email", autocomplete: "username", maxlength: 254 }),
    displayName: formField({ name: "displayName", label: "Name others see", type: "text", autocomplete: "nickname", maxlength: 60, help: "Shown on your designs and jobs." }),
    password: formField({ name: "password", label: "Password", type: "password", autocomplete: "new-password", maxlength: 200, help: `At least ${PASSWORD_MIN_LENGTH} characters.` }),
  };
  const submit = el("button", { type: "submit", class: "button button-primary", "data-testid": "register-submit" }, "Create account");
  const form = el(
    "form",
    { class: "panel account-form", novalidate: true, "aria-labelledby": "register-heading" },
    fields.email.element,
    fields.displayName.element,
    fields.password.element,
    el("div", { class: "form-actions" }, submit),
  );
  let disposed = false;

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const parsed = RegisterSchema.safeParse({ email: fields.email.input.value, displayName: fields.displayName.input.value, password: fields.password.input.value });
    if (!parsed.success) {
      showIssues(fields, parsed.error.issues);
      return;
    }
    showIssues(fields, []);
    submit.disabled = true;
    register(parsed.data)
      .then((me) => {
        if (disposed) return;
        setSession(me);
        location.hash = routeHref({ page: "gallery", pageNumber: 1 });
      })
      .catch((error: unknown) => {
        if (disposed) return;
        submit.disabled = false;
        const target = error instanceof ApiRequestError && error.code === "email-taken" ? fields.email : fields.password;
        target.setError(errorMessage(error));
        target.input.focus();
      });
  });

  return {
    title: "Register",
    element: el(
      "div",
      { class: "page page-account" },
      el("h1", { id: "register-heading", tabindex: -1 }, "Create an account"),
      form,
      el("p", {}, "Already registered? ", el("a", { href: routeHref({ page: "sign-in" }) }, "Sign in"), "."),
    ),
    dispose: () => {
      disposed = true;
    },
  };
}
