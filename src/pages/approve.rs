//! `/approve`: opens a shared approval request or record, from the link's
//! fragment or from a dropped `.preflight.json` file.
//!
//! A request is shown read-only (from → to, every change old → new, the
//! requester's comment, the hash, the time) and answered with a comment,
//! signed with this browser's key ("Your key card" below); the answer is a
//! record, shared back the same way. A record opened here is checked
//! (signature, trusted signer, still the same change set) and attached
//! only once the user confirms, having seen its signer and scope. A key
//! card opened here is trusted only after a confirmation showing its
//! fingerprint. Nothing damaged is ever shown as if it were valid.

use crate::browser;
use crate::components::change_list::ChangeList;
use crate::components::file_drop::FileDrop;
use crate::components::key_card_confirm::KeyCardConfirm;
use crate::components::record_confirm::RecordConfirm;
use crate::components::share_output::ShareOutput;
use crate::components::signing_key_card::SigningKeyCard;
use crate::components::trusted_approvers::TrustedApprovers;
use crate::signer::{self, KeyState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use preflight_core::approval::{self, group, ApprovalRecord, ApprovalRequest, Decision, Shared};

/// What the page is showing.
#[derive(Clone, PartialEq)]
enum Opened {
    Nothing,
    Error(String),
    Request(Box<ApprovalRequest>),
    Record(Box<ApprovalRecord>),
    KeyCard(Box<approval::KeyCard>),
}

#[component]
pub fn ApprovePage() -> impl IntoView {
    signer::provide_key();
    let opened = RwSignal::new(Opened::Nothing);
    // Opening never changes the workspace: records and key cards wait for
    // the user's confirmation.
    let take = move |shared: Result<Shared, String>| match shared {
        Err(e) => opened.set(Opened::Error(e)),
        Ok(Shared::Request(r)) => opened.set(Opened::Request(Box::new(r))),
        Ok(Shared::Record(rec)) => opened.set(Opened::Record(Box::new(rec))),
        Ok(Shared::KeyCard(c)) => opened.set(Opened::KeyCard(Box::new(c))),
    };
    let read_fragment = move || {
        let fragment = browser::fragment();
        if ["r=", "a=", "k="].iter().any(|p| fragment.starts_with(p)) {
            take(
                approval::from_link_payload(&fragment)
                    .map_err(|e| format!("This link cannot be used: {e}.")),
            );
        } else if !fragment.is_empty() {
            opened.set(Opened::Error(
                "This link holds no approval request, record or key card (it should contain #r=, #a= or #k=)."
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
            Opened::Record(rec) => view! { <RecordConfirm record=*rec/> }.into_any(),
            Opened::KeyCard(card) => view! { <KeyCardConfirm card=*card/> }.into_any(),
        }}
        <section class="card no-print">
            <h2>"Open a file"</h2>
            <FileDrop zone_testid="approve-drop" input_testid="approve-file" accept=".json,application/json" prompt="Drop an approval request, record or key card (.preflight.json) here, or " on_file=Callback::new(take_file)/>
        </section>
        <SigningKeyCard/>
        <div class="no-print"><TrustedApprovers/></div>
    }
}

/// A request, read-only, with the answer form: the answer is signed with
/// this browser's key, in the name on its key card.
#[component]
fn RequestView(request: ApprovalRequest) -> impl IntoView {
    let key = signer::use_key();
    let comment = RwSignal::new(String::new());
    let (error, set_error) = signal(None::<String>);
    let record = RwSignal::new(None::<ApprovalRecord>);
    let signing = RwSignal::new(false);
    let req = StoredValue::new(request.clone());
    let decide = move |decision: Decision| {
        let Some(k) = key.get_untracked().key() else {
            set_error.set(Some(
                "Create your signing key first (“Your key card”, below): answers are signed with it.".into(),
            ));
            return;
        };
        if signing.get_untracked() {
            return;
        }
        let answer = req.with_value(|r| {
            approval::answer(
                r,
                decision,
                &k.name,
                &comment.get_untracked(),
                browser::now(),
            )
        });
        match answer {
            Err(e) => set_error.set(Some(e.to_string())),
            Ok(unsigned) => {
                signing.set(true);
                spawn_local(async move {
                    match signer::sign_record(&k, unsigned).await {
                        Ok(rec) => {
                            set_error.set(None);
                            record.set(Some(rec));
                        }
                        Err(e) => set_error.set(Some(format!("Not signed: {e}."))),
                    }
                    signing.set(false);
                });
            }
        }
    };
    let signed_by = move |r: &ApprovalRecord| {
        r.approval
            .signature
            .as_ref()
            .and_then(|_| approval::signing::verify_signature(&r.approval).ok())
            .map(|fp| group(&fp))
            .unwrap_or_default()
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
                        let fingerprint = signed_by(&r);
                        let a = r.approval;
                        view! {
                            <dt>"Decision"</dt>
                            <dd data-testid="header-decision">{format!("{} by {} at {}", a.decision.label(), a.approver, browser::format_time(a.time))}</dd>
                            <dt>"Signed with key"</dt>
                            <dd><code class="fingerprint" data-testid="header-fingerprint">{fingerprint}</code></dd>
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
                    <p data-testid="signing-as">{move || match key.get() {
                        KeyState::Ready(k) => format!("You answer as {}, signed with your key {}.", k.name, group(&approval::signing::fingerprint(&k.public_raw))),
                        KeyState::Loading => "Reading your signing key…".to_owned(),
                        KeyState::Missing => "To answer, create your signing key first (“Your key card”, below).".to_owned(),
                        KeyState::Failed(e) => format!("Your signing key cannot be used: {e}."),
                    }}</p>
                    <label class="field">
                        <span class="field-label">"Comment (optional)"</span>
                        <textarea rows="3" data-testid="approver-comment" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="toolbar">
                        <button type="button" class="button" data-testid="approve" prop:disabled=move || signing.get() on:click=move |_| decide(Decision::Approved)>"Approve and sign"</button>
                        <button type="button" class="button button-danger" data-testid="reject" prop:disabled=move || signing.get() on:click=move |_| decide(Decision::Rejected)>"Reject and sign"</button>
                    </div>
                    {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="answer-error">{e}</p> })}
                </Show>
                {move || record.get().map(|r| {
                    let fingerprint = signed_by(&r);
                    let a = r.approval;
                    view! {
                        <div class="approval-record" data-testid="approval-record">
                            <p class="record-line"><strong>{format!("{} by {}", a.decision.label(), a.approver)}</strong>{format!(" at {}", browser::format_time(a.time))}</p>
                            <p class="muted" data-testid="record-signer">"Signed with the key " <code class="fingerprint">{fingerprint}</code></p>
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
