/* Dashboard charts and map, drawn from the JSON the page carries (#dashboard-data).
   Every figure drawn here is also in a table on the page, so nothing depends on this script. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var palette = ["#1e3a8a", "#0f766e", "#b45309", "#7c3aed", "#be123c"];

  function indicatorCharts() {
    if (!window.Chart) return;
    document.querySelectorAll("canvas.indicator-chart").forEach(function (canvas) {
      var outcome = data.outcomes.find(function (item) { return item.number === canvas.dataset.outcome; });
      if (!outcome || !outcome.indicators.length) return;
      var labels = outcome.indicators.map(function (item) { return item.code; });
      var datasets = data.regions.map(function (region, index) {
        return {
          type: "bar",
          label: region,
          data: outcome.indicators.map(function (item) { return item.by_region[index]; }),
          backgroundColor: palette[index % palette.length],
          stack: "result",
          order: 1
        };
      });
      datasets.push({
        type: "line",
        label: "Target",
        data: outcome.indicators.map(function (item) { return item.target; }),
        /* A near-black diamond with a white edge: it stands out on every bar colour of the palette,
           and its shape tells it from the bars without colour (the caption names it). */
        borderColor: "#ffffff",
        backgroundColor: "#111827",
        showLine: false,
        pointStyle: "rectRot",
        pointRadius: 9,
        pointHoverRadius: 11,
        pointBorderWidth: 2,
        order: 0
      });
      new Chart(canvas, {
        data: { labels: labels, datasets: datasets },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          indexAxis: "x",
          scales: { x: { stacked: true, title: { display: true, text: "Indicator" } },
                    y: { stacked: true, beginAtZero: true, title: { display: true, text: "Places" } } },
          plugins: { legend: { position: "bottom" } }
        }
      });
      canvas.parentElement.style.minHeight = "18rem";
    });
  }

  function trendChart() {
    var canvas = document.getElementById("trend-chart");
    if (!canvas || !window.Chart || !data.trends.length) return;
    var labels = [];
    data.trends.forEach(function (trend) {
      trend.points.forEach(function (point) { if (labels.indexOf(point.biennium) < 0) labels.push(point.biennium); });
    });
    labels.sort();
    var datasets = data.trends.map(function (trend, index) {
      var byBiennium = {};
      trend.points.forEach(function (point) { byBiennium[point.biennium] = point.result; });
      return {
        label: trend.code,
        data: labels.map(function (label) { return label in byBiennium ? byBiennium[label] : null; }),
        borderColor: palette[index % palette.length],
        backgroundColor: palette[index % palette.length],
        spanGaps: true
      };
    });
    new Chart(canvas, {
      type: "line",
      data: { labels: labels, datasets: datasets },
      options: { animation: false, scales: { y: { beginAtZero: true, title: { display: true, text: "Places" } } } }
    });
  }

  function worldMap() {
    var svg = document.getElementById("world-map");
    if (!svg || !window.d3 || !window.topojson || !window.fetch) return;
    var byNumeric = {}, byName = {};
    data.map.forEach(function (place) {
      if (place.numeric) byNumeric[place.numeric] = place;
      byName[place.name] = place;
    });
    fetch(svg.dataset.geometry).then(function (response) { return response.json(); }).then(function (world) {
      var countries = topojson.feature(world, world.objects.countries).features;
      var projection = d3.geoNaturalEarth1().fitSize([960, 500], { type: "Sphere" });
      var path = d3.geoPath(projection);
      var ns = "http://www.w3.org/2000/svg";
      countries.forEach(function (feature) {
        var place = byNumeric[feature.id] || byName[feature.properties.name];
        var shape = document.createElementNS(ns, "path");
        shape.setAttribute("d", path(feature) || "");
        shape.setAttribute("class", place ? (place.territory ? "country territory" : "country reached") : "country");
        var title = document.createElementNS(ns, "title");
        title.textContent = feature.properties.name + (place ? " (" + place.results + ")" : "");
        shape.appendChild(title);
        svg.appendChild(shape);
      });
      svg.setAttribute("data-drawn", "true");
    });
  }

  function planCharts() {
    if (!window.Chart || !data.plans) return;
    document.querySelectorAll("canvas.plan-target-chart").forEach(function (canvas) {
      var chart = data.plans.find(function (item) { return item.id === canvas.dataset.chart; });
      if (!chart || !chart.points.length) return;
      var labels = chart.points.map(function (point) { return point.date; });
      var datasets = [{
        label: "Count",
        data: chart.points.map(function (point) { return point.count; }),
        borderColor: palette[0],
        backgroundColor: palette[0],
        stepped: true
      }];
      if (chart.value !== null) {
        datasets.push({
          label: "Target",
          data: labels.map(function () { return chart.value; }),
          borderColor: "#dc2626",
          borderDash: [6, 4],
          pointRadius: 0
        });
      }
      new Chart(canvas, {
        type: "line",
        data: { labels: labels, datasets: datasets },
        options: { animation: false, responsive: true, maintainAspectRatio: false,
                   scales: { y: { beginAtZero: false } }, plugins: { legend: { position: "bottom" } } }
      });
      canvas.parentElement.style.minHeight = "16rem";
    });
  }

  indicatorCharts();
  trendChart();
  planCharts();
  worldMap();
})();
