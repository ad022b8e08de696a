//! Đánh giá, xếp loại (issue 19) across three devices and a real server (the demo
//! province), asserting what each screen says, for this year:
//!
//! 1. A plain member opens "Đánh giá" (Cá nhân → Đánh giá on a phone), sends the
//!    self-assessment without its results (named at once), then writes the six
//!    sections and proposes "hoàn thành tốt" for themself; the year is in their list.
//! 2. The cell's secretary opens "Chi bộ": reads the member's self-assessment,
//!    proposes "xuất sắc" for them alone (the share reads over; saving is refused in
//!    Vietnamese with the figures), then five others "tốt" and the rest "hoàn thành":
//!    "Xuất sắc: 1 / tối đa 1 (20% của 5 tốt)", saved.
//! 3. The grassroots committee's secretary opens "Xếp loại", drills from the
//!    grassroots organisation to the cell, decides every member as proposed (within
//!    the share), gives the member's decision a note, then tries a second "xuất sắc"
//!    and is refused with the figures; back up by the breadcrumb, rates the cell.
//! 4. The member's device syncs: the year's form is closed and the list shows the
//!    committee's "xuất sắc" with its note.
//!
//! Screenshots `browser-<size>-evaluation-<screen>.png` at phone and desktop widths.

use crate::drivers::Session;
use crate::fixture::artifacts;
use crate::flow::{
    bounded, click, enroll_device, feature_shots, screenshot, strings, type_into, wait_for,
    wait_text, Size, Step, DEMO_FIRST_SYNC, DESKTOP, PHONE, WAIT,
};
use crate::stoppable::StoppableServer;
use fantoccini::{Client, Locator};
use std::time::{SystemTime, UNIX_EPOCH};

const RESULTS: &str = "Hoàn thành 100% nhiệm vụ được giao (e2e)";
const DECISION_NOTE: &str = "Gương mẫu, dẫn đầu phong trào (e2e)";

/// This year in Việt Nam (UTC+7).
fn vn_year() -> u32 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default();
    let z = (secs + 7 * 3600).div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2)) as u32
}

/// Run the flow; on failure keep every device's screen and page, then panic.
pub async fn assess_propose_and_decide(
    member: Session,
    secretary: Session,
    committee: Session,
    server: StoppableServer,
) {
    let outcome = body(&member, &secretary, &committee, &server).await;
    if let Err(why) = outcome {
        for (who, s) in [
            ("member", &member),
            ("secretary", &secretary),
            ("committee", &committee),
        ] {
            let name = format!("{}-evaluation-failure-{who}", s.driver);
            let _ = screenshot(&s.client, &name).await;
            if let Ok(html) = s.client.source().await {
                let _ = std::fs::write(artifacts().join(format!("{name}.html")), html);
            }
        }
        let logs = member.logs.display().to_string();
        for s in [member, secretary, committee] {
            let _ = s.client.close().await;
        }
        panic!(
            "evaluation flow failed: {why}\n(see target/e2e-artifacts/*-evaluation-failure-*.png and the logs in {logs})"
        );
    }
    for s in [member, secretary, committee] {
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

async fn enroll(s: &Session, server: &StoppableServer, role: &str) -> Step<()> {
    let code = server.code_for(role)?.code.clone();
    enroll_with(s, server, role, &code).await
}

async fn enroll_with(s: &Session, server: &StoppableServer, role: &str, code: &str) -> Step<()> {
    let device = format!("e2e evaluation {role}");
    enroll_device(s, &server.url, code, &device, PHONE).await
}

/// Screenshots of what is on screen at both widths; a resizable session goes back to
/// a phone.
async fn shots(s: &Session, screen: &str, at: &str) -> Step<()> {
    feature_shots(s, "evaluation", screen, at, PHONE).await
}

async fn sync(c: &Client) -> Step<()> {
    click(c, "[data-testid=sync-now]:not([disabled])").await?;
    wait_text(c, "sync-pending", "Không có thay đổi").await?;
    wait_for(c, "[data-testid=sync-now]:not([disabled])", WAIT).await?;
    Ok(())
}

/// Đánh giá: a phone reaches it from Cá nhân, a desktop from the sidebar.
async fn open_evaluation(c: &Client, size: Size) -> Step<()> {
    if size.phone {
        click(c, "[data-testid=tab-me]").await?;
        click(c, "[data-testid=me-evaluation]").await?;
    } else {
        click(c, "[data-testid=nav-evaluation]").await?;
    }
    wait_for(c, "[data-testid=evaluation]", WAIT)
        .await
        .map(drop)
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

async fn attr_of(c: &Client, css: &str, attr: &str) -> Step<String> {
    let el = wait_for(c, css, WAIT).await?;
    bounded(&format!("read {attr} of `{css}`"), WAIT, el.attr(attr))
        .await?
        .ok_or_else(|| format!("`{css}` has no {attr}"))
}

/// Every `attr` of the elements matched by `css`, in page order.
async fn attrs_of(c: &Client, css: &str, attr: &str) -> Step<Vec<String>> {
    let found = bounded(
        &format!("find `{css}`"),
        WAIT,
        c.find_all(Locator::Css(css)),
    )
    .await?;
    let mut out = vec![];
    for el in found {
        if let Some(v) = bounded(&format!("read {attr}"), WAIT, el.attr(attr)).await? {
            out.push(v);
        }
    }
    Ok(out)
}

/// The organisations from the province down to the secretary's cell, read off the
/// secretary's own tree (a cell's office holds its cell and those above it, only).
async fn chain_to_cell(c: &Client, size: Size) -> Step<Vec<String>> {
    let prefix = if size.phone { "tab" } else { "nav" };
    click(c, &format!("[data-testid={prefix}-orgs]")).await?;
    wait_for(c, "[data-testid=org-tree]", WAIT).await?;
    let closed =
        "//li[@aria-expanded='false']/div/button[starts-with(@data-testid, 'org-toggle-')]";
    for _ in 0..8 {
        let found = bounded(
            "find closed tree nodes",
            WAIT,
            c.find_all(Locator::XPath(closed)),
        )
        .await?;
        let Some(first) = found.into_iter().next() else {
            break;
        };
        bounded("open a tree node", WAIT, first.click()).await?;
    }
    let names = strings(c, "read the tree's names", "return [...document.querySelectorAll('[data-testid=org-tree] .tree-name')].map(e => e.textContent.trim())").await?;
    if names.len() < 3 {
        return Err(format!(
            "the secretary's tree should be one branch from the province to the cell, reads {names:?}"
        ));
    }
    Ok(names)
}

/// `sotay --home <dir> ARGS`: the command-line client, as the province officer's
/// device; its answer's JSON.
async fn cli(home: &std::path::Path, args: Vec<String>) -> Step<serde_json::Value> {
    let mut cmd = std::process::Command::new(crate::fixture::binary("sotay"));
    cmd.arg("--home").arg(home).args(&args);
    let what = format!("sotay {}", args.join(" "));
    let run = tokio::task::spawn_blocking(move || cmd.output());
    let out = bounded(&what, DEMO_FIRST_SYNC, run)
        .await?
        .map_err(|e| format!("{what}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{what}: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(serde_json::from_str(text.trim()).unwrap_or(serde_json::Value::Null))
}

/// The demo enrolls no one above a cell but the province officer (a provincial
/// committee member): their device, the command-line client, issues a one-time code
/// to the secretary of the nearest committee above the cell (its grassroots
/// organisation's), as a committee does from a member's record.
async fn committee_code(server: &StoppableServer, cell_id: &str) -> Step<String> {
    let home = tempfile::tempdir().map_err(|e| format!("a home for the officer's device: {e}"))?;
    let officer = server.code_for("province_officer")?;
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    cli(
        home.path(),
        args(&[
            "enroll",
            "--server",
            &server.url,
            "--code",
            &officer.code,
            "--name",
            "e2e tỉnh",
        ]),
    )
    .await?;
    cli(home.path(), args(&["sync"])).await?;
    let orgs = cli(home.path(), args(&["api", r#"{"type":"list_orgs"}"#])).await?;
    let orgs = orgs["orgs"].as_array().cloned().unwrap_or_default();
    let parent_of = |id: &str| {
        orgs.iter()
            .find(|o| o["id"].as_str() == Some(id))
            .and_then(|o| o["parent_id"].as_str().map(str::to_string))
    };
    let mut at = parent_of(cell_id);
    while let Some(org) = at {
        let req = serde_json::json!({"type": "list_positions", "org_id": org}).to_string();
        let posts = cli(home.path(), args(&["api", &req])).await?;
        let secretary = posts["positions"].as_array().and_then(|ps| {
            ps.iter()
                .find(|p| p["title"] == "secretary")
                .and_then(|p| p["member_id"].as_str().map(str::to_string))
        });
        if let Some(member) = secretary {
            let req =
                serde_json::json!({"type": "issue_enroll_code", "member_id": member}).to_string();
            let code = cli(home.path(), args(&["api", &req])).await?;
            return code["code"]
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| format!("no code in {code}"));
        }
        at = parent_of(&org);
    }
    Err("no committee above the cell has a secretary".into())
}

async fn body(
    member: &Session,
    secretary: &Session,
    committee: &Session,
    server: &StoppableServer,
) -> Step<()> {
    enroll(member, server, "member").await?;
    enroll(secretary, server, "cell_secretary").await?;
    let (m, s, g) = (&member.client, &secretary.client, &committee.client);
    let (ms, ss, gs) = (size_of(member), size_of(secretary), size_of(committee));
    let year = vn_year().to_string();

    let chain = chain_to_cell(s, ss).await?;

    // 1. The member's self-assessment.
    open_evaluation(m, ms).await?;
    choose(m, "[data-testid=eval-year]", &year).await?;
    wait_for(
        m,
        &format!("[data-testid=eval-form][data-year='{year}']"),
        WAIT,
    )
    .await?;
    click(m, "[data-testid=eval-submit]").await?;
    wait_text(
        m,
        "eval-form-error",
        "Kết quả thực hiện nhiệm vụ: chưa nhập",
    )
    .await?;
    type_into(
        m,
        "eval-political",
        "Kiên định, chấp hành nghiêm đường lối của Đảng",
    )
    .await?;
    type_into(m, "eval-ethics", "Trung thực, khiêm tốn, gần gũi nhân dân").await?;
    type_into(m, "eval-lifestyle", "Giản dị, đoàn kết").await?;
    type_into(m, "eval-results", RESULTS).await?;
    type_into(m, "eval-shortcomings", "Có lúc chưa sâu sát cơ sở").await?;
    type_into(m, "eval-direction", "Tăng cường đi cơ sở, nắm tình hình").await?;
    choose(m, "[data-testid=eval-self-rating-pick]", "good").await?;
    click(m, "[data-testid=eval-submit]").await?;
    wait_text(m, "eval-notice", "Đã lưu").await?;
    let mine = format!("[data-testid=eval-history-year][data-year='{year}']");
    wait_for(
        m,
        &format!("{mine} [data-testid=eval-history-self][data-rating=good]"),
        WAIT,
    )
    .await?;
    let member_id = attr_of(m, &mine, "data-member-id").await?;
    shots(member, "form", "[data-testid=eval-form]").await?;
    sync(m).await?;

    // 2. The cell's proposal.
    sync(s).await?;
    open_evaluation(s, ss).await?;
    click(s, "[data-testid=eval-cell]").await?;
    choose(s, "[data-testid=eval-year]", &year).await?;
    wait_for(s, "[data-testid=eval-proposal]", WAIT).await?;
    let cell_id = attr_of(s, "[data-testid=eval-cell-page]", "data-org-id").await?;
    let row = |id: &str| format!("[data-testid=eval-propose-row][data-member-id='{id}']");
    let mine_row = row(&member_id);
    wait_for(
        s,
        &format!("{mine_row} [data-testid=eval-row-self][data-rating=good]"),
        WAIT,
    )
    .await?;
    click(s, &format!("{mine_row} [data-testid=eval-read-open]")).await?;
    wait_xpath(
        s,
        &format!("//*[@data-testid='eval-propose-row' and @data-member-id='{member_id}']//*[@data-testid='eval-assessment' and contains(., '{RESULTS}')]"),
    )
    .await?;
    let ids = attrs_of(s, "[data-testid=eval-propose-row]", "data-member-id").await?;
    let others: Vec<&String> = ids.iter().filter(|i| **i != member_id).collect();
    if others.len() < 6 {
        return Err(format!(
            "the demo cell has {} members; the flow needs 7",
            ids.len()
        ));
    }
    // "Xuất sắc" alone: over the share, refused before anything is saved.
    choose(
        s,
        &format!("{mine_row} [data-testid=eval-propose-rating]"),
        "excellent",
    )
    .await?;
    wait_for(s, "[data-testid=eval-share][data-ok=false]", WAIT).await?;
    click(s, "[data-testid=eval-propose-submit]").await?;
    wait_text(s, "eval-proposal-error", "vượt quá 20%").await?;
    for (k, id) in others.iter().enumerate() {
        let grade = if k < 5 { "good" } else { "completed" };
        choose(
            s,
            &format!("{} [data-testid=eval-propose-rating]", row(id)),
            grade,
        )
        .await?;
    }
    let note = wait_for(
        s,
        &format!("{mine_row} [data-testid=eval-propose-note]"),
        WAIT,
    )
    .await?;
    bounded(
        "type the proposal's note",
        WAIT,
        note.send_keys("Tiêu biểu của chi bộ"),
    )
    .await?;
    wait_text(s, "eval-share", "Xuất sắc: 1 / tối đa 1 (20% của 5 tốt)").await?;
    wait_for(s, "[data-testid=eval-share][data-ok=true]", WAIT).await?;
    // The year-end meeting, when the cell held any this year (the demo's cell does).
    let options = attrs_of(s, "[data-testid=eval-meeting] option", "value").await?;
    if let Some(meeting) = options.iter().rev().find(|v| !v.is_empty()) {
        choose(s, "[data-testid=eval-meeting]", meeting).await?;
    }
    click(s, "[data-testid=eval-propose-submit]").await?;
    wait_text(s, "eval-notice", "Đã lưu đề xuất").await?;
    shots(secretary, "cell", "[data-testid=eval-cell-page]").await?;
    sync(s).await?;

    // 3. The committee above the cell (its grassroots organisation's) decides.
    let code = committee_code(server, &cell_id).await?;
    enroll_with(committee, server, "grassroots_secretary", &code).await?;
    sync(g).await?;
    open_evaluation(g, gs).await?;
    click(g, "[data-testid=eval-rating]").await?;
    choose(g, "[data-testid=eval-year]", &year).await?;
    wait_for(g, "[data-testid=eval-org-page]", WAIT).await?;
    let cell_row = format!("[data-testid=eval-org-row][data-org-id='{cell_id}']");
    shots(committee, "orgs", "[data-testid=eval-rating-page]").await?;
    // Down from the grassroots organisation, level by level, to the cell.
    for name in &chain {
        let row = format!(
            "//*[@data-testid='eval-org-row' and .//span[@class='meeting-topic' and normalize-space(.)='{name}']]"
        );
        let found = bounded("find a level below", WAIT, g.find_all(Locator::XPath(&row))).await?;
        if let Some(el) = found.into_iter().next() {
            bounded("open a level below", WAIT, el.click()).await?;
            wait_xpath(
                g,
                &format!("//*[@data-testid='eval-crumbs' and contains(., '{name}')]"),
            )
            .await?;
        }
    }
    wait_for(g, "[data-testid=eval-crumbs]", WAIT).await?;
    wait_for(
        g,
        &format!("[data-testid=eval-decisions][data-org-id='{cell_id}']"),
        WAIT,
    )
    .await?;
    let decide_row = |id: &str| format!("[data-testid=eval-decide-row][data-member-id='{id}']");
    wait_for(
        g,
        &format!(
            "{} [data-testid=eval-row-proposed][data-rating=excellent]",
            decide_row(&member_id)
        ),
        WAIT,
    )
    .await?;
    click(g, "[data-testid=eval-decide-all]").await?;
    wait_for(
        g,
        &format!("{}[data-decided=excellent]", decide_row(&member_id)),
        WAIT,
    )
    .await?;
    wait_text(g, "eval-share", "Xuất sắc: 1 / tối đa 1 (20% của 5 tốt)").await?;
    // The member's decision again, with the committee's note.
    let note_css = format!("{} [data-testid=eval-decide-note]", decide_row(&member_id));
    let note = wait_for(g, &note_css, WAIT).await?;
    bounded("clear the note", WAIT, note.clear()).await?;
    bounded("type the note", WAIT, note.send_keys(DECISION_NOTE)).await?;
    click(
        g,
        &format!(
            "{} [data-testid=eval-decide-submit]",
            decide_row(&member_id)
        ),
    )
    .await?;
    wait_xpath(
        g,
        &format!("//*[@data-testid='eval-decide-row' and @data-member-id='{member_id}']//dd[contains(., '{DECISION_NOTE}')]"),
    )
    .await?;
    // A second "xuất sắc": over the share, refused with the figures.
    let completed = others.get(5).ok_or("no sixth member")?;
    let second = decide_row(completed);
    wait_for(g, &format!("{second}[data-decided=completed]"), WAIT).await?;
    choose(
        g,
        &format!("{second} [data-testid=eval-decide-rating]"),
        "excellent",
    )
    .await?;
    click(g, &format!("{second} [data-testid=eval-decide-submit]")).await?;
    wait_xpath(
        g,
        &format!("//*[@data-testid='eval-decide-row' and @data-member-id='{completed}']//*[@data-testid='eval-decide-error' and contains(., 'vượt quá 20% số đảng viên hoàn thành tốt nhiệm vụ (5): tối đa 1')]"),
    )
    .await?;
    wait_for(g, &format!("{second}[data-decided=completed]"), WAIT).await?;
    shots(committee, "decide-refused", &second).await?;
    shots(committee, "decide", "[data-testid=eval-rating-page]").await?;
    // Back up to the grassroots organisation and rate the cell.
    let up = "(//*[@data-testid='eval-crumb'])[last()]";
    let find = g.wait().at_most(WAIT).for_element(Locator::XPath(up));
    let el = bounded("find the level above", WAIT, find).await?;
    bounded("go up a level", WAIT, el.click()).await?;
    wait_for(g, &cell_row, WAIT).await?;
    let item = format!("[data-testid=eval-org-item][data-org-id='{cell_id}']");
    click(g, &format!("{item} [data-testid=eval-rate-org-open]")).await?;
    choose(
        g,
        &format!("{item} [data-testid=eval-rate-org-grade]"),
        "good",
    )
    .await?;
    type_into(
        g,
        "eval-rate-org-note",
        "Chi bộ hoàn thành tốt nhiệm vụ (e2e)",
    )
    .await?;
    click(g, &format!("{item} [data-testid=eval-rate-org-submit]")).await?;
    wait_for(
        g,
        &format!("{item} [data-testid=eval-org-rating][data-rating=good]"),
        WAIT,
    )
    .await?;
    let counts = attr_of(
        g,
        &format!("{cell_row} [data-testid=eval-counts]"),
        "data-counts",
    )
    .await?;
    if !counts.starts_with("1,5,") {
        return Err(format!(
            "the cell's counts read {counts}, not one excellent and five good"
        ));
    }
    shots(committee, "orgs-rated", &item).await?;
    sync(g).await?;
    // Last year, as the demo province was rated.
    let last = (vn_year() - 1).to_string();
    choose(g, "[data-testid=eval-year]", &last).await?;
    wait_xpath(
        g,
        &format!("//*[@data-testid='eval-org-own' and contains(., '{last}')]"),
    )
    .await?;
    shots(
        committee,
        "orgs-last-year",
        "[data-testid=eval-rating-page]",
    )
    .await?;

    // 4. The member sees the decision.
    sync(m).await?;
    wait_for(
        m,
        &format!("[data-testid=eval-closed][data-year='{year}']"),
        WAIT,
    )
    .await?;
    wait_for(m, &format!("{mine}[data-decided=excellent]"), WAIT).await?;
    wait_xpath(
        m,
        &format!("//*[@data-testid='eval-history-year' and @data-year='{year}']//dd[contains(., '{DECISION_NOTE}')]"),
    )
    .await?;
    if m.find(Locator::Css("[data-testid=eval-submit]"))
        .await
        .is_ok()
    {
        return Err("the member may still edit a decided year".into());
    }
    if m.find(Locator::Css("[data-testid=eval-cell]"))
        .await
        .is_ok()
    {
        return Err("a plain member is offered the cell's proposal".into());
    }
    shots(member, "history", "[data-testid=eval-history]").await?;
    Ok(())
}
