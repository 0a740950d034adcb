/* ergraph static page: draw the embedded graph; details and evidence on click. */
(function () {
  "use strict";
  var E = window.ErGraph;
  var data = E.readData("ergraph-data");
  var style = data.style;
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var names = {};
  Object.keys(data.entities).forEach(function (id) { names[id] = data.entities[id].name; });
  var details = document.getElementById("eg-details");
  var network = E.createNetwork(document.getElementById("eg-network"), nodes, edges, data.physics.iterations);
  window.ergraph = { network: network, nodes: nodes, edges: edges, data: data };

  function degree(id) { return network.getConnectedEdges(id).length; }

  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      E.showEntity(details, data.entities[id], style, { connections: String(degree(id)) });
    } else if (params.edges.length) {
      var rel = data.relations[params.edges[0]];
      if (rel) E.showRelation(details, rel, names, style);
    }
  });

  var pathList = document.getElementById("eg-paths");
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
