/* Editor comfort in the article form: live Markdown preview, character counts, tag suggestions.
   Plain DOM, no inline code, so the admin keeps a strict Content-Security-Policy. */
"use strict";
(function () {
  const PREVIEW_URL = "/preview/markdown/";
  const TAGS_URL = "/preview/tags/";
  const COUNTED = ["textarea[name=standfirst]", "textarea[name$='-text']"];
  const STANDFIRST_ADVICE = 280;

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

  function livePreview(body) {
    const panel = document.createElement("div");
    panel.className = "md-preview prose";
    panel.setAttribute("aria-live", "polite");
    panel.setAttribute("aria-label", "Preview of the body");
    body.closest(".form-row, .fieldBox, div").after(panel);
    const refresh = debounce(function () {
      const data = new FormData();
      data.append("text", body.value);
      fetch(PREVIEW_URL, { method: "POST", body: data, headers: { "X-CSRFToken": csrfToken() }, credentials: "same-origin" })
        .then((response) => response.json())
        .then((json) => { panel.innerHTML = json.html; })  // sanitised by the server (nh3)
        .catch(() => { panel.textContent = "Preview unavailable."; });
    }, 300);
    body.addEventListener("input", refresh);
    refresh();
  }

  function characterCount(field) {
    if (field.dataset.counted) return;
    field.dataset.counted = "1";
    const counter = document.createElement("p");
    counter.className = "char-count help";
    counter.setAttribute("aria-live", "polite");
    const update = () => {
      const n = field.value.length;
      counter.textContent = n + " character" + (n === 1 ? "" : "s");
      counter.classList.toggle("char-count--long", field.name === "standfirst" && n > STANDFIRST_ADVICE);
    };
    field.addEventListener("input", update);
    field.after(counter);
    update();
  }

  function tagSuggestions(input) {
    if (input.dataset.suggesting) return;
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
            list.replaceChildren();
            input.focus();
          });
          item.append(button);
          list.append(item);
        }));
    }, 200);
    input.addEventListener("input", show);
  }

  function enhance(root) {
    COUNTED.forEach((selector) => root.querySelectorAll(selector).forEach(characterCount));
    root.querySelectorAll("input[name=tags], input[name$='-tags']").forEach(tagSuggestions);
  }

  document.addEventListener("DOMContentLoaded", function () {
    const body = document.querySelector("textarea[name=body]");
    if (body) livePreview(body);
    enhance(document);
    document.addEventListener("formset:added", (event) => enhance(event.target));
  });
})();
