//! `/approve`: opens a shared approval request or record, from the link's
//! fragment or from a dropped `.preflight.json` file.
//!
//! A request is shown read-only (from → to, every change old → new, the
//! requester's comment, the hash, the time) and answered with a name and a
//! comment; the answer is a record, shared back the same way. A record
//! opened here is attached to this workspace's change set, if it still
//! matches. Nothing damaged is ever shown as if it were valid.

use crate::browser;
use crate::components::change_list::ChangeList;
use crate::components::file_drop::FileDrop;
use crate::components::link::A;
use crate::components::share_output::ShareOutput;
use crate::store::use_store;
use leptos::prelude::*;
use leptos::task::spawn_local;
use preflight_core::approval::{self, ApprovalRecord, ApprovalRequest, Decision, Shared};

/// What the page is showing.
#[derive(Clone, PartialEq)]
enum Opened {
    Nothing,
    Error(String),
    Request(Box<ApprovalRequest>),
    Attached(Box<ApprovalRecord>),
}

#[component]
pub fn ApprovePage() -> impl IntoView {
    let store = use_store();
    let opened = RwSignal::new(Opened::Nothing);
    let take = move |shared: Result<Shared, String>| match shared {
        Err(e) => opened.set(Opened::Error(e)),
        Ok(Shared::Request(r)) => opened.set(Opened::Request(Box::new(r))),
        Ok(Shared::Record(rec)) => {
            let actor = store.actor();
            match store.apply(|ws| approval::attach(ws, &rec, &actor, browser::now())) {
                Ok(()) => opened.set(Opened::Attached(Box::new(rec))),
                Err(e) => opened.set(Opened::Error(e.to_string())),
            }
        }
    };
    let read_fragment = move || {
        let fragment = browser::fragment();
        if fragment.starts_with("r=") || fragment.starts_with("a=") {
            take(
                approval::from_link_payload(&fragment)
                    .map_err(|e| format!("This link cannot be used: {e}.")),
            );
        } else if !fragment.is_empty() {
            opened.set(Opened::Error(
                "This link holds no approval request or record (it should contain #r= or #a=)."
                    .into(),
            ));
        }
    };
    read_fragment();
    let listener = window_event_listener(leptos::ev::hashchange, move |_| read_fragment());
    on_cleanup(move || listener.remove());

    let take_file = move |file: web_sys::File| {
        spawn_local(async move {
            let name = file.name();
            match browser::read_file(file).await {
                Ok(text) => take(
                    approval::from_file(&text).map_err(|e| format!("{name} cannot be used: {e}.")),
                ),
                Err(e) => opened.set(Opened::Error(e)),
            }
        });
    };
    view! {
        <h1>"Approve a change set"</h1>
        {move || match opened.get() {
            Opened::Nothing => view! {
                <p class="muted" data-testid="approve-empty">"Open an approval link, or drop the .preflight.json file you received."</p>
            }.into_any(),
            Opened::Error(e) => view! {
                <div class="banner banner-error" role="alert" data-testid="approve-error"><p>{e}</p></div>
            }.into_any(),
            Opened::Request(r) => view! { <RequestView request=*r/> }.into_any(),
            Opened::Attached(rec) => {
                let a = rec.approval.clone();
                let verb = if a.decision == Decision::Approved { "Approved" } else { "Rejected" };
                view! {
                    <div class="banner banner-info" role="status" data-testid="record-attached">
                        <p>
                            {format!("{verb} by {} at {}, for {} → {} (change set {}). ", a.approver, browser::format_time(a.time), rec.from.name, rec.to.name, approval::short_hash(&a.changeset_hash))}
                            "It is now attached to that change set and written to the audit trail. "
                            <A href=format!("/promote/{}/{}", rec.from.id, rec.to.id) attr:data-testid="record-promote-link">"Go to Review and promote"</A>
                        </p>
                    </div>
                }.into_any()
            }
        }}
        <section class="card no-print">
            <h2>"Open a file"</h2>
            <FileDrop zone_testid="approve-drop" input_testid="approve-file" accept=".json,application/json" prompt="Drop an approval request or record (.preflight.json) here, or " on_file=Callback::new(take_file)/>
        </section>
    }
}

/// A request, read-only, with the answer form.
#[component]
fn RequestView(request: ApprovalRequest) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<String>);
    let record = RwSignal::new(None::<ApprovalRecord>);
    let req = StoredValue::new(request.clone());
    let decide = move |decision: Decision| match req.with_value(|r| {
        approval::answer(
            r,
            decision,
            &name.get_untracked(),
            &comment.get_untracked(),
            browser::now(),
        )
    }) {
        Ok(rec) => {
            set_error.set(None);
            record.set(Some(rec));
        }
        Err(e) => set_error.set(Some(e.to_string())),
    };
    let selected = request.selected.clone();
    let changes: Vec<_> = request.changes.clone();
    let total = changes.len();
    let chosen = changes
        .iter()
        .filter(|c| selected.contains(&c.path))
        .count();
    let link = Signal::derive(move || {
        record.with(|r| {
            r.as_ref()
                .map(|r| {
                    crate::hosting::share_link(
                        "/approve",
                        &format!(
                            "a={}",
                            approval::to_link_payload(&Shared::Record(r.clone()))
                        ),
                    )
                })
                .unwrap_or_default()
        })
    });
    let file_text = Signal::derive(move || {
        record.with(|r| {
            r.as_ref()
                .map(|r| approval::to_file(&Shared::Record(r.clone())))
                .unwrap_or_default()
        })
    });
    let selected_changes: Vec<_> = changes
        .iter()
        .filter(|c| selected.contains(&c.path))
        .cloned()
        .collect();
    let other_changes: Vec<_> = changes
        .iter()
        .filter(|c| !selected.contains(&c.path))
        .cloned()
        .collect();
    let has_others = !other_changes.is_empty();
    view! {
        <article class="approval-doc" data-testid="approval-request">
            <header class="print-header">
                <p class="eyebrow">{move || if record.with(|r| r.is_some()) { "Preflight · approval record" } else { "Preflight · approval request" }}</p>
                <h2 data-testid="request-title">{format!("{} → {}", request.from.name, request.to.name)}</h2>
                <dl class="facts">
                    <dt>"Requested by"</dt><dd data-testid="request-by">{request.requested_by.clone()}</dd>
                    <dt>"Requested at"</dt><dd>{browser::format_time(request.requested_at)}</dd>
                    <dt>"Versions"</dt><dd>{format!("{} v{} → {} v{}", request.from.name, request.from.version, request.to.name, request.to.version)}</dd>
                    <dt>"Change set"</dt><dd><code data-testid="request-hash">{request.changeset_hash.clone()}</code></dd>
                    <dt>"Secrets"</dt><dd>{if request.secrets_included { "included" } else { "masked" }}</dd>
                    {move || record.get().map(|r| {
                        let a = r.approval;
                        let verb = if a.decision == Decision::Approved { "Approved" } else { "Rejected" };
                        view! {
                            <dt>"Decision"</dt>
                            <dd data-testid="header-decision">{format!("{verb} by {} at {}", a.approver, browser::format_time(a.time))}</dd>
                        }
                    })}
                </dl>
                {(!request.comment.is_empty()).then(|| view! { <blockquote class="request-comment" data-testid="request-comment">{request.comment.clone()}</blockquote> })}
            </header>
            <section class="card">
                <h3>{format!("To be promoted: {chosen} of {total} changes")}</h3>
                <ChangeList changes=Signal::derive(move || selected_changes.clone()) empty="No change was selected."/>
                {has_others.then(|| view! {
                    <details class="other-changes">
                        <summary>{format!("Not selected ({})", total - chosen)}</summary>
                        <ChangeList changes=Signal::derive(move || other_changes.clone()) empty=""/>
                    </details>
                })}
            </section>
            <section class="card answer no-print-inputs" aria-labelledby="answer-heading">
                <h3 id="answer-heading">"Your answer"</h3>
                <Show when=move || record.with(|r| r.is_none())>
                    <label class="field">
                        <span class="field-label">"Your name (required)"</span>
                        <input type="text" data-testid="approver-name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    </label>
                    <label class="field">
                        <span class="field-label">"Comment (optional)"</span>
                        <textarea rows="3" data-testid="approver-comment" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="toolbar">
                        <button type="button" class="button" data-testid="approve" on:click=move |_| decide(Decision::Approved)>"Approve"</button>
                        <button type="button" class="button button-danger" data-testid="reject" on:click=move |_| decide(Decision::Rejected)>"Reject"</button>
                    </div>
                    {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="answer-error">{e}</p> })}
                </Show>
                {move || record.get().map(|r| {
                    let a = r.approval;
                    let verb = if a.decision == Decision::Approved { "Approved" } else { "Rejected" };
                    view! {
                        <div class="approval-record" data-testid="approval-record">
                            <p class="record-line"><strong>{format!("{verb} by {}", a.approver)}</strong>{format!(" at {}", browser::format_time(a.time))}</p>
                            {(!a.comment.is_empty()).then(|| view! { <blockquote>{a.comment.clone()}</blockquote> })}
                            <p class="muted no-print">"Send this answer back to the requester:"</p>
                            <ShareOutput link=link file_text=file_text file_name=Signal::derive(|| "approval-record.preflight.json".to_owned()) testid="record"/>
                            <button type="button" class="button button-quiet no-print" data-testid="print" on:click=move |_| browser::print()>"Print or save as PDF"</button>
                        </div>
                    }
                })}
            </section>
        </article>
    }
}
