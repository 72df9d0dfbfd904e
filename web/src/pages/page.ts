/** What every page module returns: its element, its document title, and how to tear it down. */
export interface Page {
  readonly title: string;
  readonly element: HTMLElement;
  /** Stops timers, sockets listeners, WebGL and pending requests. Called when the route changes. */
  dispose(): void;
}
