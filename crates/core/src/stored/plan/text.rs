//! Storing an environment's file: its text as a tree of chunks
//! ([`crate::objects::text`]), hashed since the committed text of the same
//! environment and stored with deltas like a config, so an edit of a few
//! lines adds a few small nodes.

use super::*;
use crate::snapshot::TextContent;

/// What is known of one environment's committed text.
#[derive(Debug, Clone)]
pub(in crate::stored) struct TextHead {
    /// The text, shared with the environment (compared by pointer first).
    pub text: Arc<str>,
    /// Its chunk tree, index and node records (`head.config` is the tree).
    pub head: Head,
}

impl TextHead {
    pub fn holds(&self, text: &Arc<str>) -> bool {
        Arc::ptr_eq(&self.text, text) || self.text == *text
    }
}

impl Planner<'_> {
    /// The head of `env`'s file, storing its text's new nodes; records the
    /// text head the commit brings.
    pub(super) fn env_text(&mut self, env: &Environment) -> Option<SourceHead> {
        let stored = self.stored;
        let Some(src) = &env.source else {
            if stored.texts.contains_key(&env.id) {
                self.commit.after.texts.push((env.id.clone(), None));
            }
            return None;
        };
        let committed = stored.texts.get(&env.id).filter(|_| !self.rewrite);
        let (tree, chain) = match committed.filter(|t| t.holds(&src.text)) {
            Some(t) => (t.head.tree.clone(), t.head.chain),
            None => {
                let chunks = crate::objects::text::text_tree(&src.text);
                let prev = committed.map(|t| Previous {
                    value: &t.head.config,
                    index: &t.head.index,
                });
                let h = hash_tree_since(&chunks, prev);
                let t = self.store_tree(h, committed.map(|t| &t.head));
                let chain = t.chain();
                let head = Head {
                    version: env.version,
                    head_text: String::new(),
                    tree: t.root.clone(),
                    config: Arc::new(chunks),
                    index: t.index,
                    records: t.records,
                    chain,
                };
                self.commit.after.texts.push((
                    env.id.clone(),
                    Some(TextHead {
                        text: src.text.clone(),
                        head,
                    }),
                ));
                (t.root, chain)
            }
        };
        self.fresh_texts
            .push((env.id.clone(), src.text.clone(), tree.clone()));
        Some(SourceHead {
            format: src.format,
            file_name: src.file_name.clone(),
            text: tree,
            chain,
        })
    }

    /// The root of a snapshot's text: a committed or freshly stored text
    /// of its environment when equal, else stored now (deltas over the
    /// environment's committed text).
    pub(super) fn snapshot_text(
        &mut self,
        _ws: &Workspace,
        env: &EnvId,
        text: &TextContent,
    ) -> TreeRoot {
        let text = match text {
            TextContent::Stored(root) => return root.clone(),
            TextContent::Loaded(t) => t,
        };
        let stored = self.stored;
        let committed = stored.texts.get(env).filter(|_| !self.rewrite);
        if let Some(t) = committed.filter(|t| t.holds(text)) {
            return t.head.tree.clone();
        }
        let fresh = self
            .fresh_texts
            .iter()
            .find(|(e, t, _)| e == env && (Arc::ptr_eq(t, text) || t == text));
        if let Some((_, _, root)) = fresh {
            return root.clone();
        }
        let h = hash_tree(&crate::objects::text::text_tree(text));
        self.nodes(h, committed.map(|t| &t.head))
    }
}
