// Record a visit: the unit picker suggests only the units of the cadre's assigned area
// (its data-param-under, set by the form) until "đột xuất" is ticked.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.querySelector("input[data-area-picker]");
    var adHoc = document.querySelector("input[data-ad-hoc]");
    var picker = input ? input.closest("[data-unit-picker]") : null;
    if (!picker || !adHoc) { return; }
    var area = picker.getAttribute("data-param-under") || "";
    if (!area) { return; }
    function apply() {
      if (adHoc.checked) { picker.removeAttribute("data-param-under"); }
      else { picker.setAttribute("data-param-under", area); }
      picker.dispatchEvent(new Event("unitpicker:refresh"));
    }
    apply();
    adHoc.addEventListener("change", apply);
  });
})();
