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

  E.relationTooltip = function (rel, names) {
    var arrow = rel.symmetric ? "\u2014" : "\u2192";
    var mods = E.modalitiesOf(rel);
    var lines = [(names[rel.source] || rel.source) + " " + arrow + " " + E.relationLabel(rel.type) +
                 " " + arrow + " " + (names[rel.target] || rel.target),
                 "modality: " + (mods.join(", ") || "none")];
    var ev = rel.evidence || [];
    ev.slice(0, TOOLTIP_EVIDENCE).forEach(function (e) {
      var where = [e.document_title, e.document_date].filter(Boolean).join(", ");
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
    var mods = E.modalitiesOf(rel);
    var o = {
      id: rel.id, from: rel.source, to: rel.target, title: E.relationTooltip(rel, names),
      color: rt ? rt.color : style["default"], dashes: E.edgeDashes(mods, style),
      arrows: { to: { enabled: !symmetric } }, width: highlight ? 4 : 1.5,
      relType: rel.type, modalities: mods
    };
    if (label !== false) o.label = E.relationLabel(rel.type);
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

  E.showRelation = function (panel, rel, names, style) {
    E.clear(panel);
    var rt = style.relations[rel.type];
    var arrow = (rt ? rt.symmetric : rel.symmetric) ? " \u2014 " : " \u2192 ";
    panel.appendChild(E.el("h3", { className: "eg-relation-title" },
      (names[rel.source] || rel.source) + arrow + E.relationLabel(rel.type) + arrow + (names[rel.target] || rel.target)));
    var dl = E.el("dl");
    field(dl, "modality", E.modalitiesOf(rel).join(", ") || "none");
    if (typeof rel.confidence === "number") field(dl, "confidence", rel.confidence.toFixed(2));
    panel.appendChild(dl);
    var ev = rel.evidence || [];
    panel.appendChild(E.el("h2", null, ev.length === 1 ? "1 evidence sentence" : ev.length + " evidence sentences"));
    var list = E.el("ul", { className: "eg-evidence" });
    ev.forEach(function (e) {
      var src = [e.document_title || "(untitled document)", e.document_date || "undated"].join(" \u00b7 ");
      list.appendChild(E.el("li", { className: "eg-mod-" + String(e.modality).replace(/[^a-z]/g, "") }, null, [
        E.el("span", { className: "eg-badge" }, e.modality),
        E.el("span", { className: "eg-sentence" }, e.sentence),
        E.el("span", { className: "eg-source" }, src)
      ]));
    });
    panel.appendChild(list);
  };
})();
