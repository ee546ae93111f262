//! QR codes of event addresses for the print posters, drawn at build time as inline SVG: no
//! script, no image file, sharp at any print size.

use fast_qr::{QRBuilder, ECL};

/// Light modules around the code, as the QR standard asks.
pub const QUIET_ZONE: usize = 4;

/// The module matrix of a QR code: `width` × `width`, row by row, `true` for dark.
pub struct Matrix {
    pub width: usize,
    pub dark: Vec<bool>,
}

/// Encodes `text` (medium error correction: survives a crease or a smudge on a poster).
/// `None` when the text is too long for a QR code.
pub fn matrix(text: &str) -> Option<Matrix> {
    let code = QRBuilder::new(text.as_bytes()).ecl(ECL::M).build().ok()?;
    let width = code.size;
    Some(Matrix {
        width,
        dark: code.data[..width * width]
            .iter()
            .map(|m| m.value())
            .collect(),
    })
}

/// The code drawn for a terminal with Unicode half blocks (▀ ▄ █), two modules a character
/// cell high, with the quiet zone; light modules are drawn and dark ones left blank, so the code
/// reads dark on light on the usual dark terminal (Windows Terminal, macOS Terminal). For the
/// phone address `serve --bind 0.0.0.0` prints, to be scanned with WeChat.
pub fn terminal(text: &str) -> Option<String> {
    let m = matrix(text)?;
    let size = m.width + 2 * QUIET_ZONE;
    let dark = |x: usize, y: usize| {
        x >= QUIET_ZONE
            && y >= QUIET_ZONE
            && x < QUIET_ZONE + m.width
            && y < QUIET_ZONE + m.width
            && m.dark[(y - QUIET_ZONE) * m.width + (x - QUIET_ZONE)]
    };
    let mut out = String::with_capacity(size * size);
    for y in (0..size).step_by(2) {
        for x in 0..size {
            // The bottom row past the last is light, like the quiet zone.
            let top = !dark(x, y);
            let bottom = y + 1 >= size || !dark(x, y + 1);
            out.push(match (top, bottom) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        out.push('\n');
    }
    Some(out)
}

/// An SVG of the code with its quiet zone, one `<path>` of horizontal runs of dark modules
/// (`M x y h n v 1 h -n z`). `label` is its accessible name.
pub fn svg(text: &str, label: &str) -> Option<String> {
    let m = matrix(text)?;
    let size = m.width + 2 * QUIET_ZONE;
    let mut d = String::with_capacity(m.width * m.width * 3);
    for y in 0..m.width {
        let row = &m.dark[y * m.width..(y + 1) * m.width];
        let mut x = 0;
        while x < m.width {
            if !row[x] {
                x += 1;
                continue;
            }
            let run_start = x;
            while x < m.width && row[x] {
                x += 1;
            }
            let n = x - run_start;
            // Same text as `write!(d, "M{} {}h{n}v1h-{n}z", …)`, without `core::fmt`: a
            // poster's code has ~600 runs, and formatting them was a quarter of the QR cost
            // of a 10,000-event build.
            d.push('M');
            push_num(&mut d, run_start + QUIET_ZONE);
            d.push(' ');
            push_num(&mut d, y + QUIET_ZONE);
            d.push('h');
            push_num(&mut d, n);
            d.push_str("v1h-");
            push_num(&mut d, n);
            d.push('z');
        }
    }
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"{}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{d}\"/></svg>",
        crate::html::escape(label)
    ))
}

/// Appends `n` in decimal (what `{}` prints for a usize), digit by digit: no `core::fmt`, no
/// UTF-8 check.
fn push_num(out: &mut String, n: usize) {
    if n >= 10 {
        push_num(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_has_one_path_and_the_quiet_zone() {
        let s = svg(
            "https://example.org/xuexizhou/2022/events/launch/",
            "二维码",
        )
        .unwrap();
        assert!(s.starts_with("<svg"));
        assert_eq!(s.matches("<path").count(), 1);
        let m = matrix("https://example.org/xuexizhou/2022/events/launch/").unwrap();
        assert!(s.contains(&format!("viewBox=\"0 0 {0} {0}\"", m.width + 8)));
        // The finder pattern's top row: 7 dark modules from the quiet zone's corner.
        assert!(s.contains("M4 4h7v1h-7z"));
    }

    #[test]
    fn the_terminal_code_scans_back_to_the_address() {
        let url = "http://192.168.1.23:1111/";
        let text = terminal(url).unwrap();
        // Each character is two modules high; blank halves are dark.
        let rows: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
        let (w, h) = (rows[0].len(), rows.len() * 2);
        let scale = 4;
        let dark = |x: usize, y: usize| {
            let c = rows[y / 2][x];
            matches!((c, y % 2), (' ', _) | ('▀', 1) | ('▄', 0))
        };
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(w * scale, h * scale, |x, y| {
            if dark(x / scale, y / scale) {
                0
            } else {
                255
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "{text}");
        assert_eq!(grids[0].decode().unwrap().1, url);
    }

    #[test]
    fn push_num_prints_like_display() {
        for n in [0, 7, 9, 10, 99, 100, 177, 1234567] {
            let mut s = String::new();
            push_num(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}
