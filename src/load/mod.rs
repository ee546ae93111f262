//! The load stage: the site's files become checked data, every problem a `Diagnostic` at the
//! line and column its parser saw (never found by searching the text again).
//!
//! - `config`: site.toml (through toml, positions from toml_edit's spans) becomes a `Config`.
//! - `content`: finds the page files under content/ and gathers their pages.
//! - `page_file`: one file becomes a page: read, split at `---`, front matter parsed, address.
//! - `yaml`: front matter text becomes plain values (serde_yaml) plus `Marks` (saphyr-parser).
//! - `fields`: reads front-matter fields one by one, reporting each problem at its value.
//! - `front_matter`: the checks of each kind of page (event, case, star, reading list, page).
//! - `page`: the types a checked page is made of.
//!
//! The data flows one way: yaml -> fields -> front_matter -> page_file -> content; `config` is
//! read first and handed to the checks (the lists of towns, categories, ...).

pub mod config;
pub mod content;
pub mod fields;
pub mod front_matter;
pub mod page;
pub mod page_file;
pub mod yaml;
