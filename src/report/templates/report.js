// Filters, sorting and the page view's scrolling only: the report reads
// completely without JavaScript (links still lead from a box on the image
// to its line of text).
window.addEventListener("error", function (e) { console.error("report script: " + e.message); });
(function () {
  function apply() {
    var off = {};
    document.querySelectorAll("input[data-filter]").forEach(function (box) {
      if (!box.checked) off[box.getAttribute("data-filter")] = true;
    });
    document.querySelectorAll("[data-rule]").forEach(function (el) {
      var hide = off["rule:" + el.getAttribute("data-rule")] || off["sev:" + el.getAttribute("data-severity")];
      el.classList.toggle("hidden-by-filter", !!hide);
    });
  }
  document.querySelectorAll("input[data-filter]").forEach(function (box) {
    box.addEventListener("change", apply);
  });

  // Sorting: a button in each column head, so keyboards reach it; the
  // column's state is in aria-sort, as screen readers read it.
  document.querySelectorAll("th[data-sort] button").forEach(function (button) {
    button.addEventListener("click", function () {
      var th = button.closest("th"), table = th.closest("table"), body = table.tBodies[0];
      var col = Array.prototype.indexOf.call(th.parentNode.children, th);
      var numeric = th.getAttribute("data-sort") === "num";
      var dir = th.getAttribute("aria-sort") === "descending" ? 1 : -1;
      table.querySelectorAll("th[aria-sort]").forEach(function (o) { o.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-value") || a.cells[col].textContent;
        var y = b.cells[col].getAttribute("data-value") || b.cells[col].textContent;
        if (numeric) {
          x = parseFloat(x); y = parseFloat(y);
          if (isNaN(x)) x = -Infinity; if (isNaN(y)) y = -Infinity;
          return x === y ? 0 : (x < y ? -dir : dir);
        }
        return x.localeCompare(y) * dir;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });

  // The page view: a marked line on the image or in the text brings the
  // other into view, each pane scrolled on its own (the window stays).
  function reveal(pane, el) {
    if (!pane || !el) return;
    var p = pane.getBoundingClientRect(), r = el.getBoundingClientRect();
    pane.scrollTop += r.top - p.top - (pane.clientHeight - r.height) / 2;
    pane.scrollLeft += r.left - p.left - (pane.clientWidth - r.width) / 2;
  }
  function show(view, line) {
    view.querySelectorAll(".current").forEach(function (c) { c.classList.remove("current"); });
    var box = view.querySelector('.scan [data-line="' + line + '"]');
    var text = view.querySelector('.pv-text .l[data-line="' + line + '"]');
    [box, text].forEach(function (el) { if (el) el.classList.add("current"); });
    reveal(view.querySelector(".scan-pane"), box);
    reveal(view.querySelector(".pv-text"), text);
  }
  document.querySelectorAll("button.zoom").forEach(function (b) {
    b.addEventListener("click", function () {
      var view = document.getElementById(b.getAttribute("data-view"));
      var on = view.classList.toggle("actual");
      b.setAttribute("aria-pressed", on ? "true" : "false");
      var current = view.querySelector(".scan .current");
      if (current) reveal(view.querySelector(".scan-pane"), current);
    });
  });
  document.querySelectorAll(".pageview").forEach(function (view) {
    view.addEventListener("click", function (e) {
      var el = e.target.closest("[data-line]");
      if (!el || !view.contains(el)) return;
      var line = el.getAttribute("data-line");
      if (el.classList.contains("box")) e.preventDefault();
      show(view, line);
    });
    view.addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      var el = e.target.closest("mark[data-line]");
      if (el) show(view, el.getAttribute("data-line"));
    });
  });
})();
