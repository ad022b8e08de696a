//! Reads an exported .docx back: unzips it, checks the package parts are there and
//! well-formed, and returns word/document.xml's paragraphs with their text unescaped.

use std::io::{Cursor, Read as _};

use quick_xml::events::Event;

/// A paragraph of word/document.xml: its text and whether any run is bold / underlined.
#[derive(Debug, Default, Clone)]
pub struct DocxPara {
    pub text: String,
    pub bold: bool,
    pub underline: bool,
}

/// Unzips the .docx, checks its required parts, and parses word/document.xml strictly.
pub fn docx_paragraphs(bytes: &[u8]) -> Vec<DocxPara> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    for part in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
    ] {
        let mut xml = String::new();
        zip.by_name(part)
            .expect(part)
            .read_to_string(&mut xml)
            .expect("UTF-8");
        well_formed(&xml);
    }
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("document part")
        .read_to_string(&mut xml)
        .expect("UTF-8");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut paras, mut cur, mut in_text) = (Vec::new(), DocxPara::default(), false);
    loop {
        match reader.read_event().expect("document.xml is well-formed") {
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::End(e) if e.name().as_ref() == "w:p" => paras.push(std::mem::take(&mut cur)),
            Event::Empty(e) if e.name().as_ref() == "w:b" => cur.bold = true,
            Event::Empty(e) if e.name().as_ref() == "w:u" => cur.underline = true,
            Event::Text(t) if in_text => cur.text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => match r.resolve_char_ref().expect("char ref") {
                Some(c) => cur.text.push(c),
                None => cur.text.push_str(match &*r.xml10_content() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unknown entity {other}"),
                }),
            },
            Event::Eof => break,
            _ => {}
        }
    }
    paras
}

fn well_formed(xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    while reader.read_event().expect("well-formed XML") != Event::Eof {}
}

pub fn docx_text(bytes: &[u8]) -> String {
    docx_paragraphs(bytes)
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of one part of the package.
pub fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut xml = String::new();
    zip.by_name(name)
        .expect(name)
        .read_to_string(&mut xml)
        .expect("UTF-8");
    xml
}
