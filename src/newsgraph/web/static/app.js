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

  // ---- the time axis: buckets of a day, month or year, placed on a continuous UTC time scale ----
  const DAY = 86400000;
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  // Tick intervals, shortest first: [unit, step, approximate length in days].
  const INTERVALS = [["day", 1, 1], ["day", 2, 2], ["week", 1, 7], ["week", 2, 14], ["month", 1, 30.4],
    ["month", 2, 61], ["month", 3, 91], ["month", 6, 183], ["year", 1, 365.25], ["year", 2, 730], ["year", 5, 1826],
    ["year", 10, 3652], ["year", 20, 7305], ["year", 50, 18262], ["year", 100, 36525], ["year", 500, 182621]];
  const MAX_TICKS = 9;

  function utc(year, month, day) {  // Date.UTC maps years 0-99 to 1900-1999: set the year explicitly
    const d = new Date(0);
    d.setUTCFullYear(year, month, day);
    return d.getTime();
  }

  function floorTo(t, unit, step) {
    const d = new Date(t);
    if (unit === "day") return Math.floor(t / DAY / step) * step * DAY;
    if (unit === "week") {  // weeks start on Monday; 1970-01-05 was one
      const monday = 4 * DAY;
      return monday + Math.floor((t - monday) / (7 * step * DAY)) * 7 * step * DAY;
    }
    if (unit === "month") {
      const months = Math.floor((d.getUTCFullYear() * 12 + d.getUTCMonth()) / step) * step;
      return utc(Math.floor(months / 12), months % 12, 1);
    }
    return utc(Math.floor(d.getUTCFullYear() / step) * step, 0, 1);
  }

  function offset(t, unit, step) {
    const d = new Date(t);
    if (unit === "day") return t + step * DAY;
    if (unit === "week") return t + 7 * step * DAY;
    if (unit === "month") return utc(d.getUTCFullYear(), d.getUTCMonth() + step, 1);
    return utc(d.getUTCFullYear() + step, 0, 1);
  }

  function ceilTo(t, unit, step) {
    const floor = floorTo(t, unit, step);
    return floor === t ? t : offset(floor, unit, step);
  }

  function isoDay(t) {
    const d = new Date(t);
    return `${String(d.getUTCFullYear()).padStart(4, "0")}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-` +
      String(d.getUTCDate()).padStart(2, "0");
  }

  function tickLabel(t, unit, first) {
    const d = new Date(t), year = String(d.getUTCFullYear()), month = MONTHS[d.getUTCMonth()];
    if (unit === "year") return year;
    if (unit === "month") return d.getUTCMonth() === 0 ? year : first ? `${month} ${year}` : month;
    const day = `${d.getUTCDate()} ${month}`;
    return first || (d.getUTCMonth() === 0 && d.getUTCDate() === 1) ? `${day} ${year}` : day;
  }

  /** The scale of the chart: buckets of `unit`, a domain a little wider than the data, and its ticks. */
  function timeScale(days) {
    const first = Date.parse(days[0] + "T00:00:00Z"), last = Date.parse(days[days.length - 1] + "T00:00:00Z");
    const span = (last - first) / DAY;
    const unit = span <= 120 ? "day" : span <= 3660 ? "month" : "year";
    // empty buckets on each side (at least one, about 4% of the span), so no bar is pressed against an edge
    const bucketDays = INTERVALS.find(i => i[0] === unit)[2];
    const dataStart = floorTo(first, unit, 1), dataEnd = offset(floorTo(last, unit, 1), unit, 1);
    const pad = Math.max(1, Math.round(0.04 * (dataEnd - dataStart) / DAY / bucketDays));
    let start = offset(dataStart, unit, -pad), end = offset(dataEnd, unit, pad);
    if (unit === "day" && end - start < 9 * DAY) {
      const widen = Math.ceil((9 * DAY - (end - start)) / 2 / DAY) * DAY;
      start -= widen;
      end += widen;
    }
    const interval = INTERVALS.find(i => i[2] >= bucketDays && (end - start) / DAY / i[2] <= MAX_TICKS - 1)
      || INTERVALS[INTERVALS.length - 1];
    const [tickUnit, step] = interval;
    const ticks = [];
    for (let t = ceilTo(start, tickUnit, step); t <= end; t = offset(t, tickUnit, step)) ticks.push(t);
    return {unit, tickUnit, d0: start, d1: end, ticks};
  }

  function drawChart(container, byDay) {
    const rows = byDay.filter(r => /^\d{4}-\d{2}-\d{2}$/.test(r.day) && !isNaN(Date.parse(r.day + "T00:00:00Z")));
    if (!rows.length) { note(container, "No dated events yet."); return; }
    const scale = timeScale(rows.map(r => r.day).sort());
    const buckets = new Map();  // bucket start (ms) -> {quad class: count}
    for (const row of rows) {
      const key = floorTo(Date.parse(row.day + "T00:00:00Z"), scale.unit, 1);
      const bucket = buckets.get(key) || {};
      bucket[row.quad_class] = (bucket[row.quad_class] || 0) + row.count;
      buckets.set(key, bucket);
    }
    const width = 900, height = 230, left = 40, right = width - 14, top = 10, bottom = height - 28;
    const x = t => left + (t - scale.d0) / (scale.d1 - scale.d0) * (right - left);
    const totals = [...buckets.values()].map(b => QUADS.reduce((s, q) => s + (b[q] || 0), 0));
    const max = Math.max(1, ...totals);
    const y = n => bottom - n / max * (bottom - top);
    const svg = el("svg", {viewBox: `0 0 ${width} ${height}`, class: "chart-svg", role: "img",
                           "aria-label": "events over time by quad class", "data-left": left, "data-right": right,
                           "data-unit": scale.unit}, container);
    const yTicks = window.d3 && d3.ticks ? d3.ticks(0, max, Math.min(4, max)).filter(Number.isInteger) : [0, max];
    for (const n of yTicks) {
      el("line", {x1: left, x2: right, y1: y(n), y2: y(n), class: n ? "grid" : "baseline"}, svg);
      el("text", {x: left - 6, y: y(n) + 4, class: "axis", "text-anchor": "end"}, svg).textContent = String(n);
    }
    const ticks = scale.ticks.filter(t => x(t) >= left + 20 && x(t) <= right - 20);  // labels clear of the edges
    ticks.forEach((t, i) => {
      const tick = el("g", {class: "tick", "data-date": isoDay(t), transform: `translate(${x(t)},0)`}, svg);
      el("line", {x1: 0, x2: 0, y1: top, y2: bottom + 4, class: "grid"}, tick);
      el("text", {x: 0, y: height - 8, class: "axis", "text-anchor": "middle"}, tick)
        .textContent = tickLabel(t, scale.tickUnit, i === 0);
    });
    for (const [start, bucket] of [...buckets.entries()].sort((a, b) => a[0] - b[0])) {
      const end = offset(start, scale.unit, 1);
      const x0 = x(start), w = x(end) - x0;
      const gap = w > 4 ? 1 : 0;
      const label = scale.unit === "day" ? isoDay(start) : isoDay(start).slice(0, scale.unit === "month" ? 7 : 4);
      let base = 0;
      for (const quad of QUADS) {
        const n = bucket[quad] || 0;
        if (!n) continue;
        const rect = el("rect", {x: x0 + gap / 2, y: y(base + n), width: Math.max(1, w - gap),
                                 height: y(base) - y(base + n), fill: COLORS[quad], class: "bar",
                                 "data-start": isoDay(start), "data-end": isoDay(end)}, svg);
        el("title", {}, rect).textContent = `${label}: ${n} ${quad}`;
        base += n;
      }
    }
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
