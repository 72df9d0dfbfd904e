/** What every page module returns: its element, its document title, and how to tear it down. */
import type { Route } from "../routing/route.ts";

export interface Page {
  /** Read after `update` too, so a page may change it. */
  readonly title: string;
  readonly element: HTMLElement;
  /** Stops timers, sockets listeners, WebGL and pending requests. Called when the route changes. */
  dispose(): void;
  /**
   * Shows `route` in place and returns true, or returns false to be replaced by a new page.
   * Optional: without it every route change builds a new page.
   */
  update?(route: Route): boolean;
}
