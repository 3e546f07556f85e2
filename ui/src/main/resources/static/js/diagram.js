// Draws the change-request process with bpmn-js and marks where this request is now.
// Without JavaScript the page still shows the status in words.
(function () {
  'use strict';

  function activeIds(container) {
    return (container.dataset.active || '').split(/\s+/).filter(Boolean);
  }

  function describe(viewer, ids) {
    var registry = viewer.get('elementRegistry');
    return ids
      .map(function (id) { return registry.get(id); })
      .filter(function (element) { return element && element.businessObject && element.businessObject.name; })
      .map(function (element) { return element.businessObject.name; });
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
        var names = describe(viewer, ids);
        container.setAttribute('aria-label', names.length
          ? 'Process diagram. Current step: ' + names.join(', ')
          : 'Process diagram');
        var caption = document.getElementById('diagram-current');
        if (caption && names.length) { caption.textContent = 'Current step: ' + names.join(', ') + '.'; }
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
