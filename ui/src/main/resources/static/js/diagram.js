// Draws the change-request process with bpmn-js and marks where this request is now.
// Without JavaScript the page still shows the status in words.
(function () {
  'use strict';

  function activeIds(container) {
    return (container.dataset.active || '').split(/\s+/).filter(Boolean);
  }

  function named(viewer, ids) {
    var registry = viewer.get('elementRegistry');
    return ids
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

  function render(container) {
    if (!window.BpmnJS) {
      return;
    }
    var viewer = new window.BpmnJS({ container: container });
    fetch(container.dataset.xmlUrl, { credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.text();
      })
      .then(function (xml) { return viewer.importXML(xml); })
      .then(function () {
        var canvas = viewer.get('canvas');
        var registry = viewer.get('elementRegistry');
        var ids = activeIds(container);
        ids.forEach(function (id) {
          if (registry.get(id)) { canvas.addMarker(id, 'cs-active'); }
        });
        canvas.zoom('fit-viewport', 'auto');
        var where = describe(named(viewer, ids));
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
