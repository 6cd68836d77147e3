//! What a promotion did, as a document: from → to, who, when, the change
//! set's hash, the comment, every change written (secrets masked, as the
//! audit keeps them), and links to the snapshots and the audit entry.
//! It prints as the promotion's record.

use crate::browser;
use crate::components::link::A;
use crate::components::print_header::PrintHeader;
use crate::components::value_text::shown;
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::approval::short_hash;
use preflight_core::promote::PromotionReport;

/// The summary card of a successful promotion.
#[component]
pub fn PromotionSummary(
    /// What the core reported.
    report: PromotionReport,
) -> impl IntoView {
    let store = use_store();
    let event = store
        .workspace
        .with_untracked(|ws| ws.audit.iter().find(|e| e.id == report.event).cloned());
    let (from, to) = store.workspace.with_untracked(|ws| {
        (
            report
                .from
                .as_ref()
                .map(|f| ws.env_name(f))
                .unwrap_or_else(|| "a patch".to_owned()),
            ws.env_name(&report.to),
        )
    });
    let title = format!("{from} → {to}");
    let mut facts = vec![("Changes".to_owned(), report.applied.len().to_string())];
    if let Some(e) = &event {
        facts.push(("Promoted by".to_owned(), e.actor.clone()));
        facts.push(("At".to_owned(), browser::format_time(e.time)));
        facts.push((
            "Change set".to_owned(),
            e.changeset_hash.clone().unwrap_or_default(),
        ));
        // The answer that counted, with its signer's key (printed too).
        if let Some(d) = e.changeset_hash.as_deref().and_then(|h| {
            store
                .workspace
                .with_untracked(|ws| preflight_core::approval::decided(ws, h))
        }) {
            facts.push(("Approval".to_owned(), d.line()));
        }
        if let Some(reason) = &e.gate_override {
            facts.push(("Gate override".to_owned(), reason.clone()));
        }
    }
    facts.push((
        "Snapshots".to_owned(),
        format!("{} (before), {} (after)", report.before, report.after),
    ));
    let comment = event
        .as_ref()
        .map(|e| e.comment.clone())
        .unwrap_or_default();
    let hash = event
        .as_ref()
        .and_then(|e| e.changeset_hash.as_deref())
        .map(short_hash)
        .unwrap_or_default();
    let changes = event.map(|e| e.changes).unwrap_or_default();
    view! {
        <section class="card promotion-summary" id="promotion-summary" role="status" data-testid="promote-success">
            <PrintHeader kind="promotion summary" title=Signal::derive(move || title.clone()) facts=Signal::derive(move || facts.clone())/>
            <p>
                {format!("Promoted {} change(s); {to} is now version {}. ", report.applied.len(), report.version)}
                {(!hash.is_empty()).then(|| format!("Change set {hash}. "))}
                <A href=format!("/history?a={}&b={}#snapshot-diff", report.before, report.after) attr:data-testid="snapshot-link">"Snapshots before and after"</A>
                " · "
                <A href=format!("/history?event={}#{}", report.event, report.event) attr:data-testid="audit-link">"Audit entry"</A>
            </p>
            {(!comment.is_empty()).then(|| view! { <blockquote class="request-comment">{comment}</blockquote> })}
            <ul class="audit-changes summary-changes">
                {changes.into_iter().map(|c| view! {
                    <li><code>{c.path}</code>": "
                        <span class="value value-old">{shown(&c.old, false, true)}</span>" → "
                        <span class="value value-new">{shown(&c.new, false, true)}</span>
                    </li>
                }).collect_view()}
            </ul>
            <button type="button" class="button button-quiet no-print" data-testid="print-summary" on:click=move |_| browser::print()>"Print or save as PDF"</button>
        </section>
    }
}
