/* ergraph: shared page code (static pages and the explorer).
 *
 * Rules kept everywhere in this file:
 *  - data arrives as JSON (an embedded application/json block or fetch) and every string
 *    from it reaches the DOM through textContent, never innerHTML;
 *  - tooltips are plain strings (vis-network shows them with innerText);
 *  - styling mirrors ergraph/viz/render.py (node_options / edge_options), from the
 *    schema's style table embedded in the page.
 */
(function () {
  "use strict";
  var E = (window.ErGraph = {});
  var TOOLTIP_EVIDENCE = 3;
  var TOOLTIP_SENTENCE_CHARS = 280;

  E.readData = function (id) {
    var node = document.getElementById(id || "ergraph-data");
    return JSON.parse(node.textContent);
  };

  /* el("li", {className: "x", "data-id": id}, "text", [children]) - text via textContent. */
  E.el = function (tag, attrs, text, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "className") node.className = attrs[k];
        else node.setAttribute(k, String(attrs[k]));
      });
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  };

  E.clear = function (node) { while (node.firstChild) node.removeChild(node.firstChild); };

  E.relationLabel = function (type) { return String(type).split("_").join(" ").toLowerCase(); };

  function clip(text) {
    text = String(text || "").split(/\s+/).filter(Boolean).join(" ");
    return text.length <= TOOLTIP_SENTENCE_CHARS ? text : text.slice(0, TOOLTIP_SENTENCE_CHARS - 1) + "\u2026";
  }

  E.entityTooltip = function (entity, style) {
    var et = style.entities[entity.type];
    var lines = [entity.name, "type: " + (et ? et.label : entity.type)];
    if (entity.aliases && entity.aliases.length) lines.push("also: " + entity.aliases.join(", "));
    return lines.join("\n");
  };

  E.modalitiesOf = function (rel) {
    if (rel.modalities && rel.modalities.length) return rel.modalities.slice().sort();
    var seen = {};
    (rel.evidence || []).forEach(function (ev) { seen[ev.modality] = true; });
    return Object.keys(seen).sort();
  };

  /* {denied, disputed}: the API's flags when it sends them, else from the evidence
   * (mirrors render.relation_flags). */
  E.flags = function (rel) {
    var ev = rel.evidence || [], neg = 0;
    ev.forEach(function (e) { if (e.modality === "negated") neg++; });
    var denied = typeof rel.denied === "boolean" ? rel.denied :
      (ev.length ? neg === ev.length : E.modalitiesOf(rel).join(",") === "negated");
    var disputed = typeof rel.disputed === "boolean" ? rel.disputed : (neg > 0 && neg < ev.length);
    return { denied: !!denied, disputed: !!disputed && !denied };
  };

  /* Mirrors render.edge_label. */
  E.edgeLabel = function (rel) {
    var f = E.flags(rel), label = E.relationLabel(rel.type);
    if (f.denied) return "denied: " + label;
    if (f.disputed) return "\u26a0 disputed: " + label;
    return label;
  };

  E.relationTooltip = function (rel, names, style) {
    var arrow = rel.symmetric ? "\u2014" : "\u2192";
    var mods = E.modalitiesOf(rel), f = E.flags(rel);
    var lines = [(names[rel.source] || rel.source) + " " + arrow + " " + E.edgeLabel(rel) +
                 " " + arrow + " " + (names[rel.target] || rel.target),
                 "modality: " + (mods.join(", ") || "none")];
    if (f.denied) lines.push(style && style.denied ? style.denied.note : "denied");
    else if (f.disputed) lines.push(style && style.disputed ? style.disputed.note : "disputed");
    var ev = rel.evidence || [];
    ev.slice(0, TOOLTIP_EVIDENCE).forEach(function (e) {
      var where = [e.document_title, e.document_date, e.page ? "p. " + e.page : ""].filter(Boolean).join(", ");
      lines.push("\u2022 [" + e.modality + "] " + clip(e.sentence) + (where ? " (" + where + ")" : ""));
    });
    if (ev.length > TOOLTIP_EVIDENCE) lines.push("\u2026 " + (ev.length - TOOLTIP_EVIDENCE) + " more (click the edge)");
    return lines.join("\n");
  };

  E.edgeDashes = function (mods, style) {
    if (mods.indexOf("asserted") >= 0) return false;
    for (var i = 0; i < mods.length; i++) if (style.dashed.indexOf(mods[i]) >= 0) return true;
    if (mods.length === 1 && mods[0] === "negated") return [2, 5];
    return false;
  };

  /* Mirrors render.node_options. */
  E.nodeOptions = function (entity, style, value, highlight) {
    var et = style.entities[entity.type];
    var o = {
      id: entity.id, label: entity.name, title: E.entityTooltip(entity, style),
      shape: et ? et.shape : "dot", color: et ? et.color : style["default"],
      value: value || 0, entityType: entity.type
    };
    if (highlight) { o.borderWidth = 4; o.font = { size: 18, bold: true }; }
    return o;
  };

  /* Mirrors render.edge_options. */
  E.edgeOptions = function (rel, style, names, highlight, label) {
    var rt = style.relations[rel.type];
    var symmetric = rt ? rt.symmetric : !!rel.symmetric;
    var mods = E.modalitiesOf(rel), f = E.flags(rel);
    var positive = (rel.evidence || []).filter(function (e) { return e.modality !== "negated"; }).length;
    var o = {
      id: rel.id, from: rel.source, to: rel.target, title: E.relationTooltip(rel, names, style),
      color: f.denied ? style.denied.color : (rt ? rt.color : style["default"]),
      dashes: f.denied ? style.denied.dashes.slice() : E.edgeDashes(mods, style),
      arrows: { to: { enabled: !symmetric && !f.denied } },
      width: highlight ? 4 : (f.denied ? 1 : f.disputed ? 3 : 1.5),
      relType: rel.type, modalities: mods, weight: f.denied ? 0 : positive,
      denied: f.denied, disputed: f.disputed
    };
    if (f.disputed) o.shadow = JSON.parse(JSON.stringify(style.disputed.shadow));
    if (label !== false) o.label = E.edgeLabel(rel);
    return o;
  };

  /* Size by connections on an absolute-ish scale: a node with 2 connections is not drawn
   * as big as a hub just because it is the largest on a small page. */
  E.scale = function (min, max, total, value) {
    var top = Math.max(max, 12);
    return Math.min(1, Math.log(1 + Math.max(0, value)) / Math.log(1 + top));
  };

  E.visOptions = function (n, iterations) {
    var big = n > 1000;
    return {
      autoResize: true,
      layout: { improvedLayout: false, randomSeed: 7 },
      nodes: {
        borderWidth: 1.5,
        font: { size: 14, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" },
        scaling: { min: 10, max: 40, customScalingFunction: E.scale,
                   label: { enabled: true, min: 12, max: 24, drawThreshold: 6, maxVisible: 30 } }
      },
      edges: {
        smooth: false, selectionWidth: 2, hoverWidth: 0.5, color: { inherit: false },
        font: { size: 11, align: "middle", color: "#39424a", strokeWidth: 3, strokeColor: "#ffffff" },
        arrows: { to: { scaleFactor: 0.6 } }
      },
      interaction: { hover: !big, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                     navigationButtons: false, keyboard: false, multiselect: false },
      physics: {
        enabled: iterations > 0, solver: "barnesHut",
        barnesHut: { gravitationalConstant: -6000, centralGravity: 0.25, springLength: 130,
                     springConstant: 0.035, damping: 0.5, avoidOverlap: 0.15 },
        stabilization: { enabled: iterations > 0, iterations: Math.max(iterations, 1), updateInterval: 50, fit: true }
      }
    };
  };

  /* A network over DataSets; runs at most `iterations` stabilisation steps, then freezes
   * physics and sets window.ergraphReady after the next draw. */
  E.createNetwork = function (container, nodes, edges, iterations) {
    var network = new vis.Network(container, { nodes: [], edges: [] }, E.visOptions(nodes.length, iterations));
    E.freezeAfter(network, iterations);
    network.setData({ nodes: nodes, edges: edges });
    if (!(iterations > 0)) E.markReady(network);
    return network;
  };

  E.freezeAfter = function (network, iterations) {
    if (!(iterations > 0)) return;
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      E.markReady(network);
    });
  };

  E.markReady = function (network) {
    if (network.__egDeclutter) network.__egDeclutter();
    network.once("afterDrawing", function () {
      window.ergraphReady = true;
      window.ergraphReadyAt = performance.now();
      document.body.setAttribute("data-ready", "true");
    });
    network.redraw();
  };

  /* Re-run a bounded stabilisation after data changed, then freeze again. */
  E.settle = function (network, iterations) {
    window.ergraphReady = false;
    document.body.setAttribute("data-ready", "false");
    if (!(iterations > 0)) { E.markReady(network); return; }
    network.setOptions({ physics: { enabled: true, stabilization: { enabled: true, iterations: iterations, fit: true } } });
    E.freezeAfter(network, iterations);
    network.stabilize(iterations);
  };

  function field(dl, term, value) {
    dl.appendChild(E.el("dt", null, term));
    dl.appendChild(E.el("dd", null, value));
  }

  E.showEntity = function (panel, entity, style, extra) {
    E.clear(panel);
    var et = style.entities[entity.type];
    panel.appendChild(E.el("h3", { className: "eg-entity-name" }, entity.name));
    var dl = E.el("dl");
    field(dl, "type", et ? et.label : entity.type);
    if (entity.aliases && entity.aliases.length) field(dl, "also", entity.aliases.join(", "));
    if (extra) Object.keys(extra).forEach(function (k) { field(dl, k, extra[k]); });
    field(dl, "id", entity.id);
    panel.appendChild(dl);
  };

  function evidenceItem(e, opts) {
    var src = [e.document_title || "(untitled document)", e.document_date || "undated"]
      .concat(e.page ? ["p. " + e.page] : []).join(" \u00b7 ");
    var kids = [
      E.el("span", { className: "eg-badge" }, e.modality),
      E.el("span", { className: "eg-sentence" }, e.sentence),
      E.el("span", { className: "eg-source" }, src)
    ];
    if (opts && opts.openDocument && e.document_id) {
      var b = E.el("button", { type: "button", className: "eg-open-doc", "data-doc": e.document_id },
                   "Open document");
      b.addEventListener("click", function () { opts.openDocument(e.document_id, e); });
      kids.push(b);
    }
    return E.el("li", { className: "eg-mod-" + String(e.modality).replace(/[^a-z]/g, "") }, null, kids);
  }

  E.evidenceList = function (ev, opts) {
    var list = E.el("ul", { className: "eg-evidence" });
    ev.forEach(function (e) { list.appendChild(evidenceItem(e, opts)); });
    return list;
  };

  /* Both sides of a disputed relation, side by side: what states it, what denies it. */
  E.sidesView = function (asserted, denied, opts) {
    function col(cls, head, ev) {
      return E.el("div", { className: "eg-side-col " + cls }, null, [
        E.el("h4", null, head + " (" + ev.length + ")"),
        ev.length ? E.evidenceList(ev, opts) : E.el("p", { className: "eg-hint" }, "none shown")]);
    }
    return E.el("div", { className: "eg-sides" }, null, [
      col("eg-side-for", "Asserted", asserted), col("eg-side-against", "Denied", denied)]);
  };

  E.splitSides = function (ev) {
    return { asserted: ev.filter(function (e) { return e.modality !== "negated"; }),
             denied: ev.filter(function (e) { return e.modality === "negated"; }) };
  };

  /* opts: openDocument(docId, evidence), loadSides(rel) -> Promise({asserted, denied}). */
  E.showRelation = function (panel, rel, names, style, opts) {
    E.clear(panel);
    opts = opts || {};
    var rt = style.relations[rel.type], f = E.flags(rel);
    var arrow = (rt ? rt.symmetric : rel.symmetric) ? " \u2014 " : " \u2192 ";
    panel.setAttribute("data-relation", rel.id);
    panel.appendChild(E.el("h3", { className: "eg-relation-title" + (f.denied ? " eg-is-denied" : f.disputed ? " eg-is-disputed" : "") },
      (names[rel.source] || rel.source) + arrow + E.edgeLabel(rel) + arrow + (names[rel.target] || rel.target)));
    if (f.denied) panel.appendChild(E.el("p", { className: "eg-flag eg-flag-denied" }, style.denied.note));
    if (f.disputed) panel.appendChild(E.el("p", { className: "eg-flag eg-flag-disputed" }, style.disputed.note));
    var dl = E.el("dl");
    field(dl, "modality", E.modalitiesOf(rel).join(", ") || "none");
    if (typeof rel.confidence === "number") field(dl, "confidence", rel.confidence.toFixed(2));
    panel.appendChild(dl);
    var ev = rel.evidence || [];
    if (f.disputed) {
      var sides = E.splitSides(ev);
      var box = E.el("div", { className: "eg-sides-box" }, null, [E.sidesView(sides.asserted, sides.denied, opts)]);
      panel.appendChild(E.el("h2", null, "Both sides"));
      panel.appendChild(box);
      if ((!sides.asserted.length || !sides.denied.length) && opts.loadSides) {
        opts.loadSides(rel).then(function (both) {
          if (!both || panel.getAttribute("data-relation") !== rel.id) return;
          E.clear(box);
          box.appendChild(E.sidesView(both.asserted || [], both.denied || [], opts));
        }).catch(function () { /* what the graph holds stays shown */ });
      }
      return;
    }
    panel.appendChild(E.el("h2", null, ev.length === 1 ? "1 evidence sentence" : ev.length + " evidence sentences"));
    panel.appendChild(E.evidenceList(ev, opts));
  };

  // -- documents -----------------------------------------------------------------------
  function norm(t) { return String(t || "").split(/\s+/).filter(Boolean).join(" "); }

  /* Ranges (in code points, as the offsets are) of the marks in the text; a mark whose
   * offsets do not hold its sentence is found by its sentence instead. */
  E.markRanges = function (text, marks) {
    var cps = Array.from(text), n = cps.length, out = [];
    marks.forEach(function (m) {
      var s = m.start, e = m.end;
      var ok = typeof s === "number" && typeof e === "number" && s >= 0 && e <= n && s < e;
      if (ok && m.sentence && norm(cps.slice(s, e).join("")) !== norm(m.sentence)) {
        var i = text.indexOf(m.sentence);
        if (i >= 0) { s = Array.from(text.slice(0, i)).length; e = s + Array.from(m.sentence).length; }
      } else if (!ok && m.sentence) {
        var j = text.indexOf(m.sentence);
        if (j >= 0) { s = Array.from(text.slice(0, j)).length; e = s + Array.from(m.sentence).length; ok = true; }
      }
      if (ok || (s >= 0 && e <= n && s < e)) out.push({ s: s, e: e, marks: [m] });
    });
    out.sort(function (a, b) { return a.s - b.s || b.e - a.e; });
    var merged = [];
    out.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r.s < last.e) { last.e = Math.max(last.e, r.e); last.marks = last.marks.concat(r.marks); }
      else merged.push(r);
    });
    return { cps: cps, ranges: merged };
  };

  /* Fill the document dialog: title, date, source, and the text with each evidence
   * sentence marked (<mark>, text nodes only). marks: [{start, end, sentence, modality,
   * current, label}]. Returns the first current mark (scrolled into view). */
  E.showDocument = function (doc, marks) {
    var dlg = document.getElementById("eg-doc");
    if (!dlg) return null;
    document.getElementById("eg-doc-title").textContent = doc.title || "(untitled document)";
    var meta = document.getElementById("eg-doc-meta");
    E.clear(meta);
    [["date", doc.date || "undated"], ["source", doc.source || "unknown"], ["id", doc.id]].forEach(function (kv) {
      meta.appendChild(E.el("span", { className: "eg-doc-" + kv[0] }, kv[0] + ": " + kv[1]));
    });
    // what the loader kept (an e-mail's sender and recipients, a PDF's page count), as text
    var md = doc.metadata || {};
    [["from", md.from], ["to", md.to], ["cc", md.cc], ["pages", md.page_count]].forEach(function (kv) {
      var v = Array.isArray(kv[1]) ? kv[1].slice(0, 20).join(", ") : kv[1];
      if (v !== undefined && v !== null && v !== "") {
        meta.appendChild(E.el("span", { className: "eg-doc-" + kv[0] }, kv[0] + ": " + v));
      }
    });
    var note = document.getElementById("eg-doc-note");
    var body = document.getElementById("eg-doc-text");
    E.clear(body);
    var first = null, count = 0;
    function mark(text, ms) {
      var current = ms.some(function (m) { return m.current; });
      var mods = {};
      ms.forEach(function (m) { mods[String(m.modality).replace(/[^a-z]/g, "")] = true; });
      var cls = "eg-hl" + Object.keys(mods).map(function (k) { return " eg-mod-" + k; }).join("") +
                (current ? " eg-current" : "");
      var title = ms.map(function (m) { return m.modality + (m.label ? ": " + m.label : ""); }).join("; ");
      var node = E.el("mark", { className: cls, title: title }, text);
      count++;
      if (current && !first) first = node;
      return node;
    }
    if (typeof doc.text === "string" && doc.text.length) {
      var r = E.markRanges(doc.text, marks || []), at = 0;
      r.ranges.forEach(function (g) {
        if (g.s > at) body.appendChild(document.createTextNode(r.cps.slice(at, g.s).join("")));
        body.appendChild(mark(r.cps.slice(g.s, g.e).join(""), g.marks));
        at = g.e;
      });
      if (at < r.cps.length) body.appendChild(document.createTextNode(r.cps.slice(at).join("")));
      note.textContent = (count === 1 ? "1 evidence sentence" : count + " evidence sentences") + " marked" +
        (doc.clipped ? "; the text is clipped" : "");
    } else {
      note.textContent = "This page does not hold the document's text; its evidence sentences:";
      (marks || []).forEach(function (m) {
        body.appendChild(E.el("p", null, null, [mark(m.sentence || "", [m])]));
      });
    }
    dlg.hidden = false;
    dlg.setAttribute("data-document", doc.id || "");
    var target = first || body.querySelector("mark");
    if (target && target.scrollIntoView) target.scrollIntoView({ block: "center" });
    var close = document.getElementById("eg-doc-close");
    if (close) close.focus();
    return target;
  };

  E.closeDocument = function () {
    var dlg = document.getElementById("eg-doc");
    if (dlg) { dlg.hidden = true; dlg.removeAttribute("data-document"); }
  };

  E.wireDocumentDialog = function () {
    var dlg = document.getElementById("eg-doc");
    if (!dlg) return;
    document.getElementById("eg-doc-close").addEventListener("click", E.closeDocument);
    dlg.addEventListener("click", function (ev) { if (ev.target === dlg) E.closeDocument(); });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && !dlg.hidden) E.closeDocument();
    });
  };

  /* Marks for a document from relations' evidence: every sentence of `relations` citing
   * `docId`; those of `current` (a relation id) are the current ones. */
  E.marksFrom = function (docId, relations, names, current) {
    var out = [], seen = {};
    Object.keys(relations).forEach(function (rid) {
      var r = relations[rid];
      (r.evidence || []).forEach(function (e) {
        if (e.document_id !== docId) return;
        var key = rid + "|" + e.start + "|" + e.end + "|" + e.modality;
        if (seen[key]) return;
        seen[key] = true;
        out.push({ start: e.start, end: e.end, sentence: e.sentence, modality: e.modality,
                   current: rid === current, relation: rid,
                   label: (names[r.source] || r.source) + " " + E.edgeLabel(r) + " " + (names[r.target] || r.target) });
      });
    });
    return out;
  };

  // -- time ----------------------------------------------------------------------------
  function lastDay(period) {
    var y = parseInt(period.slice(0, 4), 10), m = parseInt(period.slice(5, 7), 10);
    var d = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return period + "-" + (d < 10 ? "0" + d : String(d));
  }
  E.periodRange = function (period) { return [period + "-01", lastDay(period)]; };

  /* periods [{period, count}] from relations touching `id` (by evidence date), for pages
   * without the timeline endpoint. */
  E.periodsOf = function (id, relations) {
    var by = {};
    Object.keys(relations).forEach(function (rid) {
      var r = relations[rid];
      if (r.source !== id && r.target !== id) return;
      var seen = {};
      (r.evidence || []).forEach(function (e) {
        var p = e.document_date ? String(e.document_date).slice(0, 7) : null;
        if (p && !seen[p]) { seen[p] = true; by[p] = (by[p] || 0) + 1; }
      });
    });
    return Object.keys(by).sort().map(function (p) { return { period: p, count: by[p] }; });
  };

  /* Events [{date, relation, other}] of the relations touching `id`, one per relation and
   * document, by date (undated last): the static pages' stand-in for the timeline
   * endpoint's events. */
  E.eventsOf = function (id, relations, entities) {
    var out = [];
    Object.keys(relations).forEach(function (rid) {
      var r = relations[rid];
      if (r.source !== id && r.target !== id) return;
      var seen = {};
      (r.evidence || []).forEach(function (e) {
        if (seen[e.document_id]) return;
        seen[e.document_id] = true;
        out.push({ date: e.document_date || null, relation: r, document_id: e.document_id,
                   other: entities[r.source === id ? r.target : r.source] || null });
      });
    });
    out.sort(function (a, b) {
      return a.date === b.date ? 0 : a.date === null ? 1 : b.date === null ? -1 : a.date < b.date ? -1 : 1;
    });
    return out;
  };

  /* The entity's relations by document date, in its details panel; period limits them. */
  E.showEvents = function (panel, events, period, openDocument) {
    var old = panel.querySelector(".eg-events-section");
    if (old) panel.removeChild(old);
    var shown = (events || []).filter(function (ev) {
      return !period || (ev.date && String(ev.date).slice(0, 7) === period);
    });
    var sec = E.el("section", { className: "eg-events-section" }, null, [
      E.el("h2", null, "By date" + (period ? " (" + period + ")" : "") + ": " + shown.length +
           (shown.length === 1 ? " relation" : " relations"))]);
    var ul = E.el("ul", { className: "eg-events" });
    shown.slice(0, 50).forEach(function (ev) {
      var r = ev.relation || {};
      var kids = [E.el("span", { className: "eg-event-date" }, ev.date || "undated"),
                  E.el("span", { className: "eg-event-what" }, E.edgeLabel(r) + " \u00b7 " +
                       (ev.other ? ev.other.name : "?"))];
      var doc = ev.document_id || ((r.evidence || [])[0] || {}).document_id;
      if (doc && openDocument) {
        var b = E.el("button", { type: "button", className: "eg-open-doc", "data-doc": doc }, "Open document");
        b.addEventListener("click", function () { openDocument(doc, r); });
        kids.push(b);
      }
      ul.appendChild(E.el("li", null, null, kids));
    });
    sec.appendChild(ul);
    panel.appendChild(sec);
  };

  /* The strip: one bar per month (height by count); onPick(period or null). */
  E.showTimeline = function (box, title, periods, active, onPick) {
    E.clear(box);
    if (!periods || !periods.length) {
      box.hidden = false;
      box.appendChild(E.el("span", { className: "eg-timeline-title" }, title + ": no dated relations"));
      return;
    }
    box.hidden = false;
    var max = 1;
    periods.forEach(function (p) { max = Math.max(max, p.count || 0); });
    box.appendChild(E.el("span", { className: "eg-timeline-title" }, title));
    var strip = E.el("div", { className: "eg-periods", role: "group", "aria-label": title });
    periods.forEach(function (p) {
      var bar = E.el("span", { className: "eg-bar" });
      bar.style.height = Math.max(3, Math.round(28 * (p.count || 0) / max)) + "px";
      var b = E.el("button", { type: "button", className: "eg-period", "data-period": p.period,
                               "aria-pressed": String(p.period === active),
                               title: p.period + ": " + p.count + (p.count === 1 ? " relation" : " relations") },
                   null, [bar, E.el("span", { className: "eg-period-label" }, p.period)]);
      b.addEventListener("click", function () { onPick(p.period === active ? null : p.period); });
      strip.appendChild(b);
    });
    box.appendChild(strip);
    var all = E.el("button", { type: "button", className: "eg-period-all", disabled: "disabled" }, "All dates");
    if (active) all.removeAttribute("disabled");
    all.addEventListener("click", function () { onPick(null); });
    box.appendChild(all);
  };

  // -- the view ------------------------------------------------------------------------
  /* Hide vis-network's tooltip (it otherwise stays when the pointer leaves the canvas,
   * or across filter changes and searches). */
  E.hideTooltip = function (network) {
    try {
      var ih = network && network.interactionHandler;
      if (ih && ih.popup) { ih.popup.hide(); ih.popupObj = undefined; }
    } catch (e) { /* the DOM below suffices */ }
    Array.prototype.forEach.call(document.querySelectorAll(".vis-tooltip"), function (t) {
      t.style.visibility = "hidden";
    });
  };

  E.LABEL_ALL = 40;
  E.LABEL_ZOOM = 0.9;
  /* Readable at 200 nodes: beyond LABEL_ALL nodes, names only on the most connected
   * tenth (at least 8) until zoomed in past LABEL_ZOOM; edge labels only when zoomed in. */
  E.declutter = function (network, nodes, entities, pinned) {
    var n = nodes.length, scale = network.getScale ? network.getScale() : 1;
    var all = n <= E.LABEL_ALL || scale >= E.LABEL_ZOOM;
    var keep = {};
    if (!all) {
      var deg = [];
      nodes.forEach(function (node) { deg.push([node.id, network.getConnectedEdges(node.id).length]); });
      deg.sort(function (a, b) { return b[1] - a[1]; });
      deg.slice(0, Math.max(8, Math.ceil(n / 10))).forEach(function (d) { keep[d[0]] = true; });
    }
    var up = [];
    nodes.forEach(function (node) {
      var e = entities[node.id];
      var want = all || keep[node.id] || (pinned && pinned[node.id]) ? (e ? e.name : node.label) : "";
      if (node.label !== want) up.push({ id: node.id, label: want });
    });
    if (up.length) nodes.update(up);
    var edgeFont = n <= E.LABEL_ALL || scale >= 1.2 ? 11 : 0;
    if (network.__egEdgeFont !== edgeFont) {
      network.__egEdgeFont = edgeFont;
      network.setOptions({ edges: { font: { size: edgeFont } } });
    }
  };

  /* Declutter now, on every zoom, and whenever the page is ready after a layout. */
  E.autoDeclutter = function (network, nodes, entities, pinned) {
    network.__egDeclutter = function () { E.declutter(network, nodes, entities, pinned && pinned()); };
    network.on("zoom", network.__egDeclutter);
    network.__egDeclutter();
  };

  E.visibleLabels = function (nodes) {
    return nodes.get({ filter: function (x) { return !x.hidden && !!x.label; } }).length;
  };

  E.setLayout = function (network, layout, iterations) {
    if (layout === "hierarchical") {
      network.setOptions({ layout: { hierarchical: { enabled: true, direction: "UD", sortMethod: "directed",
                                                     levelSeparation: 130, nodeSpacing: 140 } },
                           physics: { enabled: false } });
    } else {
      network.setOptions({ layout: { hierarchical: { enabled: false } } });
      E.settle(network, iterations || 120);
    }
    network.fit();
  };

  /* The canvas on white, as a PNG data URL. */
  E.pngDataURL = function (network) {
    var c = document.querySelector("#eg-network canvas");
    if (!c) return "";
    var out = document.createElement("canvas");
    out.width = c.width; out.height = c.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(c, 0, 0);
    return out.toDataURL("image/png");
  };

  E.download = function (name, url) {
    var a = document.createElement("a");
    a.download = name;
    a.href = url;
    a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
  };

  function xml(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" }[c];
    }).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
  }

  /* GraphML of what is drawn (visible nodes and edges), with each edge's type, flags and
   * evidence sentences, document ids and dates (Gephi reads the keys as attributes). */
  E.graphml = function (nodes, edges, entities, relations) {
    var keys = [["label", "node", "string"], ["type", "node", "string"], ["aliases", "node", "string"],
                ["type", "edge", "string"], ["label", "edge", "string"], ["modalities", "edge", "string"],
                ["weight", "edge", "double"], ["denied", "edge", "boolean"], ["disputed", "edge", "boolean"],
                ["evidence", "edge", "string"], ["documents", "edge", "string"], ["dates", "edge", "string"]];
    var out = ['<?xml version="1.0" encoding="UTF-8"?>',
               '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'];
    keys.forEach(function (k) {
      out.push('<key id="' + k[1][0] + "_" + k[0] + '" for="' + k[1] + '" attr.name="' + k[0] + '" attr.type="' + k[2] + '"/>');
    });
    out.push('<graph id="view" edgedefault="directed">');
    var shown = {};
    nodes.forEach(function (n) {
      if (n.hidden) return;
      shown[n.id] = true;
      var e = entities[n.id] || { name: n.label, type: n.entityType, aliases: [] };
      out.push('<node id="' + xml(n.id) + '"><data key="n_label">' + xml(e.name) + '</data><data key="n_type">' +
               xml(e.type) + '</data><data key="n_aliases">' + xml((e.aliases || []).join("; ")) + "</data></node>");
    });
    edges.forEach(function (d) {
      if (d.hidden || !shown[d.from] || !shown[d.to]) return;
      var r = relations[d.id] || {}, ev = r.evidence || [], f = E.flags(r);
      var uniq = function (xs) { return xs.filter(function (x, i) { return x && xs.indexOf(x) === i; }); };
      out.push('<edge id="' + xml(d.id) + '" source="' + xml(d.from) + '" target="' + xml(d.to) + '">' +
               '<data key="e_type">' + xml(r.type || d.relType) + "</data>" +
               '<data key="e_label">' + xml(E.edgeLabel(r.type ? r : { type: d.relType })) + "</data>" +
               '<data key="e_modalities">' + xml(E.modalitiesOf(r).join(",")) + "</data>" +
               '<data key="e_weight">' + (f.denied ? 0 : ev.filter(function (e) { return e.modality !== "negated"; }).length) + "</data>" +
               '<data key="e_denied">' + f.denied + '</data><data key="e_disputed">' + f.disputed + "</data>" +
               '<data key="e_evidence">' + xml(ev.map(function (e) { return "[" + e.modality + "] " + e.sentence; }).join(" | ")) + "</data>" +
               '<data key="e_documents">' + xml(uniq(ev.map(function (e) { return e.document_id; })).join(" | ")) + "</data>" +
               '<data key="e_dates">' + xml(uniq(ev.map(function (e) { return e.document_date; })).join(" | ")) + "</data>" +
               "</edge>");
    });
    out.push("</graph></graphml>");
    return out.join("\n");
  };
})();
