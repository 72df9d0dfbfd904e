/**
 * The maker's review of the shop that printed a job (1–5 stars and a few words), once per job
 * after it completed or failed. Shows the review instead once there is one.
 */
import type { Review } from "@peerfab/protocol";
import { errorMessage } from "../api/client.ts";
import { reviewJob } from "../api/marketplace.ts";
import { el, replaceChildren, setText, uniqueId } from "./dom.ts";

export interface ReviewBox {
  readonly element: HTMLElement;
  /** Shows an existing review (e.g. found in the shop's reviews) in place of the form. */
  showReview(review: Review): void;
}

export function reviewBox(jobId: string, shopName: string): ReviewBox {
  const element = el("div", { class: "review-box", "data-testid": "review-box" });
  const showReview = (review: Review) => {
    replaceChildren(
      element,
      el(
        "p",
        { class: "review-done", "data-testid": "review-done" },
        el("span", { "aria-label": `${review.stars} of 5 stars` }, "★".repeat(review.stars) + "☆".repeat(5 - review.stars)),
        review.text ? ` “${review.text}”` : "",
      ),
    );
  };

  const name = uniqueId("review-stars");
  const textId = uniqueId("review-text");
  const stars = [1, 2, 3, 4, 5].map((n) =>
    el("label", { class: "star-choice" }, el("input", { type: "radio", name, value: n, "data-testid": `review-star-${n}` }), ` ${n}`),
  );
  const text = el("textarea", { id: textId, rows: 2, maxlength: 2000, "data-testid": "review-text" });
  const error = el("p", { class: "field-error", role: "alert", "data-testid": "review-error" });
  const submit = el("button", { type: "submit", class: "button button-primary", "data-testid": "review-submit" }, "Send review");
  const form = el(
    "form",
    { class: "review-form", novalidate: true },
    el("fieldset", { class: "fieldset star-choices" }, el("legend", {}, `How did ${shopName} do? (1 = poor, 5 = excellent)`), ...stars),
    el("div", { class: "field" }, el("label", { for: textId }, "Your review (optional)"), text),
    el("div", { class: "form-actions" }, submit),
    error,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`);
    if (!chosen) {
      setText(error, "Choose 1 to 5 stars.");
      form.querySelector<HTMLInputElement>("input[type=radio]")?.focus();
      return;
    }
    submit.disabled = true;
    setText(error, "");
    reviewJob(jobId, { stars: Number(chosen.value), text: text.value.trim() })
      .then(showReview)
      .catch((e: unknown) => {
        setText(error, errorMessage(e));
        submit.disabled = false;
      });
  });
  element.append(form);
  return { element, showReview };
}
