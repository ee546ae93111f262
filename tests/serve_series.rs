//! Issue 12: `xuezhou serve` on a copy of the demo site, through a long scripted series of edits of
//! every kind. After each one (once serve has said it is done with it), the folder the preview
//! serves must hold exactly what a fresh `xuezhou build` of the same site at the same base URL
//! writes: the same files, byte for byte, processed images included.
//!
//! Every wait is bounded; serve is stopped (Ctrl-C, then a kill) when the test ends, however it
//! ends.

mod common;

use common::*;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One edit's rebuild (a debug build on two busy cores).
const WAIT: Duration = Duration::from_secs(60);
/// The first build processes the demo's photos unless the image cache has them.
const START: Duration = Duration::from_secs(300);

/// The demo files the series edits.
const TITLE_EVENT: &str = "content/events/hutang-zhihui-zhulao.md";
const DELETED_EVENT: &str = "content/events/niutang-jiajiao-jiangzuo.md";
const DRAFT_EVENT: &str = "content/events/huangli-sheshi-nongye.md";
const PHOTO_BUNDLE: &str = "content/events/yaoguan-canjiren-shuhuazhan";

struct Serve {
    child: Child,
    log: Arc<Mutex<String>>,
    port: u16,
    /// The folder serve builds into and serves (see `TempOutput` in src/serve.rs).
    folder: PathBuf,
}

impl Drop for Serve {
    /// Ctrl-C first (so serve removes its folder), then a kill if it has not ended in 5 s.
    fn drop(&mut self) {
        common::stop_serve(&mut self.child);
    }
}

impl Serve {
    /// `xuezhou serve` on a free port, with a temporary folder of the test's own (TMPDIR), so that
    /// the folder it serves is known and goes with the test.
    fn start(root: &Path, tmp: &Path) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_xuezhou"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .env("XUEZHOU_LANG", "en")
            .env("TMPDIR", tmp)
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start xuezhou serve");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().expect("serve's stderr");
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut l = sink.lock().unwrap_or_else(|e| e.into_inner());
                l.push_str(&line);
                l.push('\n');
            }
        });
        let folder = tmp.join(format!("xuezhou-serve-{}", child.id()));
        let mut serve = Serve {
            child,
            log,
            port: 0,
            folder,
        };
        let said = "serving the preview at http://127.0.0.1:";
        let t0 = Instant::now();
        while serve.port == 0 {
            assert!(
                t0.elapsed() < START,
                "serve did not start:\n{}",
                serve.log()
            );
            if let Some(status) = serve.child.try_wait().expect("serve's status") {
                panic!("serve exited ({status}):\n{}", serve.log());
            }
            let log = serve.log();
            if let Some(i) = log.find(said) {
                let rest = &log[i + said.len()..];
                if let Some(end) = rest.find('/') {
                    serve.port = rest[..end].parse().expect("a port number");
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(serve.folder.is_dir(), "{}", serve.folder.display());
        serve
    }

    fn log(&self) -> String {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// How many batches of changes serve has finished with: each ends in exactly one of these
    /// lines (src/serve.rs: a rebuild, a static copy, nothing changed, or an error shown).
    fn batches_done(&self) -> usize {
        self.log()
            .lines()
            .filter(|l| {
                l.starts_with("rebuilt ")
                    || l.starts_with("copied ")
                    || l.contains(": no change to the site")
                    || l.contains("the preview still shows the last good version")
            })
            .count()
    }
}

/// The live-reload stream, read on a thread of its own.
struct Events {
    rx: mpsc::Receiver<String>,
    _stream: TcpStream,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream
            .write_all(b"GET /__xuezhou/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
            .expect("ask for the event stream");
        let reader = BufReader::new(stream.try_clone().expect("a second handle"));
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in reader.lines().map_while(Result::ok) {
                if let Some(e) = line.strip_prefix("event: ") {
                    event = e.to_string();
                } else if line.is_empty()
                    && !event.is_empty()
                    && tx.send(std::mem::take(&mut event)).is_err()
                {
                    break;
                }
            }
        });
        Events {
            rx,
            _stream: stream,
        }
    }
}

/// The site, serve on it, and the edits.
struct Series {
    tmp: tempfile::TempDir,
    root: PathBuf,
    serve: Serve,
    events: Events,
    builds: usize,
}

impl Series {
    fn start() -> Series {
        let tmp = tempfile::Builder::new()
            .prefix("xuezhou-series-")
            .tempdir()
            .expect("a temporary folder");
        let root = tmp.path().join("site");
        let repo = repo();
        std::fs::create_dir_all(&root).expect("mkdir");
        std::fs::copy(repo.join("site.toml"), root.join("site.toml")).expect("copy site.toml");
        copy_dir(&repo.join("content"), &root.join("content"));
        copy_dir(&repo.join("themes"), &root.join("themes"));
        // The demo has no static/ of its own; the series edits one.
        std::fs::create_dir_all(root.join("static/docs")).expect("mkdir");
        std::fs::write(root.join("static/docs/readme.txt"), "第一版").expect("write");
        // Only to save time: the repository's image cache (filled by tests/demo.rs), if there is
        // one, spares the first build decoding the demo's photos. serve and build read the same
        // cache, so it changes nothing that is compared.
        let cache = repo.join(".cache/images");
        if cache.is_dir() {
            for entry in walk(&cache) {
                let name = entry.file_name().map(|n| n.to_string_lossy().into_owned());
                if entry.is_file() && name.is_some_and(|n| !n.starts_with('.')) {
                    let dest = root
                        .join(".cache/images")
                        .join(entry.strip_prefix(&cache).expect("inside"));
                    let _ = std::fs::create_dir_all(dest.parent().expect("a folder"));
                    let _ = std::fs::copy(&entry, dest);
                }
            }
        }
        let serve_tmp = tmp.path().join("tmp");
        std::fs::create_dir_all(&serve_tmp).expect("mkdir");
        let serve = Serve::start(&root, &serve_tmp);
        let events = Events::open(serve.port);
        Series {
            tmp,
            root,
            serve,
            events,
            builds: 0,
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).expect("read a site file")
    }

    /// Writes a file of the site in one step (a temporary file outside the site, then a
    /// rename), so that serve sees one change and never half a file.
    fn put(&self, rel: &str, bytes: &[u8]) {
        let staged = self.tmp.path().join("staged");
        std::fs::write(&staged, bytes).expect("write");
        let dest = self.path(rel);
        std::fs::create_dir_all(dest.parent().expect("a folder")).expect("mkdir");
        std::fs::rename(&staged, dest).expect("rename into the site");
    }

    /// Replaces `from` by `to` in a file of the site; the text must be there.
    fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.put(rel, text.replacen(from, to, 1).as_bytes());
    }

    /// Makes an edit and waits until serve has finished with it and sent `signal` to open pages.
    fn edit(&self, what: &str, signal: &str, edit: impl FnOnce(&Series)) {
        let before = self.serve.batches_done();
        edit(self);
        let t0 = Instant::now();
        let got = self.events.rx.recv_timeout(WAIT).unwrap_or_else(|_| {
            panic!(
                "no live-reload event after {what}; serve said:\n{}",
                self.serve.log()
            )
        });
        assert_eq!(
            got,
            signal,
            "after {what}; serve said:\n{}",
            self.serve.log()
        );
        // The event is sent after the folder is written; the log line comes right after it.
        while self.serve.batches_done() <= before {
            assert!(
                t0.elapsed() < WAIT,
                "serve did not finish {what}:\n{}",
                self.serve.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(
            self.serve.batches_done(),
            before + 1,
            "{what} was one change, one batch:\n{}",
            self.serve.log()
        );
    }

    /// `xuezhou build` of the site, as it is now, at the preview's base URL, into a fresh folder.
    fn build(&mut self) -> (Run, PathBuf) {
        self.builds += 1;
        let out = self.tmp.path().join(format!("build-{}", self.builds));
        let base_url = format!("http://127.0.0.1:{}/", self.serve.port);
        let args: Vec<std::ffi::OsString> = vec![
            "build".into(),
            "--root".into(),
            self.root.clone().into(),
            "--output".into(),
            out.clone().into(),
            "--base-url".into(),
            base_url.into(),
        ];
        let run = xuezhou_in(&self.root, args);
        (run, out)
    }

    /// The preview's folder, compared byte for byte with a fresh build.
    ///
    /// Ignored, by rule and nothing else:
    /// - build's `.xuezhou-output` at the top of its folder: the marker that tells an output
    ///   folder is xuezhou's to replace (src/output.rs); serve's folder is a temporary one of its
    ///   own and needs none.
    ///
    /// Nothing else needs a rule: the live-reload script and the error overlay are added to
    /// HTML as it is sent (src/serve/http.rs), never written into the folder, and no page of the
    /// demo shows the time it was built.
    fn same_as_build(&mut self, what: &str) -> Snapshot {
        let (run, out) = self.build();
        assert_eq!(run.code, 0, "a build after {what} fails:\n{}", run.stderr);
        let mut built = snapshot(&out);
        assert!(
            built.remove(".xuezhou-output").is_some(),
            "a build writes its marker"
        );
        let served = snapshot(&self.serve.folder);
        let differences = diff(&built, &served);
        assert!(
            differences.is_empty(),
            "after {what}, the preview differs from a fresh build (removed: only in the build; \
             added: only in the preview):\n{}\nserve said:\n{}",
            differences.join("\n"),
            self.serve.log()
        );
        let _ = std::fs::remove_dir_all(&out);
        served
    }

    /// Edits, waits for `signal`, then compares with a fresh build.
    fn step(&mut self, what: &str, signal: &str, edit: impl FnOnce(&Series)) -> Snapshot {
        self.edit(what, signal, edit);
        self.same_as_build(what)
    }
}

fn event(title: &str, town: &str, start: &str) -> String {
    format!(
        "---\ntitle: {title}\nstart: {start}\ntown: {town}\norganizer: 湖塘镇社区教育中心\ncategory: 讲座\n\
         venue: 社区活动室\n---\n\n## 活动简介\n\n{title}的介绍。\n"
    )
}

#[test]
fn the_preview_after_every_edit_is_what_a_fresh_build_writes() {
    let mut s = Series::start();
    let first = s.same_as_build("the first build");
    assert!(
        first.contains_key("events/yaoguan-canjiren-shuhuazhan/huabi-1280.jpg"),
        "processed images are compared too"
    );

    // An event: its title, its town, its day.
    s.step("a title edit", "reload", |s| {
        s.replace(
            TITLE_EVENT,
            "title: 湖塘镇“智慧助老”手机课堂",
            "title: 湖塘镇“智慧助老”手机课堂（第二期）",
        )
    });
    s.step("a town edit", "reload", |s| {
        s.replace(TITLE_EVENT, "town: 湖塘镇", "town: 洛阳镇")
    });
    s.step("a day edit", "reload", |s| {
        let text = s.read(TITLE_EVENT).replace("2022-12-02", "2022-12-05");
        s.put(TITLE_EVENT, text.as_bytes());
    });

    // Deleted, added, a draft and back.
    s.step("a deleted event", "reload", |s| {
        std::fs::remove_file(s.path(DELETED_EVENT)).expect("rm")
    });
    s.step("a new event", "reload", |s| {
        s.put(
            "content/events/xinzeng-jiangzuo.md",
            event("新增的家庭教育讲座", "牛塘镇", "2022-12-07 19:00").as_bytes(),
        )
    });
    let draft_text = s.read(DRAFT_EVENT);
    s.step("an event made a draft", "reload", |s| {
        s.replace(DRAFT_EVENT, "\n---\n", "\ndraft: true\n---\n")
    });
    s.step("the draft published again", "reload", |s| {
        s.put(DRAFT_EVENT, draft_text.as_bytes())
    });

    // The theme: a page template, a partial every list uses, the stylesheet; a static file.
    s.step("a template edit", "reload", |s| {
        s.replace(
            "themes/default/templates/event.html",
            "{% endblock main %}",
            "<p class=\"series\">模板改过</p>\n{% endblock main %}",
        )
    });
    s.step("a partial template edit", "reload", |s| {
        s.replace(
            "themes/default/templates/partials/event_card.html",
            "<h3>",
            "<h3 class=\"series\">",
        )
    });
    s.step("a stylesheet edit", "css", |s| {
        let text = s.read("themes/default/static/style.css") + "\n.series { color: #c00 }\n";
        s.put("themes/default/static/style.css", text.as_bytes());
    });
    s.step("a static file edit", "reload", |s| {
        s.put("static/docs/readme.txt", "第二版".as_bytes())
    });

    // Photos: one replaced by a smaller one (fewer sizes), one added to a page and taken off.
    let small =
        std::fs::read(s.path("content/cases/jiaze-huamu-ketang/jidanhua.jpg")).expect("a photo");
    let after = s.step("a photo replaced", "reload", |s| {
        s.put(&format!("{PHOTO_BUNDLE}/huabi.jpg"), &small)
    });
    assert!(
        !after.contains_key("events/yaoguan-canjiren-shuhuazhan/huabi-1280.jpg"),
        "a 480-pixel photo has no 1280 size"
    );
    let other =
        std::fs::read(s.path("content/cases/jiaze-huamu-ketang/pugongying.jpg")).expect("a photo");
    // A file beside the page that it does not show: whatever serve makes of it (and whether it
    // signals), the folder must be what a build writes.
    let before = s.serve.batches_done();
    s.put(&format!("{PHOTO_BUNDLE}/xinzhao.jpg"), &other);
    let t0 = Instant::now();
    while s.serve.batches_done() <= before {
        assert!(
            t0.elapsed() < WAIT,
            "serve did not finish a photo added:\n{}",
            s.serve.log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // Its signal, if any, was sent before the log line: let the reader catch up, then drop it.
    std::thread::sleep(Duration::from_millis(300));
    while s.events.rx.try_recv().is_ok() {}
    s.same_as_build("a photo added beside a page");
    let index = format!("{PHOTO_BUNDLE}/index.md");
    let page_text = s.read(&index);
    let added = s.step("a photo added to a page", "reload", |s| {
        s.replace(
            &index,
            "    caption: 书画班学员用过的画笔\n",
            "    caption: 书画班学员用过的画笔\n  - src: xinzhao.jpg\n    alt: 田埂边开着的蒲公英\n",
        )
    });
    assert!(
        added.contains_key("events/yaoguan-canjiren-shuhuazhan/xinzhao-1280.jpg"),
        "the added photo is processed"
    );
    s.step("a photo taken off its page", "reload", |s| {
        s.put(&index, page_text.as_bytes())
    });

    // site.toml: the title, and the tables moved out of the site.
    s.step("a site.toml edit", "reload", |s| {
        let text = s
            .read("site.toml")
            .replacen(
                "title = \"武进区2022年全民终身学习活动周\"",
                "title = \"武进区2022年全民终身学习活动周（预览）\"",
                1,
            )
            .replacen("[tables]\npublish = true", "[tables]\npublish = false", 1);
        assert!(
            text.contains("（预览）") && text.contains("publish = false"),
            "{text}"
        );
        s.put("site.toml", text.as_bytes());
    });

    // A broken edit: the preview keeps the last good site (and a build refuses it); then the fix.
    let good = snapshot(&s.serve.folder);
    let broken_text = s.read(TITLE_EVENT);
    s.edit("a broken edit", "overlay", |s| {
        s.replace(TITLE_EVENT, "town: 洛阳镇", "town: 洛阳")
    });
    let kept = snapshot(&s.serve.folder);
    let differences = diff(&good, &kept);
    assert!(
        differences.is_empty(),
        "a broken edit changed the preview's folder:\n{}",
        differences.join("\n")
    );
    let (run, _) = s.build();
    assert_ne!(run.code, 0, "a build refuses the broken site");
    assert!(run.stderr.contains(TITLE_EVENT), "{}", run.stderr);
    s.step("the fix", "reload", |s| {
        let fixed = broken_text.replace("（第二期）", "（第三期）");
        s.put(TITLE_EVENT, fixed.as_bytes())
    });
}
