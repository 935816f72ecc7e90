// site.js: the site works without it. From disk (file://) a link to "dir/"
// shows a directory listing, so links and forms to directories gain
// "index.html"; the language switch keeps the #fragment so a deep link
// survives it; the search client loads when a reader turns to search.
(function () {
  "use strict";
  var fromDisk = location.protocol === "file:";
  var each = function (root, sel, f) { Array.prototype.forEach.call(root.querySelectorAll(sel), f); };
  function fix(a) {
    var attr = a.tagName === "FORM" ? "action" : "href", h = a.getAttribute(attr);
    if (!h || /^[a-z]+:|^\/\//i.test(h)) return;
    var i = h.search(/[?#]/), path = i < 0 ? h : h.slice(0, i), rest = i < 0 ? "" : h.slice(i);
    if (path === "" ) return;
    if (path.slice(-1) === "/" || path === "." || path === "..") {
      a.setAttribute(attr, path.replace(/\/?$/, "/") + "index.html" + rest);
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (fromDisk) each(document, "a[href], form[action]", fix);
    var sw = document.querySelector("[data-lang-switch]");
    if (sw) sw.addEventListener("click", function () {
      if (location.hash) sw.setAttribute("href", sw.getAttribute("href").replace(/#.*$/, "") + location.hash);
    });
    var r = document.querySelector("[data-redirect]");
    if (r && fromDisk) location.replace(r.href);
    var form = document.querySelector("form.search[data-script]");
    if (form) lazySearch(form);
    scrollers();
    addEventListener("resize", scrollers);
  });
  // A table wider than a narrow screen scrolls inside itself (site.css);
  // then it takes the focus, so that it scrolls from the keyboard too.
  function scrollers() {
    each(document, "main table:not(.matrix, .cmdtable)", function (t) {
      if (t.scrollWidth > t.clientWidth + 1) t.tabIndex = 0;
      else t.removeAttribute("tabindex");
    });
  }
  // lazySearch loads the search client (the form's data-script) only when
  // a reader turns to search: on the first focus of the box, or at once on
  // the search page. Until then a page costs nothing for search.
  function lazySearch(form) {
    var done = false, input = form.querySelector("input");
    var load = function () {
      if (done) return;
      done = true;
      var s = document.createElement("script");
      s.src = form.getAttribute("data-script");
      document.head.appendChild(s);
    };
    if (document.getElementById("search-page")) return load();
    form.addEventListener("focusin", load);
    form.addEventListener("pointerover", load);
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      if (done || e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable) return;
      e.preventDefault();
      input.focus();
    });
  }
})();
