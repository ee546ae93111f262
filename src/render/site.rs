//! The site as the render stage sees it, and what every page of the site shows (the `site`
//! value: title, menu, the week, addresses).
//!
//! The pages, their rendered Markdown and the model are private here: jobs read them through a
//! `Reader` (see `reader`), which records what each output read, so that `xuezhou serve` knows
//! what an edit touched. What is public here is the same for every output and is part of every
//! key (the settings, the theme, the addresses, the sections' intros).

use super::deps;
use super::versions::VersionTable;
use super::Reuse;
use crate::config::Config;
use crate::dates;
use crate::diagnostics::Diagnostic;
use crate::model::Model;
use crate::page::Page;
use crate::render::templates::Theme;
use crate::render::views::{self, PageExtras, Urls};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

pub struct Site<'a> {
    pub config: &'a Config,
    pub theme: &'a Theme,
    pub urls: Urls<'a>,
    /// Section name -> (title, intro HTML) from `_index.md`.
    pub sections: HashMap<String, (Option<String>, String)>,
    /// Whether the highlight stylesheet is published.
    pub has_code: bool,
    pages: &'a [Arc<Page>],
    extras: &'a [Arc<PageExtras>],
    model: &'a Model,
    /// `xuezhou serve` only: what earlier builds made, this build's versions of the site's
    /// own data (see `deps`), and a hash of the page addresses in order (a page added,
    /// removed or renamed changes every index, so it is part of every key).
    reuse: Option<(&'a dyn Reuse, VersionTable, u64)>,
}

/// Versions the build knows before the render stage (serve only): each page's
/// (`page_versions`), each page's rendered Markdown, and the model's (a hash of it).
pub struct Known {
    pub pages: Vec<u64>,
    pub bodies: Vec<u64>,
    pub model: u64,
}

/// Each page's version (see `page_version`), in page order.
pub fn page_versions(pages: &[Arc<Page>]) -> Vec<u64> {
    pages.iter().map(|page| page_version(page)).collect()
}

/// The content the render stage works from.
pub struct Parts<'a> {
    pub config: &'a Config,
    pub theme: &'a Theme,
    pub urls: Urls<'a>,
    pub sections: HashMap<String, (Option<String>, String)>,
    pub pages: &'a [Arc<Page>],
    pub extras: &'a [Arc<PageExtras>],
    pub model: &'a Model,
}

impl<'a> Site<'a> {
    /// A build's site. For serve, `reuse` is what earlier builds made, with the versions the
    /// build already knows (`Known`: pages, bodies, model).
    pub fn new(parts: Parts<'a>, reuse: Option<(&'a dyn Reuse, Known)>) -> Site<'a> {
        let Parts {
            config,
            theme,
            urls,
            sections,
            pages,
            extras,
            model,
        } = parts;
        let reuse = reuse.map(|(reuse, known)| {
            let paths = pages.iter().map(|p| deps::hash_bytes(p.path.as_bytes()));
            let paths = deps::hash_all(paths.chain([pages.len() as u64]));
            let outside: std::collections::HashSet<usize> = model.outside.iter().copied().collect();
            let versions = VersionTable {
                all_pages: deps::hash_of(&known.pages),
                pages: known.pages,
                bodies: known.bodies,
                in_week: (0..pages.len()).map(|i| !outside.contains(&i)).collect(),
                model: known.model,
                slugs: deps::hash_of(&model.slugs),
                ..VersionTable::default()
            };
            (reuse, versions, paths)
        });
        Site {
            config,
            theme,
            urls,
            has_code: extras.iter().any(|e| e.has_code),
            sections,
            pages,
            extras,
            model,
            reuse,
        }
    }

    /// What earlier builds made (serve only).
    pub(super) fn reuse(&self) -> Option<&'a dyn Reuse> {
        self.reuse.as_ref().map(|(reuse, ..)| *reuse)
    }

    /// The pages, their Markdown and the model without recording a read: for `reader` alone,
    /// which hands them out to jobs and records what it hands out.
    pub(super) fn untracked(&self) -> (&'a [Arc<Page>], &'a [Arc<PageExtras>], &'a Model) {
        (self.pages, self.extras, self.model)
    }

    /// What every output shares: the theme and settings (`generation`), the `site` value but
    /// its build time (which may be a minute stale in the preview), the sections, the page
    /// addresses. 0 in a build.
    pub(super) fn seed(&self, site_value: &Value) -> u64 {
        let Some((reuse, _, paths)) = &self.reuse else {
            return 0;
        };
        let mut site = site_value.clone();
        if let Some(fields) = site.as_object_mut() {
            fields.remove("built");
        }
        let mut sections: Vec<_> = self.sections.iter().collect();
        sections.sort();
        deps::hash_of(&(
            reuse.generation(),
            site.to_string(),
            sections,
            self.has_code,
            paths,
        ))
    }

    /// The versions of the site's own data in this rebuild (serve only); `reader` adds those
    /// of the prepared values.
    pub(super) fn versions(&self) -> Option<&VersionTable> {
        self.reuse.as_ref().map(|(_, versions, _)| versions)
    }

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

    /// Read by jobs through `Reader::in_week`, which records it.
    pub(super) fn in_week(&self, i: usize) -> bool {
        !self.model.outside.contains(&i)
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
        crate::t!(crate::messages::render::Render::NoSearchTemplate),
    )
    .help(crate::t!(
        crate::messages::render::Render::NoSearchTemplateHelp
    ))
}

/// A page's version: its address, its front matter and whether it is a draft; its Markdown body
/// is `Read::Body` (so that a body edit does not touch the lists that show the page's card).
/// (`Page::front_hash` is of the whole text where the body is not its very end.)
fn page_version(page: &Page) -> u64 {
    let path = deps::hash_bytes(page.path.as_bytes());
    deps::hash_all([path, page.front_hash, u64::from(page.draft)])
}
