/* Full-text search on the search page, with the Pagefind index built with the site.
   Progressive enhancement: without JavaScript the page lists its sections and partner cities
   and the form stays hidden. Results come in batches of PAGE; a button shows the next ones. Texts come from the form's data-* attributes, in the page's
   language; Pagefind searches the index of the page's language (<html lang>), with the further
   bundles parts.json lists for it on a large site. The query is
   kept in ?q= so that a search can be bookmarked and shared. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 20;
  var loading = null;
  var latest = 0;  // number of the newest search; answers to older ones are dropped
  var pending = [];  // results of the newest search not shown yet

  function pagefind() {
    if (!loading) {
      var bundle = new URL(form.dataset.bundle, document.baseURI);
      loading = import(new URL("pagefind.js", bundle).href).then(function (module) {
        var base = bundle.pathname.replace(/pagefind\/$/, "");
        return module.options({baseUrl: base})
          .then(function () { return fetch(new URL("parts.json", bundle).href); })
          .then(function (response) { return response.ok ? response.json() : {}; })
          .then(function (parts) {
            // a large site is indexed in several bundles; search them all as one
            var own = parts[document.documentElement.lang] || [];
            return Promise.all(own.map(function (part) {
              return module.mergeIndex(new URL(part, bundle).pathname, {baseUrl: base});
            }));
          })
          .then(function () { return module; });
      });
    }
    return loading;
  }

  // Fill in %(name)s placeholders in one pass, so that a query is only ever text: neither a
  // replacement pattern nor a placeholder itself.
  function message(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (placeholder, name) {
      return name in values ? String(values[name]) : placeholder;
    });
  }

  // A status line is read out when its text changes: empty it first, so that the same
  // message after a repeated search is announced again.
  function announce(text) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
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

  function item(result) {
    var entry = document.createElement("li");
    var link = document.createElement("a");
    link.href = result.url;
    link.textContent = result.meta.title;
    entry.appendChild(link);
    entry.appendChild(excerpt(result.excerpt));
    return entry;
  }

  // Show the next PAGE results of search `number`; resolves with how many were added.
  function showMore(number) {
    var batch = pending.splice(0, PAGE);
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (results) {
      if (number !== latest) { return 0; }
      results.forEach(function (result) { list.appendChild(item(result)); });
      list.hidden = list.children.length === 0;
      more.hidden = pending.length === 0;
      return results.length;
    });
  }

  function search(query) {
    var number = ++latest;
    list.replaceChildren();
    list.hidden = true;
    more.hidden = true;
    pending = [];
    if (!query) { status.textContent = ""; return; }
    announce(form.dataset.searching);
    pagefind()
      .then(function (module) { return module.search(query); })
      .then(function (found) {
        if (number !== latest) { return; }
        pending = found.results.slice();
        var total = pending.length;
        return showMore(number).then(function () {
          if (number !== latest) { return; }
          var template = total === 0 ? form.dataset.countNone
            : total === 1 ? form.dataset.countOne : form.dataset.count;
          announce(message(template, {query: query, num: total}));
        });
      })
      .catch(function () {
        if (number !== latest) { return; }
        list.hidden = true;
        more.hidden = true;
        announce(form.dataset.failed);
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    var address = new URL(window.location.href);
    address.searchParams.set("q", query);
    window.history.replaceState(null, "", address.href);
    search(query);
  });

  more.addEventListener("click", function () {
    var first = list.children.length;
    showMore(latest).then(function () {
      var next = list.children[first];
      if (next) { next.querySelector("a").focus(); }  // carry on reading where the new ones start
    });
  });

  form.hidden = false;
  document.getElementById("search-without-js").hidden = true;
  input.value = new URLSearchParams(window.location.search).get("q") || "";
  search(input.value.trim());
}());
