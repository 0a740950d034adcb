/* ergraph explorer: search, neighbourhoods, paths, expand on click, filters, evidence.
 * Talks to the ergraph API on the page's own origin (relative URLs); every string from
 * the API reaches the DOM through textContent. */
(function () {
  "use strict";
  var E = window.ErGraph;
  var cfg = E.readData("ergraph-data");
  var style = cfg.style;
  var MAX_NODES = cfg.maxNodes || 1000;
  var $ = function (id) { return document.getElementById(id); };

  var nodes = new vis.DataSet([]);
  var edges = new vis.DataSet([]);
  var entities = {};   // id -> entity
  var relations = {};  // id -> relation
  var expanded = {};   // id -> true once its neighbours were fetched
  var highlight = { nodes: {}, edges: {} };
  var last = null;     // the last query, re-run when filters change
  var chosen = { a: null, b: null };
  var network = E.createNetwork($("eg-network"), nodes, edges, 0);
  window.ergraph = { network: network, nodes: nodes, edges: edges, entities: entities, relations: relations };

  // -- helpers -------------------------------------------------------------------------
  function status(text, isError) {
    var s = $("eg-status");
    s.textContent = text || "";
    s.className = "eg-status" + (isError ? " eg-error" : "");
  }

  function listOf(body, key) {
    if (Array.isArray(body)) return body;
    if (!body || typeof body !== "object") return [];
    var k = [key, "results", "paths", "items", "entities"];
    for (var i = 0; i < k.length; i++) if (Array.isArray(body[k[i]])) return body[k[i]];
    return [];
  }

  function errorText(body, res) {
    if (body && body.error && body.error.message) return body.error.message;
    if (body && typeof body.detail === "string") return body.detail;
    if (body && Array.isArray(body.detail) && body.detail[0] && body.detail[0].msg) return body.detail[0].msg;
    return "request failed (" + res.status + ")";
  }

  function api(path, params) {
    var url = new URL(path, document.baseURI);
    (params || []).forEach(function (kv) { if (kv[1] !== "" && kv[1] != null) url.searchParams.append(kv[0], kv[1]); });
    return fetch(url.toString(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (res) {
        return res.json().catch(function () { return null; }).then(function (body) {
          if (!res.ok) throw new Error(errorText(body, res));
          return body;
        });
      });
  }

  function checked(name) {
    return Array.prototype.slice.call(document.querySelectorAll("input[name='" + name + "']:checked"))
      .map(function (i) { return i.value; });
  }

  function filterParams() {
    var p = [];
    var types = checked("eg-type");
    var all = document.querySelectorAll("input[name='eg-type']").length;
    if (types.length && types.length < all) p.push(["types", types.join(",")]);
    var mods = checked("eg-modality");
    if (mods.length) p.push(["modalities", mods.join(",")]);
    if ($("eg-since").value) p.push(["since", $("eg-since").value]);
    if ($("eg-until").value) p.push(["until", $("eg-until").value]);
    return p;
  }

  function limit() {
    var n = parseInt($("eg-limit").value, 10);
    return isFinite(n) && n > 0 ? Math.min(n, 1000) : 50;
  }

  function names() {
    var out = {};
    Object.keys(entities).forEach(function (id) { out[id] = entities[id].name; });
    return out;
  }

  // -- the graph -----------------------------------------------------------------------
  function restyle() {
    var deg = {};
    edges.forEach(function (e) { deg[e.from] = (deg[e.from] || 0) + 1; deg[e.to] = (deg[e.to] || 0) + 1; });
    nodes.update(Object.keys(entities).map(function (id) {
      return E.nodeOptions(entities[id], style, deg[id] || 0, !!highlight.nodes[id]);
    }));
  }

  function reset() {
    nodes.clear(); edges.clear();
    [entities, relations, expanded, highlight.nodes, highlight.edges].forEach(function (m) {
      Object.keys(m).forEach(function (k) { delete m[k]; });
    });
    E.clear($("eg-paths"));
  }

  /* Merge entities and relations; new nodes start next to `near`. Returns how many new
   * entities were left out by the page's node bound. */
  function merge(ents, rels, near) {
    var origin = near && network.getPositions([near])[near];
    var room = MAX_NODES - nodes.length, skipped = 0, fresh = [];
    ents.forEach(function (e) {
      if (entities[e.id]) { entities[e.id] = e; return; }
      if (room <= 0) { skipped++; return; }
      room--;
      entities[e.id] = e;
      var o = E.nodeOptions(e, style, 0, !!highlight.nodes[e.id]);
      if (origin) { o.x = origin.x + (Math.random() - 0.5) * 160; o.y = origin.y + (Math.random() - 0.5) * 160; }
      fresh.push(o);
    });
    nodes.add(fresh);
    var ns = names(), label = nodes.length <= style.edgeLabelMaxNodes, add = [];
    rels.forEach(function (r) {
      if (!entities[r.source] || !entities[r.target]) return;
      relations[r.id] = r;
      add.push(E.edgeOptions(r, style, ns, !!highlight.edges[r.id], label));
    });
    edges.update(add);
    restyle();
    return skipped;
  }

  function settle() { E.settle(network, nodes.length > 600 ? 20 : 120); }

  // -- queries -------------------------------------------------------------------------
  function neighbourhood(id) {
    last = { kind: "neighbourhood", id: id };
    status("loading the neighbourhood\u2026");
    var params = [["depth", $("eg-depth").value], ["limit", String(limit())]].concat(filterParams());
    return api("entities/" + encodeURIComponent(id) + "/neighbors", params).then(function (sub) {
      reset();
      highlight.nodes[sub.center || id] = true;
      expanded[sub.center || id] = true;
      var skipped = merge(listOf(sub.entities, "entities"), listOf(sub.relations, "relations"), null);
      settle();
      var center = entities[sub.center || id];
      var n = Math.max(0, nodes.length - 1);
      status((center ? center.name : "entity") + ": " + n + " neighbour" + (n === 1 ? "" : "s") +
             ", " + edges.length + " relation" + (edges.length === 1 ? "" : "s") +
             (sub.truncated || skipped ? " (truncated by the limit)" : ""));
      if (center) showEntity(center.id);
    }).catch(function (err) { status(err.message, true); });
  }

  function expand(id) {
    if (expanded[id]) return Promise.resolve();
    if (nodes.length >= MAX_NODES) { status("the page holds " + MAX_NODES + " entities at most: not expanded", true); return Promise.resolve(); }
    expanded[id] = true;
    var params = [["depth", "1"], ["limit", String(limit())]].concat(filterParams());
    status("expanding " + (entities[id] ? entities[id].name : id) + "\u2026");
    return api("entities/" + encodeURIComponent(id) + "/neighbors", params).then(function (sub) {
      var before = nodes.length;
      var skipped = merge(listOf(sub.entities, "entities"), listOf(sub.relations, "relations"), id);
      settle();
      var added = nodes.length - before;
      status((entities[id] ? entities[id].name : id) + ": " + added + " new entit" + (added === 1 ? "y" : "ies") +
             (sub.truncated || skipped ? " (bounded by the limit)" : ""));
    }).catch(function (err) { expanded[id] = false; status(err.message, true); });
  }

  function paths(a, b) {
    last = { kind: "paths", a: a, b: b };
    status("looking for paths\u2026");
    var params = [["source", a], ["target", b], ["all", "true"], ["max_hops", "6"], ["limit", "20"]].concat(filterParams());
    return api("paths", params).then(function (body) {
      reset();
      var found = listOf(body, "paths");
      var ents = [], rels = [];
      found.forEach(function (p) {
        (p.nodes || []).forEach(function (n) { ents.push(n); });
        (p.relations || []).forEach(function (r) { rels.push(r); highlight.edges[r.id] = true; });
      });
      highlight.nodes[a] = true; highlight.nodes[b] = true;
      if (!found.length) {
        if (body && body.source) ents.push(body.source);
        if (body && body.target) ents.push(body.target);
      }
      merge(ents, rels, null);
      settle();
      listPaths(found);
      if (!found.length) status("no path between them within 6 hops with these filters", true);
      else status(found.length + " shortest path" + (found.length === 1 ? "" : "s") + " of " + found[0].hops + " hop" + (found[0].hops === 1 ? "" : "s"));
    }).catch(function (err) { status(err.message, true); });
  }

  function listPaths(found) {
    var list = $("eg-paths");
    E.clear(list);
    var buttons = [];
    found.forEach(function (p, i) {
      var ids = (p.nodes || []).map(function (n) { return n.id; });
      var rids = (p.relations || []).map(function (r) { return r.id; });
      var text = (i + 1) + ". " + (p.nodes || []).map(function (n) { return n.name; }).join(" \u2014 ") +
        " (" + p.hops + (p.hops === 1 ? " hop)" : " hops)");
      var b = E.el("button", { type: "button", "aria-pressed": "false" }, text);
      b.addEventListener("click", function () {
        buttons.forEach(function (x) { x.setAttribute("aria-pressed", "false"); });
        b.setAttribute("aria-pressed", "true");
        network.setSelection({ nodes: ids, edges: rids }, { highlightEdges: false });
        network.fit({ nodes: ids, animation: false });
      });
      buttons.push(b);
      list.appendChild(E.el("li", null, null, [b]));
    });
  }

  function rerun() {
    if (!last) return;
    if (last.kind === "neighbourhood") neighbourhood(last.id);
    else paths(last.a, last.b);
  }

  // -- details ---------------------------------------------------------------------------
  function showEntity(id) {
    var e = entities[id];
    if (!e) return;
    var panel = $("eg-details");
    E.showEntity(panel, e, style, { "connections shown": String(network.getConnectedEdges(id).length) });
    api("entities/" + encodeURIComponent(id)).then(function (d) {
      if (!d || !panel.querySelector(".eg-entity-name") || panel.getAttribute("data-entity") !== id) return;
      var docs = listOf(d.documents, "documents");
      if (typeof d.degree === "number") {
        var dl = panel.querySelector("dl");
        dl.appendChild(E.el("dt", null, "relations"));
        dl.appendChild(E.el("dd", null, String(d.degree)));
      }
      if (docs.length) {
        panel.appendChild(E.el("h2", null, "Mentioned in"));
        var ul = E.el("ul", { className: "eg-evidence" });
        docs.slice(0, 20).forEach(function (doc) {
          ul.appendChild(E.el("li", null, null, [
            E.el("span", { className: "eg-sentence" }, doc.title || "(untitled document)"),
            E.el("span", { className: "eg-source" }, doc.date || "undated")]));
        });
        panel.appendChild(ul);
      }
    }).catch(function () { /* the details above are enough */ });
    panel.setAttribute("data-entity", id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      showEntity(id);
      expand(id);
    } else if (params.edges.length) {
      var rel = relations[params.edges[0]];
      if (rel) { $("eg-details").removeAttribute("data-entity"); E.showRelation($("eg-details"), rel, names(), style); }
    }
  });

  // -- search boxes with suggestions -----------------------------------------------------
  function searchBox(input, list, which) {
    var timer = null, seq = 0;
    function pick(e) {
      chosen[which] = e;
      input.value = e.name;
      E.clear(list);
      if (which === "a") {
        if (chosen.b) paths(chosen.a.id, chosen.b.id); else neighbourhood(e.id);
      } else if (chosen.a) {
        paths(chosen.a.id, e.id);
      } else {
        status("now pick the first entity", false);
      }
    }
    function suggest() {
      var q = input.value.trim();
      var mine = ++seq;
      if (!q) { E.clear(list); return; }
      api("entities", [["q", q], ["limit", "8"]]).then(function (body) {
        if (mine !== seq) return;
        E.clear(list);
        listOf(body, "results").forEach(function (e) {
          var et = style.entities[e.type];
          var b = E.el("button", { type: "button", role: "option", "data-id": e.id }, e.name + " \u00b7 " + (et ? et.label : e.type));
          b.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
          b.addEventListener("click", function () { pick(e); });
          list.appendChild(E.el("li", null, null, [b]));
        });
        if (!list.firstChild) list.appendChild(E.el("li", { className: "eg-hint" }, "no entity matches"));
      }).catch(function (err) { status(err.message, true); });
    }
    input.addEventListener("input", function () {
      chosen[which] = null;
      clearTimeout(timer);
      timer = setTimeout(suggest, 150);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") {
        ev.preventDefault();
        var first = list.querySelector("button");
        if (first) first.click();
        else { clearTimeout(timer); suggest(); }
      } else if (ev.key === "Escape") { E.clear(list); }
    });
    input.addEventListener("blur", function () { setTimeout(function () { E.clear(list); }, 150); });
  }
  searchBox($("eg-q"), $("eg-suggest-a"), "a");
  searchBox($("eg-q2"), $("eg-suggest-b"), "b");

  $("eg-clear-b").addEventListener("click", function () {
    chosen.b = null; $("eg-q2").value = "";
    if (chosen.a) neighbourhood(chosen.a.id);
  });
  Array.prototype.forEach.call(document.querySelectorAll(".eg-refilter"), function (input) {
    input.addEventListener("change", rerun);
  });

  window.ergraph.neighbourhood = neighbourhood;
  window.ergraph.paths = paths;
  window.ergraph.expand = expand;
  status("type a name to start");
})();
