// Record a visit: the unit select shows only the units of the cadre's assigned area
// (options with data-area="1") until "đột xuất" is ticked.
(function () {
  "use strict";
  function apply(select, adHoc) {
    var wide = adHoc.checked;
    var anyArea = select.querySelector("option[data-area]") !== null;
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value || !anyArea) { return; }
      var hide = !wide && !option.hasAttribute("data-area");
      option.hidden = hide;
      option.disabled = hide;
    });
    var current = select.options[select.selectedIndex];
    if (current && current.disabled) { select.value = ""; }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.querySelector("select[data-area-select]");
    var adHoc = document.querySelector("input[data-ad-hoc]");
    if (!select || !adHoc) { return; }
    apply(select, adHoc);
    adHoc.addEventListener("change", function () { apply(select, adHoc); });
  });
})();
