//! Minutes export: the .docx and the PDF are read back (zip + XML parser; a small PDF
//! reader that decodes text through the fonts' ToUnicode maps and checks each glyph
//! against the embedded font) and must hold the header, the organisation, the
//! attendance counts and every agenda item, with Vietnamese text exactly as given.

#[path = "minutes_export/pdf_text.rs"]
mod pdf_text;

use std::io::{Cursor, Read as _};

use quick_xml::events::Event;
use sotay_replica::export::{minutes_docx, minutes_pdf, ExportError, MinutesExport, MinutesItem};

fn sample() -> MinutesExport {
    let item = |title: &str, content: &str, opinions: &str, conclusions: &str| MinutesItem {
        title: title.into(),
        content: content.into(),
        opinions: opinions.into(),
        conclusions: conclusions.into(),
    };
    MinutesExport {
        org_name: "Chi bộ Thôn Đông".into(),
        parent_org_name: Some("Đảng bộ xã Vũ Hội".into()),
        locality: Some("Thái Bình".into()),
        topic: "Họp chi bộ thường kỳ tháng 11 năm 2026".into(),
        place: "Nhà văn hoá thôn Đông".into(),
        starts_at: "2026-11-15T14:00:00".into(),
        chair_name: "Nguyễn Văn Ấn".into(),
        minute_taker_name: "Trần Thị Bưởi".into(),
        convened: 40,
        present: 35,
        items: vec![
            item(
                "Kiểm điểm việc thực hiện nghị quyết tháng 10",
                "Đồng chí Bí thư báo cáo kết quả thực hiện nghị quyết tháng 10.",
                "Đồng chí Lê Văn Cường đề nghị bổ sung chỉ tiêu thu quỹ Đảng.\nĐồng chí Phạm Thị Dung nhất trí.",
                "Chi bộ thống nhất đánh giá hoàn thành tốt nhiệm vụ.",
            ),
            item(
                "Phương hướng nhiệm vụ tháng 12",
                "Tập trung thu hoạch vụ mùa, chuẩn bị Tết Nguyên đán.",
                "",
                "Giao đồng chí Hoàng Văn Ê theo dõi, đôn đốc.",
            ),
            item("Công tác phát triển đảng viên", "Xét đề nghị kết nạp quần chúng ưu tú.", "", ""),
        ],
        votes: "Tán thành 35/35 đồng chí có mặt; không tán thành 0; ý kiến khác 0.".into(),
        approved: true,
        version: 1,
    }
}

/// A paragraph of word/document.xml: its text and whether any run is bold / underlined.
#[derive(Debug, Default, Clone)]
struct DocxPara {
    text: String,
    bold: bool,
    underline: bool,
}

/// Unzips the .docx, checks its required parts, and parses word/document.xml strictly.
fn docx_paragraphs(bytes: &[u8]) -> Vec<DocxPara> {
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

fn docx_text(bytes: &[u8]) -> String {
    docx_paragraphs(bytes)
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn pdf_pages(bytes: &[u8]) -> Vec<String> {
    pdf_text::Pdf::parse(bytes)
        .text()
        .into_iter()
        .map(|p| p.text)
        .collect()
}

/// Lines joined by spaces, runs of spaces squeezed: text that wrapped still matches.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_has(haystack: &str, needle: &str, what: &str) {
    assert!(
        flat(haystack).contains(&flat(needle)),
        "{what}: {needle:?} missing from:\n{haystack}"
    );
}

/// What both formats must say for `m`.
fn expected(m: &MinutesExport) -> Vec<String> {
    let mut want = vec![
        "ĐẢNG CỘNG SẢN VIỆT NAM".to_string(),
        m.org_name.to_uppercase(),
        format!("có mặt {}/{} đồng chí", m.present, m.convened),
        "BIÊN BẢN".to_string(),
        "CHỦ TRÌ".to_string(),
        "THƯ KÝ".to_string(),
        m.chair_name.clone(),
        m.minute_taker_name.clone(),
    ];
    if let Some(p) = &m.parent_org_name {
        want.push(p.to_uppercase());
    }
    want.extend(
        m.items
            .iter()
            .enumerate()
            .map(|(i, it)| format!("{}. {}", i + 1, it.title)),
    );
    want
}

#[test]
fn docx_holds_header_organisation_attendance_and_every_item() {
    let m = sample();
    let paras = docx_paragraphs(&minutes_docx(&m).expect("docx"));
    let text = paras
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for want in expected(&m) {
        assert_has(&text, &want, "docx");
    }
    assert_has(
        &text,
        "Thái Bình, ngày 15 tháng 11 năm 2026",
        "docx date line",
    );
    assert_has(&text, "bắt đầu lúc 14 giờ 00 phút", "docx time");
    assert_has(&text, "Nhà văn hoá thôn Đông", "docx place");
    assert_has(&text, "Tán thành 35/35 đồng chí có mặt", "docx votes");
    let party = paras
        .iter()
        .find(|p| p.text == "ĐẢNG CỘNG SẢN VIỆT NAM")
        .expect("party line");
    assert!(
        party.bold && party.underline,
        "the Party's name is bold and underlined"
    );
    assert!(
        !text.contains("Dự thảo"),
        "approved minutes are not marked as a draft"
    );
}

#[test]
fn pdf_holds_header_organisation_attendance_and_every_item() {
    let m = sample();
    let pages = pdf_pages(&minutes_pdf(&m).expect("pdf"));
    let first = pages[0].lines().map(str::trim).collect::<Vec<_>>();
    // Header in reading order: superior body, the Party, the organisation, the date.
    assert_eq!(
        first[..4],
        [
            "ĐẢNG BỘ XÃ VŨ HỘI",
            "CHI BỘ THÔN ĐÔNG",
            "*",
            "ĐẢNG CỘNG SẢN VIỆT NAM"
        ],
        "{first:?}"
    );
    let all = pages.join("\n");
    for want in expected(&m) {
        assert_has(&all, &want, "pdf");
    }
    assert_has(
        &pages[0],
        "Thái Bình, ngày 15 tháng 11 năm 2026",
        "pdf date line",
    );
    assert_has(&all, "Đồng chí Phạm Thị Dung nhất trí.", "pdf opinions");
    assert_has(&all, "Tán thành 35/35 đồng chí có mặt", "pdf votes");
    assert!(
        !all.contains('\u{FFFD}'),
        "every Vietnamese letter has its glyph"
    );
}

#[test]
fn xml_special_characters_survive_in_both_formats() {
    let mut m = sample();
    let tricky = r#"Quy chế <số 2> & "Nội quy" 'mới' ]]> </w:t> &amp;"#;
    m.topic = tricky.into();
    m.items[1].title = format!("Sửa {tricky}");
    m.chair_name = "Đỗ & Con <Chủ>".into();
    let docx = minutes_docx(&m).expect("docx");
    let text = docx_text(&docx);
    assert_has(&text, tricky, "docx topic");
    assert_has(&text, &format!("2. Sửa {tricky}"), "docx item");
    assert_has(&text, "Đỗ & Con <Chủ>", "docx chair");
    let pages = pdf_pages(&minutes_pdf(&m).expect("pdf")).join("\n");
    assert_has(&pages, tricky, "pdf topic");
    assert_has(&pages, "Đỗ & Con <Chủ>", "pdf chair");
}

#[test]
fn long_content_wraps_and_breaks_across_pages_without_losing_text() {
    let mut m = sample();
    let sentence = "Đồng chí Bí thư quán triệt nghị quyết của Đảng uỷ xã về phát triển kinh tế, \
                    xây dựng nông thôn mới, giữ vững quốc phòng – an ninh ở địa phương.";
    let paragraphs: Vec<String> = (1..=40)
        .map(|i| format!("Đoạn {i}: {sentence} {sentence}"))
        .collect();
    m.items[0].content = paragraphs.join("\n");
    // A word longer than a line must be cut, not run off the page.
    let long_word = "Nghịquyết".repeat(20);
    m.items[2].content = format!("Tài liệu: {long_word}.");
    let pages = pdf_pages(&minutes_pdf(&m).expect("pdf"));
    assert!(
        pages.len() >= 3,
        "long minutes take several pages, got {}",
        pages.len()
    );
    let all = pages.join("\n");
    for p in &paragraphs {
        assert_has(&all, p, "pdf paragraph");
    }
    assert_has(&all.replace('\n', ""), &long_word, "pdf long word");
    for (i, page) in pages.iter().enumerate().skip(1) {
        let number = page.lines().next().map(str::trim);
        assert_eq!(
            number,
            Some((i + 1).to_string().as_str()),
            "page {} is numbered",
            i + 1
        );
    }
    let last = pages.last().expect("pages");
    assert_has(last, "CHỦ TRÌ", "signatures on the last page");
    assert_has(last, &m.chair_name, "chair's name on the last page");
    let text = docx_text(&minutes_docx(&m).expect("docx"));
    for p in &paragraphs {
        assert_has(&text, p, "docx paragraph");
    }
}

#[test]
fn decomposed_input_is_composed_and_missing_glyphs_are_shown_as_such() {
    let mut m = sample();
    // "Chi bộ Thôn Đông" typed with combining marks, as some Vietnamese keyboards do.
    m.org_name = "Chi bo\u{323}\u{302} Tho\u{302}n \u{110}o\u{302}ng".into();
    m.items[0].content = "Khách mời: 中国 đoàn".into();
    let pages = pdf_pages(&minutes_pdf(&m).expect("pdf")).join("\n");
    assert_has(&pages, "CHI BỘ THÔN ĐÔNG", "composed organisation name");
    assert_has(
        &pages,
        "Khách mời: \u{FFFD}\u{FFFD} đoàn",
        "characters outside the font",
    );
    let text = docx_text(&minutes_docx(&m).expect("docx"));
    assert_has(&text, "CHI BỘ THÔN ĐÔNG", "docx composed name");
    assert_has(&text, "Khách mời: 中国 đoàn", "docx keeps every character");
}

#[test]
fn drafts_and_later_versions_are_marked() {
    let mut m = sample();
    m.approved = false;
    m.version = 2;
    assert_has(
        &docx_text(&minutes_docx(&m).expect("docx")),
        "(Dự thảo, phiên bản 2)",
        "docx",
    );
    assert_has(
        &pdf_pages(&minutes_pdf(&m).expect("pdf")).join("\n"),
        "(Dự thảo, phiên bản 2)",
        "pdf",
    );
}

#[test]
fn same_minutes_give_the_same_bytes() {
    let m = sample();
    assert_eq!(
        minutes_docx(&m).expect("docx"),
        minutes_docx(&m).expect("docx")
    );
    assert_eq!(minutes_pdf(&m).expect("pdf"), minutes_pdf(&m).expect("pdf"));
}

#[test]
fn wrong_data_is_refused_with_a_vietnamese_reason() {
    type Case = (&'static str, fn(&mut MinutesExport), ExportError);
    let cases: [Case; 3] = [
        (
            "no organisation",
            |m| m.org_name = "  ".into(),
            ExportError::MissingOrgName,
        ),
        (
            "bad start time",
            |m| m.starts_at = "15/11/2026".into(),
            ExportError::InvalidTime("15/11/2026".into()),
        ),
        (
            "more present than convened",
            |m| m.present = 41,
            ExportError::Attendance {
                present: 41,
                convened: 40,
            },
        ),
    ];
    for (name, change, want) in cases {
        let mut m = sample();
        change(&mut m);
        assert_eq!(minutes_docx(&m).as_ref().err(), Some(&want), "{name}: docx");
        assert_eq!(minutes_pdf(&m).as_ref().err(), Some(&want), "{name}: pdf");
    }
    let message = ExportError::InvalidTime("x".into()).to_string();
    assert!(message.contains("không hợp lệ"), "{message}");
}
