/** Entry point: the shell, the hash router, and the live connection indicator. */
import "./styles.css";
import "./marketplace.css";
import { mountShell } from "./app-shell.ts";
import { dashboardFeed } from "./live/dashboard-feed.ts";
import { boardPage } from "./pages/board-page.ts";
import { designPage } from "./pages/design-page.ts";
import { galleryPage } from "./pages/gallery-page.ts";
import { jobsPage } from "./pages/jobs-page.ts";
import { notFoundPage } from "./pages/not-found-page.ts";
import type { Page } from "./pages/page.ts";
import { printersPage } from "./pages/printers-page.ts";
import { registerPage } from "./pages/register-page.ts";
import { shopPage } from "./pages/shop-page.ts";
import { signInPage } from "./pages/sign-in-page.ts";
import { tokensPage } from "./pages/tokens-page.ts";
import { parseRoute, type Route } from "./routing/route.ts";
import { mountAccountMenu } from "./ui/account-menu.ts";

const root = document.getElementById("app");
if (!root) throw new Error("index.html must contain <div id=\"app\">");
const shell = mountShell(root);
mountAccountMenu(shell.account);

function pageFor(route: Route): Page {
  switch (route.page) {
    case "gallery":
      return galleryPage(route);
    case "design":
      return designPage(route.designId);
    case "printers":
      return printersPage();
    case "jobs":
      return jobsPage();
    case "board":
      return boardPage();
    case "shop":
      return shopPage();
    case "sign-in":
      return signInPage();
    case "register":
      return registerPage();
    case "tokens":
      return tokensPage();
    case "not-found":
      return notFoundPage(route.path);
  }
}

let current: Page | null = null;
let firstRender = true;

function navigate(): void {
  const route = parseRoute(location.hash);
  // A page that can show the new route in place (e.g. the gallery's search) keeps focus and scroll.
  if (current?.update?.(route)) {
    shell.setActive(route);
    document.title = `${current.title} · PeerFab`;
    return;
  }
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
