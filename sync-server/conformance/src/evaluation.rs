//! Conformance check of the yearly evaluation (issue 19): a member's self-assessment is
//! theirs, read by their cell's committee and office and the offices above, never by
//! fellow members; the cell's office proposes ratings for its own members at its own
//! meeting; a committee above decides, in its own name and from an organisation where
//! its author holds a committee post, and the decisions of a cell's year keep "xuất
//! sắc" within 20% of "tốt" whoever wrote them; a decided year closes the
//! self-assessment; rows carry the ids derived from what they are about; ratings are
//! announced in the cell; the committee above rates an organisation. A refusal stores
//! nothing.

use super::fixture::{member, Pen, Tree, SEED_MS};
use super::{accept, forbidden, pulled, refuse, refused_because, Backend};
use serde_json::json;
use sotay_model::entities::{Position, PositionTitle};
use sotay_model::evaluation::{
    OrgRating, ProposalLine, Rating, RatingDecision, RatingProposal, SelfAssessment,
};
use sotay_model::ids::{DeviceId, Id};
use sotay_model::meetings::{Meeting, MeetingKind, MeetingStatus};
use sotay_model::protocol::Outcome;
use sotay_model::row::Row;
use sotay_model::{Change, Entity};
use sotay_server::rows::{self, row_change, server_hlc};
use sotay_server::store::{Store, DEFAULT_CODE_TTL_MS};
use std::collections::BTreeSet;

const YEAR: u32 = 2025;

/// A device's change writing every field of `row`.
fn put<R: Row>(pen: &mut Pen, dev: DeviceId, row: &R) -> Change {
    row_change(pen.id(), row, pen.hlc(dev))
}

fn assessment(cell: Id, member_id: Id, results: &str) -> SelfAssessment {
    SelfAssessment {
        id: SelfAssessment::row_id(member_id, YEAR),
        org_id: cell,
        member_id,
        year: YEAR,
        political: "Kiên định mục tiêu độc lập dân tộc gắn liền với chủ nghĩa xã hội".into(),
        ethics: "Giữ gìn phẩm chất đạo đức, không vi phạm những điều đảng viên không được làm"
            .into(),
        lifestyle: "Lối sống giản dị, đoàn kết với quần chúng nơi cư trú".into(),
        results: results.into(),
        shortcomings: "Có lúc còn chậm báo cáo kết quả".into(),
        direction: "Sắp xếp thời gian, báo cáo đúng hạn".into(),
        self_rating: Some(Rating::Good),
    }
}

fn decision(cell: Id, member_id: Id, rating: Rating, from: Id, by: Id) -> RatingDecision {
    RatingDecision {
        id: RatingDecision::row_id(member_id, YEAR),
        org_id: cell,
        member_id,
        year: YEAR,
        rating,
        note: String::new(),
        decided_org_id: from,
        decided_by: by,
    }
}

fn org_rating(org: Id, rating: Rating, from: Id, by: Id) -> OrgRating {
    OrgRating {
        id: OrgRating::row_id(org, YEAR),
        org_id: org,
        year: YEAR,
        rating,
        note: "Lãnh đạo hoàn thành tốt các chỉ tiêu năm".into(),
        decided_org_id: from,
        decided_by: by,
    }
}

fn line(member_id: Id, rating: Rating) -> ProposalLine {
    ProposalLine {
        member_id,
        rating,
        note: String::new(),
    }
}

fn meeting(id: Id, org: Id) -> Meeting {
    Meeting {
        id,
        org_id: org,
        kind: MeetingKind::Regular,
        topic: "Kiểm điểm, đánh giá, xếp loại đảng viên cuối năm".into(),
        starts_at: 1_765_000_000_000,
        ends_at: 1_765_007_200_000,
        place: "Nhà văn hóa thôn".into(),
        chair_id: None,
        minute_taker_id: None,
        agenda: vec!["Kiểm điểm tập thể và cá nhân".into()],
        materials: vec![],
        invited: vec![],
        guests: vec![],
        status: MeetingStatus::Planned,
        note: String::new(),
    }
}

fn absent(store: &impl Store, id: Id) {
    assert!(
        store.row(id).expect("row").is_none(),
        "a refusal stored {id}"
    );
}

fn enroll(store: &impl Store, m: Id, name: &str) -> DeviceId {
    let code = store
        .create_enroll_code(m, DEFAULT_CODE_TTL_MS, SEED_MS)
        .expect("create a code");
    store
        .enroll(&code, name, SEED_MS)
        .expect("enroll")
        .device_id
}

fn id(n: u128) -> Id {
    Id::from_u128(0xe7a1_0000 + n)
}

/// Self-assessments, proposals, decisions and organisations' ratings through
/// `push`/`pull`.
pub fn evaluation_assessed_proposed_decided_within_the_share<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let mut pen = Pen::default();

    // Beside the fixture: five more members of C1 (eight in all, for the share), the
    // secretary of G1 (living in C2) and an office clerk of G1 who holds no committee
    // post, and meetings: one of C1, one of C2, one of C1 deleted.
    let more: Vec<Id> = (0..5).map(|k| id(100 + k)).collect();
    let (g1s, g1clerk) = (id(110), id(111));
    let (c1_meeting, c2_meeting, dropped_meeting) = (id(120), id(121), id(122));
    let hlc = server_hlc(SEED_MS);
    let mut n = 200;
    let mut next = || {
        n += 1;
        id(n)
    };
    let mut world: Vec<Change> = more
        .iter()
        .enumerate()
        .map(|(k, &m)| {
            rows::member_change(next(), &member(m, &format!("Ngô Văn Tư {k}"), t.c1), hlc)
        })
        .collect();
    world.push(rows::member_change(
        next(),
        &member(g1s, "Bùi Thị Hằng", t.c2),
        hlc,
    ));
    world.push(rows::member_change(
        next(),
        &member(g1clerk, "Hà Văn Khải", t.c2),
        hlc,
    ));
    for (holder, title) in [
        (g1s, PositionTitle::Secretary),
        (g1clerk, PositionTitle::OfficeStaff),
    ] {
        let p = Position {
            id: next(),
            member_id: holder,
            org_id: t.g1,
            title,
        };
        world.push(rows::position_change(next(), &p, hlc));
    }
    world.push(row_change(next(), &meeting(c1_meeting, t.c1), hlc));
    world.push(row_change(next(), &meeting(c2_meeting, t.c2), hlc));
    world.push(row_change(next(), &meeting(dropped_meeting, t.c1), hlc));
    world.push(rows::delete_change(
        next(),
        Entity::Meeting,
        dropped_meeting,
        t.c1,
        server_hlc(SEED_MS + 1),
    ));
    for r in store.seed(&world, SEED_MS).expect("seed") {
        assert!(
            matches!(r.outcome, Outcome::Accepted { .. }),
            "world refused: {r:?}"
        );
    }
    let dev_g1s = enroll(&store, g1s, "máy tính đảng ủy xã");
    let dev_clerk = enroll(&store, g1clerk, "máy tính văn phòng đảng ủy");
    // The district committee member's second device.
    let dev_dc2 = enroll(&store, t.dc, "máy tính bảng huyện ủy");

    // Self-assessments: a member writes their own, and rewrites it until decided.
    let a_m1 = assessment(t.c1, t.m1, "Hoàn thành tốt nhiệm vụ tổ trưởng tổ tự quản");
    accept(&store, d.m1, &put(&mut pen, d.m1, &a_m1));
    let a_m2 = assessment(t.c1, t.m2, "Hoàn thành nhiệm vụ giáo viên chủ nhiệm lớp 5");
    accept(&store, d.m2, &put(&mut pen, d.m2, &a_m2));
    let rewritten = SelfAssessment {
        results: "Hoàn thành tốt nhiệm vụ tổ trưởng; vận động 12 hộ hiến đất làm đường".into(),
        ..a_m1.clone()
    };
    accept(&store, d.m1, &put(&mut pen, d.m1, &rewritten));
    let stored = store.row(a_m1.id).expect("row").expect("stored");
    assert_eq!(
        SelfAssessment::from_row(&stored.row).expect("valid"),
        rewritten
    );
    // Written for someone else: by a fellow member, by the cell's secretary, by the
    // committee above. Refused, nothing stored.
    let for_m2 = SelfAssessment {
        id: SelfAssessment::row_id(t.m2, 2024),
        year: 2024,
        ..a_m2.clone()
    };
    for dev in [d.m1, d.sec, d.dc] {
        forbidden(&refuse(&store, dev, &put(&mut pen, dev, &for_m2)));
    }
    absent(&store, for_m2.id);
    // Not the derived id; not the member's cell.
    let wrong_id = SelfAssessment {
        id: pen.id(),
        year: 2024,
        ..a_m1.clone()
    };
    refused_because(
        &refuse(&store, d.m1, &put(&mut pen, d.m1, &wrong_id)),
        "mã bản tự kiểm điểm",
    );
    absent(&store, wrong_id.id);
    let elsewhere = SelfAssessment {
        id: SelfAssessment::row_id(t.m1, 2024),
        org_id: t.c2,
        year: 2024,
        ..a_m1.clone()
    };
    refused_because(
        &refuse(&store, d.m1, &put(&mut pen, d.m1, &elsewhere)),
        "chi bộ đang sinh hoạt",
    );
    absent(&store, elsewhere.id);
    // Read by the member, the cell's committee and the committee above; not by a
    // fellow member, another cell or another district.
    assert_eq!(
        pulled(&store, d.m1, Entity::SelfAssessment),
        BTreeSet::from([a_m1.id])
    );
    assert_eq!(
        pulled(&store, d.m2, Entity::SelfAssessment),
        BTreeSet::from([a_m2.id])
    );
    let both = BTreeSet::from([a_m1.id, a_m2.id]);
    for dev in [d.sec, d.dc, dev_g1s, dev_clerk] {
        assert_eq!(pulled(&store, dev, Entity::SelfAssessment), both);
    }
    for dev in [d.c2m, d.o] {
        assert!(pulled(&store, dev, Entity::SelfAssessment).is_empty());
    }

    // The cell's proposal, by its secretary at its own meeting, in their own name.
    let proposal = RatingProposal {
        id: RatingProposal::row_id(t.c1, YEAR),
        org_id: t.c1,
        year: YEAR,
        meeting_id: Some(c1_meeting),
        lines: vec![
            line(t.sec, Rating::Good),
            line(t.m1, Rating::Excellent),
            line(t.m2, Rating::Completed),
        ]
        .into_iter()
        .chain(more.iter().map(|&m| line(m, Rating::Good)))
        .collect(),
        proposed_by: t.sec,
    };
    let refusals: Vec<(RatingProposal, &str)> = vec![
        (
            RatingProposal {
                lines: vec![line(t.m1, Rating::Good), line(t.c2m, Rating::Good)],
                ..proposal.clone()
            },
            "đảng viên của chi bộ",
        ),
        (
            RatingProposal {
                meeting_id: Some(c2_meeting),
                ..proposal.clone()
            },
            "cuộc họp của chi bộ",
        ),
        (
            RatingProposal {
                meeting_id: Some(dropped_meeting),
                ..proposal.clone()
            },
            "cuộc họp của chi bộ",
        ),
        (
            RatingProposal {
                meeting_id: Some(t.m1),
                ..proposal.clone()
            },
            "cuộc họp của chi bộ",
        ),
        (
            RatingProposal {
                proposed_by: t.m1,
                ..proposal.clone()
            },
            "đúng người đề xuất",
        ),
        (
            RatingProposal {
                id: pen.id(),
                ..proposal.clone()
            },
            "mã đề xuất",
        ),
        (
            RatingProposal {
                id: RatingProposal::row_id(t.c1, 2024),
                lines: vec![line(t.m1, Rating::Excellent), line(t.m2, Rating::Good)],
                year: 2024,
                ..proposal.clone()
            },
            "vượt quá 20%",
        ),
    ];
    for (p, why) in &refusals {
        refused_because(&refuse(&store, d.sec, &put(&mut pen, d.sec, p)), why);
        absent(&store, p.id);
    }
    // A plain member proposes nothing.
    let by_m1 = RatingProposal {
        proposed_by: t.m1,
        ..proposal.clone()
    };
    forbidden(&refuse(&store, d.m1, &put(&mut pen, d.m1, &by_m1)));
    absent(&store, proposal.id);
    accept(&store, d.sec, &put(&mut pen, d.sec, &proposal));

    // Decisions: the committee above, from two devices and two levels, up to the
    // share: five "tốt" and one "xuất sắc" in C1.
    let goods: Vec<Id> = more.clone();
    for (k, &m) in goods.iter().enumerate() {
        let (dev, from, by) = if k % 2 == 0 {
            (d.dc, t.d1, t.dc)
        } else {
            (dev_g1s, t.g1, g1s)
        };
        accept(
            &store,
            dev,
            &put(&mut pen, dev, &decision(t.c1, m, Rating::Good, from, by)),
        );
    }
    let first = decision(t.c1, t.m1, Rating::Excellent, t.d1, t.dc);
    accept(&store, d.dc, &put(&mut pen, d.dc, &first));
    // A second "xuất sắc" is beyond the share, whoever writes it and from wherever.
    let second = |from, by| decision(t.c1, t.sec, Rating::Excellent, from, by);
    for (dev, from, by) in [
        (dev_g1s, t.g1, g1s),
        (dev_dc2, t.d1, t.dc),
        (d.dc, t.d1, t.dc),
    ] {
        refused_because(
            &refuse(&store, dev, &put(&mut pen, dev, &second(from, by))),
            "vượt quá 20%",
        );
    }
    absent(&store, RatingDecision::row_id(t.sec, YEAR));
    // Nor by raising a "tốt" already decided.
    let raised = pen.edit(
        dev_g1s,
        Entity::RatingDecision,
        RatingDecision::row_id(more[1], YEAR),
        t.c1,
        vec![
            ("rating", json!(Rating::Excellent)),
            ("decided_org_id", json!(t.g1)),
            ("decided_by", json!(g1s)),
        ],
    );
    refused_because(&refuse(&store, dev_g1s, &raised), "vượt quá 20%");
    let kept = store
        .row(RatingDecision::row_id(more[1], YEAR))
        .expect("row")
        .expect("stored");
    assert_eq!(
        RatingDecision::from_row(&kept.row).map(|d| d.rating),
        Ok(Rating::Good)
    );
    // Rewriting the one "xuất sắc" keeps the share.
    let noted = RatingDecision {
        note: "Tiêu biểu trong phong trào xây dựng nông thôn mới".into(),
        ..first.clone()
    };
    accept(&store, d.dc, &put(&mut pen, d.dc, &noted));
    // The sixth "tốt" makes no room for a second: floor(6 × 20%) = 1.
    accept(
        &store,
        dev_g1s,
        &put(
            &mut pen,
            dev_g1s,
            &decision(t.c1, t.sec, Rating::Good, t.g1, g1s),
        ),
    );
    let m2_excellent = decision(t.c1, t.m2, Rating::Excellent, t.d1, t.dc);
    refused_because(
        &refuse(&store, d.dc, &put(&mut pen, d.dc, &m2_excellent)),
        "vượt quá 20%",
    );

    // The share holds inside one push too: another year decided in one batch, the
    // second "xuất sắc" of it refused, the rest stored.
    let batch: Vec<Change> = more
        .iter()
        .map(|&m| (m, Rating::Good))
        .chain([(t.m1, Rating::Excellent), (t.m2, Rating::Excellent)])
        .map(|(m, rating)| {
            let x = RatingDecision {
                id: RatingDecision::row_id(m, 2024),
                year: 2024,
                ..decision(t.c1, m, rating, t.d1, t.dc)
            };
            put(&mut pen, d.dc, &x)
        })
        .collect();
    let results = store.push(d.dc, &batch, 20_000).expect("push");
    let (last, rest) = results.split_last().expect("results");
    assert!(
        rest.iter()
            .all(|r| matches!(r.outcome, Outcome::Accepted { .. })),
        "{rest:?}"
    );
    refused_because(&last.outcome, "vượt quá 20%");
    absent(&store, RatingDecision::row_id(t.m2, 2024));

    // Refused: the cell's own committee (not above), a plain member, an office clerk
    // above with no committee post, a deciding organisation not above the cell or
    // where the author sits on no committee, another's name, a wrong id.
    let m2_done = |from, by| decision(t.c1, t.m2, Rating::Completed, from, by);
    forbidden(&refuse(
        &store,
        d.sec,
        &put(&mut pen, d.sec, &m2_done(t.c1, t.sec)),
    ));
    forbidden(&refuse(
        &store,
        d.m1,
        &put(&mut pen, d.m1, &m2_done(t.g1, t.m1)),
    ));
    forbidden(&refuse(
        &store,
        dev_clerk,
        &put(&mut pen, dev_clerk, &m2_done(t.g1, g1clerk)),
    ));
    for from in [t.c1, t.c2, t.d2] {
        refused_because(
            &refuse(&store, d.dc, &put(&mut pen, d.dc, &m2_done(from, t.dc))),
            "cấp ủy cấp trên",
        );
    }
    // dc sits on D1's committee, not on G1's or the province's.
    for from in [t.g1, t.p] {
        refused_because(
            &refuse(&store, d.dc, &put(&mut pen, d.dc, &m2_done(from, t.dc))),
            "cấp ủy viên",
        );
    }
    refused_because(
        &refuse(&store, d.dc, &put(&mut pen, d.dc, &m2_done(t.d1, g1s))),
        "đúng người quyết định",
    );
    let wrong = RatingDecision {
        id: pen.id(),
        ..m2_done(t.d1, t.dc)
    };
    refused_because(
        &refuse(&store, d.dc, &put(&mut pen, d.dc, &wrong)),
        "mã quyết định",
    );
    absent(&store, wrong.id);
    let misplaced = RatingDecision {
        org_id: t.c2,
        ..m2_done(t.d1, t.dc)
    };
    refused_because(
        &refuse(&store, d.dc, &put(&mut pen, d.dc, &misplaced)),
        "chi bộ đang sinh hoạt",
    );
    absent(&store, RatingDecision::row_id(t.m2, YEAR));
    accept(&store, d.dc, &put(&mut pen, d.dc, &m2_done(t.d1, t.dc)));

    // A decided year closes the member's self-assessment; an undecided one stays open.
    let late = SelfAssessment {
        shortcomings: "Bổ sung sau khi có kết quả".into(),
        ..rewritten.clone()
    };
    refused_because(
        &refuse(&store, d.m1, &put(&mut pen, d.m1, &late)),
        "đã được cấp ủy xếp loại",
    );
    let edit = pen.edit(
        d.m1,
        Entity::SelfAssessment,
        a_m1.id,
        t.c1,
        vec![("direction", json!("Sửa sau"))],
    );
    refused_because(&refuse(&store, d.m1, &edit), "đã được cấp ủy xếp loại");
    let stored = store.row(a_m1.id).expect("row").expect("stored");
    assert_eq!(
        SelfAssessment::from_row(&stored.row).expect("valid"),
        rewritten
    );
    let c2m_own = assessment(t.c2, t.c2m, "Hoàn thành nhiệm vụ chi hội trưởng phụ nữ");
    accept(&store, d.c2m, &put(&mut pen, d.c2m, &c2m_own));

    // Ratings are announced in the cell: its members pull the proposal and every
    // decision of the cell; the committees above pull them too; nobody elsewhere.
    let decided: BTreeSet<Id> = more
        .iter()
        .chain([&t.m1, &t.m2, &t.sec])
        .map(|&m| RatingDecision::row_id(m, YEAR))
        .chain(
            more.iter()
                .chain([&t.m1])
                .map(|&m| RatingDecision::row_id(m, 2024)),
        )
        .collect();
    for dev in [d.m1, d.m2, d.sec, d.dc, dev_g1s] {
        assert_eq!(pulled(&store, dev, Entity::RatingDecision), decided);
        assert_eq!(
            pulled(&store, dev, Entity::RatingProposal),
            BTreeSet::from([proposal.id])
        );
    }
    for dev in [d.c2m, d.o] {
        assert!(pulled(&store, dev, Entity::RatingDecision).is_empty());
        assert!(pulled(&store, dev, Entity::RatingProposal).is_empty());
    }
    let mine = store
        .row(RatingDecision::row_id(t.m1, YEAR))
        .expect("row")
        .expect("stored");
    assert_eq!(RatingDecision::from_row(&mine.row), Ok(noted));

    // Organisations' ratings: by a committee above, read by the organisation's members
    // and the offices above; not by the organisation's own committee.
    let c1_rating = org_rating(t.c1, Rating::Good, t.g1, g1s);
    let g1_rating = org_rating(t.g1, Rating::Excellent, t.d1, t.dc);
    let own = org_rating(t.c1, Rating::Excellent, t.c1, t.sec);
    forbidden(&refuse(&store, d.sec, &put(&mut pen, d.sec, &own)));
    let g1_own = org_rating(t.g1, Rating::Excellent, t.g1, g1s);
    forbidden(&refuse(&store, dev_g1s, &put(&mut pen, dev_g1s, &g1_own)));
    forbidden(&refuse(
        &store,
        dev_clerk,
        &put(
            &mut pen,
            dev_clerk,
            &org_rating(t.c1, Rating::Good, t.g1, g1clerk),
        ),
    ));
    refused_because(
        &refuse(
            &store,
            d.dc,
            &put(&mut pen, d.dc, &org_rating(t.c1, Rating::Good, t.c2, t.dc)),
        ),
        "cấp ủy cấp trên",
    );
    let wrong = OrgRating {
        id: pen.id(),
        ..c1_rating.clone()
    };
    refused_because(
        &refuse(&store, dev_g1s, &put(&mut pen, dev_g1s, &wrong)),
        "mã xếp loại",
    );
    absent(&store, wrong.id);
    absent(&store, c1_rating.id);
    absent(&store, g1_rating.id);
    accept(&store, dev_g1s, &put(&mut pen, dev_g1s, &c1_rating));
    accept(&store, d.dc, &put(&mut pen, d.dc, &g1_rating));
    let ratings = BTreeSet::from([c1_rating.id, g1_rating.id]);
    // A cell's members read its rating and not the grassroots' (they read only Same).
    for dev in [d.m1, d.m2, d.sec] {
        assert_eq!(
            pulled(&store, dev, Entity::OrgRating),
            BTreeSet::from([c1_rating.id])
        );
    }
    for dev in [d.dc, dev_g1s, dev_clerk] {
        assert_eq!(pulled(&store, dev, Entity::OrgRating), ratings);
    }
    for dev in [d.c2m, d.o] {
        assert!(pulled(&store, dev, Entity::OrgRating).is_empty());
    }
}
