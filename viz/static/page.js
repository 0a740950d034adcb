/* ergraph static page: draw the embedded graph; details, evidence and documents on click;
 * denials hidden until asked for; a timeline strip for the clicked entity. */
(function () {
  "use strict";
  var E = window.ErGraph;
  var data = E.readData("ergraph-data");
  var style = data.style;
  var documents = data.documents || {};
  var $ = function (id) { return document.getElementById(id); };
  var view = { denials: false, period: null, selected: null };
  data.edges.forEach(function (e) { e.hidden = !!e.denied; });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var names = {};
  Object.keys(data.entities).forEach(function (id) { names[id] = data.entities[id].name; });
  var details = $("eg-details");
  var network = E.createNetwork($("eg-network"), nodes, edges, data.physics.iterations);
  window.ergraph = { network: network, nodes: nodes, edges: edges, data: data, view: view };

  function degree(id) { return network.getConnectedEdges(id).length; }

  function inPeriod(rel) {
    if (!view.period) return true;
    return (rel.evidence || []).some(function (e) {
      return e.document_date && String(e.document_date).slice(0, 7) === view.period;
    });
  }

  /* Which edges and nodes are drawn: denials only when shown; only the period's edges
   * (and the entities they join, with the selected one) when a period is picked. */
  function apply() {
    var up = [], touched = {};
    edges.forEach(function (e) {
      var rel = data.relations[e.id] || {};
      var hide = (e.denied && !view.denials) || !inPeriod(rel);
      if (!hide) { touched[e.from] = true; touched[e.to] = true; }
      if (!!e.hidden !== hide) up.push({ id: e.id, hidden: hide });
    });
    edges.update(up);
    var nup = [];
    nodes.forEach(function (n) {
      var hide = !!view.period && !touched[n.id] && n.id !== view.selected;
      if (!!n.hidden !== hide) nup.push({ id: n.id, hidden: hide });
    });
    nodes.update(nup);
    var hiddenDenied = 0;
    edges.forEach(function (e) { if (e.denied && !view.denials) hiddenDenied++; });
    $("eg-view-note").textContent = (view.period ? "showing " + view.period + " only. " : "") +
      (hiddenDenied ? hiddenDenied + (hiddenDenied === 1 ? " denied relation" : " denied relations") + " hidden" : "");
    E.hideTooltip(network);
  }

  function openDocument(docId, ev, relId) {
    var doc = documents[docId] || { id: docId, title: ev && ev.document_title, date: ev && ev.document_date };
    E.showDocument(doc, E.marksFrom(docId, data.relations, names, relId));
  }

  function timeline(id) {
    view.selected = id;
    var box = $("eg-timeline");
    E.showTimeline(box, "Timeline of " + (names[id] || id), E.periodsOf(id, data.relations), view.period, function (p) {
      view.period = p;
      apply();
      timeline(id);
    });
    if (details.getAttribute("data-entity") === id) {
      E.showEvents(details, E.eventsOf(id, data.relations, data.entities), view.period, function (docId, rel) {
        var ev = (rel.evidence || []).filter(function (e) { return e.document_id === docId; })[0];
        openDocument(docId, ev, rel.id);
      });
    }
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      E.showEntity(details, data.entities[id], style, { connections: String(degree(id)) });
      details.setAttribute("data-entity", id);
      timeline(id);
    } else if (params.edges.length) {
      var rel = data.relations[params.edges[0]];
      details.removeAttribute("data-entity");
      if (rel) E.showRelation(details, rel, names, style, {
        openDocument: function (docId, ev) { openDocument(docId, ev, rel.id); } });
    }
  });
  $("eg-network").addEventListener("mouseleave", function () { E.hideTooltip(network); });

  $("eg-denials").addEventListener("change", function () { view.denials = this.checked; apply(); });
  $("eg-fit").addEventListener("click", function () { network.fit(); E.declutter(network, nodes, data.entities); });
  $("eg-layout").addEventListener("change", function () { E.setLayout(network, this.value, 120); });
  $("eg-png").addEventListener("click", function () {
    var url = E.pngDataURL(network);
    window.ergraph.lastExport = { kind: "png", size: url.length };
    E.download("ergraph-view.png", url);
  });
  $("eg-graphml").addEventListener("click", function () {
    var text = E.graphml(nodes, edges, data.entities, data.relations);
    window.ergraph.lastExport = { kind: "graphml", size: text.length };
    E.download("ergraph-view.graphml", URL.createObjectURL(new Blob([text], { type: "application/xml" })));
  });
  E.wireDocumentDialog();
  window.ergraph.apply = apply;
  window.ergraph.openDocument = openDocument;
  window.ergraph.png = function () { return E.pngDataURL(network); };
  window.ergraph.graphml = function () { return E.graphml(nodes, edges, data.entities, data.relations); };
  apply();
  E.autoDeclutter(network, nodes, data.entities);

  var pathList = $("eg-paths");
  if (pathList && data.paths && data.paths.length) {
    var buttons = [];
    data.paths.forEach(function (p, i) {
      var label = (i + 1) + ". " + p.nodes.map(function (id) { return names[id] || id; }).join(" \u2014 ") +
        " (" + p.relations.length + (p.relations.length === 1 ? " hop)" : " hops)");
      var b = E.el("button", { type: "button", "aria-pressed": "false" }, label);
      b.addEventListener("click", function () {
        buttons.forEach(function (x) { x.setAttribute("aria-pressed", "false"); });
        b.setAttribute("aria-pressed", "true");
        network.setSelection({ nodes: p.nodes, edges: p.relations }, { highlightEdges: false });
        network.fit({ nodes: p.nodes, animation: false });
      });
      buttons.push(b);
      pathList.appendChild(E.el("li", null, null, [b]));
    });
    buttons[0].setAttribute("aria-pressed", "true");
  }
})();
