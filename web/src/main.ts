/** Entry point: the shell, the hash router, and the live connection indicator. */
import "./styles.css";
import { mountShell } from "./app-shell.ts";
import { dashboardFeed } from "./live/dashboard-feed.ts";
import { designPage } from "./pages/design-page.ts";
import { galleryPage } from "./pages/gallery-page.ts";
import { jobsPage } from "./pages/jobs-page.ts";
import { notFoundPage } from "./pages/not-found-page.ts";
import type { Page } from "./pages/page.ts";
import { printersPage } from "./pages/printers-page.ts";
import { parseRoute, type Route } from "./routing/route.ts";

const root = document.getElementById("app");
if (!root) throw new Error("index.html must contain <div id=\"app\">");
const shell = mountShell(root);

function pageFor(route: Route): Page {
  switch (route.page) {
    case "gallery":
      return galleryPage(route.pageNumber);
    case "design":
      return designPage(route.designId);
    case "printers":
      return printersPage();
    case "jobs":
      return jobsPage();
    case "not-found":
      return notFoundPage(route.path);
  }
}

let current: Page | null = null;
let firstRender = true;

function navigate(): void {
  const route = parseRoute(location.hash);
  current?.dispose();
  current = pageFor(route);
  shell.setActive(route);
  shell.main.replaceChildren(current.element);
  document.title = `${current.title} · PeerFab`;
  // Tell keyboard and screen-reader users that the page changed (not on the first load).
  if (!firstRender) current.element.querySelector<HTMLElement>("h1")?.focus();
  firstRender = false;
  window.scrollTo(0, 0);
}

window.addEventListener("hashchange", navigate);
navigate();
dashboardFeed().subscribe((state) => shell.setConnection(state.synced ? "live" : state.connection));
