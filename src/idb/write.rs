//! Writes to one store outside the workspace commit (kept backups): no
//! revision is read or moved, but the writes are still one transaction,
//! committed with strict durability, all or nothing.

use super::error::from_crate;
use super::{put, quota_fault, settled, store, Area, Fault, Idb, IdbError};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionDurability, TransactionMode, TransactionOptions};
use wasm_bindgen::JsValue;

impl Idb {
    /// Deletes `deletes`, then puts `puts`, in `area`, in one transaction.
    /// `Ok` once the browser reports it complete; after any error nothing
    /// of it is stored. Injected faults apply as they do to commits.
    pub async fn write(
        &self,
        area: Area,
        puts: &[(String, String)],
        deletes: &[String],
    ) -> Result<(), IdbError> {
        self.check_open()?;
        let options = TransactionOptions::new().with_durability(TransactionDurability::Strict);
        let tx = self
            .db
            .transaction(area.store_name())
            .with_mode(TransactionMode::Readwrite)
            .with_options(options)
            .build()
            .map_err(|e| self.start_error(e))?;
        let raw: web_sys::IdbTransaction = tx.as_sys().clone().into();
        let done = settled(&raw);
        let staged = (|| {
            let target = store(&tx, area)?;
            for key in deletes {
                target
                    .delete::<&str, _>(key.as_str())
                    .primitive()
                    .map_err(from_crate)?;
            }
            for (i, (key, value)) in puts.iter().enumerate() {
                if self.fault.get() == Some(Fault::QuotaAt(i)) {
                    return Err(quota_fault());
                }
                put(&target, JsValue::from_str(key), value)?;
            }
            Ok(())
        })();
        if let Err(e) = staged {
            let _ = tx.abort().await;
            return Err(e);
        }
        self.finish(tx, &raw, done).await
    }
}
