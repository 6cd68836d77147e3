#![allow(clippy::unwrap_used)]
use super::*;

fn two_frames() -> Checklist {
    let mut c = Checklist::blank("c1", "Launch");
    c.add_timeframe("Early", -28);
    c.add_timeframe("Late", -7);
    c
}

#[test]
fn add_item_keeps_timeframe_groups() {
    let mut c = two_frames();
    c.add_item(Item::new("A-01", "A", "late one", 1)).unwrap();
    let at = c.add_item(Item::new("A-02", "A", "early one", 0)).unwrap();
    assert_eq!(at, 0);
    c.add_item(Item::new("A-03", "A", "early two", 0)).unwrap();
    let names: Vec<_> = c.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["early one", "early two", "late one"]);
    assert!(matches!(
        c.add_item(Item::new("X", "X", "x", 5)),
        Err(ChecklistError::NoSuchTimeframe { index: 5, len: 2 })
    ));
}

#[test]
fn typed_text_is_kept_in_its_exported_form() {
    let mut c = Checklist::blank("c", "C");
    c.add_timeframe("Now", 0);
    let mut item = Item::new(" A-01 ", "Cat\t", "Name  ", 0);
    item.link = "[docs](https://example.test/docs)".into();
    item.description = "line one   \nline two\t".into();
    let at = c.add_item(item).unwrap();
    let expected = {
        let mut e = c.items[at].clone();
        e.normalize();
        e
    };
    assert_eq!(c.items[at], expected);
    assert_eq!(c.items[at].link, "https://example.test/docs");
    assert_eq!(c.items[at].code, "A-01");
}

#[test]
fn timeframes_can_be_renamed_and_moved_in_time() {
    let mut c = Checklist::blank("c", "C");
    c.add_timeframe("Two weeks before", -14);
    c.add_timeframe("Go-live day", 0);
    c.update_timeframe(0, " Ten days before ", -10).unwrap();
    assert_eq!(
        (c.timeframes[0].name.as_str(), c.timeframes[0].offset_days),
        ("Ten days before", -10)
    );
    assert_eq!(
        c.update_timeframe(0, "  ", -10),
        Err(ChecklistError::EmptyTimeframeName)
    );
    assert!(matches!(
        c.update_timeframe(0, "Go-live day", 0),
        Err(ChecklistError::DuplicateTimeframe { .. })
    ));
    assert!(matches!(
        c.update_timeframe(5, "x", 0),
        Err(ChecklistError::NoSuchTimeframe { .. })
    ));
}

#[test]
fn update_item_moves_between_timeframes() {
    let mut c = two_frames();
    c.add_item(Item::new("A-01", "A", "one", 0)).unwrap();
    c.add_item(Item::new("A-02", "A", "two", 0)).unwrap();
    c.add_item(Item::new("A-03", "A", "three", 1)).unwrap();
    let mut moved = c.items[0].clone();
    moved.timeframe = 1;
    assert_eq!(c.update_item(0, moved).unwrap(), 2);
    let names: Vec<_> = c.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["two", "three", "one"]);
}

#[test]
fn set_status_counts_changes_and_ignores_bad_indices() {
    let mut c = two_frames();
    c.add_item(Item::new("A-01", "A", "one", 0)).unwrap();
    c.add_item(Item::new("A-02", "A", "two", 1)).unwrap();
    c.items[1].status = Status::Done;
    assert_eq!(c.set_status(&[0, 1, 99], Status::Done), 1);
    assert_eq!(c.percent_done(), 100);
    assert_eq!(c.toggle_done(0), Ok(Status::Todo));
    assert_eq!(c.percent_done(), 50);
    assert_eq!(c.toggle_done(0), Ok(Status::Done));
    assert!(c.toggle_done(7).is_err());
}

#[test]
fn remove_timeframe_only_when_empty() {
    let mut c = two_frames();
    c.add_item(Item::new("A-01", "A", "one", 1)).unwrap();
    assert!(matches!(
        c.remove_timeframe(1),
        Err(ChecklistError::TimeframeNotEmpty { items: 1, .. })
    ));
    c.remove_timeframe(0).unwrap();
    assert_eq!(c.items[0].timeframe, 0);
    assert_eq!(c.timeframes[0].name, "Late");
}

#[test]
fn next_code_follows_the_highest_number() {
    let mut c = two_frames();
    c.add_item(Item::new("GEN-01", "General", "a", 0)).unwrap();
    c.add_item(Item::new("GEN-07", "General", "b", 0)).unwrap();
    c.add_item(Item::new("SEC-09", "Security", "c", 0)).unwrap();
    assert_eq!(c.next_code("GEN"), "GEN-08");
    assert_eq!(c.next_code("DAT"), "DAT-01");
}

#[test]
fn lenient_status() {
    assert_eq!(
        Status::parse_lenient(" In progress "),
        Some(Status::InProgress)
    );
    assert_eq!(Status::parse_lenient("N/A"), Some(Status::NotApplicable));
    assert_eq!(Status::parse_lenient("TODO"), Some(Status::Todo));
    assert_eq!(Status::parse_lenient(""), Some(Status::Todo));
    assert_eq!(Status::parse_lenient("maybe"), None);
    for s in Status::ALL {
        assert_eq!(Status::parse_lenient(s.label()), Some(s));
    }
}

#[test]
fn normalize_fixes_dangling_timeframes_and_groups() {
    let mut c = Checklist::blank("c", " Launch\n");
    c.items.push(Item::new("A", "x", " name ", 3));
    c.normalize();
    assert_eq!(c.name, "Launch");
    assert_eq!(c.timeframes, [Timeframe::new("Unscheduled", 0)]);
    assert_eq!(c.items[0].timeframe, 0);
    assert_eq!(c.items[0].name, "name");
}
