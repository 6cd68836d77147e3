//! The demo workspace a first run starts with.
//!
//! One order-sync integration in three environments, with the drift a real
//! pipeline has: Development is ahead of QA, QA is ahead of Production, each
//! keeps its own URLs, database and credentials, and Production lists its
//! flows in another order.
//!
//! [`synthetic`], [`large`] and [`history`] generate the big documents the benchmarks
//! measure.

pub mod history;
pub mod large;

use crate::environment::Environment;
use crate::workspace::Workspace;
use serde_json::{json, Value};

fn development() -> Value {
    json!({
        "integration": {
            "name": "Storefront ↔ ERP order sync",
            "version": "3.2.0",
            "owner": "integration-team"
        },
        "connections": {
            "storefront": {
                "baseUrl": "https://dev.store.example.test/api/v2",
                "concurrency": 2,
                "timeoutMs": 20000,
                "apiKey": "dev-sf-4c1d9a77e2"
            },
            "erp": {
                "baseUrl": "https://sandbox.erp.example.test/rest/v1",
                "account": "SBX-118203",
                "concurrency": 1,
                "password": "dev-erp-pass-91"
            },
            "mail": {
                "host": "smtp.dev.internal",
                "from": "orders-dev@example.test"
            }
        },
        "database": {
            "host": "pg.dev.internal",
            "name": "order_sync_dev",
            "pool": 4
        },
        "flows": [
            {
                "id": "orders-to-erp",
                "schedule": "*/5 * * * *",
                "enabled": true,
                "connection": "erp",
                "batchSize": 100,
                "mappings": {
                    "order.number": "externalId",
                    "order.total": "amount",
                    "order.currency": "currencyCode",
                    "order.customer.email": "customerEmail"
                },
                "retry": { "attempts": 5, "backoffMs": 3000 }
            },
            {
                "id": "stock-to-storefront",
                "schedule": "*/30 * * * *",
                "enabled": true,
                "connection": "storefront",
                "batchSize": 500,
                "mappings": { "item.sku": "sku", "item.available": "stockLevel" }
            },
            {
                "id": "returns-to-erp",
                "schedule": "0 * * * *",
                "enabled": true,
                "connection": "erp",
                "batchSize": 50,
                "mappings": { "return.id": "rmaNumber", "return.amount": "creditAmount" }
            }
        ],
        "features": {
            "splitShipments": true,
            "giftCards": true,
            "autoRefunds": false
        },
        "notifications": {
            "onError": ["dev-alerts@example.test"],
            "autoResolve": true
        },
        "logging": { "level": "debug", "retentionDays": 7 }
    })
}

fn qa() -> Value {
    json!({
        "integration": {
            "name": "Storefront ↔ ERP order sync",
            "version": "3.1.4",
            "owner": "integration-team"
        },
        "connections": {
            "storefront": {
                "baseUrl": "https://qa.store.example.test/api/v2",
                "concurrency": 4,
                "timeoutMs": 20000,
                "apiKey": "qa-sf-0b8e3f5512"
            },
            "erp": {
                "baseUrl": "https://sandbox.erp.example.test/rest/v1",
                "account": "SBX-118204",
                "concurrency": 2,
                "password": "qa-erp-pass-37"
            },
            "mail": {
                "host": "smtp.qa.internal",
                "from": "orders-qa@example.test"
            }
        },
        "database": {
            "host": "pg.qa.internal",
            "name": "order_sync_qa",
            "pool": 8
        },
        "flows": [
            {
                "id": "orders-to-erp",
                "schedule": "*/5 * * * *",
                "enabled": true,
                "connection": "erp",
                "batchSize": 100,
                "mappings": {
                    "order.number": "externalId",
                    "order.total": "amount",
                    "order.currency": "currencyCode"
                },
                "retry": { "attempts": 3, "backoffMs": 3000 }
            },
            {
                "id": "stock-to-storefront",
                "schedule": "0 * * * *",
                "enabled": true,
                "connection": "storefront",
                "batchSize": 500,
                "mappings": { "item.sku": "sku", "item.available": "stockLevel" }
            }
        ],
        "features": {
            "splitShipments": true,
            "giftCards": false,
            "autoRefunds": false
        },
        "notifications": {
            "onError": ["qa-alerts@example.test"],
            "autoResolve": true
        },
        "logging": { "level": "info", "retentionDays": 14 }
    })
}

fn production() -> Value {
    json!({
        "integration": {
            "name": "Storefront ↔ ERP order sync",
            "version": "3.0.2",
            "owner": "integration-team"
        },
        "connections": {
            "storefront": {
                "baseUrl": "https://store.example.test/api/v2",
                "concurrency": 8,
                "timeoutMs": 15000,
                "apiKey": "live-sf-e94a20c7b3"
            },
            "erp": {
                "baseUrl": "https://erp.example.test/rest/v1",
                "account": "PRD-550917",
                "concurrency": 4,
                "password": "live-erp-pass-2f8c"
            },
            "mail": {
                "host": "smtp.prod.internal",
                "from": "orders@example.test"
            }
        },
        "database": {
            "host": "pg-primary.prod.internal",
            "name": "order_sync",
            "pool": 20
        },
        "flows": [
            {
                "id": "stock-to-storefront",
                "schedule": "0 * * * *",
                "enabled": true,
                "connection": "storefront",
                "batchSize": 250,
                "mappings": { "item.sku": "sku", "item.available": "stockLevel" }
            },
            {
                "id": "orders-to-erp",
                "schedule": "*/10 * * * *",
                "enabled": true,
                "connection": "erp",
                "batchSize": 100,
                "mappings": {
                    "order.number": "externalId",
                    "order.total": "amount",
                    "order.currency": "currencyCode"
                },
                "retry": { "attempts": 3, "backoffMs": 5000 }
            }
        ],
        "features": {
            "splitShipments": false,
            "giftCards": false,
            "autoRefunds": false
        },
        "notifications": {
            "onError": ["oncall@example.test", "integration-team@example.test"],
            "autoResolve": false
        },
        "logging": { "level": "warn", "retentionDays": 90 }
    })
}

/// The workspace a first run shows: three environments with realistic drift.
pub fn workspace() -> Workspace {
    let mut ws = Workspace::empty();
    ws.environments = vec![
        Environment::new("development", "Development", development()),
        Environment::new("qa", "QA", qa()),
        Environment::new("production", "Production", production()),
    ];
    ws
}

/// A two-environment workspace for benchmarks: `leaves` settings in each,
/// grouped 100 to an object, with every `changed_every`-th value different
/// (so `leaves / changed_every` changes). Ids are `bench-lower` and
/// `bench-upper`.
pub fn synthetic(leaves: usize, changed_every: usize) -> Workspace {
    let step = changed_every.max(1);
    let build = |upper: bool| {
        let mut root = serde_json::Map::new();
        for section in 0..leaves.div_ceil(100) {
            let mut obj = serde_json::Map::new();
            for k in 0..100 {
                let i = section * 100 + k;
                if i >= leaves {
                    break;
                }
                let changed = upper && i % step == 0;
                let value = match i % 3 {
                    0 => json!(if changed {
                        i as u64 * 7 + 1
                    } else {
                        i as u64 * 7
                    }),
                    1 => json!(format!("value-{i}{}", if changed { "-next" } else { "" })),
                    _ => json!(changed ^ (i % 2 == 0)),
                };
                obj.insert(format!("setting{k:02}"), value);
            }
            root.insert(format!("section{section:05}"), Value::Object(obj));
        }
        Value::Object(root)
    };
    let mut ws = Workspace::empty();
    ws.environments = vec![
        Environment::new("bench-lower", "Bench lower", build(true)),
        Environment::new("bench-upper", "Bench upper", build(false)),
    ];
    ws
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_has_the_asked_number_of_changes() {
        use crate::diff::{diff, DiffOptions};
        let ws = synthetic(1_000, 4);
        let (a, b) = (&ws.environments[1].config, &ws.environments[0].config);
        assert_eq!(crate::pointer::leaves(a).len(), 1_000);
        assert_eq!(diff(a, b, &DiffOptions::default()).len(), 250);
    }

    #[test]
    fn demo_has_three_differing_environments() {
        let ws = workspace();
        let names: Vec<_> = ws.environments.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Development", "QA", "Production"]);
        assert_ne!(ws.environments[0].config, ws.environments[1].config);
        assert_ne!(ws.environments[1].config, ws.environments[2].config);
        let back = Workspace::from_json(&ws.to_json().unwrap()).unwrap();
        assert_eq!(back, ws);
    }
}
