/* Editor comfort in the article form: live Markdown preview with word counts, character counts,
   tag suggestions, quotes and priorities numbered in the order shown (with move buttons), a warning
   before leaving unsaved changes, and a local draft kept in this browser until the article is saved.
   Plain DOM, no inline code, so the admin keeps a strict Content-Security-Policy. */
"use strict";
(function () {
  const PREVIEW_URL = "/preview/markdown/";
  const TAGS_URL = "/preview/tags/";
  const COUNTED = ["textarea[name=standfirst]", "textarea[name$='-text']"];
  const STANDFIRST_ADVICE = 280;
  // Inline formset prefix → the field that holds each row's place in the article.
  const ORDERED = { quotes: { field: "position", noun: "quote" }, priorities: { field: "number", noun: "priority" } };
  const DRAFT_PREFIX = "symposium:article-draft:";
  const SUBMITTED_KEY = "symposium:article-draft-submitted";
  const UPLOADS_KEY = "symposium:article-files-chosen";
  const SKIPPED_TYPES = new Set(["file", "hidden", "submit", "button", "reset", "image", "password"]);
  // Chinese, Japanese kana: each character is a word. Everything else: runs of letters and digits.
  const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
  const WORD = /[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*/gu;

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function debounce(fn, wait) {
    let timer;
    return function (...args) {
      clearTimeout(timer);
      timer = setTimeout(() => fn.apply(this, args), wait);
    };
  }

  function plural(n, word) {
    return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s");
  }

  function isTemplate(element) {
    return element.name ? element.name.includes("__prefix__") : Boolean(element.closest(".empty-form"));
  }

  /* Counts */

  function textCounts(text) {
    const cjk = (text.match(CJK) || []).length;
    const words = (text.replace(CJK, " ").match(WORD) || []).length;
    return { words: words + cjk, characters: Array.from(text.replace(/\s+/g, "")).length };
  }

  function helpLine(className) {
    const line = document.createElement("div");
    line.className = "help " + className;
    line.setAttribute("aria-live", "polite");
    return line;
  }

  /* Where a note under a field goes: below the label-and-field line, above the field's help text. */
  function placeBelow(field, element) {
    (field.closest(".flex-container") || field).after(element);
  }

  function characterCount(field) {
    if (field.dataset.counted || isTemplate(field)) return;
    field.dataset.counted = "1";
    const counter = helpLine("char-count");
    const update = () => {
      const n = field.value.length;
      counter.textContent = plural(n, "character");
      counter.classList.toggle("char-count--long", field.name === "standfirst" && n > STANDFIRST_ADVICE);
    };
    field.addEventListener("input", update);
    placeBelow(field, counter);
    update();
  }

  /* Preview of the body, rendered and sanitised by the server, shown with the public page's styles */

  function livePreview(body) {
    const counter = helpLine("word-count");
    counter.id = "body-word-count";
    placeBelow(body, counter);
    const panel = document.createElement("div");
    panel.className = "md-preview prose";
    panel.lang = (document.querySelector("select[name=language]") || {}).value || "";
    panel.setAttribute("role", "region");
    panel.setAttribute("aria-label", "Preview of the body");
    body.closest(".form-row").append(panel);
    const showCounts = (text) => {
      const { words, characters } = textCounts(text);
      counter.textContent = plural(words, "word") + " · " + plural(characters, "character") +
        " (without spaces; Chinese counted by characters)";
    };
    const refresh = debounce(function () {
      const data = new FormData();
      data.append("text", body.value);
      fetch(PREVIEW_URL, { method: "POST", body: data, headers: { "X-CSRFToken": csrfToken() }, credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
        .then((json) => {
          panel.innerHTML = json.html;  // sanitised by the server (nh3)
          showCounts(panel.textContent);
        })
        .catch(() => {
          panel.textContent = "Preview unavailable.";
          showCounts(body.value);
        });
    }, 300);
    body.addEventListener("input", refresh);
    showCounts(body.value);
    refresh();
  }

  /* Tag suggestions */

  function tagSuggestions(input) {
    if (input.dataset.suggesting || isTemplate(input)) return;
    input.dataset.suggesting = "1";
    const list = document.createElement("ul");
    list.className = "tag-suggestions";
    input.after(list);
    const lastTerm = () => input.value.split(",").pop().trim();
    const show = debounce(function () {
      const term = lastTerm();
      list.replaceChildren();
      if (!term) return;
      fetch(TAGS_URL + "?q=" + encodeURIComponent(term), { credentials: "same-origin" })
        .then((response) => response.json())
        .then((json) => json.tags.forEach((name) => {
          const item = document.createElement("li");
          const button = document.createElement("button");
          button.type = "button";
          button.textContent = name;
          button.addEventListener("click", () => {
            const parts = input.value.split(",").slice(0, -1).map((p) => p.trim()).filter(Boolean);
            input.value = parts.concat([name]).join(", ") + ", ";
            input.dispatchEvent(new Event("input", { bubbles: true }));
            list.replaceChildren();
            input.focus();
          });
          item.append(button);
          list.append(item);
        }));
    }, 200);
    input.addEventListener("input", show);
  }

  /* Quotes and priorities: numbered in the order they appear, moved with buttons */

  function rowsOf(prefix) {
    const group = document.getElementById(prefix + "-group");
    return group ? Array.from(group.querySelectorAll(".inline-related:not(.empty-form)")) : [];
  }

  function orderInput(row, prefix) {
    return row.querySelector(`[name$='-${ORDERED[prefix].field}']`);
  }

  function rowIndex(row) {
    return Number(row.id.split("-").pop());
  }

  function isDeleted(row) {
    const box = row.querySelector("input[name$='-DELETE']");
    return Boolean(box && box.checked);
  }

  /* A saved row, or a new one with something typed or chosen in it; blank extra rows are left alone. */
  function inUse(row, prefix) {
    const id = row.querySelector("input[name$='-id']");
    if (id && id.value) return true;
    const order = orderInput(row, prefix);
    return Array.from(row.querySelectorAll("input, textarea, select")).some((field) =>
      field !== order && !SKIPPED_TYPES.has(field.type) && field.type !== "checkbox" && field.value.trim() !== "");
  }

  function renumber(prefix) {
    const rows = rowsOf(prefix);
    let n = 0;
    rows.forEach((row) => {
      const order = orderInput(row, prefix);
      if (!order) return;
      const counted = inUse(row, prefix) && !isDeleted(row);
      if (counted) n += 1;
      order.value = counted ? String(n) : order.defaultValue;
      relabel(row, counted ? n : null);
      const up = row.querySelector(".reorder__up");
      const down = row.querySelector(".reorder__down");
      if (up) up.disabled = !counted || row === rows[0];
      if (down) down.disabled = !counted || row === rows[rows.length - 1];
      const name = ORDERED[prefix].noun + " " + (counted ? n : "(empty)");
      if (up) up.setAttribute("aria-label", "Move " + name + " up");
      if (down) down.setAttribute("aria-label", "Move " + name + " down");
    });
  }

  /* A new row's "#3", or a saved priority's "3. Title" (its name starts with its number), follows its place. */
  function relabel(row, n) {
    const label = row.querySelector(".inline_label");
    const text = label && label.firstChild;
    if (!n || !text || text.nodeType !== Node.TEXT_NODE) return;
    text.textContent = text.textContent.replace(/^(\s*)#?\d+(\.\s)?/, (match, space, dot) =>
      space + (dot ? n + dot : row.classList.contains("has_original") ? match.trim() : "#" + n));
  }

  /* Rows in the order their numbers say (rows without one last), keeping the page's order between equals. */
  function sortByNumber(prefix) {
    const rows = rowsOf(prefix);
    const key = (row) => {
      const value = Number.parseInt((orderInput(row, prefix) || {}).value, 10);
      return inUse(row, prefix) && value > 0 ? value : Number.MAX_SAFE_INTEGER;
    };
    const sorted = rows.map((row, i) => [key(row), i, row]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    placeInOrder(rows, sorted.map((entry) => entry[2]));
  }

  function placeInOrder(rows, ordered) {
    if (!rows.length) return;
    const after = rows[rows.length - 1].nextSibling;
    const parent = rows[0].parentNode;
    ordered.forEach((row) => parent.insertBefore(row, after));
  }

  function announce(text) {
    let status = document.getElementById("reorder-status");
    if (!status) {
      status = document.createElement("p");
      status.id = "reorder-status";
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      document.body.append(status);
    }
    status.textContent = text;
  }

  function move(row, prefix, step, button) {
    const rows = rowsOf(prefix);
    const i = rows.indexOf(row);
    const other = rows[i + step];
    if (!other) return;
    if (step < 0) other.before(row); else other.after(row);
    renumber(prefix);
    button.focus();
    if (button.disabled) row.querySelector(step < 0 ? ".reorder__down" : ".reorder__up").focus();
    const order = orderInput(row, prefix);
    announce(ORDERED[prefix].noun.replace(/^./, (c) => c.toUpperCase()) + " moved to place " + order.value + ".");
    row.closest("form").dispatchEvent(new Event("change", { bubbles: true }));
  }

  function addMoveButtons(row, prefix) {
    if (row.querySelector(".reorder")) return;
    const heading = row.querySelector("h3");
    const box = document.createElement("span");
    box.className = "reorder";
    [["reorder__up", "↑", -1], ["reorder__down", "↓", 1]].forEach(([className, arrow, step]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "reorder__button " + className;
      button.textContent = arrow;
      button.addEventListener("click", () => move(row, prefix, step, button));
      box.append(button);
    });
    heading.querySelector(".inline_label").after(box);
    const order = orderInput(row, prefix);
    if (order) {
      order.readOnly = true;
      order.classList.add("order-auto");
      order.title = "Set by the order shown; use the ↑ ↓ buttons to move.";
    }
  }

  function orderedInlines(form) {
    Object.keys(ORDERED).forEach((prefix) => {
      if (!document.getElementById(prefix + "-group")) return;
      rowsOf(prefix).forEach((row) => addMoveButtons(row, prefix));
      sortByNumber(prefix);
      renumber(prefix);
    });
    form.addEventListener("input", (event) => renumberAround(event.target));
    form.addEventListener("change", (event) => renumberAround(event.target));
    document.addEventListener("formset:added", (event) => {
      const prefix = event.detail.formsetName;
      if (!ORDERED[prefix]) return;
      addMoveButtons(event.target, prefix);
      renumber(prefix);
    });
    // Django renames the rows after removing a new one by where they stand on the page; put them
    // back in formset order first, so saved rows keep the first names, then restore the order shown.
    document.addEventListener("click", (event) => {
      const link = event.target.closest(".inline-deletelink");
      const row = link && link.closest(".inline-related");
      const prefix = row && row.id.replace(/-\d+$/, "");
      if (!ORDERED[prefix]) return;
      const rows = rowsOf(prefix);
      placeInOrder(rows, rows.slice().sort((a, b) => rowIndex(a) - rowIndex(b)));
    }, true);
    document.addEventListener("formset:removed", (event) => {
      const prefix = event.detail.formsetName;
      if (!ORDERED[prefix]) return;
      setTimeout(() => { sortByNumber(prefix); renumber(prefix); }, 0);
    });
  }

  function renumberAround(field) {
    const row = field.closest && field.closest(".inline-related");
    const prefix = row && row.id.replace(/-\d+$/, "");
    if (ORDERED[prefix] && field !== orderInput(row, prefix)) renumber(prefix);
  }

  /* What is typed: a snapshot of the form, to tell changes and to keep as a draft */

  function fieldsOf(form) {
    return Array.from(form.elements).filter((el) =>
      el.name && !SKIPPED_TYPES.has(el.type) && !isTemplate(el) && el.name !== "csrfmiddlewaretoken");
  }

  function snapshot(form) {
    const values = {};
    fieldsOf(form).forEach((el) => {
      if (el.type === "radio") {
        if (el.checked) values[el.name] = el.value;
      } else if (el.type === "checkbox") {
        values[el.name] = el.checked;
      } else if (el.type === "select-multiple") {
        values[el.name] = Array.from(el.selectedOptions).map((o) => o.value);
      } else if (el.type === "select-one") {
        const chosen = el.selectedOptions[0];
        values[el.name] = { value: el.value, label: chosen ? chosen.textContent : "" };
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function rowCounts(form) {
    const rows = {};
    form.querySelectorAll("input[name$='-TOTAL_FORMS']").forEach((input) => {
      rows[input.name.replace(/-TOTAL_FORMS$/, "")] = Number(input.value);
    });
    return rows;
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function restore(form, draft) {
    Object.entries(draft.rows || {}).forEach(([prefix, total]) => {
      const totalInput = form.querySelector(`input[name='${prefix}-TOTAL_FORMS']`);
      const add = document.querySelector(`#${prefix}-group .add-row a`);
      while (totalInput && add && Number(totalInput.value) < total) add.click();
    });
    fieldsOf(form).forEach((el) => {
      if (!(el.name in draft.values)) return;
      const value = draft.values[el.name];
      if (el.type === "radio") {
        el.checked = el.value === value;
      } else if (el.type === "checkbox") {
        el.checked = Boolean(value);
      } else if (el.type === "select-multiple") {
        Array.from(el.options).forEach((o) => { o.selected = value.includes(o.value); });
      } else if (el.type === "select-one") {
        // Autocomplete fields hold only the chosen option: bring it back with its label.
        if (value.value && !Array.from(el.options).some((o) => o.value === value.value)) {
          el.append(new Option(value.label, value.value));
        }
        el.value = value.value;
      } else {
        el.value = value;
      }
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
    Object.keys(ORDERED).forEach((prefix) => { sortByNumber(prefix); renumber(prefix); });
  }

  /* Warn before leaving unsaved changes; keep them in this browser until the article is saved */

  function draftKey() {
    return DRAFT_PREFIX + window.location.pathname;
  }

  function readDraft(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key));
    } catch (error) {
      return null;
    }
  }

  function forgetSavedDraft() {
    const submitted = window.sessionStorage.getItem(SUBMITTED_KEY);
    window.sessionStorage.removeItem(SUBMITTED_KEY);
    const saved = document.querySelector(".messagelist .success") && !document.querySelector(".errornote");
    if (submitted && saved) window.localStorage.removeItem(submitted);
  }

  function offerDraft(form, draft, onRestore) {
    const offer = document.createElement("div");
    offer.className = "draft-offer";
    offer.setAttribute("role", "region");
    offer.setAttribute("aria-labelledby", "draft-offer-text");
    const text = document.createElement("p");
    text.id = "draft-offer-text";
    const when = new Date(draft.kept).toLocaleString();
    text.textContent = "This browser kept changes to this article that were not saved (" + when + ").";
    const editedFrom = form.querySelector("input[name=edited_from]");
    if (editedFrom && draft.editedFrom && editedFrom.value !== draft.editedFrom) {
      text.textContent += " The article has been saved since: restoring puts your kept text over the saved one.";
    }
    const restoreButton = document.createElement("button");
    restoreButton.type = "button";
    restoreButton.className = "button default";
    restoreButton.textContent = "Restore the unsaved changes";
    const discardButton = document.createElement("button");
    discardButton.type = "button";
    discardButton.className = "button";
    discardButton.textContent = "Discard them";
    restoreButton.addEventListener("click", () => {
      offer.remove();
      onRestore();
    });
    discardButton.addEventListener("click", () => {
      window.localStorage.removeItem(draftKey());
      offer.remove();
    });
    const buttons = document.createElement("p");
    buttons.className = "draft-offer__buttons";
    buttons.append(restoreButton, " ", discardButton);
    offer.append(text, buttons);
    form.prepend(offer);
  }

  function keepDrafts(form) {
    const key = draftKey();
    const baseline = snapshot(form);
    const editedFrom = form.querySelector("input[name=edited_from]");
    let submitting = false;
    const changed = () => !same(snapshot(form), baseline);
    const keep = debounce(() => {
      if (submitting) return;
      if (!changed()) {
        window.localStorage.removeItem(key);
        return;
      }
      const draft = {
        kept: Date.now(),
        editedFrom: editedFrom ? editedFrom.value : "",
        rows: rowCounts(form),
        values: snapshot(form),
      };
      try {
        window.localStorage.setItem(key, JSON.stringify(draft));
      } catch (error) {
        // Storage full or refused: the leave warning still protects the text.
      }
    }, 400);
    ["input", "change"].forEach((type) => form.addEventListener(type, keep));
    document.addEventListener("formset:added", keep);
    document.addEventListener("formset:removed", keep);

    // After an error the form already shows what was sent; the draft stays for a later visit.
    const draft = document.querySelector(".errornote") ? null : readDraft(key);
    if (draft && draft.values && !same(draft.values, baseline)) offerDraft(form, draft, () => restore(form, draft));

    form.addEventListener("submit", () => {
      submitting = true;
      if (changed()) window.localStorage.setItem(key, JSON.stringify({ ...readDraft(key), kept: Date.now(), values: snapshot(form), rows: rowCounts(form) }));
      window.sessionStorage.setItem(SUBMITTED_KEY, key);
      rememberChosenFiles(form);
    });
    window.addEventListener("beforeunload", (event) => {
      if (submitting || !changed()) return;
      event.preventDefault();
      event.returnValue = "";  // older browsers want a value to show their warning
    });
  }

  /* Browsers never put a chosen file back into a form: after an error, say so by the field. */

  function rememberChosenFiles(form) {
    const chosen = {};
    form.querySelectorAll("input[type=file]").forEach((input) => {
      if (input.files && input.files.length) chosen[input.name] = input.files[0].name;
    });
    window.sessionStorage.setItem(UPLOADS_KEY, JSON.stringify(chosen));
  }

  function askForFilesAgain(form) {
    let chosen = {};
    try {
      chosen = JSON.parse(window.sessionStorage.getItem(UPLOADS_KEY)) || {};
    } catch (error) {
      chosen = {};
    }
    window.sessionStorage.removeItem(UPLOADS_KEY);
    if (!document.querySelector(".errornote")) return;
    Object.entries(chosen).forEach(([name, fileName]) => {
      const input = form.querySelector(`input[type=file][name='${name}']`);
      if (!input) return;
      const note = document.createElement("p");
      note.className = "errornote file-again";
      note.setAttribute("role", "alert");
      note.textContent = "You chose “" + fileName + "”, but a browser does not keep a chosen file " +
        "when the form comes back with an error: choose it again before saving.";
      placeBelow(input, note);
    });
  }

  function enhance(root) {
    COUNTED.forEach((selector) => root.querySelectorAll(selector).forEach(characterCount));
    root.querySelectorAll("input[name=tags], input[name$='-tags']").forEach(tagSuggestions);
  }

  function start() {
    forgetSavedDraft();
    const form = document.getElementById("article_form");
    const body = document.querySelector("textarea[name=body]");
    if (body) livePreview(body);
    enhance(document);
    document.addEventListener("formset:added", (event) => enhance(event.target));
    if (!form) return;
    orderedInlines(form);
    askForFilesAgain(form);
    keepDrafts(form);
  }

  // After the admin's own jQuery set-up (inlines, autocomplete), so the form is complete when read.
  document.addEventListener("DOMContentLoaded", () => (window.django && window.django.jQuery ? window.django.jQuery(start) : start()));
})();
