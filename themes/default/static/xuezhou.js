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

// ---------------------------------------------------------------------------------------------
// Calendar, filters, downloads in WeChat, print buttons (issue 3). Each part only adds to a page
// that reads and works without it.
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
        var v = decodeURIComponent(kv[1].replace(/\+/g, " "));
        for (var o = 0; o < field.options.length; o++) if (field.options[o].value === v) { field.value = v; any = true; }
      }
    }
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); status.textContent = "已清除筛选，显示全部 " + total + " 项活动。"; }, 0); });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); apply(true); });
    if (any) apply(true);
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

  function start() {
    markCalendarToday();
    initFilters();
    wechatHints();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// ---- Lightbox (photo galleries) -------------------------------------------------------------
// The gallery's thumbnails are plain links to the large photo, so without script they work.
// With it, a click opens the photo over the page: arrow keys or a swipe for the next and
// previous photo, Esc or the close button (always visible, 48px) to return to the thumbnail.
// The browser picks the size and format from the thumbnail's own srcset (sizes = 100vw).
(function () {
  "use strict";
  var box, figure, caption, counter, closeBtn, prevBtn, nextBtn;
  var links = [], index = 0, opener = null, touchX = null, touchY = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function build() {
    box = el("div", "lightbox");
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-label", "查看照片");
    box.hidden = true;
    closeBtn = el("button", "lightbox-close", "关闭 ✕");
    closeBtn.type = "button";
    closeBtn.setAttribute("aria-label", "关闭照片");
    prevBtn = el("button", "lightbox-prev", "‹ 上一张");
    prevBtn.type = "button";
    nextBtn = el("button", "lightbox-next", "下一张 ›");
    nextBtn.type = "button";
    figure = el("figure", "lightbox-figure");
    caption = el("p", "lightbox-caption");
    counter = el("p", "lightbox-counter");
    counter.setAttribute("aria-live", "polite");
    var bar = el("div", "lightbox-bar");
    bar.appendChild(prevBtn);
    bar.appendChild(counter);
    bar.appendChild(nextBtn);
    box.appendChild(closeBtn);
    box.appendChild(figure);
    box.appendChild(caption);
    box.appendChild(bar);
    document.body.appendChild(box);

    closeBtn.addEventListener("click", close);
    prevBtn.addEventListener("click", function () { show(index - 1); });
    nextBtn.addEventListener("click", function () { show(index + 1); });
    // A click on the dark background (not on the photo or a button) closes.
    box.addEventListener("click", function (e) { if (e.target === box || e.target === figure) close(); });
    box.addEventListener("keydown", onKey);
    box.addEventListener("touchstart", function (e) {
      if (e.touches.length !== 1) { touchX = null; return; }
      touchX = e.touches[0].clientX; touchY = e.touches[0].clientY;
    }, { passive: true });
    box.addEventListener("touchend", function (e) {
      if (touchX === null) return;
      var dx = e.changedTouches[0].clientX - touchX, dy = e.changedTouches[0].clientY - touchY;
      touchX = null;
      if (Math.abs(dx) > 50 && Math.abs(dx) > Math.abs(dy) * 1.5) show(index + (dx < 0 ? 1 : -1));
      else if (dy > 90 && Math.abs(dy) > Math.abs(dx) * 1.5) close();
    });
  }

  function onKey(e) {
    if (e.key === "Escape" || e.key === "Esc") { e.preventDefault(); close(); }
    else if (e.key === "ArrowRight") { e.preventDefault(); show(index + 1); }
    else if (e.key === "ArrowLeft") { e.preventDefault(); show(index - 1); }
    else if (e.key === "Tab") {
      // Keep the focus inside the dialog.
      var items = [closeBtn, prevBtn, nextBtn].filter(function (b) { return !b.disabled; });
      var i = items.indexOf(document.activeElement);
      e.preventDefault();
      items[(i + (e.shiftKey ? items.length - 1 : 1)) % items.length].focus();
    }
  }

  function show(i) {
    if (i < 0 || i >= links.length) return;
    index = i;
    var a = links[i];
    while (figure.firstChild) figure.removeChild(figure.firstChild);
    var pic = a.querySelector("picture");
    var img;
    if (pic) {
      pic = pic.cloneNode(true);
      var parts = pic.querySelectorAll("source, img");
      for (var k = 0; k < parts.length; k++) parts[k].setAttribute("sizes", "100vw");
      img = pic.querySelector("img");
      figure.appendChild(pic);
    } else {
      img = el("img");
      img.src = a.getAttribute("href");
      img.alt = "";
      figure.appendChild(img);
    }
    if (img) {
      img.removeAttribute("loading");
      img.removeAttribute("class");
    }
    var fig = a.closest ? a.closest("figure") : null;
    var cap = fig && fig.querySelector("figcaption");
    caption.textContent = cap ? cap.textContent : (img && img.alt) || "";
    counter.textContent = (i + 1) + " / " + links.length;
    prevBtn.disabled = i === 0;
    nextBtn.disabled = i === links.length - 1;
    prevBtn.hidden = nextBtn.hidden = counter.hidden = links.length < 2;
  }

  function open(group, i, from) {
    if (!box) build();
    links = group;
    opener = from;
    show(i);
    box.hidden = false;
    document.documentElement.classList.add("lightbox-open");
    closeBtn.focus();
  }

  function close() {
    if (!box || box.hidden) return;
    box.hidden = true;
    document.documentElement.classList.remove("lightbox-open");
    while (figure.firstChild) figure.removeChild(figure.firstChild);
    if (opener) opener.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var galleries = document.querySelectorAll(".gallery");
    for (var g = 0; g < galleries.length; g++) {
      (function (group) {
        for (var i = 0; i < group.length; i++) {
          (function (i) {
            group[i].addEventListener("click", function (e) {
              // Let a new tab or a download happen as the reader asked.
              if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
              e.preventDefault();
              open(group, i, group[i]);
            });
          })(i);
        }
      })(Array.prototype.slice.call(galleries[g].querySelectorAll("a.gallery-link")));
    }
  });
})();
