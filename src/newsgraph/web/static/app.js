// newsgraph pages: the events chart, the offline events map, and evidence links. No inline scripts (CSP).
"use strict";
(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const QUADS = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
  const COLORS = {"verbal cooperation": "#4c9f70", "material cooperation": "#1f6f8b",
                  "verbal conflict": "#e0a030", "material conflict": "#c0392b"};

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const key in attrs) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function note(container, text) {
    const p = document.createElement("p");
    p.className = "muted";
    p.textContent = text;
    container.appendChild(p);
  }

  function drawChart(container, byDay) {
    if (!byDay.length) { note(container, "No dated events yet."); return; }
    // A continuous time axis: every day, month or year between the first and the last, empty ones included.
    const days = byDay.map(r => r.day).sort();
    const first = new Date(days[0] + "T00:00:00Z"), last = new Date(days[days.length - 1] + "T00:00:00Z");
    const span = (last - first) / 86400000;
    const size = span <= 120 ? 10 : span <= 3660 ? 7 : 4;  // characters of the ISO date kept
    const keys = [];
    for (const d = new Date(first); d <= last; ) {
      const key = d.toISOString().slice(0, size);
      if (keys[keys.length - 1] !== key) keys.push(key);
      if (size === 10) d.setUTCDate(d.getUTCDate() + 1); else if (size === 7) d.setUTCMonth(d.getUTCMonth() + 1, 1);
      else d.setUTCFullYear(d.getUTCFullYear() + 1, 0, 1);
    }
    const buckets = new Map(keys.map(k => [k, {}]));
    for (const row of byDay) {
      const b = buckets.get(row.day.slice(0, size));
      if (b) b[row.quad_class] = (b[row.quad_class] || 0) + row.count;
    }
    const width = 900, height = 220, left = 36, bottom = 24;
    const max = Math.max(...keys.map(k => QUADS.reduce((s, q) => s + (buckets.get(k)[q] || 0), 0)));
    const svg = el("svg", {viewBox: `0 0 ${width} ${height}`, class: "chart-svg", role: "img",
                           "aria-label": "events over time by quad class"}, container);
    const step = (width - left) / keys.length;
    const scale = (height - bottom - 8) / max;
    el("text", {x: 2, y: 12, class: "axis"}, svg).textContent = String(max);
    keys.forEach((key, i) => {
      let y = height - bottom;
      for (const quad of QUADS) {
        const n = buckets.get(key)[quad] || 0;
        if (!n) continue;
        const h = n * scale;
        const rect = el("rect", {x: left + i * step, y: y - h, width: Math.max(1, step - 1), height: h,
                                 fill: COLORS[quad], class: "bar"}, svg);
        el("title", {}, rect).textContent = `${key}: ${n} ${quad}`;
        y -= h;
      }
    });
    [keys[0], keys[keys.length - 1]].forEach((key, i) => {
      el("text", {x: i ? width - 2 : left, y: height - 6, class: "axis", "text-anchor": i ? "end" : "start"}, svg)
        .textContent = key;
    });
    const legend = document.createElement("p");
    legend.className = "chart-legend";
    for (const quad of QUADS) {
      const item = document.createElement("span");
      item.className = "legend-" + quad.replace(" ", "-");
      item.textContent = quad;
      legend.appendChild(item);
    }
    container.appendChild(legend);
  }

  function drawMap(container, world, points) {
    if (!window.d3 || !window.topojson) { note(container, "Map libraries missing."); return; }
    const width = 900, height = 440;
    const projection = d3.geoNaturalEarth1().fitSize([width, height], {type: "Sphere"});
    const path = d3.geoPath(projection);
    const svg = el("svg", {viewBox: `0 0 ${width} ${height}`, class: "map-svg", role: "img",
                           "aria-label": "map of events"}, container);
    el("path", {d: path({type: "Sphere"}), class: "sphere"}, svg);
    const countries = topojson.feature(world, world.objects.countries);
    for (const feature of countries.features) {
      el("path", {d: path(feature), class: "country"}, svg);
    }
    const max = Math.max(1, ...points.map(p => p.events));
    for (const p of points) {
      const xy = projection([p.lon, p.lat]);
      if (!xy) continue;
      const link = el("a", {href: "/places/" + encodeURIComponent(p.id)}, svg);
      const dot = el("circle", {cx: xy[0], cy: xy[1], r: 3 + 12 * Math.sqrt(p.events / max), class: "dot"}, link);
      el("title", {}, dot).textContent = `${p.name}: ${p.events} events, ${p.articles} articles`;
    }
    if (!points.length) note(container, "No events with a known place.");
  }

  async function getJSON(url) {
    const response = await fetch(url, {headers: {accept: "application/json"}});
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  }

  const chart = document.getElementById("chart");
  if (chart) {
    getJSON(chart.dataset.src).then(data => drawChart(chart, data.by_day))
      .catch(error => note(chart, "Chart unavailable: " + error.message));
  }
  const map = document.getElementById("map");
  if (map) {
    Promise.all([getJSON("/static/vendor/countries-110m.json"), getJSON(map.dataset.src)])
      .then(([world, points]) => drawMap(map, world, points))
      .catch(error => note(map, "Map unavailable: " + error.message));
  }
  // Evidence links: scroll to the highlight and make it flash, also when it is already the :target.
  document.addEventListener("click", event => {
    const link = event.target.closest && event.target.closest("a.evidence");
    if (!link) return;
    const target = document.getElementById(link.dataset.target);
    if (!target) return;
    document.querySelectorAll("mark.flash").forEach(m => m.classList.remove("flash"));
    target.classList.add("flash");
  });
})();
