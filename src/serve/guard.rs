//! A bound on the size of request heads, in front of tiny_http.
//!
//! tiny_http reads a request line and its headers with no limit (its issue #56): a client
//! sending a megabyte of header, or gigabytes, is held in memory as it comes. So the preview's
//! port is ours: each connection's head is read here with a size and a time limit, then handed
//! to tiny_http on a loopback port of its own, with `Connection: close` first among the headers
//! so that tiny_http reads no second head from that connection (every head passes here). A head
//! too large gets 414 or 431 and the connection is closed; the server goes on.

use crate::messages::serve::Serve;
use crate::tr;
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The request line (method, address, version); longer is refused with 414.
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
/// The request line and all headers; more is refused with 431. Browsers send about 1 KB.
pub const MAX_HEAD: usize = 16 * 1024;
/// A client that has not finished its head by then is let go (a stalled or slow one).
const HEAD_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections open at once (each holds two threads); past that, new ones are closed.
const MAX_CONNECTIONS: usize = 2048;
/// After a refusal, what the client is still sending is read and dropped for a while, so that
/// it gets the answer rather than a reset connection.
const DRAIN_BYTES: usize = 4 << 20;
const DRAIN_TIME: Duration = Duration::from_secs(2);

/// Accepts on `public` from now on; returns the loopback listener tiny_http is to serve.
pub fn start(public: TcpListener) -> io::Result<TcpListener> {
    let inner = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    let to = inner.local_addr()?;
    let open = Arc::new(AtomicUsize::new(0));
    std::thread::Builder::new()
        .name("xuezhou-guard".into())
        .spawn(move || {
            for conn in public.incoming() {
                let client = match conn {
                    Ok(c) => c,
                    Err(_) => {
                        // Out of file descriptors, say: wait instead of spinning.
                        std::thread::sleep(Duration::from_millis(20));
                        continue;
                    }
                };
                if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                    open.fetch_sub(1, Ordering::SeqCst);
                    continue;
                }
                let slot = Slot(open.clone());
                let _ = std::thread::Builder::new()
                    .name("xuezhou-conn".into())
                    .spawn(move || {
                        let _slot = slot;
                        relay(client, to);
                    });
            }
        })?;
    Ok(inner)
}

/// One of the `MAX_CONNECTIONS`, given back when its thread ends (or is never started).
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[derive(Debug, PartialEq)]
enum Head {
    /// The head (up to its empty line) and whatever came after it.
    Complete(Vec<u8>, Vec<u8>),
    /// The status and reason to answer with.
    Refused(u16, &'static str),
    /// The client went away, or the head is still coming; nothing is answered.
    Gone,
}

fn relay(mut client: TcpStream, to: SocketAddr) {
    let _ = client.set_read_timeout(Some(HEAD_TIMEOUT));
    let (head, rest) = match read_head(&mut client) {
        Head::Complete(head, rest) => (head, rest),
        Head::Refused(status, reason) => return refuse(client, status, reason),
        Head::Gone => return,
    };
    let _ = client.set_read_timeout(None);
    let Ok(mut server) = TcpStream::connect(to) else {
        return;
    };
    if server.write_all(&closing(&head)).is_err() || server.write_all(&rest).is_err() {
        return;
    }
    let (Ok(mut from_client), Ok(mut to_server)) = (client.try_clone(), server.try_clone()) else {
        return;
    };
    // A body, if any (only GET and HEAD are answered, but tiny_http reads what it was sent).
    let _ = std::thread::Builder::new()
        .name("xuezhou-conn-up".into())
        .spawn(move || {
            let _ = io::copy(&mut from_client, &mut to_server);
            let _ = to_server.shutdown(Shutdown::Write);
        });
    copy_response(&mut server, &mut client);
    // Also ends the thread above, blocked reading from the client.
    let _ = client.shutdown(Shutdown::Both);
    let _ = server.shutdown(Shutdown::Both);
}

/// Reads up to the empty line that ends the head, refusing it once it passes a limit.
fn read_head(client: &mut impl Read) -> Head {
    let mut buf: Vec<u8> = Vec::with_capacity(2048);
    let mut chunk = [0u8; 4096];
    loop {
        let n = match client.read(&mut chunk) {
            Ok(0) => return Head::Gone,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Head::Refused(408, "Request Timeout")
            }
            Err(_) => return Head::Gone,
        };
        // Only the new bytes, and the three before them, can complete the empty line.
        let from = buf.len().saturating_sub(3);
        buf.extend_from_slice(&chunk[..n]);
        let line_end = buf.iter().position(|b| *b == b'\n');
        if line_end.unwrap_or(buf.len()) > MAX_REQUEST_LINE {
            return Head::Refused(414, "URI Too Long");
        }
        match buf[from..].windows(4).position(|w| w == b"\r\n\r\n") {
            Some(i) => {
                let end = from + i + 4;
                if end > MAX_HEAD {
                    return Head::Refused(431, "Request Header Fields Too Large");
                }
                let rest = buf.split_off(end);
                return Head::Complete(buf, rest);
            }
            None if buf.len() > MAX_HEAD => {
                return Head::Refused(431, "Request Header Fields Too Large")
            }
            None => {}
        }
    }
}

/// The head with `Connection: close` right after the request line: tiny_http heeds the first
/// Connection header, and then reads no further request from this connection.
fn closing(head: &[u8]) -> Vec<u8> {
    let line_end = head
        .iter()
        .position(|b| *b == b'\n')
        .map_or(head.len(), |i| i + 1);
    let mut out = Vec::with_capacity(head.len() + 20);
    out.extend_from_slice(&head[..line_end]);
    out.extend_from_slice(b"Connection: close\r\n");
    out.extend_from_slice(&head[line_end..]);
    out
}

/// tiny_http's answer to the client, saying `Connection: close` after its status line (this
/// connection carries no second request).
fn copy_response(server: &mut TcpStream, client: &mut TcpStream) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    // Our own server's status line is short; past 4 KB it is passed on as it is.
    while !buf.contains(&b'\n') && buf.len() < 4096 {
        match server.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    let out = match buf.iter().position(|b| *b == b'\n') {
        Some(_) => closing(&buf),
        None => buf,
    };
    if client.write_all(&out).is_err() {
        return;
    }
    let _ = io::copy(server, client);
}

/// Answers `status` and closes, reading what the client still sends for a while first.
fn refuse(mut client: TcpStream, status: u16, reason: &str) {
    let body = tr!(Serve::HttpTooLong, status, reason);
    let answer = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = client.write_all(answer.as_bytes());
    let _ = client.shutdown(Shutdown::Write);
    let t0 = Instant::now();
    let _ = client.set_read_timeout(Some(DRAIN_TIME));
    let mut drained = 0usize;
    let mut chunk = [0u8; 16 * 1024];
    while drained < DRAIN_BYTES && t0.elapsed() < DRAIN_TIME {
        match client.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head_of(bytes: &[u8]) -> Head {
        // Fed in small pieces, as a network may deliver it.
        struct Pieces<'a>(&'a [u8]);
        impl Read for Pieces<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(buf.len()).min(7);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        read_head(&mut Pieces(bytes))
    }

    #[test]
    fn heads_within_the_limits_pass_with_what_follows() {
        let Head::Complete(head, rest) = head_of(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nBODY") else {
            panic!("a complete head")
        };
        assert_eq!(head, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        // What came with the head's last piece is handed on after it.
        assert_eq!(rest, b"B");
        assert_eq!(head_of(b"GET / HTTP/1.1\r\nHost: x\r\n"), Head::Gone);
    }

    #[test]
    fn long_lines_and_heads_are_refused() {
        let long_line = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_REQUEST_LINE));
        assert_eq!(
            head_of(long_line.as_bytes()),
            Head::Refused(414, "URI Too Long")
        );
        let big = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(1 << 20));
        assert!(matches!(head_of(big.as_bytes()), Head::Refused(431, _)));
        let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X: a\r\n".repeat(4000));
        assert!(matches!(head_of(many.as_bytes()), Head::Refused(431, _)));
    }

    #[test]
    fn connection_close_comes_first() {
        assert_eq!(
            closing(b"GET / HTTP/1.1\r\nConnection: keep-alive\r\n\r\n"),
            b"GET / HTTP/1.1\r\nConnection: close\r\nConnection: keep-alive\r\n\r\n"
        );
    }
}
