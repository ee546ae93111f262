//! `/atom.xml`, `/sitemap.xml` and `/robots.txt`.

use crate::config::Config;
use crate::html::escape as esc;

pub struct FeedEntry {
    pub title: String,
    pub permalink: String,
    pub summary: Option<String>,
    /// RFC 3339.
    pub updated: String,
}

pub fn atom(config: &Config, entries: &[FeedEntry], updated: &str) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<subtitle>{}</subtitle>\n<link href=\"{}\"/>\n<link rel=\"self\" href=\"{}atom.xml\"/>\n<id>{}</id>\n<updated>{}</updated>\n",
        esc(&config.language),
        esc(&config.title),
        esc(&config.description),
        esc(&config.base_url),
        esc(&config.base_url),
        esc(&config.base_url),
        updated
    ));
    for e in entries {
        out.push_str(&format!(
            "<entry>\n<title>{}</title>\n<link href=\"{}\"/>\n<id>{}</id>\n<updated>{}</updated>\n<author><name>{}</name></author>\n",
            esc(&e.title),
            esc(&e.permalink),
            esc(&e.permalink),
            e.updated,
            esc(&config.title)
        ));
        if let Some(s) = &e.summary {
            out.push_str(&format!("<summary>{}</summary>\n", esc(s)));
        }
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

pub fn sitemap(permalinks: &[String]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in permalinks {
        out.push_str("<url><loc>");
        out.push_str(&esc(p));
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(config: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
        config.base_url
    )
}
