//! What every page of the site shows (the `site` value: title, menu, the week, addresses) and
//! the helpers that read the site's sections.

use super::Site;
use crate::dates;
use crate::diagnostics::Diagnostic;
use crate::views;
use serde_json::{json, Value};

impl Site<'_> {
    /// Whether the site has `/search/`: a theme copied before search existed has no
    /// search.html, and then the page, its index and its menu entry are left out (with a
    /// warning from `render_site`) rather than failing a site that built yesterday.
    pub(crate) fn has_search(&self) -> bool {
        self.theme.has("search.html")
    }

    /// A list of cases, stars, reading lists or a section's pages: the theme's own template for
    /// that list if it has one (themes copied before `list.html` existed have all four), else
    /// the shared `list.html`.
    pub(crate) fn list_template<'t>(&self, specific: &'t str) -> &'t str {
        if self.theme.has(specific) {
            specific
        } else {
            "list.html"
        }
    }

    pub(crate) fn in_week(&self, i: usize) -> bool {
        !self.model.outside.contains(&i)
    }

    /// The events on at least one day of the week: what "共 N 项活动" of the week counts. The
    /// others are counted apart, where they are listed.
    pub(crate) fn week_count(&self) -> usize {
        self.model.events.len() - self.model.outside.len()
    }

    pub(crate) fn section_title(&self, name: &str, default: &str) -> String {
        self.sections
            .get(name)
            .and_then(|(t, _)| t.clone())
            .unwrap_or_else(|| default.to_string())
    }

    pub(crate) fn section_intro(&self, name: &str) -> String {
        self.sections
            .get(name)
            .map(|(_, html)| html.clone())
            .unwrap_or_default()
    }

    pub(crate) fn site_value(&self) -> Value {
        let config = self.config;
        let urls = &self.urls;
        let model = self.model;
        let mut nav = vec![json!({"key": "home", "title": "首页", "url": urls.path("")})];
        nav.push(json!({"key": "events", "title": self.section_title("events", "活动安排"), "url": urls.path("events/")}));
        nav.push(json!({"key": "calendar", "title": "活动日历", "url": urls.path("calendar/")}));
        for (key, default, list) in [
            ("cases", "典型案例", &model.cases),
            ("stars", "学习之星", &model.stars),
            ("reading", "好书推荐", &model.readings),
        ] {
            if !list.is_empty() {
                nav.push(json!({"key": key, "title": self.section_title(key, default), "url": urls.path(&format!("{key}/"))}));
            }
        }
        // The district's two tables, unless `[tables] publish = false` keeps them in ROOT/reports/.
        if config.tables.publish {
            nav.push(json!({"key": "tables", "title": "统计表", "url": urls.path("tables/")}));
        }
        if self.has_search() {
            nav.push(json!({"key": "search", "title": "搜索", "url": urls.path("search/")}));
        }
        let taxonomies: Vec<Value> = model
            .taxonomies
            .iter()
            .map(
                |tax| json!({"key": tax.key, "name": tax.name_zh, "url": urls.path(&format!("{}/", tax.key))}),
            )
            .collect();
        let pages: Vec<Value> = model
            .plain
            .iter()
            .map(|&i| json!({"title": self.pages[i].title, "url": urls.path(&self.pages[i].path)}))
            .collect();
        let fixed = self.fixed_urls();
        json!({
            "title": config.title,
            "description": config.description,
            "urls": fixed,
            "language": config.language,
            "base_url": config.base_url,
            "base_path": urls.base_path,
            "slogan": config.week.slogan,
            "week": {
                "start": views::date_view(model.week_start, urls),
                "end": views::date_view(model.week_end, urls),
                "range": format!("{}—{}", dates::ymd_zh(model.week_start), dates::md_zh(model.week_end)),
                "year": model.week_start.format("%Y").to_string(),
            },
            "nav": nav,
            "taxonomies": taxonomies,
            "pages": pages,
            "has_code": self.has_code,
            "feed_url": urls.path("atom.xml"),
            "built": chrono::Utc::now().with_timezone(&config.week.utc_offset).format("%Y-%m-%d %H:%M").to_string(),
        })
    }

    /// Ready-made addresses of the site's fixed pages and files, so that templates never
    /// join `base_path` and a path themselves (one place knows the site's layout).
    fn fixed_urls(&self) -> serde_json::Map<String, Value> {
        [
            ("home", ""),
            ("events", "events/"),
            ("calendar", "calendar/"),
            ("calendar_print", "calendar/print/"),
            ("week_ics", "calendar/week.ics"),
            ("cases", "cases/"),
            ("stars", "stars/"),
            ("reading", "reading/"),
            ("tables", "tables/"),
            ("search", "search/"),
            ("towns", "towns/"),
            ("categories", "categories/"),
            ("audiences", "audiences/"),
            ("topics", "topics/"),
            ("favicon", "favicon.svg"),
            ("style", "style.css"),
            ("script", "xuezhou.js"),
            // Script that only some pages use, so that the others do not load it.
            ("calendar_script", "calendar.js"),
            ("gallery_script", "lightbox.js"),
            ("search_script", "search.js"),
            ("highlight", "highlight.css"),
        ]
        .into_iter()
        .map(|(key, rel)| (key.to_string(), Value::String(self.urls.path(rel))))
        .collect()
    }

    pub(crate) fn og(
        &self,
        title: &str,
        description: Option<&str>,
        site_rel: &str,
        image: Option<String>,
    ) -> Value {
        json!({
            "title": title,
            "description": description.unwrap_or(&self.config.description),
            "url": self.urls.permalink(site_rel),
            "image": image,
        })
    }
}

/// A theme copied before search existed has no search.html: the site then has no search page.
pub(super) fn no_search_warning(site: &Site) -> Diagnostic {
    Diagnostic::warning(
        std::path::Path::new("themes")
            .join(&site.config.theme)
            .join("templates/search.html"),
        "the theme has no search.html, so the site has no search page (/search/)",
    )
    .help("copy templates/search.html, static/search.js, static/xuezhou.js and static/style.css from the default theme (a new site made by `xuezhou init DIR` has them)")
}
