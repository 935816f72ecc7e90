// notfound.js: the 404 page (templates/404.html) reads a missing
// /codes/NNN/ address as a reply code. The page holds every text in both
// languages and the list of codes, so this needs no request; GitHub Pages
// serves the page at any depth, so its links start from the base path
// (data-base). The Russian half goes first when the address is a Russian one.
(function () {
  "use strict";
  var each = function (root, sel, f) { Array.prototype.forEach.call(root.querySelectorAll(sel), f); };
  // decode explains the digits of a missing reply code and links the
  // nearest codes that have pages.
  function decode(nf) {
    var base = nf.getAttribute("data-base") || "/", p = location.pathname;
    p = p.indexOf(base) === 0 ? p.slice(base.length) : p.replace(/^\//, "");
    var halves = nf.querySelectorAll("section[lang]");
    if (/^ru\//.test(p) && halves.length > 1 && halves[0].lang !== "ru") {
      nf.insertBefore(halves[1], halves[0]);
      var h1 = nf.querySelector("h1"), en = h1.querySelector('[lang="en"]');
      h1.insertBefore(h1.querySelector('[lang="ru"]'), en);
      h1.appendChild(en);
    }
    var m = /^(?:ru\/)?codes\/(\d{3})(?!\d)[^\/]*\/?(?:index\.html)?$/.exec(p);
    if (!m) return;
    var n = m[1], d0 = n[0], d1 = n[1], want = +n;
    each(nf, "[data-decode]", function (box) {
      var prefix = box.parentNode.getAttribute("data-prefix"), near = box.querySelector("[data-near]");
      var codes = JSON.parse(box.getAttribute("data-codes"));
      // Same class and group first, then the same class, then any; nearest
      // by number within each.
      var rank = function (c) { return (c[0][0] === d0 ? (c[0][1] === d1 ? 0 : 1) : 2) * 1000 + Math.abs(c[0] - want); };
      codes.sort(function (a, b) { return rank(a) - rank(b) || a[0] - b[0]; });
      codes.slice(0, 5).forEach(function (c) {
        var li = document.createElement("li"), a = document.createElement("a"), s = document.createElement("span");
        a.href = prefix + "codes/" + c[0] + "/";
        s.className = "c c" + c[0][0];
        s.textContent = c[0];
        a.appendChild(s);
        a.appendChild(document.createTextNode(" " + c[1]));
        li.appendChild(a);
        near.appendChild(li);
      });
      each(box, "[data-n]", function (e) { e.textContent = n; });
      each(box, '[data-class="' + d0 + '"], [data-group="' + d1 + '"]', function (e) { e.hidden = false; });
      box.hidden = false;
    });
  }
  var nf = document.getElementById("notfound");
  if (nf) decode(nf);
})();
