/* Filters for the partner-city tables, by relation type and status.
   Progressive enhancement: without JavaScript the page lists every city and the office
   anchors work; this script only adds the controls. Labels come from the page's data-*
   attributes, so they are in the page's language. */
(function () {
  "use strict";
  var host = document.getElementById("city-filter");
  if (!host) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll(".city-table tr[data-type]"));
  var sections = Array.prototype.slice.call(document.querySelectorAll(".office-cities"));

  function optionsFor(attribute, cellIndex) {
    var seen = {};
    rows.forEach(function (row) {
      seen[row.getAttribute(attribute)] = row.cells[cellIndex].textContent.trim();
    });
    return Object.keys(seen).sort().map(function (value) { return [value, seen[value]]; });
  }

  function select(id, label, options) {
    var wrapper = document.createElement("p");
    var labelElement = document.createElement("label");
    labelElement.htmlFor = id;
    labelElement.textContent = label;
    var element = document.createElement("select");
    element.id = id;
    element.appendChild(new Option(host.dataset.all, ""));
    options.forEach(function (option) { element.appendChild(new Option(option[1], option[0])); });
    wrapper.appendChild(labelElement);
    wrapper.appendChild(element);
    host.appendChild(wrapper);
    return element;
  }

  var type = select("filter-type", host.dataset.labelType, optionsFor("data-type", 2));
  var status = select("filter-status", host.dataset.labelStatus, optionsFor("data-status", 4));
  var result = document.createElement("p");
  result.setAttribute("role", "status");
  host.appendChild(result);

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var visible = (!type.value || row.dataset.type === type.value) &&
                    (!status.value || row.dataset.status === status.value);
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector("tr[data-type]:not([hidden])");
    });
    result.textContent = shown === 1 ? host.dataset.countOne
                                     : host.dataset.count.replace("%(num)s", String(shown));
  }
  type.addEventListener("change", apply);
  status.addEventListener("change", apply);
  host.hidden = false;
  apply();
}());
