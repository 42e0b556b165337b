/* Full-text search on the search page, with the Pagefind index built with the site.
   Progressive enhancement: without JavaScript the page lists every page and the form stays
   hidden. Texts come from the form's data-* attributes, in the page's language; Pagefind
   searches the index of the page's language (<html lang>). The query is kept in ?q= so that
   a search can be bookmarked and shared. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var loading = null;

  function pagefind() {
    if (!loading) {
      var bundle = new URL(form.dataset.bundle, document.baseURI);
      loading = import(new URL("pagefind.js", bundle).href).then(function (module) {
        var base = bundle.pathname.replace(/pagefind\/$/, "");
        return module.options({baseUrl: base}).then(function () { return module; });
      });
    }
    return loading;
  }

  function say(template, query, count) {
    status.textContent = template.replace("%(query)s", query).replace("%(num)s", String(count));
  }

  // An excerpt is text with <mark> around the hits; rebuild it as nodes, never as markup.
  function excerpt(html) {
    var paragraph = document.createElement("p");
    var parsed = new DOMParser().parseFromString(html, "text/html").body.childNodes;
    Array.prototype.forEach.call(parsed, function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  function show(results, query) {
    list.replaceChildren();
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.meta.title;
      item.appendChild(link);
      item.appendChild(excerpt(result.excerpt));
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
    if (results.length === 0) { say(form.dataset.countNone, query, 0); }
    else if (results.length === 1) { say(form.dataset.countOne, query, 1); }
    else { say(form.dataset.count, query, results.length); }
  }

  function search(query) {
    if (!query) { list.hidden = true; status.textContent = ""; return; }
    pagefind()
      .then(function (module) { return module.search(query); })
      .then(function (found) {
        return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); }));
      })
      .then(function (results) { show(results, query); })
      .catch(function () { status.textContent = form.dataset.failed; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    var address = new URL(window.location.href);
    address.searchParams.set("q", query);
    window.history.replaceState(null, "", address.href);
    search(query);
  });

  form.hidden = false;
  document.getElementById("search-without-js").hidden = true;
  input.value = new URLSearchParams(window.location.search).get("q") || "";
  search(input.value.trim());
}());
