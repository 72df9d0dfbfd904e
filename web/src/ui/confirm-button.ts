/**
 * A button for an action that cannot be undone: the first click (or Enter/Space) arms it and
 * changes its label to the question, the second one within a few seconds runs the action; left
 * alone, it disarms itself. Keyboard users get the same two steps, screen readers the new label.
 */
import { el, setText } from "./dom.ts";

export interface ConfirmButton {
  readonly element: HTMLButtonElement;
  /** Back to the unarmed label (e.g. when the action no longer applies). */
  reset(): void;
  dispose(): void;
}

export interface ConfirmButtonOptions {
  label: string;
  /** The armed label, a question: "Really stop?" */
  confirmLabel: string;
  testId: string;
  onConfirm: () => void;
  /** How long the armed state lasts. */
  armedMs?: number;
}

export function confirmButton(options: ConfirmButtonOptions): ConfirmButton {
  const element = el("button", { type: "button", class: "button button-danger", "data-testid": options.testId }, options.label);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const reset = () => {
    clearTimeout(timer);
    timer = undefined;
    element.removeAttribute("data-confirming");
    setText(element, options.label);
  };
  element.addEventListener("click", () => {
    if (element.hasAttribute("data-confirming")) {
      reset();
      options.onConfirm();
      return;
    }
    element.setAttribute("data-confirming", "");
    setText(element, options.confirmLabel);
    timer = setTimeout(reset, options.armedMs ?? 5_000);
  });
  return { element, reset, dispose: () => clearTimeout(timer) };
}
