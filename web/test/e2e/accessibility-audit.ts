/**
 * Issue #6's accessibility bar, checked on whatever page a browser test has open:
 *  - axe-core (Deque's WCAG 2.1 A/AA rules, injected from the npm package, no network): every
 *    input, select and textarea has an accessible name, buttons and links have names, text
 *    contrast is at least 4.5:1 (3:1 for large text), ids are unique, ARIA is valid;
 *  - the keyboard: pressing Tab goes round every visible, enabled control (a radio group counts
 *    once), and each one shows a focus indicator (outline, or a box-shadow ring its unfocused
 *    look lacks) with at least 3:1 contrast against the background around it;
 *  - the width: no sideways scrolling at the viewport's width.
 * Problems come back as sentences naming the element, so a failing test says what to fix.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { pageScrollWidth } from "./chromium.ts";
import { contrastRatio, over, parseBoxShadow, parseColour, type Rgb } from "./colour-contrast.ts";

/** WCAG 1.4.11: a focus indicator needs 3:1 against the colours next to it. */
const FOCUS_CONTRAST = 3;

const axeSource = readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AuditReport {
  /** axe-core's WCAG A/AA violations: `rule: help — element, element`. */
  readonly axe: string[];
  /** Controls Tab never reached. */
  readonly unreachable: string[];
  /** Controls Tab reached that show no focus indicator, or one too faint against their background. */
  readonly noFocusIndicator: string[];
  /** How much wider the page is than the viewport, in CSS pixels (0: no sideways scrolling). */
  readonly overflow: number;
  /** How many controls Tab reached (a radio group counts once). */
  readonly tabStops: number;
}

/** Runs every check on the page as it is now. */
export async function auditPage(page: Page): Promise<AuditReport> {
  const axe = await axeViolations(page);
  const keyboard = await walkWithTab(page);
  const width = page.viewportSize()?.width ?? 0;
  const overflow = Math.max(0, (await pageScrollWidth(page)) - width);
  return { axe, ...keyboard, overflow };
}

/** axe-core's WCAG 2.0/2.1 level A and AA rules over the whole document. */
export async function axeViolations(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    // In an isolated world of its own, as a browser extension's content script: axe sees the page's
    // DOM and styles, but neither the hub's Content-Security-Policy nor the page's globals — so a
    // test that holds the page's timers (Playwright's clock) does not hold axe's.
    const { frameTree } = await cdp.send("Page.getFrameTree");
    const { executionContextId: contextId } = await cdp.send("Page.createIsolatedWorld", { frameId: frameTree.frame.id, worldName: "accessibility-audit" });
    const evaluate = async (expression: string): Promise<unknown> => {
      const { result, exceptionDetails } = await cdp.send("Runtime.evaluate", { expression, contextId, awaitPromise: true, returnByValue: true });
      if (exceptionDetails) throw new Error(`axe-core failed: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
      return result.value;
    };
    await evaluate(await axeSource);
    const violations = (await evaluate(
      `axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] })
        .then((result) => result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ") + (n.failureSummary ? " (" + n.failureSummary.replace(/\\s+/g, " ") + ")" : "")) })))`,
    )) as { id: string; help: string; nodes: string[] }[];
    return violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.join("; ")}`);
  } finally {
    await cdp.detach();
  }
}

interface Control {
  readonly key: string;
  readonly description: string;
}

interface Stop {
  /** null: nothing is focused (the body), e.g. after the last control. */
  readonly key: string | null;
  /** The outline's colour when one is drawn, else null. */
  readonly outlineColour: string | null;
  /** How far the outline reaches out from the border box (width + offset; negative: inside). */
  readonly outlineReach: number;
  /**
   * The widest room, among the four sides, between the element and the nearest ancestor that
   * clips what overflows it; null when none clips. A ring reaching out further is cut off all round.
   */
  readonly clipRoom: number | null;
  readonly boxShadow: string;
  /** The nearest ancestor's background colour that is not transparent (white at the top). */
  readonly background: string;
}

/** In the page: marks every visible, enabled control with a key (radios by group) and describes it. */
const MARK_CONTROLS = `(() => {
  const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';
  for (const marked of document.querySelectorAll("[data-audit-key]")) delete marked.dataset.auditKey;
  const controls = [];
  const keys = new Set();
  let n = 0;
  for (const element of document.querySelectorAll(selector)) {
    if (element.matches(":disabled") || element.closest("[inert]")) continue;
    if (!element.checkVisibility({ visibilityProperty: true })) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const key = element.type === "radio" && element.name ? "radio:" + element.name : "control-" + n++;
    element.dataset.auditKey = key;
    if (keys.has(key)) continue;
    keys.add(key);
    const testId = element.getAttribute("data-testid");
    const text = (element.getAttribute("aria-label") || element.textContent || element.getAttribute("name") || "").replace(/\\s+/g, " ").trim().slice(0, 40);
    const tabindex = element.getAttribute("tabindex");
    controls.push({ key, description: "<" + element.tagName.toLowerCase() + (testId ? ' data-testid="' + testId + '"' : "") + (tabindex !== null ? ' tabindex="' + tabindex + '"' : "") + ">" + (text ? " “" + text + "”" : "") });
  }
  return controls;
})()`;

/** In the page: the focused element's key, the styles that show focus, and what is around it. */
const FOCUSED = `(() => {
  const element = document.activeElement;
  if (!element || element === document.body || element === document.documentElement) return { key: null, outlineColour: null, outlineReach: 0, clipRoom: null, boxShadow: "none", background: "" };
  const style = getComputedStyle(element);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  let background = "rgb(255, 255, 255)";
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    const colour = getComputedStyle(parent).backgroundColor;
    if (colour !== "transparent" && !(colour.startsWith("rgba(") && colour.endsWith(", 0)"))) {
      background = colour;
      break;
    }
  }
  let clipRoom = null;
  for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
    const parentStyle = getComputedStyle(parent);
    if (parentStyle.overflowX === "visible" && parentStyle.overflowY === "visible") continue;
    const outer = parent.getBoundingClientRect();
    const inner = element.getBoundingClientRect();
    const top = outer.top + parent.clientTop, left = outer.left + parent.clientLeft;
    clipRoom = Math.max(inner.top - top, inner.left - left, top + parent.clientHeight - inner.bottom, left + parent.clientWidth - inner.right);
    break;
  }
  // An element the list above left out (e.g. a scrolling box the browser made focusable) is a stop too.
  const key = element.dataset.auditKey ?? "other:" + element.tagName.toLowerCase() + "." + element.className;
  const outlineReach = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
  return { key, outlineColour: outlined ? style.outlineColor : null, outlineReach, clipRoom, boxShadow: style.boxShadow, background };
})()`;

/** Why `stop` shows no usable focus indicator, or null when it shows one. */
function focusProblem(stop: Stop, shadowAtRest: string | undefined): string | null {
  const background: Rgb = over(parseColour(stop.background) ?? { rgb: [255, 255, 255], alpha: 1 }, [255, 255, 255]);
  const ring = stop.boxShadow !== shadowAtRest ? parseBoxShadow(stop.boxShadow).filter((s) => !s.inset).sort((a, b) => b.spread - a.spread)[0] : undefined;
  const colour = stop.outlineColour !== null ? parseColour(stop.outlineColour) : (ring?.colour ?? null);
  if (!colour) return "no focus indicator";
  const reach = stop.outlineColour !== null ? stop.outlineReach : (ring?.spread ?? 0);
  if (stop.clipRoom !== null && reach > 0 && stop.clipRoom < reach) return `focus ring reaches ${reach}px out, but an ancestor that clips its overflow leaves ${Math.max(0, stop.clipRoom)}px room`;
  const ratio = contrastRatio(over(colour, background), background);
  return ratio >= FOCUS_CONTRAST ? null : `focus indicator ${ratio.toFixed(2)}:1 against ${stop.background}, needs ${FOCUS_CONTRAST}:1`;
}

/**
 * Presses Tab until focus has gone once round the page (past the last control it leaves the
 * document and comes back to the first), then checks the focus indicator of each control reached
 * against how it looks unfocused and against its background.
 */
export async function walkWithTab(page: Page, maxStops = 400): Promise<Pick<AuditReport, "unreachable" | "noFocusIndicator" | "tabStops">> {
  const controls = (await page.evaluate(MARK_CONTROLS)) as Control[];
  await page.evaluate("document.activeElement && document.activeElement.blur()");
  const focused = new Map<string, Stop>();
  /** Where focus was before each Tab: a step seen twice means the walk came round. */
  const steps = new Set<string>();
  let previous = "start";
  for (let i = 0; i < maxStops; i++) {
    await page.keyboard.press("Tab");
    const stop = (await page.evaluate(FOCUSED)) as Stop;
    const key = stop.key ?? "outside";
    const step = `${previous} → ${key}`;
    if (steps.has(step)) break;
    steps.add(step);
    previous = key;
    if (stop.key !== null && !focused.has(stop.key)) focused.set(stop.key, stop);
  }
  await page.evaluate("document.activeElement && document.activeElement.blur()");
  const unfocusedShadows = (await page.evaluate(
    `[...document.querySelectorAll("[data-audit-key]")].map((e) => [e.dataset.auditKey, getComputedStyle(e).boxShadow])`,
  )) as [string, string][];
  const shadowAtRest = new Map(unfocusedShadows);
  const unreachable = controls.filter((c) => !focused.has(c.key)).map((c) => c.description);
  const noFocusIndicator = controls.flatMap((c) => {
    const stop = focused.get(c.key);
    const problem = stop ? focusProblem(stop, shadowAtRest.get(c.key)) : null;
    return problem ? [`${c.description} (${problem})`] : [];
  });
  return { unreachable, noFocusIndicator, tabStops: focused.size };
}
