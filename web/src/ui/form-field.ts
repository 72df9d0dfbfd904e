/**
 * A labelled form input with its help text and its error right below it, wired for screen
 * readers (`aria-describedby`, `aria-invalid`). Pages show the hub's or the schema's sentence
 * next to the field it is about.
 */
import { el, setText, uniqueId } from "./dom.ts";

export interface FormField {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  setError(message: string | null): void;
}

export interface FormFieldOptions {
  name: string;
  label: string;
  type: "text" | "email" | "password";
  autocomplete: string;
  help?: string;
  maxlength?: number;
}

export function formField(options: FormFieldOptions): FormField {
  const id = uniqueId(`field-${options.name}`);
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const input = el("input", {
    id,
    name: options.name,
    type: options.type,
    autocomplete: options.autocomplete,
    maxlength: options.maxlength,
    required: true,
    "aria-describedby": options.help ? `${helpId} ${errorId}` : errorId,
    "data-testid": `field-${options.name}`,
  });
  const error = el("p", { id: errorId, class: "field-error", "data-testid": `field-${options.name}-error` });
  const element = el(
    "div",
    { class: "field" },
    el("label", { for: id }, options.label),
    input,
    options.help ? el("p", { id: helpId, class: "field-help" }, options.help) : null,
    error,
  );
  return {
    element,
    input,
    setError(message) {
      setText(error, message ?? "");
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    },
  };
}

/** Shows each schema issue next to its field (the first per field); true when there was any. */
export function showIssues(fields: Record<string, FormField>, issues: readonly { path: readonly PropertyKey[]; message: string }[]): boolean {
  for (const field of Object.values(fields)) field.setError(null);
  let first: FormField | null = null;
  for (const issue of issues) {
    const field = fields[String(issue.path[0])];
    if (!field || field.input.getAttribute("aria-invalid") === "true") continue;
    field.setError(capitalise(issue.message));
    first ??= field;
  }
  first?.input.focus();
  return issues.length > 0;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1) + (text.endsWith(".") ? "" : ".");
}
