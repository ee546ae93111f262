//! Pixels to upright, cropped, resized pixels. The work is done in the stored orientation (the
//! crop is mapped into it) and the small results are turned upright afterwards, so rotating a
//! phone photo costs a copy of the thumbnail, not of 48 million pixels. Each size is resized from
//! the next larger one (SIMD Lanczos3, fast_image_resize), not from the original every time.

use super::decode::Pixels;
use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};

/// A rectangle in upright coordinates: x, y, width, height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// Where an upright rectangle lies in the stored image (`sw`×`sh`) of orientation `o`.
pub fn to_stored(r: Rect, o: u8, sw: f64, sh: f64) -> Rect {
    let (x0, x1, y0, y1) = (r.x, r.x + r.w, r.y, r.y + r.h);
    let (sx0, sx1, sy0, sy1) = match o {
        2 => (sw - x1, sw - x0, y0, y1),
        3 => (sw - x1, sw - x0, sh - y1, sh - y0),
        4 => (x0, x1, sh - y1, sh - y0),
        5 => (y0, y1, x0, x1),
        6 => (y0, y1, sh - x1, sh - x0),
        7 => (sw - y1, sw - y0, sh - x1, sh - x0),
        8 => (sw - y1, sw - y0, x0, x1),
        _ => (x0, x1, y0, y1),
    };
    Rect {
        x: sx0,
        y: sy0,
        w: sx1 - sx0,
        h: sy1 - sy0,
    }
}

/// The stored pixel shown at upright (x, y), for an image stored `sw`×`sh`.
#[inline]
fn stored_xy(o: u8, x: usize, y: usize, sw: usize, sh: usize) -> (usize, usize) {
    match o {
        2 => (sw - 1 - x, y),
        3 => (sw - 1 - x, sh - 1 - y),
        4 => (x, sh - 1 - y),
        5 => (y, x),
        6 => (y, sh - 1 - x),
        7 => (sw - 1 - y, sh - 1 - x),
        8 => (sw - 1 - y, x),
        _ => (x, y),
    }
}

/// Turns stored pixels upright.
pub fn orient(p: Pixels, o: u8) -> Pixels {
    if !(2..=8).contains(&o) {
        return p;
    }
    let (sw, sh, c) = (p.width as usize, p.height as usize, p.channels as usize);
    let (uw, uh) = if o >= 5 { (sh, sw) } else { (sw, sh) };
    let mut out = vec![0u8; uw * uh * c];
    for y in 0..uh {
        let row = &mut out[y * uw * c..(y + 1) * uw * c];
        for x in 0..uw {
            let (sx, sy) = stored_xy(o, x, y, sw, sh);
            let s = (sy * sw + sx) * c;
            row[x * c..x * c + c].copy_from_slice(&p.data[s..s + c]);
        }
    }
    Pixels {
        width: uw as u32,
        height: uh as u32,
        channels: p.channels,
        data: out,
    }
}

fn pixel_type(channels: u8) -> PixelType {
    if channels == 4 {
        PixelType::U8x4
    } else {
        PixelType::U8x3
    }
}

/// Resizes `src` (stored orientation, upright crop `crop`) to each upright size of `sizes`
/// (largest first) and hands each result, upright, to `each` with its index in `sizes`.
pub fn resize_all(
    src: &Pixels,
    orientation: u8,
    crop: Rect,
    sizes: &[(u32, u32)],
    mut each: impl FnMut(usize, Pixels) -> Result<(), String>,
) -> Result<(), String> {
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i].0 as u64 * sizes[i].1 as u64));
    let pt = pixel_type(src.channels);
    let mut resizer = Resizer::new();
    let alg = ResizeAlg::Convolution(FilterType::Lanczos3);
    let (sw, sh) = (src.width as f64, src.height as f64);
    let mut stored_crop = to_stored(crop, orientation, sw, sh);
    // Rounding (a crop scaled to a reduced decode) must not reach outside the picture.
    stored_crop.x = stored_crop.x.clamp(0.0, sw - 1.0);
    stored_crop.y = stored_crop.y.clamp(0.0, sh - 1.0);
    stored_crop.w = stored_crop.w.min(sw - stored_crop.x);
    stored_crop.h = stored_crop.h.min(sh - stored_crop.y);
    if (stored_crop.w - sw).abs() < 0.01 && (stored_crop.h - sh).abs() < 0.01 {
        stored_crop = Rect {
            x: 0.0,
            y: 0.0,
            w: sw,
            h: sh,
        };
    }
    let mut prev: Option<Image<'static>> = None;
    for i in order {
        let (uw, uh) = sizes[i];
        let (tw, th) = if orientation >= 5 { (uh, uw) } else { (uw, uh) };
        let mut dst = Image::new(tw, th, pt);
        match &prev {
            None => {
                let whole = stored_crop.x == 0.0
                    && stored_crop.y == 0.0
                    && stored_crop.w as u32 == src.width
                    && stored_crop.h as u32 == src.height;
                if whole && tw == src.width && th == src.height {
                    dst.buffer_mut().copy_from_slice(&src.data);
                } else {
                    let view = ImageRef::new(src.width, src.height, &src.data, pt)
                        .map_err(|e| e.to_string())?;
                    let mut opts = ResizeOptions::new().resize_alg(alg);
                    if !whole {
                        opts =
                            opts.crop(stored_crop.x, stored_crop.y, stored_crop.w, stored_crop.h);
                    }
                    resizer
                        .resize(&view, &mut dst, &opts)
                        .map_err(|e| e.to_string())?;
                }
            }
            Some(p) => {
                resizer
                    .resize(p, &mut dst, &ResizeOptions::new().resize_alg(alg))
                    .map_err(|e| e.to_string())?;
            }
        }
        let out = Pixels {
            width: tw,
            height: th,
            channels: src.channels,
            data: dst.buffer().to_vec(),
        };
        each(i, orient(out, orientation))?;
        prev = Some(dst);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3×2 image whose pixels are numbered, turned by each orientation, must map the stored
    /// corners where EXIF says they are shown.
    #[test]
    fn orientations_swap_and_mirror() {
        let p = |o| {
            let data: Vec<u8> = (0..6u8).flat_map(|v| [v, v, v]).collect();
            orient(
                Pixels {
                    width: 3,
                    height: 2,
                    channels: 3,
                    data,
                },
                o,
            )
        };
        // Stored:  0 1 2 / 3 4 5
        let firsts = |px: &Pixels| px.data.chunks(3).map(|c| c[0]).collect::<Vec<_>>();
        assert_eq!(firsts(&p(1)), vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(firsts(&p(2)), vec![2, 1, 0, 5, 4, 3]);
        assert_eq!(firsts(&p(3)), vec![5, 4, 3, 2, 1, 0]);
        assert_eq!(firsts(&p(4)), vec![3, 4, 5, 0, 1, 2]);
        // 5: transpose -> 2×3
        let t = p(5);
        assert_eq!((t.width, t.height), (2, 3));
        assert_eq!(firsts(&t), vec![0, 3, 1, 4, 2, 5]);
        // 6: rotate 90° clockwise
        assert_eq!(firsts(&p(6)), vec![3, 0, 4, 1, 5, 2]);
        // 8: rotate 90° counter-clockwise
        assert_eq!(firsts(&p(8)), vec![2, 5, 1, 4, 0, 3]);
        // 7: transverse
        assert_eq!(firsts(&p(7)), vec![5, 2, 4, 1, 3, 0]);
    }

    #[test]
    fn crops_map_into_stored_coordinates() {
        // Upright 2×3 view of a 3×2 stored image rotated by 6; the top upright square row
        // (x 0..2, y 0..1) is stored column 0..1 from the bottom... as a rect:
        let r = to_stored(
            Rect {
                x: 0.0,
                y: 0.0,
                w: 2.0,
                h: 1.0,
            },
            6,
            3.0,
            2.0,
        );
        assert_eq!(
            r,
            Rect {
                x: 0.0,
                y: 0.0,
                w: 1.0,
                h: 2.0
            }
        );
        let r = to_stored(
            Rect {
                x: 0.0,
                y: 2.0,
                w: 2.0,
                h: 1.0,
            },
            8,
            3.0,
            2.0,
        );
        assert_eq!(
            r,
            Rect {
                x: 0.0,
                y: 0.0,
                w: 1.0,
                h: 2.0
            }
        );
    }
}
