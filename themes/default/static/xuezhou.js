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

  // Home page: with script, one day at a time: the reader's today during the week (in the
  // week's time zone, UTC+8), else the day the build chose. Without script every day shows.
  function dayTabs() {
    var days = document.querySelectorAll(".today .day[data-date]");
    if (!days.length) return;
    var tabs = document.querySelectorAll(".today .day-tabs a");
    function show(id) {
      for (var i = 0; i < days.length; i++) days[i].hidden = days[i].id !== id;
      for (var j = 0; j < tabs.length; j++) {
        if (tabs[j].getAttribute("href") === "#" + id) tabs[j].setAttribute("aria-current", "date");
        else tabs[j].removeAttribute("aria-current");
      }
    }
    var now = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
    var chosen = document.querySelector(".today .day[data-shown]");
    for (var i = 0; i < days.length; i++) if (days[i].getAttribute("data-date") === now) chosen = days[i];
    show((chosen || days[0]).id);
    for (var k = 0; k < tabs.length; k++) {
      tabs[k].addEventListener("click", function (ev) {
        ev.preventDefault();
        show(this.getAttribute("href").slice(1));
      });
    }
  }

  // 打印: a plain button on event pages; without script it stays hidden (the browser's own
  // menu prints the page just as well).
  function printButtons() {
    var buttons = document.querySelectorAll("[data-print]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () { window.print(); });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll(".font-control button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () { setFont(this.getAttribute("data-font")); });
    }
    mark();
    dayTabs();
    printButtons();
  });
})();
