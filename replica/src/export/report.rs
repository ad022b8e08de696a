//! The committee's report on an organisation over a period (báo cáo tình hình hoạt
//! động) as one format-neutral document: the Party header as on the minutes, the title,
//! numbered sections of the dashboard's figures in sentences, one paragraph per
//! organisation directly below, and the secretary's signature block. Both writers
//! render it, so the .docx and the PDF say the same thing.

use sotay_model::entities::OrgKind;
use sotay_model::meetings::VnDateTime;
use sotay_model::oversight::api::OrgFigures;
use sotay_model::oversight::{Light, Oversight};

use super::layout::{
    body, center_para, centered, heading, party_header, span, Block, Document, Para, BODY, BOLD,
    ITALIC, PLAIN,
};
use super::text::{clean, or_dots};
use super::ExportError;

/// Lays out the report; `at_ms` dates it, `locality` (may be empty) starts the date line.
pub(crate) fn oversight(
    o: &Oversight,
    parent: &str,
    locality: &str,
    at_ms: u64,
) -> Result<Document, ExportError> {
    let org = clean(&o.org_name);
    if org.is_empty() {
        return Err(ExportError::MissingOrgName);
    }
    let when = VnDateTime::from_ms(at_ms);
    let locality = Some(locality).filter(|l| !clean(l).is_empty());
    // The number is given by the office when the report is registered: a blank to fill.
    let mut blocks = vec![party_header(
        parent,
        &org,
        Some("Số ……-BC"),
        &when,
        locality,
    )];
    blocks.push(centered(vec![span("BÁO CÁO", BOLD)], 15.0, 24.0));
    blocks.push(centered(
        vec![span(
            &format!("tình hình hoạt động {}", o.period.label_vi()),
            BOLD,
        )],
        BODY,
        2.0,
    ));
    blocks.push(centered(vec![span(&format!("của {org}"), BOLD)], BODY, 2.0));

    // The organisation's own subtree comes first in the answer; without it there is
    // nothing to report (an empty answer is not a zero report).
    let own = o.orgs.first().filter(|f| f.org_id == o.org_id);
    let f = own.map(|x| x.figures).unwrap_or_default();

    blocks.push(heading("I. CÔNG TÁC ĐẢNG VIÊN"));
    let m = &f.members;
    blocks.push(text(&format!(
        "Tổng số đảng viên: {} đồng chí (chính thức {}, dự bị {}). Kết nạp trong kỳ: {} đồng chí. Ra khỏi Đảng (kể cả từ trần): {} đồng chí.",
        m.full + m.probationary,
        m.full,
        m.probationary,
        m.joined,
        m.left
    )));

    blocks.push(heading("II. SINH HOẠT ĐẢNG"));
    let mt = &f.meetings;
    blocks.push(text(&format!(
        "Số cuộc sinh hoạt đã tổ chức: {}. Lượt đảng viên được triệu tập: {}; lượt có mặt: {} (tỷ lệ dự họp {}).",
        mt.held,
        mt.convened,
        mt.present,
        percent(mt.present as i64, mt.convened as i64)
    )));

    blocks.push(heading("III. THỰC HIỆN NHIỆM VỤ"));
    let t = &f.tasks;
    blocks.push(text(&format!(
        "Nhiệm vụ đến hạn trong kỳ: đang thực hiện {}; hoàn thành đúng hạn {}; hoàn thành trễ hạn {}; quá hạn chưa hoàn thành {}.",
        t.open, t.on_time, t.late, t.overdue
    )));

    blocks.push(heading("IV. HỌC TẬP NGHỊ QUYẾT"));
    let s = &f.study;
    blocks.push(text(&format!(
        "Lượt đảng viên được giao học tập: {}; đã hoàn thành: {} (tỷ lệ {}).",
        s.assigned,
        s.finished,
        percent(s.finished as i64, s.assigned as i64)
    )));

    blocks.push(heading("V. ĐẢNG PHÍ"));
    let d = &f.dues;
    blocks.push(text(&format!(
        "Đảng phí phải thu: {} đồng; đã thu: {} đồng (tỷ lệ {}).",
        dong(d.expected),
        dong(d.collected),
        percent(d.collected, d.expected)
    )));

    blocks.push(heading("VI. ĐÁNH GIÁ, XẾP LOẠI"));
    let r = &f.ratings;
    blocks.push(text(&format!(
        "Năm {}: hoàn thành xuất sắc nhiệm vụ {} đồng chí; hoàn thành tốt nhiệm vụ {} đồng chí; hoàn thành nhiệm vụ {} đồng chí; không hoàn thành nhiệm vụ {} đồng chí; chưa xếp loại {} đồng chí.",
        o.period.year(),
        r[0],
        r[1],
        r[2],
        r[3],
        r[4]
    )));

    blocks.push(heading("VII. CÁC TỔ CHỨC TRỰC THUỘC"));
    let below: Vec<&OrgFigures> = o.orgs.iter().filter(|x| x.org_id != o.org_id).collect();
    if below.is_empty() {
        blocks.push(text("Không có tổ chức đảng trực thuộc."));
    }
    for (i, b) in below.iter().enumerate() {
        blocks.push(text(&below_line(i + 1, b)));
    }

    let kind = own.map(|x| x.kind).unwrap_or(OrgKind::Cell);
    let on_behalf = match kind {
        OrgKind::Cell => "T/M CHI BỘ",
        _ => "T/M ĐẢNG ỦY",
    };
    let receivers = {
        let mut v = vec![Para {
            before: 18.0,
            ..super::layout::para(vec![span("Nơi nhận:", super::layout::BOLD_ITALIC)])
        }];
        let parent = clean(parent);
        if !parent.is_empty() {
            v.push(super::layout::para(vec![span(
                &format!("- {parent},"),
                PLAIN,
            )]));
        }
        v.push(super::layout::para(vec![span("- Lưu.", PLAIN)]));
        v
    };
    blocks.push(Block::Columns {
        left: receivers,
        right: vec![
            center_para(vec![span(on_behalf, BOLD)], BODY, 18.0),
            center_para(vec![span("BÍ THƯ", BOLD)], BODY, 0.0),
            // Room for the signature and the seal; the name is written by hand.
            center_para(vec![span(&or_dots(""), ITALIC)], BODY, 64.0),
        ],
    });
    Ok(Document {
        title: format!("Báo cáo – {org} – {}", o.period.label_vi()),
        blocks,
    })
}

/// "1. Chi bộ Thôn Đông: Cần chú ý (Tỷ lệ dự họp dưới 80%). Đảng viên 12; …"
fn below_line(n: usize, b: &OrgFigures) -> String {
    let name = or_dots(&clean(&b.org_name));
    let reasons: Vec<String> = b
        .reasons
        .iter()
        .map(|r| clean(r))
        .filter(|r| !r.is_empty())
        .collect();
    let mut line = format!("{n}. {name}: {}", light_words(b.light));
    if !reasons.is_empty() {
        line.push_str(&format!(" ({})", reasons.join("; ")));
    }
    let f = &b.figures;
    line.push_str(&format!(
        ". Đảng viên {} đồng chí; sinh hoạt {} cuộc, tỷ lệ dự họp {}; nhiệm vụ quá hạn {}; đảng phí đã thu {}/{} đồng.",
        f.members.full + f.members.probationary,
        f.meetings.held,
        percent(f.meetings.present as i64, f.meetings.convened as i64),
        f.tasks.overdue,
        dong(f.dues.collected),
        dong(f.dues.expected)
    ));
    line
}

/// The light in the words a report uses.
pub(crate) fn light_words(l: Light) -> &'static str {
    match l {
        Light::Green => "Tốt",
        Light::Amber => "Cần chú ý",
        Light::Red => "Yếu",
    }
}

/// Đồng with dot thousands, as Vietnamese documents write money: 1.234.500.
pub(crate) fn dong(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if v < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A whole percentage, or a dash when nothing was owed (not 0%, which would read as
/// a failure).
fn percent(part: i64, whole: i64) -> String {
    if whole <= 0 {
        return "—".to_string();
    }
    let p = (part as f64 * 100.0 / whole as f64).round() as i64;
    format!("{p}%")
}

fn text(s: &str) -> Block {
    body(vec![span(&clean(s), PLAIN)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_shares_read_as_vietnamese_documents_write_them() {
        assert_eq!(dong(0), "0");
        assert_eq!(dong(84_500), "84.500");
        assert_eq!(dong(1_234_500), "1.234.500");
        assert_eq!(dong(-169_000), "-169.000");
        assert_eq!(percent(1, 2), "50%");
        assert_eq!(percent(2, 3), "67%");
        assert_eq!(percent(0, 0), "—");
    }
}
