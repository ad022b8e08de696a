//! Vietnamese names and the places of Thái Bình used by the demo data.

/// Family names with rough weights (Nguyễn is by far the most common).
pub const FAMILY: &[(&str, u32)] = &[
    ("Nguyễn", 30),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 8),
    ("Hoàng", 5),
    ("Vũ", 6),
    ("Đặng", 3),
    ("Bùi", 5),
    ("Đỗ", 4),
    ("Ngô", 2),
    ("Phan", 2),
    ("Đinh", 2),
    ("Hà", 1),
    ("Trịnh", 1),
    ("Mai", 1),
    ("Lương", 1),
];

pub const MIDDLE_MALE: &[&str] = &[
    "Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Công", "Ngọc", "Thanh", "Mạnh",
    "Duy",
];
pub const MIDDLE_FEMALE: &[&str] = &[
    "Thị", "Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Phương", "Kim",
];

pub const GIVEN_MALE: &[&str] = &[
    "Hùng", "Dũng", "Tuấn", "Nam", "Hải", "Long", "Thắng", "Cường", "Quân", "Sơn", "Trung", "Hiếu",
    "Phong", "Tùng", "Khánh", "Bình", "Hòa", "An", "Đức", "Toàn", "Thành", "Vinh", "Hưng", "Kiên",
    "Tâm", "Lợi", "Chiến", "Thịnh", "Quyết", "Tiến",
];
pub const GIVEN_FEMALE: &[&str] = &[
    "Hoa", "Lan", "Hương", "Mai", "Hạnh", "Thủy", "Hằng", "Nga", "Linh", "Trang", "Thảo", "Huyền",
    "Nhung", "Yến", "Oanh", "Phương", "Loan", "Dung", "Hà", "Liên", "Xuân", "Quyên", "Vân", "Thoa",
];

/// A grassroots organisation: its name, and what its cells are called.
pub struct Grassroots {
    pub name: &'static str,
    pub cells: &'static [&'static str],
}

const fn g(name: &'static str, cells: &'static [&'static str]) -> Grassroots {
    Grassroots { name, cells }
}

/// The 8 district-level organisations and a few grassroots ones in each.
pub const DISTRICTS: &[(&str, &[Grassroots])] = &[
    (
        "Đảng bộ thành phố Thái Bình",
        &[
            g(
                "Đảng bộ phường Lê Hồng Phong",
                &[
                    "Chi bộ tổ dân phố số 1",
                    "Chi bộ tổ dân phố số 2",
                    "Chi bộ tổ dân phố số 3",
                ],
            ),
            g(
                "Đảng bộ phường Kỳ Bá",
                &["Chi bộ tổ dân phố số 4", "Chi bộ tổ dân phố số 5"],
            ),
            g(
                "Đảng bộ xã Đông Hòa",
                &[
                    "Chi bộ thôn Hòa Hải",
                    "Chi bộ thôn Thượng Hộ",
                    "Chi bộ thôn Trung Lập",
                ],
            ),
            g(
                "Đảng bộ Công an thành phố Thái Bình",
                &["Chi bộ Đội Cảnh sát giao thông", "Chi bộ Đội Tổng hợp"],
            ),
        ],
    ),
    (
        "Đảng bộ huyện Đông Hưng",
        &[
            g(
                "Đảng bộ thị trấn Đông Hưng",
                &["Chi bộ tổ dân phố Nam Hà", "Chi bộ tổ dân phố Bắc Sơn"],
            ),
            g(
                "Đảng bộ xã Đông Hợp",
                &["Chi bộ thôn Đông Thành", "Chi bộ thôn Tây Sơn"],
            ),
            g(
                "Đảng bộ Bệnh viện Đa khoa huyện Đông Hưng",
                &["Chi bộ Khối Nội", "Chi bộ Khối Ngoại"],
            ),
        ],
    ),
    (
        "Đảng bộ huyện Hưng Hà",
        &[
            g(
                "Đảng bộ thị trấn Hưng Hà",
                &["Chi bộ khu Nhân Cầu", "Chi bộ khu Tân Hòa"],
            ),
            g(
                "Đảng bộ xã Tân Lễ",
                &[
                    "Chi bộ thôn Lão Khê",
                    "Chi bộ thôn Tân Dân",
                    "Chi bộ thôn Hiến Nạp",
                ],
            ),
            g(
                "Đảng bộ xã Điệp Nông",
                &["Chi bộ thôn Đồng Phú", "Chi bộ thôn Việt Yên"],
            ),
        ],
    ),
    (
        "Đảng bộ huyện Kiến Xương",
        &[
            g(
                "Đảng bộ thị trấn Kiến Xương",
                &["Chi bộ tổ dân phố Đông Thượng", "Chi bộ tổ dân phố Tây Hạ"],
            ),
            g(
                "Đảng bộ xã Vũ Quý",
                &["Chi bộ thôn Ô Mễ", "Chi bộ thôn Lạc Chính"],
            ),
            g(
                "Đảng bộ xã Bình Nguyên",
                &["Chi bộ thôn Quang Lang", "Chi bộ thôn Nam Cao"],
            ),
        ],
    ),
    (
        "Đảng bộ huyện Quỳnh Phụ",
        &[
            g(
                "Đảng bộ thị trấn Quỳnh Côi",
                &["Chi bộ khu Nam", "Chi bộ khu Bắc"],
            ),
            g(
                "Đảng bộ xã An Bài",
                &["Chi bộ thôn Bài Trang", "Chi bộ thôn Quỳnh Lang"],
            ),
            g(
                "Đảng bộ xã Quỳnh Hoa",
                &["Chi bộ thôn Đồng Hòa", "Chi bộ thôn Xuân Lai"],
            ),
        ],
    ),
    (
        "Đảng bộ huyện Thái Thụy",
        &[
            g(
                "Đảng bộ thị trấn Diêm Điền",
                &["Chi bộ tổ dân phố Đông Hồ", "Chi bộ tổ dân phố Tây Hồ"],
            ),
            g(
                "Đảng bộ xã Thụy Hải",
                &["Chi bộ thôn Tam Đồng", "Chi bộ thôn Đông Hải"],
            ),
            g(
                "Đảng bộ xã Thái Thọ",
                &[
                    "Chi bộ thôn Bình Cách",
                    "Chi bộ thôn Thọ Cách",
                    "Chi bộ thôn Đoàn Xá",
                ],
            ),
        ],
    ),
    (
        "Đảng bộ huyện Tiền Hải",
        &[
            g(
                "Đảng bộ thị trấn Tiền Hải",
                &["Chi bộ khu Tiểu khu 1", "Chi bộ khu Tiểu khu 2"],
            ),
            g(
                "Đảng bộ xã Nam Thịnh",
                &["Chi bộ thôn Thúy Lạc", "Chi bộ thôn Hải Nhuận"],
            ),
            g(
                "Đảng bộ xã Đông Trà",
                &["Chi bộ thôn Trà Lý", "Chi bộ thôn Hưng Đạo"],
            ),
        ],
    ),
    (
        "Đảng bộ huyện Vũ Thư",
        &[
            g(
                "Đảng bộ thị trấn Vũ Thư",
                &["Chi bộ tổ dân phố Minh Tân", "Chi bộ tổ dân phố Lạc Thành"],
            ),
            g(
                "Đảng bộ xã Song An",
                &[
                    "Chi bộ thôn Cổ Trai",
                    "Chi bộ thôn Thái Sơn",
                    "Chi bộ thôn Đồng Cừ",
                ],
            ),
            g(
                "Đảng bộ xã Tân Hòa",
                &["Chi bộ thôn Tân Thành", "Chi bộ thôn Hòa Bình"],
            ),
        ],
    ),
];

/// Sections (Đảng bộ bộ phận): (district index, grassroots index, name, its cells).
pub const SECTIONS: &[(usize, usize, &str, &[&str])] = &[
    (
        0,
        0,
        "Đảng bộ bộ phận khu vực Trần Lãm",
        &["Chi bộ tổ dân phố số 6", "Chi bộ tổ dân phố số 7"],
    ),
    (
        1,
        1,
        "Đảng bộ bộ phận thôn Đông La",
        &["Chi bộ xóm Đông", "Chi bộ xóm Đoài"],
    ),
];
