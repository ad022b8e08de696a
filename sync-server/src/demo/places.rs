//! Place names and organisation shapes for a province-sized data set (the generator):
//! commune and village names in the style of Thái Bình, the agencies that have party
//! organisations, and how the 8 district-level organisations weigh against each other.

/// Share of the province's members in each district-level organisation, in the order
/// of `names::DISTRICTS` (roughly by population).
pub const DISTRICT_WEIGHT: &[u32] = &[13, 14, 14, 11, 14, 15, 10, 9];

/// Syllables that make commune names ("Đông Hòa", "Vũ Lạc", …).
pub const COMMUNE_FIRST: &[&str] = &[
    "Đông", "Tây", "Nam", "Bắc", "Vũ", "Minh", "Hồng", "Quang", "Thanh", "An", "Bình", "Hòa",
    "Thụy", "Thái", "Tân", "Phú", "Hải", "Quỳnh", "Đình", "Trà", "Nguyên", "Mỹ", "Song", "Lê",
];
pub const COMMUNE_SECOND: &[&str] = &[
    "Hòa", "Lạc", "Phong", "Hưng", "Tiến", "Thịnh", "Xuân", "Sơn", "Lâm", "Ninh", "Dương", "Hà",
    "Vinh", "Trung", "Phúc", "Long", "Hợp", "Lương", "Châu", "Quý", "Đoài", "Kim", "Bảo", "Giang",
];

/// Villages (thôn) and hamlets: a commune's cells are mostly "Chi bộ thôn …".
pub const VILLAGE: &[&str] = &[
    "Đông",
    "Đoài",
    "Nam",
    "Bắc",
    "Thượng",
    "Hạ",
    "Trung",
    "Tiền",
    "Hậu",
    "An Lạc",
    "Phú Xuân",
    "Tân Mỹ",
    "Đồng Tâm",
    "Hòa Bình",
    "Quyết Tiến",
    "Thống Nhất",
    "Cộng Hòa",
    "Đại Đồng",
    "Vạn Xuân",
    "Kim Sơn",
    "Hưng Đạo",
    "Lạc Thành",
    "Bình Minh",
    "Phú Mỹ",
];

/// Cells every commune has besides its villages.
pub const COMMUNE_CELLS: &[&str] = &[
    "Chi bộ Trường Mầm non",
    "Chi bộ Trường Tiểu học",
    "Chi bộ Trường Trung học cơ sở",
    "Chi bộ Trạm Y tế",
    "Chi bộ Quân sự",
    "Chi bộ Công an",
    "Chi bộ Cơ quan",
];

/// Grassroots organisations of agencies and enterprises in a district (name before
/// the district's own name), and what their cells are called.
pub const AGENCIES: &[(&str, &[&str])] = &[
    (
        "Đảng bộ Cơ quan Chính quyền",
        &[
            "Chi bộ Văn phòng",
            "Chi bộ Phòng Tài chính - Kế hoạch",
            "Chi bộ Phòng Nông nghiệp",
            "Chi bộ Phòng Giáo dục và Đào tạo",
        ],
    ),
    (
        "Đảng bộ Công an",
        &[
            "Chi bộ Đội Cảnh sát giao thông",
            "Chi bộ Đội An ninh",
            "Chi bộ Đội Tổng hợp",
        ],
    ),
    (
        "Đảng bộ Quân sự",
        &["Chi bộ Ban Chỉ huy", "Chi bộ Hậu cần - Kỹ thuật"],
    ),
    (
        "Đảng bộ Trung tâm Y tế",
        &[
            "Chi bộ Khoa Nội",
            "Chi bộ Khoa Ngoại",
            "Chi bộ Khoa Khám bệnh",
            "Chi bộ Hành chính",
        ],
    ),
    (
        "Đảng bộ Trường Trung học phổ thông",
        &["Chi bộ Tổ Tự nhiên", "Chi bộ Tổ Xã hội"],
    ),
];

/// The kind of commune-level unit in a district: the city has wards.
pub fn commune_prefix(district: usize, n: usize) -> &'static str {
    match (district, n) {
        (0, 0..=9) => "phường",
        (d, 0) if d != 0 => "thị trấn",
        _ => "xã",
    }
}
