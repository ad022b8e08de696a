//! The opinions given on a draft (tổng hợp ý kiến góp ý dự thảo) as one format-neutral
//! document: the Party header, the title, then each section of the draft in its order
//! with its opinions numbered, each led by its author's name.

use sotay_model::exchange::api::DraftView;
use sotay_model::meetings::VnDateTime;
use sotay_model::vn::show_date;

use super::layout::{
    body, centered, heading, party_header, span, Document, BODY, BOLD, ITALIC, PLAIN,
};
use super::text::{clean, lines, or_dots};
use super::ExportError;

/// The heading of a section, as the export writes it: "Phần 2. Nhiệm vụ và giải pháp".
pub fn section_heading(key: &str, title: &str) -> String {
    format!("Phần {}. {}", clean(key), clean(title))
}

/// Lays out the summary; `at_ms` dates it.
pub(crate) fn opinions(v: &DraftView, parent: &str, at_ms: u64) -> Result<Document, ExportError> {
    let org = clean(&v.card.org_name);
    if org.is_empty() {
        return Err(ExportError::MissingOrgName);
    }
    let when = VnDateTime::from_ms(at_ms);
    let title = clean(&v.card.draft.title);
    let given: usize = v.sections.iter().map(|s| s.opinions.len()).sum();
    let mut authors: Vec<_> = v
        .sections
        .iter()
        .flat_map(|s| s.opinions.iter().map(|o| o.opinion.author_id))
        .collect();
    authors.sort();
    authors.dedup();
    let mut blocks = vec![party_header(parent, &org, None, &when, None)];
    blocks.push(centered(
        vec![span("TỔNG HỢP Ý KIẾN GÓP Ý", BOLD)],
        15.0,
        24.0,
    ));
    blocks.push(centered(
        vec![span(&format!("dự thảo {}", or_dots(&title)), BOLD)],
        BODY,
        2.0,
    ));
    blocks.push(centered(
        vec![span(
            &format!(
                "(Hạn góp ý: {}; {} ý kiến của {} đồng chí)",
                show_date(&v.card.draft.deadline),
                given,
                authors.len()
            ),
            ITALIC,
        )],
        BODY,
        2.0,
    ));
    for s in &v.sections {
        blocks.push(heading(&section_heading(&s.key, &s.title)));
        if s.opinions.is_empty() {
            blocks.push(body(vec![span("Không có ý kiến.", ITALIC)]));
        }
        for (n, o) in s.opinions.iter().enumerate() {
            let mut text = lines(&o.opinion.body);
            let first = text.next().unwrap_or_default();
            let author = or_dots(&clean(&o.author_name));
            blocks.push(body(vec![
                span(&format!("{}. {author}: ", n + 1), BOLD),
                span(&first, PLAIN),
            ]));
            blocks.extend(text.map(|l| body(vec![span(&l, PLAIN)])));
        }
    }
    Ok(Document {
        title: format!("Tổng hợp ý kiến góp ý – {title}"),
        blocks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_names_the_section_by_key_and_title() {
        assert_eq!(
            section_heading(" 2 ", "Nhiệm vụ\u{7} và giải pháp"),
            "Phần 2. Nhiệm vụ  và giải pháp"
        );
    }
}
