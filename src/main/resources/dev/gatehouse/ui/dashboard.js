// Draws every .chart[data-chart] with uPlot, on load and after htmx refreshes a part of the page.
// The data is JSON in an attribute; nothing here evaluates code or writes inline style attributes.
(function () {
  'use strict';
  var COLORS = ['#1d5fbf', '#d9822b', '#2e7d32', '#8e24aa'];

  function draw(el) {
    if (el.getAttribute('data-drawn') === '1' || typeof uPlot === 'undefined') return;
    el.setAttribute('data-drawn', '1');
    var d = JSON.parse(el.getAttribute('data-chart'));
    var fg = getComputedStyle(document.body).color;
    var series = [{}];
    var data = [d.x];
    d.series.forEach(function (s, i) {
      series.push({ label: s.label, stroke: COLORS[i % COLORS.length], width: 2, points: { show: d.x.length < 60 } });
      data.push(s.values);
    });
    var axis = { stroke: fg, grid: { stroke: 'rgba(128,128,128,0.2)' }, ticks: { stroke: 'rgba(128,128,128,0.3)' } };
    new uPlot({
      width: Math.max(260, el.clientWidth - 16),
      height: 220,
      series: series,
      axes: [axis, Object.assign({}, axis, { size: 60 })],
      legend: { show: true }
    }, data, el);
  }

  function init(root) {
    var all = (root || document).querySelectorAll('.chart[data-chart]');
    for (var i = 0; i < all.length; i++) draw(all[i]);
  }

  document.addEventListener('DOMContentLoaded', function () { init(document); });
  document.addEventListener('htmx:load', function (e) { init(e.target); });
})();
