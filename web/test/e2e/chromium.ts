/**
 * Shared by the browser tests: launching Debian's Chromium headless (WebGL through SwiftShader),
 * and measuring how much of a screenshot is drawn (differs from the background).
 */
import { type Browser, chromium, type Page } from "playwright-core";
import sharp from "sharp";

/** Chromium flags: no sandbox as root, no GPU (WebGL through SwiftShader), no calls home. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** Share of pixels in a PNG that differ clearly from its top-left pixel (the background). */
export async function foregroundShare(png: Buffer): Promise<number> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const [r0, g0, b0] = [data[0] ?? 0, data[1] ?? 0, data[2] ?? 0];
  let differing = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const d = Math.abs((data[i] ?? 0) - r0) + Math.abs((data[i + 1] ?? 0) - g0) + Math.abs((data[i + 2] ?? 0) - b0);
    if (d > 30) differing++;
  }
  return differing / (info.width * info.height);
}

/**
 * Share of clearly warm pixels (red well above blue): the viewer draws the model orange on a
 * grey-blue plate and background, so this counts the model alone.
 */
export async function modelShare(png: Buffer): Promise<number> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let warm = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    if ((data[i] ?? 0) - (data[i + 2] ?? 0) > 60) warm++;
  }
  return warm / (info.width * info.height);
}

/** How wide the page's content is (document.scrollingElement.scrollWidth): more than the viewport means sideways scrolling. */
export function pageScrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth);
}
