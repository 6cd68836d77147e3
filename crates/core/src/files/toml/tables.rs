//! Arrays of tables (`[[bin]]`) in a new order, elements moved with
//! their sub-tables and comments.

use super::{item, push, table_edit, Problems};
use crate::files::reconcile::{Edit, Item as Layout};
use crate::files::Unplaceable;
use toml_edit::{ArrayOfTables, Item, Table};

/// An array of tables in its new order: kept tables reuse the places in
/// the file that the old ones had, in order, so the file's layout stays.
pub(super) fn edit(
    a: &mut ArrayOfTables,
    items: &[Layout],
    path: &mut String,
    problems: &mut Problems,
) {
    let old: Vec<Table> = a.iter().cloned().collect();
    let mut places: Vec<isize> = Vec::new();
    let mut out: Vec<Table> = Vec::with_capacity(items.len());
    for (pos, it) in items.iter().enumerate() {
        let len = push(path, &pos.to_string());
        match it {
            Layout::Old(i, e) => match old.get(*i) {
                Some(t) => {
                    let mut t = t.clone();
                    match e {
                        Some(Edit::Object(members)) => table_edit(&mut t, members, path, problems),
                        Some(_) => problems.push(Unplaceable::new(
                            path.as_str(),
                            "an element of an array of tables must stay a table",
                        )),
                        None => {}
                    }
                    positions(&t, &mut places);
                    out.push(t);
                }
                None => problems.push(Unplaceable::new(path.as_str(), "the table was not found")),
            },
            Layout::New(v) => match item(v, path, false) {
                Ok(Item::Table(t)) => out.push(t),
                Ok(_) => problems.push(Unplaceable::new(
                    path.as_str(),
                    "an element of an array of tables must be an object",
                )),
                Err(u) => problems.push(u),
            },
        }
        path.truncate(len);
    }
    // The places (document positions) of each kept element's tables,
    // nested ones included, handed out again in the new order: an element
    // moves with its sub-tables, and the file keeps its layout.
    let mut all = places;
    all.sort_unstable();
    let mut next = all.into_iter();
    a.clear();
    for mut t in out {
        let mut mine = Vec::new();
        positions(&t, &mut mine);
        if !mine.is_empty() {
            let mut sorted = mine.clone();
            sorted.sort_unstable();
            let fresh: Vec<isize> = next.by_ref().take(sorted.len()).collect();
            let map: Vec<(isize, isize)> = sorted.into_iter().zip(fresh).collect();
            reposition(&mut t, &map);
        }
        a.push(t);
    }
}

/// The positions of a table and its nested tables, in visiting order.
fn positions(t: &Table, out: &mut Vec<isize>) {
    out.extend(t.position());
    for (_, i) in t.iter() {
        match i {
            Item::Table(t) => positions(t, out),
            Item::ArrayOfTables(a) => a.iter().for_each(|t| positions(t, out)),
            _ => {}
        }
    }
}

/// Moves every table of a subtree from its old position to the mapped one.
fn reposition(t: &mut Table, map: &[(isize, isize)]) {
    if let Some(p) = t.position() {
        if let Some((_, new)) = map.iter().find(|(old, _)| *old == p) {
            t.set_position(Some(*new));
        }
    }
    for (_, i) in t.iter_mut() {
        match i {
            Item::Table(t) => reposition(t, map),
            Item::ArrayOfTables(a) => a.iter_mut().for_each(|t| reposition(t, map)),
            _ => {}
        }
    }
}
