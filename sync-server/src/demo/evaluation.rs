//! The demo's yearly evaluation (issue 19) for last year: every rated member's
//! self-assessment, each cell's proposal (made by its secretary; the demo holds no
//! year-end meeting to link it to), the grassroots committee's decision for every
//! member (mostly "tốt", some "hoàn thành", a few "xuất sắc" within 20% of "tốt", a
//! rare "không hoàn thành"), and the ratings of every cell by its grassroots committee
//! and of every grassroots organisation by its district committee, within the same
//! share among the organisations rated together.
//!
//! Members who joined in October of last year or later are not rated for it in the
//! demo (under a quarter in the cell that year). The texts are illustrative.

use super::{Cell, DemoError};
use crate::rows::{row_change, server_hlc};
use crate::store::Store;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;
use sotay_model::entities::{Member, MemberStatus, PositionTitle};
use sotay_model::evaluation::{
    OrgRating, ProposalLine, Rating, RatingDecision, RatingProposal, SelfAssessment,
    EXCELLENT_SHARE_PERCENT,
};
use sotay_model::ids::Id;
use sotay_model::protocol::Outcome;
use sotay_model::row::Row;
use sotay_model::tasks::vn_day;
use sotay_model::Change;

/// What the demo's evaluation hangs on.
pub struct DemoEvaluation<'a> {
    pub cells: &'a [Cell],
    pub members: &'a [Member],
    /// (grassroots organisation, its district's index, indices of its cells).
    pub grassroots: &'a [(Id, usize, Vec<usize>)],
    pub districts: &'a [Id],
    /// (member, organisation, title) of every post.
    pub posts: &'a [(Id, Id, PositionTitle)],
}

const POLITICAL: &[&str] = &[
    "Kiên định chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh; chấp hành nghiêm chủ trương của Đảng, chính sách, pháp luật của Nhà nước",
    "Luôn tin tưởng vào đường lối đổi mới của Đảng; tham gia đầy đủ các buổi học tập, quán triệt nghị quyết",
    "Có lập trường tư tưởng vững vàng, không dao động trước những luận điệu sai trái trên mạng xã hội",
    "Chấp hành nghiêm nguyên tắc tập trung dân chủ; thẳng thắn góp ý trong sinh hoạt chi bộ",
    "Tích cực nghiên cứu văn kiện, nghị quyết; vận dụng vào công việc của bản thân và gia đình",
];

const ETHICS: &[&str] = &[
    "Giữ gìn phẩm chất đạo đức, không vi phạm những điều đảng viên không được làm",
    "Trung thực, khiêm tốn, giữ mối liên hệ mật thiết với nhân dân nơi cư trú",
    "Thực hiện tốt Chỉ thị 05 về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Cần, kiệm, liêm, chính; không có biểu hiện suy thoái về đạo đức, lối sống",
];

const LIFESTYLE: &[&str] = &[
    "Lối sống giản dị, đoàn kết với đồng chí, đồng nghiệp và bà con hàng xóm",
    "Gương mẫu chấp hành quy ước thôn xóm; gia đình đạt danh hiệu gia đình văn hóa",
    "Tác phong gần gũi quần chúng, lắng nghe và phản ánh kịp thời ý kiến của nhân dân",
    "Sinh hoạt lành mạnh, thực hiện nếp sống văn minh trong việc cưới, việc tang",
];

const RESULTS: &[&str] = &[
    "Hoàn thành nhiệm vụ chi hội trưởng hội cựu chiến binh; vận động hội viên tham gia làm đường giao thông nông thôn",
    "Làm tốt công tác hòa giải ở tổ tự quản; năm qua hòa giải thành {k} vụ việc",
    "Giảng dạy tại trường tiểu học xã; lớp chủ nhiệm đạt danh hiệu lớp tiên tiến",
    "Phụ trách theo dõi {k} hộ gia đình; vận động các hộ nộp đủ các khoản đóng góp xây dựng nông thôn mới",
    "Duy trì mô hình trồng rau an toàn, hướng dẫn {k} hộ làm theo",
    "Hoàn thành nhiệm vụ chuyên môn tại trạm y tế xã; tham gia tiêm chủng mở rộng",
    "Tham gia tổ an ninh trật tự thôn; cùng công an xã giải quyết {k} vụ việc",
    "Hoàn thành nhiệm vụ tổ trưởng tổ dân vận; nắm tình hình và báo cáo chi ủy hằng tháng",
    "Vận động con cháu chấp hành tốt nghĩa vụ quân sự; tích cực tham gia phong trào khuyến học",
];

const SHORTCOMINGS: &[&str] = &[
    "Có lúc còn chậm báo cáo kết quả công việc với chi ủy",
    "Việc nghiên cứu tài liệu, nghị quyết chưa thật sâu",
    "Vắng {k} buổi sinh hoạt chi bộ (có lý do)",
    "Chưa mạnh dạn tự phê bình và phê bình",
    "Tuyên truyền, vận động quần chúng có lúc chưa thường xuyên",
];

const DIRECTION: &[&str] = &[
    "Sắp xếp thời gian hợp lý, báo cáo công việc đúng hạn",
    "Dành thời gian nghiên cứu nghị quyết, vận dụng vào công việc",
    "Tham gia đầy đủ sinh hoạt chi bộ, báo cáo trước khi vắng",
    "Phát huy tinh thần tự phê bình và phê bình trong sinh hoạt",
    "Thường xuyên bám sát cơ sở, nắm tình hình quần chúng",
];

/// One of `texts`, its `{k}` filled with a small number.
fn pick(rng: &mut StdRng, texts: &[&str]) -> String {
    let k = rng.gen_range(2..=9);
    texts
        .choose(rng)
        .map(|t| t.replace("{k}", &k.to_string()))
        .unwrap_or_default()
}

/// `n` ratings of one group rated together, in a random order: mostly "tốt", some
/// "hoàn thành", rarely (one in `not_completed_in`) "không hoàn thành", and "xuất
/// sắc" for some of those "tốt" while within the share of what stays "tốt".
fn grade(rng: &mut StdRng, n: usize, completed_pct: u32, not_completed_in: u32) -> Vec<Rating> {
    let mut out: Vec<Rating> = (0..n)
        .map(|_| {
            if rng.gen_ratio(1, not_completed_in) {
                Rating::NotCompleted
            } else if rng.gen_range(0..100) < completed_pct {
                Rating::Completed
            } else {
                Rating::Good
            }
        })
        .collect();
    let good = out.iter().filter(|r| **r == Rating::Good).count() as u32;
    // e excellent leave good − e good: e ≤ (good − e) × 20%.
    let share = EXCELLENT_SHARE_PERCENT;
    let most = good * share / (100 + share);
    let excellent = if most > 0 && rng.gen_bool(0.7) {
        rng.gen_range(1..=most)
    } else {
        0
    };
    let mut goods: Vec<usize> = (0..n).filter(|&i| out[i] == Rating::Good).collect();
    goods.shuffle(rng);
    for &i in goods.iter().take(excellent as usize) {
        out[i] = Rating::Excellent;
    }
    out
}

/// The holder of the first committee post (secretary first) of `org`.
fn leader(posts: &[(Id, Id, PositionTitle)], org: Id) -> Option<Id> {
    use PositionTitle::*;
    [Secretary, DeputySecretary, CommitteeMember]
        .iter()
        .find_map(|t| {
            posts
                .iter()
                .find(|(_, o, title)| *o == org && title == t)
                .map(|(m, _, _)| *m)
        })
}

fn org_note(r: Rating) -> &'static str {
    match r {
        Rating::Excellent => {
            "Lãnh đạo hoàn thành vượt các chỉ tiêu nghị quyết năm; đoàn kết, tiêu biểu"
        }
        Rating::Good => "Lãnh đạo hoàn thành các chỉ tiêu nghị quyết năm",
        Rating::Completed => "Hoàn thành nhiệm vụ; chất lượng sinh hoạt còn hạn chế",
        Rating::NotCompleted => "Nhiều chỉ tiêu nghị quyết năm không đạt",
    }
}

struct Seeder<'r> {
    rng: &'r mut StdRng,
    now_ms: u64,
    changes: Vec<Change>,
}

impl Seeder<'_> {
    fn push<R: Row>(&mut self, row: &R) {
        let cid = Id::v7(self.now_ms, self.rng.gen());
        self.changes
            .push(row_change(cid, row, server_hlc(self.now_ms)));
    }
}

/// Seed last year's evaluation; answers how many members were rated.
pub fn seed(
    store: &dyn Store,
    rng: &mut StdRng,
    now_ms: u64,
    demo: &DemoEvaluation,
) -> Result<usize, DemoError> {
    let today = vn_day(now_ms);
    let year: u32 = today
        .get(0..4)
        .and_then(|y| y.parse::<u32>().ok())
        .map(|y| y - 1)
        .ok_or_else(|| DemoError::Refused(format!("ngày không hợp lệ: {today}")))?;
    // Joined by the end of September of the year rated.
    let rated_from = format!("{year:04}-10-01");
    let mut s = Seeder {
        rng,
        now_ms,
        changes: Vec::new(),
    };
    let mut decided = 0;
    for (gid, _, cell_idx) in demo.grassroots {
        let Some(committee) = leader(demo.posts, *gid) else {
            continue;
        };
        for &ci in cell_idx {
            let Some(cell) = demo.cells.get(ci) else {
                continue;
            };
            let rated: Vec<&Member> = cell
                .members
                .iter()
                .filter_map(|id| demo.members.iter().find(|m| m.id == *id))
                .filter(|m| m.joined_date < rated_from)
                .collect();
            // The demo rates no probationary member "xuất sắc": it grades the full
            // members together, then the probationary ones without it.
            let full: Vec<&Member> = rated
                .iter()
                .copied()
                .filter(|m| m.status == MemberStatus::Full)
                .collect();
            let probationary: Vec<&Member> = rated
                .iter()
                .copied()
                .filter(|m| m.status != MemberStatus::Full)
                .collect();
            let mut ratings = grade(s.rng, full.len(), 15, 40);
            ratings.extend(
                grade(s.rng, probationary.len(), 30, 40)
                    .into_iter()
                    .map(|r| match r {
                        Rating::Excellent => Rating::Good,
                        r => r,
                    }),
            );
            let mut lines = Vec::new();
            let mut decisions = Vec::new();
            for (m, rating) in full.iter().chain(&probationary).zip(ratings) {
                let not_done = rating == Rating::NotCompleted;
                let results = if not_done {
                    format!(
                        "Chưa hoàn thành nhiệm vụ được giao; vắng {} buổi sinh hoạt chi bộ",
                        s.rng.gen_range(3..=5)
                    )
                } else {
                    format!(
                        "{}; dự {}/12 buổi sinh hoạt chi bộ",
                        pick(s.rng, RESULTS),
                        s.rng.gen_range(10..=12)
                    )
                };
                let self_rating = match rating {
                    Rating::Excellent if s.rng.gen_bool(0.5) => Rating::Excellent,
                    Rating::Excellent => Rating::Good,
                    Rating::Completed if s.rng.gen_bool(0.3) => Rating::Good,
                    Rating::NotCompleted => Rating::Completed,
                    r => r,
                };
                let a = SelfAssessment {
                    id: SelfAssessment::row_id(m.id, year),
                    org_id: cell.id,
                    member_id: m.id,
                    year,
                    political: pick(s.rng, POLITICAL),
                    ethics: pick(s.rng, ETHICS),
                    lifestyle: pick(s.rng, LIFESTYLE),
                    results,
                    shortcomings: if not_done {
                        "Ý thức tổ chức kỷ luật chưa cao; nhiều lần không báo cáo khi vắng".into()
                    } else {
                        pick(s.rng, SHORTCOMINGS)
                    },
                    direction: pick(s.rng, DIRECTION),
                    self_rating: Some(self_rating),
                };
                s.push(&a);
                let note = match rating {
                    Rating::Excellent => "Tiêu biểu trong thực hiện nhiệm vụ năm".to_string(),
                    Rating::NotCompleted => {
                        "Vi phạm chế độ sinh hoạt đảng; chi bộ đã nhắc nhở".to_string()
                    }
                    _ => String::new(),
                };
                lines.push(ProposalLine {
                    member_id: m.id,
                    rating,
                    note: note.clone(),
                });
                let d = RatingDecision {
                    id: RatingDecision::row_id(m.id, year),
                    org_id: cell.id,
                    member_id: m.id,
                    year,
                    rating,
                    note,
                    decided_org_id: *gid,
                    decided_by: committee,
                };
                decisions.push(d);
            }
            // The server judges the share as each decision arrives: "xuất sắc" last,
            // when the "tốt" it is measured against are decided.
            decisions.sort_by_key(|d| d.rating == Rating::Excellent);
            for d in &decisions {
                s.push(d);
            }
            decided += decisions.len();
            if let (false, Some(&secretary)) = (lines.is_empty(), cell.members.first()) {
                let p = RatingProposal {
                    id: RatingProposal::row_id(cell.id, year),
                    org_id: cell.id,
                    year,
                    meeting_id: None,
                    lines,
                    proposed_by: secretary,
                };
                s.push(&p);
            }
        }
        // The grassroots committee rates its cells, together.
        let cells: Vec<Id> = cell_idx
            .iter()
            .filter_map(|&ci| demo.cells.get(ci).map(|c| c.id))
            .collect();
        for (cell, rating) in cells.iter().zip(grade(s.rng, cells.len(), 15, 60)) {
            s.push(&OrgRating {
                id: OrgRating::row_id(*cell, year),
                org_id: *cell,
                year,
                rating,
                note: org_note(rating).into(),
                decided_org_id: *gid,
                decided_by: committee,
            });
        }
    }
    // Each district committee rates its grassroots organisations, together.
    for (di, &district) in demo.districts.iter().enumerate() {
        let Some(committee) = leader(demo.posts, district) else {
            continue;
        };
        let orgs: Vec<Id> = demo
            .grassroots
            .iter()
            .filter(|(_, d, _)| *d == di)
            .map(|(g, _, _)| *g)
            .collect();
        for (g, rating) in orgs.iter().zip(grade(s.rng, orgs.len(), 15, 100)) {
            s.push(&OrgRating {
                id: OrgRating::row_id(*g, year),
                org_id: *g,
                year,
                rating,
                note: org_note(rating).into(),
                decided_org_id: district,
                decided_by: committee,
            });
        }
    }
    for r in store.seed(&s.changes, now_ms)? {
        if !matches!(r.outcome, Outcome::Accepted { .. }) {
            return Err(DemoError::Refused(format!("{:?}", r.outcome)));
        }
    }
    Ok(decided)
}
