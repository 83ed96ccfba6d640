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
      const input = form.querySelector(`.field[data-field="${CSS.escape(g.dataset.field)}"] input:not([type=hidden]), ` +
                                       `.field[data-field="${CSS.escape(g.dataset.field)}"] textarea, ` +
                                       `.field[data-field="${CSS.escape(g.dataset.field)}"] select`);
      input?.focus();
    }
  });
  form?.addEventListener("focusin", (e) => {
    const field = e.target.closest(".field[data-field]");
    if (field) focusField(field.dataset.field);
  });

  // Lists (references, directives, recipients, enclosures): rows added and removed in place.
  // Enter in a row opens a new row below it; Alt+Delete removes the row; the inputs are
  // renumbered so the server reads them in the order shown.
  function renumber(list) {
    list.querySelectorAll(".list-row").forEach((row, i) => {
      for (const input of row.querySelectorAll("input[data-col]")) {
        input.name = input.id = `${list.dataset.list}-${i}-${input.dataset.col}`;
        input.setAttribute("aria-label", `${input.dataset.label} แถวที่ ${i + 1}`);
      }
      row.querySelector(".row-remove")?.setAttribute("aria-label", `ลบแถวที่ ${i + 1}`);
    });
  }
  function addRow(list, after) {
    const rows = list.querySelectorAll(".list-row");
    const last = rows[rows.length - 1];
    if (!after && Array.from(last.querySelectorAll("input[data-col]")).every((i) => !i.value)) {
      last.querySelector("input[data-col]").focus();   // the blank row at the end is the new one
      return;
    }
    const row = rows[rows.length - 1].cloneNode(true);
    for (const input of row.querySelectorAll("input")) input.value = "";
    (after || rows[rows.length - 1]).after(row);
    renumber(list);
    row.querySelector("input[data-col]").focus();
  }
  function removeRow(row) {
    const list = row.closest(".list-field");
    const rows = Array.from(list.querySelectorAll(".list-row"));
    const at = rows.indexOf(row);
    if (rows.length === 1) {          // the last row is kept, emptied: there is always one to type in
      for (const input of row.querySelectorAll("input")) input.value = "";
      row.querySelector("input[data-col]").focus();
      return;
    }
    row.remove();
    renumber(list);
    const next = list.querySelectorAll(".list-row")[Math.min(at, rows.length - 2)];
    next.querySelector("input[data-col]").focus();
  }
  form?.addEventListener("click", (e) => {
    const add = e.target.closest(".row-add");
    if (add) { e.preventDefault(); addRow(add.closest(".list-field")); return; }
    const remove = e.target.closest(".row-remove");
    if (remove) { e.preventDefault(); removeRow(remove.closest(".list-row")); }
  });
  form?.addEventListener("keydown", (e) => {
    const row = e.target.closest(".list-row");
    if (!row || e.target.tagName !== "INPUT") return;
    if (e.key === "Enter" && !e.ctrlKey && !e.altKey) {
      e.preventDefault();               // not a submit: a clerk typing a list goes on to the next item
      addRow(row.closest(".list-field"), row);
    } else if (e.key === "Delete" && e.altKey) {
      e.preventDefault();
      removeRow(row);
    }
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
  // Zoom on the scan: the page's width as a share of the viewer's (1 = fit the width),
  // kept for the next letter. Alt + / Alt − / Alt 0 from anywhere, Ctrl + wheel on the page.
  const ZOOM_MIN = 0.25, ZOOM_MAX = 5, ZOOM_STEP = 1.25;
  let zoom = Number(localStorage.getItem("saraban.zoom")) || 1;
  function fitPage() {
    const svg = viewer.querySelector("figure.page.on svg");
    if (!svg) return 1;
    const [, , w, h] = svg.getAttribute("viewBox").split(/\s+/).map(Number);
    const room = viewer.clientHeight - (viewer.querySelector(".zoom")?.offsetHeight || 0) - 40;
    return Math.min(1, (room * w / h) / viewer.clientWidth);
  }
  function setZoom(z) {
    if (!viewer) return;
    zoom = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, z));
    for (const svg of viewer.querySelectorAll("figure.page svg")) svg.style.width = `${(zoom * 100).toFixed(1)}%`;
    const out = document.getElementById("zoom-level");
    if (out) out.textContent = `${Math.round(zoom * 100)}%`;
    localStorage.setItem("saraban.zoom", String(zoom));
  }
  function zoomBy(how) {
    const z = { in: zoom * ZOOM_STEP, out: zoom / ZOOM_STEP, width: 1, page: fitPage() }[how];
    if (z !== undefined) setZoom(z);
  }
  viewer?.querySelector(".zoom")?.addEventListener("click", (e) => {
    const b = e.target.closest("button[data-zoom]");
    if (b) zoomBy(b.dataset.zoom);
  });
  viewer?.addEventListener("wheel", (e) => {
    if (!e.ctrlKey) return;
    e.preventDefault();
    zoomBy(e.deltaY < 0 ? "in" : "out");
  }, { passive: false });
  document.addEventListener("keydown", (e) => {
    if (!viewer || !e.altKey) return;
    const how = { "+": "in", "=": "in", "-": "out", "0": "width" }[e.key];
    if (how) { e.preventDefault(); zoomBy(how); }
  });
  if (viewer) setZoom(zoom);

  // Start where the work is: the first flagged field.
  const first = form?.querySelector(".field.flagged input:not([type=hidden]), .field.flagged textarea, .field.flagged select");
  if (first) first.focus({ preventScroll: true });
})();
