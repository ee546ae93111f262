//! Pixels to files. Everything is encoded from pixels, so nothing of the original's metadata
//! (EXIF, GPS, XMP, maker notes, thumbnails) can reach the output.
//! - JPEG: jpeg-encoder, baseline, 4:2:0 below quality 90.
//! - WebP: lossy through libwebp at the same quality.
//! - PNG (images with transparency): the png encoder through `image`.

use super::decode::Pixels;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Kind {
    Jpeg,
    Png,
    Webp,
}

impl Kind {
    pub fn ext(self) -> &'static str {
        match self {
            Kind::Jpeg => "jpg",
            Kind::Png => "png",
            Kind::Webp => "webp",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Kind::Jpeg => "jpeg",
            Kind::Png => "png",
            Kind::Webp => "webp",
        }
    }
}

/// Bumped whenever the encoders or their settings change, so cached files are remade.
pub const ENCODER_VERSION: u32 = 3;

pub fn encode(p: &Pixels, kind: Kind, quality: u8) -> Result<Vec<u8>, String> {
    match kind {
        Kind::Jpeg => jpeg(p, quality),
        Kind::Png => png(p),
        Kind::Webp => webp(p, quality),
    }
}

fn jpeg(p: &Pixels, quality: u8) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(p.data.len() / 8);
    let mut enc = jpeg_encoder::Encoder::new(&mut out, quality.clamp(1, 100));
    // Baseline with the standard Huffman tables. Measured on the shared photos: progressive
    // with optimised tables is no smaller (-0.3% to +8%); baseline with optimised tables is
    // 5-15% smaller but zune-jpeg 0.5.15 (what `image` decodes JPEG with) decodes it wrongly,
    // so other decoders might too: not worth the risk for readers.
    enc.set_optimized_huffman_tables(false);
    let color = if p.channels == 4 {
        jpeg_encoder::ColorType::Rgba
    } else {
        jpeg_encoder::ColorType::Rgb
    };
    let (w, h) = (u16::try_from(p.width), u16::try_from(p.height));
    let (Ok(w), Ok(h)) = (w, h) else {
        return Err(format!("{}×{} is too large for JPEG", p.width, p.height));
    };
    enc.encode(&p.data, w, h, color)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

fn png(p: &Pixels) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    let enc = image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Default,
        image::codecs::png::FilterType::Adaptive,
    );
    let color = if p.channels == 4 {
        image::ExtendedColorType::Rgba8
    } else {
        image::ExtendedColorType::Rgb8
    };
    enc.write_image(&p.data, p.width, p.height, color)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

fn webp(p: &Pixels, quality: u8) -> Result<Vec<u8>, String> {
    let enc = if p.channels == 4 {
        webp::Encoder::from_rgba(&p.data, p.width, p.height)
    } else {
        webp::Encoder::from_rgb(&p.data, p.width, p.height)
    };
    let mut config =
        webp::WebPConfig::new().map_err(|_| "libwebp refused its default settings".to_string())?;
    config.quality = quality.clamp(1, 100) as f32;
    config.method = 4;
    config.alpha_compression = 1;
    let mem = enc.encode_advanced(&config).map_err(|e| format!("{e:?}"))?;
    Ok(mem.to_vec())
}
