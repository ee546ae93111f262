//! Case videos are published without where and on what they were filmed (issue 11, item 10).

mod common;
use common::Site;

fn boxed(kind: &[u8], body: &[u8]) -> Vec<u8> {
    let mut v = ((body.len() + 8) as u32).to_be_bytes().to_vec();
    v.extend_from_slice(kind);
    v.extend_from_slice(body);
    v
}

fn full(kind: &[u8], version: u8, body: &[u8]) -> Vec<u8> {
    boxed(kind, &[&[version, 0, 0, 0][..], body].concat())
}

const LOCATION: &[u8] = b"+31.7+119.9/";
const SAMPLES: &[u8] = b"\x00\x00\x00\x10H264 SAMPLE DATA 0123456789 the frames";

/// A phone-like MP4: ftyp, moov {mvhd, udta{©xyz, ©mak, ©mod}, meta{hdlr, keys, ilst} with the
/// Apple location key, trak {tkhd, udta, meta, mdia {mdhd, minf {stbl {stco}}}}}, a top-level XMP
/// `uuid`, then mdat. `stco` points at the samples in mdat. Returns the file and the samples'
/// offset.
fn phone_video() -> (Vec<u8>, usize) {
    let ftyp = boxed(b"ftyp", b"qt  \0\0\0\0qt  ");
    let mvhd = full(b"mvhd", 0, &[[0x5Au8; 8].to_vec(), vec![0; 88]].concat());
    let mut xyz = (LOCATION.len() as u16).to_be_bytes().to_vec();
    xyz.extend([0x15, 0xC7]);
    xyz.extend(LOCATION);
    let udta = boxed(
        b"udta",
        &[
            boxed(b"\xA9xyz", &xyz),
            boxed(b"\xA9mak", b"\0\x05\0\0Apple"),
            boxed(b"\xA9mod", b"\0\x09\0\0iPhone 15"),
        ]
        .concat(),
    );
    let key = b"com.apple.quicktime.location.ISO6709";
    let keys = full(
        b"keys",
        0,
        &[1u32.to_be_bytes().to_vec(), boxed(b"mdta", key)].concat(),
    );
    let ilst = boxed(
        b"ilst",
        &boxed(
            &1u32.to_be_bytes(),
            &boxed(b"data", &[&[0, 0, 0, 1, 0, 0, 0, 0][..], LOCATION].concat()),
        ),
    );
    let meta = boxed(
        b"meta",
        &[
            full(b"hdlr", 0, b"\0\0\0\0mdta\0\0\0\0\0\0\0\0\0\0\0\0\0"),
            keys,
            ilst,
        ]
        .concat(),
    );
    let tkhd = full(b"tkhd", 0, &[[0x5Au8; 8].to_vec(), vec![0; 72]].concat());
    let trak_udta = boxed(b"udta", &boxed(b"\xA9swr", b"\0\x04\0\0iOS 17"));
    let trak_meta = full(b"meta", 0, &full(b"hdlr", 0, b"\0\0\0\0mdir"));
    // stco's one offset is filled in once the layout is known.
    let stco_at_placeholder = u32::MAX;
    let make = |offset: u32| {
        let stco = full(
            b"stco",
            0,
            &[1u32.to_be_bytes(), offset.to_be_bytes()].concat(),
        );
        let mdhd = full(b"mdhd", 0, &[[0x5Au8; 8].to_vec(), vec![0; 12]].concat());
        let mdia = boxed(
            b"mdia",
            &[mdhd, boxed(b"minf", &boxed(b"stbl", &stco))].concat(),
        );
        let trak = boxed(
            b"trak",
            &[tkhd.clone(), trak_udta.clone(), trak_meta.clone(), mdia].concat(),
        );
        let moov = boxed(
            b"moov",
            &[mvhd.clone(), udta.clone(), meta.clone(), trak].concat(),
        );
        let xmp = boxed(
            b"uuid",
            &[
                &[
                    0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91,
                    0xE3, 0xAF, 0xAC,
                ][..],
                b"<x:xmpmeta><exif:GPSLatitude>31,42.0N</exif:GPSLatitude></x:xmpmeta>",
            ]
            .concat(),
        );
        [ftyp.clone(), moov, xmp, boxed(b"mdat", SAMPLES)].concat()
    };
    let layout = make(stco_at_placeholder);
    let samples_at = layout.len() - SAMPLES.len();
    (make(samples_at as u32), samples_at)
}

/// Walks the box tree (into moov, trak, mdia, minf, stbl) and returns every box's type; panics
/// on a box whose size does not fit.
fn box_types(bytes: &[u8], from: usize, to: usize, out: &mut Vec<(String, usize, usize)>) {
    let mut at = from;
    while at < to {
        assert!(to - at >= 8, "a box cut short at {at}");
        let size = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        assert!(size >= 8 && at + size <= to, "bad size {size} at {at}");
        let kind = String::from_utf8_lossy(&bytes[at + 4..at + 8]).into_owned();
        out.push((kind.clone(), at, size));
        if ["moov", "trak", "mdia", "minf", "stbl"].contains(&kind.as_str()) {
            box_types(bytes, at + 8, at + size, out);
        }
        at += size;
    }
}

fn case_site(video_name: &str, bytes: &[u8]) -> Site {
    let s = Site::new();
    s.write_bytes(&format!("content/cases/c/{video_name}"), bytes);
    s.write(
        "content/cases/c/index.md",
        &format!("---\ntitle: 视频案例\nunit: 湖塘镇社区教育中心\ntown: 湖塘镇\nvideo:\n  src: {video_name}\n  duration: \"3:20\"\n---\n\n案例正文。\n"),
    );
    s
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_published_video_has_no_location_or_device_and_still_plays() {
    let (mp4, samples_at) = phone_video();
    for needle in [
        &b"\xA9xyz"[..],
        b"ISO6709",
        LOCATION,
        b"Apple",
        b"iPhone",
        b"iOS",
        b"GPSLatitude",
    ] {
        assert!(contains(&mp4, needle), "the test video lacks {needle:?}");
    }
    let s = case_site("IMG_0001.MOV", &mp4);
    s.build().ok();
    let html = s.read("cases/c/index.html");
    assert!(
        html.contains("img-0001.mp4") || html.contains("img_0001.mp4"),
        "{html}"
    );
    let published = std::fs::read(s.out().join("cases/c/img-0001.mp4"))
        .or_else(|_| std::fs::read(s.out().join("cases/c/img_0001.mp4")))
        .expect("the published video");
    assert_eq!(published.len(), mp4.len());
    for needle in [
        &b"\xA9xyz"[..],
        b"ISO6709",
        LOCATION,
        b"31.7",
        b"Apple",
        b"iPhone",
        b"iOS",
        b"GPSLatitude",
        b"xmpmeta",
    ] {
        assert!(
            !contains(&published, needle),
            "{needle:?} is still published"
        );
    }
    assert!(
        !contains(&published, &[0x5A; 8]),
        "creation times are still published"
    );
    // The samples did not move, and the chunk offset still points at them.
    assert_eq!(&published[samples_at..], SAMPLES);
    let mut boxes = Vec::new();
    box_types(&published, 0, published.len(), &mut boxes);
    let kinds: Vec<&str> = boxes.iter().map(|b| b.0.as_str()).collect();
    assert!(
        !kinds.iter().any(|k| ["udta", "meta", "uuid"].contains(k)),
        "{kinds:?}"
    );
    for k in [
        "ftyp", "moov", "mvhd", "trak", "tkhd", "mdhd", "stco", "mdat",
    ] {
        assert!(kinds.contains(&k), "{k} lost: {kinds:?}");
    }
    let (_, stco, _) = boxes.iter().find(|b| b.0 == "stco").unwrap();
    let offset = u32::from_be_bytes(published[stco + 16..stco + 20].try_into().unwrap()) as usize;
    assert_eq!(offset, samples_at);
    // The staff's own file is never changed.
    assert_eq!(
        std::fs::read(s.path("content/cases/c/IMG_0001.MOV")).unwrap(),
        mp4
    );
    // A second build finds the same video and publishes the same bytes.
    s.build().ok();
    let again = std::fs::read(s.out().join("cases/c/img-0001.mp4"))
        .or_else(|_| std::fs::read(s.out().join("cases/c/img_0001.mp4")))
        .unwrap();
    assert_eq!(again, published);
}

#[test]
fn a_cut_short_or_fake_video_is_an_error_naming_the_page_and_line() {
    let (mp4, _) = phone_video();
    let cut = &mp4[..mp4.len() - 5];
    for (name, bytes) in [
        ("v.mp4", cut),
        ("v.mp4", &b"not really a video, a renamed text file"[..]),
        ("v.mp4", &[][..]),
    ] {
        let s = case_site(name, bytes);
        for r in [s.check(), s.build()] {
            r.expect_code(1)
                .says("content/cases/c/index.md:6:")
                .says("the video \"v.mp4\" cannot be published")
                .says("= help: export the video again");
        }
        assert!(!s.out().exists(), "nothing is published");
    }
}

#[test]
fn only_mp4_and_mov_videos_are_accepted() {
    let (mp4, _) = phone_video();
    let s = case_site("v.avi", &mp4);
    s.check()
        .expect_code(1)
        .says("content/cases/c/index.md:6:")
        .says("only MP4 and MOV videos");
    let s = case_site("v.m4v", &mp4);
    s.build().ok();
}
