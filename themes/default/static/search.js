// xuezhou default theme: search, loaded by /search/ only.
// The page lists ways to browse, which is all it offers without script. With script the form
// shows and the reader's query is answered from the index in search/ (made at build time; see
// src/render/search/ for its layout): the form carries meta.json (data-meta), so the script
// asks at once for only the key shards the query's keys fall into (every two characters in a row are a key, so 非遗 is found inside 非遗传承人),
// then the page shards of the results shown. Each space-separated word must appear in a page.
// A query that finds nothing is read more kindly, in this order: traditional characters as
// simplified (t2s.json), a run of Chinese split into words the site has (湖塘书法 = 湖塘 书法),
// pinyin and its initials (hutang, lnjy) through the site's own words, and sound-alike
// characters (书发) as a suggestion. Every piece of the index goes into the page as text
// nodes, never as HTML. A file that did not arrive is asked for again on the next search;
// there is no time limit, which a slow phone could not meet.
(function () {
  "use strict";
  var PAGE = 10;          // results drawn at once; "更多结果" draws the next ones
  var form, input, status, results, dir;
  var meta = null, cache = {}, asked = 0, timer = null;
  // The page's script tag says where the index is and carries its meta.json.
  var me = document.currentScript;

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

  // ---- files ------------------------------------------------------------------------------
  // One request per file, shared by everyone waiting for it; a failure is forgotten so that
  // the next search asks again for what is missing, and only that. Each request asks the host
  // whether its copy is current (a rebuilt site renumbers its pages), which costs no bytes when
  // it is.
  function get(name) {
    if (cache[name]) return cache[name];
    var p = new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open("GET", dir + name);
      xhr.setRequestHeader("Cache-Control", "no-cache");
      xhr.onload = function () {
        try {
          if (xhr.status !== 200 && !(xhr.status === 0 && xhr.responseText)) throw new Error(xhr.status);
          resolve(JSON.parse(xhr.responseText));
        } catch (e) { reject(e); }
      };
      xhr.onerror = function () { reject(new Error("network")); };
      xhr.send();
    });
    cache[name] = p;
    p.catch(function () { if (cache[name] === p) delete cache[name]; });
    return p;
  }

  // ---- reading text the index's way (src/render/search/normalize.rs) ----------------------
  function fold(s) { return (s.normalize ? s.normalize("NFKC") : s).toLowerCase(); }
  function isHan(c) {
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
  }
  function isWordChar(ch, c) {
    if (c < 128) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    return ch.toLowerCase() !== ch.toUpperCase();
  }
  // Runs of units: a Chinese character alone, letters and digits together.
  function runs(s) {
    var out = [], run = [], word = "";
    for (var i = 0; i < s.length;) {
      var c = s.codePointAt(i), ch = String.fromCodePoint(c);
      i += ch.length;
      if (isWordChar(ch, c)) { word += ch; continue; }
      if (word) { run.push(word); word = ""; }
      if (isHan(c)) run.push(ch);
      else if (run.length) { out.push(run); run = []; }
    }
    if (word) run.push(word);
    if (run.length) out.push(run);
    return out;
  }
  function keysOf(units) {
    if (units.length === 1) return [units[0]];
    var keys = [];
    for (var i = 0; i + 1 < units.length; i++) keys.push(units[i] + units[i + 1]);
    return keys;
  }
  // The same as shard_of in src/render/search/shards.rs.
  function shardOf(key, n) {
    var h = 0x811c9dc5;
    for (var i = 0; i < key.length; i++) { h ^= key.charCodeAt(i); h = Math.imul(h, 0x01000193); }
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13;
    return (h >>> 0) % n;
  }
  function hasHan(s) { for (var i = 0; i < s.length; i++) if (isHan(s.charCodeAt(i))) return true; return false; }

  // The query's terms: each space-separated word, cut at punctuation; each must be found.
  // A term is its units and the synonyms set in site.toml.
  function terms(q) {
    var out = [], seen = {}, words = fold(q).split(/\s+/);
    for (var w = 0; w < words.length; w++) {
      var rs = runs(words[w]);
      for (var r = 0; r < rs.length; r++) {
        var text = rs[r].join("");
        if (seen[text]) continue;
        seen[text] = 1;
        out.push({ text: text, units: rs[r], alts: synonymsOf(text) });
      }
    }
    return out;
  }
  function synonymsOf(text) {
    var alts = [text], groups = (meta && meta.synonyms) || [];
    for (var g = 0; g < groups.length; g++) {
      if (groups[g].indexOf(text) < 0) continue;
      for (var k = 0; k < groups[g].length; k++) if (alts.indexOf(groups[g][k]) < 0) alts.push(groups[g][k]);
    }
    return alts;
  }

  // ---- finding ----------------------------------------------------------------------------
  // Fetches the shards of `keys` and gives key -> entry (undefined: the site has no such key).
  function lookup(keys) {
    var names = [], byName = {};
    for (var i = 0; i < keys.length; i++) {
      var name = "k/" + shardOf(keys[i], meta.keys) + ".json";
      if (!byName[name]) { byName[name] = 1; names.push(name); }
    }
    return Promise.all(names.map(get)).then(function () {
      var found = {};
      return Promise.all(keys.map(function (key) {
        return get("k/" + shardOf(key, meta.keys) + ".json").then(function (shard) {
          if (Object.prototype.hasOwnProperty.call(shard, key)) found[key] = shard[key];
        });
      })).then(function () { return found; });
    });
  }

  function decode(list) {
    var pages = {}, page = 0;
    for (var i = 0; i + 1 < list.length; i += 2) { page += list[i]; pages[page] = list[i + 1]; }
    return pages;
  }

  // Pages that have every key of `units` in them, each with a score: in the title far above
  // in the terms (town, category, topics), those above the text, where more hits count more.
  function pagesOf(units, entries) {
    var keys = keysOf(units), lists = [];
    for (var i = 0; i < keys.length; i++) {
      var e = entries[keys[i]];
      if (!e) return {};
      lists.push(decode(e));
    }
    lists.sort(function (a, b) { return Object.keys(a).length - Object.keys(b).length; });
    var out = {};
    for (var page in lists[0]) {
      var title = true, inTerms = true, count = 63, ok = true;
      for (var k = 0; k < lists.length && ok; k++) {
        var s = lists[k][page];
        if (s === undefined) { ok = false; break; }
        title = title && (s & 0x80) !== 0;
        inTerms = inTerms && (s & 0x40) !== 0;
        count = Math.min(count, s & 63);
      }
      if (ok) out[page] = (title ? 1000 : 0) + (inTerms ? 100 : 0) + count;
    }
    return out;
  }

  function allKeys(list) {
    var keys = [];
    for (var t = 0; t < list.length; t++)
      for (var a = 0; a < list[t].alts.length; a++) {
        var rs = runs(list[t].alts[a]);
        for (var r = 0; r < rs.length; r++) keys = keys.concat(keysOf(rs[r]));
      }
    return keys;
  }

  // The best alternative of each term counts; a page must have every term. Pages with all
  // terms in the title come first, and so on; then by score; ties by place in the site.
  function rank(list, entries) {
    var total = null;
    for (var t = 0; t < list.length; t++) {
      var best = {};
      for (var a = 0; a < list[t].alts.length; a++) {
        var rs = runs(list[t].alts[a]), got = null;
        for (var r = 0; r < rs.length; r++) got = meet(got, pagesOf(rs[r], entries));
        for (var p in got) if (!(best[p] >= got[p])) best[p] = got[p];
      }
      total = meet(total, best);
    }
    var found = [];
    for (var page in total) found.push({ id: +page, score: total[page] });
    found.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
    return found;
  }
  function meet(a, b) {
    if (a === null) return b;
    var out = {};
    for (var p in a) if (b[p] !== undefined) out[p] = a[p] + b[p];
    return out;
  }

  function search(q) {
    var list = terms(q);
    return lookup(allKeys(list)).then(function (entries) {
      return { terms: list, found: rank(list, entries), entries: entries };
    });
  }

  // ---- forgiving --------------------------------------------------------------------------
  function simplified(q) {
    return get("t2s.json").then(function (pairs) {
      var map = {}, chars = Array.from(pairs), out = "";
      for (var i = 0; i + 1 < chars.length; i += 2) map[chars[i]] = chars[i + 1];
      var cs = Array.from(q);
      for (var k = 0; k < cs.length; k++) out += map[cs[k]] || cs[k];
      return out;
    });
  }

  // A run of Chinese found nowhere as a whole, cut into the fewest pieces of two or more
  // characters that are found together, words the site has (towns, topics…) preferred. Its
  // keys are among the run's own, fetched already.
  function split(answer) {
    var words = meta.words || [], changed = false, out = [];
    for (var t = 0; t < answer.terms.length; t++) {
      var term = answer.terms[t], u = term.units;
      var alone = Object.keys(pagesOf(u, answer.entries)).length > 0;
      // Past a dozen characters the ways to cut grow too many for a phone: such a run is kept.
      if (alone || u.length < 4 || u.length > 12) { out.push(term.text); continue; }
      var best = null;
      (function walk(at, pieces, pages) {
        if (at === u.length) {
          var n = Object.keys(pages).length, known = 0;
          for (var i = 0; i < pieces.length; i++) if (words.indexOf(pieces[i]) >= 0) known++;
          var key = [pieces.length, -known, -n];
          if (n && (!best || key[0] < best.key[0] || (key[0] === best.key[0] && (key[1] < best.key[1] || (key[1] === best.key[1] && key[2] < best.key[2])))))
            best = { key: key, pieces: pieces };
          return;
        }
        for (var end = at + 2; end <= u.length; end++) {
          if (u.length - end === 1) continue;
          var got = pagesOf(u.slice(at, end), answer.entries);
          var both = pages === null ? got : meet(pages, got);
          if (Object.keys(both).length) walk(end, pieces.concat([u.slice(at, end).join("")]), both);
        }
      })(0, [], null);
      if (best) { changed = true; out = out.concat(best.pieces); } else out.push(term.text);
    }
    return changed ? out.join(" ") : null;
  }

  // Syllables of a run of letters, the fewest first (xian before xi an).
  function syllables(word, table) {
    var best = [];
    if (word.length > 30) return null;
    (function walk(at, got) {
      if (best.length && got.length >= best[0].length) return;
      if (at === word.length) { best = [got]; return; }
      for (var end = Math.min(word.length, at + 6); end > at; end--) {
        var s = word.slice(at, end);
        if (table[s]) walk(end, got.concat([s]));
      }
    })(0, []);
    return best[0] || null;
  }

  // Chinese words of the site that sound like `sounds` (keys "~shufa", or "^sf" for initials),
  // chained pair by pair: 老年 + 年教 + 教育 = 老年教育. Where no pair fits, a word ends.
  function sounding(keys) {
    return lookup(keys).then(function (entries) {
      var words = [], chain = [];
      for (var i = 0; i < keys.length; i++) {
        var options = entries[keys[i]] || [], next = [];
        for (var k = 0; k < options.length; k++) {
          if (!chain.length) next.push(options[k]);
          for (var c = 0; c < chain.length; c++)
            if (chain[c].slice(-1) === options[k].charAt(0)) next.push(chain[c] + options[k].slice(1));
        }
        if (!next.length) { if (chain.length) words.push(chain[0]); chain = options.slice(0, 5); }
        else chain = next.slice(0, 5);
      }
      if (chain.length) words.push(chain[0]);
      return words.join(" ");
    });
  }
  function pairKeys(prefix, parts) {
    var keys = [];
    for (var i = 0; i + 1 < parts.length; i++) keys.push(prefix + parts[i] + parts[i + 1]);
    return keys;
  }

  // hutang -> 湖塘, lnjy -> 老年教育.
  function fromPinyin(q) {
    return get("pinyin.json").then(function (table) {
      var words = fold(q).split(/\s+/).filter(Boolean), asked = [];
      return Promise.all(words.map(function (w) {
        var s = syllables(w, table);
        var tries = s && s.length > 1 ? [pairKeys("~", s)] : [];
        if (w.length > 1 && w.length <= 8) tries.push(pairKeys("^", w.split("")));
        var next = function (k) {
          if (k >= tries.length) return "";
          return sounding(tries[k]).then(function (found) { return found || next(k + 1); });
        };
        return next(0).then(function (found) { asked.push(found); return found; });
      })).then(function (found) { return found.every(Boolean) ? found.join(" ") : ""; });
    });
  }

  // 书发 -> 书法: the sounds of the query's characters, matched against the site's words.
  function soundAlike(q) {
    return get("pinyin.json").then(function (table) {
      if (!table._of) {
        table._of = {};
        for (var s in table) { var cs = Array.from(table[s]); for (var i = 0; i < cs.length; i++) table._of[cs[i]] = s; }
      }
      var words = fold(q).split(/\s+/).filter(Boolean);
      return Promise.all(words.map(function (w) {
        var sounds = Array.from(w).map(function (c) { return table._of[c] || ""; });
        if (sounds.length < 2 || sounds.indexOf("") >= 0) return w;
        return sounding(pairKeys("~", sounds)).then(function (found) { return found || w; });
      })).then(function (found) { return found.join(" "); });
    });
  }

  // The answer to `q`, the kindest reading that finds something: {answer, shown, how}.
  function answer(q) {
    return search(q).then(function (a) {
      if (a.found.length || !a.terms.length) return { answer: a };
      var again = function (text, how) {
        return search(text).then(function (b) { return { answer: b, shown: text, how: how }; });
      };
      if (!hasHan(q)) {
        if (!/^[a-z\s]+$/.test(fold(q))) return { answer: a };
        return fromPinyin(q).then(function (text) {
          return text ? again(text, "pinyin") : { answer: a };
        });
      }
      return simplified(q).then(function (s) {
        var step = s !== q ? again(s, "simplified") : Promise.resolve({ answer: a });
        return step.then(function (got) {
          if (got.answer.found.length) return got;
          var pieces = split(got.answer);
          return pieces ? again(pieces, "split") : got;
        }).then(function (got) {
          if (got.answer.found.length) return got;
          return soundAlike(s).then(function (like) {
            if (like === s) return got;
            return search(like).then(function (b) {
              got.suggest = b.found.length ? like : "";
              return got;
            });
          });
        });
      });
    });
  }

  // ---- showing ----------------------------------------------------------------------------
  // Appends `text` to `parent` with each occurrence of a word in <mark>. Positions are found
  // in the folded copy, which has the same length for the text of this site (CJK, Latin).
  function marked(parent, text, words) {
    var lower = fold(text);
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

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function tips(suggest) {
    var box = el("div", "search-none");
    if (suggest) {
      var p = el("p", "search-suggest", "您是不是要找：");
      var a = el("a", "", suggest);
      a.href = location.pathname + "?q=" + encodeURIComponent(suggest);
      a.addEventListener("click", function (ev) { ev.preventDefault(); input.value = suggest; remember(suggest); show(suggest); });
      p.appendChild(a);
      box.appendChild(p);
    }
    box.appendChild(el("p", "", "可以试试："));
    var ul = el("ul");
    ul.appendChild(el("li", "", "少输几个字，或换一个说法，如“书法”“手机”“讲座”；"));
    ul.appendChild(el("li", "", "只输镇（街道）的名字，如“湖塘”；"));
    ul.appendChild(el("li", "", "检查有没有错别字；"));
    ul.appendChild(el("li", "", "用下面的分类查找。"));
    box.appendChild(ul);
    return box;
  }

  function markWords(list) {
    var words = [];
    for (var t = 0; t < list.length; t++) words = words.concat(list[t].alts);
    return words;
  }

  // Draws results [from, from + count) once their page shards are in.
  function draw(got, from, count, list, ticket) {
    var found = got.answer.found, ids = found.slice(from, from + count).map(function (f) { return f.id; });
    var names = ids.map(pageShard);
    return Promise.all(names.map(get)).then(function (shards) {
      if (ticket !== asked) return;
      var words = markWords(got.answer.terms);
      for (var i = 0; i < ids.length; i++) {
        var p = shards[i][ids[i] % meta.per];
        var li = el("li", "search-result"), h = el("h2", "search-title"), a = el("a");
        a.href = meta.base + p[1];
        if (meta.kinds[p[0]]) h.appendChild(el("span", "search-kind", meta.kinds[p[0]]));
        marked(a, p[2], words);
        h.appendChild(a);
        li.appendChild(h);
        if (p[3]) { var m = el("p", "meta"); marked(m, p[3], words); li.appendChild(m); }
        if (p[4]) { var s = el("p", "search-snippet"); marked(s, p[4], words); li.appendChild(s); }
        list.appendChild(li);
      }
    });
  }

  function pageShard(id) { return "d/" + Math.floor(id / meta.per) + ".json"; }

  // Every page shard of the ten is asked for at once; the first result is drawn as soon as its
  // own is in, the other nine when theirs are, then a button for ten more.
  function drawPage(got, from, list, ticket) {
    var found = got.answer.found;
    found.slice(from, from + PAGE).forEach(function (f) { get(pageShard(f.id)).catch(function () {}); });
    var drawn = from === 0
      ? draw(got, 0, 1, list, ticket).then(function () { return draw(got, 1, PAGE - 1, list, ticket); })
      : draw(got, from, PAGE, list, ticket);
    return drawn.then(function () {
      if (ticket !== asked) return;
      var more = results.querySelector(".search-more");
      if (more) more.parentNode.removeChild(more);
      if (from + PAGE < found.length) {
        more = el("button", "button search-more", "更多结果");
        more.type = "button";
        more.addEventListener("click", function () { more.disabled = true; drawPage(got, from + PAGE, list, ticket).catch(failed(ticket, true)); });
        results.appendChild(more);
      }
    });
  }

  function failed(ticket, partial) {
    return function () {
      if (ticket !== asked) return;
      status.textContent = partial ? "网络不好，没有载入全部结果。" : "网络不好，搜索数据没有载入。";
      var again = el("button", "button search-again", "再试一次");
      again.type = "button";
      again.addEventListener("click", function () { show(input.value); });
      results.appendChild(again);
    };
  }

  var HOW = { simplified: "已按简体字“%”查找。", split: "已按“%”查找。", pinyin: "已按拼音找到“%”。" };

  function show(q) {
    var ticket = ++asked;
    clear(results);
    if (!fold(q).trim()) { status.textContent = ""; return; }
    status.textContent = "正在载入…";
    answer(q).then(function (got) {
      if (ticket !== asked) return;
      var n = got.answer.found.length;
      if (!n) {
        status.textContent = "没有找到含有“" + q.trim() + "”的内容。";
        results.appendChild(tips(got.suggest));
        return;
      }
      var how = got.how ? HOW[got.how].replace("%", got.shown) : "";
      status.textContent = "找到 " + n + " 条结果。" + how;
      var list = el("ol", "search-list");
      results.appendChild(list);
      return drawPage(got, 0, list, ticket);
    }).catch(failed(ticket, false));
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
    if (!input || !status || !results || !configure() || !window.Promise) return;
    form.hidden = false;
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
      if (input.value.trim()) input.blur();
    });
    window.addEventListener("popstate", function () { input.value = queryFromAddress(); show(input.value); });
    var q = queryFromAddress();
    if (q) { input.value = q; show(q); }
  }
  function configure() {
    if (meta) return true;
    var from = me && me.getAttribute("data-meta") ? me : form;
    try { meta = JSON.parse(from.getAttribute("data-meta")); } catch (e) { return false; }
    dir = (from.getAttribute("data-index") || "").replace(/[^/]*$/, "");
    return !!meta && !!dir;
  }

  // A shared link's query: its key shards are asked for now, while the page is still being
  // read and laid out (on a slow phone, a second), and are there when the search starts.
  try {
    var early = queryFromAddress();
    if (early && window.Promise && configure()) lookup(allKeys(terms(early))).catch(function () {});
  } catch (e) { /* the search on DOMContentLoaded says what went wrong */ }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
