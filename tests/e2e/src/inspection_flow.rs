//! Kiểm tra, giám sát (issue 17) across four devices and a real server (the demo
//! province), asserting what each screen says:
//!
//! 1. The province officer's command-line device finds the district above the demo
//!    cell, a second cell of that district, and issues one-time codes to the
//!    district's secretary and its office staff (as a committee does from a member's
//!    record).
//! 2. The district secretary opens "Kiểm tra, giám sát", creates the year's plan if
//!    there is none, sends the programme form empty (every missing field named), then
//!    adds a thematic supervision of the two cells (found by name).
//! 3. The server stops: the secretary records a finding on the demo cell marked as a
//!    violation (saved on the device, one change waiting) and attaches a PDF to the
//!    case, the server comes back and both sync; the secretary concludes with one
//!    recommendation for the demo cell, notified, and the case shows the
//!    recommendation task (0/1).
//! 4. The demo cell's secretary syncs: "Thông báo kết luận" shows the conclusion and
//!    "Nhiệm vụ" the recommendation, "Kỷ luật" the demo's khiển trách of a member of
//!    the cell; the district's office staff has no "Kiểm tra,
//!    giám sát" at all.
//! 5. The district secretary records a cảnh cáo of the demo member (no giải tán offered
//!    for a member); the member, who holds no post, finds "Kiểm tra, giám sát" through
//!    that record, sees it under "Của tôi" and appeals.
//! 6. The district's report for the year counts the case and its violation; "Xuất
//!    Excel" downloads the figures.
//!
//! Screenshots `browser-<size>-inspection-<screen>.png` at phone and desktop widths:
//! the form sent empty, the programmes, the case and its findings, the report, the
//! notice, the cell's record, the member's own page with the appeal.

use crate::drivers::Session;
use crate::fixture::artifacts;
use crate::flow::{
    bounded, click, click_xpath, enroll_device, feature_shots, pick_pdf, screenshot, strings,
    text_of, type_into, wait_for, wait_text, Size, Step, DEMO_FIRST_SYNC, DESKTOP, PHONE, WAIT,
};
use crate::stoppable::StoppableServer;
use fantoccini::{Client, Locator};
use serde_json::Value;
use std::time::{SystemTime, UNIX_EPOCH};

const TITLE: &str = "Giám sát chuyên đề sinh hoạt chi bộ e2e";
const FINDING: &str = "Chưa ghi biên bản sinh hoạt chuyên đề quý III (e2e)";
const CONCLUSION: &str = "Hai chi bộ duy trì sinh hoạt đều; một chi bộ còn thiếu biên bản (e2e)";
const FILE: &str = "Bien ban sinh hoat chuyen de e2e.pdf";
const VIOLATION: &str = "Không tham gia sinh hoạt chi bộ ba kỳ liên tiếp (e2e)";
const APPEAL: &str = "Đồng chí vắng vì đi điều trị, có giấy xác nhận (e2e)";
const RECOMMENDATION: &str = "Bổ sung biên bản sinh hoạt chuyên đề e2e";

/// Today + `days` in Việt Nam (UTC+7), as the forms take it: dd/MM/yyyy.
fn vn_date_in(days: i64) -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    let z = (secs + 7 * 3600).div_euclid(86_400) + days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{d:02}/{m:02}/{y:04}")
}

/// Run the flow; on failure keep every device's screen and page, then panic.
pub async fn plan_conclude_and_notify(
    inspector: Session,
    secretary: Session,
    office: Session,
    member: Session,
    server: StoppableServer,
) {
    let mut server = server;
    let outcome = body(&inspector, &secretary, &office, &member, &mut server).await;
    if let Err(why) = outcome {
        for (who, s) in [
            ("inspector", &inspector),
            ("secretary", &secretary),
            ("office", &office),
            ("member", &member),
        ] {
            let name = format!("{}-inspection-failure-{who}", s.driver);
            let _ = screenshot(&s.client, &name).await;
            if let Ok(html) = s.client.source().await {
                let _ = std::fs::write(artifacts().join(format!("{name}.html")), html);
            }
        }
        let logs = inspector.logs.display().to_string();
        for s in [inspector, secretary, office, member] {
            let _ = s.client.close().await;
        }
        panic!(
            "inspection flow failed: {why}\n(see target/e2e-artifacts/*-inspection-failure-*.png and the logs in {logs})"
        );
    }
    for s in [inspector, secretary, office, member] {
        s.client.close().await.expect("close the WebDriver session");
    }
}

fn size_of(s: &Session) -> Size {
    if s.resizable {
        PHONE
    } else {
        DESKTOP
    }
}

async fn shots(s: &Session, screen: &str, at: &str) -> Step<()> {
    feature_shots(s, "inspection", screen, at, PHONE).await
}

async fn sync(c: &Client) -> Step<()> {
    click(c, "[data-testid=sync-now]:not([disabled])").await?;
    wait_text(c, "sync-pending", "Không có thay đổi").await?;
    wait_for(c, "[data-testid=sync-now]:not([disabled])", WAIT).await?;
    Ok(())
}

/// Kiểm tra, giám sát: a phone reaches it from Home, a desktop from the sidebar.
async fn open_inspection(c: &Client, size: Size) -> Step<()> {
    if size.phone {
        click(c, "[data-testid=tab-home]").await?;
        click(c, "[data-testid=shortcut-inspection]").await?;
    } else {
        click(c, "[data-testid=nav-inspection]").await?;
    }
    wait_for(c, "[data-testid=inspection]", WAIT)
        .await
        .map(drop)
}

async fn count(c: &Client, css: &str) -> Step<usize> {
    let found = c.find_all(Locator::Css(css));
    Ok(bounded(&format!("count `{css}`"), WAIT, found).await?.len())
}

async fn wait_xpath(c: &Client, xpath: &str) -> Step<()> {
    let find = c.wait().at_most(WAIT).for_element(Locator::XPath(xpath));
    bounded(&format!("wait for `{xpath}`"), WAIT, find)
        .await
        .map(drop)
}

/// Choose `value` in the select matched by `css` (a click on its option).
async fn choose(c: &Client, css: &str, value: &str) -> Step<()> {
    click(c, &format!("{css} option[value='{value}']")).await
}

/// `sotay --home <dir> ARGS`: the command-line client; its answer's JSON.
async fn cli(home: &std::path::Path, args: &[&str]) -> Step<Value> {
    let mut cmd = std::process::Command::new(crate::fixture::binary("sotay"));
    cmd.arg("--home").arg(home).args(args);
    let what = format!("sotay {}", args.join(" "));
    let run = tokio::task::spawn_blocking(move || cmd.output());
    let out = bounded(&what, DEMO_FIRST_SYNC, run)
        .await?
        .map_err(|e| format!("{what}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{what}: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(serde_json::from_str(text.trim()).unwrap_or(Value::Null))
}

/// A list answer: the array itself, or the one array it is wrapped in.
fn rows(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        Value::Object(o) => o
            .values()
            .find_map(|x| x.as_array().cloned())
            .unwrap_or_default(),
        _ => vec![],
    }
}

fn field(v: &Value, name: &str) -> String {
    v[name].as_str().unwrap_or_default().to_string()
}

/// What the flow needs of the demo, read by the province officer's device.
struct Setup {
    district_name: String,
    /// The demo `member` login's full name.
    member_name: String,
    cell: (String, String),
    other: (String, String),
    secretary_code: String,
    office_code: String,
}

async fn setup(server: &StoppableServer) -> Step<Setup> {
    let home = tempfile::tempdir().map_err(|e| format!("a home for the officer's device: {e}"))?;
    let h = home.path();
    let officer = server.code_for("province_officer")?;
    let card = server.code_for("cell_secretary")?.card_no.clone();
    cli(
        h,
        &[
            "enroll",
            "--server",
            &server.url,
            "--code",
            &officer.code,
            "--name",
            "e2e tỉnh",
        ],
    )
    .await?;
    cli(h, &["sync"]).await?;
    let orgs = rows(&cli(h, &["api", r#"{"type":"list_orgs"}"#]).await?);
    let province = orgs
        .iter()
        .find(|o| o["parent_id"].is_null())
        .map(|o| field(o, "id"))
        .ok_or("no province in the officer's tree")?;
    let req = serde_json::json!({"type": "list_members", "org_id": province}).to_string();
    let members = rows(&cli(h, &["api", &req]).await?);
    let cell_id = members
        .iter()
        .find(|m| m["card_no"].as_str() == Some(card.as_str()))
        .map(|m| field(m, "cell_id"))
        .ok_or("the cell secretary is not among the province's members")?;
    let member_card = server.code_for("member")?.card_no.clone();
    let member_name = members
        .iter()
        .find(|m| m["card_no"].as_str() == Some(member_card.as_str()))
        .map(|m| field(m, "full_name"))
        .ok_or("the demo member is not among the province's members")?;
    let parent = |id: &str| {
        orgs.iter()
            .find(|o| o["id"].as_str() == Some(id))
            .map(|o| field(o, "parent_id"))
    };
    let kind = |id: &str| {
        orgs.iter()
            .find(|o| o["id"].as_str() == Some(id))
            .map(|o| field(o, "kind"))
            .unwrap_or_default()
    };
    let name = |id: &str| {
        orgs.iter()
            .find(|o| o["id"].as_str() == Some(id))
            .map(|o| field(o, "name"))
            .unwrap_or_default()
    };
    let chain = |id: &str| {
        let mut out = vec![];
        let mut at = parent(id);
        while let Some(p) = at.filter(|p| !p.is_empty()) {
            at = parent(&p);
            out.push(p);
        }
        out
    };
    let district = chain(&cell_id)
        .into_iter()
        .find(|o| kind(o) == "district")
        .ok_or("the demo cell has no district above it")?;
    let other = orgs
        .iter()
        .map(|o| field(o, "id"))
        .find(|o| *o != cell_id && kind(o) == "cell" && chain(o).contains(&district))
        .ok_or("the district has no second cell")?;
    let req = serde_json::json!({"type": "list_positions", "org_id": district}).to_string();
    let posts = rows(&cli(h, &["api", &req]).await?);
    let holder = |title: &str| {
        posts
            .iter()
            .find(|p| p["title"] == title)
            .map(|p| field(p, "member_id"))
            .ok_or(format!("the district has no {title}"))
    };
    let mut codes = vec![];
    for title in ["secretary", "office_staff"] {
        let req = serde_json::json!({"type": "issue_enroll_code", "member_id": holder(title)?})
            .to_string();
        let code = cli(h, &["api", &req]).await?;
        codes.push(
            code["code"]
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| format!("no code in {code}"))?,
        );
    }
    Ok(Setup {
        cell: (cell_id.clone(), name(&cell_id)),
        other: (other.clone(), name(&other)),
        district_name: name(&district),
        member_name,
        secretary_code: codes[0].clone(),
        office_code: codes[1].clone(),
    })
}

async fn enroll(s: &Session, server: &StoppableServer, who: &str, code: &str) -> Step<()> {
    let device = format!("e2e inspection {who}");
    enroll_device(s, &server.url, code, &device, PHONE).await
}

/// Pick a subject organisation by its name, then its exact row.
async fn pick_subject(c: &Client, id: &str, name: &str) -> Step<()> {
    crate::flow::replace_text(c, "inspection-subject-search", name).await?;
    click(
        c,
        &format!("[data-testid=inspection-match-org][data-org-id='{id}']"),
    )
    .await
}

async fn body(
    inspector: &Session,
    secretary: &Session,
    office: &Session,
    member: &Session,
    server: &mut StoppableServer,
) -> Step<()> {
    let s = setup(server).await?;
    let (i, c, o) = (&inspector.client, &secretary.client, &office.client);
    let (is, cs) = (size_of(inspector), size_of(secretary));
    enroll(inspector, server, "district", &s.secretary_code).await?;

    // 2. The plan and the programme.
    open_inspection(i, is).await?;
    wait_for(i, "[data-testid=inspection-programmes-pane]", WAIT).await?;
    if count(i, "[data-testid=inspection-create-plan]").await? > 0 {
        click(i, "[data-testid=inspection-create-plan]").await?;
    }
    wait_for(i, "[data-testid=inspection-plan]", WAIT).await?;
    click(i, "[data-testid=inspection-add]").await?;
    wait_for(i, "[data-testid=inspection-form]", WAIT).await?;
    click(i, "[data-testid=inspection-submit]").await?;
    for named in [
        "Cần nhập tên",
        "Cần chọn ít nhất một đối tượng",
        "Cần nhập ngày bắt đầu",
    ] {
        wait_text(i, "inspection-form-error", named).await?;
    }
    shots(
        inspector,
        "form-empty",
        "[data-testid=inspection-form-error]",
    )
    .await?;
    choose(i, "[data-testid=inspection-kind]", "thematic_supervision").await?;
    type_into(i, "inspection-title-input", TITLE).await?;
    type_into(
        i,
        "inspection-content-input",
        "Việc thực hiện quy định về sinh hoạt chuyên đề",
    )
    .await?;
    pick_subject(i, &s.cell.0, &s.cell.1).await?;
    pick_subject(i, &s.other.0, &s.other.1).await?;
    if count(i, "[data-testid=inspection-subject-chosen]").await? != 2 {
        return Err("the form does not show the two cells chosen".into());
    }
    // The secretary leads the team: found by name among the district's members.
    let me = strings(
        i,
        "read the user's name",
        "return [document.querySelector('.sidebar-me').textContent.trim()]",
    )
    .await?
    .pop()
    .unwrap_or_default();
    type_into(i, "inspection-team-search", &me).await?;
    click(i, "[data-testid=inspection-match-team]").await?;
    wait_for(i, "[data-testid=inspection-team-chosen]", WAIT).await?;
    type_into(i, "inspection-from", &vn_date_in(0)).await?;
    type_into(i, "inspection-to", &vn_date_in(30)).await?;
    click(i, "[data-testid=inspection-submit]").await?;
    let card = format!("//*[@data-testid='inspection-case' and contains(., '{TITLE}')]");
    wait_xpath(i, &card).await?;
    wait_xpath(
        i,
        &format!("{card}[@data-status='planned' and contains(., 'Giám sát chuyên đề')]"),
    )
    .await?;
    shots(inspector, "programmes", "[data-testid=inspection]").await?;
    sync(i).await?;

    // 3. A finding offline, then the conclusion.
    click_xpath(i, &card).await?;
    wait_text(i, "inspection-case-title", TITLE).await?;
    wait_text(i, "inspection-team-names", &me).await?;
    click(i, "[data-testid=inspection-start]").await?;
    wait_for(
        i,
        "[data-testid=inspection-case-detail][data-status=working]",
        WAIT,
    )
    .await?;
    server.stop();
    click(i, "[data-testid=sync-now]:not([disabled])").await?;
    wait_for(i, "[data-testid=sync-error]", WAIT).await?;
    type_into(i, "inspection-findings-text", FINDING).await?;
    choose(i, "[data-testid=inspection-findings-subject]", &s.cell.0).await?;
    click(i, "[data-testid=inspection-findings-violation]").await?;
    click(i, "[data-testid=inspection-findings-add]").await?;
    wait_xpath(
        i,
        &format!("//*[@data-testid='inspection-findings']//*[@data-testid='inspection-note' and @data-violation='true' and contains(., '{FINDING}')]"),
    )
    .await?;
    wait_for(i, "[data-testid=sync-pending].has", WAIT).await?;
    // Still offline, a document received, on the case's files.
    pick_pdf(
        i,
        "[data-testid=inspection-files] [data-testid=attach-input]",
        FILE,
    )
    .await?;
    wait_xpath(
        i,
        &format!("//*[@data-testid='inspection-files']//*[@data-testid='attachment' and contains(., '{FILE}')]"),
    )
    .await?;
    server.resume();
    sync(i).await?;

    click(i, "[data-testid=inspection-conclude-open]").await?;
    type_into(i, "inspection-conclusion-input", CONCLUSION).await?;
    click(i, "[data-testid=inspection-add-rec]").await?;
    choose(i, "[data-testid=inspection-rec-org]", &s.cell.0).await?;
    type_into(i, "inspection-rec-title", RECOMMENDATION).await?;
    type_into(i, "inspection-rec-due", &vn_date_in(20)).await?;
    click(
        i,
        "[data-testid=inspection-conclude] [data-testid=confirm-yes]",
    )
    .await?;
    wait_for(
        i,
        "[data-testid=inspection-case-detail][data-status=concluded]",
        WAIT,
    )
    .await?;
    wait_text(i, "inspection-conclusion", CONCLUSION).await?;
    wait_for(i, "[data-testid=inspection-notified-on]", WAIT).await?;
    wait_text(i, "inspection-tasks", "0/1").await?;
    wait_text(i, "inspection-tasks", RECOMMENDATION).await?;
    shots(inspector, "case", "[data-testid=inspection-case-detail]").await?;
    shots(inspector, "conclusion", "[data-testid=inspection-findings]").await?;
    sync(i).await?;

    // 4. The inspected cell's secretary: the notice and the task.
    enroll(
        secretary,
        server,
        "cell",
        &server.code_for("cell_secretary")?.code.clone(),
    )
    .await?;
    open_inspection(c, cs).await?;
    click(c, "[data-testid=inspection-notices]").await?;
    wait_text(c, "inspection-notice-list", CONCLUSION).await?;
    wait_text(c, "inspection-notice-list", TITLE).await?;
    // The case itself never reaches the inspected.
    click(c, "[data-testid=inspection-programmes]").await?;
    wait_for(c, "[data-testid=inspection-programmes-pane]", WAIT).await?;
    if count(c, "[data-testid=inspection-case]").await? != 0 {
        return Err("the inspected cell's secretary sees the case".into());
    }
    click(c, "[data-testid=inspection-notices]").await?;
    shots(secretary, "notice", "[data-testid=inspection-notice-list]").await?;
    // The demo's khiển trách of a member of the cell (decided by the district).
    click(c, "[data-testid=inspection-discipline]").await?;
    wait_text(c, "inspection-discipline-pane", "Khiển trách").await?;
    shots(
        secretary,
        "discipline",
        "[data-testid=inspection-discipline-pane]",
    )
    .await?;
    let prefix = if cs.phone { "tab" } else { "nav" };
    click(c, &format!("[data-testid={prefix}-tasks]")).await?;
    wait_text(c, "tasks", RECOMMENDATION).await?;

    // The district's office staff: no page, no tile.
    enroll(office, server, "office", &s.office_code).await?;
    sync(o).await?;
    for css in [
        "[data-testid=nav-inspection]",
        "[data-testid=shortcut-inspection]",
    ] {
        if count(o, css).await? != 0 {
            return Err(format!("the district's office staff is offered {css}"));
        }
    }

    // 5. A warning for the demo member, decided by the district: only the forms that
    // fit a member are offered; the member (no post) finds the page through their
    // own record, and appeals.
    click(i, "[data-testid=inspection-back]").await?;
    click(i, "[data-testid=inspection-discipline]").await?;
    click(i, "[data-testid=discipline-add]").await?;
    wait_for(i, "[data-testid=discipline-form]", WAIT).await?;
    if count(
        i,
        "[data-testid=discipline-form-kind] option[value=dissolution]",
    )
    .await?
        != 0
    {
        return Err("giải tán is offered for a member".into());
    }
    type_into(i, "discipline-member-search", &s.member_name).await?;
    click(i, "[data-testid=discipline-match-member]").await?;
    wait_text(i, "discipline-member-chosen", &s.member_name).await?;
    choose(i, "[data-testid=discipline-form-kind]", "warning").await?;
    type_into(i, "discipline-violation", VIOLATION).await?;
    type_into(i, "discipline-decision-no", "21-QĐ/HU e2e").await?;
    click(i, "[data-testid=discipline-submit]").await?;
    wait_text(i, "inspection-discipline-pane", VIOLATION).await?;
    sync(i).await?;

    enroll(
        member,
        server,
        "member",
        &server.code_for("member")?.code.clone(),
    )
    .await?;
    let m = &member.client;
    open_inspection(m, size_of(member)).await?;
    wait_text(m, "inspection-mine-list", VIOLATION).await?;
    wait_text(m, "inspection-mine-list", "Cảnh cáo").await?;
    click(m, "[data-testid=discipline-appeal-open]").await?;
    type_into(m, "discipline-appeal-text", APPEAL).await?;
    click(m, "[data-testid=discipline-appeal-send]").await?;
    wait_xpath(
        m,
        &format!("//*[@data-testid='discipline-appeal' and contains(., '{APPEAL}') and contains(., 'Đang chờ giải quyết')]"),
    )
    .await?;
    shots(member, "mine", "[data-testid=inspection-mine-list]").await?;
    sync(m).await?;

    // 6. The year's counts: the district's row holds the case and its violation; "Xuất
    // Excel" writes them (read back in the browser).
    click(i, "[data-testid=inspection-report]").await?;
    let own = "[data-testid=inspection-report-row]:first-child";
    let read = |what: &'static str| format!("{own} [data-testid=inspection-report-{what}]");
    for what in ["programmes", "violations"] {
        let t = text_of(i, &read(what)).await?;
        if t.trim().parse::<u32>().unwrap_or(0) < 1 {
            return Err(format!("the district's {what} read `{t}` after the case"));
        }
    }
    shots(inspector, "report", "[data-testid=inspection-report-pane]").await?;
    if inspector.driver == "browser" {
        let dir = crate::drivers::downloads(&inspector.logs);
        click(i, "[data-testid=inspection-export]").await?;
        wait_text(i, "inspection-exported", ".xlsx").await?;
        if count(i, "[data-testid=inspection-exported].ok-text").await? == 0 {
            let said = text_of(i, "[data-testid=inspection-exported]").await?;
            return Err(format!(
                "the workbook was written but not downloaded: {said}"
            ));
        }
        let file = crate::oversight_flow::wait_for_download(&dir, "xlsx").await?;
        let rows = crate::flow::xlsx_rows(&file)?;
        if !rows.iter().flatten().any(|c| c.contains(&s.district_name)) {
            return Err(format!(
                "{} is not in the exported figures",
                s.district_name
            ));
        }
    }
    Ok(())
}
