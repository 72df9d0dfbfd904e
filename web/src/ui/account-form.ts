/**
 * The form of the sign-in and register pages: its fields checked against the protocol's schema
 * before sending (each problem next to its field), the hub's refusal shown under the field it is
 * about, and on success the session set and the gallery opened.
 */
import type { Me } from "@peerfab/protocol";
import type { z } from "zod";
import { ApiRequestError, errorMessage } from "../api/client.ts";
import { routeHref } from "../routing/route.ts";
import { setSession } from "../session/session.ts";
import { el } from "./dom.ts";
import { showIssues, type FormField } from "./form-field.ts";

export interface AccountFormOptions<Name extends string, Data> {
  /** The inputs by the schema's keys, shown in this order. */
  readonly fields: Record<Name, FormField>;
  readonly schema: z.ZodType<Data>;
  /** Sends the checked values to the hub; answers who is signed in now. */
  readonly send: (data: Data) => Promise<Me>;
  readonly submitLabel: string;
  readonly submitTestId: string;
  /** The id of the page's heading, which names the form. */
  readonly headingId: string;
  /** The field a refusal by the hub is shown under, by the hub's error code (null for any other failure). */
  readonly refusalField: (code: string | null) => NoInfer<Name>;
}

export interface AccountForm {
  readonly element: HTMLFormElement;
  /** After this, an answer still on its way changes nothing. */
  dispose(): void;
}

export function accountForm<Name extends string, Data>(options: AccountFormOptions<Name, Data>): AccountForm {
  const fields: Record<string, FormField> = options.fields;
  const submit = el("button", { type: "submit", class: "button button-primary", "data-testid": options.submitTestId }, options.submitLabel);
  const element = el(
    "form",
    { class: "panel account-form", novalidate: true, "aria-labelledby": options.headingId },
    ...Object.values(fields).map((field) => field.element),
    el("div", { class: "form-actions" }, submit),
  );
  let disposed = false;

  element.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, field.input.value]));
    const parsed = options.schema.safeParse(values);
    if (!parsed.success) {
      showIssues(fields, parsed.error.issues);
      return;
    }
    showIssues(fields, []);
    submit.disabled = true;
    options
      .send(parsed.data)
      .then((me) => {
        if (disposed) return;
        setSession(me);
        location.hash = routeHref({ page: "gallery", pageNumber: 1 });
      })
      .catch((error: unknown) => {
        if (disposed) return;
        submit.disabled = false;
        const target = options.fields[options.refusalField(error instanceof ApiRequestError ? error.code : null)];
        target.setError(errorMessage(error));
        target.input.focus();
      });
  });

  return {
    element,
    dispose: () => {
      disposed = true;
    },
  };
}
