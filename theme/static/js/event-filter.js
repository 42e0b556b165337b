/* Filters for the event lists, by office and by partner city.
   Progressive enhancement: without JavaScript the page lists every event and links to the
   listing of each office and to each city's events; this script only adds the controls.
   Labels and options come from the page's data-* attributes, in the page's language. */
(function () {
  "use strict";
  var host = document.getElementById("event-filter");
  if (!host) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll(".event-item"));

  function parse(list) {
    return list ? list.split("|").map(function (pair) { return pair.split("="); }) : [];
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

  function has(list, value) {
    return (" " + list + " ").indexOf(" " + value + " ") !== -1;
  }

  var office = select("filter-office", host.dataset.labelOffice, parse(host.dataset.offices));
  var city = select("filter-city", host.dataset.labelCity, parse(host.dataset.cities));
  var result = document.createElement("p");
  result.setAttribute("role", "status");
  host.appendChild(result);

  function apply() {
    var shown = 0;
    items.forEach(function (item) {
      var visible = (!office.value || has(item.dataset.offices, office.value)) &&
                    (!city.value || has(item.dataset.cities, city.value));
      item.hidden = !visible;
      if (visible) { shown += 1; }
    });
    result.textContent = shown === 1 ? host.dataset.countOne
                                     : host.dataset.count.replace("%(num)s", String(shown));
  }
  office.addEventListener("change", apply);
  city.addEventListener("change", apply);
  host.hidden = false;
  apply();
}());
