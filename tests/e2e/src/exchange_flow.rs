//! Trao đổi (issue 16) across four devices and a real server, asserting what each
//! screen says:
//!
//! 1. The province officer (desktop) opens "Gửi thông báo", sends it empty (every
//!    missing field named), then sends an announcement to one district only: the
//!    member's (read off the member's own "Hỏi cấp ủy" choices, cell first, province
//!    last), with a must-read-by date. "Đã gửi" lists it, read by none.
//! 2. The member (phone, a cell of that district) syncs: the page's notice says a new
//!    announcement came; "Xem" opens it, which marks it read; the member comments.
//!    Under the demo's Chỉ thị 35-CT/TW in the library, the member answers the
//!    committee's reply in its thread.
//! 3. A member of another district syncs: their feed holds the demo's announcements
//!    but not this one.
//! 4. The officer syncs: the sending reads 1 read; its reads view gives the district
//!    1 reader with the unread members below, "Nhắc" reminds them, and the district's
//!    copy shows the member's comment.
//! 5. The member asks the cell's committee a question; the cell's secretary answers
//!    it and publishes it with its wording edited; the member sees the answer (and the
//!    page's notice of it) and finds it by the FAQ search typed without accents.
//! 6. The member gives an opinion on the first section of the demo's open draft.
//! 7. The officer opens that draft, sees the opinion in its section and exports the
//!    opinions as .xlsx: a non-empty workbook lands in the browser's downloads.
//!
//! Screenshots `browser-<size>-exchange-<screen>.png` at phone and desktop widths.

use crate::drivers::{downloads, Session};
use crate::dues_flow::{attr_of, next, sync, vn_month, wait_xpath};
use crate::fixture::artifacts;
use crate::flow::{
    bounded, click, click_xpath, enroll_device, feature_shots, pick_pdf, replace_text, screenshot,
    strings, type_into, wait_for, wait_text, Size, Step, DESKTOP, PHONE, WAIT,
};
use crate::oversight_flow::wait_for_download;
use crate::stoppable::StoppableServer;
use fantoccini::{Client, Locator};

const TITLE: &str = "Triển khai học tập chuyên đề (e2e)";
const BODY: &str = "Đề nghị các chi bộ tổ chức học tập chuyên đề trong kỳ sinh hoạt tới.\nBáo cáo kết quả về Ban Tuyên giáo.";
const COMMENT: &str = "Chi bộ đã đưa vào nội dung sinh hoạt tháng này.";
const REPLY: &str = "Chi bộ thôn sẽ rà soát theo mục 3 trước đại hội.";
const QUESTION: &str = "Đảng viên đi làm ăn xa có phải đóng đảng phí hằng tháng không?";
const ANSWER: &str = "Có. Đồng chí vẫn đóng đảng phí hằng tháng cho chi bộ, có thể chuyển khoản.";
const FAQ_QUESTION: &str = "Đảng viên làm ăn xa có phải đóng đảng phí hằng tháng không?";
const SEARCH: &str = "dang phi hang thang";
const FILE: &str = "Kế hoạch học tập chuyên đề.pdf";
const OPINION: &str = "Đề nghị bổ sung số liệu về phát triển đảng viên mới (e2e).";

/// Run the flow; on failure keep every device's screen and page, then panic.
pub async fn announce_discuss_ask_and_collect_opinions(
    officer: Session,
    member: Session,
    other: Session,
    secretary: Session,
    server: StoppableServer,
) {
    let outcome = body(&officer, &member, &other, &secretary, &server).await;
    let all = [
        ("officer", &officer),
        ("member", &member),
        ("other", &other),
        ("secretary", &secretary),
    ];
    if let Err(why) = outcome {
        for (who, s) in all {
            let name = format!("{}-exchange-failure-{who}", s.driver);
            let _ = screenshot(&s.client, &name).await;
            if let Ok(html) = s.client.source().await {
                let _ = std::fs::write(artifacts().join(format!("{name}.html")), html);
            }
        }
        let logs = officer.logs.display().to_string();
        for s in [officer, member, other, secretary] {
            let _ = s.client.close().await;
        }
        panic!(
            "exchange flow failed: {why}\n(see target/e2e-artifacts/*-exchange-failure-*.png and the logs in {logs})"
        );
    }
    for s in [officer, member, other, secretary] {
        s.client.close().await.expect("close the WebDriver session");
    }
}

async fn enroll(s: &Session, server: &StoppableServer, role: &str, size: Size) -> Step<()> {
    let code = server.code_for(role)?;
    let device = format!("e2e exchange {role}");
    enroll_device(s, &server.url, &code.code, &device, size).await
}

/// Screenshots of what is on screen at both widths, back to `home` after.
async fn shots(s: &Session, home: Size, screen: &str, at: &str) -> Step<()> {
    feature_shots(s, "exchange", screen, at, home).await
}

/// Trao đổi: a phone reaches it from Home, a desktop from the sidebar.
async fn open_exchange(c: &Client, size: Size) -> Step<()> {
    if size.phone {
        click(c, "[data-testid=tab-home]").await?;
        click(c, "[data-testid=shortcut-exchange]").await?;
    } else {
        click(c, "[data-testid=nav-exchange]").await?;
    }
    wait_for(c, "[data-testid=exchange]", WAIT).await.map(drop)
}

async fn section(c: &Client, size: Size, name: &str) -> Step<()> {
    open_exchange(c, size).await?;
    click(c, &format!("[data-testid=exchange-{name}]")).await
}

/// Type into the field `testid` inside the element `item` (an XPath).
async fn type_in(c: &Client, item: &str, testid: &str, text: &str) -> Step<()> {
    let xpath = format!("{item}//*[@data-testid='{testid}']");
    let find = c.wait().at_most(WAIT).for_element(Locator::XPath(&xpath));
    let el = bounded(&format!("wait for `{xpath}`"), WAIT, find).await?;
    bounded(&format!("type into `{xpath}`"), WAIT, el.send_keys(text)).await
}

fn item(testid: &str, text: &str) -> String {
    format!("//*[@data-testid='{testid}' and contains(., '{text}')]")
}

async fn body(
    officer: &Session,
    member: &Session,
    other: &Session,
    secretary: &Session,
    server: &StoppableServer,
) -> Step<()> {
    enroll(officer, server, "province_officer", DESKTOP).await?;
    enroll(member, server, "member", PHONE).await?;
    enroll(other, server, "other_member", PHONE).await?;
    enroll(secretary, server, "cell_secretary", PHONE).await?;
    let (o, m, x, sec) = (
        &officer.client,
        &member.client,
        &other.client,
        &secretary.client,
    );

    // The member's district: second to last of whom they may ask (cell … province).
    section(m, PHONE, "questions").await?;
    wait_for(m, "[data-testid=question-org] option", WAIT).await?;
    let chain = strings(m, "read whom the member may ask", "return [...document.querySelectorAll('[data-testid=question-org] option')].map(o => o.value)").await?;
    if chain.len() < 3 {
        return Err(format!(
            "the member may ask {chain:?}: their cell up to the province expected"
        ));
    }
    let district = chain[chain.len() - 2].clone();

    // 1. The officer sends to the member's district only.
    open_exchange(o, DESKTOP).await?;
    click(o, "[data-testid=ann-send-open]").await?;
    wait_for(o, "[data-testid=ann-form]", WAIT).await?;
    click(o, "[data-testid=ann-to-chosen]").await?;
    click(o, "[data-testid=ann-send]").await?;
    for named in ["Tiêu đề: chưa nhập", "Gửi đến: chưa chọn tổ chức nào"] {
        wait_text(o, "ann-form-error", named).await?;
    }
    shots(officer, DESKTOP, "send-empty", "[data-testid=ann-form]").await?;
    click(
        o,
        &format!("[data-testid=ann-to-org][data-org-id='{district}']"),
    )
    .await?;
    wait_for(
        o,
        &format!("[data-testid=ann-to-chosen-org][data-org-id='{district}']"),
        WAIT,
    )
    .await?;
    type_into(o, "ann-title-input", TITLE).await?;
    type_into(o, "ann-body-input", BODY).await?;
    let (y, mo) = next(vn_month());
    type_into(o, "ann-read-by", &format!("28/{mo:02}/{y}")).await?;
    shots(officer, DESKTOP, "send", "[data-testid=ann-form]").await?;
    click(o, "[data-testid=ann-send]").await?;
    wait_for(o, "[data-testid=ann-notice]", WAIT).await?;
    let sent = item("ann-sent-item", TITLE);
    wait_xpath(o, &format!("{sent}[@data-readers='0']")).await?;
    sync(o).await?;

    // 2. The member: the page's notice, the announcement (read by opening), a comment.
    sync(m).await?;
    let notice = format!(
        "//*[@data-testid='exchange-notice-item' and @data-kind='announcement' and contains(., '{TITLE}')]"
    );
    wait_xpath(m, &notice).await?;
    shots(member, PHONE, "notice", "[data-testid=exchange-notice]").await?;
    click(m, "[data-testid=exchange-notice-open]").await?;
    wait_text(m, "ann-title", TITLE).await?;
    wait_text(m, "ann-body", "Ban Tuyên giáo").await?;
    type_into(m, "comment-input", COMMENT).await?;
    click(m, "[data-testid=comment-send]").await?;
    wait_xpath(
        m,
        &format!("//*[@data-testid='comment' and @data-mine='true' and contains(., '{COMMENT}')]"),
    )
    .await?;
    shots(member, PHONE, "announcement", "[data-testid=ann-detail]").await?;
    click(m, "[data-testid=ann-back]").await?;
    wait_xpath(
        m,
        &format!("{}[@data-read='true']", item("ann-item", TITLE)),
    )
    .await?;
    // The thread under a library document: the member answers the committee's reply.
    click(m, "[data-testid=tab-docs]").await?;
    replace_text(m, "doc-search", "dai hoi dang bo cac cap").await?;
    click_xpath(
        m,
        "//*[@data-testid='search-results']//button[@data-testid='doc-row' and contains(., '35-CT/TW')]",
    )
    .await?;
    let answered = item("comment", "mục 3");
    click_xpath(m, &format!("{answered}//*[@data-testid='comment-reply']")).await?;
    type_into(m, "comment-reply-input", REPLY).await?;
    click(m, "[data-testid=comment-reply-send]").await?;
    wait_xpath(
        m,
        &format!("//*[@data-testid='comment' and @data-mine='true' and @data-depth='2' and contains(., '{REPLY}')]"),
    )
    .await?;
    shots(
        member,
        PHONE,
        "document-thread",
        "[data-testid=comment-thread][data-target-kind=document]",
    )
    .await?;
    sync(m).await?;

    // 3. Another district's member never receives it.
    sync(x).await?;
    open_exchange(x, PHONE).await?;
    wait_for(x, "[data-testid=ann-item]", WAIT).await?;
    shots(other, PHONE, "feed", "[data-testid=ann-page]").await?;
    let leaked = bounded(
        "look for the district's announcement in another district",
        WAIT,
        x.find_all(Locator::XPath(&item("ann-item", TITLE))),
    )
    .await?;
    if !leaked.is_empty() {
        return Err("a member of another district received the district's announcement".into());
    }

    // 4. The officer: one reader, the reads per organisation, Nhắc, the comment.
    sync(o).await?;
    wait_xpath(o, &format!("{sent}[@data-readers='1']")).await?;
    shots(officer, DESKTOP, "sent", "[data-testid=ann-sent]").await?;
    click_xpath(o, &format!("{sent}//*[@data-testid='ann-reads-open']")).await?;
    wait_for(
        o,
        &format!("[data-testid=ann-reads-org][data-org-id='{district}'][data-depth='0'][data-readers='1']"),
        WAIT,
    )
    .await?;
    wait_for(o, "[data-testid=ann-unread-member]", WAIT).await?;
    click(o, "[data-testid=ann-remind]").await?;
    wait_text(o, "ann-reminded", "Đã nhắc").await?;
    click(o, "[data-testid=ann-copy-thread] summary").await?;
    wait_xpath(o, &item("comment-body", COMMENT)).await?;
    // A file on the sending, picked through "Đính kèm tệp" (the page hands its bytes
    // to the device in pieces).
    pick_pdf(
        o,
        "[data-testid=ann-files] [data-testid=attach-input]",
        FILE,
    )
    .await?;
    wait_xpath(o, &item("attachment", FILE)).await?;
    shots(officer, DESKTOP, "reads", "[data-testid=ann-reads]").await?;
    sync(o).await?;

    // The member's copy carries the file, opened in the page.
    sync(m).await?;
    open_exchange(m, PHONE).await?;
    click_xpath(m, &item("ann-item", TITLE)).await?;
    let theirs = item("attachment", FILE);
    wait_xpath(m, &theirs).await?;
    click_xpath(m, &format!("{theirs}//*[@data-testid='attachment-open']")).await?;
    wait_for(m, "[data-testid=attachment-link][href^='blob:']", WAIT).await?;
    shots(
        member,
        PHONE,
        "announcement-file",
        "[data-testid=attachments]",
    )
    .await?;
    click(m, "[data-testid=ann-back]").await?;

    // 5. A question to the cell's committee, answered and published.
    section(m, PHONE, "questions").await?;
    type_into(m, "question-input", QUESTION).await?;
    click(m, "[data-testid=question-send]").await?;
    wait_for(m, "[data-testid=question-asked]", WAIT).await?;
    let mine = item("question-mine-item", QUESTION);
    wait_xpath(m, &format!("{mine}[@data-answered='false']")).await?;
    sync(m).await?;

    sync(sec).await?;
    section(sec, PHONE, "questions").await?;
    let inbox = item("question-inbox-item", QUESTION);
    type_in(sec, &inbox, "question-answer-input", ANSWER).await?;
    click_xpath(
        sec,
        &format!("{inbox}//*[@data-testid='question-answer-send']"),
    )
    .await?;
    wait_xpath(sec, &format!("{inbox}[@data-answered='true']")).await?;
    click_xpath(
        sec,
        &format!("{inbox}//*[@data-testid='question-publish-open']"),
    )
    .await?;
    replace_text(sec, "faq-publish-question", FAQ_QUESTION).await?;
    shots(secretary, PHONE, "answer", "[data-testid=faq-publish-form]").await?;
    click(sec, "[data-testid=faq-publish-send]").await?;
    wait_xpath(sec, &format!("{inbox}[@data-published='true']")).await?;
    sync(sec).await?;

    sync(m).await?;
    wait_xpath(
        m,
        &format!("{mine}[@data-answered='true' and contains(., '{ANSWER}')]"),
    )
    .await?;
    // The answer raises the page's notice too.
    wait_xpath(
        m,
        "//*[@data-testid='exchange-notice-item' and @data-kind='answer']",
    )
    .await?;
    shots(member, PHONE, "answered", "[data-testid=question-mine]").await?;
    click(m, "[data-testid=exchange-notice-dismiss]").await?;
    type_into(m, "faq-search", SEARCH).await?;
    wait_xpath(m, &item("faq-entry", FAQ_QUESTION)).await?;
    shots(member, PHONE, "faq", "[data-testid=faq]").await?;

    // 6. An opinion on the demo's open draft.
    section(m, PHONE, "drafts").await?;
    click(m, "[data-testid=draft-item][data-open=true]").await?;
    let draft = attr_of(m, "[data-testid=draft-detail]", "data-draft-id").await?;
    type_into(m, "draft-opinion-input", OPINION).await?;
    click(m, "[data-testid=draft-opinion-save]").await?;
    wait_for(m, "[data-testid=draft-opinion-saved]", WAIT).await?;
    shots(member, PHONE, "draft", "[data-testid=draft-detail]").await?;
    sync(m).await?;

    // 7. The office sees it in its section and exports the opinions.
    sync(o).await?;
    section(o, DESKTOP, "drafts").await?;
    click(
        o,
        &format!("[data-testid=draft-item][data-draft-id='{draft}']"),
    )
    .await?;
    wait_xpath(
        o,
        &format!("(//*[@data-testid='draft-section'])[1]//*[@data-testid='draft-opinion' and contains(., '{OPINION}')]"),
    )
    .await?;
    click(o, "[data-testid=draft-export-xlsx]").await?;
    wait_text(o, "draft-exported", ".xlsx").await?;
    let xlsx = wait_for_download(&downloads(&officer.logs), "xlsx").await?;
    let bytes = std::fs::read(&xlsx).map_err(|e| format!("reading {}: {e}", xlsx.display()))?;
    if bytes.len() < 100 || !bytes.starts_with(b"PK") {
        return Err(format!("{} is not a workbook (zip)", xlsx.display()));
    }
    shots(officer, DESKTOP, "opinions", "[data-testid=draft-detail]").await?;
    Ok(())
}
