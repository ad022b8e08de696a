//! Minutes export: the .docx and the PDF are read back (zip + XML parser; a small PDF
//! reader that decodes text through the fonts' ToUnicode maps and checks each glyph
//! against the embedded font) and must hold the header, the organisation, the
//! attendance counts and every agenda item, with Vietnamese text exactly as given.

// Also read by the oversight report's test.
#[path = "minutes_export/docx_text.rs"]
pub(crate) mod docx_text;
#[path = "minutes_export/pdf_text.rs"]
pub(crate) mod pdf_text;
#[path = "minutes_export/sample.rs"]
mod sample;

use docx_text::{docx_paragraphs, docx_text, part};
use sample::{sample, HOUR_MS};
use sotay_model::meetings::MinutesExport;
use sotay_replica::export::{
    minutes_docx, minutes_docx_at, minutes_file_name, minutes_pdf, minutes_pdf_at, ExportError,
};

fn pdf_pages(bytes: &[u8]) -> Vec<String> {
    pdf_text::Pdf::parse(bytes).text()
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
        m.parent_org_name.to_uppercase(),
        m.org_name.to_uppercase(),
        format!("có mặt {}/{} đồng chí", m.present, m.convened),
        "BIÊN BẢN".to_string(),
        "CHỦ TRÌ".to_string(),
        "THƯ KÝ".to_string(),
        m.chair_name.clone(),
        m.minute_taker_name.clone(),
    ];
    for (i, item) in m.items.iter().enumerate() {
        want.push(format!("{}. {}", i + 1, item.title));
        want.extend(item.conclusions.iter().cloned());
    }
    want
}

/// Facts of the sample that both formats print, beyond `expected`.
const SAMPLE_FACTS: [&str; 9] = [
    "Sinh hoạt chi bộ thường kỳ tháng 11 năm 2026",
    "Thời gian: bắt đầu lúc 14 giờ 00 phút, ngày 15 tháng 11 năm 2026.",
    "Địa điểm: Nhà văn hoá thôn Đông.",
    "có mặt 35/40 đồng chí (trong đó 2 đồng chí đến muộn); vắng 5 đồng chí (có lý do 3, không có lý do 2).",
    "Khách mời: Đồng chí Vũ Thị Hà, Đảng uỷ viên.",
    "Số đảng viên có mặt quá một nửa số được triệu tập.",
    "1. Đề nghị kết nạp quần chúng Đinh Văn Giang: tán thành 34 đồng chí; không tán thành 1 đồng chí; ý kiến khác 0 đồng chí.",
    "Chi bộ hoàn thành tốt nhiệm vụ năm 2026.",
    "Cuộc họp kết thúc lúc 16 giờ 00 phút cùng ngày.",
];

#[test]
fn docx_holds_header_organisation_attendance_and_every_item() {
    let m = sample();
    let docx = minutes_docx_at(&m, "Thái Bình").expect("docx");
    let paras = docx_paragraphs(&docx);
    let text = paras
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for want in expected(&m).iter().map(String::as_str).chain(SAMPLE_FACTS) {
        assert_has(&text, want, "docx");
    }
    assert_has(
        &text,
        "Thái Bình, ngày 15 tháng 11 năm 2026",
        "docx date line",
    );
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
    // Page numbers at the top from the second page: a PAGE field, and a first page header
    // of its own.
    assert!(part(&docx, "word/header1.xml").contains(r#"w:instr=" PAGE ""#));
    assert!(part(&docx, "word/document.xml").contains("<w:titlePg/>"));
}

#[test]
fn pdf_holds_header_organisation_attendance_and_every_item() {
    let m = sample();
    let pages = pdf_pages(&minutes_pdf_at(&m, "Thái Bình").expect("pdf"));
    let first = pages[0].lines().map(str::trim).collect::<Vec<_>>();
    // Header in reading order: superior body, the organisation, the Party, the date.
    assert_eq!(
        first[..5],
        [
            "ĐẢNG BỘ XÃ VŨ HỘI",
            "CHI BỘ THÔN ĐÔNG",
            "*",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Thái Bình, ngày 15 tháng 11 năm 2026"
        ],
        "{first:?}"
    );
    let all = pages.join("\n");
    for want in expected(&m).iter().map(String::as_str).chain(SAMPLE_FACTS) {
        assert_has(&all, want, "pdf");
    }
    assert_has(&all, "Đồng chí Phạm Thị Dung nhất trí.", "pdf opinions");
    assert!(
        !all.contains('\u{FFFD}'),
        "every Vietnamese letter has its glyph"
    );
}

#[test]
fn date_line_without_a_place_name_and_with_padded_day_and_month() {
    let mut m = sample();
    // 2026-01-05 09:30 in Vietnam.
    m.starts_at = 1_767_580_200_000;
    m.ends_at = m.starts_at + 26 * HOUR_MS;
    m.parent_org_name = String::new();
    let text = docx_text(&minutes_docx(&m).expect("docx"));
    let pdf = pdf_pages(&minutes_pdf(&m).expect("pdf")).join("\n");
    for (what, text) in [("docx", &text), ("pdf", &pdf)] {
        assert_has(text, "Ngày 05 tháng 01 năm 2026", what);
        assert_has(
            text,
            "bắt đầu lúc 9 giờ 30 phút, ngày 05 tháng 01 năm 2026",
            what,
        );
        assert_has(
            text,
            "kết thúc lúc 11 giờ 30 phút ngày 06 tháng 01 năm 2026.",
            what,
        );
        assert!(
            !text.contains("ĐẢNG BỘ XÃ"),
            "{what}: no superior line at the root"
        );
    }
}

#[test]
fn xml_special_characters_survive_in_both_formats() {
    let mut m = sample();
    let tricky = r#"Quy chế <số 2> & "Nội quy" 'mới' ]]> </w:t> &amp;"#;
    m.topic = tricky.into();
    m.items[1].title = format!("Sửa {tricky}");
    m.chair_name = "Đỗ & Con <Chủ>".into();
    m.items[0].content = "Chuông\u{7} báo\u{0} và tab\tở giữa".into();
    let text = docx_text(&minutes_docx(&m).expect("docx"));
    let pdf = pdf_pages(&minutes_pdf(&m).expect("pdf")).join("\n");
    for (what, text) in [("docx", &text), ("pdf", &pdf)] {
        assert_has(text, tricky, what);
        assert_has(text, &format!("2. Sửa {tricky}"), what);
        assert_has(text, "Đỗ & Con <Chủ>", what);
        // Control characters, which XML 1.0 forbids, become spaces.
        assert_has(text, "Chuông báo và tab ở giữa", what);
    }
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
    let mut body = vec![pages[0].as_str()];
    for (i, page) in pages.iter().enumerate().skip(1) {
        let (number, rest) = page.split_once('\n').expect("a number, then text");
        assert_eq!(
            number.trim(),
            (i + 1).to_string(),
            "page {} is numbered",
            i + 1
        );
        body.push(rest);
    }
    // Without the page numbers, text that runs on from one page to the next reads on.
    let all = body.join("\n");
    for p in &paragraphs {
        assert_has(&all, p, "pdf paragraph");
    }
    assert_has(&all.replace('\n', ""), &long_word, "pdf long word");
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
    m.version_reason = "sửa số đảng viên có mặt".into();
    let mark = "(Dự thảo, phiên bản 2: sửa số đảng viên có mặt)";
    assert_has(&docx_text(&minutes_docx(&m).expect("docx")), mark, "docx");
    assert_has(
        &pdf_pages(&minutes_pdf(&m).expect("pdf")).join("\n"),
        mark,
        "pdf",
    );
    m.approved = true;
    let text = docx_text(&minutes_docx(&m).expect("docx"));
    assert_has(
        &text,
        "(Phiên bản 2: sửa số đảng viên có mặt)",
        "approved version 2",
    );
    assert!(
        !text.contains("Dự thảo"),
        "approved minutes are not a draft"
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
    let cases: [Case; 2] = [
        (
            "no organisation",
            |m| m.org_name = " \n ".into(),
            ExportError::MissingOrgName,
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
    let message = ExportError::Attendance {
        present: 41,
        convened: 40,
    }
    .to_string();
    assert_eq!(
        message,
        "Số đảng viên có mặt (41) lớn hơn số được triệu tập (40)"
    );
}

#[test]
fn headings_and_labels_never_end_a_page_and_signatures_keep_the_closing_line() {
    // Content of every length from 10 to 45 lines moves the later headings and labels over
    // every position near the foot of a page.
    let mut m = sample();
    m.items[1].opinions = "Đồng chí Lê Văn Cường nhất trí.".into();
    let keep: Vec<String> = m
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| format!("{}. {}", i + 1, it.title))
        .chain(
            [
                "Ý kiến thảo luận:",
                "Kết luận:",
                "III. KẾT LUẬN CHUNG",
                "IV. BIỂU QUYẾT",
            ]
            .map(String::from),
        )
        .collect();
    let mut broken = 0;
    for n in 10..=45 {
        m.items[0].content = vec!["Đồng chí Bí thư báo cáo kết quả."; n].join("\n");
        let pages = pdf_pages(&minutes_pdf(&m).expect("pdf"));
        broken += usize::from(pages.len() > 1);
        for (i, page) in pages.iter().enumerate() {
            let last = page.lines().last().map(str::trim).unwrap_or_default();
            assert!(
                !keep.iter().any(|k| k == last),
                "{n} lines: page {} ends with {last:?}",
                i + 1
            );
        }
        let end = pages.last().expect("pages");
        for want in ["Cuộc họp kết thúc lúc", "THƯ KÝ", "CHỦ TRÌ", &m.chair_name] {
            assert_has(end, want, &format!("{n} lines: last page"));
        }
    }
    assert!(
        broken > 20,
        "most lengths run onto a second page ({broken})"
    );
}

#[test]
fn file_names_are_ascii_with_organisation_date_and_version() {
    let mut m = sample();
    assert_eq!(
        minutes_file_name(&m, "pdf"),
        "bien-ban-chi-bo-thon-dong-2026-11-15.pdf"
    );
    m.org_name = "Chi bộ Khu phố 3/Phường Đề Thám (cũ)".into();
    m.version = 2;
    assert_eq!(
        minutes_file_name(&m, "docx"),
        "bien-ban-chi-bo-khu-pho-3-phuong-de-tham-cu-2026-11-15-v2.docx"
    );
}
