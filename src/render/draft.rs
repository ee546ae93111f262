//! What a job hands to the theme (a template and its context) and what comes back as a piece of
//! a page (a fragment with its version).

use crate::diagnostics::Diagnostic;
use crate::render::templates::Theme;
use serde::Serialize;
use std::sync::Arc;

/// A fragment of HTML or text with the hash of its bytes (its version).
#[derive(Clone)]
pub(crate) struct Fragment {
    pub text: Arc<str>,
    pub version: u64,
}

impl Fragment {
    pub fn new(text: String) -> Fragment {
        Fragment {
            version: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
            text: text.into(),
        }
    }
}

/// A template and its context.
pub(crate) struct Draft {
    template: &'static str,
    context: tera::Context,
}

impl Draft {
    /// A template's context with nothing in it yet (fragments, print views).
    pub fn new(template: &'static str) -> Draft {
        Draft {
            template,
            context: tera::Context::new(),
        }
    }

    pub fn insert<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.context.insert(name, value);
    }

    pub fn render(&self, theme: &Theme) -> Result<String, Diagnostic> {
        theme.render(self.template, &self.context)
    }

    /// The rendered file's bytes (see `Theme::render_bytes`).
    pub fn render_bytes(&self, theme: &Theme) -> Result<Vec<u8>, Diagnostic> {
        theme.render_bytes(self.template, &self.context)
    }
}
