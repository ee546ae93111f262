//! What `serve` adds to HTML pages while it serves them (never to the built site): a small
//! script that listens for rebuilds over server-sent events, and, while the last edit has an
//! error, an overlay that shows it.

use crate::diagnostics::Diagnostic;
use crate::html::escape as esc;
use crate::messages::serve::Serve;
use crate::tr;

/// The live-reload stream; the benchmark (bench/run) listens here too.
pub const EVENTS_PATH: &str = "/__xuezhou/events";

/// The script, for a page served at `version` (the server's state when the page was made).
///
/// Events: `reload` (reload the page), `css` (only stylesheets changed: swap their addresses
/// with a cache-busting query, no reload), `overlay` (the last edit has an error: data is the
/// overlay's HTML, already escaped by the server). Every event carries the new version as its
/// `id`, which the browser sends back when it reconnects; a page older than the server's state
/// is reloaded at once.
pub fn script(version: &str) -> String {
    format!(
        r#"<script>/* xuezhou serve: live reload (only while previewing) */
(function () {{
  if (!window.EventSource) return;
  var es = new EventSource("{path}?v={version}");
  es.addEventListener("reload", function () {{ es.close(); location.reload(); }});
  es.addEventListener("css", function () {{
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (var i = 0; i < links.length; i++) {{
      var old = links[i], u = new URL(old.href, location.href);
      if (u.origin !== location.origin || old.dataset.xzOld) continue;
      u.searchParams.set("xz", Date.now());
      // The new sheet goes in beside the old one, which leaves once it has loaded: no flash.
      var next = old.cloneNode();
      next.href = u.href;
      old.dataset.xzOld = "1";
      next.onload = next.onerror = (function (o) {{ return function () {{ o.remove(); }}; }})(old);
      old.parentNode.insertBefore(next, old.nextSibling);
    }}
  }});
  es.addEventListener("overlay", function (e) {{
    var old = document.getElementById("__xuezhou_overlay");
    if (old) old.remove();
    var box = document.createElement("div");
    box.innerHTML = JSON.parse(e.data);
    if (box.firstElementChild) document.body.appendChild(box.firstElementChild);
  }});
}})();
</script>"#,
        path = EVENTS_PATH,
        version = esc(version),
    )
}

/// The overlay for a failed rebuild: every error (and the first warnings) with its file, line,
/// message and offending line. All text is escaped here, so the script may use it as HTML.
pub fn overlay(diags: &[Diagnostic]) -> String {
    let mut items = String::new();
    let errors = diags.iter().filter(|d| d.is_error()).count();
    for d in diags.iter().filter(|d| d.is_error()).take(20) {
        let mut place = if d.line > 0 {
            format!("{}:{}:{}", d.path.display(), d.line, d.col)
        } else {
            d.path.display().to_string()
        };
        // The code, as in the terminal: the staff guide lists each one with its fix.
        if let Some(code) = d.code {
            place.push_str(&format!(" [{code}]"));
        }
        items.push_str(&format!(
            "<li style=\"margin:0 0 1.2em;list-style:none\"><div style=\"color:#ffb3b3;font-weight:bold\">{}</div>\
             <div style=\"margin:.2em 0\">{}</div>",
            esc(&place),
            esc(&d.message)
        ));
        if let Some(src) = &d.source_line {
            items.push_str(&format!(
                "<pre style=\"background:#000;color:#fff;padding:.5em .8em;margin:.3em 0;white-space:pre-wrap;font:15px/1.4 monospace\">{:>4} | {}</pre>",
                d.line,
                esc(src)
            ));
        }
        if let Some(help) = &d.help {
            items.push_str(&format!(
                "<div style=\"color:#b3e5ff\">{}{}</div>",
                tr!(Serve::OverlayHelp),
                esc(help)
            ));
        }
        items.push_str("</li>");
    }
    if errors > 20 {
        items.push_str(&format!(
            "<li style=\"list-style:none\">{}</li>",
            tr!(Serve::OverlayMore, count = errors - 20)
        ));
    }
    format!(
        "<div id=\"__xuezhou_overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;\
         background:#191919;color:#fff;font:17px/1.6 system-ui,sans-serif;padding:1.2em 1.5em;text-align:left\">\
         <button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"float:right;font-size:1em;padding:.3em .8em\">{close}</button>\
         <h2 style=\"color:#ff8080;margin:0 0 .3em;font-size:1.4em\">{title}</h2>\
         <p style=\"margin:0 0 1em\">{text}</p>\
         <ul style=\"padding:0;margin:0\">{items}</ul></div>",
        close = tr!(Serve::OverlayClose),
        title = tr!(
            Serve::OverlayTitle,
            count = errors,
            count_s = if errors == 1 { "" } else { "s" }
        ),
        text = tr!(Serve::OverlayText),
    )
}

/// Inserts `extra` before the last `</body>` (any case), or at the end if there is none.
pub fn inject(html: &[u8], extra: &str) -> Vec<u8> {
    let needle = b"</body";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_end() {
        let out = inject(b"<html><body>x</BODY></html>", "<s>");
        assert_eq!(out, b"<html><body>x<s></BODY></html>");
        assert_eq!(inject(b"<p>x", "<s>"), b"<p>x<s>");
    }

    #[test]
    fn overlay_escapes_everything() {
        let d = Diagnostic::error("content/events/<a>.md", "bad <script>alert(1)</script>")
            .at("---\ntitle: <img src=x onerror=alert(1)>\n---\n", 2, 8)
            .help("use \"quotes\" & <b>");
        let html = overlay(&[d]);
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("content/events/&lt;a&gt;.md:2:8"), "{html}");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
        assert!(
            html.contains("&quot;quotes&quot; &amp; &lt;b&gt;"),
            "{html}"
        );
    }
}
