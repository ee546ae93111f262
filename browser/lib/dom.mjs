// Functions that run inside the page (page.evaluate) and are shared by several feature tests.

/** The visible links and buttons, each with its box, its text and whether it sits in running text. */
export function controls() {
  const out = [];
  const running = '.prose, dd, blockquote, figcaption, td, th, .meta, .lead';
  for (const el of document.querySelectorAll('a[href], button, summary, input, select, textarea, [role=button], [tabindex]:not([tabindex="-1"])')) {
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none' || el.closest('[hidden]')) continue;
    let r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right <= 0 || r.bottom <= 0 - window.scrollY) continue;          // parked off-screen (skip link)
    // A link whose ::after is absolutely positioned (a card's title link) covers its card.
    let cover = null;
    const after = getComputedStyle(el, '::after');
    if (after.content !== 'none' && after.position === 'absolute' && el.offsetParent) {
      cover = el.offsetParent.getBoundingClientRect();
    }
    const box = cover || r;
    out.push({
      tag: el.tagName.toLowerCase(),
      text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 40),
      href: el.getAttribute('href'),
      width: Math.round(box.width * 10) / 10,
      height: Math.round(box.height * 10) / 10,
      inText: !!el.closest(running),
      where: el.closest('header, nav, main, footer')?.tagName.toLowerCase() || 'body',
    });
  }
  return out;
}

/** Elements that show text of their own, with font size and line height in px. */
export function textBoxes() {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.nodeValue.trim()) continue;
    const el = n.parentElement;
    if (!el || seen.has(el)) continue;
    seen.add(el);
    if (el.closest('script, style, noscript, [hidden], [aria-hidden="true"]')) continue;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= 0) continue;
    // the line height of the block the text flows in
    let block = el;
    while (block.parentElement && getComputedStyle(block).display === 'inline') block = block.parentElement;
    const bs = getComputedStyle(block);
    const lh = bs.lineHeight === 'normal' ? NaN : parseFloat(bs.lineHeight);
    out.push({
      text: n.nodeValue.trim().slice(0, 30),
      tag: el.tagName.toLowerCase(),
      cls: el.className && typeof el.className === 'string' ? el.className : '',
      fontSize: parseFloat(cs.fontSize),
      lineHeight: lh,
      blockFontSize: parseFloat(bs.fontSize),
      heading: !!el.closest('h1, h2, h3, h4, h5, h6'),
    });
  }
  return out;
}

/** What is cut off or sticks out sideways at the current size. */
export function overflow() {
  const vw = window.innerWidth;
  const problems = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > vw) problems.push(`the page scrolls sideways: scrollWidth ${root.scrollWidth} > ${vw}`);
  const scrollers = (el) => {
    for (let a = el.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === 'auto' || o === 'scroll') return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  for (const el of document.body.querySelectorAll('*')) {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || el.closest('[hidden]') || cs.position === 'fixed') continue;
    if (!el.checkVisibility()) continue;                                 // in a closed <details>
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right <= 0) continue;                                          // parked off-screen (skip link)
    const text = (el.textContent || '').trim().slice(0, 30);
    if ((r.right > vw + 1 || r.left < -1) && !scrollers(el)) {
      problems.push(`${name(el)} "${text}" sticks out: left ${Math.round(r.left)}, right ${Math.round(r.right)} of ${vw}`);
    }
    const clips = (v) => v === 'hidden' || v === 'clip';
    if ((clips(cs.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
        (clips(cs.overflowY) && el.scrollHeight > el.clientHeight + 1)) {
      if (el.matches('img, video, picture') || !text) continue;
      // The 1×1 px clipped box is the visually-hidden pattern: text for screen readers only
      // (the tables' header row on a phone, whose cells each carry their column's name).
      if (el.clientWidth <= 1 && el.clientHeight <= 1) continue;
      problems.push(`${name(el)} "${text}" is cut off: content ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`);
    }
    if (cs.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${name(el)} "${text}" ends in an ellipsis`);
    }
  }
  return problems.slice(0, 20);
}
