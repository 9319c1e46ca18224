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
