/* The preview's script (served by the preview only, never part of the site). It asks the
   preview for the state of its last build and, if it failed, shows every problem over the
   page: file and line, the line as written with a marker under the place, and what to do.
   Then it listens to the preview's news (server-sent events, which name this page so that the
   preview writes it first): a new version of the page reloads it; a failed run shows its
   problems; a good one takes the panel away. Text only, never markup. */
(function () {
  "use strict";
  var TEXT = {
    de: {
      title: function (n) {
        return n === 1 ? "1 Fehler: die Vorschau zeigt den letzten guten Stand"
          : n + " Fehler: die Vorschau zeigt den letzten guten Stand";
      },
      intro: "Die Seite unten ist der Stand vor der Änderung. Sobald die Datei korrigiert und " +
        "gespeichert ist, baut die Vorschau neu und diese Meldung verschwindet von selbst.",
      todo: "Was tun: ",
      line: "Zeile ",
      field: "Feld",
      hide: "Meldung ausblenden"
    },
    en: {
      title: function (n) {
        return n === 1 ? "1 problem: the preview shows the last good version"
          : n + " problems: the preview shows the last good version";
      },
      intro: "The page below is the version before the change. Once the file is corrected " +
        "and saved, the preview rebuilds and this message goes away by itself.",
      todo: "What to do: ",
      line: "line ",
      field: "field",
      hide: "Hide this message"
    }
  };

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function excerpt(problem, words) {
    var number = String(problem.line);
    var gutter = new Array(number.length + 1).join(" ");
    var lines = number + " | " + problem.excerpt;
    if (problem.column) {
      lines += "\n" + gutter + " | " + new Array(problem.column).join(" ") + "^";
    }
    var block = element("pre", "vorschau-fehler__zeile", lines);
    block.setAttribute("aria-label", words.line + number + ": " + problem.excerpt);
    return block;
  }

  function item(problem, words) {
    var entry = element("li", "vorschau-fehler__eintrag");
    var where = problem.path ? problem.path + (problem.line ? ":" + problem.line : "") : "";
    if (where) { entry.appendChild(element("p", "vorschau-fehler__ort", where)); }
    var what = [problem.record, problem.field ? words.field + " '" + problem.field + "'" : ""]
      .filter(Boolean).join(": ");
    var text = (what ? what + ": " : "") + problem.message;
    entry.appendChild(element("p", "vorschau-fehler__text", text));
    if (problem.excerpt && problem.line) { entry.appendChild(excerpt(problem, words)); }
    if (problem.hint) {
      entry.appendChild(element("p", "vorschau-fehler__hinweis", words.todo + problem.hint));
    }
    return entry;
  }

  var panel = null;

  function hide() {
    if (panel) { panel.remove(); panel = null; }
  }

  function show(status) {
    hide();
    if (status.ok || !status.problems.length) { return; }
    var words = TEXT[status.language] || TEXT.de;
    if (!document.querySelector("link[href='/__vorschau/overlay.css']")) {
      var style = element("link");
      style.rel = "stylesheet";
      style.href = "/__vorschau/overlay.css";
      document.head.appendChild(style);
    }
    panel = element("section", "vorschau-fehler");
    panel.setAttribute("role", "alert");
    panel.setAttribute("aria-labelledby", "vorschau-fehler-titel");
    var heading = element("h2", "vorschau-fehler__titel", words.title(status.problems.length));
    heading.id = "vorschau-fehler-titel";
    heading.tabIndex = -1;
    panel.appendChild(heading);
    panel.appendChild(element("p", "vorschau-fehler__einleitung", words.intro));
    var list = element("ol", "vorschau-fehler__liste");
    status.problems.forEach(function (problem) { list.appendChild(item(problem, words)); });
    panel.appendChild(list);
    var button = element("button", "vorschau-fehler__ausblenden", words.hide);
    button.type = "button";
    button.addEventListener("click", hide);
    panel.appendChild(button);
    document.body.insertBefore(panel, document.body.firstChild);
    heading.focus();
  }

  function listen(build) {
    var page = encodeURIComponent(window.location.pathname);
    var news = new EventSource("/__vorschau/ereignisse?seite=" + page);
    news.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.reload !== undefined && message.reload !== build) {
        news.close();
        window.location.reload();
      } else if (message.status) {
        build = message.status.build;
        show(message.status);
      }
    };
  }

  fetch("/__vorschau/status.json", {cache: "no-store"})
    .then(function (response) { return response.json(); })
    .then(function (status) { show(status); listen(status.build); })
    .catch(function () {});
}());
