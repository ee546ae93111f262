// xuezhou default theme. Everything here only adds to pages that work without it.
(function () {
  "use strict";
  var root = document.documentElement;

  // Font size: the choice is kept in localStorage and applied before paint by the inline
  // script in <head>, so it persists across pages without a flash.
  function setFont(size) {
    if (size === "normal") root.removeAttribute("data-font"); else root.setAttribute("data-font", size);
    try { localStorage.setItem("xz-font", size); } catch (e) { /* private mode: this page only */ }
    mark();
  }
  function mark() {
    var current = root.getAttribute("data-font") || "normal";
    var buttons = document.querySelectorAll(".font-control button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", buttons[i].getAttribute("data-font") === current ? "true" : "false");
    }
  }

  // Home page: during the week, mark the reader's today (in the week's time zone, UTC+8).
  function markToday() {
    var days = document.querySelectorAll(".today .day[data-date]");
    if (!days.length) return;
    var now = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
    var tabs = document.querySelectorAll(".today .day-tabs a");
    for (var i = 0; i < days.length; i++) {
      if (days[i].getAttribute("data-date") === now) {
        for (var j = 0; j < tabs.length; j++) {
          if (tabs[j].getAttribute("href") === "#" + days[i].id) tabs[j].setAttribute("aria-current", "date");
          else tabs[j].removeAttribute("aria-current");
        }
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll(".font-control button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () { setFont(this.getAttribute("data-font")); });
    }
    mark();
    markToday();
  });
})();
