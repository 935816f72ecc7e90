// The live-reload client of "ftpdocs serve". The server adds it to the
// pages it serves; "ftpdocs build" never publishes it.
//
// It follows the server's event stream while the page is visible. Each
// message is the server's status: the version of the site it serves and
// the errors of the last build. A page whose version differs reloads;
// errors are shown in an overlay, as text (never as HTML), until a build
// succeeds.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script.getAttribute("data-version");
  var url = script.src.replace(/live\.js(\?.*)?$/, "events");
  var id = "ftpdocs-errors";
  var events = null;

  // Only a visible page follows the stream: a browser opens at most six
  // connections to one HTTP/1.1 server, and each stream holds one, so
  // background tabs let go of theirs. Back in view, a page reconnects and
  // the first message tells it whether to reload.
  function connect() {
    if (events) return;
    events = new EventSource(url);
    events.onmessage = function (e) {
      var status = JSON.parse(e.data);
      if (status.version && status.version !== version) {
        disconnect();
        location.reload();
        return;
      }
      show(status.errors || []);
    };
  }
  function disconnect() {
    if (events) events.close();
    events = null;
  }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect(); else connect();
  });
  if (!document.hidden) connect();

  function show(errors) {
    var box = document.getElementById(id);
    if (errors.length === 0) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = id;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;z-index:2147483647;left:0;right:0;bottom:0;max-height:60vh;" +
        "overflow:auto;margin:0;padding:1em 1.5em;background:#fff5f5;color:#600;" +
        "border-top:4px solid #c00;font:14px/1.5 ui-monospace,monospace;box-shadow:0 -2px 12px rgba(0,0,0,.3)";
      document.body.appendChild(box);
    }
    box.replaceChildren();
    var head = document.createElement("p");
    head.style.cssText = "margin:0 0 .5em;font-weight:bold";
    head.textContent = "ftpdocs: the build failed (" + errors.length +
      (errors.length === 1 ? " error" : " errors") + "). This is the last good version; fix and save.";
    box.appendChild(head);
    var list = document.createElement("ul");
    list.style.cssText = "margin:0;padding:0;list-style:none;white-space:pre-wrap";
    errors.forEach(function (err) {
      var item = document.createElement("li");
      if (err.pos) {
        var pos = document.createElement("strong");
        pos.textContent = err.pos + ": ";
        item.appendChild(pos);
      }
      item.appendChild(document.createTextNode(err.msg));
      list.appendChild(item);
    });
    box.appendChild(list);
  }
})();
