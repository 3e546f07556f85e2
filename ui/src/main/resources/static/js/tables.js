// On narrow screens the data tables are shown as stacked cards (see countersign.css); each cell then carries its
// column's name, copied here from the table's header so that no template has to repeat it.
(function () {
  'use strict';

  function headers(table) {
    var names = [];
    table.querySelectorAll('thead tr:first-child > th').forEach(function (th) {
      var span = parseInt(th.getAttribute('colspan') || '1', 10);
      for (var i = 0; i < span; i++) { names.push(th.textContent.trim()); }
    });
    return names;
  }

  function label(table) {
    var names = headers(table);
    if (!names.length) { return; }
    table.querySelectorAll('tbody > tr').forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        var span = parseInt(cell.getAttribute('colspan') || '1', 10);
        if (!cell.hasAttribute('data-label') && span === 1 && names[column]) {
          cell.setAttribute('data-label', names[column]);
        }
        column += span;
      });
    });
  }

  function labelAll(root) {
    (root.querySelectorAll ? root : document).querySelectorAll('table.data').forEach(label);
  }

  document.addEventListener('DOMContentLoaded', function () { labelAll(document); });
  // htmx swaps in fresh rows (filters, live refresh): label them too.
  document.addEventListener('htmx:afterSwap', function () { labelAll(document); });
})();
