//! A draft's opinions, given offline on members' own phones against the real sync
//! server (some changed, one withdrawn), exported by the committee as .xlsx and .docx
//! and read back (calamine; zip + XML): every opinion standing on the server is in
//! its own section, once, with its author, and nothing else is.

use crate::live;
use crate::minutes_export::docx_text::docx_paragraphs;

use calamine::Reader;
use sotay_model::api::{requests, Call, Request};
use sotay_model::entities::{Gender, Member, MemberStatus};
use sotay_model::exchange::requests::{ExportOpinions, GiveOpinion, OpenDraft, OpinionFormat};
use sotay_model::exchange::{DraftSection, Opinion};
use sotay_model::Id;
use sotay_replica::{Replica, SeededEnv};
use sotay_server::{rows, Store};
use std::collections::BTreeSet;
use std::sync::Arc;

/// (section key, author's name, text): one opinion as the exports must show it.
type Given = BTreeSet<(String, String, String)>;

struct Phone {
    replica: Replica,
    name: String,
    _home: tempfile::TempDir,
}

impl Phone {
    async fn enroll(server: &live::Server, member: Id, name: &str) -> Phone {
        let home = tempfile::tempdir().expect("home");
        let env = Arc::new(SeededEnv::new(member.0.as_u128() as u64, live::now()));
        let replica = Replica::open_with(home.path(), env).expect("open");
        let code = server
            .store
            .create_enroll_code(member, sotay_server::DEFAULT_CODE_TTL_MS, live::now())
            .expect("code");
        replica
            .call(Request::Enroll(requests::Enroll {
                server: server.url(),
                code,
                device_name: "điện thoại".into(),
                pin_sha256: None,
            }))
            .await
            .expect("enroll");
        let p = Phone {
            replica,
            name: name.into(),
            _home: home,
        };
        p.sync().await;
        p
    }

    async fn sync(&self) {
        self.replica
            .call(Request::SyncNow(requests::SyncNow))
            .await
            .expect("sync");
    }

    async fn ask<C: Call>(&self, req: C) -> C::Answer {
        self.replica
            .ask(req)
            .await
            .unwrap_or_else(|e| panic!("{}: {e:?}", self.name))
    }
}

const SECTIONS: [(&str, &str); 3] = [
    (
        "1",
        "Đánh giá kết quả thực hiện nghị quyết nhiệm kỳ 2025-2030",
    ),
    ("2", "Phương hướng, mục tiêu & nhiệm vụ <nhiệm kỳ tới>"),
    ("3", "Xây dựng Đảng"),
];

fn from_sheet(path: &str) -> (Given, BTreeSet<String>) {
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).expect("an .xlsx");
    assert_eq!(book.sheet_names(), vec!["Ý kiến góp ý"]);
    let sheet = book.worksheet_range("Ý kiến góp ý").expect("sheet");
    let cell = |r: u32, c: u32| {
        sheet
            .get_value((r, c))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    assert_eq!(cell(3, 0), "Phần");
    assert_eq!(cell(3, 4), "Ý kiến");
    let (mut given, mut sections) = (Given::new(), BTreeSet::new());
    for r in 4..sheet.height() as u32 {
        let (key, title) = (cell(r, 0), cell(r, 1));
        let section = SECTIONS
            .iter()
            .find(|s| s.0 == key)
            .expect("a section of the draft");
        assert_eq!(title, section.1, "row {r}");
        sections.insert(key.clone());
        if !cell(r, 3).is_empty() {
            assert!(given.insert((key, cell(r, 3), cell(r, 4))), "row {r} twice");
        }
    }
    (given, sections)
}

/// The opinions as the .docx lays them out: under each section's heading, numbered
/// paragraphs "n. Author: text", a text's further lines as their own paragraphs.
fn from_docx(bytes: &[u8], authors: &[&str]) -> (Given, BTreeSet<String>) {
    let headings: Vec<(String, &str)> = SECTIONS
        .iter()
        .map(|(k, t)| (sotay_replica::export::opinion_section_heading(k, t), *k))
        .collect();
    let (mut given, mut sections) = (Vec::<(String, String, String)>::new(), BTreeSet::new());
    let mut at: Option<&str> = None;
    for p in docx_paragraphs(bytes) {
        if let Some((_, key)) = headings.iter().find(|(h, _)| *h == p.text) {
            at = Some(key);
            sections.insert(key.to_string());
            continue;
        }
        let Some(key) = at else { continue };
        if p.text == "Không có ý kiến." || p.text.is_empty() {
            continue;
        }
        let opened = p.text.split_once(". ").and_then(|(n, rest)| {
            n.parse::<u32>().ok()?;
            let (who, text) = rest.split_once(": ")?;
            authors
                .contains(&who)
                .then(|| (who.to_string(), text.to_string()))
        });
        match opened {
            Some((who, text)) => given.push((key.to_string(), who, text)),
            None => {
                let last = given.last_mut().expect("a line of an opinion");
                last.2.push('\n');
                last.2.push_str(&p.text);
            }
        }
    }
    let n = given.len();
    let set: Given = given.into_iter().collect();
    assert_eq!(set.len(), n, "no opinion twice");
    (set, sections)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_committees_export_holds_every_opinion_in_its_section() {
    let server = live::Server::start().await;
    let names = ["Trần Văn Ba", "Lê Thị Tư", "Phạm Đức Năm"];
    let mut people = vec![(live::id(live::SECRET_MEMBER), live::SECRET_NAME)];
    let hlc = rows::server_hlc(2_000);
    let mut changes = Vec::new();
    for (n, name) in names.iter().enumerate() {
        let m = live::id(0x70 + n as u128);
        let member = Member {
            id: m,
            full_name: name.to_string(),
            birth_date: "1985-01-01".into(),
            gender: Gender::Male,
            joined_date: "2010-01-01".into(),
            official_date: Some("2011-01-01".into()),
            card_no: format!("TB-6{n}"),
            status: MemberStatus::Full,
            cell_id: live::id(live::CELL),
        };
        changes.push(rows::member_change(
            live::id(0x2000 + n as u128),
            &member,
            hlc,
        ));
        people.push((m, name));
    }
    for r in server.store.seed(&changes, 2_000).expect("members") {
        assert!(
            matches!(r.outcome, sotay_model::protocol::Outcome::Accepted { .. }),
            "{r:?}"
        );
    }

    let committee = Phone::enroll(&server, live::id(live::SECRETARY), "máy bí thư").await;
    let deadline = sotay_model::tasks::vn_day(live::now() + 7 * 86_400_000);
    let draft = committee
        .ask(OpenDraft {
            org_id: live::id(live::GRASSROOTS),
            title: "Báo cáo chính trị Đại hội Đảng bộ xã".into(),
            intro: "Kính đề nghị các đồng chí góp ý".into(),
            sections: SECTIONS
                .iter()
                .map(|(k, t)| DraftSection {
                    key: k.to_string(),
                    title: t.to_string(),
                    text: "Nội dung".into(),
                })
                .collect(),
            deadline,
            opinions_visible: false,
        })
        .await;
    committee.sync().await;

    let mut phones = Vec::new();
    for (m, name) in &people {
        phones.push((Phone::enroll(&server, *m, name).await, name.to_string()));
    }
    let mut want = Given::new();
    for (i, (phone, name)) in phones.iter().enumerate() {
        // The first gives an opinion on every section, the others on two of three.
        let theirs = SECTIONS
            .iter()
            .enumerate()
            .filter(|(s, _)| i == 0 || (s + i) % 3 != 2)
            .map(|(_, (k, _))| k);
        for k in theirs {
            let text = match (i, *k) {
                (0, "2") => "Đề nghị bổ sung chỉ tiêu & giải pháp <cụ thể>\nvà lộ trình thực hiện"
                    .to_string(),
                _ => format!("Ý kiến của {name} về phần {k}"),
            };
            phone
                .ask(GiveOpinion {
                    draft_id: draft,
                    section_key: k.to_string(),
                    body: format!("(bản nháp) {text}"),
                })
                .await;
            phone
                .ask(GiveOpinion {
                    draft_id: draft,
                    section_key: k.to_string(),
                    body: text.clone(),
                })
                .await;
            want.insert((k.to_string(), name.clone(), text));
        }
    }
    // One withdraws an opinion before syncing.
    let (last, last_name) = &phones[3];
    last.ask(GiveOpinion {
        draft_id: draft,
        section_key: "1".into(),
        body: String::new(),
    })
    .await;
    want.retain(|(k, who, _)| !(k == "1" && who == last_name));
    for (p, _) in &phones {
        p.sync().await;
    }
    committee.sync().await;

    let authors: Vec<&str> = people.iter().map(|(_, n)| *n).collect();
    let xlsx = committee
        .ask(ExportOpinions {
            draft_id: draft,
            format: OpinionFormat::Xlsx,
        })
        .await;
    let (in_sheet, sections) = from_sheet(&xlsx.path);
    assert_eq!(in_sheet, want);
    assert_eq!(sections.len(), SECTIONS.len(), "every section listed");
    let docx = committee
        .ask(ExportOpinions {
            draft_id: draft,
            format: OpinionFormat::Docx,
        })
        .await;
    let bytes = std::fs::read(&docx.path).expect("the .docx");
    let (in_doc, sections) = from_docx(&bytes, &authors);
    assert_eq!(in_doc, want);
    assert_eq!(
        sections.len(),
        SECTIONS.len(),
        "every section has its heading"
    );
    assert!(want.len() >= 8, "{} opinions", want.len());
    let withdrawn = Opinion::row_id(draft, "1", people[3].0);
    let emptied = committee
        .replica
        .db()
        .live_row(sotay_model::Entity::Opinion, withdrawn)
        .expect("db")
        .expect("a withdrawn opinion is kept, emptied");
    assert_eq!(
        emptied.str("body"),
        Some(""),
        "its text is gone from the committee's copy"
    );
}
