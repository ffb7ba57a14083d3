// Progressive enhancement of the HTML report: a text filter, sortable tables, and
// opening the collapsed document that holds the sentence a link points to. Everything
// stays readable without this script; it fetches nothing.
(function () {
  'use strict';

  // Opens every <details> around the element the URL fragment names, so a claim link
  // shows its sentence even in browsers that do not open details on navigation.
  function openTarget() {
    var id = location.hash.slice(1);
    if (!id) return;
    try { id = decodeURIComponent(id); } catch (e) { /* keep the raw fragment */ }
    var el = document.getElementById(id);
    for (var p = el; p; p = p.parentElement) {
      if (p.tagName === 'DETAILS') p.open = true;
    }
    if (el) el.scrollIntoView({ block: 'center' });
  }
  window.addEventListener('hashchange', openTarget);
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest && ev.target.closest('a[href^="#"]');
    if (a && a.getAttribute('href') === location.hash) openTarget();
  });
  openTarget();

  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  });

  // Filter: hides items whose text does not contain every word typed.
  var box = document.getElementById('filter-box');
  var input = document.getElementById('filter');
  var count = document.getElementById('filter-count');
  if (box && input) {
    box.hidden = false;
    var items = Array.prototype.slice.call(document.querySelectorAll('.filterable'));
    var texts = null;
    input.addEventListener('input', function () {
      if (!texts) texts = items.map(function (el) { return el.textContent.toLowerCase(); });
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (el, i) {
        var ok = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
        el.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = words.length ? shown + ' of ' + items.length + ' items shown' : '';
      // Collapsed parts of a section open while they hold a match.
      if (words.length) {
        document.querySelectorAll('details.more, details.story-body').forEach(function (d) {
          d.open = d.querySelector('.filterable:not([hidden])') !== null;
        });
      }
    });
  }

  // Sortable tables: each header becomes a button; numbers sort as numbers, the rest as
  // text, using a cell's data-sort value when it has one.
  function key(row, col) {
    var cell = row.cells[col];
    if (!cell) return '';
    var v = cell.getAttribute('data-sort');
    return v === null ? cell.textContent.trim() : v;
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var body = table.tBodies[0];
    if (!body || !table.tHead) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var button = document.createElement('button');
      button.type = 'button';
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      var ascending = true;
      button.addEventListener('click', function () {
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = rows.every(function (r) { var k = key(r, col); return k === '' || !isNaN(Number(k)); });
        rows.sort(function (a, b) {
          var x = key(a, col), y = key(b, col);
          var c = numeric ? (Number(x) - Number(y)) : x.localeCompare(y);
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
        table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        ascending = !ascending;
      });
    });
  });
})();
