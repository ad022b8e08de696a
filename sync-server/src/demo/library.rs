//! The demo's library (issue 20): 34 real documents of the Communist Party of Vietnam
//! (resolutions, directives, conclusions, regulations and a guidance of the Central
//! Committee, the Politburo, the Secretariat and the Central Organisation Commission,
//! with their real numbers, dates and titles; the exchange seeds a 35th, 35-CT/TW) held
//! at the province as copies from above, a few documents of the demo province, its
//! district, grassroots and cell (made up for the demo, and saying so), small PDF files
//! made here and stored as blobs the way uploads are, study assignments of the
//! province and of the demo cell's district, and read marks of part of the members of
//! the district's cells.
//!
//! Summaries and outlines were written for the demo: they state the documents' main
//! points, not their text, and each outline begins by saying so ([`OUTLINE`]).

use super::{Cell, DemoError, SEED};
use crate::rows::{row_change, server_hlc};
use crate::store::Store;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sha2::{Digest, Sha256};
use sotay_model::ids::Id;
use sotay_model::library::documents::{DocKind, DocStatus, Document};
use sotay_model::protocol::Outcome;
use sotay_model::row::Row;
use sotay_model::study::{Attachment, ReadMark, StudyAssignment};
use sotay_model::tasks::vn_day;
use sotay_model::Change;

const DAY: u64 = 86_400_000;
const HOUR: u64 = 3_600_000;

/// One document as written here.
struct Spec {
    kind: DocKind,
    number: &'static str,
    issuer: &'static str,
    issued_on: &'static str,
    status: DocStatus,
    title: &'static str,
    summary: &'static str,
    /// An outline of the main points (never presented as the full text); may be empty.
    body: &'static str,
    topics: &'static [&'static str],
}

use DocKind::{CellStudyMaterial, Conclusion, Directive, Guidance, Notice, Regulation, Resolution};
use DocStatus::{InForce, Replaced};

const BCH: &str = "Ban Chấp hành Trung ương";
const BCT: &str = "Bộ Chính trị";
const BBT: &str = "Ban Bí thư";

/// How an outline begins, so nobody takes it for the document's text.
const OUTLINE: &str = "Tóm lược các nội dung chính (không phải toàn văn; toàn văn đăng trên Báo điện tử Đảng Cộng sản Việt Nam).";

/// Documents of the centre, held by the province as copies from above.
const CENTRAL: &[Spec] = &[
    Spec {
        kind: Resolution,
        number: "57-NQ/TW",
        issuer: BCT,
        issued_on: "2024-12-22",
        status: InForce,
        title: "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        summary: "Bộ Chính trị xác định phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia là đột phá quan trọng hàng đầu, động lực chính để phát triển nhanh lực lượng sản xuất hiện đại. Nghị quyết yêu cầu tháo gỡ các điểm nghẽn về thể chế, nâng cao nhận thức và vai trò người đứng đầu, tăng đầu tư cho nghiên cứu và phát triển. Đảng viên học tập để áp dụng chuyển đổi số trong công việc và sinh hoạt chi bộ.",
        body: "I. TÌNH HÌNH VÀ NGUYÊN NHÂN\nKhoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số đã có bước phát triển nhưng còn những hạn chế, bất cập về thể chế, nguồn lực và hạ tầng.\n\nII. QUAN ĐIỂM CHỈ ĐẠO\nPhát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia là đột phá quan trọng hàng đầu, là điều kiện tiên quyết và thời cơ để nước ta phát triển giàu mạnh trong kỷ nguyên mới. Tăng cường sự lãnh đạo của Đảng, phát huy sức mạnh của cả hệ thống chính trị; người dân và doanh nghiệp là trung tâm.\n\nIII. MỤC TIÊU\nĐến năm 2030 tiềm lực khoa học, công nghệ và đổi mới sáng tạo đạt trình độ tiên tiến trong nhiều lĩnh vực quan trọng; kinh phí chi cho nghiên cứu phát triển đạt 2% GDP; tầm nhìn đến năm 2045.\n\nIV. NHIỆM VỤ, GIẢI PHÁP\nNâng cao nhận thức, đổi mới tư duy; hoàn thiện thể chế; tăng đầu tư, hoàn thiện hạ tầng; phát triển nguồn nhân lực chất lượng cao; đẩy mạnh chuyển đổi số trong hoạt động của các cơ quan trong hệ thống chính trị; tăng cường hợp tác quốc tế.",
        topics: &["khoa học, công nghệ", "chuyển đổi số", "đổi mới sáng tạo"],
    },
    Spec {
        kind: Resolution,
        number: "68-NQ/TW",
        issuer: BCT,
        issued_on: "2025-05-04",
        status: InForce,
        title: "Về phát triển kinh tế tư nhân",
        summary: "Nghị quyết xác định kinh tế tư nhân là một động lực quan trọng nhất của nền kinh tế quốc gia. Yêu cầu bảo đảm quyền tài sản, quyền tự do kinh doanh và cạnh tranh bình đẳng, cắt giảm thủ tục và chi phí tuân thủ cho doanh nghiệp. Mục tiêu đến năm 2030 có khoảng 2 triệu doanh nghiệp hoạt động trong nền kinh tế.",
        body: "",
        topics: &["kinh tế tư nhân", "doanh nghiệp"],
    },
    Spec {
        kind: Resolution,
        number: "66-NQ/TW",
        issuer: BCT,
        issued_on: "2025-04-30",
        status: InForce,
        title: "Về đổi mới công tác xây dựng và thi hành pháp luật đáp ứng yêu cầu phát triển đất nước trong kỷ nguyên mới",
        summary: "Nghị quyết coi thể chế, pháp luật là nền tảng và động lực của phát triển, yêu cầu chuyển từ tư duy quản lý sang vừa quản lý vừa kiến tạo phát triển. Đề ra nhiệm vụ khẩn trương tháo gỡ những điểm nghẽn do quy định pháp luật, nâng cao chất lượng xây dựng luật và hiệu quả thi hành pháp luật.",
        body: "",
        topics: &["pháp luật", "thể chế"],
    },
    Spec {
        kind: Resolution,
        number: "59-NQ/TW",
        issuer: BCT,
        issued_on: "2025-01-24",
        status: InForce,
        title: "Về hội nhập quốc tế trong tình hình mới",
        summary: "Nghị quyết xác định hội nhập quốc tế là sự nghiệp của toàn dân và của cả hệ thống chính trị, nhằm phục vụ phát triển đất nước và bảo vệ vững chắc Tổ quốc. Yêu cầu hội nhập toàn diện, sâu rộng trên các lĩnh vực, gắn với giữ vững độc lập, tự chủ.",
        body: "",
        topics: &["hội nhập quốc tế", "đối ngoại"],
    },
    Spec {
        kind: Resolution,
        number: "43-NQ/TW",
        issuer: BCH,
        issued_on: "2023-11-24",
        status: InForce,
        title: "Về tiếp tục phát huy truyền thống, sức mạnh đại đoàn kết toàn dân tộc, xây dựng đất nước ta ngày càng phồn vinh, hạnh phúc",
        summary: "Nghị quyết Hội nghị Trung ương 8 khóa XIII khẳng định đại đoàn kết toàn dân tộc là đường lối chiến lược, nguồn sức mạnh và động lực to lớn để xây dựng và bảo vệ Tổ quốc. Yêu cầu chăm lo lợi ích chính đáng của Nhân dân, phát huy vai trò của Mặt trận Tổ quốc và các đoàn thể ở khu dân cư.",
        body: "",
        topics: &["đại đoàn kết", "Mặt trận Tổ quốc"],
    },
    Spec {
        kind: Resolution,
        number: "29-NQ/TW",
        issuer: BCH,
        issued_on: "2022-11-17",
        status: InForce,
        title: "Về tiếp tục đẩy mạnh công nghiệp hóa, hiện đại hóa đất nước đến năm 2030, tầm nhìn đến năm 2045",
        summary: "Nghị quyết Hội nghị Trung ương 6 khóa XIII đặt mục tiêu đến năm 2030 nước ta là nước đang phát triển, có công nghiệp hiện đại, thu nhập trung bình cao; đến năm 2045 trở thành nước phát triển, thu nhập cao. Yêu cầu công nghiệp hóa, hiện đại hóa dựa trên khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.",
        body: "",
        topics: &["công nghiệp hóa, hiện đại hóa"],
    },
    Spec {
        kind: Resolution,
        number: "27-NQ/TW",
        issuer: BCH,
        issued_on: "2022-11-09",
        status: InForce,
        title: "Về tiếp tục xây dựng và hoàn thiện Nhà nước pháp quyền xã hội chủ nghĩa Việt Nam trong giai đoạn mới",
        summary: "Nghị quyết Hội nghị Trung ương 6 khóa XIII về xây dựng Nhà nước pháp quyền xã hội chủ nghĩa của Nhân dân, do Nhân dân, vì Nhân dân, do Đảng lãnh đạo. Đề ra các nhiệm vụ hoàn thiện thể chế, nâng cao hiệu lực, hiệu quả của bộ máy nhà nước và kiểm soát quyền lực.",
        body: "",
        topics: &["Nhà nước pháp quyền", "pháp luật"],
    },
    Spec {
        kind: Resolution,
        number: "21-NQ/TW",
        issuer: BCH,
        issued_on: "2022-06-16",
        status: InForce,
        title: "Về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên trong giai đoạn mới",
        summary: "Nghị quyết Hội nghị Trung ương 5 khóa XIII xác định tổ chức cơ sở đảng là nền tảng của Đảng, hạt nhân chính trị ở cơ sở; chi bộ là tế bào của Đảng. Yêu cầu nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng, chất lượng sinh hoạt chi bộ và chất lượng đội ngũ đảng viên.",
        body: "I. QUAN ĐIỂM\nTổ chức cơ sở đảng là nền tảng của Đảng, là hạt nhân chính trị ở cơ sở; chi bộ là tế bào của Đảng. Đảng viên là nhân tố quyết định năng lực lãnh đạo và sức chiến đấu của tổ chức đảng.\n\nII. NHIỆM VỤ, GIẢI PHÁP\n1. Kiện toàn tổ chức cơ sở đảng phù hợp với tổ chức bộ máy của hệ thống chính trị.\n2. Nâng cao chất lượng sinh hoạt chi bộ: nội dung thiết thực, phát huy dân chủ, tăng cường tự phê bình và phê bình.\n3. Nâng cao chất lượng kết nạp đảng viên; quản lý, giáo dục, rèn luyện đảng viên; kịp thời đưa người không đủ tư cách ra khỏi Đảng.\n4. Tăng cường kiểm tra, giám sát và sự lãnh đạo, chỉ đạo của cấp ủy cấp trên đối với cơ sở.",
        topics: &["xây dựng Đảng", "tổ chức cơ sở đảng", "sinh hoạt chi bộ"],
    },
    Spec {
        kind: Resolution,
        number: "19-NQ/TW",
        issuer: BCH,
        issued_on: "2022-06-16",
        status: InForce,
        title: "Về nông nghiệp, nông dân, nông thôn đến năm 2030, tầm nhìn đến năm 2045",
        summary: "Nghị quyết Hội nghị Trung ương 5 khóa XIII xác định nông nghiệp, nông dân, nông thôn có vị trí chiến lược trong sự nghiệp công nghiệp hóa, hiện đại hóa; nông dân là chủ thể của quá trình phát triển. Định hướng phát triển nông nghiệp sinh thái, nông thôn hiện đại, nông dân văn minh.",
        body: "I. QUAN ĐIỂM\nNông nghiệp là lợi thế quốc gia, trụ đỡ của nền kinh tế; nông dân là chủ thể của quá trình phát triển; nông thôn là địa bàn chiến lược để phát triển kinh tế gắn với giữ gìn bản sắc văn hóa dân tộc.\n\nII. ĐỊNH HƯỚNG\nPhát triển nông nghiệp sinh thái, nông thôn hiện đại, nông dân văn minh; xây dựng nông thôn mới gắn với đô thị hóa; nâng cao thu nhập và đời sống của cư dân nông thôn.\n\nIII. NHIỆM VỤ, GIẢI PHÁP\nĐổi mới tư duy phát triển kinh tế nông nghiệp; phát triển kinh tế hợp tác, hợp tác xã; ứng dụng khoa học, công nghệ và chuyển đổi số trong sản xuất nông nghiệp; bảo vệ môi trường nông thôn.",
        topics: &["nông nghiệp", "nông thôn mới"],
    },
    Spec {
        kind: Resolution,
        number: "52-NQ/TW",
        issuer: BCT,
        issued_on: "2019-09-27",
        status: InForce,
        title: "Về một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư",
        summary: "Nghị quyết yêu cầu chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư, đổi mới mô hình tăng trưởng gắn với chuyển đổi số nền kinh tế. Nhấn mạnh hoàn thiện thể chế, phát triển hạ tầng số và nguồn nhân lực đáp ứng yêu cầu mới.",
        body: "",
        topics: &["chuyển đổi số", "cách mạng công nghiệp"],
    },
    Spec {
        kind: Resolution,
        number: "26-NQ/TW",
        issuer: BCH,
        issued_on: "2018-05-19",
        status: InForce,
        title: "Về tập trung xây dựng đội ngũ cán bộ các cấp, nhất là cấp chiến lược, đủ phẩm chất, năng lực và uy tín, ngang tầm nhiệm vụ",
        summary: "Nghị quyết Hội nghị Trung ương 7 khóa XII khẳng định cán bộ là nhân tố quyết định sự thành bại của cách mạng, công tác cán bộ là khâu then chốt của công tác xây dựng Đảng và hệ thống chính trị. Đề ra các giải pháp đổi mới đánh giá, quy hoạch, luân chuyển cán bộ và kiểm soát quyền lực trong công tác cán bộ.",
        body: "",
        topics: &["công tác cán bộ", "xây dựng Đảng"],
    },
    Spec {
        kind: Resolution,
        number: "18-NQ/TW",
        issuer: BCH,
        issued_on: "2017-10-25",
        status: InForce,
        title: "Một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả",
        summary: "Nghị quyết Hội nghị Trung ương 6 khóa XII về sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu lực, hiệu quả. Yêu cầu giảm đầu mối, giảm cấp trung gian, gắn với tinh giản biên chế và cơ cấu lại đội ngũ cán bộ, công chức, viên chức.",
        body: "",
        topics: &["tổ chức bộ máy", "tinh gọn"],
    },
    Spec {
        kind: Resolution,
        number: "04-NQ/TW",
        issuer: BCH,
        issued_on: "2016-10-30",
        status: InForce,
        title: "Về tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện \"tự diễn biến\", \"tự chuyển hóa\" trong nội bộ",
        summary: "Nghị quyết Hội nghị Trung ương 4 khóa XII nhận diện 27 biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống, \"tự diễn biến\", \"tự chuyển hóa\" trong nội bộ. Đề ra các nhóm nhiệm vụ, giải pháp về công tác chính trị, tư tưởng, tự phê bình và phê bình, cơ chế, chính sách, kiểm tra, giám sát, kỷ luật đảng và phát huy vai trò của Nhân dân.",
        body: "",
        topics: &["xây dựng Đảng", "chỉnh đốn Đảng"],
    },
    Spec {
        kind: Directive,
        number: "05-CT/TW",
        issuer: BCT,
        issued_on: "2016-05-15",
        status: InForce,
        title: "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        summary: "Chỉ thị yêu cầu đưa việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh trở thành việc làm tự giác, thường xuyên của các cấp ủy, tổ chức đảng, cán bộ, đảng viên, gắn với xây dựng, chỉnh đốn Đảng. Cán bộ lãnh đạo, người đứng đầu phải nêu gương; nội dung học tập và làm theo được đưa vào sinh hoạt chi bộ.",
        body: "1. Tổ chức học tập, quán triệt nội dung cơ bản của tư tưởng, đạo đức, phong cách Hồ Chí Minh; mỗi năm có chuyên đề học tập.\n\n2. Làm theo Bác bằng việc làm cụ thể, thiết thực: mỗi cán bộ, đảng viên đăng ký nội dung làm theo và được kiểm điểm cuối năm.\n\n3. Cán bộ lãnh đạo, quản lý, người đứng đầu các cấp gương mẫu, nói đi đôi với làm.\n\n4. Chi bộ sinh hoạt định kỳ có nội dung về học tập và làm theo; biểu dương những tấm gương điển hình.",
        topics: &["học tập và làm theo Bác", "tư tưởng Hồ Chí Minh"],
    },
    Spec {
        kind: Directive,
        number: "03-CT/TW",
        issuer: BCT,
        issued_on: "2011-05-14",
        status: Replaced,
        title: "Về tiếp tục đẩy mạnh việc học tập và làm theo tấm gương đạo đức Hồ Chí Minh",
        summary: "Chỉ thị tiếp tục cuộc vận động học tập và làm theo tấm gương đạo đức Hồ Chí Minh trong toàn Đảng, toàn dân. Đã được thay thế bằng Chỉ thị 05-CT/TW năm 2016 của Bộ Chính trị.",
        body: "",
        topics: &["học tập và làm theo Bác"],
    },
    Spec {
        kind: Directive,
        number: "10-CT/TW",
        issuer: BBT,
        issued_on: "2007-03-30",
        status: InForce,
        title: "Về nâng cao chất lượng sinh hoạt chi bộ",
        summary: "Chỉ thị của Ban Bí thư yêu cầu chi bộ sinh hoạt định kỳ mỗi tháng một lần, nội dung thiết thực, gắn với nhiệm vụ chính trị của đơn vị. Cấp ủy cấp trên thường xuyên dự sinh hoạt chi bộ và hướng dẫn, kiểm tra việc thực hiện.",
        body: "",
        topics: &["sinh hoạt chi bộ", "xây dựng Đảng"],
    },
    Spec {
        kind: Directive,
        number: "28-CT/TW",
        issuer: BBT,
        issued_on: "2013-09-21",
        status: InForce,
        title: "Về nâng cao chất lượng kết nạp đảng viên và rà soát, sàng lọc, đưa những đảng viên không đủ tư cách ra khỏi Đảng",
        summary: "Chỉ thị yêu cầu coi trọng chất lượng trong kết nạp đảng viên, không chạy theo số lượng. Cấp ủy các cấp định kỳ rà soát, sàng lọc, kiên quyết đưa những đảng viên không đủ tư cách ra khỏi Đảng.",
        body: "",
        topics: &["phát triển đảng viên", "xây dựng Đảng"],
    },
    Spec {
        kind: Directive,
        number: "04-CT/TW",
        issuer: BBT,
        issued_on: "2021-06-02",
        status: InForce,
        title: "Về tăng cường sự lãnh đạo của Đảng đối với công tác thu hồi tài sản bị thất thoát, chiếm đoạt trong các vụ án hình sự về tham nhũng, kinh tế",
        summary: "Chỉ thị của Ban Bí thư yêu cầu các cấp ủy, tổ chức đảng lãnh đạo chặt chẽ công tác thu hồi tài sản bị thất thoát, chiếm đoạt trong các vụ án tham nhũng, kinh tế, coi đây là nhiệm vụ trọng tâm của công tác phòng, chống tham nhũng.",
        body: "",
        topics: &["phòng, chống tham nhũng"],
    },
    Spec {
        kind: Conclusion,
        number: "01-KL/TW",
        issuer: BCT,
        issued_on: "2021-05-18",
        status: InForce,
        title: "Về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị khóa XII về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        summary: "Kết luận của Bộ Chính trị khóa XIII đánh giá kết quả thực hiện Chỉ thị 05-CT/TW và yêu cầu tiếp tục thực hiện trong nhiệm kỳ mới. Việc học tập và làm theo Bác được gắn với thực hiện các nghị quyết về xây dựng, chỉnh đốn Đảng và nhiệm vụ chính trị của từng cơ quan, đơn vị.",
        body: "",
        topics: &["học tập và làm theo Bác", "tư tưởng Hồ Chí Minh"],
    },
    Spec {
        kind: Conclusion,
        number: "21-KL/TW",
        issuer: BCH,
        issued_on: "2021-10-25",
        status: InForce,
        title: "Về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; kiên quyết ngăn chặn, đẩy lùi, xử lý nghiêm cán bộ, đảng viên suy thoái về tư tưởng chính trị, đạo đức, lối sống, biểu hiện \"tự diễn biến\", \"tự chuyển hóa\"",
        summary: "Kết luận Hội nghị Trung ương 4 khóa XIII tiếp tục thực hiện Nghị quyết Trung ương 4 khóa XI, khóa XII về xây dựng, chỉnh đốn Đảng. Yêu cầu xử lý nghiêm cán bộ, đảng viên suy thoái và gắn xây dựng Đảng với xây dựng hệ thống chính trị trong sạch, vững mạnh.",
        body: "",
        topics: &["xây dựng Đảng", "chỉnh đốn Đảng"],
    },
    Spec {
        kind: Conclusion,
        number: "14-KL/TW",
        issuer: BCT,
        issued_on: "2021-09-22",
        status: InForce,
        title: "Về chủ trương khuyến khích và bảo vệ cán bộ năng động, sáng tạo vì lợi ích chung",
        summary: "Kết luận của Bộ Chính trị về khuyến khích và bảo vệ cán bộ dám nghĩ, dám nói, dám làm, dám chịu trách nhiệm, dám đổi mới sáng tạo vì lợi ích chung. Yêu cầu các cấp ủy cụ thể hóa bằng quy định, cơ chế phù hợp.",
        body: "",
        topics: &["công tác cán bộ"],
    },
    Spec {
        kind: Regulation,
        number: "37-QĐ/TW",
        issuer: BCH,
        issued_on: "2021-10-25",
        status: InForce,
        title: "Về những điều đảng viên không được làm",
        summary: "Quy định gồm 19 điều đảng viên không được làm, áp dụng với mọi đảng viên, thay thế Quy định 47-QĐ/TW năm 2011. Đảng viên vi phạm thì tùy mức độ bị xử lý kỷ luật theo quy định của Đảng và pháp luật của Nhà nước.",
        body: "Phạm vi: Quy định áp dụng đối với tất cả đảng viên, không phân biệt chức vụ.\n\nNội dung: 19 điều đảng viên không được làm, về giữ vững lập trường chính trị và nguyên tắc tổ chức của Đảng; về tham nhũng, tiêu cực, lợi dụng chức vụ, quyền hạn; về phát ngôn, mạng xã hội và bảo vệ bí mật; về đạo đức, lối sống, hôn nhân và gia đình.\n\nTrách nhiệm: cấp ủy, tổ chức đảng tổ chức học tập, quán triệt; đảng viên tự giác thực hiện, chi bộ theo dõi và kiểm điểm việc chấp hành.",
        topics: &["kỷ luật đảng", "đảng viên"],
    },
    Spec {
        kind: Regulation,
        number: "47-QĐ/TW",
        issuer: BCH,
        issued_on: "2011-11-01",
        status: Replaced,
        title: "Về những điều đảng viên không được làm",
        summary: "Quy định của Ban Chấp hành Trung ương khóa XI về những điều đảng viên không được làm. Đã được thay thế bằng Quy định 37-QĐ/TW năm 2021.",
        body: "",
        topics: &["kỷ luật đảng", "đảng viên"],
    },
    Spec {
        kind: Regulation,
        number: "144-QĐ/TW",
        issuer: BCT,
        issued_on: "2024-05-09",
        status: InForce,
        title: "Về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới",
        summary: "Quy định các chuẩn mực đạo đức cách mạng để cán bộ, đảng viên tu dưỡng, rèn luyện: trung thành với lý tưởng cách mạng; cần, kiệm, liêm, chính, chí công vô tư; đoàn kết, gắn bó với Nhân dân; nêu gương. Các chuẩn mực là căn cứ để tổ chức đảng đánh giá cán bộ, đảng viên.",
        body: "",
        topics: &["đạo đức cách mạng", "nêu gương"],
    },
    Spec {
        kind: Regulation,
        number: "08-QĐi/TW",
        issuer: BCH,
        issued_on: "2018-10-25",
        status: InForce,
        title: "Về trách nhiệm nêu gương của cán bộ, đảng viên, trước hết là Ủy viên Bộ Chính trị, Ủy viên Ban Bí thư, Ủy viên Ban Chấp hành Trung ương",
        summary: "Quy định trách nhiệm nêu gương của cán bộ, đảng viên theo nguyên tắc chức vụ càng cao càng phải gương mẫu, trước hết là các đồng chí Ủy viên Trung ương. Nêu gương về tư tưởng chính trị, đạo đức, lối sống, ý thức tổ chức kỷ luật và trong thực hiện nhiệm vụ.",
        body: "",
        topics: &["nêu gương", "đạo đức cách mạng"],
    },
    Spec {
        kind: Regulation,
        number: "55-QĐ/TW",
        issuer: BCT,
        issued_on: "2016-12-19",
        status: InForce,
        title: "Về một số việc cần làm ngay để tăng cường vai trò nêu gương của cán bộ, đảng viên",
        summary: "Quy định những việc cần làm ngay để cán bộ, đảng viên, trước hết là cán bộ lãnh đạo, quản lý, nêu gương trong thực hiện Nghị quyết Trung ương 4 khóa XII. Cán bộ, đảng viên tự soi, tự sửa, không để người thân lợi dụng chức vụ của mình.",
        body: "",
        topics: &["nêu gương"],
    },
    Spec {
        kind: Regulation,
        number: "69-QĐ/TW",
        issuer: BCT,
        issued_on: "2022-07-06",
        status: InForce,
        title: "Về kỷ luật tổ chức đảng, đảng viên vi phạm",
        summary: "Quy định các hành vi vi phạm, hình thức và thẩm quyền kỷ luật tổ chức đảng và đảng viên, thay thế Quy định 102-QĐ/TW năm 2017. Đảng viên chính thức vi phạm bị kỷ luật bằng khiển trách, cảnh cáo, cách chức hoặc khai trừ; đảng viên dự bị bị khiển trách hoặc cảnh cáo.",
        body: "",
        topics: &["kỷ luật đảng", "kiểm tra, giám sát"],
    },
    Spec {
        kind: Regulation,
        number: "102-QĐ/TW",
        issuer: BCT,
        issued_on: "2017-11-15",
        status: Replaced,
        title: "Quy định xử lý kỷ luật đảng viên vi phạm",
        summary: "Quy định của Bộ Chính trị khóa XII về xử lý kỷ luật đảng viên vi phạm. Đã được thay thế bằng Quy định 69-QĐ/TW năm 2022.",
        body: "",
        topics: &["kỷ luật đảng"],
    },
    Spec {
        kind: Regulation,
        number: "24-QĐ/TW",
        issuer: BCH,
        issued_on: "2021-07-30",
        status: Replaced,
        title: "Về thi hành Điều lệ Đảng",
        summary: "Quy định của Ban Chấp hành Trung ương khóa XIII hướng dẫn thi hành các điều của Điều lệ Đảng về đảng viên, tổ chức đảng và sinh hoạt đảng. Đã được thay thế bằng Quy định 232-QĐ/TW năm 2025.",
        body: "",
        topics: &["Điều lệ Đảng"],
    },
    Spec {
        kind: Regulation,
        number: "232-QĐ/TW",
        issuer: BCH,
        issued_on: "2025-01-20",
        status: InForce,
        title: "Về thi hành Điều lệ Đảng",
        summary: "Quy định thi hành Điều lệ Đảng, thay thế Quy định 24-QĐ/TW năm 2021. Cụ thể hóa các điều về đảng viên, nguyên tắc tổ chức, cơ quan lãnh đạo và tổ chức cơ sở đảng, làm căn cứ cho chi bộ trong kết nạp, quản lý và sinh hoạt đảng viên.",
        body: "",
        topics: &["Điều lệ Đảng", "đảng viên"],
    },
    Spec {
        kind: Regulation,
        number: "213-QĐ/TW",
        issuer: BCT,
        issued_on: "2020-01-02",
        status: InForce,
        title: "Về trách nhiệm của đảng viên đang công tác thường xuyên giữ mối liên hệ với tổ chức đảng và nhân dân nơi cư trú",
        summary: "Quy định đảng viên đang công tác ở cơ quan, đơn vị phải thường xuyên giữ mối liên hệ với chi ủy, đảng ủy và nhân dân nơi cư trú. Đảng viên giới thiệu với chi ủy nơi cư trú, tham gia sinh hoạt và hoạt động tại khu dân cư; chi ủy nơi cư trú nhận xét đảng viên hằng năm.",
        body: "",
        topics: &["đảng viên", "nơi cư trú"],
    },
    Spec {
        kind: Regulation,
        number: "124-QĐ/TW",
        issuer: BCT,
        issued_on: "2023-10-04",
        status: InForce,
        title: "Về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá nhân trong hệ thống chính trị",
        summary: "Quy định việc kiểm điểm tự phê bình và phê bình, đánh giá, xếp loại chất lượng hằng năm đối với tập thể và cá nhân trong hệ thống chính trị. Chất lượng được xếp theo bốn mức: hoàn thành xuất sắc nhiệm vụ, hoàn thành tốt nhiệm vụ, hoàn thành nhiệm vụ, không hoàn thành nhiệm vụ.",
        body: "Đối tượng: tổ chức đảng, cơ quan, đơn vị và cán bộ, đảng viên trong hệ thống chính trị.\n\nKiểm điểm: tự phê bình và phê bình hằng năm; đảng viên kiểm điểm ở chi bộ, cán bộ lãnh đạo kiểm điểm cả ở tập thể lãnh đạo.\n\nXếp loại: hoàn thành xuất sắc nhiệm vụ; hoàn thành tốt nhiệm vụ; hoàn thành nhiệm vụ; không hoàn thành nhiệm vụ. Tỷ lệ xếp loại hoàn thành xuất sắc được khống chế theo quy định.\n\nSử dụng kết quả: làm căn cứ đánh giá, quy hoạch, bố trí, khen thưởng và kỷ luật cán bộ.",
        topics: &["đánh giá, xếp loại", "kiểm điểm"],
    },
    Spec {
        kind: Regulation,
        number: "41-QĐ/TW",
        issuer: BCT,
        issued_on: "2021-11-03",
        status: InForce,
        title: "Về việc miễn nhiệm, từ chức đối với cán bộ",
        summary: "Quy định các trường hợp xem xét miễn nhiệm và việc từ chức đối với cán bộ giữ chức vụ lãnh đạo, quản lý. Cán bộ không còn đủ uy tín, sức khỏe, năng lực để hoàn thành nhiệm vụ thì được khuyến khích từ chức.",
        body: "",
        topics: &["công tác cán bộ"],
    },
    Spec {
        kind: Guidance,
        number: "12-HD/BTCTW",
        issuer: "Ban Tổ chức Trung ương",
        issued_on: "2022-01-18",
        status: InForce,
        title: "Về nâng cao chất lượng sinh hoạt chi bộ",
        summary: "Hướng dẫn của Ban Tổ chức Trung ương về nội dung, cách thức sinh hoạt chi bộ thường kỳ và chuyên đề. Chi bộ sinh hoạt thường kỳ mỗi tháng một lần, sinh hoạt chuyên đề ít nhất mỗi quý một lần; nội dung sinh hoạt thiết thực, phát huy dân chủ và tự phê bình, phê bình.",
        body: "1. Sinh hoạt thường kỳ: mỗi tháng một lần. Chi ủy chuẩn bị nội dung; đánh giá việc thực hiện nhiệm vụ tháng trước, đề ra nhiệm vụ tháng tới, phân công đảng viên thực hiện.\n\n2. Sinh hoạt chuyên đề: ít nhất mỗi quý một lần, về một chủ đề cụ thể như học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, công tác phát triển đảng viên, hay một nhiệm vụ trọng tâm của đơn vị.\n\n3. Trình tự: chuẩn bị, tổ chức sinh hoạt, ghi biên bản và ra nghị quyết của chi bộ; cấp ủy cấp trên dự và theo dõi.\n\n4. Đánh giá chất lượng sinh hoạt chi bộ hằng năm, gắn với đánh giá, xếp loại tổ chức đảng.",
        topics: &["sinh hoạt chi bộ", "tổ chức cơ sở đảng"],
    },
];

/// A made-up document of the demo province (`{unit}` is the issuing organisation's
/// committee, `{year}` the demo's year).
struct Own {
    kind: DocKind,
    number: &'static str,
    issued_on: &'static str,
    title: &'static str,
    summary: &'static str,
    body: &'static str,
    topics: &'static [&'static str],
}

/// The marker on every made-up document.
const MADE_UP: &str = "Văn bản giả định của bộ dữ liệu mẫu.";

const PROVINCE_OWN: &[Own] = &[
    Own {
        kind: Guidance,
        number: "08-HD/BTGTU",
        issued_on: "2025-02-20",
        title: "Hướng dẫn học tập, quán triệt và triển khai thực hiện Nghị quyết 57-NQ/TW của Bộ Chính trị",
        summary: "Hướng dẫn các cấp ủy tổ chức học tập, quán triệt Nghị quyết 57-NQ/TW cho cán bộ, đảng viên, mỗi chi bộ dành một buổi sinh hoạt chuyên đề và liên hệ với chuyển đổi số ở địa phương.",
        body: "1. Đối tượng: toàn thể cán bộ, đảng viên trong Đảng bộ tỉnh.\n\n2. Hình thức: hội nghị trực tiếp kết hợp trực tuyến; tài liệu đọc trên sổ tay đảng viên điện tử.\n\n3. Thời gian: hoàn thành trong quý; chi bộ báo cáo kết quả học tập về cấp ủy cấp trên.",
        topics: &["chuyển đổi số", "học tập nghị quyết"],
    },
    Own {
        kind: Directive,
        number: "12-CT/TU",
        issued_on: "2025-03-18",
        title: "Về tăng cường công tác phát triển đảng viên trong thanh niên và công nhân lao động",
        summary: "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy quan tâm bồi dưỡng, kết nạp quần chúng ưu tú là đoàn viên thanh niên và công nhân lao động, bảo đảm chất lượng kết nạp.",
        body: "",
        topics: &["phát triển đảng viên"],
    },
    Own {
        kind: Notice,
        number: "215-TB/TU",
        issued_on: "2026-10-12",
        title: "Thông báo kết luận của Ban Thường vụ Tỉnh ủy về kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm 2026",
        summary: "Ban Thường vụ Tỉnh ủy yêu cầu các tổ chức đảng tiến hành kiểm điểm, đánh giá, xếp loại chất lượng cuối năm theo Quy định 124-QĐ/TW, hoàn thành ở chi bộ trước ngày 15 tháng 12.",
        body: "",
        topics: &["đánh giá, xếp loại", "kiểm điểm"],
    },
    Own {
        kind: CellStudyMaterial,
        number: "TL 10/2026",
        issued_on: "2026-10-01",
        title: "Tài liệu sinh hoạt chi bộ tháng 10 năm 2026",
        summary: "Thông tin thời sự trong tỉnh, chuyên đề về chuẩn mực đạo đức cách mạng theo Quy định 144-QĐ/TW và gợi ý nội dung thảo luận cho chi bộ.",
        body: "Phần 1. Thông tin thời sự: tình hình kinh tế, xã hội của tỉnh trong quý III.\n\nPhần 2. Chuyên đề: chuẩn mực đạo đức cách mạng của cán bộ, đảng viên; liên hệ với việc thực hiện ở chi bộ.\n\nPhần 3. Gợi ý thảo luận: mỗi đảng viên nêu một việc làm cụ thể để rèn luyện đạo đức trong công tác và ở nơi cư trú.",
        topics: &["sinh hoạt chi bộ", "đạo đức cách mạng"],
    },
    Own {
        kind: CellStudyMaterial,
        number: "TL 11/2026",
        issued_on: "2026-11-02",
        title: "Tài liệu sinh hoạt chi bộ tháng 11 năm 2026",
        summary: "Thông tin thời sự, chuyên đề về nâng cao chất lượng sinh hoạt chi bộ theo Hướng dẫn 12-HD/BTCTW và chuẩn bị kiểm điểm, đánh giá cuối năm.",
        body: "Phần 1. Thông tin thời sự: kết quả sản xuất vụ mùa và chuẩn bị vụ đông.\n\nPhần 2. Chuyên đề: nâng cao chất lượng sinh hoạt chi bộ; những việc chi bộ cần chuẩn bị cho kiểm điểm cuối năm.\n\nPhần 3. Gợi ý thảo luận: đánh giá chất lượng sinh hoạt chi bộ trong năm, đề xuất cách làm mới.",
        topics: &["sinh hoạt chi bộ", "kiểm điểm"],
    },
];

/// The district's, the grassroots' and the cell's own (issuer filled in at seed time).
const DISTRICT_OWN: Own = Own {
    kind: Resolution,
    number: "03-NQ/HU",
    issued_on: "2025-06-10",
    title: "Nghị quyết về phát triển sản xuất nông nghiệp hàng hóa giai đoạn 2025 - 2030",
    summary: "Huyện ủy đề ra mục tiêu mở rộng vùng sản xuất lúa chất lượng cao và cây vụ đông, phát triển hợp tác xã, ứng dụng cơ giới hóa và chuyển đổi số trong sản xuất, tiêu thụ nông sản.",
    body: "",
    topics: &["nông nghiệp", "nông thôn mới"],
};
const GRASSROOTS_OWN: Own = Own {
    kind: Notice,
    number: "18-TB/ĐU",
    issued_on: "2026-11-03",
    title: "Thông báo phân công đảng ủy viên dự sinh hoạt chi bộ quý IV năm 2026",
    summary: "Đảng ủy phân công mỗi đảng ủy viên theo dõi, dự sinh hoạt định kỳ của các chi bộ trực thuộc trong quý IV và báo cáo chất lượng sinh hoạt về Đảng ủy.",
    body: "",
    topics: &["sinh hoạt chi bộ"],
};
const CELL_OWN: Own = Own {
    kind: Resolution,
    number: "11-NQ/CB",
    issued_on: "2026-11-10",
    title: "Nghị quyết sinh hoạt chi bộ thường kỳ tháng 11 năm 2026",
    summary: "Chi bộ đánh giá kết quả tháng 10, thống nhất nhiệm vụ tháng 11: vận động thu hoạch vụ mùa, chuẩn bị kiểm điểm cuối năm và hoàn thành học tập Nghị quyết 57-NQ/TW.",
    body: "1. Kết quả tháng 10: chi bộ sinh hoạt đúng kỳ, đảng viên dự đầy đủ; hoàn thành thu đảng phí.\n\n2. Nhiệm vụ tháng 11: vận động nhân dân thu hoạch vụ mùa, làm vụ đông; chuẩn bị kiểm điểm, đánh giá cuối năm; mỗi đảng viên đọc và học tập Nghị quyết 57-NQ/TW trên sổ tay.",
    topics: &["sinh hoạt chi bộ"],
};

/// "Đảng bộ huyện Vũ Thư" → "Huyện ủy Vũ Thư": the committee that signs.
fn committee(org_name: &str) -> String {
    for (prefix, signs) in [
        ("Đảng bộ huyện ", "Huyện ủy "),
        ("Đảng bộ thành phố ", "Thành ủy "),
        ("Đảng bộ thị xã ", "Thị ủy "),
        ("Đảng bộ tỉnh ", "Tỉnh ủy "),
        ("Đảng bộ ", "Đảng ủy "),
    ] {
        if let Some(rest) = org_name.strip_prefix(prefix) {
            return format!("{signs}{rest}");
        }
    }
    org_name.to_string()
}

struct Seeder {
    rng: StdRng,
    now_ms: u64,
    changes: Vec<Change>,
    tick: u64,
}

impl Seeder {
    fn id(&mut self) -> Id {
        Id::v7(self.now_ms, self.rng.gen())
    }
    /// A stamp `days_ago` days before now, a minute after the previous one.
    fn push<R: Row>(&mut self, row: &R, days_ago: u64) {
        self.tick += 60_000;
        let at = self.now_ms.saturating_sub(days_ago * DAY) + self.tick;
        let cid = self.id();
        self.changes.push(row_change(cid, row, server_hlc(at)));
    }
    fn document(&mut self, org: Id, issuer: &str, own: &Own, made_up: bool) -> Document {
        let summary = if made_up {
            format!("{} {MADE_UP}", own.summary)
        } else {
            own.summary.to_string()
        };
        let d = Document {
            id: self.id(),
            kind: own.kind,
            number: own.number.into(),
            title: own.title.into(),
            org_id: org,
            issuer: issuer.into(),
            issued_on: own.issued_on.into(),
            status: DocStatus::InForce,
            summary,
            body: own.body.into(),
            topics: own.topics.iter().map(|t| t.to_string()).collect(),
        };
        self.push(&d, 30);
        d
    }
}

/// The name of an organisation as stored.
fn org_name(store: &dyn Store, org: Id) -> Result<String, DemoError> {
    store
        .row(org)?
        .and_then(|r| r.row.str("name").map(str::to_string))
        .ok_or_else(|| DemoError::Refused(format!("thiếu tổ chức {org} cho thư viện mẫu")))
}

/// Seed the demo's library. `tree` is (province, the demo cell, every cell, every
/// (organisation, parent)); `plain` the demo cell's plain members, of whom the first
/// (the demo's "member" to try) is left to open documents for themselves.
pub fn seed(
    store: &dyn Store,
    now_ms: u64,
    tree: (Id, &Cell, &[Cell], &[(Id, Id)]),
    plain: &[Id],
) -> Result<(), DemoError> {
    let (province, cell, cells, parents) = tree;
    let parent = |org: Id| parents.iter().find(|(c, _)| *c == org).map(|(_, p)| *p);
    let mut chain = vec![cell.id];
    while let Some(p) = chain.last().and_then(|o| parent(*o)) {
        chain.push(p);
    }
    // cell, (section), grassroots, district, province
    let at = |k: usize| {
        chain
            .len()
            .checked_sub(k)
            .and_then(|i| chain.get(i))
            .copied()
    };
    let (Some(district), Some(grassroots)) = (at(2), at(3)) else {
        return Err(DemoError::Refused(
            "thiếu đảng bộ cấp trên của chi bộ mẫu cho thư viện".into(),
        ));
    };
    let mut s = Seeder {
        rng: StdRng::seed_from_u64(SEED ^ 0x11b7_a7e5),
        now_ms,
        changes: Vec::new(),
        tick: 0,
    };

    // Documents: the centre's at the province, then the province's, district's,
    // grassroots' and cell's own.
    let mut docs: Vec<Document> = Vec::new();
    for c in CENTRAL {
        let d = Document {
            id: s.id(),
            kind: c.kind,
            number: c.number.into(),
            title: c.title.into(),
            org_id: province,
            issuer: c.issuer.into(),
            issued_on: c.issued_on.into(),
            status: c.status,
            summary: c.summary.into(),
            body: if c.body.is_empty() {
                String::new()
            } else {
                format!("{OUTLINE}\n\n{}", c.body)
            },
            topics: c.topics.iter().map(|t| t.to_string()).collect(),
        };
        s.push(&d, 30);
        docs.push(d);
    }
    let province_name = org_name(store, province)?;
    for own in PROVINCE_OWN {
        let issuer = match own.kind {
            Guidance | CellStudyMaterial => format!("Ban Tuyên giáo {}", committee(&province_name)),
            _ => committee(&province_name),
        };
        let d = s.document(province, &issuer, own, true);
        docs.push(d);
    }
    for (org, own) in [
        (district, &DISTRICT_OWN),
        (grassroots, &GRASSROOTS_OWN),
        (cell.id, &CELL_OWN),
    ] {
        let issuer = committee(&org_name(store, org)?);
        let d = s.document(org, &issuer, own, true);
        docs.push(d);
    }
    let find = |number: &str| {
        docs.iter()
            .find(|d| d.number == number)
            .cloned()
            .ok_or_else(|| DemoError::Refused(format!("thiếu văn bản {number}")))
    };

    // PDF files of a few: stored as blobs first, so no attachment ever names a
    // missing file.
    for number in [
        "57-NQ/TW",
        "21-NQ/TW",
        "37-QĐ/TW",
        "12-HD/BTCTW",
        "TL 11/2026",
        DISTRICT_OWN.number,
    ] {
        let d = find(number)?;
        let bytes = pdf::document(&d);
        let sha256 = hex::encode(Sha256::digest(&bytes));
        store.put_blob(&sha256, &bytes)?;
        let a = Attachment {
            id: s.id(),
            document_id: d.id,
            org_id: d.org_id,
            name: format!(
                "{} {}.pdf",
                d.kind.label_vi(),
                d.number.replace(['/', ' '], "-")
            ),
            mime: "application/pdf".into(),
            size: bytes.len() as u64,
            sha256,
        };
        s.push(&a, 29);
    }

    // Study: the province's three, the district's two (one of its own resolution).
    let today_plus = |days: i64| vn_day(now_ms.saturating_add_signed(days * DAY as i64));
    let assignments = [
        (province, "57-NQ/TW", 20, "Các chi bộ tổ chức học tập, quán triệt trong kỳ sinh hoạt chuyên đề; đảng viên đọc nghị quyết trên sổ tay và ghi liên hệ bản thân."),
        (province, "21-NQ/TW", -10, "Hoàn thành học tập trước kỳ kiểm điểm cuối năm."),
        (province, "144-QĐ/TW", 45, ""),
        (district, "37-QĐ/TW", 12, "Chi ủy nhắc đảng viên đọc và tự liên hệ; báo cáo kết quả về Huyện ủy."),
        (district, DISTRICT_OWN.number, 30, ""),
    ];
    for (org, number, due, note) in assignments {
        let d = find(number)?;
        let a = StudyAssignment {
            id: s.id(),
            org_id: org,
            document_id: d.id,
            due_on: today_plus(due),
            note: note.into(),
        };
        s.push(&a, 21);
    }

    // Read marks: in the demo cell, most of its members for the overdue assignment,
    // about half for the others; in the district's other cells, fewer. Each mark is
    // written at the member's cell as the store has it now.
    let me = plain.first().copied();
    let district_cells: Vec<&Cell> = cells
        .iter()
        .filter(|c| c.district == cell.district)
        .collect();
    let shares: [(&str, f64, f64); 4] = [
        ("21-NQ/TW", 0.85, 0.5),
        ("57-NQ/TW", 0.5, 0.3),
        ("37-QĐ/TW", 0.6, 0.35),
        ("144-QĐ/TW", 0.3, 0.0),
    ];
    for (number, here, elsewhere) in shares {
        let d = find(number)?;
        for c in &district_cells {
            let share = if c.id == cell.id { here } else { elsewhere };
            let mut who: Vec<Id> = c
                .members
                .iter()
                .copied()
                .filter(|m| Some(*m) != me)
                .collect();
            who.shuffle(&mut s.rng);
            let n = ((who.len() as f64) * share).round() as usize;
            for m in who
                .into_iter()
                .take(n.min(c.members.len().saturating_sub(1)))
            {
                let Some(at) = store
                    .row(m)?
                    .filter(|r| !r.tombstoned())
                    .and_then(|r| r.row.id("cell_id"))
                else {
                    continue;
                };
                let days = s.rng.gen_range(2..=20u64);
                let opened = now_ms.saturating_sub(days * DAY + s.rng.gen_range(0..12) * HOUR);
                let finished = s
                    .rng
                    .gen_bool(0.7)
                    .then(|| opened + s.rng.gen_range(1..=48) * HOUR);
                let r = ReadMark {
                    id: ReadMark::row_id(m, d.id),
                    member_id: m,
                    document_id: d.id,
                    org_id: at,
                    opened_ms: opened,
                    finished_ms: finished,
                };
                s.push(&r, days);
            }
        }
    }

    for r in store.seed(&s.changes, now_ms)? {
        if !matches!(r.outcome, Outcome::Accepted { .. }) {
            return Err(DemoError::Refused(format!("{:?}", r.outcome)));
        }
    }
    Ok(())
}

/// A one-page PDF of a document's heading, summary and outline, in the PDF's standard
/// Helvetica (its encoding has no Vietnamese letters: the text is written without
/// diacritics), with exact cross-reference offsets.
pub(crate) mod pdf {
    use sotay_model::library::documents::Document;
    use sotay_model::vn::show_date;

    /// ASCII text: Vietnamese letters without their marks (case kept), anything else
    /// outside ASCII as `?`.
    fn ascii(s: &str) -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii() {
                    return c;
                }
                let base = sotay_model::vn::fold(&c.to_string())
                    .chars()
                    .next()
                    .filter(char::is_ascii)
                    .unwrap_or('?');
                if c.is_uppercase() {
                    base.to_ascii_uppercase()
                } else {
                    base
                }
            })
            .collect()
    }

    /// Lines of at most `width` characters, broken at spaces.
    fn wrap(text: &str, width: usize) -> Vec<String> {
        let mut out = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split_whitespace() {
                if !line.is_empty() && line.len() + 1 + word.len() > width {
                    out.push(std::mem::take(&mut line));
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
            }
            out.push(line);
        }
        out
    }

    fn escape(s: &str) -> String {
        s.replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)")
    }

    /// The file's bytes.
    pub fn document(d: &Document) -> Vec<u8> {
        // (font, size, text) from the top of the page down.
        let mut lines: Vec<(&str, u32, String)> = vec![
            ("F2", 11, "DANG CONG SAN VIET NAM".into()),
            ("F1", 11, ascii(&d.issuer)),
            ("F1", 11, format!("So {}", ascii(&d.number))),
            (
                "F1",
                11,
                format!("Ngay ban hanh: {}", show_date(&d.issued_on)),
            ),
            ("F1", 11, String::new()),
        ];
        let heading = format!("{} {}", d.kind.label_vi(), d.title);
        for l in wrap(&ascii(&heading).to_uppercase(), 70) {
            lines.push(("F2", 13, l));
        }
        lines.push(("F1", 11, String::new()));
        for text in [&d.summary, &d.body] {
            for l in wrap(&ascii(text), 88) {
                lines.push(("F1", 10, l));
            }
            lines.push(("F1", 10, String::new()));
        }
        lines.truncate(58);
        lines.push((
            "F1",
            9,
            "Ban dien tu tao tu bo du lieu mau cua So tay dang vien.".into(),
        ));
        let mut content = String::from("BT\n");
        let mut y = 800;
        for (font, size, text) in &lines {
            y -= size + 3;
            content.push_str(&format!(
                "/{font} {size} Tf 1 0 0 1 56 {y} Tm ({}) Tj\n",
                escape(text)
            ));
        }
        content.push_str("ET\n");
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>".to_string(),
            format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".to_string(),
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
        }
        let xref = out.len();
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
        for o in offsets {
            table.push_str(&format!("{o:010} 00000 n \n"));
        }
        out.extend_from_slice(table.as_bytes());
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        out
    }
}
