/**
 * WCAG 2 contrast of CSS colours as browsers compute them (`rgb(…)` / `rgba(…)`), for the
 * accessibility audit's focus-indicator check (WCAG 1.4.11: at least 3:1 against what is next to
 * it). Text contrast itself is axe-core's `color-contrast` rule.
 */
export type Rgb = readonly [number, number, number];
export interface Rgba {
  readonly rgb: Rgb;
  readonly alpha: number;
}

/** The first `rgb(…)`/`rgba(…)` in `text`, or null (e.g. `transparent` is computed as rgba(0, 0, 0, 0)). */
export function parseColour(text: string): Rgba | null {
  const match = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)/.exec(text);
  if (!match) return null;
  const alpha = match[4] === undefined ? 1 : Number(match[4]) / (match[5] === "%" ? 100 : 1);
  return { rgb: [Number(match[1]), Number(match[2]), Number(match[3])], alpha };
}

/** `colour` painted over the opaque `background`. */
export function over(colour: Rgba, background: Rgb): Rgb {
  const mix = (i: 0 | 1 | 2) => colour.rgb[i] * colour.alpha + background[i] * (1 - colour.alpha);
  return [mix(0), mix(1), mix(2)];
}

/** WCAG 2 relative luminance. */
export function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((value) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio, 1 to 21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

export interface BoxShadow {
  readonly colour: Rgba;
  readonly spread: number;
  readonly inset: boolean;
}

/** The shadows of a computed `box-shadow` (`none`: none), e.g. `rgb(255, 255, 255) 0px 0px 0px 2px, rgb(15, 118, 110) 0px 0px 0px 4px`. */
export function parseBoxShadow(text: string): BoxShadow[] {
  if (text.trim() === "none") return [];
  return text.split(/,(?![^(]*\))/).flatMap((part) => {
    const colour = parseColour(part);
    if (!colour) return [];
    const lengths = part.replace(/rgba?\([^)]*\)/, "").match(/-?[\d.]+px/g) ?? [];
    return [{ colour, spread: parseFloat(lengths[3] ?? "0"), inset: /\binset\b/.test(part) }];
  });
}
