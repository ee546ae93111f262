use super::*;

#[test]
fn summary_counts_pages_lists_and_files() {
    let c = Changes {
        written: vec![
            "events/a/index.html".into(),
            "index.html".into(),
            "events/index.html".into(),
            "atom.xml".into(),
        ],
        removed: vec![],
        pages: 1,
    };
    assert_eq!(c.summary(), "1 个页面 + 2 个列表 + 1 个文件");
    assert!(!c.only_css());
    let css = Changes {
        written: vec!["style.css".into()],
        ..Changes::default()
    };
    assert!(css.only_css());
    assert_eq!(Changes::default().summary(), "文件和之前一样");
}

#[test]
fn applies_only_what_changed_and_removes_what_is_gone() {
    let out = tempfile::tempdir().unwrap();
    let inc = Incremental::new();
    let mut c = Collected::default();
    c.written.insert("a/index.html".into(), b"one".to_vec());
    c.written.insert("b/index.html".into(), b"two".to_vec());
    inc.set_output(c);
    let first = inc.apply(out.path(), &Unflushed::default()).unwrap();
    assert_eq!(first.written.len(), 2);
    let mut c = Collected::default();
    c.written.insert("a/index.html".into(), b"one".to_vec());
    c.written.insert("c.xml".into(), b"three".to_vec());
    inc.set_output(c);
    let second = inc.apply(out.path(), &Unflushed::default()).unwrap();
    assert_eq!(second.written, vec!["c.xml".to_string()]);
    // A file that was there and changed is served from memory until it is flushed; a new
    // one is written at once.
    let mut c = Collected::default();
    c.written
        .insert("a/index.html".into(), b"one, changed".to_vec());
    c.written.insert("c.xml".into(), b"three".to_vec());
    c.written.insert("d.xml".into(), b"four".to_vec());
    inc.set_output(c);
    let unflushed = Unflushed::default();
    let third = inc.apply(out.path(), &unflushed).unwrap();
    assert_eq!(
        third.written,
        vec!["a/index.html".to_string(), "d.xml".to_string()]
    );
    assert_eq!(std::fs::read(out.path().join("d.xml")).unwrap(), b"four");
    assert_eq!(
        std::fs::read(out.path().join("a/index.html")).unwrap(),
        b"one"
    );
    let served = unflushed.get("a/index.html");
    assert_eq!(served.as_deref(), Some(&b"one, changed".to_vec()));
    flush(out.path(), &unflushed).unwrap();
    assert!(unflushed.get("a/index.html").is_none());
    assert_eq!(
        std::fs::read(out.path().join("a/index.html")).unwrap(),
        b"one, changed"
    );
    let mut c = Collected::default();
    c.written.insert("a/index.html".into(), b"one".to_vec());
    c.written.insert("c.xml".into(), b"three".to_vec());
    inc.set_output(c);
    inc.apply(out.path(), &unflushed).unwrap();
    flush(out.path(), &unflushed).unwrap();
    assert_eq!(second.removed, vec!["b/index.html".to_string()]);
    assert!(
        !out.path().join("b").exists(),
        "an emptied folder is removed"
    );
    assert_eq!(
        std::fs::read(out.path().join("a/index.html")).unwrap(),
        b"one"
    );
    let leftovers: Vec<_> = walkdir::WalkDir::new(out.path())
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files are left");
}

#[test]
fn a_download_is_written_after_the_rest_and_only_when_its_bytes_changed() {
    let out = tempfile::tempdir().unwrap();
    let inc = Incremental::new();
    let build = |xlsx: &'static [u8]| {
        let mut c = Collected::default();
        c.written
            .insert("tables/index.html".into(), b"page".to_vec());
        let later: Later = Box::new(move || Ok(xlsx.to_vec()));
        c.deferred.push(("tables/a.xlsx".into(), later));
        c
    };
    inc.set_output(build(b"one"));
    let mut changes = inc.apply(out.path(), &Unflushed::default()).unwrap();
    assert_eq!(changes.written, vec!["tables/index.html".to_string()]);
    assert!(!out.path().join("tables/a.xlsx").exists(), "not made yet");
    assert!(inc.write_deferred(out.path(), &mut changes).is_empty());
    assert_eq!(changes.written.len(), 2);
    assert_eq!(
        std::fs::read(out.path().join("tables/a.xlsx")).unwrap(),
        b"one"
    );
    // Made again with the same bytes: not written, and not removed as gone either.
    inc.set_output(build(b"one"));
    let mut changes = inc.apply(out.path(), &Unflushed::default()).unwrap();
    assert!(inc.write_deferred(out.path(), &mut changes).is_empty());
    assert!(changes.is_empty(), "{changes:?}");
    assert!(out.path().join("tables/a.xlsx").exists());
    // One that cannot be made is reported and forgotten, so the next build makes it.
    let mut c = Collected::default();
    let later: Later = Box::new(|| Err(Diagnostic::error("public", "no")));
    c.deferred.push(("tables/a.xlsx".into(), later));
    inc.set_output(c);
    let mut changes = inc.apply(out.path(), &Unflushed::default()).unwrap();
    assert_eq!(inc.write_deferred(out.path(), &mut changes).len(), 1);
    assert!(lock(&inc.recorded).get("tables/a.xlsx").is_none());
}
