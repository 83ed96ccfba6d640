// Intake: files dropped or chosen are sent one by one; each row then polls its progress.
"use strict";
(() => {
  const zone = document.getElementById("dropzone");
  const input = document.getElementById("files");
  const list = document.getElementById("jobs");
  const maxBytes = Number(zone.dataset.max || 0);
  const STATE = { queued: "รอคิว", reading: "กำลังอ่าน", registered: "ลงทะเบียนแล้ว",
                  duplicate: "เคยรับแล้ว", failed: "อ่านไม่ได้", uploading: "กำลังส่ง" };
  const watching = new Set(Array.from(list.querySelectorAll("li.job.queued, li.job.reading"),
                                      (li) => li.dataset.job));

  function el(tag, attrs = {}, text = "") {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text) node.textContent = text;   // text only: names and OCR never become HTML
    return node;
  }

  function row(name) {
    list.querySelector("li.empty")?.remove();
    const li = el("li", { class: "job uploading" });
    const head = el("div", { class: "job-head" });
    head.append(el("span", { class: "job-name" }, name), el("span", { class: "badge state-uploading" }, STATE.uploading));
    li.append(head, el("progress"), el("p", { class: "job-meta muted" }), el("p", { class: "job-detail" }));
    list.prepend(li);
    return li;
  }

  function show(li, job) {
    li.className = "job " + job.state;
    li.dataset.job = job.id;
    const badge = li.querySelector(".badge");
    badge.className = "badge state-" + job.state;
    badge.textContent = STATE[job.state] || job.state;
    const meta = li.querySelector(".job-meta");
    if (meta && job.user) {
      meta.textContent = `ส่งโดย ${job.user} · ${job.created_th || ""}` +
                         (job.attempts > 1 ? ` · อ่านรอบที่ ${job.attempts}` : "");
    }
    const bar = li.querySelector("progress");
    bar.max = job.pages || 1;
    bar.value = ["queued", "reading"].includes(job.state) ? job.done : (job.pages || 1);
    const detail = li.querySelector(".job-detail");
    // failures in the clerk's Thai; the library's English stays in the tooltip
    detail.title = job.state === "failed" ? [job.error, job.hint].filter(Boolean).join(" — ") : "";
    detail.textContent =
      job.state === "reading" ? `หน้า ${job.done} จาก ${job.pages || "?"}` :
      job.state === "queued" ? "รอคิวอ่าน" :
      job.state === "failed" ? (job.error_th || job.error) +
                               ((job.hint_th || job.hint) ? " — " + (job.hint_th || job.hint) : "") :
      job.state === "duplicate" ? "ไฟล์นี้เคยลงทะเบียนแล้ว ไม่ได้บันทึกซ้ำ" :
      `พบ ${job.letters.length} ฉบับ ใช้เวลา ${job.seconds} วินาที`;
    li.querySelector(".job-letters")?.remove();
    if (job.letters && job.letters.length) {
      const ul = el("ul", { class: "job-letters" });
      for (const l of job.letters) {
        const item = el("li");
        const href = l.flags.length ? `/letters/${l.id}/review` : `/letters/${l.id}`;
        item.append(el("a", { href }, l.doc_no || "ไม่พบเลขที่"), " ", el("span", { class: "muted" }, l.subject || ""));
        if (l.flags.length) item.append(" ", el("span", { class: "badge warn" }, `ต้องตรวจ ${l.flags.length}`));
        ul.append(item);
      }
      li.append(ul);
    }
  }

  function fail(li, message) {
    show(li, { id: "", state: "failed", error: message, hint: "", letters: [], pages: 1, done: 1 });
  }

  async function send(file) {
    const li = row(file.name);
    if (maxBytes && file.size > maxBytes) {
      fail(li, `${file.name}: ไฟล์ใหญ่เกิน ${Math.round(maxBytes / 1048576)} MB`);
      return;
    }
    const body = new FormData();
    body.append("file", file, file.name);
    try {
      const res = await fetch("/api/uploads", { method: "POST", body,
                                                headers: { "X-CSRF-Token": window.saraban.csrf } });
      const data = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
      if (!res.ok) { fail(li, data.error_th || data.error || `HTTP ${res.status}`); return; }
      show(li, data.job);
      watching.add(data.job.id);
      poll();
    } catch (err) {
      fail(li, `${file.name}: ส่งไฟล์ไม่สำเร็จ (${err.message})`);
    }
  }

  let timer = null;
  async function poll() {
    if (timer || !watching.size) return;
    timer = setTimeout(async () => {
      timer = null;
      const ids = Array.from(watching);
      try {
        const res = await fetch("/api/jobs?" + ids.map((i) => "id=" + encodeURIComponent(i)).join("&"));
        const { jobs } = await res.json();
        for (const job of jobs) {
          const li = list.querySelector(`li[data-job="${CSS.escape(job.id)}"]`);
          if (li) show(li, job);
          if (!["queued", "reading"].includes(job.state)) watching.delete(job.id);
        }
      } catch (err) { /* the server restarted or the network blinked: try again */ }
      poll();
    }, 800);
  }

  async function sendAll(files) { for (const f of files) await send(f); }

  input.addEventListener("change", () => { sendAll(Array.from(input.files)); input.value = ""; });
  for (const ev of ["dragenter", "dragover"]) {
    zone.addEventListener(ev, (e) => { e.preventDefault(); zone.classList.add("over"); });
  }
  for (const ev of ["dragleave", "drop"]) {
    zone.addEventListener(ev, (e) => { e.preventDefault(); zone.classList.remove("over"); });
  }
  zone.addEventListener("drop", (e) => sendAll(Array.from(e.dataTransfer.files)));
  zone.addEventListener("submit", (e) => { e.preventDefault(); sendAll(Array.from(input.files)); });
  poll();
})();
