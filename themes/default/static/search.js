// xuezhou default theme: search, loaded by /search/ only.
// The page lists ways to browse, which is all it offers without script. With script the form
// shows and the reader's query is answered from the index in search/ (made at build time; see
// src/render/search/ for its layout). The core (window.xzSearch: reading a query the index's
// way, fetching shards, ranking, showing the form and drawing the results) is inline in the
// page's <head> (templates/search.html), so that a shared link's query has its key shards, then
// the page shards of its first results, asked for while the page is still arriving; every two
// characters in a row are a key, so 非遗 is found inside 非遗传承人. Each space-separated word
// must appear in a page. This script listens to the form, keeps the query in the address, and
// reads a query that finds nothing as typed more kindly, in this order: traditional characters
// as simplified (t2s.json), a run of Chinese split into words the site has (湖塘书法 = 湖塘
// 书法), pinyin and its initials (hutang, lnjy) through the site's own words, and sound-alike
// characters (书发) as a suggestion. Every piece of the index goes into the page as text nodes,
// never as HTML. A file that did not arrive is asked for again on the next search; there is no
// time limit, which a slow phone could not meet.
(function () {
  "use strict";
  var X = window.xzSearch;
  if (!X) return;
  var meta = X.meta, get = X.get, fold = X.fold, runs = X.runs, search = X.search, el = X.el;
  var lookup = X.lookup, pagesOf = X.pagesOf, meet = X.meet, show = X.show;
  var timer = null;

  function hasHan(s) { for (var i = 0; i < s.length; i++) if (X.isHan(s.charCodeAt(i))) return true; return false; }

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

  // ---- showing (the rest is in the core) ---------------------------------------------------
  function tips(suggest) {
    var box = el("div", "search-none");
    if (suggest) {
      var p = el("p", "search-suggest", "您是不是要找：");
      var a = el("a", "", suggest);
      a.href = location.pathname + "?q=" + encodeURIComponent(suggest);
      a.addEventListener("click", function (ev) { ev.preventDefault(); field().value = suggest; remember(suggest); show(suggest); });
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

  function remember(q) {
    if (!window.history || !history.replaceState) return;
    var query = q.trim() ? "?q=" + encodeURIComponent(q.trim()) : "";
    history.replaceState(null, "", location.pathname + query + location.hash);
  }

  function field() { return document.querySelector("form[data-search] input[name=q]"); }

  // What the core needs for a query that finds nothing; a shared link's query that found
  // nothing as typed waits for it.
  X.kind = answer;
  X.tips = tips;
  if (X.waiting) show(X.waiting);

  function start() {
    if (!X.here()) return;
    var form = document.querySelector("form[data-search]"), input = field();
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
    window.addEventListener("popstate", function () { input.value = X.queryFromAddress(); show(input.value); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
