// The demo page (GET /): sends the text to POST /tag like any other client and shows the
// answer: the text with its entities marked, a table of them, and the JSON itself.
//
// Everything the user typed or the service answered goes into the page as text
// (textContent, createTextNode), never as HTML: a "<script>" in the text shows as text.
//
// The service's offsets count code points (they are Python string indices); JavaScript
// strings count UTF-16 units, in which an emoji takes two. So the text is cut into code
// points with Array.from before slicing it at the entities' offsets.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("tag-form");
  const textInput = document.getElementById("text");
  const textCount = document.getElementById("text-count");
  const minScoreInput = document.getElementById("min-score");
  const submitButton = document.getElementById("submit");
  const status = document.getElementById("status");
  const errorBox = document.getElementById("error");
  const results = document.getElementById("results");
  const highlighted = document.getElementById("highlighted");
  const tableBody = document.querySelector("#entity-table tbody");
  const json = document.getElementById("json");
  const maxChars = Number(textInput.dataset.maxChars);
  const typeBoxes = Array.from(document.querySelectorAll('input[name="label"]'));

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function formatScore(score) {
    return score.toFixed(3);
  }

  function countCharacters() {
    const count = Array.from(textInput.value).length;  // as the service counts: code points
    textCount.textContent =
      `${count.toLocaleString("en")} of ${maxChars.toLocaleString("en")} characters` +
      (count > maxChars ? " (over the limit: the service will refuse it)" : "");
    textCount.classList.toggle("over", count > maxChars);
  }

  // The /tag options go into the request only when set away from their defaults (all types,
  // no minimum score), so a plain request is exactly what any server version accepts.
  function requestBody(text) {
    const body = { text };
    const chosen = typeBoxes.filter((box) => box.checked).map((box) => box.value);
    if (chosen.length < typeBoxes.length) body.labels = chosen;
    const minScore = Number(minScoreInput.value);
    if (minScore > 0) body.min_score = minScore;
    return body;
  }

  function showHighlights(text, entities) {
    const chars = Array.from(text);
    const ordered = entities.slice().sort((a, b) => a.start - b.start);
    const pieces = [];
    let at = 0;
    for (const entity of ordered) {
      if (entity.start < at) continue;  // overlapping spans: the service sends none
      pieces.push(document.createTextNode(chars.slice(at, entity.start).join("")));
      const mark = element("mark", `entity type-${entity.label}`);
      mark.tabIndex = 0;  // focusable, so the score shows for keyboard users too
      mark.dataset.label = entity.label;
      mark.dataset.start = entity.start;
      mark.dataset.end = entity.end;
      mark.append(
        element("span", "entity-text", chars.slice(entity.start, entity.end).join("")),
        element("span", "entity-label", entity.label),
        element("span", "entity-score", `score ${formatScore(entity.score)}`),
      );
      pieces.push(mark);
      at = entity.end;
    }
    pieces.push(document.createTextNode(chars.slice(at).join("")));
    highlighted.replaceChildren(...pieces);
  }

  function showTable(entities) {
    const rows = entities.map((entity) => {
      const row = element("tr");
      const type = element("td");
      type.append(element("span", `type-badge type-${entity.label}`, entity.label));
      row.append(element("td", "", entity.text), type,
        element("td", "number", formatScore(entity.score)),
        element("td", "number", String(entity.start)), element("td", "number", String(entity.end)));
      return row;
    });
    if (rows.length === 0) {
      const row = element("tr");
      const cell = element("td", "", "No entities found.");
      cell.colSpan = 5;
      row.append(cell);
      rows.push(row);
    }
    tableBody.replaceChildren(...rows);
  }

  function showAnswer(text, answer, milliseconds, cache) {
    showHighlights(text, answer.entities);
    showTable(answer.entities);
    json.textContent = JSON.stringify(answer, null, 2);
    results.hidden = false;
    const found = answer.entities.length;
    const count = answer.sentences && answer.sentences.length;  // answers with sentences only
    const sentences = count ? ` in ${count} sentence${count === 1 ? "" : "s"}` : "";
    status.textContent = `Found ${found} entit${found === 1 ? "y" : "ies"}${sentences}, ` +
      `answered in ${Math.round(milliseconds)} ms` + (cache ? ` (cache: ${cache})` : "") + ".";
  }

  // The service's own message, with a headline in plain words for what went wrong.
  function showError(httpStatus, body) {
    const error = (body && body.error) || {};
    const info = error.details || {};
    let title;
    let details = "";
    if (httpStatus === 413) {
      title = "The text is too long for the service.";
      if (info.limit !== undefined) {
        details = `Limit: ${Number(info.limit).toLocaleString("en")}; ` +
          `this text: ${Number(info.actual).toLocaleString("en")}.`;
      }
    } else if (httpStatus === 422) {
      title = "The service did not accept the request.";
      // details name each field and what is wrong with it: {"labels": ["Unknown field."]}
      details = Object.entries(info).map(([field, problems]) => `${field}: ` +
        [].concat(problems).map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" "))
        .join(" ");
    } else if (httpStatus >= 500) {
      title = "The service failed to answer. Please try again later.";
    } else {
      title = `The service refused the request (HTTP ${httpStatus}).`;
    }
    showProblem(title, error.message || "", details + (error.code ? ` (code: ${error.code})` : ""));
  }

  function showProblem(title, message, details) {
    document.getElementById("error-title").textContent = title;
    document.getElementById("error-message").textContent = message;
    document.getElementById("error-details").textContent = details || "";
    errorBox.hidden = false;
    results.hidden = true;
    status.textContent = "";
  }

  async function tag(event) {
    event.preventDefault();
    const text = textInput.value;
    errorBox.hidden = true;
    if (text.trim() === "") {
      showProblem("There is no text to tag.", "Type or paste some text, or pick an example.");
      textInput.focus();
      return;
    }
    const body = requestBody(text);
    if (body.labels && body.labels.length === 0) {
      showProblem("No entity type is chosen.", "Tick at least one type to show.");
      return;
    }
    submitButton.disabled = true;
    status.textContent = "Finding entities…";
    const started = performance.now();
    try {
      const response = await fetch("./tag", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
      });
      let answer = null;
      try {
        answer = await response.json();
      } catch (notJson) {
        answer = null;  // a proxy's HTML error page, say: the status still tells the story
      }
      if (response.ok && answer) {
        showAnswer(text, answer, performance.now() - started, response.headers.get("X-Cache"));
      } else {
        showError(response.status, answer);
      }
    } catch (failure) {
      showProblem("Could not reach the service.", "Check that it is running and try again.",
        String(failure));
    } finally {
      submitButton.disabled = false;
    }
  }

  async function copyJson() {
    const button = document.getElementById("copy-json");
    try {
      await navigator.clipboard.writeText(json.textContent);
    } catch (notAllowed) {
      // No clipboard API on plain-HTTP pages other than localhost: copy the selection instead.
      const range = document.createRange();
      range.selectNodeContents(json);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      if (!document.execCommand("copy")) {
        status.textContent =
          "Copying is blocked here: the JSON is selected, press Ctrl+C to copy it.";
        return;
      }
      selection.removeAllRanges();
    }
    status.textContent = "Copied the JSON answer.";
    button.focus();
  }

  for (const button of document.querySelectorAll("button.example")) {
    button.addEventListener("click", () => {
      textInput.value = button.dataset.text;
      countCharacters();
      form.requestSubmit();
    });
  }
  textInput.addEventListener("input", countCharacters);
  textInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
  form.addEventListener("submit", tag);
  document.getElementById("copy-json").addEventListener("click", copyJson);
  countCharacters();
});
