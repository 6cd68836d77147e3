//! Automatic backups: copies of the whole workspace kept in the database
//! (store `backups`) before a restore replaces it, so that a replace can
//! always be undone.
//!
//! Each backup is two keys written in one transaction: `text/<ms>` holds
//! the workspace JSON and `info/<ms>` a few characters saying when it was
//! kept and how large it is, so that the list and the storage figures never
//! read the (large) texts. Older builds kept backups in `localStorage`;
//! [`WorkspaceDb::move_legacy_backups`] moves them in on open and removes
//! each old key only once the database has committed its copy.

use super::{StorageError, WorkspaceDb, WorkspaceStorage};
use crate::idb::Area;
use serde::{Deserialize, Serialize};

const TEXT: &str = "text/";
const INFO: &str = "info/";

/// A copy of the workspace kept in the database before a replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptBackup {
    /// Its key in the `backups` store, `text/<ms>`.
    pub key: String,
    /// When it was kept (milliseconds since the epoch).
    pub time_ms: u64,
    /// Its size in characters.
    pub size: usize,
}

impl KeptBackup {
    fn info_key(&self) -> String {
        format!("{INFO}{}", self.time_ms)
    }

    /// Characters it takes in the store: both keys and both values.
    pub(super) fn stored_size(&self) -> usize {
        let info = Info {
            time_ms: self.time_ms,
            size: self.size,
        };
        self.key.len() + self.size + self.info_key().len() + info.text().len()
    }
}

/// The `info/<ms>` record.
#[derive(Serialize, Deserialize)]
struct Info {
    time_ms: u64,
    size: usize,
}

impl Info {
    fn text(&self) -> String {
        // Two numbers: serializing cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The two records of a backup of `text` kept at `time_ms`.
fn records(time_ms: u64, text: &str) -> (KeptBackup, [(String, String); 2]) {
    let kept = KeptBackup {
        key: format!("{TEXT}{time_ms}"),
        time_ms,
        size: text.len(),
    };
    let info = Info {
        time_ms,
        size: kept.size,
    };
    let puts = [
        (kept.key.clone(), text.to_owned()),
        (kept.info_key(), info.text()),
    ];
    (kept, puts)
}

impl WorkspaceDb {
    /// Keeps `text` as a new automatic backup, timed `now_ms` (moved on a
    /// millisecond while that time is taken). A full disk is
    /// [`StorageError::QuotaExceeded`]: then nothing was kept.
    pub async fn keep_backup(&self, text: &str, now_ms: u64) -> Result<KeptBackup, StorageError> {
        let taken: Vec<u64> = self
            .kept_backups()
            .await?
            .iter()
            .map(|k| k.time_ms)
            .collect();
        let mut time_ms = now_ms;
        while taken.contains(&time_ms) {
            time_ms += 1;
        }
        let (kept, puts) = records(time_ms, text);
        self.idb.write(Area::Backups, &puts, &[]).await?;
        Ok(kept)
    }

    /// The kept automatic backups, newest first. An index record that
    /// cannot be read still lists its backup, sized as unknown (0).
    pub async fn kept_backups(&self) -> Result<Vec<KeptBackup>, StorageError> {
        let keys = self.idb.keys(Area::Backups).await?;
        let texts: Vec<(String, u64)> = keys
            .iter()
            .filter_map(|k| Some((k.clone(), k.strip_prefix(TEXT)?.parse().ok()?)))
            .collect();
        let infos: Vec<String> = texts.iter().map(|(_, ms)| format!("{INFO}{ms}")).collect();
        let found = self.idb.get_many(Area::Backups, &infos).await?;
        let mut kept: Vec<KeptBackup> = texts
            .into_iter()
            .zip(found)
            .map(|((key, time_ms), info)| {
                let info = info.and_then(|t| serde_json::from_str::<Info>(&t).ok());
                KeptBackup {
                    key,
                    time_ms,
                    size: info.map_or(0, |i| i.size),
                }
            })
            .collect();
        kept.sort_by_key(|k| std::cmp::Reverse(k.time_ms));
        Ok(kept)
    }

    /// The text of a kept backup; `None` when it is no longer stored.
    pub async fn kept_backup_text(
        &self,
        kept: &KeptBackup,
    ) -> Result<Option<String>, StorageError> {
        Ok(self.idb.get(Area::Backups, &kept.key).await?)
    }

    /// Deletes a kept backup (both its records, in one transaction).
    pub async fn delete_kept_backup(&self, kept: &KeptBackup) -> Result<(), StorageError> {
        let keys = [kept.key.clone(), kept.info_key()];
        Ok(self.idb.write(Area::Backups, &[], &keys).await?)
    }

    /// Moves the automatic backups an older build kept in `localStorage`
    /// into the database, in one transaction; the old keys are removed only
    /// after it has committed. A backup already moved (same time) is not
    /// written twice. Returns how many were moved; on failure they all
    /// stay where they were, and the next open tries again.
    pub async fn move_legacy_backups(
        &self,
        legacy: &WorkspaceStorage,
    ) -> Result<usize, StorageError> {
        let old = legacy.legacy_backups();
        if old.is_empty() {
            return Ok(0);
        }
        let here: Vec<u64> = self
            .kept_backups()
            .await?
            .iter()
            .map(|k| k.time_ms)
            .collect();
        let puts: Vec<(String, String)> = old
            .iter()
            .filter(|(_, ms, _)| !here.contains(ms))
            .flat_map(|(_, ms, text)| records(*ms, text).1)
            .collect();
        if !puts.is_empty() {
            self.idb.write(Area::Backups, &puts, &[]).await?;
        }
        for (key, _, _) in &old {
            WorkspaceStorage::remove(key);
        }
        Ok(old.len())
    }
}
