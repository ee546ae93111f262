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
    // A button that has just been disabled drops the focus out of the viewer, and with it the
    // keys (Esc, arrows) and Tab: hand the focus to the other button, or to 关闭.
    if (document.activeElement && document.activeElement.disabled) {
      (prevBtn.disabled ? (nextBtn.disabled || nextBtn.hidden ? closeBtn : nextBtn) : prevBtn).focus();
    }
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

// ---- Search (/search/) ----------------------------------------------------------------------
// The page lists ways to browse, which is all it offers without script. With script the form
// shows; search/index.json (made at build time) is fetched only when the reader starts to
// search, and each space-separated word must appear somewhere in a page (title, date and place,
// or text) as a plain substring, so that 书法 finds 书法班 and 湖塘 finds 湖塘镇. Titles rank
// first. Every piece of the index goes into the page as text nodes, never as HTML.
(function () {
  "use strict";
  var MAX = 50;           // results drawn at once: a phone stays quick on a 10,000-event site
  var form, input, status, results, indexUrl;
  var data = null, loading = false, failed = false, timer = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function queryFromAddress() {
    var parts = location.search.replace(/^\?/, "").split("&");
    for (var i = 0; i < parts.length; i++) {
      var kv = parts[i].split("=");
      if (kv[0] === "q" && kv[1]) {
        try { return decodeURIComponent(kv[1].replace(/\+/g, " ")); } catch (e) { return ""; }
      }
    }
    return "";
  }

  function terms(q) {
    var words = q.toLowerCase().split(/\s+/), out = [];
    for (var i = 0; i < words.length; i++) if (words[i] && out.indexOf(words[i]) < 0) out.push(words[i]);
    return out;
  }

  function load(then) {
    if (data || failed) { if (then) then(); return; }
    if (then) load.waiting.push(then);
    if (loading) return;
    loading = true;
    var xhr = new XMLHttpRequest();
    xhr.open("GET", indexUrl);
    xhr.onload = function () {
      try {
        if (xhr.status !== 200) throw new Error(xhr.status);
        var raw = JSON.parse(xhr.responseText);
        data = { base: raw.base || "", kinds: raw.kinds || [], pages: [] };
        for (var i = 0; i < raw.pages.length; i++) {
          var p = raw.pages[i];
          data.pages.push({ kind: p[0], path: p[1], title: p[2] || "", meta: p[3] || "", text: p[4] || "",
            t: (p[2] || "").toLowerCase(), m: (p[3] || "").toLowerCase(), x: (p[4] || "").toLowerCase(), order: i });
        }
      } catch (e) { failed = true; }
      done();
    };
    xhr.onerror = xhr.ontimeout = function () { failed = true; done(); };
    xhr.timeout = 20000;
    xhr.send();
    function done() {
      loading = false;
      var w = load.waiting; load.waiting = [];
      for (var i = 0; i < w.length; i++) w[i]();
    }
  }
  load.waiting = [];

  // Title hits far above place and date hits, those above hits in the text; then site order
  // (events by start time, then cases, stars, reading lists, pages).
  function find(words) {
    var found = [];
    for (var i = 0; i < data.pages.length; i++) {
      var p = data.pages[i], score = 0, ok = true;
      for (var k = 0; k < words.length && ok; k++) {
        var w = words[k], s = 0;
        var at = p.t.indexOf(w);
        if (at >= 0) s += at === 0 ? 150 : 100;
        if (p.m.indexOf(w) >= 0) s += 10;
        if (p.x.indexOf(w) >= 0) s += 1;
        if (s === 0) ok = false; else score += s;
      }
      if (ok) found.push({ p: p, score: score });
    }
    found.sort(function (a, b) { return b.score - a.score || a.p.order - b.p.order; });
    return found;
  }

  // Appends `text` to `parent` with each occurrence of a word in <mark>. Positions are found in
  // the lower-cased copy, which has the same length for the text of this site (CJK, Latin).
  function marked(parent, text, words) {
    var lower = text.toLowerCase();
    if (lower.length !== text.length) { parent.appendChild(document.createTextNode(text)); return; }
    var pos = 0;
    while (pos < text.length) {
      var best = -1, len = 0;
      for (var k = 0; k < words.length; k++) {
        var at = lower.indexOf(words[k], pos);
        if (at >= 0 && (best < 0 || at < best || (at === best && words[k].length > len))) { best = at; len = words[k].length; }
      }
      if (best < 0) break;
      if (best > pos) parent.appendChild(document.createTextNode(text.slice(pos, best)));
      parent.appendChild(el("mark", "", text.slice(best, best + len)));
      pos = best + len;
    }
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  // About 70 characters of the text around its first hit (the start when only the title or
  // the meta line matched).
  function snippet(p, words) {
    var first = -1;
    for (var k = 0; k < words.length; k++) {
      var at = p.x.indexOf(words[k]);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
    var start = first < 0 ? 0 : Math.max(0, first - 20);
    var end = Math.min(p.text.length, start + 72);
    return (start > 0 ? "…" : "") + p.text.slice(start, end) + (end < p.text.length ? "…" : "");
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function tips() {
    var box = el("div", "search-none");
    box.appendChild(el("p", "", "可以试试："));
    var ul = el("ul");
    ul.appendChild(el("li", "", "少输几个字，或换一个说法，如“书法”“手机”“讲座”；"));
    ul.appendChild(el("li", "", "只输镇（街道）的名字，如“湖塘”；"));
    ul.appendChild(el("li", "", "检查有没有错别字；"));
    ul.appendChild(el("li", "", "用下面的分类查找。"));
    box.appendChild(ul);
    return box;
  }

  function show(q) {
    var words = terms(q);
    clear(results);
    if (!words.length) { status.textContent = ""; return; }
    // After a failed download the next search tries again (a weak connection comes back).
    if (failed) { failed = false; status.textContent = "搜索暂时用不了，请用下面的分类查找，或稍后再试。"; return; }
    if (!data) { status.textContent = "正在载入…"; load(function () { if (input.value === q) show(q); }); return; }
    var found = find(words);
    if (!found.length) {
      status.textContent = "没有找到含有“" + q.trim() + "”的内容。";
      results.appendChild(tips());
      return;
    }
    status.textContent = "找到 " + found.length + " 条结果" + (found.length > MAX ? "，下面是最相关的 " + MAX + " 条，再加一个词可以缩小范围。" : "。");
    var list = el("ol", "search-list");
    for (var i = 0; i < found.length && i < MAX; i++) {
      var p = found[i].p;
      var li = el("li", "search-result");
      var h = el("h2", "search-title");
      var a = el("a");
      a.href = data.base + p.path;
      var kind = data.kinds[p.kind];
      if (kind) h.appendChild(el("span", "search-kind", kind));
      marked(a, p.title, words);
      h.appendChild(a);
      li.appendChild(h);
      if (p.meta) { var m = el("p", "meta"); marked(m, p.meta, words); li.appendChild(m); }
      if (p.text) { var s = el("p", "search-snippet"); marked(s, snippet(p, words), words); li.appendChild(s); }
      list.appendChild(li);
    }
    results.appendChild(list);
  }

  function remember(q) {
    if (!window.history || !history.replaceState) return;
    var query = q.trim() ? "?q=" + encodeURIComponent(q.trim()) : "";
    history.replaceState(null, "", location.pathname + query + location.hash);
  }

  function start() {
    form = document.querySelector("form[data-search]");
    if (!form) return;
    input = form.querySelector("input[name=q]");
    status = document.querySelector("[data-search-status]");
    results = document.querySelector("[data-search-results]");
    indexUrl = form.getAttribute("data-index");
    if (!input || !status || !results || !indexUrl) return;
    form.hidden = false;
    input.addEventListener("focus", function () { load(); });
    function later() {
      clearTimeout(timer);
      timer = setTimeout(function () { remember(input.value); show(input.value); }, 250);
    }
    // Wait for a pause in typing, and while a pinyin keyboard is still composing a character
    // (the field then holds letters such as "shu"), for the character.
    input.addEventListener("input", function (ev) { if (!ev.isComposing) later(); });
    input.addEventListener("compositionend", later);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      clearTimeout(timer);
      remember(input.value);
      show(input.value);
      // On a phone the keyboard hides the results: put it away after an explicit search.
      if (terms(input.value).length) input.blur();
    });
    window.addEventListener("popstate", function () { input.value = queryFromAddress(); show(input.value); });
    var q = queryFromAddress();
    if (q) { input.value = q; show(q); }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
