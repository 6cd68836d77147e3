//! An approval record opened from a link or a file: refused with the
//! reason (unsigned, altered, forged, untrusted, stale…), or shown with its
//! signer and scope for the user to confirm before it is attached. Opening
//! a record never attaches it.

use crate::browser;
use crate::components::link::A;
use crate::store::{use_store, NotSaved};
use leptos::prelude::*;
use preflight_core::approval::{self, ApprovalRecord, AttachError, RecordPreview};

/// The record's check, confirmation and outcome.
#[component]
pub fn RecordConfirm(
    /// The record as read from the link or file.
    record: ApprovalRecord,
) -> impl IntoView {
    let store = use_store();
    let promote_href = format!("/promote/{}/{}", record.from.id, record.to.id);
    let record = StoredValue::new(record);
    // Checked once, as opened: attaching checks again.
    let checked = store
        .workspace
        .with_untracked(|ws| record.with_value(|r| approval::inspect(ws, r)));
    let (done, set_done) = signal(None::<Result<RecordPreview, String>>);
    let cancelled = RwSignal::new(false);
    let attach = move |_| {
        let actor = store.actor();
        store.apply_saved(
            |ws| record.with_value(|r| approval::attach(ws, r, &actor, browser::now())),
            move |r: Result<RecordPreview, NotSaved<AttachError>>| {
                set_done.set(Some(r.map_err(|e| match e {
                    NotSaved::Refused(e) => e.to_string(),
                    NotSaved::Storage(e) => format!("it was not saved ({e}); try again"),
                })))
            },
        );
    };
    let preview = match checked {
        Err(e) => {
            return view! {
                <div class="banner banner-error" role="alert" data-testid="approve-error">
                    <p>{format!("Not attached: {e}.")}</p>
                </div>
            }
            .into_any()
        }
        Ok(p) => p,
    };
    let facts = view! {
        <dl class="facts" data-testid="record-preview">
            <dt>"Decision"</dt><dd data-testid="preview-decision">{preview.decision.label()}</dd>
            <dt>"Signed by"</dt><dd data-testid="preview-signer">{preview.signer.name.clone()}</dd>
            <dt>"Key fingerprint"</dt><dd><code class="fingerprint" data-testid="preview-fingerprint">{preview.signer.grouped()}</code></dd>
            <dt>"For"</dt><dd>{format!("{} → {} (change set {})", preview.from, preview.to, approval::short_hash(&preview.changeset_hash))}</dd>
            <dt>"Dated"</dt><dd>{format!("{} (as the record says)", browser::format_time(preview.claimed_time))}</dd>
            <dt>"Covers"</dt><dd data-testid="preview-scope">{
                if preview.scope.is_empty() { "no change".to_owned() } else { format!("{} change(s)", preview.scope.len()) }
            }</dd>
        </dl>
        <ul class="scope-paths" data-testid="preview-paths">
            {preview.scope.iter().take(50).map(|p| view! { <li><code>{p.clone()}</code></li> }).collect_view()}
            {(preview.scope.len() > 50).then(|| view! { <li class="muted">{format!("and {} more", preview.scope.len() - 50)}</li> })}
        </ul>
        {(!preview.comment.is_empty()).then(|| view! { <blockquote class="request-comment">{preview.comment.clone()}</blockquote> })}
    };
    view! {
        <section class="card" data-testid="record-opened" aria-labelledby="record-heading">
            <h2 id="record-heading">"An approval record"</h2>
            {facts}
            {move || match (done.get(), cancelled.get()) {
                (Some(Ok(p)), _) => view! {
                    <div class="banner banner-info" role="status" data-testid="record-attached">
                        <p>
                            {format!("{} by {} (key {}), for {} → {}. ", p.decision.label(), p.signer.name, p.signer.grouped(), p.from, p.to)}
                            "It is now attached to that change set and written to the audit trail. "
                            <A href=promote_href.clone() attr:data-testid="record-promote-link">"Go to Review and promote"</A>
                        </p>
                    </div>
                }.into_any(),
                (Some(Err(e)), _) => view! {
                    <p class="banner banner-error" role="alert" data-testid="approve-error">{format!("Not attached: {e}.")}</p>
                }.into_any(),
                (None, true) => view! {
                    <p class="muted" data-testid="record-cancelled">"Not attached. Nothing was changed."</p>
                }.into_any(),
                (None, false) => view! {
                    <p>"Attach this answer to the change set? It then counts for the promotion."</p>
                    <div class="toolbar">
                        <button type="button" class="button" data-testid="attach-record" on:click=attach>"Attach this answer"</button>
                        <button type="button" class="button button-quiet" data-testid="cancel-record" on:click=move |_| cancelled.set(true)>"Cancel"</button>
                    </div>
                }.into_any(),
            }}
        </section>
    }
    .into_any()
}
