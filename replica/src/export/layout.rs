//! The minutes as one format-neutral document: paragraphs of styled text and two-column
//! blocks, in the order and wording of a Party biên bản. Both writers render this, so
//! the .docx and the PDF always say the same thing.

use sotay_model::meetings::{MeetingKind, MinutesExport, VnDateTime};

use super::text::{capitalise, clean, date_words, lines, or_dots};
use super::ExportError;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Style {
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
}

pub(crate) const PLAIN: Style = Style {
    bold: false,
    italic: false,
    underline: false,
};
pub(crate) const BOLD: Style = Style {
    bold: true,
    italic: false,
    underline: false,
};
pub(crate) const ITALIC: Style = Style {
    bold: false,
    italic: true,
    underline: false,
};
pub(crate) const BOLD_ITALIC: Style = Style {
    bold: true,
    italic: true,
    underline: false,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Span {
    pub text: String,
    pub style: Style,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Center,
    Justify,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Para {
    pub spans: Vec<Span>,
    pub align: Align,
    /// Font size in points.
    pub size: f32,
    /// First-line indent (body paragraphs).
    pub indent: bool,
    /// Space before the paragraph, in points.
    pub before: f32,
    /// Never the last line of a page: headings and labels stay with what follows.
    pub keep_next: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Para(Para),
    /// Side by side, left then right, kept on one page: the header and the signatures.
    Columns {
        left: Vec<Para>,
        right: Vec<Para>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Document {
    /// For the file's metadata.
    pub title: String,
    pub blocks: Vec<Block>,
}

/// Body text size; the guidance allows 13–14 pt.
pub(crate) const BODY: f32 = 13.0;

/// Lays out the minutes; fails on data that would print a wrong document.
pub(crate) fn minutes(m: &MinutesExport, locality: Option<&str>) -> Result<Document, ExportError> {
    let org = clean(&m.org_name);
    if org.is_empty() {
        return Err(ExportError::MissingOrgName);
    }
    if m.present > m.convened {
        return Err(ExportError::Attendance {
            present: m.present,
            convened: m.convened,
        });
    }
    let start = VnDateTime::from_ms(m.starts_at);
    let mut blocks = vec![header(m, &org, &start, locality)];

    blocks.push(centered(vec![span("BIÊN BẢN", BOLD)], 15.0, 24.0));
    let subject = match m.kind {
        MeetingKind::Regular => {
            format!(
                "{} tháng {} năm {}",
                m.kind.label_vi(),
                start.month,
                start.year
            )
        }
        MeetingKind::Thematic => m.kind.label_vi().to_string(),
    };
    blocks.push(centered(vec![span(&subject, BOLD)], BODY, 2.0));
    let topic = clean(&m.topic);
    if !topic.is_empty() {
        blocks.push(centered(vec![span(&topic, BOLD)], BODY, 2.0));
    }
    let reason = clean(&m.version_reason);
    let version = match (m.version > 1, reason.is_empty()) {
        (false, _) => None,
        (true, true) => Some(format!("phiên bản {}", m.version)),
        (true, false) => Some(format!("phiên bản {}: {reason}", m.version)),
    };
    let mark = match (m.approved, version) {
        (true, None) => None,
        (true, Some(v)) => Some(format!("({})", capitalise(&v))),
        (false, None) => Some("(Dự thảo)".to_string()),
        (false, Some(v)) => Some(format!("(Dự thảo, {v})")),
    };
    if let Some(mark) = mark {
        blocks.push(centered(vec![span(&mark, ITALIC)], BODY, 2.0));
    }

    let mut numbers = ["I", "II", "III", "IV", "V"].into_iter();
    // Sections are numbered as they occur: those without content are left out.
    let mut numbered = |text: &str| heading(&format!("{}. {text}", numbers.next().unwrap_or("V")));
    blocks.push(numbered("THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN"));
    let time = format!(
        "bắt đầu lúc {} giờ {:02} phút, {}.",
        start.hour,
        start.minute,
        date_words(&start)
    );
    blocks.push(labelled("Thời gian: ", &time));
    blocks.push(labelled(
        "Địa điểm: ",
        &format!("{}.", or_dots(&clean(&m.place))),
    ));
    blocks.push(labelled(
        "Chủ trì: ",
        &format!("đồng chí {}.", or_dots(&clean(&m.chair_name))),
    ));
    let taker = or_dots(&clean(&m.minute_taker_name));
    blocks.push(labelled("Thư ký: ", &format!("đồng chí {taker}.")));
    blocks.push(labelled("Thành phần: ", &attendance(m)));
    let guests: Vec<String> = m
        .guests
        .iter()
        .map(|g| clean(g))
        .filter(|g| !g.is_empty())
        .collect();
    if !guests.is_empty() {
        blocks.push(labelled("Khách mời: ", &format!("{}.", guests.join("; "))));
    }
    // The meeting screen states the same rule: more than half of those convened.
    let quorum = if m.quorum {
        "Số đảng viên có mặt quá một nửa số được triệu tập."
    } else {
        "Số đảng viên có mặt chưa quá một nửa số được triệu tập."
    };
    blocks.push(body(vec![span(quorum, PLAIN)]));

    blocks.push(numbered("NỘI DUNG"));
    for (i, item) in m.items.iter().enumerate() {
        let title = format!("{}. {}", i + 1, or_dots(&clean(&item.title)));
        blocks.push(Block::Para(Para {
            before: 6.0,
            keep_next: true,
            ..para(vec![span(&title, BOLD)])
        }));
        blocks.extend(lines(&item.content).map(|l| body(vec![span(&l, PLAIN)])));
        section(&mut blocks, "Ý kiến thảo luận:", ITALIC, &item.opinions);
        section(
            &mut blocks,
            "Kết luận:",
            BOLD_ITALIC,
            &item.conclusions.join("\n"),
        );
    }
    let general = m.general_conclusions.join("\n");
    if lines(&general).next().is_some() {
        blocks.push(numbered("KẾT LUẬN CHUNG"));
        blocks.extend(lines(&general).map(|l| body(vec![span(&l, PLAIN)])));
    }
    if !m.votes.is_empty() {
        blocks.push(numbered("BIỂU QUYẾT"));
        for (i, v) in m.votes.iter().enumerate() {
            let text = format!(
                "{}. {}: tán thành {} đồng chí; không tán thành {} đồng chí; ý kiến khác {} đồng chí.",
                i + 1,
                or_dots(&clean(&v.question)),
                v.agree,
                v.disagree,
                v.abstain
            );
            blocks.push(body(vec![span(&text, PLAIN)]));
        }
    }
    if m.ends_at > m.starts_at {
        let end = VnDateTime::from_ms(m.ends_at);
        let day = if (end.year, end.month, end.day) == (start.year, start.month, start.day) {
            "cùng ngày".to_string()
        } else {
            date_words(&end)
        };
        let text = format!(
            "Cuộc họp kết thúc lúc {} giờ {:02} phút {day}.",
            end.hour, end.minute
        );
        blocks.push(Block::Para(Para {
            before: 9.0,
            // The last words of the minutes stay on the page of the signatures.
            keep_next: true,
            ..para(vec![span(&text, PLAIN)])
        }));
    }

    let signer = |role: &str, name: &str| {
        vec![
            center_para(vec![span(role, BOLD)], BODY, 18.0),
            // Room for the signature (and the seal, if any).
            center_para(vec![span(&or_dots(&clean(name)), BOLD)], BODY, 64.0),
        ]
    };
    blocks.push(Block::Columns {
        left: signer("THƯ KÝ", &m.minute_taker_name),
        right: signer("CHỦ TRÌ", &m.chair_name),
    });
    Ok(Document {
        title: format!("Biên bản – {org}"),
        blocks,
    })
}

/// "đảng viên được triệu tập 40 đồng chí; có mặt 35/40 đồng chí (…); vắng 5 đồng chí (…)."
fn attendance(m: &MinutesExport) -> String {
    let (c, p) = (m.convened, m.present);
    let mut text = format!("đảng viên được triệu tập {c} đồng chí; có mặt {p}/{c} đồng chí");
    if m.late > 0 {
        text.push_str(&format!(" (trong đó {} đồng chí đến muộn)", m.late));
    }
    let absent = c - p;
    text.push_str(&format!("; vắng {absent} đồng chí"));
    // The reasons add up only when every absence was marked; otherwise say just how many.
    if absent > 0 && m.absent_excused + m.absent_unexcused == absent {
        text.push_str(&format!(
            " (có lý do {}, không có lý do {})",
            m.absent_excused, m.absent_unexcused
        ));
    }
    text.push('.');
    text
}

/// Top left: the superior organisation and the organisation; top right: the Party's name
/// (underlined) and the place-and-date line, as the guidance places them.
fn header(m: &MinutesExport, org: &str, when: &VnDateTime, locality: Option<&str>) -> Block {
    party_header(&m.parent_org_name, org, None, when, locality)
}

/// The header of any Party document: `number` ("Số 12-BC") goes below the star.
pub(crate) fn party_header(
    parent: &str,
    org: &str,
    number: Option<&str>,
    when: &VnDateTime,
    locality: Option<&str>,
) -> Block {
    let mut left = Vec::new();
    let parent = clean(parent);
    if !parent.is_empty() {
        left.push(center_para(
            vec![span(&parent.to_uppercase(), PLAIN)],
            BODY,
            0.0,
        ));
    }
    left.push(center_para(
        vec![span(&org.to_uppercase(), BOLD)],
        BODY,
        0.0,
    ));
    left.push(center_para(vec![span("*", PLAIN)], BODY, 0.0));
    if let Some(number) = number {
        left.push(center_para(vec![span(number, PLAIN)], BODY, 0.0));
    }

    let party = Style {
        underline: true,
        ..BOLD
    };
    let date = match locality.map(clean).filter(|l| !l.is_empty()) {
        Some(place) => format!("{place}, {}", date_words(when)),
        None => capitalise(&date_words(when)),
    };
    let right = vec![
        center_para(vec![span("ĐẢNG CỘNG SẢN VIỆT NAM", party)], 14.0, 0.0),
        center_para(vec![span(&date, ITALIC)], BODY, 10.0),
    ];
    Block::Columns { left, right }
}

fn section(blocks: &mut Vec<Block>, label: &str, style: Style, text: &str) {
    let mut paras = lines(text).peekable();
    if paras.peek().is_some() {
        blocks.push(Block::Para(Para {
            indent: true,
            before: 3.0,
            keep_next: true,
            ..para(vec![span(label, style)])
        }));
        blocks.extend(paras.map(|l| body(vec![span(&l, PLAIN)])));
    }
}

pub(crate) fn span(text: &str, style: Style) -> Span {
    Span {
        text: text.to_string(),
        style,
    }
}

pub(crate) fn para(spans: Vec<Span>) -> Para {
    Para {
        spans,
        align: Align::Justify,
        size: BODY,
        indent: false,
        before: 0.0,
        keep_next: false,
    }
}

pub(crate) fn body(spans: Vec<Span>) -> Block {
    Block::Para(Para {
        indent: true,
        before: 3.0,
        ..para(spans)
    })
}

fn labelled(label: &str, text: &str) -> Block {
    body(vec![span(label, BOLD), span(text, PLAIN)])
}

pub(crate) fn heading(text: &str) -> Block {
    Block::Para(Para {
        before: 12.0,
        align: Align::Left,
        keep_next: true,
        ..para(vec![span(text, BOLD)])
    })
}

pub(crate) fn center_para(spans: Vec<Span>, size: f32, before: f32) -> Para {
    Para {
        spans,
        align: Align::Center,
        size,
        indent: false,
        before,
        keep_next: false,
    }
}

pub(crate) fn centered(spans: Vec<Span>, size: f32, before: f32) -> Block {
    Block::Para(center_para(spans, size, before))
}
