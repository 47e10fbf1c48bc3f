// Draws each chain's value walk (market value → haircut → bridge discount → what counts) with
// ECharts from the numbers the server put in data-walk, and again whenever the live stream swaps
// new numbers in. No inline script: the pages' Content-Security-Policy allows only these files.
(function () {
  "use strict";

  function option(walk) {
    var names = [], base = [], bars = [], colors = [], running = 0;
    walk.steps.forEach(function (s) {
      names.push(s.name);
      if (s.kind === "total") {
        running = s.value;
        base.push(0);
        bars.push(s.value);
        colors.push("#1f5fa8");
      } else {
        running = running + s.value;
        base.push(Math.max(running, 0));
        bars.push(-s.value);
        colors.push("#b3261e");
      }
    });
    return {
      animation: false,
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", renderMode: "richText", axisPointer: { type: "shadow" } },
      xAxis: { type: "category", data: names, axisLabel: { interval: 0, fontSize: 10, rotate: 20 } },
      yAxis: { type: "value" },
      series: [
        { name: "base", type: "bar", stack: "walk", silent: true, itemStyle: { color: "transparent" }, data: base },
        {
          name: "USD", type: "bar", stack: "walk",
          data: bars.map(function (v, i) { return { value: v, itemStyle: { color: colors[i] } }; })
        }
      ]
    };
  }

  function draw(root) {
    if (!window.echarts) {
      return;
    }
    (root || document).querySelectorAll("[data-walk]").forEach(function (el) {
      var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(option(JSON.parse(el.dataset.walk)), true);
      el.dataset.drawn = "true";
    });
  }

  // The risk page: collateral value per route as bars, from the numbers the table shows.
  function bars(root) {
    if (!window.echarts) {
      return;
    }
    (root || document).querySelectorAll("[data-bars]").forEach(function (el) {
      var data = JSON.parse(el.dataset.bars);
      var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "canvas" });
      chart.setOption({
        animation: false,
        grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis", renderMode: "richText" },
        xAxis: { type: "category", data: data.map(function (d) { return d.name; }) },
        yAxis: { type: "value", name: "USD" },
        series: [{ name: "collateral value", type: "bar", itemStyle: { color: "#1f5fa8" },
          data: data.map(function (d) { return d.value; }) }]
      }, true);
      el.dataset.drawn = "true";
    });
  }

  var updates = 0;
  document.addEventListener("DOMContentLoaded", function () { draw(); bars(); });
  document.addEventListener("htmx:sseMessage", function () {
    updates += 1;
    document.body.dataset.liveUpdates = String(updates);
    draw();
  });
  document.addEventListener("htmx:sseOpen", function () {
    document.body.dataset.live = "open";
  });
  window.addEventListener("resize", function () {
    document.querySelectorAll("[data-walk]").forEach(function (el) {
      var chart = window.echarts && echarts.getInstanceByDom(el);
      if (chart) {
        chart.resize();
      }
    });
  });
})();
