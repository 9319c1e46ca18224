// Registration form: show how many criteria of each kind are chosen against the number required.
(function () {
  "use strict";
  function update(fieldset) {
    var counter = fieldset.querySelector("[data-counter]");
    if (!counter) { return; }
    var need = parseInt(fieldset.getAttribute("data-count"), 10);
    var chosen = fieldset.querySelectorAll("input[name='criterion']:checked").length;
    counter.textContent = counter.getAttribute("data-label") + " " + chosen + "/" + need;
    counter.classList.toggle("text-bg-success", chosen === need);
    counter.classList.toggle("text-bg-warning", chosen > need);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("fieldset[data-count]").forEach(function (fieldset) {
      update(fieldset);
      fieldset.addEventListener("change", function () { update(fieldset); });
    });
  });
})();
