//! `xuezhou serve` end to end: the real binary on a loopback port against a small site in a
//! temporary folder. Every wait is bounded; the child is killed when the test ends, however it
//! ends.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

struct Serve {
    child: Child,
    log: Arc<Mutex<String>>,
    port: u16,
}

impl Drop for Serve {
    /// Ctrl-C first (so serve removes its folder), then a kill if it has not ended in 5 s.
    fn drop(&mut self) {
        common::stop_serve(&mut self.child);
    }
}

impl Serve {
    fn start(root: &Path, port: u16) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xuezhou"))
            .args(["serve", "--root"])
            .arg(root)
            .env("XUEZHOU_LANG", "en")
            .args(["--port", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start xuezhou serve");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut l = sink.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        let mut s = Serve {
            child,
            log,
            port: 0,
        };
        let t0 = Instant::now();
        while s.port == 0 {
            assert!(
                t0.elapsed() < Duration::from_secs(60),
                "serve did not start:\n{}",
                s.log()
            );
            if let Some(status) = s.child.try_wait().unwrap() {
                panic!("serve exited ({status}):\n{}", s.log());
            }
            let log = s.log();
            if let Some(i) = log.find("serving the preview at http://127.0.0.1:") {
                let rest = &log[i + "serving the preview at http://127.0.0.1:".len()..];
                s.port = rest[..rest.find('/').unwrap()].parse().unwrap();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        s
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Reply {
        request(
            self.port,
            &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        )
    }

    fn events(&self) -> Events {
        Events::open(self.port)
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }
}

/// One raw HTTP/1.1 exchange, so that paths reach the server exactly as written.
fn request(port: u16, raw: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.set_write_timeout(Some(WAIT)).unwrap();
    s.write_all(raw.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes).expect("read the reply");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let reply = Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    };
    if let Some(len) = reply.header("Content-Length") {
        if !raw.starts_with("HEAD") {
            assert_eq!(len.parse::<usize>().unwrap(), body.len(), "a complete body");
        }
    }
    reply
}

/// A live-reload stream, read on a thread of its own.
struct Events {
    rx: mpsc::Receiver<(String, String)>,
    _stream: TcpStream,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(b"GET /__xuezhou/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
            .unwrap();
        let mut r = BufReader::new(s.try_clone().unwrap());
        let mut status = String::new();
        r.read_line(&mut status).unwrap();
        assert!(status.contains(" 200"), "{status}");
        let mut line = String::new();
        while r.read_line(&mut line).unwrap() > 0 && line.trim() != "" {
            if line.to_ascii_lowercase().starts_with("content-type") {
                assert!(line.contains("text/event-stream"), "{line}");
            }
            line.clear();
        }
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let (mut event, mut data) = (String::new(), String::new());
            for line in r.lines().map_while(Result::ok) {
                if let Some(e) = line.strip_prefix("event: ") {
                    event = e.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    data = d.to_string();
                } else if line.is_empty()
                    && !event.is_empty()
                    && tx
                        .send((std::mem::take(&mut event), std::mem::take(&mut data)))
                        .is_err()
                {
                    break;
                }
            }
        });
        Events { rx, _stream: s }
    }

    /// The next event, within `WAIT`.
    fn next(&self, what: &str, log: &Serve) -> (String, String) {
        self.rx.recv_timeout(WAIT).unwrap_or_else(|_| {
            panic!(
                "no live-reload event after {what}; serve said:\n{}",
                log.log()
            )
        })
    }

    fn none_within(&self, d: Duration) -> Option<(String, String)> {
        self.rx.recv_timeout(d).ok()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

fn event(title: &str, town: &str, day: u32) -> String {
    format!(
        "---\ntitle: {title}\nstart: 2022-12-0{day} 09:00\ntown: {town}\norganizer: 湖塘镇社区教育中心\ncategory: 讲座\nvenue: 社区活动室\n---\n\n## 活动简介\n\n{title}的介绍。\n"
    )
}

/// The repository's theme and site.toml with three pages of our own.
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("site");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("themes"), &root.join("themes"));
    std::fs::copy(repo.join("site.toml"), root.join("site.toml")).unwrap();
    let events = root.join("content/events");
    std::fs::create_dir_all(&events).unwrap();
    std::fs::write(events.join("a.md"), event("甲讲座", "湖塘镇", 3)).unwrap();
    std::fs::write(events.join("b.md"), event("乙讲座", "牛塘镇", 4)).unwrap();
    std::fs::write(
        root.join("content/about.md"),
        "---\ntitle: 关于本站\n---\n\n本站介绍。\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("static/docs")).unwrap();
    std::fs::write(root.join("static/hello.txt"), "hello").unwrap();
    std::fs::write(root.join("static/docs/readme.txt"), "docs").unwrap();
    std::fs::write(t.path().join("secret.txt"), "TOP-SECRET").unwrap();
    (t, root)
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

/// Waits until `path` is served with `status` and a body for which `ok` holds.
fn until(serve: &Serve, path: &str, status: u16, ok: impl Fn(&str) -> bool) -> Reply {
    let t0 = Instant::now();
    loop {
        let r = serve.get(path);
        if r.status == status && ok(&r.body) {
            return r;
        }
        assert!(
            t0.elapsed() < WAIT,
            "{path} never became {status} as expected; last {}:\n{}\nserve said:\n{}",
            r.status,
            r.body,
            serve.log()
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

#[test]
fn serves_reloads_shows_errors_and_stays_inside_the_site() {
    let (_t, root) = fixture();
    // Take a port, so that serve must move to the next free one and say so.
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let serve = Serve::start(&root, port);
    assert_ne!(serve.port, port);
    assert!(
        serve.log().contains(&format!("port {port} is taken")),
        "{}",
        serve.log()
    );
    assert!(!root.join("public").exists(), "serve never writes public/");

    // Pages, folders, 404, content types, HEAD and ETag.
    let home = serve.get("/");
    assert_eq!(home.status, 200);
    assert!(home
        .header("Content-Type")
        .unwrap()
        .starts_with("text/html"));
    assert!(
        home.body.contains("/__xuezhou/events"),
        "the live-reload script is injected"
    );
    let a = serve.get("/events/a/");
    assert_eq!(a.status, 200);
    assert!(a.body.contains("甲讲座"));
    let moved = serve.get("/events/a");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("Location").as_deref(), Some("/events/a/"));
    let missing = serve.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("/__xuezhou/events"),
        "the site's 404 page, with the script"
    );
    assert_eq!(serve.get("/docs/").status, 404, "no folder listings");
    assert_eq!(serve.get("/docs/readme.txt").body, "docs");
    let txt = serve.get("/hello.txt");
    assert!(txt
        .header("Content-Type")
        .unwrap()
        .starts_with("text/plain"));
    let css = serve.get("/style.css");
    assert_eq!(css.status, 200);
    assert!(css.header("Content-Type").unwrap().starts_with("text/css"));
    for (path, ctype) in [
        ("/sitemap.xml", "application/xml"),
        ("/atom.xml", "application/xml"),
        ("/xuezhou.js", "text/javascript"),
    ] {
        let r = serve.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.header("Content-Type").unwrap().starts_with(ctype),
            "{path}"
        );
    }
    let head = request(
        serve.port,
        "HEAD /events/a/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("Content-Length")
            .unwrap()
            .parse::<usize>()
            .unwrap(),
        a.body.len()
    );
    for r in [&a, &css] {
        let etag = r.header("ETag").expect("an ETag");
        let again = request(
            serve.port,
            &format!(
                "GET {} HTTP/1.1\r\nHost: x\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n",
                if r.body == a.body {
                    "/events/a/"
                } else {
                    "/style.css"
                }
            ),
        );
        assert_eq!(again.status, 304);
        assert!(again.body.is_empty());
    }

    // Never a file outside the built site.
    for path in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..\\..\\secret.txt",
        "/..%5c..%5csecret.txt",
        "/events/../../../secret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/index.html%00",
        "/%00../secret.txt",
        "/C:/Windows/win.ini",
        "/%c0%ae%c0%ae/secret.txt",
        "/.%2e/secret.txt",
    ] {
        let r = request(
            serve.port,
            &format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(r.status, 404, "{path}");
        assert!(
            !r.body.contains("TOP-SECRET") && !r.body.contains("root:"),
            "{path}"
        );
    }
    let abs = request(
        serve.port,
        "GET /etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(abs.status, 404);
    let absolute_form = request(
        serve.port,
        "GET http://127.0.0.1/../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_ne!(absolute_form.status, 200);
    assert!(!absolute_form.body.contains("TOP-SECRET"));

    // An edit: the reload signal, then the new content.
    let events = serve.events();
    write(
        &root.join("content/events/a.md"),
        &event("甲讲座（改）", "湖塘镇", 3),
    );
    let (name, _) = events.next("an edit", &serve);
    assert_eq!(name, "reload");
    until(&serve, "/events/a/", 200, |b| b.contains("甲讲座（改）"));
    for list in [
        "/",
        "/events/",
        "/towns/hutangzhen/",
        "/categories/jiangzuo/",
        // The page shard with its title (a small site has one).
        "/search/d/0.json",
        // Files serve keeps while their event is unchanged are made again for this one.
        "/calendar/",
        "/calendar/2022-12-03/",
        "/calendar/print/",
        "/calendar/week.ics",
        "/events/a/print/",
        "/events/a/event.ics",
        "/tables/schedule/",
        "/tables/schedule.csv",
    ] {
        assert!(
            serve.get(list).body.contains("甲讲座（改）"),
            "the lists that show it are rebuilt: {list}"
        );
    }
    // and the unchanged event's are still served.
    for kept in ["/events/b/print/", "/events/b/event.ics"] {
        let r = serve.get(kept);
        assert_eq!(r.status, 200, "{kept}");
        assert!(r.body.contains("乙讲座"), "{kept}");
    }
    // Moved to another town: off one town's page, onto the other's.
    write(
        &root.join("content/events/a.md"),
        &event("甲讲座（改）", "洛阳镇", 3),
    );
    assert_eq!(events.next("a new town", &serve).0, "reload");
    until(&serve, "/towns/luoyangzhen/", 200, |b| {
        b.contains("甲讲座（改）")
    });
    assert!(!serve
        .get("/towns/hutangzhen/")
        .body
        .contains("甲讲座（改）"));
    // The statistics table counts it under its new town.
    let stats = serve.get("/tables/statistics.csv").body;
    assert!(
        stats.lines().any(|l| l.starts_with("洛阳镇,1,")),
        "one event in 洛阳镇 now:\n{stats}"
    );
    // A list template edit shows on every list that uses it.
    let term = root.join("themes/default/templates/term.html");
    let term_text = std::fs::read_to_string(&term).unwrap();
    write(
        &term,
        &term_text.replace(
            "{% endblock main %}",
            "<p>TERM-TEMPLATE-EDIT</p>{% endblock main %}",
        ),
    );
    assert_eq!(events.next("a template edit", &serve).0, "reload");
    until(&serve, "/towns/niutangzhen/", 200, |b| {
        b.contains("TERM-TEMPLATE-EDIT")
    });
    until(&serve, "/towns/luoyangzhen/", 200, |b| {
        b.contains("TERM-TEMPLATE-EDIT")
    });
    write(&term, &term_text);
    assert_eq!(events.next("the template restored", &serve).0, "reload");
    until(&serve, "/towns/niutangzhen/", 200, |b| {
        !b.contains("TERM-TEMPLATE-EDIT")
    });
    assert!(
        serve.log().contains("rebuilt content/events/a.md"),
        "{}",
        serve.log()
    );

    // Editor leftovers cause no rebuild.
    write(&root.join("content/events/.a.md.swp"), "junk");
    write(&root.join("content/events/a.md~"), "junk");
    write(&root.join("content/events/4913"), "");
    assert_eq!(events.none_within(Duration::from_millis(600)), None);

    // A broken edit: the overlay on the open page and on pages opened after; the old content stays.
    // (A value that is not allowed, with markup in it: the overlay must show it as text.)
    write(
        &root.join("content/events/a.md"),
        &event("甲讲座", "<script>alert(1)</script>", 3),
    );
    let (name, data) = events.next("a broken edit", &serve);
    assert_eq!(name, "overlay");
    assert!(data.contains("content/events/a.md:4"), "{data}");
    assert!(!data.contains("<script>alert"), "escaped: {data}");
    for path in ["/events/a/", "/about/", "/no/such/page/"] {
        let r = serve.get(path);
        assert!(r.body.contains("id=\"__xuezhou_overlay\""), "{path}");
        assert!(r.body.contains("content/events/a.md:4"), "{path}");
        assert!(
            r.body
                .contains("town: &lt;script&gt;alert(1)&lt;/script&gt;"),
            "the offending line, escaped"
        );
        assert!(!r.body.contains("<script>alert(1)"), "{path}");
    }
    assert!(
        serve.get("/events/a/").body.contains("甲讲座（改）"),
        "the last good page is still served"
    );
    assert!(
        serve.log().contains("content/events/a.md:4"),
        "the error in the terminal too"
    );
    // Bad YAML while the first error stands: the overlay changes.
    write(
        &root.join("content/events/a.md"),
        "---\ntitle: [甲讲座\nstart: 2022-12-03 09:00\n---\n",
    );
    let (name, data) = events.next("bad YAML", &serve);
    assert_eq!(name, "overlay");
    assert!(data.contains("not valid YAML"), "{data}");
    assert!(serve.get("/about/").body.contains("not valid YAML"));

    // Fixed: reload, and the overlay is gone.
    write(
        &root.join("content/events/a.md"),
        &event("甲讲座（好了）", "湖塘镇", 3),
    );
    let (name, _) = events.next("the fix", &serve);
    assert_eq!(name, "reload");
    let fixed = until(&serve, "/events/a/", 200, |b| b.contains("甲讲座（好了）"));
    assert!(!fixed.body.contains("id=\"__xuezhou_overlay\""));
    assert!(!serve
        .get("/about/")
        .body
        .contains("id=\"__xuezhou_overlay\""));

    // A template error shows the same way.
    let base = root.join("themes/default/templates/page.html");
    let good = std::fs::read_to_string(&base).unwrap();
    write(&base, &format!("{good}\n{{% if %}}\n"));
    let (name, data) = events.next("a template error", &serve);
    assert_eq!(name, "overlay");
    assert!(data.contains("page.html"), "{data}");
    write(&base, &good);
    assert_eq!(events.next("the template fix", &serve).0, "reload");

    // A stylesheet edit swaps the stylesheet, without a reload; a static file is copied alone.
    let style = root.join("themes/default/static/style.css");
    let mut text = std::fs::read_to_string(&style).unwrap();
    text.push_str("\n.xuezhou-test { color: red }\n");
    write(&style, &text);
    assert_eq!(events.next("a stylesheet edit", &serve).0, "css");
    until(&serve, "/style.css", 200, |b| b.contains(".xuezhou-test"));
    write(&root.join("static/hello.txt"), "hello again");
    assert_eq!(events.next("a static file edit", &serve).0, "reload");
    until(&serve, "/hello.txt", 200, |b| b == "hello again");

    // Deleting and renaming pages and folders.
    std::fs::remove_file(root.join("content/events/b.md")).unwrap();
    assert_eq!(events.next("a deleted page", &serve).0, "reload");
    until(&serve, "/events/b/", 404, |_| true);
    std::fs::create_dir_all(root.join("content/events/c")).unwrap();
    write(
        &root.join("content/events/c/index.md"),
        &event("丙讲座", "洛阳镇", 5),
    );
    assert_eq!(events.next("a new bundle", &serve).0, "reload");
    until(&serve, "/events/c/", 200, |b| b.contains("丙讲座"));
    std::fs::rename(root.join("content/events/c"), root.join("content/events/d")).unwrap();
    assert_eq!(events.next("a renamed folder", &serve).0, "reload");
    until(&serve, "/events/d/", 200, |b| b.contains("丙讲座"));
    until(&serve, "/events/c/", 404, |_| true);
    // Saving through a temporary file and a rename, as many editors do.
    write(
        &root.join("content/events/.a.md.tmp-save"),
        &event("甲讲座（另存）", "湖塘镇", 3),
    );
    std::fs::rename(
        root.join("content/events/.a.md.tmp-save"),
        root.join("content/events/a.md"),
    )
    .unwrap();
    assert_eq!(events.next("a save by rename", &serve).0, "reload");
    until(&serve, "/events/a/", 200, |b| b.contains("甲讲座（另存）"));

    // Hundreds of requests at once while rebuilds run: none fails.
    let port_now = serve.port;
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let editor = {
        let root = root.clone();
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) && n < 500 {
                write(
                    &root.join("content/events/a.md"),
                    &event(&format!("甲讲座 第{n}版"), "湖塘镇", 3),
                );
                n += 1;
                std::thread::sleep(Duration::from_millis(30));
            }
        })
    };
    let paths = [
        "/",
        "/events/",
        "/events/a/",
        "/events/d/",
        "/style.css",
        "/towns/",
        "/about/",
        "/hello.txt",
    ];
    // Rounds of 150 requests at once, at least two, until rebuilds have run during them.
    let rebuilds = |s: &Serve| s.log().matches("rebuilt ").count();
    let before = rebuilds(&serve);
    let t0 = Instant::now();
    let mut rounds = 0;
    while rounds < 2 || rebuilds(&serve) < before + 2 {
        assert!(
            t0.elapsed() < WAIT,
            "no rebuild during the requests:\n{}",
            serve.log()
        );
        let workers: Vec<_> = (0..150)
            .map(|i| {
                let path = paths[i % paths.len()];
                std::thread::spawn(move || {
                    let r = request(
                        port_now,
                        &format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
                    );
                    (path, r.status, r.body.len())
                })
            })
            .collect();
        for w in workers {
            let (path, status, len) = w.join().expect("a request thread");
            assert_eq!(status, 200, "{path}");
            assert!(len > 0, "{path}");
        }
        rounds += 1;
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    editor.join().unwrap();
    // A stalled client (headers never finished) holds up no one.
    let mut stalled = TcpStream::connect(("127.0.0.1", serve.port)).unwrap();
    stalled.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    assert_eq!(serve.get("/events/a/").status, 200);
    drop(stalled);

    // Ctrl-C ends it cleanly and removes the preview's folder.
    #[cfg(unix)]
    {
        let mut serve = serve;
        let pid = serve.child.id();
        let dir = std::env::temp_dir().join(format!("xuezhou-serve-{pid}"));
        assert!(dir.is_dir(), "{}", dir.display());
        Command::new("kill")
            .args(["-INT", &pid.to_string()])
            .status()
            .unwrap();
        let t0 = Instant::now();
        let status = loop {
            if let Some(s) = serve.child.try_wait().unwrap() {
                break s;
            }
            assert!(t0.elapsed() < WAIT, "serve did not stop on Ctrl-C");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "{status}");
        assert!(!dir.exists(), "the preview's folder is removed");
    }
    drop(taken);
}

#[test]
fn a_site_broken_from_the_start_is_served_once_fixed() {
    let (_t, root) = fixture();
    write(&root.join("content/events/a.md"), "---\ntitle: 甲\n---\n");
    let serve = Serve::start(&root, 0);
    let r = serve.get("/");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("id=\"__xuezhou_overlay\""), "{}", r.body);
    let events = serve.events();
    write(
        &root.join("content/events/a.md"),
        &event("甲讲座", "湖塘镇", 3),
    );
    assert_eq!(events.next("the fix", &serve).0, "reload");
    until(&serve, "/events/a/", 200, |b| b.contains("甲讲座"));
}

/// Issue 11: a link in static/ to a file outside the site is an error in the preview too, and
/// its file is never served.
#[cfg(unix)]
#[test]
fn a_link_out_of_the_site_is_never_served() {
    let (t, root) = fixture();
    std::os::unix::fs::symlink(t.path().join("secret.txt"), root.join("static/passwd.txt"))
        .unwrap();
    let serve = Serve::start(&root, 0);
    let r = serve.get("/passwd.txt");
    assert_eq!(r.status, 404);
    assert!(!r.body.contains("TOP-SECRET"), "{}", r.body);
    let home = serve.get("/");
    assert!(
        home.body.contains("outside the site folder"),
        "{}",
        home.body
    );
    let events = serve.events();
    std::fs::remove_file(root.join("static/passwd.txt")).unwrap();
    assert_eq!(events.next("the fix", &serve).0, "reload");
    until(&serve, "/events/a/", 200, |b| b.contains("甲讲座"));
    assert_eq!(serve.get("/passwd.txt").status, 404);
}

#[test]
fn a_huge_request_head_is_refused_and_the_server_goes_on() {
    let (_t, root) = fixture();
    let serve = Serve::start(&root, 0);
    assert_eq!(serve.get("/events/a/").status, 200);

    // 1 MB of header: 431 (or the connection closed), never read whole nor answered 200.
    let mut s = TcpStream::connect(("127.0.0.1", serve.port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.set_write_timeout(Some(WAIT)).unwrap();
    let mut w = s.try_clone().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = w.write_all(b"GET /events/a/ HTTP/1.1\r\nHost: x\r\nX-Big: ");
        let _ = w.write_all(&vec![b'a'; 1 << 20]);
        let _ = w.write_all(b"\r\n\r\n");
    });
    let mut reply = Vec::new();
    let _ = s.read_to_end(&mut reply); // a reset connection is a refusal too
    writer.join().unwrap();
    let text = String::from_utf8_lossy(&reply);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 431 "),
        "{}",
        &text[..text.len().min(300)]
    );

    // An address longer than 8 KB: 414.
    let r = request(
        serve.port,
        &format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(20_000)),
    );
    assert_eq!(r.status, 414, "{}", r.head);

    // The server goes on; a request that asks to keep the connection gets it closed after its
    // answer (each connection carries one request, so every head is bounded).
    assert_eq!(serve.get("/events/a/").status, 200);
    let r = request(
        serve.port,
        "GET /events/a/ HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n",
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("Connection").as_deref(),
        Some("close"),
        "{}",
        r.head
    );
}

/// Issue 13: five saves 30 ms apart cost at most two rebuilds and two reloads, and a save
/// through a temporary file and a rename (as `sed -i` does, with a name that is not an
/// editor's known leftover) is named by its real file only.
#[test]
fn a_burst_of_saves_costs_two_rebuilds_and_a_temporary_file_is_not_named() {
    let (_t, root) = fixture();
    let serve = Serve::start(&root, 0);
    let events = serve.events();
    let page = root.join("content/events/a.md");
    let mentions = |s: &Serve| s.log().matches("content/events/a.md").count();
    let before = mentions(&serve);
    for n in 1..=5 {
        write(&page, &event(&format!("甲讲座 第{n}稿"), "湖塘镇", 3));
        std::thread::sleep(Duration::from_millis(30));
    }
    until(&serve, "/events/a/", 200, |b| b.contains("甲讲座 第5稿"));
    // Whatever the burst still causes has happened within two seconds.
    let mut reloads = 0;
    while let Some((name, _)) = events.none_within(Duration::from_secs(2)) {
        assert_eq!(name, "reload");
        reloads += 1;
    }
    assert!(
        (1..=2).contains(&reloads),
        "{reloads} reloads:\n{}",
        serve.log()
    );
    let rebuilds = mentions(&serve) - before;
    assert!(
        (1..=2).contains(&rebuilds),
        "{rebuilds} rebuilds:\n{}",
        serve.log()
    );

    let temp = root.join("content/events/sedQ7xK2p");
    write(&temp, &event("甲讲座（sed）", "湖塘镇", 3));
    std::fs::rename(&temp, &page).unwrap();
    assert_eq!(events.next("a save through sed -i", &serve).0, "reload");
    until(&serve, "/events/a/", 200, |b| b.contains("甲讲座（sed）"));
    let log = serve.log();
    assert!(
        !log.contains("sedQ7xK2p"),
        "the temporary file is named:\n{log}"
    );
    assert!(
        log.lines()
            .last()
            .is_some_and(|l| l.contains("content/events/a.md")),
        "{log}"
    );
}
