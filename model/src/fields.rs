//! Reading one field of a stored row with its check (text length, id, date, enum):
//! what every entity's `from_row` is made of. Kept apart from `entities` so the
//! feature modules that define entities need not import each other.

use crate::change::RowState;
use crate::ids::Id;

/// The Vietnamese name of a row field, as the forms label it: messages about a field
/// reach the user (a refused change, a form's error), so they name it in their words,
/// never by its wire name. A field missing here is named "một trường" and fails the
/// test that every entity's fields have a label.
pub fn label(field: &str) -> &'static str {
    match field {
        "agenda" => "Nội dung",
        "transfer_id" => "Giấy giới thiệu sinh hoạt đảng",
        "member_name" => "Họ và tên đảng viên",
        "from_org_id" => "Chi bộ chuyển đi",
        "from_org_name" => "Tên chi bộ chuyển đi",
        "dest_org_id" => "Chi bộ chuyển đến",
        "dest_name" => "Nơi chuyển đến",
        "end_date" => "Ngày kết thúc sinh hoạt tạm thời",
        "issued_by" => "Người giới thiệu",
        "issued_date" => "Ngày giới thiệu",
        "decided_date" => "Ngày quyết định",
        "batch_id" => "Đợt gửi thông báo",
        "sender_org_id" => "Tổ chức gửi",
        "sent_by" => "Người gửi",
        "must_read_by" => "Hạn đọc",
        "reminders" => "Số lần nhắc",
        "announcement_id" => "Thông báo",
        "target_kind" => "Loại nội dung được bình luận",
        "target_id" => "Nội dung được bình luận",
        "reply_to" => "Trả lời bình luận",
        "author_id" => "Người viết",
        "hidden_reason" => "Lý do ẩn",
        "asker_id" => "Người hỏi",
        "question_id" => "Câu hỏi",
        "answered_by" => "Người trả lời",
        "question" => "Câu hỏi",
        "answer" => "Câu trả lời",
        "intro" => "Lời giới thiệu",
        "sections" => "Các phần của dự thảo",
        "deadline" => "Hạn góp ý",
        "opinions_visible" => "Công khai ý kiến",
        "opened_by" => "Người mở lấy ý kiến",
        "draft_id" => "Dự thảo",
        "section_key" => "Phần của dự thảo",
        "amount_dong" => "Số tiền",
        "decided_by" => "Người quyết định",
        "decided_org_id" => "Cấp ủy quyết định",
        "direction" => "Phương hướng khắc phục",
        "ethics" => "Phẩm chất đạo đức",
        "lifestyle" => "Lối sống, tác phong",
        "lines" => "Danh sách đề xuất",
        "political" => "Tư tưởng chính trị",
        "proposed_by" => "Người đề xuất",
        "rating" => "Mức xếp loại",
        "results" => "Kết quả thực hiện nhiệm vụ",
        "retired" => "Ngừng áp dụng",
        "self_rating" => "Tự xếp loại",
        "shortcomings" => "Hạn chế, khuyết điểm",
        "year" => "Năm",
        "category" => "Đối tượng đóng",
        "fixed_dong" => "Mức cố định",
        "from_month" => "Áp dụng từ tháng",
        "income_dong" => "Thu nhập tính đảng phí",
        "method" => "Hình thức nộp",
        "month" => "Tháng",
        "months" => "Số tháng",
        "paid_on" => "Ngày nộp",
        "per_mille" => "Tỷ lệ theo thu nhập",
        "receipt_no" => "Số biên lai",
        "recorded_by" => "Người ghi",
        "reverses" => "Điều chỉnh cho lần thu",
        "to_org_id" => "Nộp lên tổ chức",
        "all_day" => "Cả ngày",
        "attendees" => "Người dự",
        "notes" => "Ghi chú",
        "owner_id" => "Người có lịch",
        "published_by" => "Người đăng",
        "recurrence" => "Lặp lại",
        "tz_offset_min" => "Múi giờ",
        "approved_by" => "Người duyệt",
        "assigned_by" => "Người giao",
        "assignee_id" => "Người được giao",
        "assigner_org_id" => "Tổ chức giao",
        "attendance" => "Điểm danh",
        "birth_date" => "Ngày sinh",
        "body" => "Toàn văn",
        "bookmarked" => "Đánh dấu",
        "card_no" => "Số thẻ đảng viên",
        "cell_id" => "Chi bộ",
        "chair_id" => "Chủ trì",
        "code" => "Mã điểm danh",
        "conclusions" => "Kết luận",
        "content" => "Nội dung",
        "decision" => "Kết luận đánh giá",
        "difficulties" => "Khó khăn",
        "document_id" => "Văn bản",
        "done" => "Việc đã làm",
        "due_date" => "Hạn hoàn thành",
        "due_on" => "Hạn",
        "ends_at" => "Giờ kết thúc",
        "finished" => "Hoàn thành",
        "finished_ms" => "Thời điểm học xong",
        "full_name" => "Họ và tên",
        "gender" => "Giới tính",
        "group_id" => "Nhóm",
        "guests" => "Khách mời",
        "holder_id" => "Người giữ khóa",
        "invited" => "Người được triệu tập",
        "issued_on" => "Ngày ban hành",
        "issuer" => "Cơ quan ban hành",
        "items" => "Các mục",
        "joined_date" => "Ngày vào Đảng",
        "kind" => "Loại",
        "materials" => "Tài liệu",
        "meeting_id" => "Cuộc họp",
        "member_id" => "Đảng viên",
        "mime" => "Loại tệp",
        "minute_taker_id" => "Thư ký",
        "name" => "Tên",
        "note" => "Ghi chú",
        "number" => "Số hiệu",
        "official_date" => "Ngày chính thức",
        "opened_ms" => "Thời điểm mở",
        "org_id" => "Tổ chức đảng",
        "overrides" => "Điểm danh được sửa",
        "parent_id" => "Tổ chức cấp trên",
        "percent" => "Phần trăm hoàn thành",
        "place" => "Địa điểm",
        "previous_id" => "Bản trước",
        "priority" => "Độ ưu tiên",
        "proof" => "Bằng chứng điểm danh",
        "proposals" => "Đề xuất",
        "reason" => "Lý do",
        "report_id" => "Báo cáo tiến độ",
        "secret" => "Khóa bí mật",
        "sha256" => "Mã kiểm tra của tệp",
        "size" => "Kích thước tệp",
        "slot" => "Khung giờ của mã",
        "source_id" => "Nguồn",
        "source_kind" => "Loại nguồn",
        "source_text" => "Trích nguồn",
        "start_date" => "Ngày bắt đầu",
        "starts_at" => "Giờ bắt đầu",
        "status" => "Tình trạng",
        "summary" => "Trích yếu",
        "task_id" => "Nhiệm vụ",
        "text" => "Ghi chú",
        "title" => "Tiêu đề",
        "topic" => "Chủ đề",
        "topics" => "Chủ đề",
        "version" => "Bản số",
        "votes" => "Biểu quyết",
        "plan_id" => "Kế hoạch kiểm tra, giám sát",
        "subject_org_ids" => "Tổ chức đảng được kiểm tra, giám sát",
        "subject_member_ids" => "Đảng viên được kiểm tra, giám sát",
        "team_ids" => "Thành viên đoàn kiểm tra, giám sát",
        "from_date" => "Ngày bắt đầu",
        "to_date" => "Ngày kết thúc",
        "draft_conclusion" => "Dự thảo kết luận",
        "conclusion" => "Kết luận",
        "concluded_on" => "Ngày kết luận",
        "notified_on" => "Ngày thông báo kết luận",
        "closed_on" => "Ngày kết thúc theo dõi",
        "inspection_id" => "Cuộc kiểm tra, giám sát",
        "on_date" => "Ngày",
        "subject_id" => "Đối tượng",
        "violation" => "Vi phạm",
        "note_id" => "Nội dung làm việc",
        "inspector_org_id" => "Tổ chức kiểm tra",
        "form" => "Hình thức kỷ luật",
        "decided_by_org_id" => "Cơ quan quyết định",
        "decided_on" => "Ngày quyết định",
        "decision_no" => "Số quyết định",
        "discipline_id" => "Quyết định kỷ luật",
        "lodged_on" => "Ngày khiếu nại",
        "outcome" => "Kết quả giải quyết",
        "outcome_note" => "Nội dung giải quyết",
        _ => "Một trường",
    }
}

pub(crate) fn enum_from<T: serde::de::DeserializeOwned>(
    row: &RowState,
    field: &str,
) -> Result<T, String> {
    let v = row
        .fields
        .get(field)
        .ok_or_else(|| format!("thiếu {}", label(field)))?;
    serde_json::from_value(v.value.clone()).map_err(|_| format!("{} không hợp lệ", label(field)))
}

pub(crate) fn text(row: &RowState, field: &str, max: usize) -> Result<String, String> {
    let s = row
        .str(field)
        .ok_or_else(|| format!("thiếu {}", label(field)))?
        .trim()
        .to_string();
    if s.is_empty() || s.chars().count() > max {
        return Err(format!("{} phải có từ 1 đến {max} ký tự", label(field)));
    }
    Ok(s)
}

pub(crate) fn id_field(row: &RowState, field: &str) -> Result<Id, String> {
    row.id(field)
        .ok_or_else(|| format!("{} không hợp lệ", label(field)))
}

/// A calendar date `yyyy-mm-dd` between 1900 and 2100.
pub fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2100).contains(&y) && (1..=days).contains(&d)
}

pub(crate) fn date(row: &RowState, field: &str) -> Result<String, String> {
    let s = text(row, field, 10)?;
    if valid_date(&s) {
        Ok(s)
    } else {
        Err(format!("{} phải là ngày hợp lệ", label(field)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::Entity;
    use crate::entities::{entity_of_each, fields_of};

    #[test]
    fn every_field_of_every_entity_has_a_vietnamese_label() {
        let entities: Vec<Entity> = entity_of_each().into_iter().map(|(e, _)| e).collect();
        let mut missing = vec![];
        for e in entities {
            for f in fields_of(e) {
                if label(f) == "Một trường" {
                    missing.push(format!("{e:?}.{f}"));
                }
            }
        }
        assert!(missing.is_empty(), "fields without a label: {missing:?}");
    }

    #[test]
    fn a_too_long_meeting_topic_is_named_as_the_form_names_it() {
        let mut row = RowState::empty(Entity::Meeting, Id::from_u128(1));
        let hlc = crate::hlc::Hlc {
            wall_ms: 1,
            counter: 0,
            node: Id::from_u128(2),
        };
        let value = serde_json::json!("");
        row.fields
            .insert("topic".into(), crate::change::FieldValue { value, hlc });
        let e = text(&row, "topic", 500);
        assert_eq!(e, Err("Chủ đề phải có từ 1 đến 500 ký tự".to_string()));
    }
}
