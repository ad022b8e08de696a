//! The three embedded DejaVu Serif faces: glyph lookup, advance widths, and the PDF font
//! objects (Type 0 / CIDFontType2, Identity-H, with a ToUnicode map for text extraction).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Filter, Finish, Name, Pdf, Rect, Ref, Str};
use ttf_parser::{Face, GlyphId};

use super::super::layout::Style;
use super::super::ExportError;

// Subsets of Debian's fonts-dejavu-core 2.37 (see fonts/README.md for how and why).
const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSerif.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSerif-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../fonts/DejaVuSerif-Italic.ttf");

/// The font files deflated, once per process: compressing 180 KB is most of the time
/// of an export, and the files never change.
static PROGRAMS: [OnceLock<Vec<u8>>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];

/// One face and the glyphs a document used from it.
pub(super) struct Font {
    face: Face<'static>,
    data: &'static [u8],
    /// Index into [`PROGRAMS`].
    slot: usize,
    /// Resource name in page dictionaries and PDF font name (with a subset tag, since the
    /// embedded file is a subset of DejaVu Serif).
    pub resource: &'static [u8],
    base_name: &'static [u8],
    italic: bool,
    /// Glyph for characters the subset lacks: U+FFFD, so a reader sees what is missing.
    fallback: u16,
    /// Glyph → the character it was drawn for, for /W and /ToUnicode.
    used: BTreeMap<u16, char>,
}

/// Regular, bold and italic, indexed by [`Fonts::index`].
pub(super) struct Fonts(pub [Font; 3]);

impl Fonts {
    pub fn load() -> Result<Fonts, ExportError> {
        Ok(Fonts([
            Font::load(0, REGULAR, b"F1", b"SOTAYR+DejaVuSerif", false)?,
            Font::load(1, BOLD, b"F2", b"SOTAYB+DejaVuSerif-Bold", false)?,
            Font::load(2, ITALIC, b"F3", b"SOTAYI+DejaVuSerif-Italic", true)?,
        ]))
    }

    /// Bold wins over italic: the subset has no bold italic face.
    pub fn index(style: Style) -> usize {
        match (style.bold, style.italic) {
            (true, _) => 1,
            (false, true) => 2,
            (false, false) => 0,
        }
    }
}

impl Font {
    fn load(
        slot: usize,
        data: &'static [u8],
        resource: &'static [u8],
        base_name: &'static [u8],
        italic: bool,
    ) -> Result<Font, ExportError> {
        let broken = || ExportError::Pdf("phông chữ nhúng bị hỏng".to_string());
        let face = Face::parse(data, 0).map_err(|_| broken())?;
        let fallback = face
            .glyph_index('\u{FFFD}')
            .or_else(|| face.glyph_index('?'))
            .ok_or_else(broken)?
            .0;
        Ok(Font {
            face,
            data,
            slot,
            resource,
            base_name,
            italic,
            fallback,
            used: BTreeMap::new(),
        })
    }

    fn glyph(&self, c: char) -> u16 {
        self.face.glyph_index(c).map_or(self.fallback, |g| g.0)
    }

    /// Advance of one glyph in thousandths of the font size (PDF glyph space).
    fn advance(&self, gid: u16) -> f32 {
        let units = self.face.glyph_hor_advance(GlyphId(gid)).unwrap_or(0);
        f32::from(units) * 1000.0 / f32::from(self.face.units_per_em())
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.advance(self.glyph(c)))
            .sum::<f32>()
            * size
            / 1000.0
    }

    /// The two-byte glyph codes (Identity-H) for `text`, recording what was used.
    pub fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let gid = self.glyph(c);
            // The fallback glyph stands for U+FFFD, whatever character asked for it.
            let shown = if gid == self.fallback { '\u{FFFD}' } else { c };
            self.used.entry(gid).or_insert(shown);
            out.extend_from_slice(&gid.to_be_bytes());
        }
        out
    }

    /// Writes the font's objects, `next` handing out fresh object ids; returns the id of
    /// the Type 0 font that pages refer to.
    pub fn write(&self, pdf: &mut Pdf, next: &mut impl FnMut() -> Ref) -> Result<Ref, ExportError> {
        let (type0, cid, descriptor, cmap, file) = (next(), next(), next(), next(), next());
        let name = Name(self.base_name);
        let info = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };

        pdf.type0_font(type0)
            .base_font(name)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid)
            .to_unicode(cmap);

        let mut font = pdf.cid_font(cid);
        font.subtype(CidFontType::Type2)
            .base_font(name)
            .system_info(info)
            .font_descriptor(descriptor)
            .default_width(self.advance(self.fallback))
            .cid_to_gid_map_predefined(Name(b"Identity"));
        let mut widths = font.widths();
        for &gid in self.used.keys() {
            widths.consecutive(gid, [self.advance(gid)]);
        }
        widths.finish();
        font.finish();

        let scale = |v: i16| f32::from(v) * 1000.0 / f32::from(self.face.units_per_em());
        let b = self.face.global_bounding_box();
        let mut flags = FontFlags::SERIF | FontFlags::SYMBOLIC;
        if self.italic {
            flags |= FontFlags::ITALIC;
        }
        pdf.font_descriptor(descriptor)
            .name(name)
            .flags(flags)
            .bbox(Rect::new(
                scale(b.x_min),
                scale(b.y_min),
                scale(b.x_max),
                scale(b.y_max),
            ))
            .italic_angle(self.face.italic_angle())
            .ascent(scale(self.face.ascender()))
            .descent(scale(self.face.descender()))
            // DejaVu's OS/2 table predates the cap-height field; 0.73 em is its capitals' height.
            .cap_height(self.face.capital_height().map_or(730.0, scale))
            .stem_v(80.0)
            .font_file2(file);

        let mut unicode = UnicodeCmap::new(Name(b"Custom"), info);
        for (&gid, &c) in &self.used {
            unicode.pair(gid, c);
        }
        let unicode = super::deflate(&unicode.finish())?;
        pdf.cmap(cmap, &unicode).filter(Filter::FlateDecode);

        let program = match PROGRAMS[self.slot].get() {
            Some(program) => program,
            None => {
                let program = super::deflate(self.data)?;
                PROGRAMS[self.slot].get_or_init(|| program)
            }
        };
        let length = i32::try_from(self.data.len()).map_err(|e| ExportError::Pdf(e.to_string()))?;
        pdf.stream(file, program)
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), length);
        Ok(type0)
    }
}
