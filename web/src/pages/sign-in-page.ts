/** `#/sign-in`: email and password; on success the session cookie is set and the app reloads its live data. */
import { LoginSchema } from "@peerfab/protocol";
import { signIn } from "../api/accounts.ts";
import { ApiRequestError, errorMessage } from "../api/client.ts";
import { routeHref } from "../routing/route.ts";
import { setSession } from "../session/session.ts";
import { el } from "../ui/dom.ts";
import { formField, showIssues } from "../ui/form-field.ts";
import type { Page } from "./page.ts";

export function signInPage(): Page {
  const fields = {
    email: formField({ name: "email", label: "Email", type: "email", autocomplete: "username", maxlength: 254 }),
    password: formField({ name: "password", label: "Password", type: "password", autocomplete: "current-password", maxlength: 200 }),
  };
  const submit = el("button", { type: "submit", class: "button button-primary", "data-testid": "sign-in-submit" }, "Sign in");
  const form = el(
    "form",
    { class: "panel account-form", novalidate: true, "aria-labelledby": "sign-in-heading" },
    fields.email.element,
    fields.password.element,
    el("div", { class: "form-actions" }, submit),
  );
  let disposed = false;

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const parsed = LoginSchema.safeParse({ email: fields.email.input.value, password: fields.password.input.value });
    if (!parsed.success) {
      showIssues(fields, parsed.error.issues);
      return;
    }
    showIssues(fields, []);
    submit.disabled = true;
    signIn(parsed.data)
      .then((me) => {
        if (disposed) return;
        setSession(me);
        location.hash = routeHref({ page: "gallery", pageNumber: 1 });
      })
      .catch((error: unknown) => {
        if (disposed) return;
        submit.disabled = false;
        // Wrong credentials are about both fields; say it under the password, where the person looks next.
        const target = error instanceof ApiRequestError && error.code === "invalid-sign-in" ? fields.email : fields.password;
        target.setError(errorMessage(error));
        target.input.focus();
      });
  });

  return {
    title: "Sign in",
    element: el(
      "div",
      { class: "page page-account" },
      el("h1", { id: "sign-in-heading", tabindex: -1 }, "Sign in"),
      form,
      el("p", {}, "No account yet? ", el("a", { href: routeHref({ page: "register" }), "data-testid": "register-link" }, "Register"), "."),
    ),
    dispose: () => {
      disposed = true;
    },
  };
}
