/* ergraph explorer: search, neighbourhoods, paths, expand on click, filters, evidence,
 * documents, denials and disputes, a timeline, pin / hide / remove / undo, exports, and
 * the view kept in the address's hash.
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
  var highlight = { nodes: {}, edges: {} };
  /* What the view is made of (in the hash): the searched entity (a), the path's other end
   * (b), the expanded nodes in order, the hidden, removed and pinned ones, the layout and
   * the timeline period. The filters live in the controls and go in the hash too. */
  var state = { a: null, b: null, expanded: [], hidden: {}, removed: {}, pinned: {}, layout: "force", period: null };
  var undoStack = [];
  var buildSeq = 0;
  var disputesCache = null;
  var disputedIds = {};
  var hiddenDenials = 0;

  /* How many relations of the searched entity are only denied and so not drawn (what
   * "show denials" would add), as the CLI says it: the neighbourhood answer counts them
   * (hidden_denials, 0 when denials are shown). */
  function hiddenDenialsOf(body) {
    if ($("eg-denials").checked || state.b || !body) return 0;
    var n = Number(body.hidden_denials);
    return isFinite(n) && n > 0 ? n : 0;
  }
  var network = E.createNetwork($("eg-network"), nodes, edges, 0);
  window.ergraph = { network: network, nodes: nodes, edges: edges, entities: entities, relations: relations,
                     state: state };

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
          if (!res.ok) { var err = new Error(errorText(body, res)); err.status = res.status; throw err; }
          return body;
        });
      });
  }

  function boxes(name) { return Array.prototype.slice.call(document.querySelectorAll("input[name='" + name + "']")); }
  function checked(name) { return boxes(name).filter(function (i) { return i.checked; }).map(function (i) { return i.value; }); }

  function modalities() {
    var mods = checked("eg-modality").filter(function (m) { return m !== "negated"; });
    if ($("eg-denials").checked) mods.push("negated");
    return mods;
  }

  function filterParams(noDates) {
    var p = [];
    var types = checked("eg-type");
    if (types.length && types.length < boxes("eg-type").length) p.push(["types", types.join(",")]);
    var mods = modalities();
    if (mods.length) p.push(["modalities", mods.join(",")]);
    if (!noDates) {
      if ($("eg-since").value) p.push(["since", $("eg-since").value]);
      if ($("eg-until").value) p.push(["until", $("eg-until").value]);
    }
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

  function nameOf(id) { return entities[id] ? entities[id].name : id; }

  // -- the address: the view as a bookmark ---------------------------------------------
  function keys(m) { return Object.keys(m).filter(function (k) { return m[k]; }); }

  function toHash() {
    var q = new URLSearchParams();
    if (state.a) q.set("e", state.a);
    if (state.b) q.set("to", state.b);
    state.expanded.forEach(function (id) { q.append("x", id); });
    keys(state.hidden).forEach(function (id) { q.append("h", id); });
    keys(state.removed).forEach(function (id) { q.append("r", id); });
    keys(state.pinned).forEach(function (id) { q.append("p", id); });
    var types = checked("eg-type");
    if (types.length < boxes("eg-type").length) q.set("types", types.join(","));
    q.set("modalities", modalities().join(","));
    ["since", "until"].forEach(function (k) { if ($("eg-" + k).value) q.set(k, $("eg-" + k).value); });
    if ($("eg-depth").value !== "1") q.set("depth", $("eg-depth").value);
    if (String(limit()) !== "50") q.set("limit", String(limit()));
    if (state.layout !== "force") q.set("layout", state.layout);
    if (state.period) q.set("period", state.period);
    return q.toString();
  }

  function writeHash() {
    if (!state.a) return;
    var h = "#" + toHash();
    if (location.hash !== h) history.replaceState(null, "", h);
  }

  function readHash() {
    var raw = location.hash.replace(/^#/, "");
    if (!raw) return false;
    var q = new URLSearchParams(raw);
    if (!q.get("e")) return false;
    state.a = q.get("e"); state.b = q.get("to") || null;
    state.expanded = q.getAll("x");
    state.hidden = {}; state.removed = {}; state.pinned = {};
    q.getAll("h").forEach(function (id) { state.hidden[id] = true; });
    q.getAll("r").forEach(function (id) { state.removed[id] = true; });
    q.getAll("p").forEach(function (id) { state.pinned[id] = true; });
    state.layout = q.get("layout") === "hierarchical" ? "hierarchical" : "force";
    state.period = q.get("period") || null;
    if (q.has("types")) {
      var t = q.get("types").split(",");
      boxes("eg-type").forEach(function (i) { i.checked = t.indexOf(i.value) >= 0; });
    }
    if (q.has("modalities")) {
      var m = q.get("modalities").split(",");
      boxes("eg-modality").forEach(function (i) { i.checked = m.indexOf(i.value) >= 0; });
      $("eg-denials").checked = m.indexOf("negated") >= 0;
    }
    $("eg-since").value = q.get("since") || "";
    $("eg-until").value = q.get("until") || "";
    $("eg-depth").value = q.get("depth") || "1";
    $("eg-limit").value = q.get("limit") || "50";
    $("eg-layout").value = state.layout;
    return true;
  }

  // -- undo ----------------------------------------------------------------------------
  function snapshot() {
    return JSON.stringify({ a: state.a, b: state.b, expanded: state.expanded, hidden: state.hidden,
                            removed: state.removed, pinned: state.pinned });
  }

  function remember() {
    undoStack.push(snapshot());
    if (undoStack.length > 100) undoStack.shift();
    $("eg-undo").disabled = false;
  }

  function undo() {
    if (!undoStack.length) return;
    var before = JSON.parse(undoStack.pop());
    $("eg-undo").disabled = !undoStack.length;
    var rebuild = before.a !== state.a || before.b !== state.b ||
      JSON.stringify(before.expanded) !== JSON.stringify(state.expanded) ||
      JSON.stringify(before.removed) !== JSON.stringify(state.removed);
    state.a = before.a; state.b = before.b; state.expanded = before.expanded;
    state.hidden = before.hidden; state.removed = before.removed; state.pinned = before.pinned;
    if (rebuild) build();
    else { applyView(); writeHash(); }
  }

  // -- the graph -----------------------------------------------------------------------
  function viewProps(id) {
    var o = { hidden: !!state.hidden[id], fixed: !!state.pinned[id] };
    if (state.pinned[id]) { o.borderWidth = 3; o.shapeProperties = { borderDashes: [4, 3] }; }
    else o.shapeProperties = { borderDashes: false };
    return o;
  }

  function restyle() {
    var deg = {};
    edges.forEach(function (e) { deg[e.from] = (deg[e.from] || 0) + 1; deg[e.to] = (deg[e.to] || 0) + 1; });
    nodes.update(Object.keys(entities).map(function (id) {
      var o = E.nodeOptions(entities[id], style, deg[id] || 0, !!highlight.nodes[id]);
      var v = viewProps(id);
      Object.keys(v).forEach(function (k) { if (k !== "borderWidth" || !o.borderWidth) o[k] = v[k]; });
      return o;
    }));
  }

  function applyView() {
    restyle();
    var n = keys(state.hidden).filter(function (id) { return !!entities[id]; }).length;
    var b = $("eg-show-hidden");
    b.hidden = n === 0;
    b.textContent = "Show hidden (" + n + ")";
    var denied = 0;
    Object.keys(relations).forEach(function (id) { if (E.flags(relations[id]).denied) denied++; });
    var note = denied ? denied + (denied === 1 ? " denied relation shown" : " denied relations shown") :
      hiddenDenials ? hiddenDenials + (hiddenDenials === 1 ? " denied relation" : " denied relations") +
        " of " + nameOf(state.a) + " not shown (show denials)" : "";
    $("eg-view-note").textContent = (state.period ? "period " + state.period + ". " : "") + note;
    E.declutter(network, nodes, entities, state.pinned);
  }

  function reset() {
    nodes.clear(); edges.clear();
    [entities, relations, highlight.nodes, highlight.edges].forEach(function (m) {
      Object.keys(m).forEach(function (k) { delete m[k]; });
    });
    E.clear($("eg-paths"));
  }

  /* Merge entities and relations; new nodes start next to `near`. Returns how many new
   * entities were left out by the page's node bound. Removed nodes stay out. */
  function merge(ents, rels, near) {
    var origin = near && entities[near] && network.getPositions([near])[near];
    var room = MAX_NODES - nodes.length, skipped = 0, fresh = [];
    ents.forEach(function (e) {
      if (state.removed[e.id]) return;
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
      // a dispute is one whatever the filters show of it (GET /disputes says which)
      if (disputedIds[r.id] && !E.flags(r).denied) r.disputed = true;
      relations[r.id] = r;
      add.push(E.edgeOptions(r, style, ns, !!highlight.edges[r.id], label));
    });
    edges.update(add);
    restyle();
    return skipped;
  }

  function settle() {
    if (state.layout === "hierarchical") {
      window.ergraphReady = false;
      E.setLayout(network, "hierarchical");
      E.markReady(network);
    } else {
      E.settle(network, nodes.length > 600 ? 20 : 120);
    }
  }

  // -- queries -------------------------------------------------------------------------
  function fetchNeighbourhood(id, depth) {
    var params = [["depth", String(depth)], ["limit", String(limit())]].concat(filterParams());
    return api("entities/" + encodeURIComponent(id) + "/neighbors", params);
  }

  function fetchPaths(a, b) {
    var params = [["source", a], ["target", b], ["all", "true"], ["max_hops", "6"], ["limit", "20"]].concat(filterParams());
    return api("paths", params);
  }

  /* Build the whole view from the state: the base query, then every expansion (with the
   * current filters), then hidden / pinned nodes. */
  function build() {
    if (!state.a) return Promise.resolve();
    var seq = ++buildSeq;
    E.hideTooltip(network);
    status(state.b ? "looking for paths\u2026" : "loading the neighbourhood\u2026");
    var base = state.b ? fetchPaths(state.a, state.b) : fetchNeighbourhood(state.a, $("eg-depth").value);
    var more = state.expanded.map(function (id) {
      return fetchNeighbourhood(id, 1).catch(function () { return null; });
    });
    disputesCache = null;
    var flagged = disputes().then(function (body) {
      var ids = {};
      listOf(body && body.disputes, "disputes").forEach(function (d) { if (d.relation) ids[d.relation.id] = true; });
      return ids;
    }).catch(function () { return {}; });
    return Promise.all([base, flagged].concat(more)).then(function (got) {
      if (seq !== buildSeq) return;
      disputedIds = got.splice(1, 1)[0];
      hiddenDenials = hiddenDenialsOf(got[0]);
      reset();
      var text = state.b ? placePaths(got[0]) : placeNeighbourhood(got[0]);
      var skipped = 0, shown = 0;
      state.expanded.forEach(function (id, i) {
        var sub = got[i + 1];
        if (!sub || !entities[id]) return;  // filtered out for now: kept for later
        shown++;
        skipped += merge(listOf(sub.entities, "entities"), listOf(sub.relations, "relations"), id);
      });
      applyView();
      settle();
      writeHash();
      if (text) status(text + (shown ? "; " + shown + " expanded" : "") + (skipped ? " (bounded by the limit)" : ""),
                       /^no path/.test(text));
      var panel = $("eg-details"), cur = panel.getAttribute("data-entity");
      if (cur && entities[cur]) showEntity(cur);  // its counts as they are now
      else if (!state.b && entities[state.a] && !panel.getAttribute("data-relation")) showEntity(state.a);
      var tl = timelineFor && entities[timelineFor] ? timelineFor : (!state.b && entities[state.a] ? state.a : null);
      if (tl) timeline(tl);
    }).catch(function (err) { if (seq === buildSeq) status(err.message, true); });
  }

  function placeNeighbourhood(sub) {
    var id = sub.center || state.a;
    highlight.nodes[id] = true;
    var ents = listOf(sub.entities, "entities");
    var skipped = merge(ents, listOf(sub.relations, "relations"), null);
    var center = entities[id];
    var n = Math.max(0, ents.filter(function (e) { return e.id !== id; }).length);
    var r = listOf(sub.relations, "relations").length;
    return (center ? center.name : "entity") + ": " + n + " neighbour" + (n === 1 ? "" : "s") +
           ", " + r + " relation" + (r === 1 ? "" : "s") +
           (sub.truncated || skipped ? " (truncated by the limit)" : "");
  }

  function placePaths(body) {
    var found = listOf(body, "paths");
    var ents = [], rels = [];
    found.forEach(function (p) {
      (p.nodes || []).forEach(function (n) { ents.push(n); });
      (p.relations || []).forEach(function (r) { rels.push(r); highlight.edges[r.id] = true; });
    });
    highlight.nodes[state.a] = true; highlight.nodes[state.b] = true;
    if (!found.length) {
      if (body && body.source) ents.push(body.source);
      if (body && body.target) ents.push(body.target);
    }
    merge(ents, rels, null);
    listPaths(found);
    if (!found.length) return "no path between them within 6 hops with these filters";
    return found.length + " shortest path" + (found.length === 1 ? "" : "s") + " of " + found[0].hops + " hop" + (found[0].hops === 1 ? "" : "s");
  }

  /* A new search: a fresh view (the old one stays reachable through Undo). */
  function start(a, b) {
    if (state.a) remember();
    state.a = a; state.b = b || null;
    state.expanded = []; state.hidden = {}; state.removed = {}; state.pinned = {}; state.period = null;
    timelineFor = null;
    $("eg-details").removeAttribute("data-entity");
    return build();
  }

  function neighbourhood(id) { return start(id, null); }
  function paths(a, b) { return start(a, b); }

  function expand(id) {
    if (state.expanded.indexOf(id) >= 0 || (!state.b && id === state.a)) return Promise.resolve();
    if (nodes.length >= MAX_NODES) { status("the page holds " + MAX_NODES + " entities at most: not expanded", true); return Promise.resolve(); }
    remember();
    state.expanded.push(id);
    status("expanding " + nameOf(id) + "\u2026");
    var seq = buildSeq;
    return fetchNeighbourhood(id, 1).then(function (sub) {
      if (seq !== buildSeq) return;
      var before = nodes.length;
      var skipped = merge(listOf(sub.entities, "entities"), listOf(sub.relations, "relations"), id);
      applyView();
      settle();
      writeHash();
      var added = nodes.length - before;
      status(nameOf(id) + ": " + added + " new entit" + (added === 1 ? "y" : "ies") +
             (sub.truncated || skipped ? " (bounded by the limit)" : ""));
    }).catch(function (err) {
      state.expanded = state.expanded.filter(function (x) { return x !== id; });
      status(err.message, true);
    });
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
    E.hideTooltip(network);
    if (state.a) build();
  }

  // -- node actions --------------------------------------------------------------------
  function pin(id) {
    remember();
    if (state.pinned[id]) delete state.pinned[id]; else state.pinned[id] = true;
    applyView(); writeHash();
    if ($("eg-details").getAttribute("data-entity") === id) showEntity(id);
  }

  function hide(id) {
    remember();
    state.hidden[id] = true;
    applyView(); writeHash();
    status(nameOf(id) + " hidden (Show hidden or Undo brings it back)");
  }

  function remove(id) {
    remember();
    state.removed[id] = true;
    delete state.hidden[id];
    state.expanded = state.expanded.filter(function (x) { return x !== id; });
    var drop = network.getConnectedEdges(id);
    edges.remove(drop);
    drop.forEach(function (rid) { delete relations[rid]; });
    nodes.remove(id);
    delete entities[id];
    applyView(); writeHash();
    status(nameOf(id) + " removed from the view (Undo brings it back)");
  }

  function showHidden() {
    remember();
    state.hidden = {};
    applyView(); writeHash();
  }

  // -- documents -----------------------------------------------------------------------
  function openDocument(docId, ev, relId) {
    status("opening the document\u2026");
    return api("documents/" + encodeURIComponent(docId)).then(function (doc) {
      var ns = names();
      var marks = [];
      listOf(doc.evidence, "evidence").forEach(function (e) {
        marks.push({ start: e.start, end: e.end, sentence: e.sentence, modality: e.modality,
                     current: e.relation_id === relId,
                     label: [e.source_name, e.type ? E.relationLabel(e.type) : "", e.target_name,
                             e.page ? "(p. " + e.page + ")" : ""].filter(Boolean).join(" ") });
      });
      E.marksFrom(docId, relations, ns, relId).forEach(function (m) {
        var same = marks.filter(function (x) { return x.start === m.start && x.end === m.end; });
        if (!same.length) marks.push(m);
        else if (m.current) same.forEach(function (x) { x.current = true; });
      });
      if (ev && !marks.some(function (m) { return m.current; })) {
        marks.push({ start: ev.start, end: ev.end, sentence: ev.sentence, modality: ev.modality, current: true });
      }
      E.showDocument(doc, marks);
      status("");
    }).catch(function (err) { status("the document could not be opened: " + err.message, true); });
  }

  function disputes() {
    if (disputesCache) return Promise.resolve(disputesCache);
    return api("disputes", [["limit", "1000"]]).catch(function (err) {
      if (err.status === 422) return api("disputes");
      throw err;
    }).then(function (body) { disputesCache = body; return body; });
  }

  function loadSides(rel) {
    return disputes().then(function (body) {
      var d = listOf(body && body.disputes, "disputes").filter(function (x) { return x.relation && x.relation.id === rel.id; })[0];
      return d ? { asserted: d.asserted || [], denied: d.denied || [] } : null;
    });
  }

  var relationOpts = function (rel) {
    return { openDocument: function (docId, ev) { openDocument(docId, ev, rel.id); }, loadSides: loadSides };
  };

  function showRelation(rel) {
    var panel = $("eg-details");
    panel.removeAttribute("data-entity");
    E.showRelation(panel, rel, names(), style, relationOpts(rel));
  }

  function showDisputes() {
    var panel = $("eg-details");
    panel.removeAttribute("data-entity");
    panel.removeAttribute("data-relation");
    E.clear(panel);
    panel.appendChild(E.el("h3", null, "Disputes"));
    var note = E.el("p", { className: "eg-hint" }, "loading\u2026");
    panel.appendChild(note);
    disputesCache = null;
    disputes().then(function (body) {
      var list = listOf(body && body.disputes, "disputes");
      var total = body && typeof body.total === "number" ? body.total : list.length;
      note.textContent = total === 1 ? "1 relation is asserted in some evidence and denied in other" :
        total + " relations are asserted in some evidence and denied in other";
      var pending = {};
      list.forEach(function (d) {
        [d.relation.source, d.relation.target].forEach(function (id) { if (!entities[id]) pending[id] = true; });
      });
      var known = {};
      return Promise.all(Object.keys(pending).slice(0, 100).map(function (id) {
        return api("entities/" + encodeURIComponent(id)).then(function (e) { known[id] = e.name || id; })
          .catch(function () { known[id] = id; });
      })).then(function () {
        var ns = names();
        Object.keys(known).forEach(function (id) { ns[id] = known[id]; });
        var ul = E.el("ul", { className: "eg-disputes-list" });
        list.forEach(function (d) {
          var r = d.relation;
          var text = (ns[r.source] || r.source) + " \u26a0 " + E.relationLabel(r.type) + " \u2014 " + (ns[r.target] || r.target) +
            " (" + (d.asserted || []).length + " for, " + (d.denied || []).length + " against)";
          var b = E.el("button", { type: "button", "data-relation": r.id }, text);
          b.addEventListener("click", function () {
            var rel = Object.assign({}, r, { evidence: (d.asserted || []).concat(d.denied || []), disputed: true, denied: false });
            E.showRelation(panel, rel, ns, style, relationOpts(rel));
            var go = E.el("button", { type: "button", className: "eg-open-doc eg-show-in-graph" }, "Show in the graph");
            go.addEventListener("click", function () {
              $("eg-denials").checked = true;
              syncDenials();
              $("eg-q").value = ns[r.source] || r.source;
              neighbourhood(r.source);
            });
            panel.insertBefore(go, panel.children[1] || null);
          });
          ul.appendChild(E.el("li", null, null, [b]));
        });
        panel.appendChild(ul);
      });
    }).catch(function (err) { note.textContent = "disputes could not be listed: " + err.message; });
  }

  // -- time ----------------------------------------------------------------------------
  var timelineFor = null, timelineSeq = 0;
  function timeline(id) {
    timelineFor = id;
    var mine = ++timelineSeq;
    var title = "Timeline of " + nameOf(id);
    function draw(periods) {
      if (mine !== timelineSeq) return;
      E.showTimeline($("eg-timeline"), title, periods, state.period, pickPeriod);
    }
    function events(list) {
      var panel = $("eg-details");
      if (mine !== timelineSeq || panel.getAttribute("data-entity") !== id) return;
      list.forEach(function (ev) {
        if (ev.relation && disputedIds[ev.relation.id] && !E.flags(ev.relation).denied) ev.relation.disputed = true;
      });
      E.showEvents(panel, list, state.period, function (docId, rel) {
        var ev = (rel.evidence || []).filter(function (e) { return e.document_id === docId; })[0];
        openDocument(docId, ev, rel.id);
      });
    }
    api("entities/" + encodeURIComponent(id) + "/timeline", filterParams(true)).then(function (body) {
      draw(listOf(body && body.periods, "periods"));
      events(listOf(body && body.events, "events"));
    }).catch(function () { draw(E.periodsOf(id, relations)); events(E.eventsOf(id, relations, entities)); });
  }

  function pickPeriod(period) {
    state.period = period;
    var range = period ? E.periodRange(period) : ["", ""];
    $("eg-since").value = range[0];
    $("eg-until").value = range[1];
    rerun();
  }

  // -- details ---------------------------------------------------------------------------
  function showEntity(id) {
    var e = entities[id];
    if (!e) return;
    var panel = $("eg-details");
    panel.removeAttribute("data-relation");
    E.showEntity(panel, e, style, { "connections shown": String(network.getConnectedEdges(id).length) });
    panel.setAttribute("data-entity", id);
    var acts = E.el("div", { className: "eg-node-actions" });
    function act(cls, text, fn) {
      var b = E.el("button", { type: "button", className: cls }, text);
      b.addEventListener("click", function () { fn(id); });
      acts.appendChild(b);
    }
    act("eg-pin", state.pinned[id] ? "Unpin" : "Pin", pin);
    act("eg-hide", "Hide", hide);
    act("eg-remove", "Remove", remove);
    act("eg-timeline-of", "Timeline", timeline);
    panel.appendChild(acts);
    api("entities/" + encodeURIComponent(id)).then(function (d) {
      if (!d || panel.getAttribute("data-entity") !== id) return;
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
          var b = E.el("button", { type: "button", className: "eg-open-doc", "data-doc": doc.id }, "Open document");
          b.addEventListener("click", function () { openDocument(doc.id, null, null); });
          ul.appendChild(E.el("li", null, null, [
            E.el("span", { className: "eg-sentence" }, doc.title || "(untitled document)"),
            E.el("span", { className: "eg-source" }, doc.date || "undated"), b]));
        });
        panel.appendChild(ul);
      }
    }).catch(function () { /* the details above are enough */ });
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      showEntity(id);
      timeline(id);
      expand(id);
    } else if (params.edges.length) {
      var rel = relations[params.edges[0]];
      if (rel) showRelation(rel);
    }
  });
  network.on("dragEnd", function (params) {
    // a dragged pinned node stays where it was put
    (params.nodes || []).forEach(function (id) { if (state.pinned[id]) nodes.update({ id: id, fixed: true }); });
  });
  E.autoDeclutter(network, nodes, entities, function () { return state.pinned; });
  $("eg-network").addEventListener("mouseleave", function () { E.hideTooltip(network); });

  // -- search boxes with suggestions -----------------------------------------------------
  function searchBox(input, list, which) {
    var timer = null, seq = 0, active = -1, found = [];
    function close() { E.clear(list); found = []; active = -1; input.setAttribute("aria-expanded", "false"); }
    function pick(e) {
      input.value = e.name;
      close();
      E.hideTooltip(network);
      if (which === "a") {
        chosen.a = e;
        if (chosen.b) paths(e.id, chosen.b.id); else neighbourhood(e.id);
      } else {
        chosen.b = e;
        if (state.a) paths(state.a, e.id);
        else status("now pick the first entity", false);
      }
    }
    function mark(i) {
      var opts = list.querySelectorAll("button");
      if (!opts.length) return;
      active = (i + opts.length) % opts.length;
      Array.prototype.forEach.call(opts, function (o, j) {
        o.setAttribute("aria-selected", String(j === active));
        o.className = j === active ? "eg-active" : "";
      });
      input.setAttribute("aria-activedescendant", opts[active].id);
      if (opts[active].scrollIntoView) opts[active].scrollIntoView({ block: "nearest" });
    }
    function suggest() {
      var q = input.value.trim();
      var mine = ++seq;
      if (!q) { close(); return Promise.resolve(); }
      return api("entities", [["q", q], ["limit", "8"]]).then(function (body) {
        if (mine !== seq) return;
        close();
        found = listOf(body, "results");
        found.forEach(function (e, i) {
          var et = style.entities[e.type];
          var b = E.el("button", { type: "button", role: "option", "data-id": e.id, id: list.id + "-" + i,
                                   "aria-selected": "false" }, e.name + " \u00b7 " + (et ? et.label : e.type));
          b.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
          b.addEventListener("click", function () { pick(e); });
          list.appendChild(E.el("li", null, null, [b]));
        });
        if (!list.firstChild) list.appendChild(E.el("li", { className: "eg-hint" }, "no entity matches"));
        input.setAttribute("aria-expanded", String(found.length > 0));
      }).catch(function (err) { status(err.message, true); });
    }
    input.addEventListener("input", function () {
      if (which === "b") chosen.b = null;
      clearTimeout(timer);
      timer = setTimeout(suggest, 150);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        if (!found.length) { clearTimeout(timer); suggest().then(function () { mark(ev.key === "ArrowDown" ? 0 : -1); }); return; }
        mark(active < 0 ? (ev.key === "ArrowDown" ? 0 : -1) : active + (ev.key === "ArrowDown" ? 1 : -1));
      } else if (ev.key === "Enter") {
        ev.preventDefault();
        if (found.length) pick(found[active >= 0 ? active : 0]);
        else { clearTimeout(timer); suggest(); }
      } else if (ev.key === "Escape") {
        if (list.firstChild) ev.preventDefault();  // close the list, keep the text
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }
  var chosen = { a: null, b: null };
  searchBox($("eg-q"), $("eg-suggest-a"), "a");
  searchBox($("eg-q2"), $("eg-suggest-b"), "b");

  $("eg-clear-b").addEventListener("click", function () {
    chosen.b = null; $("eg-q2").value = "";
    if (state.a && state.b) { remember(); state.b = null; state.expanded = []; build(); }
  });

  // -- filters and the toolbar -----------------------------------------------------------
  function syncDenials() {
    var neg = document.querySelector("input[name='eg-modality'][value='negated']");
    if (neg) neg.checked = $("eg-denials").checked;
  }
  Array.prototype.forEach.call(document.querySelectorAll(".eg-refilter"), function (input) {
    input.addEventListener("change", function () {
      if (input.name === "eg-modality" && input.value === "negated") $("eg-denials").checked = input.checked;
      if (input.id === "eg-since" || input.id === "eg-until") state.period = null;
      rerun();
    });
  });
  $("eg-denials").addEventListener("change", function () { syncDenials(); rerun(); });
  $("eg-undo").addEventListener("click", undo);
  $("eg-fit").addEventListener("click", function () { network.fit(); E.declutter(network, nodes, entities, state.pinned); });
  $("eg-layout").addEventListener("change", function () {
    state.layout = this.value === "hierarchical" ? "hierarchical" : "force";
    writeHash();
    window.ergraphReady = false;
    E.setLayout(network, state.layout, nodes.length > 600 ? 20 : 120);
    if (state.layout === "hierarchical") E.markReady(network);
  });
  $("eg-show-hidden").addEventListener("click", showHidden);
  $("eg-disputes").addEventListener("click", showDisputes);
  $("eg-png").addEventListener("click", function () {
    var url = E.pngDataURL(network);
    window.ergraph.lastExport = { kind: "png", size: url.length };
    E.download("ergraph-view.png", url);
  });
  $("eg-graphml").addEventListener("click", function () {
    var text = E.graphml(nodes, edges, entities, relations);
    window.ergraph.lastExport = { kind: "graphml", size: text.length };
    E.download("ergraph-view.graphml", URL.createObjectURL(new Blob([text], { type: "application/xml" })));
  });
  E.wireDocumentDialog();
  window.addEventListener("hashchange", function () {
    if (location.hash !== "#" + toHash() && readHash()) { restoreNames(); build(); }
  });

  function restoreNames() {
    [["a", "eg-q"], ["b", "eg-q2"]].forEach(function (kv) {
      var id = state[kv[0]];
      if (!id) { $(kv[1]).value = ""; return; }
      api("entities/" + encodeURIComponent(id)).then(function (e) {
        if (state[kv[0]] === id) { $(kv[1]).value = e.name || ""; chosen[kv[0]] = e; }
      }).catch(function () { /* the id stays in the view */ });
    });
  }

  window.ergraph.neighbourhood = neighbourhood;
  window.ergraph.paths = paths;
  window.ergraph.expand = expand;
  window.ergraph.pin = pin;
  window.ergraph.hide = hide;
  window.ergraph.remove = remove;
  window.ergraph.undo = undo;
  window.ergraph.build = build;
  window.ergraph.timeline = timeline;
  window.ergraph.openDocument = openDocument;
  window.ergraph.showDisputes = showDisputes;
  window.ergraph.hash = toHash;
  window.ergraph.png = function () { return E.pngDataURL(network); };
  window.ergraph.graphml = function () { return E.graphml(nodes, edges, entities, relations); };
  window.ergraph.visibleLabels = function () { return E.visibleLabels(nodes); };

  if (readHash()) { restoreNames(); build(); }
  else status("type a name to start");
})();
