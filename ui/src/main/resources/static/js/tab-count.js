// The number of open approvals for me, in the tab title: "(3) Inbox · Countersign". The server puts it in a meta tag.
(function () {
  var meta = document.querySelector('meta[name="countersign-open-approvals"]');
  var count = meta ? parseInt(meta.getAttribute('content'), 10) : 0;
  if (count > 0) {
    document.title = '(' + count + ') ' + document.title.replace(/^\(\d+\) /, '');
  }
})();
