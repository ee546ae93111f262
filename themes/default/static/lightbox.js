// xuezhou default theme: the photo viewer, loaded by pages with a gallery.
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

