// The one type-ahead picker (coso/core/picker.py): units (coso/org/picker.py, /units/suggest/)
// and persons (coso/people/picker.py, /people/suggest/). A text box with the ARIA combobox
// pattern (list of suggestions, arrow keys, Enter, Escape), asking the picker's suggest URL as
// the user types and writing the chosen row's id into the hidden input. Without this script
// the text box is sent as typed (a unit's code, a person's full name) and the server looks
// it up in the form's own scope.
(function () {
  "use strict";
  var DELAY_MS = 200;

  // The same folding as coso/core/text.py fold(): lower case, no tone or vowel marks, đ → d.
  function fold(text) {
    return String(text || "").replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  }

  function setup(root) {
    var input = root.querySelector("[data-picker-text]");
    var hidden = root.querySelector("[data-picker-id]");
    var list = root.querySelector("[role=listbox]");
    var status = root.querySelector("[data-picker-status]");
    if (!input || !hidden || !list) { return; }
    var items = [];
    var active = -1;
    var timer = null;
    var asked = 0;
    var chosenText = hidden.value ? input.value : null;
    var resultKey = root.getAttribute("data-result-key") || "units";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      Array.prototype.forEach.call(options, function (option, i) {
        var on = i === index;
        option.setAttribute("aria-selected", on ? "true" : "false");
        option.classList.toggle("active", on);
        if (on) {
          input.setAttribute("aria-activedescendant", option.id);
          if (option.scrollIntoView) { option.scrollIntoView({ block: "nearest" }); }
        }
      });
      active = index;
    }

    function choose(index) {
      var unit = items[index];
      if (!unit) { return; }
      hidden.value = String(unit.id);
      input.value = unit.name;
      chosenText = unit.name;
      close();
      status.textContent = root.getAttribute("data-chosen-label") + " " + unit.name;
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function render(units) {
      items = units;
      list.textContent = "";
      units.forEach(function (unit, i) {
        var option = document.createElement("li");
        option.id = list.id + "_" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "list-group-item list-group-item-action unit-picker-option";
        option.setAttribute("data-picker-value", String(unit.id));
        var name = document.createElement("span");
        name.className = "unit-picker-name";
        name.textContent = unit.name;
        option.appendChild(name);
        var detail = unit.detail || [unit.code, unit.level, unit.parent].filter(Boolean).join(" · ");
        if (detail) {
          var small = document.createElement("small");
          small.className = "d-block text-muted";
          small.textContent = detail;
          option.appendChild(small);
        }
        // mousedown keeps the focus in the text box; click (touch included) chooses.
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(i); });
        list.appendChild(option);
      });
      if (units.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = root.getAttribute("data-count-label").replace("{n}", String(units.length));
      } else {
        close();
        status.textContent = root.getAttribute("data-none-label");
      }
      active = -1;
    }

    function ask() {
      var q = input.value.trim();
      if (!q) { render([]); status.textContent = ""; return; }
      var params = new URLSearchParams({ q: q });
      Array.prototype.forEach.call(root.attributes, function (attr) {
        if (attr.name.indexOf("data-param-") === 0 && attr.value) {
          params.set(attr.name.slice("data-param-".length), attr.value);
        }
      });
      var mine = ++asked;
      fetch(root.getAttribute("data-suggest-url") + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) { return response.ok ? response.json() : {}; })
        .then(function (data) { if (mine === asked) { render(data[resultKey] || []); } })
        .catch(function () { if (mine === asked) { offline(q); } });
    }

    // No network: the units of the cadre's area kept on the phone (outbox.js), if any; else
    // the typed code is sent as it is.
    function offline(q) {
      var O = window.CosoOutbox;
      if (!root.hasAttribute("data-offline") || !O || !O.getContext) { return; }
      var wanted = fold(q);
      O.getContext().then(function (ctx) {
        var units = (ctx && ctx.cadre && ctx.cadre.units) || [];
        render(units.filter(function (unit) {
          return fold(unit.name).indexOf(wanted) !== -1 || fold(unit.code || "").indexOf(wanted) === 0;
        }).slice(0, 20));
      }).catch(function () {});
    }

    input.addEventListener("input", function () {
      if (input.value !== chosenText) { hidden.value = ""; chosenText = null; }
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && items.length > 0;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) { ask(); return; }
        highlight(active + 1 >= items.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp") {
        if (!open) { return; }
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) { event.preventDefault(); choose(active); }
        else if (open && items.length === 1) { event.preventDefault(); choose(0); }
      } else if (event.key === "Escape") {
        if (open) { event.preventDefault(); close(); }
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    // Another script may narrow the search (visits.js: the cadre's area until "đột xuất").
    root.addEventListener("unitpicker:refresh", function () { if (input.value) { ask(); } });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-picker]"), setup);
  });
})();
