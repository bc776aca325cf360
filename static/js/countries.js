/* The country pages' maps, drawn from our own world atlas: the directory's map links every place with
   validated results to its page; a country page's inset locates the place. Without JavaScript the lists
   and tables carry the same links. */
(function () {
  "use strict";
  var ns = "http://www.w3.org/2000/svg";

  function draw(svg, shade) {
    if (!svg || !window.d3 || !window.topojson || !window.fetch) return;
    fetch(svg.dataset.geometry).then(function (response) { return response.json(); }).then(function (world) {
      var countries = topojson.feature(world, world.objects.countries).features;
      var projection = d3.geoNaturalEarth1().fitSize([960, 500], { type: "Sphere" });
      var path = d3.geoPath(projection);
      countries.forEach(function (feature) {
        var shape = document.createElementNS(ns, "path");
        shape.setAttribute("d", path(feature) || "");
        shape.setAttribute("class", "country");
        var title = document.createElementNS(ns, "title");
        title.textContent = feature.properties.name;
        shape.appendChild(title);
        svg.appendChild(shade(feature, shape, title) || shape);
      });
      svg.setAttribute("data-drawn", "true");
    });
  }

  function directoryMap() {
    var svg = document.getElementById("world-map");
    var data = document.getElementById("country-map-data");
    if (!svg || !data) return;
    var byNumeric = {}, byName = {};
    JSON.parse(data.textContent).forEach(function (place) {
      if (place.numeric) byNumeric[place.numeric] = place;
      byName[place.name] = place;
    });
    var base = document.body.dataset.countriesUrl || "/countries/";
    draw(svg, function (feature, shape, title) {
      var place = byNumeric[feature.id] || byName[feature.properties.name];
      if (!place) return null;
      title.textContent = place.name + " (" + place.results + ")";
      var link = document.createElementNS(ns, "a");
      link.setAttribute("href", base + place.iso3 + "/");
      link.setAttribute("data-iso3", place.iso3);
      link.setAttribute("aria-label", place.name);
      if (place.results) shape.setAttribute("class", "country reached");
      link.appendChild(shape);
      return link;
    });
  }

  function inset() {
    var svg = document.getElementById("country-map");
    if (!svg) return;
    draw(svg, function (feature, shape) {
      if ((svg.dataset.numeric && feature.id === svg.dataset.numeric) || feature.properties.name === svg.dataset.name) {
        shape.setAttribute("class", "country here");
      }
      return null;
    });
  }

  directoryMap();
  inset();
})();
