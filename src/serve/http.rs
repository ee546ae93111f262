//! The preview server's HTTP side (tiny_http): files of the built site only, the live-reload
//! stream, and the script and error overlay added to HTML.
//!
//! Every request is answered on a thread of its own, so a slow or stalled client holds up no
//! other; live-reload streams are capped separately so they cannot use up the rest.

use super::livereload;
use crate::messages::serve::Serve;
use crate::tr;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// Requests answered at once, live-reload streams apart; past that, 503.
const MAX_REQUESTS: usize = 1024;
const MAX_STREAMS: usize = 128;
/// A comment line on idle streams, so that dead connections are noticed and closed.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// What the server shows besides files: the version of the served site and the error, if the
/// last edit has one.
#[derive(Default)]
pub struct Status {
    pub generation: u64,
    /// The overlay's HTML while the last rebuild failed.
    pub overlay: Option<String>,
}

pub struct Shared {
    /// The served folder (canonical).
    pub dir: PathBuf,
    /// Tells this server's pages from those of an earlier run in the same tab.
    pub server_id: String,
    pub status: RwLock<Status>,
    /// Files a rebuild changed and has not written yet (see `unflushed`).
    pub unflushed: super::unflushed::Unflushed,
    streams: Mutex<Vec<mpsc::Sender<Arc<str>>>>,
    requests: AtomicUsize,
    open_streams: AtomicUsize,
}

impl Shared {
    pub fn new(dir: PathBuf) -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        Shared {
            dir,
            server_id: format!("{:x}", (nanos as u64) ^ std::process::id() as u64),
            status: RwLock::new(Status::default()),
            unflushed: Default::default(),
            streams: Mutex::new(Vec::new()),
            requests: AtomicUsize::new(0),
            open_streams: AtomicUsize::new(0),
        }
    }

    fn version_of(&self, generation: u64) -> String {
        format!("{}-{}", self.server_id, generation)
    }

    pub fn version(&self) -> String {
        self.version_of(
            self.status
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .generation,
        )
    }

    /// Moves to a new version and tells every open page: `event` is `reload`, `css` or `overlay`.
    pub fn publish(&self, event: &str, overlay: Option<String>) {
        let (version, data) = {
            let mut st = self.status.write().unwrap_or_else(|e| e.into_inner());
            st.generation += 1;
            st.overlay = overlay.clone();
            let version = self.version_of(st.generation);
            let data = match overlay {
                Some(html) if event == "overlay" => {
                    serde_json::to_string(&html).unwrap_or_default()
                }
                _ => format!("\"{version}\""),
            };
            (version, data)
        };
        let msg: Arc<str> = format!("id: {version}\nevent: {event}\ndata: {data}\n\n").into();
        self.streams
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|s| s.send(msg.clone()).is_ok());
    }
}

/// Answers requests until the process ends.
pub fn serve(server: tiny_http::Server, shared: Arc<Shared>) {
    for rq in server.incoming_requests() {
        if shared.requests.fetch_add(1, Ordering::SeqCst) >= MAX_REQUESTS {
            shared.requests.fetch_sub(1, Ordering::SeqCst);
            let _ = rq.respond(Response::from_string(tr!(Serve::HttpBusy)).with_status_code(503));
            continue;
        }
        // The slot is given back when the thread ends, even if answering panicked; or at once
        // if no thread could be started (the closure is dropped then).
        let slot = Slot(shared.clone());
        let _ = std::thread::Builder::new()
            .name("xuezhou-http".into())
            .spawn(move || handle(rq, &slot.0));
    }
}

/// One of the `MAX_REQUESTS` answered at once.
struct Slot(Arc<Shared>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.requests.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A response header. Header values must be ASCII: anything else (a redirect to a folder with a
/// Chinese name, from a client that does not percent-encode) is percent-encoded here.
fn header(name: &'static str, value: &str) -> Header {
    let mut v = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_graphic() || b == b' ' {
            v.push(b as char);
        } else {
            v.push_str(&format!("%{b:02X}"));
        }
    }
    Header::from_bytes(name.as_bytes(), v.as_bytes()).expect("an ASCII name and value")
}

fn request_header<'a>(rq: &'a Request, name: &'static str) -> Option<&'a str> {
    rq.headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str())
}

fn handle(rq: Request, shared: &Shared) {
    let method = rq.method().clone();
    if method != Method::Get && method != Method::Head {
        let _ = rq.respond(
            Response::from_string(tr!(Serve::HttpOnlyGet))
                .with_status_code(405)
                .with_header(header("Allow", "GET, HEAD")),
        );
        return;
    }
    let url = rq.url().to_string();
    let path_part = url.split(['?', '#']).next().unwrap_or("");
    if path_part == livereload::EVENTS_PATH {
        stream(rq, shared, &url);
        return;
    }
    let result = match resolve(&shared.dir, &url) {
        Target::File(file) => send_file(rq, shared, &file, 200),
        Target::Redirect(location) => rq.respond(
            Response::from_string(tr!(Serve::HttpMoved, location))
                .with_status_code(301)
                .with_header(header("Location", &location))
                .with_header(header("Cache-Control", "no-cache")),
        ),
        Target::NotFound => not_found(rq, shared),
    };
    let _ = result;
}

fn not_found(rq: Request, shared: &Shared) -> io::Result<()> {
    let page = shared.dir.join("404.html");
    if page.is_file() {
        return send_file(rq, shared, &page, 404);
    }
    // Before the first good build there is no site yet: say so (with the error, if any).
    let body = b"<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>404</title><body><h1>404</h1>\
        <p>\xe6\xb2\xa1\xe6\x9c\x89\xe8\xbf\x99\xe4\xb8\xaa\xe9\xa1\xb5\xe9\x9d\xa2 (no such page, or the site has not been built yet)</p></body></html>";
    respond_html(rq, shared, body, 404)
}

/// HTML gets the live-reload script (and the overlay while an edit has an error); its ETag is
/// that of what is sent.
fn respond_html(rq: Request, shared: &Shared, body: &[u8], status: u16) -> io::Result<()> {
    let (version, overlay) = {
        let st = shared.status.read().unwrap_or_else(|e| e.into_inner());
        (shared.version_of(st.generation), st.overlay.clone())
    };
    let extra = format!(
        "{}{}",
        overlay.unwrap_or_default(),
        livereload::script(&version)
    );
    let body = livereload::inject(body, &extra);
    let mut h = DefaultHasher::new();
    body.hash(&mut h);
    let etag = format!("\"h{:x}\"", h.finish());
    if status == 200 && etag_matches(&rq, &etag) {
        return rq.respond(not_modified(&etag));
    }
    let len = body.len();
    rq.respond(
        Response::new(
            StatusCode(status),
            vec![
                header("Content-Type", "text/html; charset=utf-8"),
                header("Cache-Control", "no-cache"),
                header("ETag", &etag),
                header("X-Content-Type-Options", "nosniff"),
            ],
            io::Cursor::new(body),
            Some(len),
            None,
        )
        .with_chunked_threshold(usize::MAX),
    )
}

fn not_modified(etag: &str) -> Response<io::Empty> {
    Response::new(
        StatusCode(304),
        vec![header("ETag", etag), header("Cache-Control", "no-cache")],
        io::empty(),
        Some(0),
        None,
    )
}

fn etag_matches(rq: &Request, etag: &str) -> bool {
    request_header(rq, "If-None-Match").is_some_and(|v| {
        v.split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == etag || t == "*")
    })
}

fn send_file(rq: Request, shared: &Shared, file: &Path, status: u16) -> io::Result<()> {
    let ctype = content_type(file);
    if let Some(bytes) = unflushed(shared, file) {
        return send_unflushed(rq, shared, (ctype, &bytes), status);
    }
    if ctype.starts_with("text/html") {
        return match std::fs::read(file) {
            Ok(body) => respond_html(rq, shared, &body, status),
            Err(_) => {
                rq.respond(Response::from_string(tr!(Serve::HttpNotFound)).with_status_code(404))
            }
        };
    }
    let mut f = match std::fs::File::open(file) {
        Ok(f) => f,
        Err(_) => {
            return rq
                .respond(Response::from_string(tr!(Serve::HttpNotFound)).with_status_code(404))
        }
    };
    let meta = f.metadata()?;
    let len = meta.len();
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let etag = format!("\"{len:x}-{mtime:x}\"");
    if etag_matches(&rq, &etag) {
        return rq.respond(not_modified(&etag));
    }
    let mut headers = vec![
        header("Content-Type", ctype),
        header("Cache-Control", "no-cache"),
        header("ETag", &etag),
        header("Accept-Ranges", "bytes"),
        header("X-Content-Type-Options", "nosniff"),
    ];
    // Phones (Safari) play video only from servers that answer byte ranges.
    if let Some(range) = request_header(&rq, "Range") {
        match byte_range(range, len) {
            Some((start, end)) => {
                f.seek(io::SeekFrom::Start(start))?;
                headers.push(header(
                    "Content-Range",
                    &format!("bytes {start}-{end}/{len}"),
                ));
                let n = end - start + 1;
                return rq.respond(
                    Response::new(StatusCode(206), headers, f.take(n), Some(n as usize), None)
                        .with_chunked_threshold(usize::MAX),
                );
            }
            None => {
                return rq.respond(
                    Response::from_string("")
                        .with_status_code(416)
                        .with_header(header("Content-Range", &format!("bytes */{len}"))),
                )
            }
        }
    }
    rq.respond(
        Response::new(StatusCode(status), headers, f, Some(len as usize), None)
            .with_chunked_threshold(usize::MAX),
    )
}

/// The new bytes of `file` when a rebuild changed it and has not written it yet.
fn unflushed(shared: &Shared, file: &Path) -> Option<Arc<Vec<u8>>> {
    let rel = file.strip_prefix(&shared.dir).ok()?;
    let parts: Vec<&str> = rel
        .iter()
        .map(|part| part.to_str())
        .collect::<Option<_>>()?;
    shared.unflushed.get(&parts.join("/"))
}

/// A file from memory (see `unflushed`): written files only (pages, lists, downloads), never
/// a video, so no byte ranges.
fn send_unflushed(
    rq: Request,
    shared: &Shared,
    (ctype, bytes): (&'static str, &[u8]),
    status: u16,
) -> io::Result<()> {
    if ctype.starts_with("text/html") {
        return respond_html(rq, shared, bytes, status);
    }
    let headers = vec![
        header("Content-Type", ctype),
        header("Cache-Control", "no-cache"),
        header("X-Content-Type-Options", "nosniff"),
    ];
    let len = bytes.len();
    let body = io::Cursor::new(bytes.to_vec());
    rq.respond(
        Response::new(StatusCode(status), headers, body, Some(len), None)
            .with_chunked_threshold(usize::MAX),
    )
}

/// `bytes=START-END`, `bytes=START-` or `bytes=-SUFFIX` (one range), as inclusive offsets.
fn byte_range(value: &str, len: u64) -> Option<(u64, u64)> {
    let spec = value.trim().strip_prefix("bytes=")?;
    if spec.contains(',') || len == 0 {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (a, b) = (a.trim(), b.trim());
    let (start, end) = if a.is_empty() {
        let n: u64 = b.parse().ok()?;
        (len.saturating_sub(n), len - 1)
    } else {
        let start: u64 = a.parse().ok()?;
        let end = if b.is_empty() {
            len - 1
        } else {
            b.parse::<u64>().ok()?.min(len - 1)
        };
        (start, end)
    };
    (start <= end && start < len).then_some((start, end))
}

/// The live-reload stream (server-sent events). Comment lines keep it open; a page older than
/// the server's state (its `v`, or the last event id it saw) is told to reload at once.
fn stream(rq: Request, shared: &Shared, url: &str) {
    if shared.open_streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
        shared.open_streams.fetch_sub(1, Ordering::SeqCst);
        let _ =
            rq.respond(Response::from_string(tr!(Serve::HttpTooManyPages)).with_status_code(503));
        return;
    }
    let seen = request_header(&rq, "Last-Event-ID")
        .map(str::to_string)
        .or_else(|| {
            url.split_once("?v=")
                .map(|(_, v)| v.split('&').next().unwrap_or("").to_string())
        });
    let (tx, rx) = mpsc::channel::<Arc<str>>();
    shared
        .streams
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(tx);
    let current = shared.version();
    let mut w = rq.into_writer();
    let mut greeting = String::from(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\n\
         Connection: close\r\nX-Accel-Buffering: no\r\n\r\nretry: 1000\n: xuezhou live reload\n\n",
    );
    if seen.is_some_and(|v| !v.is_empty() && v != current) {
        greeting.push_str(&format!(
            "id: {current}\nevent: reload\ndata: \"{current}\"\n\n"
        ));
    }
    let mut ok = w
        .write_all(greeting.as_bytes())
        .and_then(|_| w.flush())
        .is_ok();
    while ok {
        ok = match rx.recv_timeout(KEEPALIVE) {
            Ok(msg) => w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_ok(),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                w.write_all(b": ping\n\n").and_then(|_| w.flush()).is_ok()
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => false,
        };
    }
    shared.open_streams.fetch_sub(1, Ordering::SeqCst);
}

#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    File(PathBuf),
    /// `/x` where x is a folder: to `/x/`.
    Redirect(String),
    NotFound,
}

/// Maps a request target to a file inside `dir`, and never to anything outside it: encoded
/// slashes and backslashes, NUL, `.`/`..` and other dot segments (hidden files), drive letters and
/// empty segments are refused, and the final path, links resolved, must lie inside `dir`.
pub fn resolve(dir: &Path, target: &str) -> Target {
    let path_part = target.split(['?', '#']).next().unwrap_or("");
    let query = &target[path_part.len()..];
    if !path_part.starts_with('/') {
        return Target::NotFound;
    }
    let lower = path_part.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Target::NotFound;
    }
    let Some(decoded) = percent_decode(path_part) else {
        return Target::NotFound;
    };
    if decoded.contains(&0) || decoded.contains(&b'\\') {
        return Target::NotFound;
    }
    let Ok(decoded) = String::from_utf8(decoded) else {
        return Target::NotFound;
    };
    let segments: Vec<&str> = decoded[1..].split('/').collect();
    let mut file = dir.to_path_buf();
    for (i, seg) in segments.iter().enumerate() {
        if seg.is_empty() {
            if i + 1 == segments.len() {
                continue;
            }
            return Target::NotFound;
        }
        if seg.starts_with('.') || seg.contains(':') || seg.chars().any(char::is_control) {
            return Target::NotFound;
        }
        file.push(seg);
    }
    let Ok(real) = file.canonicalize() else {
        return Target::NotFound;
    };
    if !real.starts_with(dir) {
        return Target::NotFound;
    }
    if real.is_dir() {
        if !decoded.ends_with('/') {
            return Target::Redirect(format!("{path_part}/{query}"));
        }
        let index = real.join("index.html");
        return if index.is_file() {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if real.is_file() {
        Target::File(real)
    } else {
        Target::NotFound
    }
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

pub fn content_type(file: &Path) -> &'static str {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "ics" => "text/calendar; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests;
