// site.js: the site works without it. From disk (file://) a link to "dir/"
// shows a directory listing, so links to directories gain "index.html";
// the language switch keeps the #fragment so a deep link survives it.
(function () {
  "use strict";
  var fromDisk = location.protocol === "file:";
  function fix(a) {
    var h = a.getAttribute("href");
    if (!h || /^[a-z]+:|^\/\//i.test(h)) return;
    var i = h.search(/[?#]/), path = i < 0 ? h : h.slice(0, i), rest = i < 0 ? "" : h.slice(i);
    if (path === "" ) return;
    if (path.slice(-1) === "/" || path === "." || path === "..") {
      a.setAttribute("href", path.replace(/\/?$/, "/") + "index.html" + rest);
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (fromDisk) Array.prototype.forEach.call(document.querySelectorAll("a[href]"), fix);
    var sw = document.querySelector("[data-lang-switch]");
    if (sw) sw.addEventListener("click", function () {
      if (location.hash) sw.setAttribute("href", sw.getAttribute("href").replace(/#.*$/, "") + location.hash);
    });
    var r = document.querySelector("[data-redirect]");
    if (r && fromDisk) location.replace(r.href);
  });
})();
