//! `[search]` of site.toml: synonyms, groups of words that find each other's pages.

use super::reader::Reader;
use super::SHOWN;
use crate::diagnostics::Diagnostic;
use crate::messages::site::Site;
use crate::t;
use toml::Value;

const SEARCH_KEYS: &[&str] = &["synonyms"];

/// `[search]`: how the search page reads what readers type.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SearchSettings {
    /// Groups of words that find each other's pages (老人 finds 老年人 and 老年人 finds 老人).
    pub synonyms: Vec<Vec<String>>,
}

pub(super) fn read(reader: &Reader, search_t: &toml::Table) -> SearchSettings {
    reader.unknown_keys(search_t, SEARCH_KEYS, Some("search"));
    let problem = |what: crate::messages::Said| {
        reader.push_at(
            "synonyms",
            Some("search"),
            Diagnostic::error(SHOWN, what).help(t!(Site::SynonymsHelp)),
        );
    };
    let items = match search_t.get("synonyms") {
        None => return SearchSettings::default(),
        Some(Value::Array(items)) => items,
        Some(_) => {
            problem(t!(Site::SynonymsNotList));
            return SearchSettings::default();
        }
    };
    let mut synonyms = Vec::new();
    for item in items {
        let Some(text) = item.as_str() else {
            problem(t!(Site::SynonymNotText, item));
            continue;
        };
        let words: Vec<String> = text
            .split(['=', '＝'])
            .map(|w| w.trim().to_string())
            .collect();
        if words.len() < 2 || words.iter().any(String::is_empty) {
            problem(t!(Site::SynonymTooFew, text));
        } else if let Some(w) = words.iter().find(|w| w.contains(char::is_whitespace)) {
            problem(t!(Site::SynonymHasSpace, word = w));
        } else {
            synonyms.push(words);
        }
    }
    SearchSettings { synonyms }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use crate::diagnostics::Diagnostics;

    #[test]
    fn synonyms_are_groups_of_words_joined_by_equals() {
        let c = ok("title = \"t\"\nbase_url = \"https://e.org/\"\n[search]\nsynonyms = [\"老人 = 老年人\", \"手机＝智能手机=智慧手机\"]\n");
        assert_eq!(
            c.search.synonyms,
            vec![vec!["老人", "老年人"], vec!["手机", "智能手机", "智慧手机"]]
        );
        assert!(ok("title = \"t\"\nbase_url = \"https://e.org/\"\n")
            .search
            .synonyms
            .is_empty());
        for (bad, says) in [
            ("synonyms = \"老人 = 老年人\"", "方括号"),
            ("synonyms = [\"老人\"]", "两个或更多的词"),
            ("synonyms = [\"老人 = \"]", "两个或更多的词"),
            ("synonyms = [\"老 人 = 老年人\"]", "中间有空格"),
            ("synonyms = [1]", "不是带引号的字符串"),
        ] {
            let d = Diagnostics::new();
            let text = format!("title = \"t\"\nbase_url = \"https://e.org/\"\n[search]\n{bad}\n");
            assert!(parse(&text, &d).is_none(), "{bad}");
            let r = d.report();
            assert!(r.contains("site.toml:4:12: 错误[XZ-E21"), "{bad}: {r}");
            assert!(
                r.contains(says) && r.contains("老人 = 老年人"),
                "{bad}: {r}"
            );
        }
    }

    fn ok(text: &str) -> super::super::Config {
        let d = Diagnostics::new();
        let c = parse(text, &d);
        assert!(!d.has_errors(), "{}", d.report());
        c.unwrap()
    }
}
