// Small behaviours without inline scripts (the content-security policy forbids them).
document.addEventListener("click", function (event) {
  const target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
  }
});

// A button with data-copy-from="#id" copies that field's value; it says so for two seconds.
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-copy-from]");
  if (!button) {
    return;
  }
  const field = document.querySelector(button.dataset.copyFrom);
  if (!field) {
    return;
  }
  const done = function () {
    const label = button.textContent;
    button.textContent = button.dataset.copiedLabel || label;
    window.setTimeout(function () { button.textContent = label; }, 2000);
  };
  const fallback = function () {
    field.select();
    document.execCommand("copy");
    done();
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, fallback);
  } else {
    fallback();
  }
});

// Phone-first (issue 10): every table scrolls inside its own box, never the page.
function cosoWrapTables(root) {
  root.querySelectorAll("main table").forEach(function (table) {
    if (table.closest(".table-responsive")) {
      return;
    }
    const box = document.createElement("div");
    box.className = "table-responsive";
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  });
}

// Date fields stay typed as dd/mm/yyyy (what the server reads, on every phone), with a
// button that opens the phone's own date picker and writes the date back as dd/mm/yyyy.
function cosoDateFields(root) {
  const label = document.documentElement.lang === "en" ? "Open calendar" : "Mở lịch";
  root.querySelectorAll("input[placeholder='dd/mm/yyyy']:not([data-date-ready])").forEach(function (input) {
    input.dataset.dateReady = "1";
    input.dataset.dateText = "1";
    const box = document.createElement("div");
    box.className = "date-field position-relative";
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    const native = document.createElement("input");
    native.type = "date";
    native.className = "date-native";
    native.tabIndex = -1;
    native.setAttribute("aria-hidden", "true");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary date-picker-button";
    button.setAttribute("aria-label", label);
    button.title = label;
    button.textContent = "📅";
    box.appendChild(native);
    box.appendChild(button);
    const iso = function (text) {
      const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec((text || "").trim());
      if (!m) {
        return "";
      }
      return m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2);
    };
    button.addEventListener("click", function () {
      native.value = iso(input.value);
      if (native.showPicker) {
        try {
          native.showPicker();
          return;
        } catch (error) {
          // falls through: focus the native field instead
        }
      }
      native.focus();
    });
    native.addEventListener("change", function () {
      const p = native.value.split("-");
      if (p.length === 3) {
        input.value = p[2] + "/" + p[1] + "/" + p[0];
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    // "12032025" typed on a numeric keypad becomes "12/03/2025".
    input.addEventListener("blur", function () {
      const digits = /^(\d{2})(\d{2})(\d{4})$/.exec(input.value.trim());
      if (digits) {
        input.value = digits[1] + "/" + digits[2] + "/" + digits[3];
      }
    });
  });
}

function cosoPhoneFirst(root) {
  cosoWrapTables(root);
  cosoDateFields(root);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", function () { cosoPhoneFirst(document); });
} else {
  cosoPhoneFirst(document);
}
document.addEventListener("htmx:afterSwap", function (event) { cosoPhoneFirst(event.target); });
