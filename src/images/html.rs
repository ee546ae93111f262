//! The `<picture>` markup of a planned image.

use super::Picture;

/// `<picture>` with WebP and JPEG/PNG sources, width, height, alt and lazy loading.
pub fn picture_html(pic: &Picture, alt: &str, base_path: &str, sizes: &str, class: &str) -> String {
    picture_html_loading(pic, alt, base_path, sizes, class, Loading::Lazy)
}

/// When the browser fetches a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loading {
    /// When it nears the screen: photos further down a page.
    Lazy,
    /// At once and before other images: a page's first picture (its cover), which is what the
    /// reader sees first and what "largest contentful paint" waits for.
    First,
}

pub fn picture_html_loading(
    pic: &Picture,
    alt: &str,
    base_path: &str,
    sizes: &str,
    class: &str,
    loading: Loading,
) -> String {
    let esc = crate::html::escape;
    let srcset = |fmt: &str| {
        pic.variants
            .iter()
            .filter(|v| v.format == fmt)
            .map(|v| format!("{base_path}{} {}w", v.path, v.width))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(largest) = pic.largest() else {
        return String::new();
    };
    let fallback_fmt = largest.format;
    let webp = srcset("webp");
    let mut out = String::from("<picture>");
    if !webp.is_empty() {
        out.push_str(&format!(
            "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{}\">",
            esc(&webp),
            esc(sizes)
        ));
    }
    out.push_str(&format!(
        "<img src=\"{base_path}{}\" srcset=\"{}\" sizes=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\" {}{}></picture>",
        esc(&largest.path), esc(&srcset(fallback_fmt)), esc(sizes), largest.width, largest.height, esc(alt),
        match loading {
            Loading::Lazy => "loading=\"lazy\" decoding=\"async\"",
            Loading::First => "loading=\"eager\" fetchpriority=\"high\"",
        },
        if class.is_empty() { String::new() } else { format!(" class=\"{class}\"") }
    ));
    out
}
