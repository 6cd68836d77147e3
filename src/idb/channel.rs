//! [`CommitChannel`]: tells the app's other tabs that a commit landed, so
//! they can reload the changed data instead of hitting a
//! [`Conflict`](super::IdbError::Conflict) on their next write.
//!
//! A `BroadcastChannel` delivers each message to every other instance of the
//! same name in the origin, in this tab or others, but never back to the
//! sender. The message is a small JSON object `{"revision": 7, "tab": "…"}`;
//! anything else arriving on the channel is ignored.

use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The channel name the app uses.
pub const CHANNEL_NAME: &str = "preflight";

/// What one tab tells the others after a commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitNotice {
    /// The revision now stored.
    pub revision: u64,
    /// The id of the sending [`CommitChannel`] (one per tab in the app).
    pub tab: String,
}

/// One end of the cross-tab commit channel. Closes on drop.
pub struct CommitChannel {
    channel: web_sys::BroadcastChannel,
    tab: String,
}

impl CommitChannel {
    /// Joins the channel `name` (the app uses [`CHANNEL_NAME`]). `None` when
    /// the browser has no `BroadcastChannel`: tabs then only learn of other
    /// tabs' commits through [`Conflict`](super::IdbError::Conflict).
    pub fn new(name: &str) -> Option<Self> {
        let channel = web_sys::BroadcastChannel::new(name).ok()?;
        // Random enough to tell tabs apart in diagnostics; not a secret.
        let tab = format!("{:012x}", (js_sys::Math::random() * 2f64.powi(48)) as u64);
        Some(Self { channel, tab })
    }

    /// This end's id, as sent in [`CommitNotice::tab`].
    pub fn tab(&self) -> &str {
        &self.tab
    }

    /// Tells the other ends that `revision` is now stored. Best effort: a
    /// lost notice only means the other tab finds out at its next commit.
    pub fn post(&self, revision: u64) {
        let notice = CommitNotice {
            revision,
            tab: self.tab.clone(),
        };
        if let Ok(text) = serde_json::to_string(&notice) {
            let _ = self.channel.post_message(&text.into());
        }
    }

    /// Calls `callback` for each notice from another end, until the returned
    /// [`Subscription`] is dropped.
    pub fn on_message(&self, callback: impl Fn(CommitNotice) + 'static) -> Subscription {
        let listener =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let notice = event
                    .data()
                    .as_string()
                    .and_then(|text| serde_json::from_str::<CommitNotice>(&text).ok());
                if let Some(notice) = notice {
                    callback(notice);
                }
            });
        let _ = self
            .channel
            .add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
        Subscription {
            channel: self.channel.clone(),
            listener,
        }
    }
}

impl Drop for CommitChannel {
    fn drop(&mut self) {
        self.channel.close();
    }
}

/// Keeps an [`CommitChannel::on_message`] callback alive; unsubscribes on drop.
pub struct Subscription {
    channel: web_sys::BroadcastChannel,
    listener: Closure<dyn Fn(web_sys::MessageEvent)>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let _ = self
            .channel
            .remove_event_listener_with_callback("message", self.listener.as_ref().unchecked_ref());
    }
}
