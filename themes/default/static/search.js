// xuezhou default theme: search, loaded by /search/ only.
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
