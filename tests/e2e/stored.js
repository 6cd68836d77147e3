// The workspace as the app stores it in IndexedDB (database "preflight":
// stores meta, records, nodes), read back into the shape of the old single
// document so that specs can check what is stored after a reload. Writing
// (`writeStored`) plays another tab: it changes records and bumps the
// revision without telling this page.

/** Runs in the page: returns `{ doc, raw }` for the stored workspace. */
async function readInPage() {
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open("preflight");
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const all = (name) => new Promise((resolve, reject) => {
    const tx = db.transaction(name, "readonly");
    const store = tx.objectStore(name);
    const keys = store.getAllKeys();
    const values = store.getAll();
    tx.oncomplete = () => resolve(Object.fromEntries(keys.result.map((k, i) => [k, values.result[i]])));
    tx.onerror = () => reject(tx.error);
  });
  const [meta, records, nodes] = [await all("meta"), await all("records"), await all("nodes")];
  db.close();
  if (!records.workspace) return { doc: null, raw: { meta, records, nodeCount: Object.keys(nodes).length } };
  const tree = (root) => {
    if (root === null || root === undefined) return null;
    if ("leaf" in root) return root.leaf;
    // A record may be a delta over a base: rebuild the full node.
    const full = (id) => {
      const rec = JSON.parse(nodes[id]);
      if (rec.d === undefined) return rec;
      const base = full(rec.d);
      const kind = base.o ? "o" : "a";
      const old = base[kind];
      const out = [];
      let cursor = 0;
      for (const [at, removed, inserted] of rec.e) {
        out.push(...old.slice(cursor, at), ...inserted);
        cursor = at + removed;
      }
      out.push(...old.slice(cursor));
      return { [kind]: out };
    };
    const node = (id) => {
      const rec = full(id);
      const child = (c) => (Array.isArray(c) ? node(c[0]) : c);
      if (rec.o) return Object.fromEntries(rec.o.map(([k, c]) => [k, child(c)]));
      return rec.a.map(child);
    };
    return node(root.node);
  };
  const w = JSON.parse(records.workspace);
  const parse = (k) => (records[k] === undefined ? null : JSON.parse(records[k]));
  const doc = {
    schema_version: w.schema_version,
    settings: w.settings,
    next_seq: w.next_seq,
    revision: Number(meta.revision || 0),
    environments: w.environments.map((id) => {
      const r = parse(`env/${id}`);
      // `tree` and `chain` are how the store keeps it, not workspace fields.
      const { tree: _t, chain: _c, ...head } = r.head;
      return { ...head, config: r.config };
    }),
    checklists: w.checklists.map((id) => parse(`checklist/${id}`)),
    audit: w.audit.map((id) => parse(`audit/${id}`)),
    approvals: parse("approvals") || [],
    snapshots: w.snapshots.map((id) => {
      const r = parse(`snap/${id}`);
      if (!r) return null;
      const { tree: t, merge_base: mb, ...rest } = r;
      const out = { ...rest, content: tree(t) };
      if (mb) out.merge_base = tree(mb);
      return out;
    }).filter(Boolean),
  };
  return { doc, raw: { meta, records, nodeCount: Object.keys(nodes).length } };
}

/**
 * The stored workspace in the old document's shape, or null when, a few
 * seconds after the page opened, there is still none (the first run stores
 * the demo right after loading).
 */
export async function readStored(page, waitMs = 5_000) {
  const until = Date.now() + waitMs;
  for (;;) {
    const { doc } = await page.evaluate(readInPage);
    if (doc !== null || Date.now() > until) return doc;
    await page.waitForTimeout(50);
  }
}

/** The raw stored areas: `{ meta, records, nodeCount }`. */
export async function readRaw(page) {
  return (await page.evaluate(readInPage)).raw;
}

/**
 * Changes the stored workspace as another tab would: `mutate(doc)` runs in
 * the page on the document shape; settings, approvals, checklists and
 * environment heads are written back and the revision moves by `bump`.
 */
export async function writeStored(page, mutate, { bump = 1, arg = null } = {}) {
  // One expression evaluated by the test driver (no eval in the page, whose
  // CSP forbids it). `mutate(doc, arg)` gets `arg` as JSON.
  await page.evaluate(`(${writeInPage})(${readInPage}, ${mutate}, ${bump}, ${JSON.stringify(arg)})`);
}

/** Deletes the database, as a new browser profile would have none. */
export async function clearStored(page) {
  await page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase("preflight");
    req.onsuccess = resolve;
    req.onerror = () => reject(req.error);
  }));
}

async function writeInPage(read, mutate, bump, arg) {
    const { doc, raw } = await read();
    mutate(doc, arg);
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open("preflight");
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    await new Promise((resolve, reject) => {
      const tx = db.transaction(["meta", "records"], "readwrite");
      const records = tx.objectStore("records");
      const w = JSON.parse(raw.records.workspace);
      w.settings = doc.settings;
      w.environments = doc.environments.map((e) => e.id);
      w.checklists = doc.checklists.map((c) => c.id);
      records.put(JSON.stringify(w), "workspace");
      records.put(JSON.stringify(doc.approvals), "approvals");
      for (const c of doc.checklists) records.put(JSON.stringify(c), `checklist/${c.id}`);
      for (const e of doc.environments) {
        const old = raw.records[`env/${e.id}`];
        const kept = old ? JSON.parse(old).head : { tree: { leaf: null } };
        const { config, ...head } = e;
        const stored = { ...head, tree: kept.tree };
        if (kept.chain !== undefined) stored.chain = kept.chain;
        records.put(JSON.stringify({ head: stored, config }), `env/${e.id}`);
      }
      tx.objectStore("meta").put(String(Number(raw.meta.revision || 0) + bump), "revision");
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
}

/**
 * Makes this page's IndexedDB refuse any value longer than `maxChars` with
 * the browser's QuotaExceededError, as a full disk would.
 */
export async function simulateQuota(page, maxChars) {
  await page.evaluate((max) => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (value, key) {
      if (typeof value === "string" && value.length > max) {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      }
      return put.call(this, value, key);
    };
  }, maxChars);
}
