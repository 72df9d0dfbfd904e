/**
 * A button for an action that cannot be undone: the first click (or Enter/Space) arms it and
 * changes its label to the question, the second one runs the action. It stays armed while the
 * person is on it — focused or hovered — and disarms on blur, Escape or a press elsewhere; only
 * left armed unattended does it disarm after an idle time (the rules: confirm-arming.ts). Both
 * changes of label are announced in the app's polite live region (announcer.ts).
 */
import { type ArmingInput, DISARMED, isUnattended, nextArming } from "./confirm-arming.ts";
import { announce, politeRegion } from "./announcer.ts";
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
  /** How long the button stays armed with nobody on it (neither focused nor hovered). */
  unattendedMs?: number;
}

const UNATTENDED_MS = 30_000;

export function confirmButton(options: ConfirmButtonOptions): ConfirmButton {
  const element = el("button", { type: "button", class: "button button-danger", "data-testid": options.testId }, options.label);
  // The live region must be in the document before the first announcement.
  politeRegion();
  let state = DISARMED;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  const showDisarmed = () => {
    element.removeAttribute("data-confirming");
    setText(element, options.label);
    document.removeEventListener("pointerdown", onPressElsewhere, true);
  };
  const feed = (input: ArmingInput) => {
    const { state: next, effect } = nextArming(state, input);
    state = next;
    if (effect === "arm") {
      element.setAttribute("data-confirming", "");
      setText(element, options.confirmLabel);
      document.addEventListener("pointerdown", onPressElsewhere, true);
      announce(`${sentence(options.confirmLabel)} Press the button again to confirm, or Escape to leave it.`);
    } else if (effect === "disarm") {
      showDisarmed();
      announce(`${options.label}: not confirmed.`);
    } else if (effect === "confirm") {
      showDisarmed();
      options.onConfirm();
    }
    clearTimeout(idleTimer);
    idleTimer = isUnattended(state) ? setTimeout(() => feed("idle"), options.unattendedMs ?? UNATTENDED_MS) : undefined;
  };
  function onPressElsewhere(event: PointerEvent): void {
    if (!(event.target instanceof Node && element.contains(event.target))) feed("press-elsewhere");
  }

  element.addEventListener("click", () => feed("activate"));
  element.addEventListener("focus", () => feed("focus"));
  element.addEventListener("blur", () => feed("blur"));
  element.addEventListener("pointerenter", () => feed("pointer-enter"));
  element.addEventListener("pointerleave", () => feed("pointer-leave"));
  element.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state.armed) {
      event.preventDefault();
      feed("escape");
    }
  });

  const reset = () => {
    clearTimeout(idleTimer);
    idleTimer = undefined;
    state = { ...state, armed: false };
    showDisarmed();
  };
  return { element, reset, dispose: reset };
}

/** The question as a sentence: ends with punctuation before the hint that follows it. */
function sentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}
