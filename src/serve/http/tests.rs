use super::*;

fn site() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("site");
    std::fs::create_dir_all(dir.join("events/a")).unwrap();
    std::fs::write(dir.join("index.html"), "home").unwrap();
    std::fs::write(dir.join("events/a/index.html"), "a").unwrap();
    std::fs::write(dir.join("style.css"), "x").unwrap();
    std::fs::write(dir.join(".hidden"), "no").unwrap();
    std::fs::write(t.path().join("secret.txt"), "secret").unwrap();
    let dir = dir.canonicalize().unwrap();
    (t, dir)
}

#[test]
fn resolves_files_folders_and_redirects() {
    let (_t, dir) = site();
    assert_eq!(resolve(&dir, "/"), Target::File(dir.join("index.html")));
    assert_eq!(
        resolve(&dir, "/style.css?v=1"),
        Target::File(dir.join("style.css"))
    );
    assert_eq!(
        resolve(&dir, "/events/a/"),
        Target::File(dir.join("events/a/index.html"))
    );
    assert_eq!(
        resolve(&dir, "/events/a?x=1"),
        Target::Redirect("/events/a/?x=1".into())
    );
    assert_eq!(resolve(&dir, "/events/"), Target::NotFound, "no listing");
    assert_eq!(resolve(&dir, "/nope"), Target::NotFound);
}

#[test]
fn refuses_everything_outside() {
    let (_t, dir) = site();
    for bad in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..\\secret.txt",
        "/..%5csecret.txt",
        "/events/../../secret.txt",
        "//etc/passwd",
        "/%2fetc/passwd",
        "secret.txt",
        "http://x/../secret.txt",
        "/C:/Windows/win.ini",
        "/index.html%00.css",
        "/.hidden",
        "/./index.html",
        "/%zz",
        "/%c0%ae%c0%ae/secret.txt",
    ] {
        assert_eq!(resolve(&dir, bad), Target::NotFound, "{bad}");
    }
}

#[test]
fn refuses_links_out_of_the_site() {
    #[cfg(unix)]
    {
        let (t, dir) = site();
        std::os::unix::fs::symlink(t.path().join("secret.txt"), dir.join("link.txt")).unwrap();
        assert_eq!(resolve(&dir, "/link.txt"), Target::NotFound);
    }
}

#[test]
fn byte_ranges() {
    assert_eq!(byte_range("bytes=0-1", 10), Some((0, 1)));
    assert_eq!(byte_range("bytes=5-", 10), Some((5, 9)));
    assert_eq!(byte_range("bytes=-3", 10), Some((7, 9)));
    assert_eq!(byte_range("bytes=8-100", 10), Some((8, 9)));
    assert_eq!(byte_range("bytes=10-", 10), None);
    assert_eq!(byte_range("bytes=0-1,3-4", 10), None);
}

#[test]
fn content_types() {
    for (f, t) in [
        ("a.html", "text/html"),
        ("a.css", "text/css"),
        ("a.js", "text/javascript"),
        ("a.json", "application/json"),
        ("a.svg", "image/svg+xml"),
        ("a.png", "image/png"),
        ("a.JPG", "image/jpeg"),
        ("a.webp", "image/webp"),
        ("a.ics", "text/calendar"),
        ("a.xml", "application/xml"),
        ("a.csv", "text/csv"),
        (
            "a.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("a.mp4", "video/mp4"),
        ("a.txt", "text/plain"),
    ] {
        assert!(content_type(Path::new(f)).starts_with(t), "{f}");
    }
}
