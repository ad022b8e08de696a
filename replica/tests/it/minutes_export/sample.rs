//! The minutes the export tests start from: a regular cell meeting with guests, late and
//! absent members, three agenda items, a vote and a general conclusion.

use sotay_model::meetings::{MeetingKind, MinutesExport, MinutesItem, Vote};

/// 2026-11-15 14:00 in Vietnam (07:00 UTC), in Unix milliseconds.
pub const NOV_15_14H: u64 = 1_794_726_000_000;
pub const HOUR_MS: u64 = 3_600_000;

pub fn sample() -> MinutesExport {
    let item = |title: &str, content: &str, opinions: &str, conclusions: &[&str]| MinutesItem {
        title: title.into(),
        content: content.into(),
        opinions: opinions.into(),
        conclusions: conclusions.iter().map(|c| c.to_string()).collect(),
    };
    MinutesExport {
        org_name: "Chi bộ Thôn Đông".into(),
        parent_org_name: "Đảng bộ xã Vũ Hội".into(),
        kind: MeetingKind::Regular,
        topic: "Kiểm điểm sáu tháng cuối năm".into(),
        place: "Nhà văn hoá thôn Đông".into(),
        starts_at: NOV_15_14H,
        ends_at: NOV_15_14H + 2 * HOUR_MS,
        chair_name: "Nguyễn Văn Ấn".into(),
        minute_taker_name: "Trần Thị Bưởi".into(),
        guests: vec!["Đồng chí Vũ Thị Hà, Đảng uỷ viên".into()],
        convened: 40,
        present: 35,
        late: 2,
        absent_excused: 3,
        absent_unexcused: 2,
        quorum: true,
        items: vec![
            item(
                "Kiểm điểm việc thực hiện nghị quyết tháng 10",
                "Đồng chí Bí thư báo cáo kết quả thực hiện nghị quyết tháng 10.",
                "Đồng chí Lê Văn Cường đề nghị bổ sung chỉ tiêu thu quỹ Đảng.\nĐồng chí Phạm Thị Dung nhất trí.",
                &["Chi bộ thống nhất đánh giá hoàn thành tốt nhiệm vụ."],
            ),
            item(
                "Phương hướng nhiệm vụ tháng 12",
                "Tập trung thu hoạch vụ mùa, chuẩn bị Tết Nguyên đán.",
                "",
                &["Giao đồng chí Hoàng Văn Ê theo dõi, đôn đốc.", "Báo cáo kết quả trong tháng 12."],
            ),
            item("Công tác phát triển đảng viên", "Xét đề nghị kết nạp quần chúng ưu tú.", "", &[]),
        ],
        votes: vec![Vote {
            question: "Đề nghị kết nạp quần chúng Đinh Văn Giang".into(),
            agree: 34,
            disagree: 1,
            abstain: 0,
        }],
        general_conclusions: vec!["Chi bộ hoàn thành tốt nhiệm vụ năm 2026.".into()],
        approved: true,
        version: 1,
        version_reason: String::new(),
    }
}
