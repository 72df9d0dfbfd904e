/**
 * The "print shop" part of the print dialog: where I am (approximate, optional; remembered in
 * this browser), how far shops may be, and the shops nearest first with distance, materials,
 * printers, price rules, rating and a badge saying in words whether they can make this design
 * (fits one of their printers, material offered and loaded) or why not. Shops that cannot make it
 * stay listed, last and not selectable — as Craftcloud and Treatstock only let you order from a
 * shop that can make your part. In "shop" mode one is chosen; in "open" mode the list shows who
 * will be offered the job.
 */
import type { JobNeeds, LatLon, ShopListing } from "@peerfab/protocol";
import { errorMessage } from "../api/client.ts";
import { findShops } from "../api/marketplace.ts";
import { byFit } from "../marketplace/shop-fit.ts";
import { shopRowView } from "../marketplace/shop-view.ts";
import { el, replaceChildren, setText, uniqueId } from "./dom.ts";

export interface ShopPicker {
  readonly element: HTMLElement;
  setMode(mode: "shop" | "open"): void;
  setMaterial(material: string): void;
  near(): LatLon | undefined;
  /** The radius in km, or null when what is typed is not a positive number. */
  km(): number | null;
  selectedShop(): ShopListing | undefined;
  shops(): readonly ShopListing[];
  dispose(): void;
}

const NEAR_KEY = "peerfab.near";

function rememberedNear(): { latitude: string; longitude: string } {
  try {
    const saved = JSON.parse(localStorage.getItem(NEAR_KEY) ?? "null") as unknown;
    if (saved && typeof saved === "object" && "latitude" in saved && "longitude" in saved) {
      return { latitude: String(saved.latitude), longitude: String(saved.longitude) };
    }
  } catch {
    // Nothing usable remembered.
  }
  return { latitude: "", longitude: "" };
}

function decimal(text: string): number {
  const t = text.trim().replace(",", ".");
  return t === "" ? Number.NaN : Number(t);
}

/** `job`: what the hub will send the shop — the model's size (null: unknown) and whether it comes as G-code. */
export function shopPicker(onChange: () => void, job: Omit<JobNeeds, "material">): ShopPicker {
  const ids = { lat: uniqueId("near-lat"), lon: uniqueId("near-lon"), km: uniqueId("near-km"), list: uniqueId("shop-list") };
  const remembered = rememberedNear();
  const lat = el("input", { id: ids.lat, type: "text", inputmode: "decimal", value: remembered.latitude, "data-testid": "near-latitude" });
  const lon = el("input", { id: ids.lon, type: "text", inputmode: "decimal", value: remembered.longitude, "data-testid": "near-longitude" });
  const km = el("input", { id: ids.km, type: "number", min: 1, max: 20000, step: 1, value: 50, "data-testid": "near-km" });
  const locate = el("button", { type: "button", class: "button button-quiet", "data-testid": "use-my-location" }, "Use my location");
  const status = el("p", { class: "field-help", role: "status", "data-testid": "shop-list-status" });
  const list = el("div", { class: "shop-list", id: ids.list, "data-testid": "shop-list" });
  const legend = el("legend", {}, "Shops");
  const element = el(
    "div",
    { class: "print-target-part" },
    el(
      "fieldset",
      { class: "fieldset" },
      el("legend", {}, "Where you are (approximate)"),
      el(
        "div",
        { class: "field-row" },
        el("div", { class: "field" }, el("label", { for: ids.lat }, "Latitude"), lat),
        el("div", { class: "field" }, el("label", { for: ids.lon }, "Longitude"), lon),
        el("div", { class: "field" }, el("label", { for: ids.km }, "Within (km)"), km),
      ),
      locate,
      el("p", { class: "field-help" }, "Optional. Leave empty to see every shop; shops see only the distance, never your place."),
    ),
    el("fieldset", { class: "fieldset" }, legend, status, list),
  );

  let mode: "shop" | "open" = "shop";
  let material = "PLA";
  let shops: ShopListing[] = [];
  let chosen = "";
  let generation = 0;
  const radioName = uniqueId("shop-choice");

  const near = (): LatLon | undefined => {
    const latitude = decimal(lat.value);
    const longitude = decimal(lon.value);
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
    return { latitude, longitude };
  };
  const radius = (): number | null => {
    const value = decimal(km.value);
    return Number.isFinite(value) && value > 0 && value <= 20_000 ? value : null;
  };

  const render = () => {
    setText(legend, mode === "shop" ? "Choose a shop" : "Shops that will see your job");
    if (shops.length === 0) {
      replaceChildren(list);
      return;
    }
    const rows = byFit(
      shops.map((shop) => {
        const view = shopRowView(shop, { ...job, material });
        return { shop, view, fit: view.fit };
      }),
    );
    const able = rows.filter((r) => r.fit.ok);
    if (!able.some((r) => r.shop.id === chosen)) chosen = able[0]?.shop.id ?? "";
    const summary =
      able.length === rows.length
        ? `Every shop listed can make it in ${material}.`
        : able.length === 0
          ? `No shop listed can make it in ${material}${mode === "open" ? "; shops that register a fitting printer later will still see your job" : ""}.`
          : `${able.length} of ${rows.length} shops can make it in ${material}; the others are listed last with the reason.`;
    replaceChildren(
      list,
      el("p", { class: "field-help", "data-testid": "shop-fit-summary" }, summary),
      el(
        "ul",
        { class: "shop-rows" },
        ...rows.map(({ shop, view, fit }) => {
          const badgeId = uniqueId("shop-fit");
          const radio = el("input", {
            type: "radio",
            name: radioName,
            value: shop.id,
            checked: shop.id === chosen,
            disabled: !fit.ok,
            "aria-label": `Choose ${view.name}`,
            "aria-describedby": badgeId,
          });
          radio.addEventListener("change", () => {
            chosen = shop.id;
            onChange();
          });
          return el(
            "li",
            { class: "shop-row", "data-testid": "shop-row", "data-shop-id": shop.id, "data-fit": fit.ok ? "yes" : "no" },
            el(
              "label",
              { class: "shop-row-main" },
              mode === "shop" ? radio : null,
              el("strong", { class: "shop-name" }, view.name),
              el("span", { id: badgeId, class: `badge ${fit.ok ? "badge-fit" : "badge-no-fit"}`, "data-testid": "shop-fit" }, fit.label),
            ),
            el("p", { class: "shop-meta", "data-testid": "shop-place" }, view.placeText, " · ", el("span", { "data-testid": "shop-rating" }, view.ratingText)),
            el("p", { class: "shop-meta" }, `Materials: ${view.materialsText}`),
            ...view.printerTexts.map((text) => el("p", { class: "shop-meta", "data-testid": "shop-printer" }, `Printer ${text}`)),
            el("p", { class: "shop-meta" }, `${view.priceText}; ${view.turnaroundText}`),
          );
        }),
      ),
    );
  };

  const load = () => {
    const mine = ++generation;
    const where = near();
    const within = radius();
    if (where) {
      try {
        localStorage.setItem(NEAR_KEY, JSON.stringify(where));
      } catch {
        // Private mode: not remembered, still used.
      }
    }
    setText(status, "Looking for shops…");
    findShops(where ? { near: where, km: within ?? 50 } : {})
      .then((found) => {
        if (mine !== generation) return;
        shops = found;
        setText(
          status,
          found.length === 0
            ? where
              ? `No print shops within ${within ?? 50} km. Widen the distance, or clear your location to see every shop.`
              : "No print shops on this hub yet."
            : where
              ? `${found.length} shop${found.length === 1 ? "" : "s"} within ${within ?? 50} km, nearest first.`
              : `${found.length} shop${found.length === 1 ? "" : "s"}; enter your location to see distances.`,
        );
        render();
        onChange();
      })
      .catch((e: unknown) => {
        if (mine === generation) setText(status, errorMessage(e));
      });
  };

  let debounce: ReturnType<typeof setTimeout> | undefined;
  const reloadSoon = () => {
    clearTimeout(debounce);
    debounce = setTimeout(load, 400);
    onChange();
  };
  lat.addEventListener("input", reloadSoon);
  lon.addEventListener("input", reloadSoon);
  km.addEventListener("input", reloadSoon);
  locate.addEventListener("click", () => {
    if (!("geolocation" in navigator)) {
      setText(status, "This browser cannot tell your location; type it in instead.");
      return;
    }
    setText(status, "Asking the browser for your location…");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        // Two decimals (about 1 km) is all the hub keeps and all a shop list needs.
        lat.value = position.coords.latitude.toFixed(2);
        lon.value = position.coords.longitude.toFixed(2);
        load();
      },
      (error) => setText(status, `No location from the browser (${error.message}); type it in instead.`),
    );
  });
  load();

  return {
    element,
    // Re-render only on a real change: rebuilding the radios would take the focus off the one chosen.
    setMode(next) {
      if (next === mode) return;
      mode = next;
      render();
    },
    setMaterial(next) {
      if (next === material) return;
      material = next;
      render();
    },
    near,
    km: radius,
    selectedShop: () => shops.find((s) => s.id === chosen),
    shops: () => shops,
    dispose: () => {
      clearTimeout(debounce);
      generation++;
    },
  };
}
