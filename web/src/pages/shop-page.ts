/**
 * `#/shop`: the caller's print-shop profile (issue #5) — display name, approximate location (the
 * hub keeps it rounded to about 1 km), materials and colours offered, price rules, turnaround.
 * Each problem is shown next to its field; the saved profile comes back rounded.
 */
import type { Shop } from "@peerfab/protocol";
import { errorMessage } from "../api/client.ts";
import { getMyShop, saveMyShop } from "../api/marketplace.ts";
import { parseShopForm, SHOP_FORM_FIELDS, shopFormValues, type ShopFormField, type ShopFormValues } from "../marketplace/shop-form.ts";
import { routeHref } from "../routing/route.ts";
import { el, replaceChildren, setText } from "../ui/dom.ts";
import { formField, type FormField } from "../ui/form-field.ts";
import { errorNotice, loadingNotice } from "../ui/notice.ts";
import type { Page } from "./page.ts";

const LABELS: Record<ShopFormField, { label: string; help?: string; inputmode?: string }> = {
  displayName: { label: "Shop name" },
  city: { label: "City", help: "Shown to makers with your distance from them." },
  latitude: { label: "Latitude", help: "Rounded to 0.01° (about 1 km) before it is stored: your exact place is never kept.", inputmode: "decimal" },
  longitude: { label: "Longitude", inputmode: "decimal" },
  materials: { label: "Materials", help: "Separated by commas, e.g. PLA, PETG. Your printers must have them loaded too." },
  colours: { label: "Colours", help: "Optional, separated by commas." },
  currency: { label: "Currency", help: "Three letters, e.g. EUR." },
  perHour: { label: "Price per print hour", inputmode: "decimal" },
  perGram: { label: "Price per gram of filament", inputmode: "decimal" },
  minimumOrder: { label: "Minimum order", inputmode: "decimal" },
  turnaroundDays: { label: "Turnaround (working days)", inputmode: "numeric" },
};

export function shopPage(): Page {
  let disposed = false;
  const body = el("div", {}, loadingNotice("your shop"));
  const element = el(
    "div",
    { class: "page page-shop" },
    el("h1", { tabindex: -1 }, "Your print shop"),
    el("p", { class: "lede" }, "Makers nearby see your shop when they print a design; you see their open jobs on the ", el("a", { href: routeHref({ page: "board" }) }, "job board"), "."),
    body,
  );

  const showForm = (shop: Shop | null) => {
    const fields = {} as Record<ShopFormField, FormField>;
    const values = shopFormValues(shop);
    for (const name of SHOP_FORM_FIELDS) {
      const spec = LABELS[name];
      const field = formField({ name, label: spec.label, type: "text", autocomplete: "off", ...(spec.help ? { help: spec.help } : {}) });
      field.input.value = values[name];
      if (spec.inputmode) field.input.setAttribute("inputmode", spec.inputmode);
      if (name === "colours") field.input.required = false;
      fields[name] = field;
    }
    const status = el("p", { class: "form-status", role: "status", "data-testid": "shop-status" });
    const error = el("p", { class: "field-error", role: "alert", "data-testid": "shop-error" });
    const save = el("button", { type: "submit", class: "button button-primary", "data-testid": "shop-save" }, shop ? "Save changes" : "Create shop");
    const group = (legend: string, ...names: ShopFormField[]) =>
      el("fieldset", { class: "fieldset" }, el("legend", {}, legend), ...names.map((n) => fields[n].element));
    const form = el(
      "form",
      { class: "shop-form", novalidate: true, "data-testid": "shop-form" },
      group("Shop", "displayName", "city", "latitude", "longitude", "turnaroundDays"),
      group("What you print", "materials", "colours"),
      group("Price rules", "currency", "perHour", "perGram", "minimumOrder"),
      el("div", { class: "form-actions" }, save),
      status,
      error,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      setText(status, "");
      setText(error, "");
      const current = {} as ShopFormValues;
      for (const name of SHOP_FORM_FIELDS) current[name] = fields[name].input.value;
      const result = parseShopForm(current);
      for (const field of Object.values(fields)) field.setError(null);
      if (!result.ok) {
        for (const issue of result.issues) fields[issue.field].setError(`${issue.message}.`);
        const first = result.issues[0];
        if (first) fields[first.field].input.focus();
        return;
      }
      save.disabled = true;
      saveMyShop(result.profile)
        .then((saved) => {
          if (disposed) return;
          const rounded = shopFormValues(saved);
          fields.latitude.input.value = rounded.latitude;
          fields.longitude.input.value = rounded.longitude;
          setText(save, "Save changes");
          setText(status, `Saved. ${saved.displayName} is listed at ${rounded.latitude}, ${rounded.longitude} (rounded).`);
        })
        .catch((e: unknown) => setText(error, errorMessage(e)))
        .finally(() => {
          save.disabled = false;
        });
    });
    replaceChildren(body, form);
  };

  const load = () => {
    replaceChildren(body, loadingNotice("your shop"));
    getMyShop()
      .then((shop) => {
        if (!disposed) showForm(shop);
      })
      .catch((e: unknown) => {
        if (!disposed) replaceChildren(body, errorNotice(errorMessage(e), load));
      });
  };
  load();

  return {
    title: "Your print shop",
    element,
    dispose: () => {
      disposed = true;
    },
  };
}
