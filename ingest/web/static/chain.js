// Chain: PNG download drawn from the SVG on the page (the browser shapes the Thai text).
"use strict";
document.getElementById("png")?.addEventListener("click", (e) => {
  const svg = document.querySelector("#chart svg");
  if (!svg) return;
  const scale = 2;
  const w = svg.width.baseVal.value, h = svg.height.baseVal.value;
  const blob = new Blob([new XMLSerializer().serializeToString(svg)], { type: "image/svg+xml" });
  const url = URL.createObjectURL(blob);
  const img = new Image();
  img.onload = () => {
    const canvas = document.createElement("canvas");
    canvas.width = w * scale; canvas.height = h * scale;
    const ctx = canvas.getContext("2d");
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    URL.revokeObjectURL(url);
    canvas.toBlob((png) => {
      const a = document.createElement("a");
      a.href = URL.createObjectURL(png);
      a.download = e.target.dataset.name || "chain.png";
      document.body.append(a); a.click(); a.remove();
    }, "image/png");
  };
  img.src = url;
});
