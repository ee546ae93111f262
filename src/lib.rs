//! xuezhou (学周): a static-site generator for a district's 全民终身学习活动周.
//!
//! The data flows one way: `load/` (site.toml by `config`; content/ by `content` and
//! `page_file`, front matter via `yaml`, read by `fields`, checked by `front_matter` into `page`;
//! see load/mod.rs) -> `markdown` -> `model` (events, days, terms) -> `views` + `render`
//! (templates from `templates`) -> `images` and `video` -> `output`. `build` runs the pipeline; `serve`
//! and `scaffold` are the other commands.

pub mod build;
pub mod calendar;
pub mod dates;
pub mod diagnostics;
pub mod feeds;
pub mod files;
pub mod highlight;
pub mod ics;
pub mod images;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod phone;
pub mod qr;
pub mod render;
pub mod sanitize;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
pub mod tables;
pub mod templates;
pub mod video;
pub mod views;
pub mod yesno;

// The load stage's modules keep their short paths (`crate::config`, `crate::page`, ...).
pub use load::{config, content, page, yaml};
