/**
 * When a two-step confirm button (confirm-button.ts) is armed — pure, so the rules are tested
 * without a browser. WCAG 2.2.1 (timing adjustable): the armed state lasts while the person is on
 * the button (focused or hovered), however long they take to read the question. It ends on blur,
 * Escape or a press elsewhere; only a button left armed unattended (neither focused nor hovered,
 * e.g. after a tap on a touch screen, or a click in a browser that does not focus buttons)
 * disarms after an idle time, so a stray press much later cannot run the action.
 */

export interface ArmingState {
  readonly armed: boolean;
  readonly focused: boolean;
  readonly hovered: boolean;
}

export type ArmingInput = "activate" | "focus" | "blur" | "pointer-enter" | "pointer-leave" | "escape" | "press-elsewhere" | "idle";

/** What the button does about an input: arm (ask), run the action, disarm (not confirmed), or nothing. */
export type ArmingEffect = "arm" | "confirm" | "disarm" | null;

export const DISARMED: ArmingState = { armed: false, focused: false, hovered: false };

export function nextArming(state: ArmingState, input: ArmingInput): { state: ArmingState; effect: ArmingEffect } {
  switch (input) {
    case "activate":
      return state.armed ? { state: { ...state, armed: false }, effect: "confirm" } : { state: { ...state, armed: true }, effect: "arm" };
    case "focus":
      return { state: { ...state, focused: true }, effect: null };
    case "blur":
      return disarmIf(state.armed, { ...state, focused: false });
    case "pointer-enter":
      return { state: { ...state, hovered: true }, effect: null };
    case "pointer-leave":
      return { state: { ...state, hovered: false }, effect: null };
    case "escape":
    case "press-elsewhere":
      return disarmIf(state.armed, state);
    case "idle":
      return disarmIf(isUnattended(state), state);
  }
}

/** Armed with nobody on it: the only time the idle timer runs. */
export function isUnattended(state: ArmingState): boolean {
  return state.armed && !state.focused && !state.hovered;
}

function disarmIf(condition: boolean, state: ArmingState): { state: ArmingState; effect: ArmingEffect } {
  return condition ? { state: { ...state, armed: false }, effect: "disarm" } : { state, effect: null };
}
