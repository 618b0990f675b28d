/*
 * The claims tables, improved where JavaScript runs. Without it every table
 * is complete and sorted newest first, and the per-verdict, topic and
 * claimant pages do the filtering; with it:
 *
 * - a filter form (rendered hidden, inside a closed panel, so that showing
 *   it moves nothing on the page) narrows the table in place by verdict,
 *   topic and claimant, keeps the choice in the address
 *   (?verdict=…&topic=…&claimant=…) so a filtered view can be shared (and
 *   opens the panel for such an address), and says how many claims are
 *   shown in a live region;
 * - the Date column header becomes a button that sorts newest or oldest first.
 *
 * Everything is read from data-* attributes written by the templates, the
 * words too (data-msg-*, in the site's language; "{shown}" is the number of
 * claims shown); this file holds no content and no words, and no inline
 * script is needed (a Content Security Policy may forbid it).
 */
(function () {
  "use strict";

  // A number as the page's language writes it.
  function number(n) {
    return n.toLocaleString(document.documentElement.lang || undefined);
  }

  /* -- filtering ------------------------------------------------------------ */

  // How a select's value is compared with a row: data-filter names the row's
  // data-* attribute; "topics" holds several, space-separated.
  function rowMatches(row, selects) {
    return selects.every(function (select) {
      var wanted = select.value;
      if (!wanted) return true;
      var key = select.getAttribute("data-filter");
      var value = row.getAttribute("data-" + key) || "";
      return key === "topics" ? value.split(" ").indexOf(wanted) !== -1 : value === wanted;
    });
  }

  function setUpFilters(form, table) {
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var status = form.querySelector("[data-briefing-status]");

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var match = rowMatches(row, selects);
        row.hidden = !match;
        if (match) shown += 1;
      });
      var filtered = selects.some(function (select) { return select.value; });
      if (!filtered) {
        status.textContent = form.getAttribute("data-msg-all");
      } else if (shown === 0) {
        status.textContent = form.getAttribute("data-msg-none");
      } else {
        status.textContent = form.getAttribute("data-msg-some").replace("{shown}", number(shown));
      }
      rememberInAddress(selects);
    }

    restoreFromAddress(selects);
    var panel = form.closest("details");
    if (panel && selects.some(function (select) { return select.value; })) panel.open = true;
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    // The reset event fires before the form's values are reset.
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function restoreFromAddress(selects) {
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      var known = Array.prototype.some.call(select.options, function (option) { return option.value === wanted; });
      if (wanted && known) select.value = wanted;
    });
  }

  function rememberInAddress(selects) {
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      if (select.value) params.set(select.name, select.value);
      else params.delete(select.name);
    });
    var query = params.toString();
    var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", address);
  }

  /* -- sorting by date ------------------------------------------------------ */

  function setUpSorting(table) {
    var header = table.querySelector("th[data-briefing-sort]");
    if (!header) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, position) { row.setAttribute("data-position", String(position)); });

    var button = document.createElement("button");
    button.type = "button";
    button.className = "briefing-sort";
    var label = document.createElement("span");
    label.textContent = header.textContent;
    var arrow = document.createElement("span");
    arrow.className = "briefing-sort__arrow";
    arrow.setAttribute("aria-hidden", "true");
    button.appendChild(label);
    button.appendChild(arrow);
    header.textContent = "";
    header.appendChild(button);

    function show(order) {
      header.setAttribute("aria-sort", order);
      arrow.textContent = order === "descending" ? "↓" : "↑";
      button.title = table.getAttribute(order === "descending" ? "data-msg-newest" : "data-msg-oldest");
    }

    function sort(order) {
      var sign = order === "ascending" ? 1 : -1;
      rows.sort(function (a, b) {
        var byDate = a.getAttribute("data-date").localeCompare(b.getAttribute("data-date"));
        // Equal dates keep the server's order, reversed along with the rest.
        var byPosition = Number(b.getAttribute("data-position")) - Number(a.getAttribute("data-position"));
        return sign * (byDate || byPosition);
      });
      rows.forEach(function (row) { body.appendChild(row); });
      show(order);
    }

    button.addEventListener("click", function () {
      sort(header.getAttribute("aria-sort") === "descending" ? "ascending" : "descending");
    });
    show(header.getAttribute("aria-sort") || "descending");
  }

  /* -- start ---------------------------------------------------------------- */

  function start() {
    var tables = document.querySelectorAll("table[data-briefing-claims]");
    Array.prototype.forEach.call(tables, setUpSorting);
    var form = document.querySelector("form[data-briefing-filters]");
    if (form && tables.length) setUpFilters(form, tables[0]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
