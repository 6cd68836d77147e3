#![allow(clippy::unwrap_used)]
use super::*;
use crate::checklist::Item;
use jiff::civil::date;

fn sample() -> Checklist {
    let mut c = Checklist::blank("c", "x");
    c.go_live = Some(date(2026, 6, 1));
    c.add_timeframe("Late", -7);
    c.add_timeframe("Early", -28);
    let mut items = vec![
        Item::new("GEN-10", "General", "Plan", 0),
        Item::new("GEN-2", "general", "DNS switch", 1),
        Item::new("SEC-01", "Security", "Secrets", 1),
    ];
    items[0].owner = "Ada".into();
    items[1].status = Status::Done;
    items[2].status = Status::Blocked;
    items[2].due_override = Some(date(2026, 7, 1));
    for i in items {
        c.add_item(i).unwrap();
    }
    c
}

#[test]
fn progress_groups() {
    let c = sample();
    let p = c.progress();
    assert_eq!((p.done, p.total, p.blocked, p.percent()), (1, 3, 1, 33));
    let by_tf = c.progress_by_timeframe();
    assert_eq!((by_tf[0].done, by_tf[0].total), (0, 1));
    assert_eq!((by_tf[1].done, by_tf[1].total), (1, 2));
    let by_cat = c.progress_by_category();
    assert_eq!(by_cat[0].0, "General");
    assert_eq!(by_cat[0].1.total, 2);
    assert_eq!(by_cat.len(), 2);
}

#[test]
fn pickers_and_grouping() {
    let mut c = sample();
    assert_eq!(c.categories(), ["General", "Security"]);
    assert_eq!(c.owners(), ["Ada"]);
    c.items[2].owner = " ada ".into();
    assert_eq!(c.owners(), ["Ada"]);
    // Items 1 and 2 are in timeframe 1; a sorted view keeps its order
    // within each timeframe, and timeframes come in their own order.
    assert_eq!(
        c.group_by_timeframe(&[2, 0, 1, 99]),
        [(0, vec![0]), (1, vec![2, 1])]
    );
    assert!(c.group_by_timeframe(&[]).is_empty());
}

#[test]
fn filters_combine() {
    let c = sample();
    assert_eq!(c.filter(&ItemFilter::new().category("GENERAL")), [0, 1]);
    assert_eq!(c.filter(&ItemFilter::new().text("dns SWITCH")), [1]);
    assert_eq!(c.filter(&ItemFilter::new().owner("")), [1, 2]);
    assert_eq!(
        c.filter(
            &ItemFilter::new()
                .status(Status::Todo)
                .status(Status::Blocked)
        ),
        [0, 2]
    );
    assert_eq!(
        c.filter(&ItemFilter::new().overdue_on(date(2026, 5, 30))),
        [0]
    );
}

#[test]
fn sorts() {
    let c = sample();
    let mut rows = vec![0, 1, 2];
    c.sort(&mut rows, SortKey::Code, SortOrder::Ascending);
    assert_eq!(rows, [1, 0, 2]);
    c.sort(&mut rows, SortKey::Due, SortOrder::Descending);
    assert_eq!(rows, [2, 0, 1]);
    c.sort(&mut rows, SortKey::Status, SortOrder::Ascending);
    assert_eq!(rows, [2, 0, 1]);
    c.sort(&mut rows, SortKey::Timeframe, SortOrder::Ascending);
    assert_eq!(rows, [1, 2, 0]);
    c.sort(&mut rows, SortKey::Document, SortOrder::Descending);
    assert_eq!(rows, [2, 1, 0]);
}

#[test]
fn readiness_summary() {
    let c = sample();
    let r = c.readiness(date(2026, 5, 1), 5);
    assert_eq!(r.overdue, 0);
    assert_eq!(r.days_to_go_live, Some(31));
    assert_eq!(r.next_due, [0, 2]);
    let r = c.readiness(date(2026, 5, 26), 1);
    assert_eq!((r.overdue, r.next_due.as_slice()), (1, &[2][..]));
}

#[test]
fn natural_order() {
    assert_eq!(natural_cmp("GEN-2", "GEN-10"), Ordering::Less);
    assert_eq!(natural_cmp("gen-02", "GEN-2"), Ordering::Less);
    assert_eq!(natural_cmp("A", "a"), Ordering::Less);
    assert_eq!(natural_cmp("", "a"), Ordering::Less);
}
