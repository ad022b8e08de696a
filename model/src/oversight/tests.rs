use super::api::{DuesFigures, Figures, MeetingFigures};
use super::*;
use crate::tasks::TaskCounts;

#[test]
fn periods_cover_their_days() {
    let m = Period::Month {
        year: 2028,
        month: 2,
    };
    assert_eq!(
        (m.first_day(), m.last_day()),
        ("2028-02-01".into(), "2028-02-29".into())
    );
    let y = Period::Year { year: 2026 };
    assert_eq!(y.each_month().len(), 12);
    assert!(y.contains_day("2026-01-01") && y.contains_day("2026-12-31"));
    assert!(!y.contains_day("2025-12-31") && !y.contains_day("not a day"));
    let q = Period::Quarter {
        year: 2026,
        quarter: 2,
    };
    assert_eq!(
        q.each_month()
            .iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>(),
        vec!["2026-04", "2026-05", "2026-06"]
    );
    assert_eq!(q.label_vi(), "Quý II/2026");
    assert_eq!(
        Period::month_of("2026-12-06"),
        Some(Period::Month {
            year: 2026,
            month: 12
        })
    );
    assert!(!Period::Quarter {
        year: 2026,
        quarter: 5
    }
    .is_valid());
    assert!(!Period::Month {
        year: 2026,
        month: 0
    }
    .is_valid());
    let wire = serde_json::to_value(q).expect("json");
    assert_eq!(
        wire,
        serde_json::json!({"kind": "quarter", "year": 2026, "quarter": 2})
    );
}

fn figures(
    overdue: u32,
    on_time: u32,
    convened: u32,
    present: u32,
    expected: i64,
    collected: i64,
) -> Figures {
    Figures {
        tasks: TaskCounts {
            open: 0,
            on_time,
            late: 0,
            overdue,
        },
        meetings: MeetingFigures {
            held: 1,
            convened,
            present,
        },
        dues: DuesFigures {
            expected,
            collected,
        },
        ..Figures::default()
    }
}

#[test]
fn the_light_follows_the_stated_rule() {
    assert_eq!(
        light(&figures(0, 5, 10, 9, 100, 100), true),
        (Light::Green, vec![])
    );
    let (l, why) = light(&figures(1, 9, 10, 9, 100, 100), true);
    assert_eq!(
        (l, why),
        (Light::Amber, vec!["1 nhiệm vụ quá hạn".to_string()])
    );
    // More than a fifth of the tasks due are overdue.
    assert_eq!(light(&figures(2, 7, 10, 9, 100, 100), true).0, Light::Red);
    assert_eq!(light(&figures(0, 5, 10, 7, 100, 100), true).0, Light::Amber);
    assert_eq!(light(&figures(0, 5, 10, 5, 100, 100), true).0, Light::Red);
    assert_eq!(light(&figures(0, 5, 10, 9, 100, 90), true).0, Light::Amber);
    let (l, why) = light(&figures(0, 5, 10, 9, 100, 60), true);
    assert_eq!(l, Light::Red);
    assert_eq!(why, vec!["thu đảng phí 60%".to_string()]);
    // Nothing to count says nothing, except a cell that did not meet.
    let mut quiet = figures(0, 0, 0, 0, 0, 0);
    quiet.meetings.held = 0;
    assert_eq!(light(&quiet, false).0, Light::Green);
    assert_eq!(light(&quiet, true).0, Light::Amber);
}
