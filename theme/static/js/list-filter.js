/* Drop-down filters for a list of items (the partner-city tables, the event lists).
   Progressive enhancement: without JavaScript the page lists everything and links to its
   subsets; this script only adds the controls. The page describes them on the host element,
   in its own language:
     data-items      CSS selector of the items to filter
     data-groups     optional selector of sections hidden when none of their items is shown
     data-filters    space-separated filter keys; for each key:
       data-label-<key>    the control's label
       data-options-<key>  "value=Label|value=Label"
     data-all, data-count-one, data-count ("%(num)s" is replaced by the number shown)
     data-replaces   optional selector of the links the controls stand in for: hidden once the
                     controls are there, so the page shows one set of filters
   An item matches a key when its data-<key> attribute (space-separated values) holds the
   selected value. */
(function () {
  "use strict";
  var host = document.querySelector("[data-list-filter]");
  if (!host) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll(host.dataset.items));
  var groups = host.dataset.groups
    ? Array.prototype.slice.call(document.querySelectorAll(host.dataset.groups)) : [];

  function options(key) {
    var list = host.getAttribute("data-options-" + key);
    return list ? list.split("|").map(function (pair) { return pair.split("="); }) : [];
  }

  function control(key) {
    var wrapper = document.createElement("p");
    var label = document.createElement("label");
    var element = document.createElement("select");
    element.id = "filter-" + key;
    label.htmlFor = element.id;
    label.textContent = host.getAttribute("data-label-" + key);
    element.appendChild(new Option(host.dataset.all, ""));
    options(key).forEach(function (option) {
      element.appendChild(new Option(option[1], option[0]));
    });
    wrapper.appendChild(label);
    wrapper.appendChild(element);
    host.appendChild(wrapper);
    return {key: key, element: element};
  }

  function matches(item, filter) {
    var wanted = filter.element.value;
    var values = " " + (item.getAttribute("data-" + filter.key) || "") + " ";
    return !wanted || values.indexOf(" " + wanted + " ") !== -1;
  }

  var filters = host.dataset.filters.split(" ").map(control);
  var result = document.createElement("p");
  result.setAttribute("role", "status");
  host.appendChild(result);

  function apply() {
    var shown = 0;
    items.forEach(function (item) {
      item.hidden = !filters.every(function (filter) { return matches(item, filter); });
      if (!item.hidden) { shown += 1; }
    });
    groups.forEach(function (group) {
      group.hidden = !items.some(function (item) { return !item.hidden && group.contains(item); });
    });
    result.textContent = shown === 1 ? host.dataset.countOne
                                     : host.dataset.count.replace("%(num)s", String(shown));
  }
  filters.forEach(function (filter) { filter.element.addEventListener("change", apply); });
  host.hidden = false;
  if (host.dataset.replaces) {
    Array.prototype.forEach.call(document.querySelectorAll(host.dataset.replaces),
                                 function (links) { links.hidden = true; });
  }
  apply();
}());
