//! Reuse keys derived from what an output is made of. A template output's key is an xxh3 hash
//! of the theme's generation, the template's name and the exact JSON bytes of every value put
//! in its context, so that `xuezhou serve` keeps a file exactly when a fresh render would give
//! the same bytes, and no list of "what this page shows" has to be kept by hand.
//!
//! Keys are only computed for serve: a build renders everything and hashes nothing.

use crate::diagnostics::Diagnostic;
use crate::templates::Theme;
use serde::Serialize;
use serde_json::Value;
use std::hash::Hasher;
use xxhash_rust::xxh3::Xxh3;

/// A template and its context, and the key of both while it is being filled.
pub struct Draft<'a> {
    template: &'static str,
    context: tera::Context,
    /// None in a build, or when a value could not be serialized (then it is always rendered).
    hasher: Option<Box<Xxh3>>,
    /// Values dear to make, made only if the output is rendered; keyed by their input.
    later: Vec<Later<'a>>,
}

type Later<'a> = (&'static str, Box<dyn FnOnce() -> Value + Send + 'a>);

/// Feeds serde_json's output straight into the hash, without a buffer.
struct HashWriter<'h>(&'h mut Xxh3);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What every output of this build shares: the theme's generation and the `site` value, but
/// its build time (which changes every minute and is allowed to be stale in the preview).
pub fn site_seed(generation: u64, site_value: &Value) -> u64 {
    let mut site = site_value.clone();
    if let Some(fields) = site.as_object_mut() {
        fields.remove("built");
    }
    let mut hasher = Xxh3::new();
    hasher.write_u64(generation);
    let mut writer = HashWriter(&mut hasher);
    match serde_json::to_writer(&mut writer, &site) {
        Ok(()) => hasher.digest(),
        // Not reachable for a JSON value; a fresh seed then only costs a full render.
        Err(_) => generation.wrapping_add(1),
    }
}

impl<'a> Draft<'a> {
    /// `keyed`: whether serve asked for keys; `seed`: `site_seed` of this build.
    pub fn new(template: &'static str, keyed: bool, seed: u64) -> Self {
        let hasher = keyed.then(|| {
            let mut hasher = Box::new(Xxh3::new());
            hasher.write_u64(seed);
            hasher.update(template.as_bytes());
            hasher
        });
        Draft {
            template,
            context: tera::Context::new(),
            hasher,
            later: Vec::new(),
        }
    }

    fn mark(&mut self, name: &str) {
        if let Some(hasher) = &mut self.hasher {
            // The name, with its length so that names and values cannot run together.
            hasher.write_usize(name.len());
            hasher.update(name.as_bytes());
        }
    }

    pub fn insert<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.mark(name);
        if let Some(hasher) = &mut self.hasher {
            if serde_json::to_writer(HashWriter(hasher), value).is_err() {
                self.hasher = None;
            }
        }
        self.context.insert(name, value);
    }

    /// A value whose hash is already known (the `site` value, the same on every page).
    pub fn insert_known<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, key: u64) {
        self.mark(name);
        if let Some(hasher) = &mut self.hasher {
            hasher.write_u64(key);
        }
        self.context.insert(name, value);
    }

    /// A value made by `make` from `input` alone (a QR code from its address): keyed by the
    /// input, made only if the output is rendered.
    pub fn insert_later(
        &mut self,
        name: &'static str,
        input: &str,
        make: impl FnOnce() -> Value + Send + 'a,
    ) {
        self.mark(name);
        if let Some(hasher) = &mut self.hasher {
            hasher.write_usize(input.len());
            hasher.update(input.as_bytes());
        }
        self.later.push((name, Box::new(make)));
    }

    pub fn key(&self) -> Option<u64> {
        self.hasher.as_ref().map(|hasher| hasher.digest())
    }

    pub fn render(mut self, theme: &Theme) -> Result<String, Diagnostic> {
        for (name, make) in self.later.drain(..) {
            self.context.insert(name, &make());
        }
        theme.render(self.template, &self.context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key(template: &'static str, seed: u64, values: &[(&str, Value)]) -> Option<u64> {
        let mut draft = Draft::new(template, true, seed);
        for (name, value) in values {
            draft.insert(name, value);
        }
        draft.key()
    }

    #[test]
    fn the_key_follows_every_value_the_context_holds() {
        let base = key("a.html", 1, &[("title", json!("x")), ("n", json!(1))]);
        assert!(base.is_some());
        assert_eq!(
            base,
            key("a.html", 1, &[("title", json!("x")), ("n", json!(1))])
        );
        assert_ne!(
            base,
            key("a.html", 1, &[("title", json!("y")), ("n", json!(1))])
        );
        assert_ne!(
            base,
            key("a.html", 1, &[("title", json!("x")), ("n", json!(2))])
        );
        assert_ne!(base, key("a.html", 1, &[("title", json!("x"))]));
        assert_ne!(
            base,
            key("b.html", 1, &[("title", json!("x")), ("n", json!(1))])
        );
        assert_ne!(
            base,
            key("a.html", 2, &[("title", json!("x")), ("n", json!(1))])
        );
        // Names and values cannot trade bytes.
        assert_ne!(
            key("a.html", 1, &[("ab", json!("c"))]),
            key("a.html", 1, &[("a", json!("bc"))])
        );
    }

    #[test]
    fn a_build_computes_no_key_and_the_build_time_is_not_part_of_the_seed() {
        assert_eq!(Draft::new("a.html", false, 1).key(), None);
        let one = json!({"title": "t", "built": "2022-12-01 10:00"});
        let two = json!({"title": "t", "built": "2022-12-01 10:01"});
        assert_eq!(site_seed(3, &one), site_seed(3, &two));
        assert_ne!(site_seed(3, &one), site_seed(4, &one));
        assert_ne!(site_seed(3, &one), site_seed(3, &json!({"title": "u"})));
    }
}
