// Draws the change-request process with bpmn-js (the navigated viewer: drag to pan, Ctrl + wheel to zoom), marks
// the path the request took and where it is now, and zooms onto the current step. Without JavaScript the page
// still says where the request stands (the step indicator and the status).
(function () {
  'use strict';

  var STEP = 1.25;

  function ids(container, name) {
    return (container.dataset[name] || '').split(/\s+/).filter(Boolean);
  }

  function named(registry, list) {
    return list
      .map(function (id) { return registry.get(id); })
      .filter(function (element) { return element && element.businessObject && element.businessObject.name; });
  }

  // Catch events are named after what they wait for ("Decision received"), so "current step" would read as if it
  // had already happened.
  function describe(elements) {
    if (!elements.length) { return ''; }
    var type = elements[0].type;
    var lead = type === 'bpmn:EndEvent' ? 'Ended at'
      : /CatchEvent$/.test(type) ? 'Waiting for' : 'Current step';
    return lead + ': ' + elements.map(function (e) { return e.businessObject.name; }).join(' or ') + '.';
  }

  // The path lists elements in the order passed; a flow is on it when it enters a path element from the latest
  // path element before it that has a flow into it (so a merge marks only the branch taken).
  function markPath(canvas, registry, path, active) {
    var position = {};
    path.concat(active).forEach(function (id, i) { if (!(id in position)) { position[id] = i; } });
    Object.keys(position).forEach(function (id) {
      var element = registry.get(id);
      if (!element) { return; }
      if (active.indexOf(id) < 0) { canvas.addMarker(id, 'cs-path'); }
      var best = null;
      (element.incoming || []).forEach(function (flow) {
        var from = flow.source && position[flow.source.id];
        if (from === undefined || from >= position[id]) { return; }
        if (!best || from > position[best.source.id]) { best = flow; }
      });
      if (best) { canvas.addMarker(best.id, 'cs-path'); }
    });
  }

  function focus(canvas, registry, active) {
    var element = active.map(function (id) { return registry.get(id); }).filter(Boolean)[0];
    if (!element) { canvas.zoom('fit-viewport', 'auto'); return; }
    canvas.zoom(1);
    var box = canvas.viewbox();
    canvas.scroll({
      dx: box.x - (element.x + element.width / 2 - box.width / 2),
      dy: box.y - (element.y + element.height / 2 - box.height / 2)
    });
  }

  function tools(figure, canvas, registry, active) {
    figure.querySelectorAll('[data-diagram]').forEach(function (button) {
      button.addEventListener('click', function () {
        var action = button.dataset.diagram;
        if (action === 'zoom-in') { canvas.zoom(canvas.zoom() * STEP); }
        if (action === 'zoom-out') { canvas.zoom(canvas.zoom() / STEP); }
        if (action === 'fit') { canvas.zoom('fit-viewport', 'auto'); }
        if (action === 'current') { focus(canvas, registry, active); }
      });
    });
  }

  function render(container) {
    if (!window.BpmnJS) {
      return;
    }
    var viewer = new window.BpmnJS({ container: container, zoomScroll: { enabled: true } });
    fetch(container.dataset.xmlUrl, { credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.text();
      })
      .then(function (xml) { return viewer.importXML(xml); })
      .then(function () {
        var canvas = viewer.get('canvas');
        var registry = viewer.get('elementRegistry');
        var active = ids(container, 'active').filter(function (id) { return registry.get(id); });
        markPath(canvas, registry, ids(container, 'path'), active);
        active.forEach(function (id) { canvas.addMarker(id, 'cs-active'); });
        // Readable labels first: at 100 % around the current step, not the whole model shrunk to the frame.
        focus(canvas, registry, active);
        tools(container.closest('figure'), canvas, registry, active);
        var where = describe(named(registry, active));
        container.setAttribute('aria-label', where ? 'Process diagram. ' + where : 'Process diagram');
        var caption = document.getElementById('diagram-current');
        if (caption && where) { caption.textContent = where; }
      })
      .catch(function () {
        container.classList.add('diagram__canvas--failed');
        container.textContent = 'The process diagram could not be loaded.';
      });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var container = document.getElementById('process-diagram');
    if (container) { render(container); }
  });
})();
