//! Raw HTML in Markdown, sanitised (see `sanitize`): an HTML block as a whole, inline HTML a tag
//! at a time; what was removed is a warning at its line.

use super::Renderer;
use crate::diagnostics::Diagnostic;
use crate::messages::render::Render;
use crate::t;
use pulldown_cmark::Event;

/// The lines of a raw HTML block, each with its offset in the Markdown.
pub(super) type RawLines = Vec<(String, usize)>;

impl<'src> Renderer<'src, '_> {
    /// Whether `event` is dropped as the content of an unsafe inline element (`<script>…`). Any
    /// event that cannot be inside one ends the skipping.
    pub(super) fn skipping_inline(&mut self, event: &Event) -> bool {
        let Some(name) = &self.skip_inline else {
            return false;
        };
        match event {
            Event::InlineHtml(tag)
                if tag
                    .trim()
                    .to_ascii_lowercase()
                    .starts_with(&format!("</{name}")) =>
            {
                self.skip_inline = None;
                true
            }
            Event::Text(_)
            | Event::Code(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::InlineHtml(_) => true,
            _ => {
                self.skip_inline = None;
                false
            }
        }
    }

    /// A line of raw HTML: part of the open block, or a block of its own.
    pub(super) fn html(&mut self, text: &str, offset: usize) {
        match self.html_block.as_mut() {
            Some((_, lines)) => lines.push((text.to_string(), offset)),
            None => {
                let lines = vec![(text.to_string(), offset)];
                let html = self.clean_html_block(&lines, offset);
                self.events.push(Event::Html(html.into()));
            }
        }
    }

    pub(super) fn end_html_block(&mut self) {
        if let Some((start, lines)) = self.html_block.take() {
            let html = self.clean_html_block(&lines, start);
            self.events.push(Event::Html(html.into()));
        }
    }

    pub(super) fn inline_html(&mut self, text: &str, offset: usize) {
        let tag = crate::markdown::sanitize::clean_inline_tag(text);
        if !tag.removed.is_empty() {
            let warning = self.raw_html_warning(&tag.removed, offset);
            self.out.diags.push(warning);
        }
        self.skip_inline = tag.skip_until;
        if !tag.html.is_empty() {
            self.events.push(Event::InlineHtml(tag.html.into()));
        }
    }

    /// The block sanitised; its warning or error goes to `block_diags`.
    fn clean_html_block(&mut self, lines: &RawLines, start: usize) -> String {
        let text: String = lines.iter().map(|(line, _)| line.as_str()).collect();
        match crate::markdown::sanitize::clean_block(&text) {
            Ok(cleaned) => {
                if !cleaned.removed.is_empty() {
                    // The first line that is unsafe on its own; else the block's first line.
                    let at = lines
                        .iter()
                        .find(|(line, _)| {
                            crate::markdown::sanitize::clean_block(line)
                                .is_ok_and(|c| !c.removed.is_empty())
                        })
                        .map_or(start, |(_, offset)| *offset);
                    let warning = self.raw_html_warning(&cleaned.removed, at);
                    self.block_diags.push(warning);
                }
                cleaned.html
            }
            Err(depth) => {
                let error = self
                    .at(
                        Diagnostic::error(
                            self.origin.rel,
                            t!(
                                Render::RawHtmlTooDeep,
                                depth,
                                max = crate::markdown::sanitize::MAX_DEPTH
                            ),
                        ),
                        start,
                    )
                    .help(t!(Render::RawHtmlTooDeepHelp));
                self.block_diags.push(error);
                String::new()
            }
        }
    }

    fn raw_html_warning(&self, kinds: &[&str], offset: usize) -> Diagnostic {
        self.at(
            Diagnostic::warning(
                self.origin.rel,
                t!(
                    Render::RawHtmlRemoved,
                    kinds = kinds
                        .iter()
                        .map(|kind| match crate::messages::lang() {
                            crate::messages::Lang::Zh => kind_zh(kind),
                            crate::messages::Lang::En => kind,
                        })
                        .collect::<Vec<_>>()
                        .join(crate::messages::pick("、", ", "))
                ),
            ),
            offset,
        )
        .help(t!(Render::RawHtmlRemovedHelp))
    }
}

/// What the sanitizer removed (its words, in `crate::markdown::sanitize`), in Chinese.
fn kind_zh(kind: &str) -> &'static str {
    match kind {
        "a script" => "脚本",
        "a style sheet" => "样式表",
        "an embedded frame or player" => "嵌入的网页或播放器",
        "a form" => "表单",
        "an event handler (onclick, onerror…)" => "事件代码（onclick、onerror 等）",
        "a javascript:, vbscript: or data: address" => "javascript:、vbscript: 或 data: 地址",
        _ => "可能运行代码的标记",
    }
}

#[cfg(test)]
mod tests {
    // The same resolver and helper as the other tests (a link to cases/a.md resolves there).
    use crate::markdown::tests::render_str;

    fn warnings(rendered: &crate::markdown::Rendered) -> Vec<(usize, String)> {
        rendered
            .diags
            .iter()
            .map(|d| {
                assert!(!d.is_error(), "{}", d.render());
                (d.line, d.message.clone())
            })
            .collect()
    }

    #[test]
    fn scripts_frames_and_handlers_are_removed_with_a_warning_at_their_line() {
        let md = "第一段。\n\n<div>\n<p>报名</p>\n<img src=\"a.jpg\" onerror=\"alert(1)\">\n</div>\n\n<script>\nalert(1)\n</script>\n\n<iframe src=\"https://v.qq.com/x\"></iframe>\n\n正文<script>alert(2)</script>继续，<a href=\"javascript:alert(3)\">点我</a>。\n";
        let rendered = render_str(md);
        let html = &rendered.html;
        for gone in ["script", "alert", "onerror", "iframe", "javascript"] {
            assert!(!html.contains(gone), "{gone} in {html}");
        }
        assert!(
            html.contains("<p>报名</p>") && html.contains("<img src=\"a.jpg\">"),
            "{html}"
        );
        assert!(
            html.contains("正文继续，<a rel=\"noopener noreferrer\">点我</a>。"),
            "{html}"
        );
        let mut found = warnings(&rendered);
        found.sort_by_key(|(l, _)| *l);
        let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![5, 8, 12, 14, 14], "{found:?}");
        assert!(found[0].1.contains("事件代码"), "{found:?}");
        assert!(found[1].1.contains("脚本"), "{found:?}");
        assert!(found[2].1.contains("嵌入的网页"), "{found:?}");
    }

    #[test]
    fn markdown_links_to_javascript_keep_only_their_text() {
        let rendered = render_str("前[点我](javascript:alert(1))后 <javascript:alert(2)> [好](https://a.cn/)\n\n[x]: vbscript:x\n\n[参考][x]\n");
        assert!(
            !rendered.html.contains("href=\"javascript") && !rendered.html.contains("vbscript"),
            "{}",
            rendered.html
        );
        assert!(rendered.html.contains("前点我后"), "{}", rendered.html);
        assert!(
            rendered.html.contains("<a href=\"https://a.cn/\">好</a>"),
            "{}",
            rendered.html
        );
        assert!(rendered.html.contains("<p>参考</p>"), "{}", rendered.html);
        let found = warnings(&rendered);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found[0].1.contains("链接“javascript:alert(1)”不会发布"),
            "{found:?}"
        );
        assert_eq!(found[2].0, 5);
    }

    #[test]
    fn a_wechat_paste_keeps_its_text_and_safe_markup_silently() {
        let md = "<section style=\"margin: 0px; color: rgb(62, 62, 62); box-sizing: border-box;\" data-tools=\"135编辑器\"><p style=\"text-align: center;\"><span style=\"font-size: 18px; color: rgb(255, 0, 0);\"><strong>全民终身学习活动周</strong></span></p><p><span>欢迎参加</span><br></p></section>\n\n普通<span style=\"color: red;\">红字</span>。\n";
        let rendered = render_str(md);
        assert!(rendered.diags.is_empty(), "{:?}", warnings(&rendered));
        let html = &rendered.html;
        assert!(
            html.contains("<section style=\"margin:0px;color:rgb(62, 62, 62)\">"),
            "{html}"
        );
        assert!(html.contains("<p style=\"text-align:center\"><span style=\"font-size:18px;color:rgb(255, 0, 0)\"><strong>全民终身学习活动周</strong></span></p>"), "{html}");
        assert!(html.contains("<span>欢迎参加</span><br>"), "{html}");
        assert!(
            html.contains("普通<span style=\"color:red\">红字</span>。"),
            "{html}"
        );
    }

    #[test]
    fn raw_html_nested_too_deep_is_an_error_at_its_line() {
        let md = format!(
            "正文\n\n{}x{}\n",
            "<div>".repeat(5000),
            "</div>".repeat(5000)
        );
        let rendered = render_str(&md);
        assert_eq!(rendered.diags.len(), 1);
        assert!(
            rendered.diags[0].is_error() && rendered.diags[0].line == 3,
            "{}",
            rendered.diags[0].render()
        );
        assert!(rendered.diags[0].message.contains("嵌套了 5000 层"));
        assert!(!rendered.html.contains("<div>"));
    }

    #[test]
    fn xuezhou_s_own_markup_is_left_alone() {
        let rendered = render_str("## 标题\n\n![合影](a.jpg)\n\n```rust\nfn main() {}\n```\n");
        assert!(
            rendered.html.contains("<h2 id=\"标题\">"),
            "{}",
            rendered.html
        );
        assert!(
            rendered.html.contains("<img alt=\"合影\" data-f="),
            "{}",
            rendered.html
        );
        assert!(rendered.html.contains("class="), "{}", rendered.html);
    }
}
