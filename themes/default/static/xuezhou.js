// xuezhou default theme: what every page may use (font size, the home page's day tabs, 打印,
// the hint for downloads inside WeChat). The calendar's filters (calendar.js), the photo viewer
// (lightbox.js) and search (search.js) are loaded only by the pages that have them. Everything
// here only adds to pages that work without it.
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

  // WeChat's in-app browser does not download .ics, .csv or .xlsx files and says nothing: there,
  // show how to open the page in the phone's browser instead; elsewhere the hint is not needed.
  function wechatHints() {
    var inWeChat = /MicroMessenger/i.test(navigator.userAgent || "");
    var hints = document.querySelectorAll("[data-wechat-hint]");
    for (var i = 0; i < hints.length; i++) {
      if (inWeChat) {
        var text = hints[i].getAttribute("data-wechat-text");
        if (text) hints[i].textContent = text;
        hints[i].classList.add("is-wechat");
        hints[i].setAttribute("role", "note");
        hints[i].hidden = false;
      } else {
        hints[i].hidden = true;
      }
    }
    if (!inWeChat) return;
    var links = document.querySelectorAll("a[data-download]");
    for (var j = 0; j < links.length; j++) {
      links[j].addEventListener("click", function (ev) {
        ev.preventDefault();
        var hint = document.querySelector("[data-wechat-hint]");
        if (!hint) return;
        hint.classList.remove("is-flash");
        void hint.offsetWidth;
        hint.classList.add("is-flash");
        hint.setAttribute("tabindex", "-1");
        hint.focus();
      });
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
    wechatHints();
  });
})();

