//! The rooms of `src/` (see the top of `src/lib.rs`) import only rooms before them, so the data
//! flows one way and there is no import cycle: a change that makes a room reach forward (the
//! load stage calling into the output, the build calling the preview server) fails here.

use std::collections::BTreeSet;
use std::path::Path;

/// Each top-level module and its place; a room may use only rooms of a lower place.
const ROOMS: [(&str, u8); 30] = [
    // The catalogue of messages in both languages, and its macros (at the crate's root).
    ("messages", 0),
    ("catalogue", 0),
    ("t", 0),
    ("tr", 0),
    // Helpers any room may use.
    ("dates", 1),
    ("diagnostics", 1),
    ("files", 1),
    ("html", 1),
    ("slug", 1),
    ("yesno", 1),
    ("timings", 1),
    // The load stage, and the short paths lib.rs gives its modules.
    ("load", 2),
    ("config", 2),
    ("content", 2),
    ("page", 2),
    ("yaml", 2),
    ("markdown", 3),
    ("model", 4),
    ("images", 5),
    ("video", 6),
    // Where outputs are written (the staging folder); render writes into it.
    ("output", 7),
    ("render", 8),
    ("build", 9),
    // The commands.
    ("serve", 10),
    ("scaffold", 10),
    ("import", 11),
    ("template", 12),
    ("lib", 13),
    ("main", 13),
    // The command line of the binary (a module of main.rs).
    ("cli", 13),
];

fn place(room: &str) -> Option<u8> {
    ROOMS.iter().find(|(name, _)| *name == room).map(|r| r.1)
}

/// lib.rs's short paths to the load stage's modules are the load stage.
fn same_room(a: &str, b: &str) -> bool {
    let room = |m: &str| match m {
        "config" | "content" | "page" | "yaml" => "load".to_string(),
        "catalogue" | "t" | "tr" => "messages".to_string(),
        other => other.to_string(),
    };
    room(a) == room(b)
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its unit tests, which may use anything.
fn code(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests")
        .map_or(text, |i| &text[..i])
}

#[test]
fn every_room_imports_only_rooms_before_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = BTreeSet::new();
    for file in &files {
        let rel = file.strip_prefix(&src).expect("under src");
        let first = rel.iter().next().expect("a name").to_string_lossy();
        let room = first.trim_end_matches(".rs").to_string();
        let Some(own) = place(&room) else {
            wrong.insert(format!(
                "{}: the room `{room}` is not in ROOMS",
                rel.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("read a source file");
        for (i, _) in code(&text).match_indices("crate::") {
            let used: String = text[i + 7..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if used.is_empty() || place(&used) == Some(own) && same_room(&used, &room) {
                continue;
            }
            match place(&used) {
                Some(p) if p < own => {}
                Some(_) => {
                    wrong.insert(format!("{}: `{room}` uses `{used}`", rel.display()));
                }
                None => {
                    wrong.insert(format!("{}: `{used}` is not in ROOMS", rel.display()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the flow:\n{}", {
        let v: Vec<_> = wrong.into_iter().collect();
        v.join("\n")
    });
}

/// Every top-level module of lib.rs is one of the rooms above (a new one must find its place).
#[test]
fn every_module_has_a_place() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("read lib.rs");
    for line in lib.lines() {
        if let Some(name) = line
            .strip_prefix("pub mod ")
            .and_then(|l| l.strip_suffix(';'))
        {
            assert!(place(name).is_some(), "`{name}` has no place in ROOMS");
        }
    }
}
