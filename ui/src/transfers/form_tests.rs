use super::form::{Choice, Draft};
use super::strings::TransferKey;
use sotay_model::ids::Id;
use sotay_model::transfers::TransferKind;

#[test]
fn an_official_transfer_goes_to_the_chosen_cell() {
    let mut d = Draft::new(Some(Id::from_u128(4)));
    d.reason = "  Chuyển nơi cư trú ".into();
    let r = d.request(Id::from_u128(9)).expect("valid");
    assert_eq!(r.kind, TransferKind::Official);
    assert_eq!(r.dest_org_id, Some(Id::from_u128(4)));
    assert_eq!(r.reason, "Chuyển nơi cư trú");
    assert_eq!(r.end_date, None);
}

#[test]
fn every_problem_is_named_at_once() {
    let mut d = Draft::new(None);
    assert_eq!(
        d.choice,
        Choice::Outside,
        "no cell held: out of the province first"
    );
    assert_eq!(d.request(Id::nil()), Err(vec![TransferKey::NeedDestName]));
    d.choice = Choice::Temporary;
    d.end = "31/02/2027".into();
    assert_eq!(
        d.request(Id::nil()),
        Err(vec![TransferKey::NeedCell, TransferKey::NeedEnd])
    );
    d.cell = Some(Id::from_u128(5));
    d.end = "31/03/2027".into();
    let r = d.request(Id::nil()).expect("valid");
    assert_eq!(r.end_date.as_deref(), Some("2027-03-31"));
    assert_eq!(r.kind, TransferKind::Temporary);
}

#[test]
fn out_of_the_province_names_the_destination_and_no_cell() {
    let mut d = Draft::new(Some(Id::from_u128(4)));
    d.choice = Choice::parse("outside");
    d.dest_name = "Đảng bộ tỉnh Nam Định".into();
    let r = d.request(Id::nil()).expect("valid");
    assert_eq!(
        (r.dest_org_id, r.dest_name.as_str()),
        (None, "Đảng bộ tỉnh Nam Định")
    );
}
