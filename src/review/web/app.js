// The review page. Every text from the server is put in the page with textContent (never as
// HTML), so nothing a document says can run or restyle the page.
"use strict";

const UNPLACED = "__unplaced";
const EXCLUDED = "__excluded";

const ui = {
  view: null, // the last state from the server
  tab: "groups",
  group: null, // key of the shown group (or UNPLACED / EXCLUDED)
  checked: new Set(), // members selected for split / same-proposal
  focusKey: null, // member key to focus after a render
  busy: false,
};

// ---- small DOM helpers ----------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return node;
}

function groupName(g) {
  return g.title || g.label || "（无题）";
}

function linesLabel(m) {
  const [a, b] = m.lines;
  return a === b ? `第 ${a} 行` : `第 ${a}–${b} 行`;
}

// ---- talking to the server ------------------------------------------------------------

function setStatus(text, bad) {
  const s = document.getElementById("status");
  s.textContent = text;
  s.classList.toggle("bad", !!bad);
}

async function call(path, body) {
  const init = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  const res = await fetch(path, init);
  let data = null;
  try { data = await res.json(); } catch (_) { /* a refusal is plain text */ }
  if (!res.ok) throw new Error((data && data.error) || `服务器拒绝了请求（${res.status}）`);
  return data;
}

async function change(path, body, done) {
  if (ui.busy) return;
  ui.busy = true;
  setStatus("正在保存…");
  try {
    const view = await call(path, body);
    show(view);
    setStatus(`${done}，已保存到 ${view.decisions_file}`);
  } catch (e) {
    setStatus(`未保存：${e.message}`, true);
  } finally {
    ui.busy = false;
  }
}

function edit(op, done) {
  return change("api/edit", op, done);
}

function undo() {
  if (ui.view && ui.view.undo > 0) change("api/undo", {}, "已撤销");
}

function redo() {
  if (ui.view && ui.view.redo > 0) change("api/redo", {}, "已重做");
}

// ---- the model around the state -------------------------------------------------------

function lists() {
  const v = ui.view;
  const out = v.groups.map((g) => ({ key: g.key, name: groupName(g), group: g, members: g.members }));
  out.push({ key: UNPLACED, name: "未归组", special: true, members: v.unplaced });
  out.push({ key: EXCLUDED, name: "已排除", special: true, members: v.excluded });
  return out;
}

function currentList() {
  const all = lists();
  return all.find((l) => l.key === ui.group) || all[0];
}

// A proposal wherever it is: a member of a list, or folded into a member as the same
// proposal (then `folded` is that member).
function findMember(key) {
  for (const l of lists()) {
    for (const m of l.members) {
      if (m.key === key) return { member: m, list: l, folded: null };
      const f = m.also.find((x) => x.key === key);
      if (f) return { member: f, list: l, folded: m };
    }
  }
  return null;
}

const REASONS = { not_a_proposal: "不是建议", off_topic: "与主题无关" };

// ---- rendering --------------------------------------------------------------------------

function show(view) {
  ui.view = view;
  const keys = new Set(lists().map((l) => l.key));
  if (!keys.has(ui.group)) ui.group = view.groups.length ? view.groups[0].key : UNPLACED;
  const present = new Set(currentList().members.map((m) => m.key));
  for (const k of [...ui.checked]) if (!present.has(k)) ui.checked.delete(k);
  render();
}

function render() {
  const v = ui.view;
  if (!v) return;
  if (location.hash.slice(1) !== ui.tab) history.replaceState(null, "", `#${ui.tab}`);
  document.getElementById("undo").disabled = v.undo === 0;
  document.getElementById("redo").disabled = v.redo === 0;
  for (const b of document.querySelectorAll("[role=tab]")) {
    const on = b.dataset.view === ui.tab;
    b.setAttribute("aria-selected", on ? "true" : "false");
    document.getElementById(`view-${b.dataset.view}`).hidden = !on;
  }
  renderSidebar();
  renderGroup();
  renderPairs();
  renderTable();
  restoreFocus();
}

function renderSidebar() {
  const ol = document.getElementById("group-list");
  ol.replaceChildren();
  for (const l of lists()) {
    const docs = new Set(l.members.map((m) => m.document)).size;
    const fresh = l.members.filter((m) => m.new).length;
    const item = el("li", {
      class: "group-item" + (l.key === ui.group ? " current" : "") + (l.special ? " special" : ""),
      tabindex: l.key === ui.group ? "0" : "-1",
      role: "option",
      "aria-selected": l.key === ui.group ? "true" : "false",
      dataset: { key: l.key },
      onclick: () => selectGroup(l.key, false),
      ondragover: (e) => { e.preventDefault(); item.classList.add("drop"); },
      ondragleave: () => item.classList.remove("drop"),
      ondrop: (e) => {
        e.preventDefault();
        item.classList.remove("drop");
        const key = e.dataTransfer.getData("text/plain");
        if (key) moveTo(key, l.key);
      },
    },
      el("span", { class: "name" }, l.name),
      el("span", { class: "count", title: `${l.members.length} 条建议，来自 ${docs} 份文档` },
        l.special ? `${l.members.length}` : `${l.members.length} 条 · ${docs} 份`),
      fresh ? el("span", { class: "badge new" }, `新 ${fresh}`) : null);
    ol.append(item);
  }
}

function renderGroup() {
  const pane = document.getElementById("group-pane");
  pane.replaceChildren();
  const l = currentList();
  const head = el("div", { class: "group-head" });
  if (l.special) {
    head.append(el("h2", {}, l.name));
    head.append(el("p", { class: "hint" }, l.key === EXCLUDED
      ? "被排除的内容不进入汇编；按 X 或点“恢复”可放回“未归组”。"
      : "这些建议与任何分组都不够接近；可拖到左侧分组，或用“移到…”。"));
  } else {
    const g = l.group;
    const title = el("input", {
      id: "title-input",
      class: "title-input",
      value: g.title || "",
      placeholder: g.label,
      "aria-label": "分组标题",
      onkeydown: (e) => {
        if (e.key === "Enter") { e.preventDefault(); title.blur(); }
        if (e.key === "Escape") { title.value = g.title || ""; title.blur(); }
      },
      onchange: () => {
        if (title.value.trim() !== (g.title || "")) {
          edit({ op: "rename", group: g.key, title: title.value }, "已改名");
        }
      },
    });
    head.append(title);
    head.append(el("p", { class: "label" }, g.title ? `机器标签：${g.label}` : "机器标签，点击标题或按 R 改名"));
    const note = el("input", {
      class: "note-input",
      value: g.note || "",
      placeholder: "备注（进入汇编）",
      "aria-label": "分组备注",
      onkeydown: (e) => { if (e.key === "Enter") { e.preventDefault(); note.blur(); } },
      onchange: () => edit({ op: "note", group: g.key, note: note.value }, "已保存备注"),
    });
    head.append(note);
    const others = ui.view.groups.filter((x) => x.key !== g.key);
    const mergeSel = el("select", { id: "merge-select", "aria-label": "合并到哪个分组" },
      el("option", { value: "" }, "合并到…"),
      others.map((x) => el("option", { value: x.key }, groupName(x))));
    mergeSel.addEventListener("change", () => {
      if (mergeSel.value) edit({ op: "merge", from: g.key, into: mergeSel.value }, "已合并");
    });
    const n = ui.checked.size;
    const tools = el("div", { class: "tools" },
      mergeSel,
      el("button", {
        type: "button", id: "split-button", disabled: n === 0 || n === l.members.length,
        onclick: splitChecked,
      }, `拆分所选（${n}）为新分组`),
      el("button", {
        type: "button", id: "same-button", disabled: n !== 2,
        onclick: sameChecked,
      }, "所选两条为同一建议"));
    head.append(tools);
  }
  pane.append(head);
  const list = el("ol", { class: "members", "aria-label": "建议" });
  for (const m of l.members) list.append(memberCard(m, l));
  if (!l.members.length) list.append(el("li", { class: "empty" }, "（空）"));
  pane.append(list);
}

function memberCard(m, l) {
  const box = el("input", {
    type: "checkbox",
    class: "pick",
    "aria-label": "选中这条建议",
    checked: ui.checked.has(m.key),
    onchange: () => {
      if (box.checked) ui.checked.add(m.key); else ui.checked.delete(m.key);
      ui.focusKey = m.key;
      render();
    },
  });
  const excluded = l.key === EXCLUDED;
  const tools = el("div", { class: "member-tools" });
  if (excluded) {
    const x = m.excluded || {};
    tools.append(el("p", { class: "reason" }, x.document ? `整份文档已排除（${REASONS[x.reason] || ""}）` : `已排除：${REASONS[x.reason] || ""}`));
    tools.append(el("button", {
      type: "button", class: "include",
      onclick: () => x.document
        ? edit({ op: "include_document", document: m.document }, "已恢复整份文档")
        : edit({ op: "include", member: m.key }, "已恢复"),
    }, x.document ? "恢复整份文档" : "恢复"));
  } else {
    const targets = ui.view.groups.filter((x) => x.key !== l.key);
    const move = el("select", { class: "move", "aria-label": "移到哪个分组" },
      el("option", { value: "" }, "移到…"),
      targets.map((x) => el("option", { value: x.key }, groupName(x))),
      el("option", { value: "__new" }, "＋ 新分组"),
      l.key !== UNPLACED ? el("option", { value: UNPLACED }, "移出分组（未归组）") : null);
    move.addEventListener("change", () => {
      if (move.value) moveTo(m.key, move.value === "__new" ? null : move.value);
    });
    const drop = el("select", { class: "exclude", "aria-label": "排除这条建议" },
      el("option", { value: "" }, "排除…"),
      el("option", { value: "not_a_proposal" }, "排除：不是建议"),
      el("option", { value: "off_topic" }, "排除：与主题无关"));
    drop.addEventListener("change", () => {
      if (drop.value) edit({ op: "exclude", member: m.key, reason: drop.value }, "已排除");
    });
    tools.append(move, drop);
  }
  const isRep = !l.special && l.group.representative === m.key;
  const repButton = l.special || isRep ? null : el("button", {
    type: "button", class: "small rep",
    onclick: () => edit({ op: "representative", group: l.key, member: m.key }, "已设为代表"),
  }, "设为代表");
  const card = el("li", {
    class: "member" + (ui.checked.has(m.key) ? " checked" : ""),
    tabindex: "0",
    draggable: "true",
    dataset: { key: m.key },
    ondragstart: (e) => { e.dataTransfer.setData("text/plain", m.key); e.dataTransfer.effectAllowed = "move"; },
    onfocus: () => { ui.focusKey = m.key; },
  },
    el("div", { class: "member-head" },
      box,
      el("div", { class: "member-body" },
        memberText(m),
        meta(m,
          isRep ? el("span", { class: "badge rep", title: "代表这一组的条目" }, "★ 代表") : null,
          repButton,
          m.new ? el("span", { class: "badge new" }, "新增") : null,
          m.also.length ? el("span", { class: "badge same", title: "已标为同一建议" }, `同一建议 ×${m.also.length + 1}`) : null),
        m.also.length ? el("ul", { class: "also" }, m.also.map((a) => el("li", {},
          el("span", { class: "also-label" }, "又见于"),
          el("span", { class: "source" }, a.source),
          a.number ? el("span", { class: "number" }, a.number) : null,
          el("span", { class: "lines" }, linesLabel(a)),
          el("button", {
            type: "button", class: "small",
            onclick: () => edit({ op: "not_duplicate", member: a.key }, "已分开"),
          }, "分开")))) : null),
      tools));
  return card;
}

// Source title, 发文字号, section path and lines of a proposal.
function meta(m, ...extra) {
  return el("p", { class: "meta" },
    el("span", { class: "source" }, m.source),
    m.number ? el("span", { class: "number" }, m.number) : null,
    m.path && m.path.length ? el("span", { class: "path" }, m.path.join(" › ")) : null,
    el("span", { class: "lines" }, linesLabel(m)),
    extra);
}

// A proposal's text with its heading in bold: inline when the text opens with it (a heading
// taken from the lead sentence), else on a line of its own.
function memberText(m) {
  const p = el("p", { class: "text" });
  const h = m.heading;
  if (h && m.text.startsWith(h)) {
    p.append(el("strong", {}, h), m.text.slice(h.length));
  } else {
    if (h) p.append(el("strong", {}, h), "\n");
    p.append(m.text);
  }
  return p;
}

function renderPairs() {
  const pane = document.getElementById("view-pairs");
  pane.replaceChildren();
  const v = ui.view;
  pane.append(el("h2", {}, `近似重复（${v.pairs.length} 对）`));
  pane.append(el("p", { class: "hint" }, "不同文档中说法几乎相同的建议，左右对照。确认是同一建议后，汇编中会合为一条并列出全部来源。"));
  if (!v.pairs.length) pane.append(el("p", { class: "empty" }, "没有近似重复。"));
  for (const p of v.pairs) {
    const a = findMember(p.a);
    const b = findMember(p.b);
    if (!a || !b) continue;
    const same = (a.folded || a.member).key === (b.folded || b.member).key;
    const side = (x) => el("div", { class: "pair-side" },
      el("p", { class: "where" }, x.folded ? `分组：${x.list.name}（已并入同一建议）` : `分组：${x.list.name}`),
      memberText(x.member),
      meta(x.member));
    pane.append(el("div", { class: "pair" },
      side(a),
      el("div", { class: "pair-mid" },
        el("p", { class: "score" }, `相似度 ${p.score.toFixed(2)}`),
        el("p", { class: "terms" }, p.terms.join("、")),
        same
          ? el("button", {
            type: "button",
            onclick: () => edit({ op: "not_duplicate", member: a.folded ? p.a : p.b }, "已分开"),
          }, "已是同一建议 · 分开")
          : el("button", {
            type: "button",
            onclick: () => edit({ op: "duplicate", a: p.a, b: p.b }, "已标为同一建议"),
          }, "标为同一建议"),
        a.list.key !== b.list.key && !a.list.special && !b.folded
          ? el("button", { type: "button", onclick: () => moveTo(p.b, a.list.key) }, "← 右条移入左条分组")
          : null),
      side(b)));
  }
}

function renderTable() {
  const pane = document.getElementById("view-table");
  pane.replaceChildren();
  const v = ui.view;
  pane.append(el("h2", {}, "文档 × 分组"));
  pane.append(el("p", { class: "hint" }, "每格为该文档在该分组中的建议条数；点数字可打开该分组。"));
  const groups = v.groups;
  const count = (g, d) => g.members.filter((m) => m.document === d).length;
  const table = el("table", { class: "matrix" },
    el("thead", {}, el("tr", {},
      el("th", { scope: "col", class: "doc" }, "文档"),
      groups.map((g, i) => el("th", { scope: "col", title: groupName(g) },
        el("span", { class: "col-no" }, `${i + 1}`), el("span", { class: "col-name" }, groupName(g)))))),
    el("tbody", {}, v.documents.map((d) => el("tr", {},
      el("th", { scope: "row", class: "doc" + (d.excluded ? " excluded" : ""), title: d.path }, el("div", { class: "doc-cell" },
        el("span", {}, d.title, d.number ? el("small", { class: "number" }, `（${d.number}）`) : null),
        el("button", {
          type: "button", class: "small",
          onclick: () => d.excluded
            ? edit({ op: "include_document", document: d.id }, "已恢复整份文档")
            : edit({ op: "exclude_document", document: d.id, reason: "off_topic" }, "已排除整份文档"),
        }, d.excluded ? "恢复" : "排除整份"))),
      groups.map((g) => {
        const n = count(g, d.id);
        return el("td", { class: n ? "hit" : "" }, n
          ? el("button", { type: "button", title: `${d.title} · ${groupName(g)}`, onclick: () => { ui.tab = "groups"; selectGroup(g.key, true); } }, `${n}`)
          : "");
      })))));
  pane.append(el("div", { class: "table-wrap" }, table));
  if (v.orphaned.length) {
    pane.append(el("h2", {}, `失效的决定（${v.orphaned.length}）`));
    pane.append(el("p", { class: "hint" }, "这些决定所指的建议已不在本次文档中（文档被修改或移除）；决定仍保存在文件里。"));
    pane.append(el("ul", { class: "orphaned" }, v.orphaned.map((o) => el("li", {}, o))));
  }
  if (v.warnings.length) {
    pane.append(el("h2", {}, "决定文件中的问题"));
    pane.append(el("ul", { class: "orphaned" }, v.warnings.map((o) => el("li", {}, o))));
  }
}

function restoreFocus() {
  if (ui.tab !== "groups") return;
  const active = document.activeElement;
  if (active && active !== document.body && document.contains(active)) return;
  if (ui.focusKey) {
    const card = document.querySelector(`.member[data-key="${CSS.escape(ui.focusKey)}"]`);
    if (card) { card.focus(); return; }
  }
  const cur = document.querySelector(".group-item.current");
  if (cur) cur.focus();
}

// ---- actions --------------------------------------------------------------------------

function selectGroup(key, focus) {
  if (ui.group !== key) ui.checked.clear();
  ui.group = key;
  ui.focusKey = null;
  render();
  const cur = document.querySelector(".group-item.current");
  if (focus && cur) cur.focus();
}

function moveTo(memberKey, target) {
  ui.focusKey = null;
  const found = findMember(memberKey);
  if (found && found.list.key === EXCLUDED) {
    if (target === EXCLUDED) return null;
    return edit({ op: "include", member: memberKey }, "已恢复").then(() => (target === UNPLACED ? null : moveTo(memberKey, target)));
  }
  if (target === EXCLUDED) return edit({ op: "exclude", member: memberKey, reason: "not_a_proposal" }, "已排除");
  if (target === UNPLACED) return edit({ op: "unplace", member: memberKey }, "已移到未归组");
  const op = { op: "move", member: memberKey };
  if (target) op.to = target;
  return edit(op, target ? "已移动" : "已移到新分组");
}

function toggleExclude(key, excluded) {
  ui.focusKey = null;
  const found = findMember(key);
  if (excluded && found && found.member.excluded && found.member.excluded.document) {
    return edit({ op: "include_document", document: found.member.document }, "已恢复整份文档");
  }
  return edit(excluded ? { op: "include", member: key } : { op: "exclude", member: key, reason: "not_a_proposal" },
    excluded ? "已恢复" : "已排除");
}

// Alt+↑/↓: moves the focused member within its group, or the current group in the list.
function reorder(delta, member) {
  const l = currentList();
  if (member) {
    if (l.special) return;
    const keys = l.members.map((m) => m.key);
    const i = keys.indexOf(member);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= keys.length) return;
    [keys[i], keys[j]] = [keys[j], keys[i]];
    ui.focusKey = member;
    edit({ op: "order_members", group: l.key, order: keys }, "已调整顺序");
    return;
  }
  if (l.special) return;
  const keys = ui.view.groups.map((g) => g.key);
  const i = keys.indexOf(l.key);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= keys.length) return;
  [keys[i], keys[j]] = [keys[j], keys[i]];
  edit({ op: "order_groups", order: keys }, "已调整顺序");
}

function splitChecked() {
  const l = currentList();
  if (l.special || !ui.checked.size) return;
  edit({ op: "split", group: l.key, members: [...ui.checked] }, "已拆分");
  ui.checked.clear();
}

function sameChecked() {
  const [a, b] = [...ui.checked];
  if (a && b) edit({ op: "duplicate", a, b }, "已标为同一建议");
}

function focusedMember() {
  const a = document.activeElement;
  const card = a && a.closest ? a.closest(".member") : null;
  return card ? card.dataset.key : null;
}

function stepGroup(delta) {
  const all = lists();
  const i = all.findIndex((l) => l.key === ui.group);
  const next = all[Math.max(0, Math.min(all.length - 1, i + delta))];
  selectGroup(next.key, true);
}

function stepMember(delta) {
  const cards = [...document.querySelectorAll("#group-pane .member")];
  if (!cards.length) return;
  const i = cards.findIndex((c) => c.dataset.key === focusedMember());
  const next = cards[i < 0 ? 0 : Math.max(0, Math.min(cards.length - 1, i + delta))];
  next.focus();
  next.scrollIntoView({ block: "nearest" });
}

function onKey(e) {
  const mod = e.ctrlKey || e.metaKey;
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName) && e.target.type !== "checkbox";
  if (mod && !typing && (e.key === "z" || e.key === "Z")) {
    e.preventDefault();
    if (e.shiftKey) redo(); else undo();
    return;
  }
  if (mod && !typing && (e.key === "y" || e.key === "Y")) { e.preventDefault(); redo(); return; }
  const member = focusedMember();
  if (!typing && !mod && e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
    e.preventDefault();
    if (ui.tab === "groups") reorder(e.key === "ArrowUp" ? -1 : 1, member);
    return;
  }
  if (typing || mod || e.altKey) return;
  switch (e.key) {
    case "1": case "2": case "3":
      ui.tab = ["groups", "pairs", "table"][Number(e.key) - 1];
      render();
      break;
    case "ArrowUp": case "ArrowDown":
      if (ui.tab !== "groups" || member) return;
      e.preventDefault();
      stepGroup(e.key === "ArrowUp" ? -1 : 1);
      break;
    case "j": case "k":
      if (ui.tab !== "groups") return;
      stepMember(e.key === "j" ? 1 : -1);
      break;
    case "r": {
      const t = document.getElementById("title-input");
      if (t && ui.tab === "groups") { e.preventDefault(); t.focus(); t.select(); }
      break;
    }
    case "m":
      if (member) {
        e.preventDefault();
        const sel = document.activeElement.closest(".member").querySelector("select.move");
        if (sel) sel.focus();
      }
      break;
    case "x":
      if (member) toggleExclude(member, ui.group === EXCLUDED);
      break;
    case " ":
      if (member && e.target.classList.contains("member")) {
        e.preventDefault();
        if (ui.checked.has(member)) ui.checked.delete(member); else ui.checked.add(member);
        ui.focusKey = member;
        document.activeElement.blur();
        render();
      }
      break;
    case "s":
      splitChecked();
      break;
    case "Escape":
      if (member) { const cur = document.querySelector(".group-item.current"); if (cur) cur.focus(); }
      break;
    default:
  }
}

// ---- start ----------------------------------------------------------------------------

function start() {
  for (const b of document.querySelectorAll("[role=tab]")) {
    b.addEventListener("click", () => { ui.tab = b.dataset.view; render(); });
  }
  document.getElementById("undo").addEventListener("click", undo);
  document.getElementById("redo").addEventListener("click", redo);
  document.addEventListener("keydown", onKey);
  // The view in the address (#pairs, #table) so a reload or a bookmark keeps it.
  const fromHash = location.hash.slice(1);
  if (["groups", "pairs", "table"].includes(fromHash)) ui.tab = fromHash;
  call("api/state")
    .then((view) => { show(view); setStatus(`决定保存在 ${view.decisions_file}`); })
    .catch((e) => setStatus(`无法载入：${e.message}`, true));
}

start();
