//! A camera for Chromium that films a QR code: a y4m video (the format Chromium's
//! `--use-file-for-fake-video-capture` plays, looping) of one QR rendered with the
//! `qrcode` crate exactly as the replica renders its enrollment QR (the code's text,
//! nothing else). What it shows can be changed between two openings of the camera:
//! Chromium reads the file again each time a page starts the camera.

use std::io;
use std::path::{Path, PathBuf};

/// A 4:3 frame, what a phone's camera gives at its low setting.
pub const WIDTH: usize = 640;
pub const HEIGHT: usize = 480;
/// Pixels per QR module: the code fills about half the frame's height, as when a
/// phone is held over a screen.
const SCALE: usize = 8;
/// Video-range luma for black and white (what a camera's I420 holds).
const DARK: u8 = 16;
const LIGHT: u8 = 235;

pub struct FakeCamera {
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl FakeCamera {
    /// A camera whose picture is a QR code of `text`.
    pub fn showing(text: &str) -> FakeCamera {
        let dir = tempfile::tempdir().expect("a temp dir for the fake camera's video");
        let camera = FakeCamera {
            path: dir.path().join("camera.y4m"),
            _dir: dir,
        };
        camera.show(text);
        camera
    }

    /// From the next opening of the camera on, show a QR code of `text`. The file is
    /// replaced whole (written beside it, then renamed), so Chromium never reads half.
    pub fn show(&self, text: &str) {
        let video = y4m(&qr_frame(text, WIDTH, HEIGHT), WIDTH, HEIGHT, 2);
        let part = self.path.with_extension("part");
        std::fs::write(&part, video)
            .and_then(|()| std::fs::rename(&part, &self.path))
            .unwrap_or_else(|e| panic!("writing {}: {e}", self.path.display()));
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The Chromium flags that make this file its only camera and grant it to pages
    /// without asking.
    pub fn chromium_flags(&self) -> Vec<String> {
        vec![
            "--use-fake-ui-for-media-stream".into(),
            "--use-fake-device-for-media-stream".into(),
            format!("--use-file-for-fake-video-capture={}", self.path.display()),
        ]
    }
}

/// A `width`×`height` greyscale picture of a QR code of `text` (with its quiet zone),
/// centred on white.
pub fn qr_frame(text: &str, width: usize, height: usize) -> Vec<u8> {
    let qr = qrcode::QrCode::new(text.as_bytes()).expect("a QR code of a short text");
    let modules = qr.width();
    let colors = qr.to_colors();
    let side = modules * SCALE;
    assert!(
        side <= width && side <= height,
        "the QR of {text:?} does not fit the frame"
    );
    let (left, top) = ((width - side) / 2, (height - side) / 2);
    let mut luma = vec![LIGHT; width * height];
    for y in 0..side {
        for x in 0..side {
            if colors[(y / SCALE) * modules + x / SCALE] == qrcode::Color::Dark {
                luma[(top + y) * width + left + x] = DARK;
            }
        }
    }
    luma
}

/// `frames` copies of one greyscale picture as a y4m stream: 4:2:0 (the only layout
/// Chromium's file camera reads), colourless chroma, 10 frames a second.
pub fn y4m(luma: &[u8], width: usize, height: usize, frames: usize) -> Vec<u8> {
    assert_eq!(luma.len(), width * height, "one luma byte a pixel");
    let chroma = width.div_ceil(2) * height.div_ceil(2);
    let header = format!("YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n");
    let mut out = Vec::with_capacity(header.len() + frames * (6 + luma.len() + 2 * chroma));
    out.extend_from_slice(header.as_bytes());
    for _ in 0..frames {
        out.extend_from_slice(b"FRAME\n");
        out.extend_from_slice(luma);
        out.resize(out.len() + 2 * chroma, 128);
    }
    out
}

/// Read a y4m stream's first frame back as (width, height, luma): the tests' check
/// that what Chromium is given holds the picture meant.
pub fn first_frame(video: &[u8]) -> io::Result<(usize, usize, Vec<u8>)> {
    let bad = |why: &str| io::Error::new(io::ErrorKind::InvalidData, why.to_string());
    let end = video
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(|| bad("no header line"))?;
    let header = std::str::from_utf8(&video[..end]).map_err(|_| bad("header not text"))?;
    let mut tags = header.split(' ');
    if tags.next() != Some("YUV4MPEG2") {
        return Err(bad("not a y4m stream"));
    }
    let (mut w, mut h) = (0, 0);
    for tag in tags {
        match tag.split_at(1) {
            ("W", v) => w = v.parse().map_err(|_| bad("width"))?,
            ("H", v) => h = v.parse().map_err(|_| bad("height"))?,
            _ => {}
        }
    }
    let body = &video[end + 1..];
    let luma = body
        .strip_prefix(b"FRAME\n")
        .and_then(|f| f.get(..w * h))
        .ok_or_else(|| bad("no whole first frame"))?;
    Ok((w, h, luma.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(w: usize, h: usize, luma: &[u8]) -> Option<String> {
        let mut decoder = quircs::Quirc::default();
        decoder
            .identify(w, h, luma)
            .filter_map(Result::ok)
            .find_map(|code| code.decode().ok())
            .and_then(|data| String::from_utf8(data.payload).ok())
    }

    #[test]
    fn the_video_is_a_y4m_stream_whose_frames_show_the_qr() {
        let video = y4m(&qr_frame("K7QX-M2PA", WIDTH, HEIGHT), WIDTH, HEIGHT, 2);
        let frame = WIDTH * HEIGHT * 3 / 2;
        assert!(video.starts_with(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\nFRAME\n"));
        assert_eq!(video.len(), 43 + 2 * (6 + frame));
        let (w, h, luma) = first_frame(&video).expect("the first frame reads back");
        assert_eq!((w, h), (WIDTH, HEIGHT));
        assert_eq!(decode(w, h, &luma).as_deref(), Some("K7QX-M2PA"));
    }

    #[test]
    fn the_camera_file_changes_whole_between_openings() {
        let camera = FakeCamera::showing("first");
        let read = || {
            let video = std::fs::read(camera.path()).expect("the camera file");
            let (w, h, luma) = first_frame(&video).expect("a y4m stream");
            decode(w, h, &luma)
        };
        assert_eq!(read().as_deref(), Some("first"));
        camera.show("second");
        assert_eq!(read().as_deref(), Some("second"));
        let flags = camera.chromium_flags();
        assert!(flags[2].ends_with("camera.y4m"), "{flags:?}");
    }

    #[test]
    fn broken_streams_are_refused() {
        assert!(first_frame(b"").is_err());
        assert!(first_frame(b"RIFF W1 H1\n").is_err());
        assert!(first_frame(b"YUV4MPEG2 W4 H4 F1:1\nFRAME\n12").is_err());
    }
}
