//! Code blocks, highlighted with CSS classes (see `highlight`).

use super::Renderer;
use crate::markdown::highlight;
use pulldown_cmark::{CodeBlockKind, Event, TagEnd};

impl<'src> Renderer<'src, '_> {
    pub(super) fn start_code(&mut self, kind: CodeBlockKind) {
        let lang = match kind {
            // The first word of the info string: ```rust,ignore is Rust.
            CodeBlockKind::Fenced(info) => info.split([' ', ',']).next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        self.code = Some((lang, String::new()));
    }

    /// An event inside an open code block: its text is gathered, and written highlighted at its end.
    pub(super) fn take_code_part(&mut self, event: Event<'src>) {
        match event {
            Event::Text(text) => {
                if let Some((_, code_text)) = self.code.as_mut() {
                    code_text.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, text) = self.code.take().unwrap_or_default();
                self.out.has_code = true;
                self.events
                    .push(Event::Html(highlight::code_block(&text, &lang).into()));
            }
            _ => {}
        }
    }
}
