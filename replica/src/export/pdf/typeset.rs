//! Line breaking and pagination: paragraphs become glyph runs at absolute positions on
//! A4 pages, measured with the embedded fonts' advance widths (no shaping: Vietnamese
//! needs none once text is composed).

use super::super::layout::{Align, Block, Document, Para};
use super::font::Fonts;

pub(super) const PAGE_W: f32 = 595.28;
pub(super) const PAGE_H: f32 = 841.89;
// Margins of the guidance: left 30 mm, right 15 mm, top and bottom 20 mm.
const LEFT: f32 = 85.04;
const RIGHT: f32 = 42.52;
const TOP: f32 = 56.69;
const BOTTOM: f32 = 56.69;
const TEXT_W: f32 = PAGE_W - LEFT - RIGHT;
/// The same split as the .docx tables (4200 of 9355 twips).
const LEFT_COL: f32 = TEXT_W * 4200.0 / 9355.0;
/// First-line indent: 1 cm.
const INDENT: f32 = 28.35;
const LEADING: f32 = 1.35;

/// A run of text in one font at a baseline position; `underline` is its drawn width.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Placed {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub font: usize,
    pub text: String,
    pub underline: Option<f32>,
}

#[derive(Debug, Clone, PartialEq)]
struct Piece {
    font: usize,
    underline: bool,
    text: String,
    width: f32,
}

/// What may not be broken; `space` is the width of the space after it (0 if glued).
#[derive(Debug, Clone, PartialEq, Default)]
struct Word {
    pieces: Vec<Piece>,
    width: f32,
    space: f32,
}

#[derive(Debug, Default)]
struct Line {
    words: Vec<Word>,
    width: f32,
    indent: f32,
    last: bool,
}

struct Typesetter<'f> {
    fonts: &'f Fonts,
    pages: Vec<Vec<Placed>>,
    /// Top of the free space on the current page.
    y: f32,
}

/// Pages of placed runs, numbered from the second page on, as the guidance asks.
pub(super) fn pages(fonts: &Fonts, doc: &Document) -> Vec<Vec<Placed>> {
    let mut t = Typesetter {
        fonts,
        pages: vec![Vec::new()],
        y: PAGE_H - TOP,
    };
    for (i, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Para(p) => {
                if p.keep_next {
                    t.keep_with_next(p, doc.blocks.get(i + 1));
                }
                t.para(p, LEFT, TEXT_W)
            }
            Block::Columns { left, right } => t.columns(left, right),
        }
    }
    let mut pages = t.pages;
    for (i, page) in pages.iter_mut().enumerate().skip(1) {
        let text = (i + 1).to_string();
        let size = 12.0;
        let x = (PAGE_W - fonts.0[0].width(&text, size)) / 2.0;
        page.insert(
            0,
            Placed {
                x,
                y: PAGE_H - 36.0,
                size,
                font: 0,
                text,
                underline: None,
            },
        );
    }
    pages
}

impl Typesetter<'_> {
    fn at_top(&self) -> bool {
        self.y >= PAGE_H - TOP
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = PAGE_H - TOP;
    }

    /// A paragraph in the flow, breaking pages between lines.
    fn para(&mut self, p: &Para, x0: f32, width: f32) {
        if !self.at_top() {
            self.y -= p.before;
        }
        for line in self.lines(p, width) {
            if self.y - p.size * LEADING < BOTTOM && !self.at_top() {
                self.new_page();
            }
            self.line(&line, p, x0, width);
        }
    }

    /// Starts a new page unless `p` and the beginning of what follows fit on this one.
    fn keep_with_next(&mut self, p: &Para, next: Option<&Block>) {
        let next = match next {
            Some(Block::Para(n)) => n.before + n.size * LEADING,
            Some(Block::Columns { left, right }) => self.columns_height(left, right),
            None => 0.0,
        };
        let own = p.before + self.lines(p, TEXT_W).len() as f32 * p.size * LEADING;
        if self.y - own - next < BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    fn columns_height(&self, left: &[Para], right: &[Para]) -> f32 {
        let height = |paras: &[Para], w: f32| -> f32 {
            paras
                .iter()
                .map(|p| p.before + self.lines(p, w).len() as f32 * p.size * LEADING)
                .sum()
        };
        height(left, LEFT_COL).max(height(right, TEXT_W - LEFT_COL))
    }

    /// Two columns side by side, moved whole to a new page if they do not fit; a block
    /// taller than a page (only absurdly long names) is set one column after the other.
    fn columns(&mut self, left: &[Para], right: &[Para]) {
        let right_w = TEXT_W - LEFT_COL;
        let h = self.columns_height(left, right);
        if h > PAGE_H - TOP - BOTTOM {
            for p in left.iter().chain(right) {
                self.para(p, LEFT, TEXT_W);
            }
            return;
        }
        if self.y - h < BOTTOM {
            self.new_page();
        }
        let top = self.y;
        for (paras, x0, w) in [(left, LEFT, LEFT_COL), (right, LEFT + LEFT_COL, right_w)] {
            self.y = top;
            for p in paras {
                self.y -= p.before;
                for line in self.lines(p, w) {
                    self.line(&line, p, x0, w);
                }
            }
        }
        self.y = top - h;
    }

    fn line(&mut self, line: &Line, p: &Para, x0: f32, width: f32) {
        let baseline = self.y - p.size;
        self.y -= p.size * LEADING;
        let free = width - line.indent - line.width;
        let gaps = line.words.len().saturating_sub(1);
        let (mut x, extra) = match p.align {
            Align::Left => (x0 + line.indent, 0.0),
            Align::Center => (x0 + free / 2.0, 0.0),
            Align::Justify if line.last || gaps == 0 => (x0 + line.indent, 0.0),
            Align::Justify => (x0 + line.indent, free / gaps as f32),
        };
        let page = self.pages.len() - 1;
        for (i, word) in line.words.iter().enumerate() {
            let pieces = word.pieces.len();
            for (j, piece) in word.pieces.iter().enumerate() {
                let mut text = piece.text.clone();
                let mut underline = piece.width;
                // The space glyph is drawn so that readers extract words apart.
                if j + 1 == pieces && i < gaps && word.space > 0.0 {
                    text.push(' ');
                    // An underlined phrase is one line, spaces included.
                    if line.words[i + 1]
                        .pieces
                        .first()
                        .is_some_and(|n| n.underline)
                    {
                        underline += word.space + extra;
                    }
                }
                self.pages[page].push(Placed {
                    x,
                    y: baseline,
                    size: p.size,
                    font: piece.font,
                    text,
                    underline: piece.underline.then_some(underline),
                });
                x += piece.width;
            }
            x += word.space + extra;
        }
    }

    /// Greedy line breaking at spaces; a word wider than the line is cut by characters.
    fn lines(&self, p: &Para, width: f32) -> Vec<Line> {
        let mut lines = Vec::new();
        let mut line = Line {
            indent: if p.indent { INDENT } else { 0.0 },
            ..Line::default()
        };
        for word in self.words(p) {
            for chunk in self.fit(word, width - line.indent, p.size) {
                let space_before = line.words.last().map_or(0.0, |w| w.space);
                let avail = width - line.indent;
                if !line.words.is_empty() && line.width + space_before + chunk.width > avail {
                    lines.push(std::mem::take(&mut line));
                }
                let space_before = line.words.last().map_or(0.0, |w| w.space);
                line.width += space_before + chunk.width;
                line.words.push(chunk);
            }
        }
        if !line.words.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        if let Some(last) = lines.last_mut() {
            last.last = true;
        }
        lines
    }

    fn words(&self, p: &Para) -> Vec<Word> {
        let mut words = Vec::new();
        let mut word = Word::default();
        for span in &p.spans {
            let font = Fonts::index(span.style);
            let space = self.fonts.0[font].width(" ", p.size);
            for (i, part) in span.text.split(' ').enumerate() {
                if i > 0 && !word.pieces.is_empty() {
                    word.space = space;
                    words.push(std::mem::take(&mut word));
                }
                if !part.is_empty() {
                    let width = self.fonts.0[font].width(part, p.size);
                    word.width += width;
                    let underline = span.style.underline;
                    word.pieces.push(Piece {
                        font,
                        underline,
                        text: part.to_string(),
                        width,
                    });
                }
            }
        }
        if !word.pieces.is_empty() {
            words.push(word);
        }
        words
    }

    /// The word itself if it fits in `avail`, else chunks that each do.
    fn fit(&self, word: Word, avail: f32, size: f32) -> Vec<Word> {
        if word.width <= avail {
            return vec![word];
        }
        let mut chunks = Vec::new();
        let mut chunk = Word::default();
        for piece in &word.pieces {
            let font = &self.fonts.0[piece.font];
            for c in piece.text.chars() {
                let w = font.width(c.encode_utf8(&mut [0; 4]), size);
                if chunk.width + w > avail && !chunk.pieces.is_empty() {
                    chunks.push(std::mem::take(&mut chunk));
                }
                match chunk.pieces.last_mut() {
                    Some(last) if last.font == piece.font => {
                        last.text.push(c);
                        last.width += w;
                    }
                    _ => chunk.pieces.push(Piece {
                        text: c.to_string(),
                        width: w,
                        ..piece.clone()
                    }),
                }
                chunk.width += w;
            }
        }
        chunk.space = word.space;
        chunks.push(chunk);
        chunks
    }
}
