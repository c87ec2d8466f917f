// Leaflet studio: the page. Plain JavaScript, no build step, no library.
//
// The state is the leaflet's texts as plain data, one document per language (what the YAML
// files hold). The editor draws Kazakh and Russian side by side from it; every field knows
// its key path ("blocks[4].steps[2].title"), which is how `leaflet check` names a text, so a
// problem the server finds is shown at its field. Each edit is sent to the server (after a
// short pause in typing) to be checked and drawn; nothing is saved until Save is pressed.
"use strict";

const TOKEN = new URLSearchParams(location.search).get("token") || "";
const TEXT_LANGS = ["kk", "ru"];
const state = {
  words: {}, ui: "en", leaflets: [], links: [], formats: [],
  leaflet: "", languages: [], texts: {}, dirty: false, checkSeq: 0, previewSeq: 0,
  previewBusy: false, previewAgain: false, lastProblems: [], editedAt: 0,
  checkProblems: [], fitProblems: [], fitSeq: 0,
  pauses: null, // { check, fits }: the pauses in typing (ms) before each, as the server says at start
};

// -- small helpers ----------------------------------------------------------------------------

function w(name, values) {
  let text = state.words["ui." + name] || name;
  for (const [key, value] of Object.entries(values || {})) text = text.split("{" + key + "}").join(String(value));
  return text;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function keyOf(path) {
  let key = "";
  for (const part of path) key += typeof part === "number" ? `[${part}]` : (key ? "." : "") + part;
  return key;
}

function getAt(doc, path) {
  let node = doc;
  for (const part of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = node[part];
  }
  return node;
}

function setAt(doc, path, value) {
  const parent = getAt(doc, path.slice(0, -1));
  if (parent && typeof parent === "object") parent[path[path.length - 1]] = value;
}

function kindOf(block) {
  return block && typeof block === "object" && !Array.isArray(block) ? Object.keys(block)[0] : undefined;
}

async function api(method, path, body) {
  const url = `${path}${path.includes("?") ? "&" : "?"}ui=${encodeURIComponent(state.ui)}`;
  const options = { method, headers: { "X-Studio-Token": TOKEN } };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(url, options);
  const data = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

// -- the editor -------------------------------------------------------------------------------

// A text field of each language at ``path``, side by side; ``label`` says what it is.
function textRow(path, langs, label, options) {
  const row = el("div", { class: "row" });
  // a label the heading above already says is left out (screen readers still hear it)
  if (!(options && options.hideLabel)) row.append(el("div", { class: "row-label", text: label }));
  const cells = el("div", { class: "cells" });
  for (const lang of TEXT_LANGS) {
    const value = langs.includes(lang) ? getAt(state.texts[lang], path) : undefined;
    const key = `${lang}:${keyOf(path)}`;
    const cell = el("div", { class: "cell", "data-key": key, lang });
    if (typeof value === "string") {
      const id = "f-" + key.replace(/[^a-zA-Z0-9]+/g, "-");
      const area = el("textarea", {
        id, rows: 1, lang, spellcheck: "true", "aria-label": `${label} (${w("lang_" + lang)})`,
        "data-path": JSON.stringify(path), "data-lang": lang,
      });
      area.value = value;
      area.addEventListener("input", () => {
        setAt(state.texts[lang], path, area.value);
        grow(area);
        edited();
      });
      cell.append(area);
      if (!(options && options.plain)) cell.append(linkPicker(area, lang, path));
    } else if (langs.includes(lang)) {
      cell.append(el("p", { class: "absent", text: w("not_in_language") }));
    }
    cells.append(cell);
  }
  row.append(cells);
  return row;
}

function grow(area) {
  area.style.height = "auto";
  area.style.height = area.scrollHeight + 4 + "px";
}

// "Insert a link": the registry's links, put into the text as {link_id} at the cursor.
function linkPicker(area, lang, path) {
  const select = el("select", { class: "link-picker", "aria-label": w("insert_link") });
  select.append(el("option", { value: "", text: w("insert_link") }));
  for (const link of state.links) {
    const purpose = link.purpose[lang] ? ` — ${link.purpose[lang]}` : "";
    select.append(el("option", { value: link.id, text: link.label + purpose }));
  }
  select.addEventListener("change", () => {
    if (!select.value) return;
    const at = area.selectionStart ?? area.value.length;
    const end = area.selectionEnd ?? at;
    area.value = area.value.slice(0, at) + `{${select.value}}` + area.value.slice(end);
    setAt(state.texts[lang], path, area.value);
    select.value = "";
    area.focus();
    edited();
  });
  return select;
}

// The languages in which the list at ``path`` exists.
function listLangs(path, langs) {
  return langs.filter((lang) => Array.isArray(getAt(state.texts[lang], path)));
}

// Up, down and remove for entry ``index`` of the list at ``path``, in every language at once.
function entryControls(path, index, langs, what) {
  const box = el("div", { class: "controls" });
  const move = (step) => () => {
    for (const lang of listLangs(path, langs)) {
      const list = getAt(state.texts[lang], path);
      const to = index + step;
      if (to < 0 || to >= list.length || index >= list.length) continue;
      [list[index], list[to]] = [list[to], list[index]];
    }
    redraw();
    edited();
  };
  box.append(el("button", { type: "button", class: "small", onclick: move(-1), text: "▲ " + w("up"), title: w("up_title") }));
  box.append(el("button", { type: "button", class: "small", onclick: move(1), text: "▼ " + w("down"), title: w("down_title") }));
  box.append(
    el("button", {
      type: "button", class: "small danger", text: "✕ " + w("remove"),
      onclick: () => {
        if (!confirm(w("remove_confirm", { what }))) return;
        for (const lang of listLangs(path, langs)) {
          const list = getAt(state.texts[lang], path);
          if (index < list.length) list.splice(index, 1);
        }
        redraw();
        edited();
      },
    }),
  );
  return box;
}

function addButton(text, onclick) {
  return el("button", { type: "button", class: "add", text: "+ " + text, onclick });
}

// Add ``make(lang)`` at the end of the list at ``path`` in each language.
function appendIn(path, langs, make) {
  for (const lang of langs) {
    const parent = getAt(state.texts[lang], path.slice(0, -1));
    if (!parent) continue;
    if (!Array.isArray(parent[path[path.length - 1]])) parent[path[path.length - 1]] = [];
    parent[path[path.length - 1]].push(make(lang));
  }
  redraw();
  edited();
}

function blocksList(path, langs, container) {
  const length = Math.max(0, ...langs.map((lang) => (getAt(state.texts[lang], path) || []).length));
  for (let index = 0; index < length; index++) {
    const here = langs.filter((lang) => (getAt(state.texts[lang], path) || [])[index] !== undefined);
    const kinds = new Set(here.map((lang) => kindOf(getAt(state.texts[lang], [...path, index]))));
    if (kinds.size === 1) container.append(blockCard([...path, index], here, path, index));
    else for (const lang of here) container.append(blockCard([...path, index], [lang], path, index));
  }
  const adds = el("div", { class: "adds" }, el("span", { class: "adds-label", text: w("add_block") }));
  const blank = { paragraph: () => "", note: () => "", callout: () => ({ kind: "warning", title: "", blocks: [{ paragraph: "" }] }),
    bullets: () => [""], heading: () => "" };
  for (const [kind, make] of Object.entries(blank)) {
    adds.append(addButton(w("kind_" + kind), () => appendIn(path, langs, () => ({ [kind]: make() }))));
  }
  container.append(adds);
}

function blockCard(path, langs, listPath, index) {
  const block = getAt(state.texts[langs[0]], path);
  const kind = kindOf(block);
  const card = el("section", { class: `card kind-${kind}`, "data-key": langs.map((lang) => `${lang}:${keyOf(path)}`).join(" ") });
  const name = w("kind_" + kind);
  const head = el("div", { class: "card-head" }, el("h3", { text: name + (langs.length === 1 ? ` (${w("lang_" + langs[0])})` : "") }));
  head.append(entryControls(listPath, index, langs, name));
  card.append(head);
  const at = [...path, kind];
  const value = block[kind];
  if (typeof value === "string") card.append(textRow(at, langs, name, { hideLabel: true }));
  else if (kind === "bullets" || kind === "numbered") itemsList(at, langs, card, 0);
  else if (kind === "steps") stepsList(at, langs, card);
  else if (kind === "callout") {
    const select = el("select", { "aria-label": w("callout_kind") });
    for (const option of ["warning", "info", "tip"]) select.append(el("option", { value: option, text: w("callout_" + option) }));
    select.value = value.kind || "warning";
    select.addEventListener("change", () => {
      for (const lang of langs) setAt(state.texts[lang], [...at, "kind"], select.value);
      edited();
    });
    card.append(el("label", { class: "pick" }, el("span", { text: w("callout_kind") + " " }), select));
    card.append(textRow([...at, "title"], langs, w("callout_title")));
    blocksList([...at, "blocks"], langs, card);
  } else if (kind === "contacts" || kind === "qr") linkIds(at, langs, card);
  else if (kind === "menu") {
    card.append(textRow([...at, "text"], langs, w("menu_before")));
    pathList([...at, "path"], langs, card);
    card.append(textRow([...at, "after"], langs, w("menu_after")));
  } else if (kind === "signoff") {
    card.append(textRow([...at, "text"], langs, w("signoff_text")));
    if (value.signature !== undefined) card.append(textRow([...at, "signature"], langs, w("signoff_signature"), { plain: true }));
  } else if (kind === "image") {
    card.append(el("p", { class: "absent", text: w("image_file", { file: value.file || "" }) }));
    if (value.alt !== undefined) card.append(textRow([...at, "alt"], langs, w("image_alt"), { plain: true }));
  }
  return card;
}

function itemsList(path, langs, container, depth) {
  const length = Math.max(0, ...langs.map((lang) => (getAt(state.texts[lang], path) || []).length));
  for (let index = 0; index < length; index++) {
    const here = langs.filter((lang) => (getAt(state.texts[lang], path) || [])[index] !== undefined);
    const box = el("div", { class: "item", "data-key": here.map((lang) => `${lang}:${keyOf([...path, index])}`).join(" ") });
    const label = w("item", { n: index + 1 });
    box.append(el("div", { class: "item-head" }, el("h4", { text: label }), entryControls(path, index, here, label)));
    const sample = getAt(state.texts[here[0]], [...path, index]);
    if (typeof sample === "string" || here.some((lang) => typeof getAt(state.texts[lang], [...path, index]) === "string")) {
      // a plain item in some language: one text (an item with a menu path shows its text part)
      const textLangs = here.filter((lang) => typeof getAt(state.texts[lang], [...path, index]) === "string");
      const objectLangs = here.filter((lang) => !textLangs.includes(lang));
      if (textLangs.length) box.append(textRow([...path, index], textLangs, label, { hideLabel: true }));
      if (objectLangs.length) itemParts([...path, index], objectLangs, box, depth);
    } else itemParts([...path, index], here, box, depth);
    container.append(box);
  }
  container.append(el("div", { class: "adds" }, addButton(w("add_item"), () => appendIn(path, langs, () => ""))));
}

function itemParts(path, langs, box, depth) {
  box.append(textRow([...path, "text"], langs, w("item_text")));
  if (langs.some((lang) => getAt(state.texts[lang], [...path, "path"]))) pathList([...path, "path"], langs, box);
  if (langs.some((lang) => getAt(state.texts[lang], [...path, "after"]) !== undefined)) {
    box.append(textRow([...path, "after"], langs, w("menu_after")));
  }
  if (langs.some((lang) => getAt(state.texts[lang], [...path, "items"]))) {
    const inner = el("div", { class: "subitems" });
    itemsList([...path, "items"], langs, inner, depth + 1);
    box.append(inner);
  }
}

function pathList(path, langs, container) {
  const length = Math.max(0, ...langs.map((lang) => (getAt(state.texts[lang], path) || []).length));
  for (let index = 0; index < length; index++) {
    const here = langs.filter((lang) => (getAt(state.texts[lang], path) || [])[index] !== undefined);
    container.append(textRow([...path, index], here, w("menu_part", { n: index + 1 })));
  }
}

function stepsList(path, langs, container) {
  const length = Math.max(0, ...langs.map((lang) => (getAt(state.texts[lang], path) || []).length));
  for (let index = 0; index < length; index++) {
    const here = langs.filter((lang) => (getAt(state.texts[lang], path) || [])[index] !== undefined);
    const at = [...path, index];
    const label = w("step", { n: index + 1 });
    const box = el("section", { class: "step", "data-key": here.map((lang) => `${lang}:${keyOf(at)}`).join(" ") });
    box.append(el("div", { class: "item-head" }, el("h4", { text: label }), entryControls(path, index, here, label)));
    box.append(textRow([...at, "title"], here, w("step_title")));
    box.append(textRow([...at, "short"], here, w("step_short")));
    const body = el("div", { class: "step-body" }, el("h5", { text: w("step_body") }));
    blocksList([...at, "body"], here, body);
    box.append(body);
    container.append(box);
  }
  container.append(
    el("div", { class: "adds" }, addButton(w("add_step"), () => {
      const taken = new Set(langs.flatMap((lang) => (getAt(state.texts[lang], path) || []).map((step) => step.id)));
      let n = length + 1;
      while (taken.has(`step_${n}`)) n++;
      appendIn(path, langs, () => ({ id: `step_${n}`, title: "", short: "" }));
    })),
  );
}

// A contacts block or QR panel: links of the registry, the same in both languages.
function linkIds(path, langs, container) {
  const list = getAt(state.texts[langs[0]], path) || [];
  const box = el("div", { class: "link-ids", "data-key": langs.map((lang) => `${lang}:${keyOf(path)}`).join(" ") });
  list.forEach((linkId, index) => {
    const select = el("select", { "aria-label": w("link_n", { n: index + 1 }) });
    for (const link of state.links) select.append(el("option", { value: link.id, text: link.label }));
    if (!state.links.some((link) => link.id === linkId)) select.append(el("option", { value: linkId, text: linkId }));
    select.value = linkId;
    select.addEventListener("change", () => {
      for (const lang of langs) setAt(state.texts[lang], [...path, index], select.value);
      edited();
    });
    const remove = el("button", {
      type: "button", class: "small danger", text: "✕ " + w("remove"),
      onclick: () => {
        for (const lang of langs) getAt(state.texts[lang], path).splice(index, 1);
        redraw();
        edited();
      },
    });
    box.append(el("div", { class: "link-id", "data-key": langs.map((lang) => `${lang}:${keyOf([...path, index])}`).join(" ") }, select, remove));
  });
  box.append(addButton(w("add_link"), () => appendIn(path, langs, () => (state.links[0] || { id: "" }).id)));
  container.append(box);
}

function redraw() {
  const focused = document.activeElement && document.activeElement.id;
  const blocks = document.getElementById("blocks");
  blocks.replaceChildren();
  const langs = state.languages;
  const top = el("section", { class: "card" }, el("div", { class: "card-head" }, el("h3", { text: w("heading_top") })));
  top.append(textRow(["title"], langs, w("leaflet_title")));
  blocks.append(top);
  blocksList(["blocks"], langs, blocks);
  if (langs.some((lang) => Array.isArray(state.texts[lang].back))) {
    const back = el("section", { class: "card" }, el("div", { class: "card-head" }, el("h3", { text: w("back_page") })));
    blocksList(["back"], langs.filter((lang) => Array.isArray(state.texts[lang].back)), back);
    blocks.append(back);
  }
  for (const area of blocks.querySelectorAll("textarea")) grow(area);
  if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  showProblems(state.lastProblems);
}

// -- problems ---------------------------------------------------------------------------------

function problemNote(problem) {
  const note = el("div", { class: "problem", role: "alert" });
  note.append(el("strong", { text: "⚠ " + problem.message }));
  if (problem.hint) note.append(el("span", { class: "hint", text: w("what_to_do") + " " + problem.hint }));
  note.append(el("span", { class: "where", text: problem.where }));
  return note;
}

// The element a problem belongs to: its field, or the nearest enclosing part of the leaflet.
function placeOf(problem) {
  if (!problem.lang || !problem.key) return null;
  let key = problem.key;
  while (key) {
    const found = document.querySelector(`[data-key~="${CSS.escape(problem.lang + ":" + key)}"]`);
    if (found) return found;
    const cut = Math.max(key.lastIndexOf("."), key.lastIndexOf("["));
    key = cut > 0 ? key.slice(0, cut) : "";
  }
  return null;
}

function showProblems(problems) {
  state.lastProblems = problems;
  for (const old of document.querySelectorAll("#blocks .problem")) old.remove();
  for (const old of document.querySelectorAll(".has-problem")) {
    old.classList.remove("has-problem");
    old.removeAttribute("aria-invalid");
  }
  const general = document.getElementById("general");
  general.replaceChildren();
  for (const problem of problems) {
    const place = placeOf(problem);
    if (!place) {
      general.append(el("li", {}, problemNote(problem)));
      continue;
    }
    place.classList.add("has-problem");
    const area = place.querySelector(":scope > textarea");
    if (area) area.setAttribute("aria-invalid", "true");
    const note = problemNote(problem);
    if (place.classList.contains("cell")) place.append(note);
    else place.insertBefore(note, place.children[1] || null);
  }
  const summary = document.getElementById("summary");
  summary.className = "summary " + (problems.length ? "bad" : "good");
  summary.replaceChildren(problems.length ? w("problems_found", { count: problems.length }) : w("no_problems"));
  if (problems.length) {
    summary.append(" ", el("button", { type: "button", class: "small", text: w("first_mistake"), onclick: showFirstMistake }));
  }
}

function showFirstMistake() {
  const first = document.querySelector(".problem");
  if (!first) return;
  first.scrollIntoView({ block: "center" });
  const area = first.parentElement.querySelector("textarea");
  if (area) area.focus({ preventScroll: true });
}

// -- talking to the server ----------------------------------------------------------------------

let pause = null;
let fitPause = null; // typing stopped for state.pauses.fits: check that the texts fit every format

async function fits() {
  const seq = ++state.fitSeq;
  const edited = state.editedAt;
  try {
    const answer = await api("POST", "/api/fits", { leaflet: state.leaflet, texts: state.texts });
    if (seq !== state.fitSeq || edited !== state.editedAt || answer.stale) return; // typed since: a new one comes
    state.fitProblems = answer.problems;
    showProblems([...state.checkProblems, ...state.fitProblems]);
  } catch (error) {
    // the save checks the layouts again and says what is wrong
  }
}

function edited() {
  state.editedAt = performance.now(); // the page's own timing: how long after typing the answers come
  state.dirty = true;
  setStatus(w("unsaved"), "unsaved");
  clearTimeout(pause);
  // the check first (its answer is awaited most), then the pages: one after the other, so the
  // server's Python does not share its time between them; then, once typing has stopped for a
  // while, every format is laid out, as `leaflet check` does (a second or two)
  pause = setTimeout(() => check().then(preview).then(() => {
    clearTimeout(fitPause);
    fitPause = setTimeout(fits, state.pauses.fits);
  }), state.pauses.check);
}

async function check() {
  const seq = ++state.checkSeq;
  try {
    const answer = await api("POST", "/api/check", { leaflet: state.leaflet, texts: state.texts });
    if (seq === state.checkSeq) {
      state.checkProblems = answer.problems;
      if (answer.problems.length) state.fitProblems = []; // nothing can be laid out until these are fixed
      showProblems([...state.checkProblems, ...state.fitProblems]);
      document.getElementById("summary").dataset.ms = String(Math.round(performance.now() - state.editedAt));
    }
  } catch (error) {
    if (seq === state.checkSeq) showProblems([{ message: String(error.message || error), hint: "", where: "", key: "", lang: "" }]);
  }
}

async function preview() {
  if (state.previewBusy) {
    state.previewAgain = true; // one more once this one is drawn: always the latest texts
    return;
  }
  state.previewBusy = true;
  const status = document.getElementById("preview-status");
  status.textContent = w("preview_drawing");
  try {
    const format = document.getElementById("format").value;
    const edition = document.getElementById("edition").value;
    const answer = await api("POST", "/api/preview", { leaflet: state.leaflet, texts: state.texts, format, edition });
    const list = document.getElementById("preview-problems");
    list.replaceChildren(...answer.problems.map((problem) => el("li", {}, problemNote(problem))));
    if (answer.pages.length) {
      const pages = document.getElementById("pages");
      pages.replaceChildren(...answer.pages.map((src, index) => el("img", { src, alt: w("page_n", { n: index + 1 }), class: "page" })));
      pages.dataset.version = String(++state.previewSeq);
      pages.dataset.ms = String(Math.round(performance.now() - state.editedAt));
      status.textContent = w("preview_ready", { seconds: answer.seconds.toFixed(2) });
    } else status.textContent = w("preview_old");
  } catch (error) {
    status.textContent = String(error.message || error);
  } finally {
    state.previewBusy = false;
    if (state.previewAgain) {
      state.previewAgain = false;
      preview();
    }
  }
}

function setStatus(text, kind) {
  const status = document.getElementById("save-status");
  status.textContent = text;
  status.className = kind || "";
}

async function save(draft) {
  setStatus(w("saving"), "");
  document.getElementById("notice").hidden = true;
  try {
    const answer = await api("POST", "/api/save", { leaflet: state.leaflet, texts: state.texts, draft });
    state.checkProblems = answer.problems; // every check, the layouts of every format too
    state.fitProblems = [];
    showProblems(answer.problems);
    if (answer.saved && !answer.draft) {
      state.dirty = false;
      setStatus(w("saved", { time: new Date().toLocaleTimeString() }), "saved");
    } else if (answer.saved) {
      setStatus(w("draft_saved"), "unsaved");
      notice(w("draft_saved_long", { files: answer.files.join(", ") }));
    } else {
      setStatus(w("not_saved"), "unsaved");
      notice(w("not_saved_long"), el("button", { type: "button", class: "draft", text: w("save_draft"), onclick: () => save(true) }));
    }
  } catch (error) {
    setStatus(String(error.message || error), "unsaved");
  }
}

function notice(text, ...extra) {
  const box = document.getElementById("notice");
  box.replaceChildren(el("p", { text }), ...extra);
  box.hidden = false;
  window.scrollTo({ top: 0 }); // the notice is under the bar at the top
}

async function open(leafletId, draft) {
  const answer = await api("GET", `/api/leaflet?id=${encodeURIComponent(leafletId)}${draft ? "&draft=1" : ""}`);
  state.leaflet = leafletId;
  state.texts = answer.texts;
  state.languages = TEXT_LANGS.filter((lang) => lang in answer.texts);
  state.lastProblems = [];
  state.checkProblems = [];
  state.fitProblems = [];
  state.dirty = !!draft;
  document.getElementById("notice").hidden = true;
  if (answer.draft && !draft) {
    notice(w("draft_exists"), el("button", { type: "button", class: "draft", text: w("open_draft"), onclick: () => open(leafletId, true) }));
  }
  setStatus(draft ? w("draft_opened") : w("opened"), draft ? "unsaved" : "saved");
  fillEditions();
  redraw();
  await check();
  preview();
}

function fillEditions() {
  const format = state.formats.find((spec) => spec.name === document.getElementById("format").value) || state.formats[0];
  const select = document.getElementById("edition");
  const before = select.value;
  select.replaceChildren();
  for (const edition of format.editions) {
    if (!edition.split("-").every((lang) => state.languages.includes(lang))) continue;
    select.append(el("option", { value: edition, text: edition.split("-").map((lang) => w("lang_" + lang)).join(" + ") }));
  }
  const wanted = before || state.ui; // at first: the texts in the language the page speaks, when they are written in it
  if ([...select.options].some((option) => option.value === wanted)) select.value = wanted;
}

async function start() {
  const query = new URLSearchParams(location.search);
  state.ui = query.get("ui") || "";
  const answer = await api("GET", "/api/start");
  Object.assign(state, { words: answer.words, ui: answer.lang, leaflets: answer.leaflets, links: answer.links, formats: answer.formats, pauses: answer.pauses });
  document.documentElement.lang = answer.lang;
  document.title = w("title");
  document.getElementById("title").textContent = w("title");
  for (const [id, name] of [["leaflet-label", "leaflet"], ["ui-label", "ui_language"], ["preview-title", "preview"],
    ["format-label", "format"], ["edition-label", "edition"], ["editor-title", "texts"], ["save", "save"]]) {
    document.getElementById(id).textContent = w(name);
  }
  const head = document.getElementById("columns-head");
  head.replaceChildren(el("div", { class: "row-label" }), el("div", { class: "cells" }, ...TEXT_LANGS.map((lang) => el("h2", { text: w("lang_" + lang) }))));
  const ui = document.getElementById("ui");
  for (const language of answer.languages) ui.append(el("option", { value: language.code, text: language.name }));
  ui.value = answer.lang;
  ui.addEventListener("change", () => {
    if (state.dirty && !confirm(w("switch_unsaved"))) {
      ui.value = state.ui;
      return;
    }
    query.set("ui", ui.value);
    location.search = query.toString();
  });
  const leaflet = document.getElementById("leaflet");
  for (const item of answer.leaflets) leaflet.append(el("option", { value: item.id, text: item.id }));
  leaflet.addEventListener("change", () => {
    if (state.dirty && !confirm(w("switch_unsaved"))) {
      leaflet.value = state.leaflet;
      return;
    }
    open(leaflet.value, false);
  });
  const format = document.getElementById("format");
  for (const spec of answer.formats) format.append(el("option", { value: spec.name, text: `${spec.name} — ${state.words["ui.format_" + spec.name.replace(/-/g, "_")] || spec.description}` }));
  format.value = answer.formats.some((spec) => spec.name === "a5") ? "a5" : answer.formats[0].name;
  format.addEventListener("change", () => {
    fillEditions();
    preview();
  });
  document.getElementById("edition").addEventListener("change", preview);
  document.getElementById("save").addEventListener("click", () => save(false));
  window.addEventListener("beforeunload", (event) => {
    if (state.dirty) event.preventDefault();
  });
  if (answer.leaflets.length) await open(answer.leaflets[0].id, false);
  else notice(w("no_leaflets", { folder: answer.folder }));
}

document.addEventListener("DOMContentLoaded", () => {
  start().catch((error) => notice(String(error.message || error)));
});
