//! The laid-out minutes as a PDF 1.7: A4 pages, DejaVu Serif embedded (so Vietnamese
//! shows everywhere without installed fonts), streams deflated, no dates inside, so
//! one input always gives the same bytes.

mod font;
mod typeset;

use std::io::Write as _;

use flate2::write::ZlibEncoder;
use flate2::Compression;
use pdf_writer::{Content, Filter, Name, Pdf, Rect, Ref, Str, TextStr};

use super::layout::Document;
use super::ExportError;
use font::Fonts;
use typeset::{PAGE_H, PAGE_W};

pub(crate) fn write(doc: &Document) -> Result<Vec<u8>, ExportError> {
    let mut fonts = Fonts::load()?;
    let pages = typeset::pages(&fonts, doc);

    let mut pdf = Pdf::new();
    let mut last = 0;
    let mut next = || {
        last += 1;
        Ref::new(last)
    };
    let (catalog, tree, info) = (next(), next(), next());
    let ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (next(), next())).collect();

    for (page, &(_, content_id)) in pages.iter().zip(&ids) {
        let mut content = Content::new();
        for run in page {
            let font = &mut fonts.0[run.font];
            let glyphs = font.encode(&run.text);
            content
                .begin_text()
                .set_font(Name(font.resource), run.size)
                .set_text_matrix([1.0, 0.0, 0.0, 1.0, run.x, run.y])
                .show(Str(&glyphs))
                .end_text();
            if let Some(width) = run.underline {
                let y = run.y - run.size * 0.12;
                content
                    .set_line_width(run.size * 0.05)
                    .move_to(run.x, y)
                    .line_to(run.x + width, y)
                    .stroke();
            }
        }
        let data = deflate(&content.finish())?;
        pdf.stream(content_id, &data).filter(Filter::FlateDecode);
    }

    // Fonts go last: their widths and ToUnicode maps list only the glyphs pages used.
    let mut font_refs = Vec::new();
    for font in &fonts.0 {
        font_refs.push((font.resource, font.write(&mut pdf, &mut next)?));
    }
    for &(page_id, content_id) in &ids {
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(content_id);
        page.resources()
            .fonts()
            .pairs(font_refs.iter().map(|&(name, id)| (Name(name), id)));
    }
    let count = i32::try_from(ids.len()).map_err(|e| ExportError::Pdf(e.to_string()))?;
    pdf.pages(tree)
        .kids(ids.iter().map(|&(page, _)| page))
        .count(count);
    pdf.catalog(catalog).pages(tree).lang(TextStr("vi-VN"));
    pdf.document_info(info)
        .title(TextStr(&doc.title))
        .producer(TextStr("Sổ tay đảng viên (sotay)"));
    Ok(pdf.finish())
}

fn deflate(data: &[u8]) -> Result<Vec<u8>, ExportError> {
    let fail = |e: std::io::Error| ExportError::Pdf(format!("không nén được dữ liệu: {e}"));
    let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
    z.write_all(data).map_err(fail)?;
    z.finish().map_err(fail)
}
