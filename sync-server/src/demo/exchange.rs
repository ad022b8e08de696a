//! The demo's information exchange (issue 16): the province's announcement to its
//! whole subtree (reminded once), the demo cell's district's announcement to two of its
//! cells with a must-read-by date, read receipts from some of their readers (about
//! half, never all, never none), a discussion on the district's announcement and on a
//! library document of the province (a reply, and one comment hidden by the cell's
//! secretary with a reason), questions to the cell's, the grassroots' and the
//! district's committees (all but one answered; two published as questions and
//! answers, one at the district and one at the cell), and the district's draft
//! political report open for opinions for two more weeks, with opinions on two of its
//! sections. Events get distinct stamps, in the order written, before `now_ms`.

use super::{Cell, DemoError};
use crate::rows::{edit_change, row_change, server_hlc};
use crate::store::Store;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;
use serde_json::json;
use sotay_model::entities::PositionTitle;
use sotay_model::exchange::{
    Announcement, AnnouncementRead, Answer, Comment, Draft, DraftSection, FaqEntry, Opinion,
    Question, TargetKind,
};
use sotay_model::ids::Id;
use sotay_model::library::documents::{DocKind, DocStatus, Document};
use sotay_model::protocol::Outcome;
use sotay_model::row::Row;
use sotay_model::tasks::vn_day;
use sotay_model::{Change, Entity};

const DAY: u64 = 86_400_000;

/// What the demo's exchange hangs on.
pub struct DemoExchange<'a> {
    pub province: Id,
    pub province_officer: Id,
    /// The demo cell (its first member is its secretary).
    pub cell: &'a Cell,
    pub cells: &'a [Cell],
    pub parents: &'a [(Id, Id)],
    pub posts: &'a [(Id, Id, PositionTitle)],
    /// The demo cell's plain members (no post anywhere), in the order made.
    pub plain: &'a [Id],
}

impl DemoExchange<'_> {
    fn parent(&self, org: Id) -> Option<Id> {
        self.parents
            .iter()
            .find(|(c, _)| *c == org)
            .map(|(_, p)| *p)
    }

    /// The organisation's holder of `title`, else any post holder.
    fn holder(&self, org: Id, title: PositionTitle) -> Option<Id> {
        let at = |t: Option<PositionTitle>| {
            self.posts
                .iter()
                .find(|(_, o, p)| *o == org && t.is_none_or(|t| t == *p))
                .map(|(m, _, _)| *m)
        };
        at(Some(title)).or_else(|| at(None))
    }
}

/// What was seeded, for the demo's tests.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExchangeReport {
    pub announcements: usize,
    pub receipts: usize,
    pub comments: usize,
    pub questions: usize,
    pub answers: usize,
    pub faq_entries: usize,
    pub opinions: usize,
}

struct Seeder<'r> {
    rng: &'r mut StdRng,
    now_ms: u64,
    changes: Vec<Change>,
    /// Events are stamped a minute apart, in the order written.
    tick: u64,
}

impl Seeder<'_> {
    fn id(&mut self) -> Id {
        Id::v7(self.now_ms, self.rng.gen())
    }
    fn at(&mut self, days_ago: u64) -> u64 {
        self.tick += 60_000;
        self.now_ms.saturating_sub(days_ago * DAY) + self.tick
    }
    fn push<R: Row>(&mut self, row: &R, days_ago: u64) {
        let (cid, at) = (self.id(), self.at(days_ago));
        self.changes.push(row_change(cid, row, server_hlc(at)));
    }
    /// Fields of an existing row, and optionally its deletion, in one change.
    fn edit(
        &mut self,
        (entity, row, org): (Entity, Id, Id),
        fields: Vec<(&str, serde_json::Value)>,
        delete: bool,
        days_ago: u64,
    ) {
        let (cid, at) = (self.id(), self.at(days_ago));
        let mut c = edit_change(cid, entity, row, org, fields, server_hlc(at));
        if delete {
            c.tombstone = Some(server_hlc(at));
        }
        self.changes.push(c);
    }
    fn announcement(
        &mut self,
        batch: Id,
        org: Id,
        (sender, by): (Id, Id),
        text: (&str, &str),
        must: Option<String>,
    ) -> Announcement {
        Announcement {
            id: Announcement::row_id(batch, org),
            org_id: org,
            batch_id: batch,
            sender_org_id: sender,
            sent_by: by,
            title: text.0.into(),
            body: text.1.into(),
            must_read_by: must,
            reminders: 0,
            sent_ms: 0,
            reminded_ms: 0,
        }
    }
    /// Receipts from about half of `readers` (at least one, never all) at `cell`.
    fn receipts(&mut self, copy: Id, cell: Id, readers: &[Id], days_ago: u64) -> usize {
        let mut who = readers.to_vec();
        who.shuffle(self.rng);
        let n = (readers.len() / 2 + self.rng.gen_range(0..=1))
            .clamp(1, readers.len().saturating_sub(1).max(1));
        for &m in &who[..n] {
            let r = AnnouncementRead {
                id: AnnouncementRead::row_id(copy, m),
                org_id: cell,
                announcement_id: copy,
                member_id: m,
                read_ms: 0,
            };
            self.push(&r, days_ago);
        }
        n
    }
    fn comment(
        &mut self,
        on: (TargetKind, Id, Id),
        reply_to: Option<Id>,
        by: Id,
        body: &str,
        days_ago: u64,
    ) -> Comment {
        let c = Comment {
            id: self.id(),
            org_id: on.2,
            target_kind: on.0,
            target_id: on.1,
            reply_to,
            author_id: by,
            body: body.into(),
            hidden_reason: String::new(),
            written_ms: 0,
            edited_ms: 0,
        };
        self.push(&c, days_ago);
        c
    }
    /// A question to `org`, and its answer (by whom, what) when given.
    fn ask(
        &mut self,
        org: Id,
        asker: Id,
        text: &str,
        answer: Option<(Id, &str)>,
        days_ago: u64,
    ) -> Question {
        let q = Question {
            id: self.id(),
            org_id: org,
            asker_id: asker,
            body: text.into(),
            asked_ms: 0,
        };
        self.push(&q, days_ago);
        if let Some((by, body)) = answer {
            let a = Answer {
                id: Answer::row_id(q.id),
                org_id: org,
                question_id: q.id,
                asker_id: asker,
                answered_by: by,
                body: body.into(),
                answered_ms: 0,
            };
            self.push(&a, days_ago.saturating_sub(1));
        }
        q
    }
}

/// Seed the demo's exchange.
pub fn seed(
    store: &dyn Store,
    rng: &mut StdRng,
    now_ms: u64,
    demo: &DemoExchange,
) -> Result<ExchangeReport, DemoError> {
    let mut s = Seeder {
        rng,
        now_ms,
        changes: Vec::new(),
        tick: 0,
    };
    let mut report = ExchangeReport::default();
    let missing = |what: &str| DemoError::Refused(format!("thiếu {what} cho dữ liệu trao đổi"));
    let cell = demo.cell;
    // The cell's chain upwards: cell, (section), grassroots, district, province.
    let mut chain = vec![cell.id];
    while let Some(p) = chain.last().and_then(|o| demo.parent(*o)) {
        chain.push(p);
    }
    let up = |k: usize| {
        chain
            .len()
            .checked_sub(k)
            .and_then(|i| chain.get(i))
            .copied()
    };
    let (Some(district), Some(grassroots)) = (up(2), up(3)) else {
        return Err(missing("đảng bộ cấp trên của chi bộ mẫu"));
    };
    let (sec, plain) = (cell.members[0], demo.plain);
    let [a, b, c, ..] = plain else {
        return Err(missing("đảng viên của chi bộ mẫu"));
    };
    let d_office = demo
        .holder(district, PositionTitle::OfficeStaff)
        .ok_or_else(|| missing("văn phòng huyện ủy"))?;
    let d_sec = demo
        .holder(district, PositionTitle::Secretary)
        .ok_or_else(|| missing("bí thư huyện ủy"))?;
    let g_sec = demo
        .holder(grassroots, PositionTitle::Secretary)
        .ok_or_else(|| missing("bí thư đảng ủy cơ sở"))?;
    let neighbour = demo
        .cells
        .iter()
        .find(|o| o.district == cell.district && o.id != cell.id)
        .ok_or_else(|| missing("chi bộ thứ hai của huyện"))?;

    // The province to its whole subtree, reminded once; read by some of two cells.
    let batch = s.id();
    let province = s.announcement(
        batch,
        demo.province,
        (demo.province, demo.province_officer),
        (
            "Thông báo Kết luận của Ban Thường vụ Tỉnh ủy về chuẩn bị đại hội đảng bộ các cấp",
            "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy hoàn thành việc chuẩn bị văn kiện, nhân sự đại hội theo đúng Chỉ thị 35-CT/TW; báo cáo tiến độ về Tỉnh ủy trước ngày 30 hằng tháng.",
        ),
        None,
    );
    s.push(&province, 9);
    s.edit(
        (Entity::Announcement, province.id, demo.province),
        vec![("reminders", json!(1))],
        false,
        4,
    );
    report.receipts += s.receipts(province.id, cell.id, &cell.members, 8);
    report.receipts += s.receipts(province.id, neighbour.id, &neighbour.members, 7);

    // The district to two of its cells, read by some by a date.
    let batch = s.id();
    let must = Some(vn_day(now_ms + 5 * DAY));
    let text = (
        "Thông báo lịch sinh hoạt chi bộ chuyên đề quý IV",
        "Các chi bộ sinh hoạt chuyên đề \"Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh\" trong tháng này; chi ủy chuẩn bị tài liệu và báo cáo kết quả về Huyện ủy.",
    );
    let mut copies = Vec::new();
    for to in [cell, neighbour] {
        let copy = s.announcement(batch, to.id, (district, d_office), text, must.clone());
        s.push(&copy, 6);
        copies.push(copy);
    }
    // The demo's plain member has not read the district's yet.
    let readers: Vec<Id> = cell.members.iter().copied().filter(|m| m != a).collect();
    report.receipts += s.receipts(copies[0].id, cell.id, &readers, 5);
    report.receipts += s.receipts(copies[1].id, neighbour.id, &neighbour.members, 5);
    report.announcements = 1 + copies.len();

    // A discussion on the district's copy: a suggestion, the secretary's reply, and
    // an off-topic comment the secretary hides.
    let on_copy = (TargetKind::Announcement, copies[0].id, cell.id);
    let first = s.comment(
        on_copy,
        None,
        *b,
        "Đề nghị chi ủy bố trí sinh hoạt buổi tối để đảng viên đi làm xa về kịp tham dự.",
        5,
    );
    s.comment(
        on_copy,
        Some(first.id),
        sec,
        "Chi ủy tiếp thu, buổi sinh hoạt sẽ bắt đầu lúc 19 giờ 30.",
        4,
    );
    let off = s.comment(
        on_copy,
        None,
        *c,
        "Nhà tôi có bán phân bón giá rẻ, ai cần liên hệ.",
        4,
    );
    s.edit(
        (Entity::Comment, off.id, cell.id),
        vec![
            ("body", json!("")),
            (
                "hidden_reason",
                json!("Nội dung không liên quan đến thông báo"),
            ),
        ],
        true,
        3,
    );
    // And on the province's copy of a directive in the library.
    let doc = Document {
        id: s.id(),
        kind: DocKind::Directive,
        number: "35-CT/TW".into(),
        title: "Chỉ thị về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng".into(),
        org_id: demo.province,
        issuer: "Bộ Chính trị".into(),
        issued_on: "2024-06-14".into(),
        status: DocStatus::InForce,
        summary: "Phương hướng chuẩn bị văn kiện, nhân sự và tổ chức đại hội đảng bộ các cấp.".into(),
        body: "Toàn văn Chỉ thị 35-CT/TW.".into(),
        topics: vec!["đại hội".into(), "xây dựng Đảng".into()],
    };
    s.push(&doc, 20);
    let on_doc = (TargetKind::Document, doc.id, demo.province);
    let asked = s.comment(
        on_doc,
        None,
        *a,
        "Phần tiêu chuẩn cấp ủy viên có áp dụng cho chi ủy chi bộ thôn không?",
        6,
    );
    s.comment(
        on_doc,
        Some(asked.id),
        g_sec,
        "Có, chi ủy viên cũng theo tiêu chuẩn chung tại mục 3 của Chỉ thị.",
        5,
    );
    report.comments = 5;

    // Questions: to the cell (one unanswered), the grassroots and the district.
    let to_cell = s.ask(
        cell.id,
        *a,
        "Đảng viên đi làm ăn xa có phải chuyển sinh hoạt đảng tạm thời không?",
        Some((sec, "Đi làm ăn xa từ 3 tháng trở lên thì làm thủ tục chuyển sinh hoạt đảng tạm thời về nơi làm việc.")),
        10,
    );
    s.ask(
        cell.id,
        *b,
        "Chi bộ có tổ chức học nghị quyết cho đảng viên cao tuổi tại nhà không?",
        None,
        2,
    );
    s.ask(
        grassroots,
        *c,
        "Khi nào đảng ủy xã tổ chức lớp bồi dưỡng lý luận cho quần chúng ưu tú?",
        Some((
            g_sec,
            "Lớp dự kiến mở vào tháng tới; chi bộ gửi danh sách về đảng ủy trước ngày 15.",
        )),
        8,
    );
    let to_district = s.ask(
        district,
        sec,
        "Đảng viên được miễn sinh hoạt có phải đóng đảng phí không?",
        Some((
            d_office,
            "Vẫn đóng đảng phí theo quy định, trừ trường hợp được miễn theo Quy định số 01-QĐ/TW.",
        )),
        12,
    );
    report.questions = 4;
    report.answers = 3;
    for (q, question, answer) in [
        (
            &to_cell,
            "Đi làm ăn xa có phải chuyển sinh hoạt đảng không?",
            "Từ 3 tháng trở lên thì chuyển sinh hoạt đảng tạm thời về nơi làm việc.",
        ),
        (
            &to_district,
            "Đảng viên được miễn sinh hoạt có phải đóng đảng phí không?",
            "Vẫn đóng đảng phí, trừ trường hợp được miễn theo quy định.",
        ),
    ] {
        let f = FaqEntry {
            id: FaqEntry::row_id(q.id),
            org_id: q.org_id,
            question_id: Some(q.id),
            question: question.into(),
            answer: answer.into(),
            published_ms: 0,
        };
        s.push(&f, 1);
    }
    report.faq_entries = 2;

    // The district's draft, open for two more weeks; opinions on sections 1 and 2.
    let section = |key: &str, title: &str, text: &str| DraftSection {
        key: key.into(),
        title: title.into(),
        text: text.into(),
    };
    let draft = Draft {
        id: s.id(),
        org_id: district,
        title: "Dự thảo Báo cáo chính trị trình Đại hội Đảng bộ huyện nhiệm kỳ 2025 - 2030".into(),
        intro: "Huyện ủy lấy ý kiến đóng góp của đảng viên vào dự thảo trước khi trình Đại hội.".into(),
        sections: vec![
            section("1", "Đánh giá kết quả thực hiện Nghị quyết Đại hội nhiệm kỳ 2020 - 2025", "Kinh tế tăng trưởng khá; nông thôn mới được giữ vững; công tác xây dựng Đảng có chuyển biến."),
            section("2", "Phương hướng, mục tiêu, nhiệm vụ nhiệm kỳ 2025 - 2030", "Phấn đấu 100% xã đạt chuẩn nông thôn mới nâng cao."),
            section("3", "Nâng cao năng lực lãnh đạo và sức chiến đấu của Đảng bộ", "Đổi mới nội dung, phương thức sinh hoạt chi bộ."),
        ],
        deadline: vn_day(now_ms + 14 * DAY),
        opinions_visible: false,
        opened_by: d_sec,
        opened_ms: 0,
    };
    s.push(&draft, 7);
    let opinions = [
        (
            *b,
            "1",
            "Đề nghị nêu rõ hơn nguyên nhân của việc chậm chuyển đổi cơ cấu cây trồng.",
        ),
        (
            *c,
            "1",
            "Nên bổ sung số liệu về thu nhập bình quân đầu người năm 2025.",
        ),
        (
            *b,
            "2",
            "Mục tiêu 100% xã nông thôn mới nâng cao là cao so với điều kiện các xã ven sông.",
        ),
        (
            sec,
            "2",
            "Đề nghị bổ sung nhiệm vụ phát triển kinh tế hợp tác xã.",
        ),
        (
            neighbour.members[0],
            "2",
            "Cần có giải pháp cụ thể cho việc làm của thanh niên.",
        ),
    ];
    for (author, key, body) in opinions {
        let o = Opinion {
            id: Opinion::row_id(draft.id, key, author),
            org_id: district,
            draft_id: draft.id,
            section_key: key.into(),
            author_id: author,
            body: body.into(),
            written_ms: 0,
        };
        s.push(&o, 3);
    }
    report.opinions = opinions.len();

    for r in store.seed(&s.changes, now_ms)? {
        if !matches!(r.outcome, Outcome::Accepted { .. }) {
            return Err(DemoError::Refused(format!("{:?}", r.outcome)));
        }
    }
    Ok(report)
}
