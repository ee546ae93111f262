//! `xuezhou serve`: the preview server (SPEC §8). Builds into a temporary folder of its own
//! (never public/), serves it, watches the site and rebuilds what an edit affects, then tells
//! open pages to reload (or to swap their stylesheets). A broken edit shows as an overlay on the
//! pages and in the terminal while the last good site stays served.
//!
//! - `guard`: the port itself; request heads of bounded size, handed on to tiny_http;
//! - `http`: files of the built site only, the live-reload stream, HTML with script and overlay;
//! - `watch`: notify, editor leftovers dropped;
//! - `batch`: changes gathered into rebuilds (debounce, bursts, temporary files);
//! - `incremental`: what rebuilds keep and reuse; writing only changed files;
//! - `livereload`: the injected script and the overlay;
//! - `server`: one rebuild after a batch of changes: build, write, tell open pages and the
//!   terminal.

pub mod batch;
pub mod guard;
pub mod http;
pub mod incremental;
pub mod livereload;
mod recorded;
mod server;
pub mod unflushed;
pub mod watch;

use crate::build;
use crate::messages::serve::Serve;
use crate::tr;
use batch::Batch;
use server::Server;
use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, UdpSocket};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::Instant;
use watch::Msg;

/// When the asked port is taken, the next ones tried.
const PORT_TRIES: u16 = 20;

/// The address `--bind` names; the command line checks it with this before anything starts.
pub fn parse_bind(bind: &str) -> Result<IpAddr, String> {
    if bind.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    bind.trim().parse().map_err(|_| tr!(Serve::NotAnIp, bind))
}

pub fn run(root: &Path, bind: &str, port: u16, drafts: bool) -> Result<(), String> {
    let root = site_folder(root)?;
    // A `xuezhou build` of this site while the preview runs must not prune the image cache
    // entries the preview links from, nor the cleaned videos it copies.
    let _cache_lock = crate::images::share_cache(&root);
    let _video_cache_lock = crate::video::share_cache(&root);
    let ip = parse_bind(bind)?;
    let (listener, addr) = listen(ip, port)?;
    if addr.port() != port && port != 0 {
        eprintln!("{}", tr!(Serve::PortTaken, port, other = addr.port()));
    }
    let lan = if ip.is_unspecified() {
        lan_address()
    } else {
        None
    };
    let link_host = match (ip, lan) {
        (ip, _) if ip.is_loopback() => ip,
        (ip, Some(lan)) if ip.is_unspecified() => lan,
        (ip, None) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        (ip, _) => ip,
    };
    let base_url = format!("http://{}/", SocketAddr::new(link_host, addr.port()));

    let out = TempOutput::create()?;
    // serve never writes public/, but cleans what killed builds left beside it.
    crate::output::remove_leftovers(&root.join("public"));
    let shared = Arc::new(http::Shared::new(out.0.clone()));
    let (tx, rx) = mpsc::channel::<Msg>();
    {
        let tx = tx.clone();
        ctrlc::set_handler(move || {
            let _ = tx.send(Msg::Stop);
        })
        .map_err(|e| tr!(Serve::CtrlC, error = e))?;
    }
    // Watch before the first build, so that an edit made while it runs is not missed.
    let mut watcher = watch::Watch::start(&root, tx)?;

    let opts = build::Options {
        root: root.clone(),
        output: Some(out.0.clone()),
        base_url: Some(base_url),
        drafts,
        write: true,
        progress: std::io::stderr().is_terminal(),
    };
    let server = Server::new(opts, shared.clone(), out.0.clone());
    eprintln!("{}", tr!(Serve::Building, root = root.display()));
    server.rebuild(&tr!(Serve::TheSite), &BTreeSet::new(), Instant::now(), true);

    start_http(listener, shared)?;
    greet(ip, lan, addr.port(), drafts);

    // A rebuild per batch (see `batch`): the first edit is not kept waiting, a burst of saves
    // costs at most two rebuilds.
    let mut last_rebuild = Some(Instant::now());
    while let Some((paths, first)) = next_batch(&rx, &mut watcher, last_rebuild) {
        server.changed(&root, &paths, first);
        last_rebuild = Some(Instant::now());
    }
    drop(out);
    eprintln!("{}", tr!(Serve::Stopped));
    Ok(())
}

/// The site folder, made absolute; it must hold site.toml.
fn site_folder(root: &Path) -> Result<PathBuf, String> {
    let root = root
        .canonicalize()
        .map_err(|e| tr!(Serve::CannotOpenSite, root = root.display(), error = e))?;
    if !root.join("site.toml").is_file() {
        return Err(tr!(Serve::NoSiteToml, root = root.display()));
    }
    Ok(root)
}

/// Serves the built site from `listener` on a thread of its own.
fn start_http(listener: TcpListener, shared: Arc<http::Shared>) -> Result<(), String> {
    let inner = guard::start(listener).map_err(|e| tr!(Serve::CannotServe, error = e))?;
    let http = tiny_http::Server::from_listener(inner, None)
        .map_err(|e| tr!(Serve::CannotServe, error = e))?;
    std::thread::Builder::new()
        .name("xuezhou-accept".into())
        .spawn(move || http::serve(http, shared))
        .map_err(|e| tr!(Serve::CannotServe, error = e))?;
    Ok(())
}

/// Says where the preview is: on this computer, and on a phone when it is bound beyond it
/// (with a warning that the whole network can see it).
fn greet(ip: IpAddr, lan: Option<IpAddr>, port: u16, drafts: bool) {
    let local = SocketAddr::new(
        if ip.is_unspecified() {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        } else {
            ip
        },
        port,
    );
    eprintln!("{}", tr!(Serve::Serving, local));
    if !ip.is_loopback() {
        let drafts = if drafts {
            tr!(Serve::DraftsToo)
        } else {
            String::new()
        };
        eprintln!("{}", tr!(Serve::Exposed, ip, drafts));
        // The phone's address also as a QR code: staff scan it with WeChat instead of typing it.
        let phone = match lan {
            Some(lan) => Some((Serve::PhoneWifi, SocketAddr::new(lan, port))),
            None if !ip.is_unspecified() => Some((Serve::PhoneNetwork, SocketAddr::new(ip, port))),
            None => None,
        };
        match phone {
            Some((says, addr)) => {
                eprintln!("{}", tr!(says, addr));
                if let Some(code) = crate::render::qr::terminal(&format!("http://{addr}/")) {
                    eprintln!("{code}");
                }
            }
            None => eprintln!("{}", tr!(Serve::PhoneUnknown, port)),
        }
    }
    eprintln!("{}", tr!(Serve::Watching));
}

/// Waits for the next change and gathers its batch (see `batch`): the changed paths and when
/// the first of them was seen. `None` when the preview stops.
fn next_batch(
    rx: &mpsc::Receiver<Msg>,
    watcher: &mut watch::Watch,
    last_rebuild: Option<Instant>,
) -> Option<(BTreeSet<PathBuf>, Instant)> {
    loop {
        let mut batch = match rx.recv().ok()? {
            Msg::Stop => return None,
            Msg::Rewatch => {
                watcher.rewatch();
                continue;
            }
            Msg::Changed(paths, at, kind) => {
                let mut batch = Batch::new(at, last_rebuild);
                batch.add(paths, kind, at);
                batch
            }
        };
        loop {
            let wait = batch.due_in(Instant::now());
            // What has already arrived joins the batch, even when it is due.
            let next = if wait.is_zero() {
                rx.try_recv().map_err(|e| match e {
                    mpsc::TryRecvError::Empty => RecvTimeoutError::Timeout,
                    mpsc::TryRecvError::Disconnected => RecvTimeoutError::Disconnected,
                })
            } else {
                rx.recv_timeout(wait)
            };
            match next {
                Ok(Msg::Changed(paths, at, kind)) => batch.add(paths, kind, at),
                Ok(Msg::Rewatch) => watcher.rewatch(),
                Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
                Err(RecvTimeoutError::Timeout) if wait.is_zero() => break,
                Err(RecvTimeoutError::Timeout) => {}
            }
        }
        let first = batch.first();
        let paths = batch.into_paths();
        // Only temporary files came and went: nothing to rebuild.
        if !paths.is_empty() {
            return Some((paths, first));
        }
    }
}

/// Binds `ip:port`, or the next free port when it is taken (port 0: any free port).
fn listen(ip: IpAddr, port: u16) -> Result<(TcpListener, SocketAddr), String> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_TRIES)
    };
    let mut p = port;
    loop {
        match TcpListener::bind(SocketAddr::new(ip, p)) {
            Ok(l) => {
                let addr = l.local_addr().map_err(|e| e.to_string())?;
                return Ok((l, addr));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && p < last => p += 1,
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                return Err(tr!(Serve::PortsTaken, port, last))
            }
            Err(e) => {
                let addr = SocketAddr::new(ip, p);
                return Err(tr!(Serve::CannotListen, addr, error = e));
            }
        }
    }
}

/// This computer's address on the local network (the one its default route uses). Connecting
/// a UDP socket sends nothing.
fn lan_address() -> Option<IpAddr> {
    let s = UdpSocket::bind("0.0.0.0:0").ok()?;
    s.connect("192.0.2.1:80").ok()?;
    let ip = s.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
}

/// The folder the preview is built into, under the system's temporary folder; removed when
/// `serve` ends.
struct TempOutput(PathBuf);

impl TempOutput {
    fn create() -> Result<TempOutput, String> {
        remove_stale_outputs();
        let dir = std::env::temp_dir().join(format!("xuezhou-serve-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| tr!(Serve::CannotCreate, dir = dir.display(), error = e))?;
        let dir = dir
            .canonicalize()
            .map_err(|e| tr!(Serve::CannotOpen, dir = dir.display(), error = e))?;
        Ok(TempOutput(dir))
    }
}

/// Folders left by a `serve` that was killed (not stopped with Ctrl-C), where it can be told
/// that their process is gone (Linux: no /proc/PID).
fn remove_stale_outputs() {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix("xuezhou-serve-") {
            if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

impl Drop for TempOutput {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
