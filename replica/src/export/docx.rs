//! The laid-out minutes as a .docx: WordprocessingML parts written by hand into a zip.
//! A4, margins of the guidance (top/bottom 20 mm, left 30 mm, right 15 mm), Times New
//! Roman, language vi-VN; the header and the signatures are borderless two-column tables.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::layout::{Align, Block, Document, Para};
use super::ExportError;

/// Text width in twentieths of a point: A4 (11906) less the left and right margins.
const TEXT_WIDTH: u32 = 11906 - 1701 - 850;
const LEFT_COLUMN: u32 = 4200;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="26"/><w:szCs w:val="26"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

/// Page number at the top centre, from the second page on (the first page has the empty
/// `header2.xml`, chosen by `titlePg`), as the guidance places it.
const NUMBER_HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:fldSimple w:instr=" PAGE "><w:r><w:t>2</w:t></w:r></w:fldSimple></w:p></w:hdr>"#;

const EMPTY_HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p/></w:hdr>"#;

/// Writes the document; the zip's timestamps are fixed so one input gives one file.
pub(crate) fn write(doc: &Document) -> Result<Vec<u8>, ExportError> {
    let core = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:language>vi-VN</dc:language><dc:creator>Sổ tay đảng viên</dc:creator></cp:coreProperties>"#,
        escape(&doc.title)
    );
    let parts: [(&str, &str); 8] = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("docProps/core.xml", &core),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("word/header1.xml", NUMBER_HEADER),
        ("word/header2.xml", EMPTY_HEADER),
        ("word/document.xml", &document(doc)),
    ];
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let fail = |e: &dyn std::fmt::Display| ExportError::Docx(e.to_string());
    for (name, text) in parts {
        zip.start_file(name, options).map_err(|e| fail(&e))?;
        zip.write_all(text.as_bytes()).map_err(|e| fail(&e))?;
    }
    Ok(zip.finish().map_err(|e| fail(&e))?.into_inner())
}

fn document(doc: &Document) -> String {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>"#,
    );
    for block in &doc.blocks {
        match block {
            Block::Para(p) => paragraph(&mut x, p),
            Block::Columns { left, right } => columns(&mut x, left, right),
        }
    }
    // Word expects a paragraph after a final table.
    x.push_str("<w:p/>");
    x.push_str(r#"<w:sectPr><w:headerReference w:type="default" r:id="rId2"/><w:headerReference w:type="first" r:id="rId3"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr></w:body></w:document>"#);
    x
}

fn columns(x: &mut String, left: &[Para], right: &[Para]) {
    let right_width = TEXT_WIDTH - LEFT_COLUMN;
    let _ = write!(
        x,
        r#"<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid><w:gridCol w:w="{LEFT_COLUMN}"/><w:gridCol w:w="{right_width}"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>"#
    );
    for (width, paras) in [(LEFT_COLUMN, left), (right_width, right)] {
        let _ = write!(
            x,
            r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>"#
        );
        for p in paras {
            paragraph(x, p);
        }
        if paras.is_empty() {
            x.push_str("<w:p/>");
        }
        x.push_str("</w:tc>");
    }
    x.push_str("</w:tr></w:tbl>");
}

fn paragraph(x: &mut String, p: &Para) {
    let jc = match p.align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Justify => "both",
    };
    let before = (p.before * 20.0).round() as u32;
    // Children of pPr and rPr in the order the schema gives; Word rejects other orders.
    x.push_str("<w:p><w:pPr>");
    if p.keep_next {
        x.push_str("<w:keepNext/>");
    }
    let _ = write!(x, r#"<w:spacing w:before="{before}" w:after="0"/>"#);
    if p.indent {
        x.push_str(r#"<w:ind w:firstLine="567"/>"#);
    }
    let _ = write!(x, r#"<w:jc w:val="{jc}"/></w:pPr>"#);
    let half_points = (p.size * 2.0).round() as u32;
    for s in &p.spans {
        x.push_str("<w:r><w:rPr>");
        if s.style.bold {
            x.push_str("<w:b/><w:bCs/>");
        }
        if s.style.italic {
            x.push_str("<w:i/><w:iCs/>");
        }
        let _ = write!(
            x,
            r#"<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>"#
        );
        if s.style.underline {
            x.push_str(r#"<w:u w:val="single"/>"#);
        }
        let _ = write!(
            x,
            r#"</w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
            escape(&s.text)
        );
    }
    x.push_str("</w:p>");
}

/// XML-escapes text for element content and attribute values alike.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Layout already removed control characters; a stray one would make Word
            // refuse the whole file, so this stays as a second guard.
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
