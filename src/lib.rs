//! xuezhou (学周): a static-site generator for a district's 全民终身学习活动周.
//!
//! The rooms, in the order the data flows. Each imports only rooms before it, never after, so
//! there is no import cycle (`tests/architecture.rs` holds the order and checks every file):
//!
//! - `load/`: `config` (site.toml) -> `content` and `page_file` (files), front matter via `yaml`,
//!   read by `fields`, checked by `front_matter` into `page` (see load/mod.rs);
//! - `markdown/` (with `highlight`, and `sanitize` for raw HTML) -> `model/`: events, days,
//!   terms (`model::calendar`: the days with a page and how an event reads on each;
//!   `model::text`: an event's date, time and place, made once for every output;
//!   `model::tables`: the district's two tables as data, CSV, XLSX);
//! - `render/`: `views` (plain data with ready-made addresses), `templates` (the theme and
//!   Tera), and the text of each kind of output (`feeds`, `ics`, `qr`, `phone` links); then
//!   ONE job list for every output (pages, lists, terms, calendar, days, posters,
//!   .ics, tables, feed, sitemap, search index), written and checked one way. Jobs read the
//!   site only through `render::reader::Reader`, which records every page, body, model part and
//!   prepared value it hands out (`render::deps`); `serve` keeps an output whose reads have the
//!   same versions as last time, without making it. A rebuild compares its versions with the
//!   served build's (`render::versions`) and looks only at the outputs that read a changed one
//!   (a reverse index of reads, `deps::Readers`). What a rebuild may reuse is derived from
//!   what each output read, never kept by hand. Long lists are spliced (`render::splice`):
//!   rendered once with placeholders for their cards, calendar entries and 附件1 rows, kept as
//!   skeletons, and put together again with the pieces when only those changed;
//! - `images` and `video` -> `output` (the staging folder, switched in one step).
//!
//! `build` runs the stages and takes what `serve` keeps between rebuilds through its own trait
//! `build::BuildCache` (with `render::Reuse`), so the build never imports the preview server.
//! The model is kept by the same trait while what it is made from (the settings, every page's
//! front matter, the day) has the same hash, or only a title changed and left its event in
//! place (`build::kept_model`). `serve` answers from memory for the files a rebuild changed
//! until they are written, right after the reload signal (`serve::unflushed`).
//! `serve` starts a rebuild as soon as an edit is complete; the load stage reads again only the
//! files the watcher named, and the render stage makes only the outputs whose reads changed.
//! Helpers any room may use live in small modules of their own: `dates`, `files` (reading
//! what a site names, and its paths), `html`, `slug`, `yesno`, `diagnostics`, `timings`; and
//! under them all `messages`, every sentence staff read, in Chinese and English side by side. `serve` and `scaffold` are the other commands; `import` (the 附件1 sheets towns send
//! back, read into event pages) and `template` (the blank 附件1 to hand out) are a pair.

pub mod build;
pub mod dates;
pub mod diagnostics;
pub mod files;
pub mod html;
pub mod images;
pub mod import;
pub mod load;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod slug;
pub mod template;
pub mod timings;
pub mod video;
pub mod yesno;

// The load stage's modules keep their short paths (`crate::config`, `crate::page`, ...).
pub use load::{config, content, page, yaml};
