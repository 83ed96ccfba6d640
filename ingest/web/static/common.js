// Shared by every page: print buttons (no inline handlers: the CSP allows none).
"use strict";
document.addEventListener("click", (e) => {
  if (e.target.closest("[data-print]")) { e.preventDefault(); window.print(); }
});
// The CSRF token for requests made from scripts.
window.saraban = { csrf: document.querySelector('meta[name="csrf-token"]')?.content || "" };
