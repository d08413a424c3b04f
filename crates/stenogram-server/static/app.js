// stenogram web UI: the little script there is. Marks the span named in
// the URL fragment (#c=START-END, Unicode code points into the document
// text) and moves between the hits of a search. No dependencies.
"use strict";

// UTF-16 index in `s` of code point `cp`.
function utf16At(s, cp) {
  let i = 0;
  for (let n = 0; n < cp && i < s.length; n++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return i;
}

function cpLength(s) {
  return Array.from(s).length;
}

// The text node and UTF-16 offset of code point `cp` inside `block`
// (whose first character is `data-start`).
function locate(block, cp) {
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let at = Number(block.dataset.start);
  let last = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const len = cpLength(node.data);
    if (cp < at + len) return [node, utf16At(node.data, cp - at)];
    at += len;
    last = node;
  }
  return last ? [last, last.data.length] : null;
}

function unmark() {
  for (const old of document.querySelectorAll("mark#target")) {
    const parent = old.parentNode;
    while (old.firstChild) parent.insertBefore(old.firstChild, old);
    parent.removeChild(old);
    parent.normalize();
  }
  for (const b of document.querySelectorAll(".target-block")) b.classList.remove("target-block");
}

function markSpan(start, end) {
  unmark();
  const blocks = Array.from(document.querySelectorAll(".para[data-start]"));
  const inside = (b) => Number(b.dataset.start) <= start && start < Number(b.dataset.end);
  const block = blocks.find(inside) || blocks.find((b) => Number(b.dataset.start) >= start);
  if (!block) return null;
  const blockEnd = Number(block.dataset.end);
  const from = locate(block, Math.max(start, Number(block.dataset.start)));
  const to = locate(block, Math.min(end, blockEnd));
  if (!from || !to) return null;
  const range = document.createRange();
  range.setStart(from[0], from[1]);
  range.setEnd(to[0], to[1]);
  const mark = document.createElement("mark");
  mark.id = "target";
  mark.className = "target";
  mark.title = `characters ${start}–${end}`;
  mark.appendChild(range.extractContents());
  range.insertNode(mark);
  // Extracting splits the elements the range cut through; drop the empty
  // halves so that one hit stays one element.
  for (const empty of block.querySelectorAll("mark, span")) {
    if (empty !== mark && !empty.textContent) empty.remove();
  }
  // A span that runs on past this block: shade the blocks it covers.
  for (const b of blocks) {
    const s = Number(b.dataset.start);
    if (b !== block && s >= blockEnd && s < end) b.classList.add("target-block");
  }
  mark.scrollIntoView({ block: "center" });
  return mark;
}

function fromHash() {
  const m = /(?:^#|&)c=(\d+)-(\d+)/.exec(location.hash);
  if (!m) return null;
  const start = Number(m[1]);
  const end = Number(m[2]);
  return end >= start ? markSpan(start, end) : null;
}

// Hits: every mark.hit; one hit may be several marks (same data-hit).
function setupHits() {
  const nav = document.getElementById("hit-nav");
  if (!nav) return;
  const groups = new Map();
  for (const m of document.querySelectorAll("mark.hit")) {
    const k = m.dataset.hit;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(m);
  }
  const order = Array.from(groups.keys());
  const position = document.getElementById("hit-position");
  let current = -1;
  const show = (i, scroll) => {
    if (!order.length) return;
    if (current >= 0) for (const m of groups.get(order[current])) m.classList.remove("current");
    current = (i + order.length) % order.length;
    const marks = groups.get(order[current]);
    for (const m of marks) m.classList.add("current");
    if (position) position.textContent = `hit ${current + 1} of ${order.length}`;
    if (scroll) marks[0].scrollIntoView({ block: "center" });
  };
  document.getElementById("next-hit").addEventListener("click", (e) => { e.preventDefault(); show(current + 1, true); });
  document.getElementById("prev-hit").addEventListener("click", (e) => { e.preventDefault(); show(current - 1, true); });
  // Start at the hit the link pointed to (or the first after it).
  const target = document.getElementById("target");
  let start = 0;
  if (target) {
    const all = Array.from(document.querySelectorAll("mark.hit, mark#target"));
    const at = all.indexOf(target);
    const after = all.slice(at).find((m) => m.classList.contains("hit") || m.querySelector("mark.hit"));
    const inner = target.querySelector("mark.hit");
    const chosen = inner || after;
    if (chosen) start = Math.max(0, order.indexOf((chosen.dataset.hit !== undefined ? chosen : chosen.querySelector("mark.hit")).dataset.hit));
  }
  show(start, !target);
}

function copyButtons() {
  for (const b of document.querySelectorAll("button[data-copy]")) {
    b.addEventListener("click", () => {
      const source = document.getElementById(b.dataset.copy);
      if (source && navigator.clipboard) navigator.clipboard.writeText(source.textContent.trim());
      b.textContent = "copied";
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  fromHash();
  setupHits();
  copyButtons();
  window.addEventListener("hashchange", fromHash);
});
