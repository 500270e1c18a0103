/* "Propose from text" on the article form: paste a report, get its speakers, quotes and numbered
   priorities from the server, tick and correct them, and "Use these" fills the quote and priority
   rows as if typed. New speakers are added only when the article is saved (just before the form is
   sent); nothing else is saved by this panel. Plain DOM, no inline code (strict CSP). */
"use strict";
(function () {
  const ROW_FIELDS = {
    quotes: ["text", "speaker"],
    priorities: ["title", "description", "speaker"],
  };

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([key, value]) => {
      if (key === "className") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (value === true) node.setAttribute(key, "");
      else if (value !== false && value !== null && value !== undefined) node.setAttribute(key, value);
    });
    children.forEach((child) => child && node.append(child));
    return node;
  }

  let counter = 0;
  function uid(prefix) {
    counter += 1;
    return "propose-" + prefix + "-" + counter;
  }

  /* A labelled control: <label for> + the input, so a screen reader names each field. */
  function labelled(labelText, control) {
    control.id = control.id || uid("field");
    return element("div", { className: "propose__field" }, element("label", { for: control.id, text: labelText }), control);
  }

  function textInput(value, extra) {
    return element("input", { type: "text", value: value || "", className: "vTextField", ...extra });
  }

  function textArea(value, rows) {
    const area = element("textarea", { rows: String(rows || 2) });
    area.value = value || "";
    return area;
  }

  function source(text) {
    return element("blockquote", { className: "propose__source" }, element("span", { className: "propose__source-label", text: "From: " }), text);
  }

  /* Panel state */

  const state = { data: null, speakers: [], quotes: [], priorities: [], pending: new Map() };

  function speakerChoices() {
    return state.speakers.filter((s) => s.tick.checked).map((s) => s.name.value.trim()).filter(Boolean);
  }

  function speakerSelect(current) {
    const select = element("select", {});
    select.append(new Option("(no speaker)", ""));
    state.speakers.forEach((s) => select.append(new Option(s.original, s.original, false, s.original === current)));
    return select;
  }

  function item(list, tick, heading, ...parts) {
    const id = uid("item");
    tick.id = id + "-tick";
    const li = element("li", { className: "propose__item" });
    const head = element("div", { className: "propose__head" }, tick, element("label", { for: tick.id, text: heading }));
    li.append(head, ...parts);
    list.append(li);
    tick.addEventListener("change", () => li.classList.toggle("propose__item--off", !tick.checked));
    li.classList.toggle("propose__item--off", !tick.checked);
    return li;
  }

  function renderSpeakers(container, speakers, canAdd) {
    const list = element("ul", { className: "propose__list" });
    state.speakers = speakers.map((speaker) => {
      const onFile = Boolean(speaker.existing_id);
      const tick = element("input", { type: "checkbox", checked: onFile || canAdd });
      const name = textInput(speaker.name, { readonly: onFile });
      const position = textInput(speaker.position, { readonly: onFile });
      const organisation = textInput(speaker.organisation, { readonly: onFile });
      const note = onFile
        ? "On file: " + speaker.existing_label + " (picked as it is; edit the speaker on its own page)."
        : canAdd ? "New: added when you save the article." : "Not on file, and you may not add speakers: choose an existing speaker in the rows.";
      if (!onFile && !canAdd) tick.disabled = true;
      item(list, tick, speaker.name,
        element("div", { className: "propose__fields" }, labelled("Name", name), labelled("Position", position), labelled("Organisation", organisation)),
        element("p", { className: "help", text: note }), source(speaker.source));
      return { original: speaker.name, existingId: speaker.existing_id, existingLabel: speaker.existing_label, tick, name, position, organisation };
    });
    container.append(element("h3", { text: "Speakers (" + speakers.length + ")" }), list);
  }

  function renderQuotes(container, quotes) {
    const list = element("ul", { className: "propose__list" });
    state.quotes = quotes.map((quote) => {
      const tick = element("input", { type: "checkbox", checked: !quote.reported });
      const speaker = speakerSelect(quote.speaker);
      const text = textArea(quote.text, 3);
      const heading = (quote.reported ? "Reported speech (no quotation marks) by " : "Quote by ") + (quote.speaker || "nobody named");
      item(list, tick, heading, element("div", { className: "propose__fields" }, labelled("Speaker", speaker), labelled("Words", text)), source(quote.source));
      return { tick, speaker, text };
    });
    container.append(element("h3", { text: "Quotes (" + quotes.length + ")" }), list);
  }

  function renderPriorities(container, priorities) {
    const list = element("ul", { className: "propose__list" });
    state.priorities = priorities.map((priority) => {
      const tick = element("input", { type: "checkbox", checked: true });
      const title = textInput(priority.title);
      const description = textArea(priority.description, 2);
      const speaker = speakerSelect(priority.speaker);
      item(list, tick, "Priority " + priority.number + ": " + priority.title,
        element("div", { className: "propose__fields" }, labelled("Title", title), labelled("Description", description), labelled("Set out by", speaker)),
        source(priority.source));
      return { tick, title, description, speaker };
    });
    container.append(element("h3", { text: "Priorities (" + priorities.length + ")" }), list);
  }

  function render(panel, data) {
    const results = panel.querySelector("#propose-results");
    results.replaceChildren();
    state.data = data;
    const canAdd = panel.dataset.canAddSpeakers === "1";
    renderSpeakers(results, data.speakers, canAdd);
    renderQuotes(results, data.quotes);
    renderPriorities(results, data.priorities);
    const bodyTick = element("input", { type: "checkbox", id: "propose-use-body" });
    const use = element("button", { type: "button", className: "button default", id: "propose-use", text: "Use these" });
    results.append(
      element("p", { className: "propose__body-choice" }, bodyTick, " ",
        element("label", { for: "propose-use-body", text: "Also put the pasted text into the body (replaces what it holds)" })),
      element("p", {}, use));
    use.addEventListener("click", () => useThese(panel));
    results.hidden = false;
  }

  /* Filling the inline rows */

  function rowsOf(prefix) {
    const group = document.getElementById(prefix + "-group");
    return group ? Array.from(group.querySelectorAll(".inline-related:not(.empty-form)")) : [];
  }

  function field(row, prefix, name) {
    return row.querySelector(`[name$='-${name}']`);
  }

  function isEmptyRow(row, prefix) {
    const id = row.querySelector("input[name$='-id']");
    if (id && id.value) return false;
    return ROW_FIELDS[prefix].every((name) => {
      const input = field(row, prefix, name);
      return !input || !input.value.trim();
    });
  }

  function freeRow(prefix) {
    const empty = rowsOf(prefix).find((row) => isEmptyRow(row, prefix));
    if (empty) return empty;
    const add = document.querySelector(`#${prefix}-group .add-row a`);
    if (!add) return null;
    add.click();
    const rows = rowsOf(prefix);
    return rows[rows.length - 1];
  }

  function setValue(input, value) {
    if (!input) return;
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function chosenSpeaker(name) {
    const speaker = state.speakers.find((s) => s.original === name);
    if (!speaker || !speaker.tick.checked) return null;
    if (speaker.existingId) return { id: String(speaker.existingId), label: speaker.existingLabel };
    return { pending: speaker };
  }

  function pickSpeaker(select, choice, row) {
    if (!select) return;
    row.querySelectorAll(".propose__pending").forEach((note) => note.remove());
    delete select.dataset.pendingSpeaker;
    if (!choice) return;
    if (choice.pending) {
      const key = choice.pending.name.value.trim();
      state.pending.set(key, choice.pending);
      select.dataset.pendingSpeaker = key;
      const note = element("p", { className: "help propose__pending", text: "New speaker “" + key + "”: added when you save the article." });
      (select.closest(".form-row") || select.parentNode).append(note);
      return;
    }
    chooseOption(select, choice.id, choice.label);
  }

  function chooseOption(select, id, label) {
    if (!Array.from(select.options).some((o) => o.value === id)) select.append(new Option(label, id));
    select.value = id;
    if (window.django && window.django.jQuery) window.django.jQuery(select).trigger("change");
    else select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function useThese(panel) {
    let quotes = 0;
    let priorities = 0;
    state.quotes.filter((q) => q.tick.checked && q.text.value.trim()).forEach((quote) => {
      const row = freeRow("quotes");
      if (!row) return;
      setValue(field(row, "quotes", "text"), quote.text.value.trim());
      pickSpeaker(field(row, "quotes", "speaker"), chosenSpeaker(quote.speaker.value), row);
      quotes += 1;
    });
    state.priorities.filter((p) => p.tick.checked && p.title.value.trim()).forEach((priority) => {
      const row = freeRow("priorities");
      if (!row) return;
      setValue(field(row, "priorities", "title"), priority.title.value.trim());
      setValue(field(row, "priorities", "description"), priority.description.value.trim());
      pickSpeaker(field(row, "priorities", "speaker"), chosenSpeaker(priority.speaker.value), row);
      priorities += 1;
    });
    const body = document.querySelector("textarea[name=body]");
    const bodyTick = panel.querySelector("#propose-use-body");
    if (body && bodyTick && bodyTick.checked) setValue(body, state.data.text);
    const pending = state.pending.size;
    say(panel, "Added " + quotes + " quote" + (quotes === 1 ? "" : "s") + " and " + priorities + " priorit" +
      (priorities === 1 ? "y" : "ies") + " to the form below" +
      (pending ? "; " + pending + " new speaker" + (pending === 1 ? " is" : "s are") + " added when you save" : "") +
      ". Check them, then save the article.");
    const first = document.getElementById("quotes-group") || document.getElementById("priorities-group");
    if (first) first.scrollIntoView({ block: "start" });
  }

  function say(panel, text, isError) {
    const status = panel.querySelector("#propose-status");
    status.textContent = text;
    status.classList.toggle("errornote", Boolean(isError));
  }

  /* New speakers: added just before the form is sent, then the form is sent as the editor asked. */

  function post(url, fields) {
    const data = new FormData();
    Object.entries(fields).forEach(([key, value]) => data.append(key, value));
    return fetch(url, { method: "POST", body: data, headers: { "X-CSRFToken": csrfToken() }, credentials: "same-origin" })
      .then((response) => response.json().catch(() => ({})).then((json) => (response.ok ? json : Promise.reject(json.error || "The server refused (" + response.status + ")."))));
  }

  function addPendingSpeakers(panel, form, submitter) {
    const waiting = Array.from(form.querySelectorAll("select[data-pending-speaker]"));
    const names = Array.from(new Set(waiting.map((select) => select.dataset.pendingSpeaker)));
    say(panel, "Adding " + names.length + " new speaker" + (names.length === 1 ? "" : "s") + "…");
    const added = {};
    return names.reduce((chain, name) => chain.then(() => {
      const speaker = state.pending.get(name);
      return post(panel.dataset.speakerUrl, {
        name: speaker ? speaker.name.value : name,
        position: speaker ? speaker.position.value : "",
        organisation: speaker ? speaker.organisation.value : "",
      }).then((json) => { added[name] = json; });
    }), Promise.resolve()).then(() => {
      waiting.forEach((select) => {
        const json = added[select.dataset.pendingSpeaker];
        delete select.dataset.pendingSpeaker;
        chooseOption(select, String(json.id), json.text);
      });
      form.querySelectorAll(".propose__pending").forEach((note) => note.remove());
      state.pending.clear();
      if (submitter) form.requestSubmit(submitter); else form.requestSubmit();
    }).catch((error) => say(panel, "The new speakers could not be added, so nothing was saved: " + error, true));
  }

  function start() {
    const panel = document.getElementById("propose-panel");
    const form = document.getElementById("article_form");
    if (!panel || !form) return;
    const text = panel.querySelector("#propose-text");
    const run = panel.querySelector("#propose-run");
    run.addEventListener("click", () => {
      run.disabled = true;
      say(panel, "Reading the report…");
      post(panel.dataset.url, { text: text.value })
        .then((data) => {
          render(panel, data);
          say(panel, "Found " + data.speakers.length + " speakers, " + data.quotes.length + " quotes and " +
            data.priorities.length + " priorities. Tick what to keep, correct it, then “Use these”.");
        })
        .catch((error) => say(panel, typeof error === "string" ? error : "The proposals could not be made; try again.", true))
        .finally(() => { run.disabled = false; });
    });
    // Capture phase on the document: runs before the form's own submit handlers (the draft keeper).
    document.addEventListener("submit", (event) => {
      if (event.target !== form || !form.querySelector("select[data-pending-speaker]")) return;
      event.preventDefault();
      event.stopPropagation();
      addPendingSpeakers(panel, form, event.submitter);
    }, true);
  }

  document.addEventListener("DOMContentLoaded", () => (window.django && window.django.jQuery ? window.django.jQuery(start) : start()));
})();
