//! Bytes to pixels: 8-bit RGB, or RGBA when the image has transparency. JPEG goes straight to
//! zune-jpeg (CMYK/YCCK and grayscale come out as RGB); PNG, WebP and GIF through `image`
//! (16-bit and paletted PNGs come out as 8-bit). A decoder that panics on a hostile file is
//! caught and reported like any other damaged file.

use super::header::{Format, Header};
use std::panic::{catch_unwind, AssertUnwindSafe};
use zune_core::bytestream::ZCursor;
use zune_core::colorspace::ColorSpace;
use zune_core::options::DecoderOptions;

pub struct Pixels {
    pub width: u32,
    pub height: u32,
    /// 3 (RGB) or 4 (RGBA).
    pub channels: u8,
    pub data: Vec<u8>,
}

/// Decodes `bytes`, whose header has been read (and checked against the size limit) already.
/// `need` is the smallest size (stored orientation) the result may have: a baseline JPEG at
/// least twice as large is decoded at reduced scale (1/2, 1/4 or 1/8, scaled in the DCT
/// domain by jpeg-decoder), which halves the time of a phone photo and quarters its memory.
/// The result may therefore be smaller than the header says, never smaller than `need`.
pub fn decode(
    bytes: &[u8],
    header: &Header,
    rgba: bool,
    need: (u32, u32),
) -> Result<Pixels, String> {
    match catch_unwind(AssertUnwindSafe(|| {
        if header.baseline_rgb && need.0 * 2 <= header.width && need.1 * 2 <= header.height {
            if let Some(p) = decode_scaled(bytes, need) {
                return Ok(p);
            }
        }
        decode_inner(bytes, header, rgba)
    })) {
        Ok(r) => r,
        Err(_) => Err("the decoder failed on it".into()),
    }
}

/// None when the reduced decode is not possible or fails: the full decoder then decides.
fn decode_scaled(bytes: &[u8], need: (u32, u32)) -> Option<Pixels> {
    let mut d = jpeg_decoder::Decoder::new(bytes);
    d.read_info().ok()?;
    let info = d.info()?;
    if info.pixel_format != jpeg_decoder::PixelFormat::RGB24 {
        return None;
    }
    let (w, h) = d
        .scale(u16::try_from(need.0).ok()?, u16::try_from(need.1).ok()?)
        .ok()?;
    let (w, h) = (w as u32, h as u32);
    if w < need.0 || h < need.1 || w >= info.width as u32 {
        return None;
    }
    let data = d.decode().ok()?;
    (data.len() == w as usize * h as usize * 3).then_some(Pixels {
        width: w,
        height: h,
        channels: 3,
        data,
    })
}

fn decode_inner(bytes: &[u8], header: &Header, rgba: bool) -> Result<Pixels, String> {
    match header.format {
        Format::Jpeg => {
            let options = DecoderOptions::new_fast()
                .set_max_width(1 << 16)
                .set_max_height(1 << 16)
                .jpeg_set_out_colorspace(ColorSpace::RGB);
            let mut d = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
            let data = d.decode().map_err(|e| format!("{e:?}"))?;
            let info = d.info().ok_or("no header")?;
            let (width, height) = (info.width as u32, info.height as u32);
            if data.len() != width as usize * height as usize * 3 {
                return Err("the decoder returned a picture of the wrong size".into());
            }
            Ok(Pixels {
                width,
                height,
                channels: 3,
                data,
            })
        }
        Format::Png | Format::Webp | Format::Gif => {
            let fmt = match header.format {
                Format::Png => image::ImageFormat::Png,
                Format::Webp => image::ImageFormat::WebP,
                _ => image::ImageFormat::Gif,
            };
            let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), fmt);
            // The size was checked against our own limit from the header.
            reader.no_limits();
            let img = reader.decode().map_err(|e| e.to_string())?;
            let (width, height) = (img.width(), img.height());
            if rgba {
                Ok(Pixels {
                    width,
                    height,
                    channels: 4,
                    data: img.into_rgba8().into_raw(),
                })
            } else {
                Ok(Pixels {
                    width,
                    height,
                    channels: 3,
                    data: img.into_rgb8().into_raw(),
                })
            }
        }
    }
}
