/* ergraph notebook graph: the page's code is shared by every graph of a notebook. This
 * loader asks the notebook (window.parent) for the bundle named in the page, unpacks it
 * (gzip, DecompressionStream) and runs it; the page's CSP lists the hash of each script
 * it may run, so only the exact ergraph code can. */
(function () {
  "use strict";
  var meta = document.querySelector("meta[name='ergraph-bundle']");
  var want = meta ? meta.getAttribute("content") : "";
  var done = false, tries = 0;
  function notice(text) {
    var n = document.getElementById("eg-notice");
    if (n) n.textContent = text;
  }
  function unpack(b64) {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }
  function run(bundle) {
    if (done) return;
    done = true;
    (bundle.styles || []).forEach(function (css) {
      var s = document.createElement("style");
      s.textContent = css;
      document.head.appendChild(s);
    });
    (bundle.scripts || []).forEach(function (code) {
      var s = document.createElement("script");
      s.textContent = code;
      document.body.appendChild(s);
    });
  }
  window.addEventListener("message", function (ev) {
    if (done || ev.source !== window.parent || !ev.data || ev.data.ergraphBundle !== want ||
        typeof ev.data.code !== "string") return;
    unpack(ev.data.code).then(run).catch(function (err) {
      notice("The graph's script could not be unpacked: " + err.message);
    });
  });
  function ask() {
    if (done) return;
    if (tries++ > 40) {
      notice("The graph's script is not loaded: run this notebook's first graph cell again " +
             "(its output carries the script the later graphs share).");
      return;
    }
    try { window.parent.postMessage({ ergraphNeed: want }, "*"); } catch (e) { /* retried */ }
    setTimeout(ask, 250);
  }
  ask();
})();
