//! The workspace in IndexedDB: open (moving a `localStorage` document in),
//! load, and commit one action's records and nodes in one transaction.

use super::nodes::fetch_trees;
use super::{LoadNotice, StorageError, WorkspaceStorage};
use crate::idb::{self, Idb, IdbError};
use preflight_core::diff::KnownIndexes;
use preflight_core::objects::{NodeId, TreeRoot};
use preflight_core::snapshot;
use preflight_core::stored::{
    Area, Commit, DamagedSnapshot, LoadReport, StoredSizes, StoredWorkspace,
};
use preflight_core::{demo, Workspace, WorkspaceError};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// The database of the default workspace.
pub const DB_NAME: &str = "preflight";

/// An open workspace database and what this tab knows is stored in it.
pub struct WorkspaceDb {
    pub(super) idb: Idb,
    pub(super) stored: RefCell<StoredWorkspace>,
    /// What this tab's commits added to the store, for the benchmark.
    sizes: RefCell<StoredSizes>,
    last_added: Cell<i64>,
    /// Whether `stored` knows every stored node (see [`Self::list_nodes`]).
    nodes_listed: Cell<bool>,
}

/// What opening found.
pub struct Opened {
    pub workspace: Workspace,
    pub notice: LoadNotice,
    /// Snapshots left out because their nodes are missing or damaged.
    pub report: LoadReport,
    /// `None` when the workspace lives in memory only.
    pub db: Option<WorkspaceDb>,
    /// False while a damaged document that could not be copied waits to be
    /// downloaded (the user turns saving back on).
    pub can_save: bool,
    /// Commit the workspace at once (the demo, or a clean start after a
    /// recovery), so that a reload finds it.
    pub save_now: bool,
}

impl From<IdbError> for StorageError {
    fn from(e: IdbError) -> Self {
        match e {
            IdbError::QuotaExceeded => StorageError::QuotaExceeded,
            IdbError::Conflict { stored } => StorageError::Conflict { stored },
            IdbError::Unavailable(why) => StorageError::Unavailable(why),
            other => StorageError::Write(other.to_string()),
        }
    }
}

fn in_memory(workspace: Workspace, notice: LoadNotice) -> Opened {
    Opened {
        workspace,
        notice,
        report: LoadReport::default(),
        db: None,
        can_save: false,
        save_now: false,
    }
}

/// What a load reads: every record, the revision, and which nodes exist
/// (their ids only: a snapshot's nodes are read when it is needed).
struct Read {
    records: HashMap<String, String>,
    node_ids: Vec<NodeId>,
    revision: u64,
}

async fn read_records(idb: &Idb) -> Result<Read, IdbError> {
    let mut read = read_records_only(idb).await?;
    read.node_ids = node_ids(idb).await?;
    Ok(read)
}

/// The ids of every stored node. A long history has hundreds of thousands,
/// so opening lists them after the first paint ([`WorkspaceDb::list_nodes`]).
async fn node_ids(idb: &Idb) -> Result<Vec<NodeId>, IdbError> {
    Ok(idb
        .keys(idb::Area::Nodes)
        .await?
        .into_iter()
        .map(NodeId::from_stored)
        .collect())
}

async fn read_records_only(idb: &Idb) -> Result<Read, IdbError> {
    let revision = idb.revision().await?;
    let records = idb.get_all(idb::Area::Records).await?.into_iter().collect();
    let node_ids = Vec::new();
    Ok(Read {
        records,
        node_ids,
        revision,
    })
}

type Loaded = Option<(Workspace, StoredWorkspace, LoadReport)>;

/// The workspace with every snapshot left in the store, except the merge
/// bases promotions read, which are fetched now.
async fn load(idb: &Idb, read: Read) -> Result<Result<Loaded, WorkspaceError>, IdbError> {
    // Marks for the browser benchmark: what a cold load spends where.
    crate::browser::mark("store:read");
    let loaded = StoredWorkspace::load_records(
        &read.records,
        &HashMap::<NodeId, String>::new(),
        read.node_ids,
        read.revision,
    );
    crate::browser::mark("store:parsed");
    let Ok(Some((mut ws, mut stored, mut report))) = loaded else {
        return Ok(loaded);
    };
    let needed = snapshot::needed_for_promotions(&ws);
    // Most often the bases are committed heads, which are in memory.
    stored.read_from_heads(&mut ws, &needed);
    let damaged = read_snapshots(idb, &mut stored, &mut ws, &needed).await?;
    report.damaged.extend(damaged);
    Ok(Ok(Some((ws, stored, report))))
}

/// Reads snapshots `ids` into `ws`; those that cannot be read are taken out
/// as damaged and returned.
async fn read_snapshots(
    idb: &Idb,
    stored: &mut StoredWorkspace,
    ws: &mut Workspace,
    ids: &[String],
) -> Result<Vec<DamagedSnapshot>, IdbError> {
    let roots = snapshot::unread_roots(ws, ids.iter().map(String::as_str));
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let source = fetch_trees(idb, &roots).await?;
    Ok(stored.read_snapshots(ws, ids, &source))
}

/// Everything, every snapshot read (the check after moving a document in).
async fn load_everything(idb: &Idb) -> Result<Result<Loaded, WorkspaceError>, IdbError> {
    let read = read_records(idb).await?;
    let loaded = load(idb, read).await?;
    let Ok(Some((mut ws, mut stored, mut report))) = loaded else {
        return Ok(loaded);
    };
    let all = snapshot::unread(&ws);
    report
        .damaged
        .extend(read_snapshots(idb, &mut stored, &mut ws, &all).await?);
    Ok(Ok(Some((ws, stored, report))))
}

impl WorkspaceDb {
    fn new(idb: Idb, stored: StoredWorkspace, nodes_listed: bool) -> Self {
        Self {
            idb,
            stored: RefCell::new(stored),
            sizes: RefCell::new(StoredSizes::new()),
            last_added: Cell::new(0),
            nodes_listed: Cell::new(nodes_listed),
        }
    }

    /// Learns which nodes the store holds, once: opening skips it, so that
    /// the first paint does not wait, and the first commit (or the app,
    /// after loading) does it.
    pub async fn list_nodes(&self) -> Result<(), StorageError> {
        if self.nodes_listed.get() {
            return Ok(());
        }
        let ids = node_ids(&self.idb).await?;
        self.stored.borrow_mut().know_nodes(ids);
        self.nodes_listed.set(true);
        Ok(())
    }

    /// Opens the database `name`, moving in the `localStorage` document of
    /// `legacy` when the database is still empty, and the automatic backups
    /// an older build kept there.
    pub async fn open(name: &str, legacy: &WorkspaceStorage) -> Opened {
        let opened = Self::open_workspace(name, legacy).await;
        if let Some(db) = &opened.db {
            if let Err(e) = db.move_legacy_backups(legacy).await {
                // They stay in localStorage; the next open tries again.
                leptos::logging::warn!("the automatic backups stay in localStorage for now: {e}");
            }
        }
        opened
    }

    async fn open_workspace(name: &str, legacy: &WorkspaceStorage) -> Opened {
        let idb = match Idb::open(name).await {
            Ok(idb) => idb,
            Err(IdbError::TooNew { found }) => {
                return in_memory(
                    Workspace::empty(),
                    LoadNotice::Refused(WorkspaceError::TooNew {
                        found: u64::from(found),
                        supported: idb::DB_VERSION,
                    }),
                )
            }
            Err(e) => {
                // Without IndexedDB the document an older build left is
                // still shown, in memory, and left where it is.
                let workspace = legacy.read().unwrap_or_else(demo::workspace);
                return in_memory(workspace, LoadNotice::Unavailable(e.into()));
            }
        };
        let loaded = match read_records_only(&idb).await {
            Ok(read) => load(&idb, read).await,
            Err(e) => Err(e),
        };
        let loaded = match loaded {
            Ok(loaded) => loaded,
            Err(e) => return in_memory(Workspace::empty(), LoadNotice::Unavailable(e.into())),
        };
        match loaded {
            Ok(Some((workspace, stored, report))) => Opened {
                workspace,
                notice: LoadNotice::None,
                report,
                db: Some(Self::new(idb, stored, false)),
                can_save: true,
                save_now: false,
            },
            // Never overwritten: the user is told what to do, and the
            // workspace runs in memory.
            Err(error) => in_memory(Workspace::empty(), LoadNotice::Refused(error)),
            Ok(None) => Self::first_open(idb, legacy).await,
        }
    }

    /// An empty database: the demo, or the document an older build kept.
    async fn first_open(idb: Idb, legacy: &WorkspaceStorage) -> Opened {
        let db = Self::new(idb, StoredWorkspace::empty(), true);
        let found = legacy.load();
        let (workspace, notice, moving) = match found.notice {
            LoadNotice::FirstRun | LoadNotice::Unavailable(_) => {
                (found.workspace, LoadNotice::FirstRun, false)
            }
            LoadNotice::None => (
                found.workspace,
                LoadNotice::MovedToDatabase { from: 2 },
                true,
            ),
            LoadNotice::Migrated { from } => {
                (found.workspace, LoadNotice::MovedToDatabase { from }, true)
            }
            other => {
                // A damaged document stays where it is (and under its backup
                // key, when there was room); the database starts clean.
                return Opened {
                    workspace: found.workspace,
                    notice: other,
                    report: LoadReport::default(),
                    db: Some(db),
                    can_save: found.can_save,
                    save_now: found.can_save,
                };
            }
        };
        if moving {
            if let Err(e) = db.commit(&workspace).await {
                return in_memory(
                    workspace,
                    LoadNotice::Unavailable(StorageError::Write(format!(
                        "the workspace could not be moved into the browser database ({e}); \
                         it is still in localStorage"
                    ))),
                );
            }
            // Removed only once what the database holds reads back equal.
            let equal = match load_everything(&db.idb).await {
                Ok(Ok(Some((back, _, report)))) => {
                    report.damaged.is_empty() && same_content(&back, &workspace)
                }
                _ => false,
            };
            if equal {
                WorkspaceStorage::remove(legacy.key());
            }
        }
        let mut workspace = workspace;
        workspace.revision = db.revision();
        let save_now = matches!(notice, LoadNotice::FirstRun);
        Opened {
            workspace,
            notice,
            report: LoadReport::default(),
            db: Some(db),
            can_save: true,
            save_now,
        }
    }

    /// Runs `f` with what the store knows of the committed trees (their
    /// indexes, so comparisons can skip what is equal).
    pub fn with_known<R>(&self, f: impl FnOnce(&dyn KnownIndexes) -> R) -> R {
        f(&*self.stored.borrow())
    }

    /// The revision this tab last committed or read.
    pub fn revision(&self) -> u64 {
        self.stored.borrow().revision
    }

    /// Writes what changed since the last commit, in one transaction.
    /// Returns the new revision once the transaction has committed.
    pub async fn commit(&self, ws: &Workspace) -> Result<u64, StorageError> {
        // Listing the stored nodes (once) awaits: another tab's commit may
        // be read in meanwhile, and `ws` was not built on it. Planning
        // against it would drop that tab's work, so it is a conflict.
        let started = self.revision();
        self.list_nodes().await?;
        let now = self.revision();
        if now != started {
            return Err(StorageError::Conflict { stored: now });
        }
        // Marks for the browser benchmark: planning is the main-thread part.
        crate::browser::mark("store:plan-start");
        let plan = self.stored.borrow().plan(ws);
        let writes = to_idb(&plan);
        crate::browser::mark("store:planned");
        if plan.is_empty() {
            return Ok(self.revision());
        }
        let revision = plan.revision;
        self.idb.commit(&writes).await?;
        self.last_added.set(self.sizes.borrow_mut().landed(&plan));
        self.stored.borrow_mut().committed(plan);
        crate::browser::mark("store:committed");
        Ok(revision)
    }

    /// How many bytes the last commit added to the store (keys and texts;
    /// a record replaced counts its difference when this tab wrote it
    /// before, and whole otherwise).
    pub fn last_added(&self) -> i64 {
        self.last_added.get()
    }

    /// The stored revision, read now (another tab may have moved it).
    pub async fn stored_revision(&self) -> Result<u64, StorageError> {
        Ok(self.idb.revision().await?)
    }

    /// Reads the stored workspace again and takes it as what this tab knows.
    pub async fn reload(&self) -> Result<(Workspace, LoadReport), StorageError> {
        let read = read_records(&self.idb).await?;
        match load(&self.idb, read).await? {
            Ok(Some((ws, stored, report))) => {
                *self.stored.borrow_mut() = stored;
                self.nodes_listed.set(true);
                Ok((ws, report))
            }
            Ok(None) => Err(StorageError::Write("the database is empty".into())),
            Err(e) => Err(StorageError::Write(e.to_string())),
        }
    }

    /// Writes `ws` over whatever another tab stored ("Keep mine"). A store
    /// written by a newer Preflight is refused, never replaced.
    pub async fn overwrite(&self, ws: &Workspace) -> Result<u64, StorageError> {
        let read = read_records(&self.idb).await?;
        let revision = read.revision;
        let stored = match load(&self.idb, read).await? {
            Ok(Some((_, stored, _))) => stored,
            Ok(None) => StoredWorkspace::empty(),
            Err(e @ WorkspaceError::TooNew { .. }) => {
                return Err(StorageError::Write(e.to_string()))
            }
            // A damaged store is rewritten record by record from this tab.
            Err(_) => {
                let mut s = StoredWorkspace::empty();
                s.revision = revision;
                s
            }
        };
        *self.stored.borrow_mut() = stored;
        self.nodes_listed.set(true);
        self.commit(ws).await
    }

    /// The stored nodes of `roots` (a snapshot's trees), fetched now.
    pub async fn fetch_trees(
        &self,
        roots: &[TreeRoot],
    ) -> Result<HashMap<NodeId, String>, StorageError> {
        Ok(fetch_trees(&self.idb, roots).await?)
    }

    /// Reads snapshots `ids` into `ws` from nodes [`Self::fetch_trees`]
    /// gave. Returns the ones found damaged, which are taken out of `ws`.
    pub fn read_fetched(
        &self,
        ws: &mut Workspace,
        ids: &[String],
        nodes: &HashMap<NodeId, String>,
    ) -> Vec<DamagedSnapshot> {
        self.stored.borrow_mut().read_snapshots(ws, ids, nodes)
    }

    /// Lets go of the committed snapshot contents `ws` holds, but for the
    /// merge bases and `keep`.
    pub fn release(&self, ws: &mut Workspace, keep: &[String]) -> usize {
        self.stored.borrow().release(ws, keep)
    }

    /// Makes the next commit write the whole workspace again, nodes
    /// included (see `StoredWorkspace::rewrite_next`): a restore repairs
    /// what is missing or damaged in the store.
    pub fn rewrite_next(&self) {
        self.stored.borrow_mut().rewrite_next();
    }

    /// Closes the connection (tests open several).
    pub fn idb(&self) -> &Idb {
        &self.idb
    }
}

/// Equal apart from the revision counter (and both wholly in memory).
fn same_content(a: &Workspace, b: &Workspace) -> bool {
    let (mut a, mut b) = (a.clone(), b.clone());
    a.revision = 0;
    b.revision = 0;
    matches!((a.to_json(), b.to_json()), (Ok(x), Ok(y)) if x == y)
}

pub(super) fn to_idb(plan: &Commit) -> idb::Commit {
    let area = |a: &Area| match a {
        Area::Meta => idb::Area::Meta,
        Area::Records => idb::Area::Records,
        Area::Nodes => idb::Area::Nodes,
    };
    idb::Commit {
        expected_revision: plan.expected_revision,
        revision: plan.revision,
        puts: plan
            .puts
            .iter()
            .map(|(a, k, v)| (area(a), k.clone(), v.clone()))
            .collect(),
        deletes: plan
            .deletes
            .iter()
            .map(|(a, k)| (area(a), k.clone()))
            .collect(),
    }
}
