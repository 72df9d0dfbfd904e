/**
 * The two-step confirm button's arming rules (WCAG 2.2.1, timing adjustable): armed for as long
 * as the person is on the button, disarmed when they leave it or press Escape, and timed out only
 * when nobody is on it.
 */
import { describe, expect, it } from "vitest";
import { type ArmingInput, type ArmingState, DISARMED, isUnattended, nextArming } from "../src/ui/confirm-arming.ts";

/** Feeds inputs in order; the state after them and every effect on the way. */
function run(inputs: readonly ArmingInput[], from: ArmingState = DISARMED): { state: ArmingState; effects: string[] } {
  let state = from;
  const effects: string[] = [];
  for (const input of inputs) {
    const step = nextArming(state, input);
    state = step.state;
    if (step.effect) effects.push(step.effect);
  }
  return { state, effects };
}

describe("confirm button arming", () => {
  it("runs the action only on the second activation", () => {
    expect(run(["focus", "activate"]).effects).toEqual(["arm"]);
    expect(run(["focus", "activate", "activate"]).effects).toEqual(["arm", "confirm"]);
    expect(run(["focus", "activate", "activate"]).state.armed).toBe(false);
  });

  it("stays armed while focused or hovered, whatever the idle timer says", () => {
    const focused = run(["focus", "activate", "idle", "idle"]);
    expect(focused.state.armed).toBe(true);
    expect(isUnattended(focused.state)).toBe(false);
    const hovered = run(["pointer-enter", "activate", "idle"]);
    expect(hovered.state.armed).toBe(true);
    // Leaving with the pointer while still focused keeps it armed.
    expect(run(["focus", "pointer-enter", "activate", "pointer-leave", "idle"]).state.armed).toBe(true);
  });

  it("disarms when focus leaves, on Escape and on a press elsewhere, saying so once", () => {
    expect(run(["focus", "activate", "blur"]).effects).toEqual(["arm", "disarm"]);
    expect(run(["focus", "activate", "escape", "blur"]).effects).toEqual(["arm", "disarm"]);
    expect(run(["pointer-enter", "activate", "press-elsewhere"]).effects).toEqual(["arm", "disarm"]);
    // Escape or blur on a button that is not armed changes nothing.
    expect(run(["focus", "escape", "blur"]).effects).toEqual([]);
  });

  it("times out only when armed and left unattended", () => {
    const tapped = run(["pointer-enter", "activate", "pointer-leave"]);
    expect(isUnattended(tapped.state)).toBe(true);
    expect(run(["idle"], tapped.state).effects).toEqual(["disarm"]);
    expect(isUnattended(DISARMED)).toBe(false);
  });

  it("asks again after a disarm: the next activation arms, it does not confirm", () => {
    expect(run(["focus", "activate", "escape", "activate"]).effects).toEqual(["arm", "disarm", "arm"]);
  });
});
