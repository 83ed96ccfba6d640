// Review: the field being edited lights up its box on the page image; keyboard shortcuts.
"use strict";
(() => {
  const viewer = document.getElementById("viewer");
  const form = document.getElementById("review-form");

  function showPage(n) {
    if (!viewer) return;
    for (const fig of viewer.querySelectorAll("figure.page")) fig.classList.toggle("on", fig.dataset.page === String(n));
    for (const tab of viewer.querySelectorAll(".page-tabs a")) tab.classList.toggle("on", tab.dataset.page === String(n));
  }

  function focusField(name) {
    if (!viewer) return;
    const sel = `g.box[data-fields~="${CSS.escape(name)}"]`;
    for (const g of viewer.querySelectorAll("g.box")) g.classList.toggle("active", g.matches(sel));
    const box = viewer.querySelector("figure.page " + sel);
    if (box) {
      showPage(box.closest("figure").dataset.page);
      box.scrollIntoView({ block: "center", behavior: "smooth" });
    }
  }

  viewer?.querySelector(".page-tabs")?.addEventListener("click", (e) => {
    const a = e.target.closest("a[data-page]");
    if (a) { e.preventDefault(); showPage(a.dataset.page); }
  });
  viewer?.addEventListener("click", (e) => {
    const g = e.target.closest("g.box");
    if (g && form) {
      const input = form.querySelector(`.field[data-field="${CSS.escape(g.dataset.field)}"] input, ` +
                                       `.field[data-field="${CSS.escape(g.dataset.field)}"] textarea, ` +
                                       `.field[data-field="${CSS.escape(g.dataset.field)}"] select`);
      input?.focus();
    }
  });
  form?.addEventListener("focusin", (e) => {
    const field = e.target.closest(".field[data-field]");
    if (field) focusField(field.dataset.field);
  });

  document.addEventListener("keydown", (e) => {
    if (form && e.ctrlKey && e.key === "Enter") {
      e.preventDefault();
      document.getElementById("confirm-next").click();
    }
    if (viewer && e.altKey && (e.key === "PageDown" || e.key === "PageUp")) {
      const figs = Array.from(viewer.querySelectorAll("figure.page"));
      const at = figs.findIndex((f) => f.classList.contains("on"));
      const next = figs[(at + (e.key === "PageDown" ? 1 : figs.length - 1)) % figs.length];
      if (next) { e.preventDefault(); showPage(next.dataset.page); }
    }
  });
  // Start where the work is: the first flagged field.
  const first = form?.querySelector(".field.flagged input, .field.flagged textarea, .field.flagged select");
  if (first) first.focus({ preventScroll: true });
})();
