// xuezhou default theme: the calendar and the day pages only (the other pages do not load it).
// Marks today and makes the filter form work; each part only adds to a page that reads and
// works without it.
(function () {
  "use strict";

  // Today in the week's UTC offset (minutes east of UTC, from data-utc-offset), as YYYY-MM-DD.
  function todayIn(offsetMinutes) {
    return new Date(Date.now() + offsetMinutes * 60000).toISOString().slice(0, 10);
  }

  function badge() {
    var b = document.createElement("span");
    b.className = "today-badge";
    b.textContent = "今天";
    return b;
  }

  // The calendar grid and the day pages: mark today.
  function markCalendarToday() {
    var week = document.querySelector(".cal-week[data-utc-offset]");
    if (week) {
      var today = todayIn(parseInt(week.getAttribute("data-utc-offset"), 10) || 0);
      var day = week.querySelector('.cal-day[data-date="' + today + '"]');
      if (day) {
        day.classList.add("is-today");
        var link = day.querySelector(".cal-day-head a");
        if (link) { link.setAttribute("aria-current", "date"); link.appendChild(badge()); }
        var tab = document.querySelector('.cal-tabs a[data-date="' + today + '"]');
        if (tab) { tab.classList.add("is-today"); tab.setAttribute("aria-current", "date"); }
      }
    }
    var heading = document.querySelector(".day-heading[data-utc-offset]");
    if (heading && heading.getAttribute("data-date") === todayIn(parseInt(heading.getAttribute("data-utc-offset"), 10) || 0)) {
      heading.appendChild(badge());
    }
  }

  // Filters: town, category, audience, free. The form is shown only when script runs; the
  // links to the term pages are what works without it. The choice is kept in the address
  // (?town=…) so that a filtered calendar can be shared.
  function initFilters() {
    var form = document.querySelector("[data-filters]");
    if (!form) return;
    var scope = form.closest("[data-filter-scope]") || document;
    var items = scope.querySelectorAll("[data-town]");
    var groups = scope.querySelectorAll("[data-day]");
    var status = scope.querySelector("[data-filter-status]");
    var names = ["town", "category", "audience", "free"];
    form.hidden = false;

    function key(el) {
      var a = el.querySelector("a");
      return el.getAttribute("data-event") || (a ? a.getAttribute("href") : "");
    }
    var all = {}, total = 0;
    for (var i = 0; i < items.length; i++) {
      var k = key(items[i]);
      if (!all[k]) { all[k] = true; total++; }
    }

    function apply(announce) {
      var want = {}, active = false;
      for (var n = 0; n < names.length; n++) {
        want[names[n]] = form.elements[names[n]] ? form.elements[names[n]].value : "";
        if (want[names[n]]) active = true;
      }
      var seen = {}, count = 0;
      for (var i = 0; i < items.length; i++) {
        var el = items[i];
        var ok = (!want.town || el.getAttribute("data-town") === want.town) &&
          (!want.category || el.getAttribute("data-category") === want.category) &&
          (!want.audience || (" " + el.getAttribute("data-audience") + " ").indexOf(" " + want.audience + " ") >= 0) &&
          (!want.free || el.getAttribute("data-free") === "yes");
        el.hidden = !ok;
        if (ok) {
          var k = key(el);
          if (!seen[k]) { seen[k] = true; count++; }
        }
      }
      for (var g = 0; g < groups.length; g++) {
        var group = groups[g];
        var visible = group.querySelectorAll("[data-town]:not([hidden])").length;
        var has = group.querySelectorAll("[data-town]").length;
        // The "nothing matches" note sits inside a calendar day, or right after a list of cards.
        var next = group.nextElementSibling;
        var none = group.querySelector(".cal-filtered-none") ||
          (next && next.classList.contains("cal-filtered-none") ? next : null);
        if (none) none.hidden = !(active && has > 0 && visible === 0);
      }
      if (status && announce !== false) {
        status.textContent = !active ? "" : count ? "找到 " + count + " 项符合条件的活动（共 " + total + " 项）。" : "没有符合条件的活动，请换个条件试试。";
      }
      if (window.history && history.replaceState) {
        var q = [];
        for (var m = 0; m < names.length; m++) if (want[names[m]]) q.push(names[m] + "=" + encodeURIComponent(want[names[m]]));
        history.replaceState(null, "", location.pathname + (q.length ? "?" + q.join("&") : "") + location.hash);
      }
    }

    // Start from the address, if it names a choice.
    var params = location.search.replace(/^\?/, "").split("&");
    var any = false;
    for (var p = 0; p < params.length; p++) {
      var kv = params[p].split("=");
      var field = form.elements[kv[0]];
      if (field && kv[1]) {
        var v;
        // A shared address cut short (?town=%E6%B9) must not stop the filters or the page.
        try { v = decodeURIComponent(kv[1].replace(/\+/g, " ")); } catch (e) { continue; }
        for (var o = 0; o < field.options.length; o++) if (field.options[o].value === v) { field.value = v; any = true; }
      }
    }
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); status.textContent = "已清除筛选，显示全部 " + total + " 项活动。"; }, 0); });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); apply(true); });
    if (any) apply(true);
  }

  function start() {
    markCalendarToday();
    initFilters();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

