//! The built-in checklist templates.
//!
//! The texts are our own. Codes are given per category prefix in the order
//! items are listed (`GEN-01`, `GEN-02`, ...), so adding an item never
//! means renumbering by hand. Items that guard the production gate
//! (security, backups, rollback, the go/no-go decision) have
//! `gates_promotion` set.

use super::{Checklist, Item, Timeframe};
use serde::{Deserialize, Serialize};

/// A built-in template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Template {
    /// Eight weeks of preparation for a website or application go-live.
    GoLivePreparation,
    /// Moving an integration platform from its sandbox into production.
    SandboxCutover,
}

/// One template row: timeframe index, category, name, description, gates.
type Row = (usize, &'static str, &'static str, &'static str, bool);

/// A template's data: timeframes, category prefixes and rows.
type Parts = (
    &'static [(&'static str, i32)],
    &'static [(&'static str, &'static str)],
    &'static [Row],
);

impl Template {
    /// Every template, in the order the "new checklist" menu lists them.
    pub const ALL: [Template; 2] = [Template::GoLivePreparation, Template::SandboxCutover];

    /// The template's title, also the new checklist's default name.
    pub fn title(self) -> &'static str {
        match self {
            Template::GoLivePreparation => "Go-live preparation",
            Template::SandboxCutover => "Sandbox to production cutover",
        }
    }

    /// A one-line summary for the template picker.
    pub fn summary(self) -> &'static str {
        match self {
            Template::GoLivePreparation => {
                "Eight weeks of infrastructure, security, testing, data, SEO and training work, up to go-live day."
            }
            Template::SandboxCutover => {
                "User acceptance testing, permissions, documentation and the cutover of an integration platform."
            }
        }
    }

    /// A fresh checklist from this template: every item To do, no go-live
    /// date yet.
    pub fn build(self, id: impl Into<String>) -> Checklist {
        let (timeframes, prefixes, rows): Parts = match self {
            Template::GoLivePreparation => (GO_LIVE_TIMEFRAMES, GO_LIVE_PREFIXES, GO_LIVE_ROWS),
            Template::SandboxCutover => (CUTOVER_TIMEFRAMES, CUTOVER_PREFIXES, CUTOVER_ROWS),
        };
        let mut checklist = Checklist::blank(id, self.title());
        checklist.timeframes = timeframes
            .iter()
            .map(|&(name, offset)| Timeframe::new(name, offset))
            .collect();
        let mut numbers = vec![0u32; prefixes.len()];
        for &(timeframe, category, name, description, gates) in rows {
            let slot = prefixes
                .iter()
                .position(|&(c, _)| c == category)
                .unwrap_or(0);
            numbers[slot] += 1;
            let prefix = prefixes.get(slot).map_or("ITM", |&(_, p)| p);
            checklist.items.push(Item {
                description: description.to_owned(),
                gates_promotion: gates,
                ..Item::new(
                    format!("{prefix}-{:02}", numbers[slot]),
                    category,
                    name,
                    timeframe,
                )
            });
        }
        // Rows are listed by timeframe already; this only guards edits.
        checklist.items.sort_by_key(|i| i.timeframe);
        checklist
    }
}

const GO_LIVE_TIMEFRAMES: &[(&str, i32)] = &[
    ("Eight weeks before", -56),
    ("Four weeks before", -28),
    ("Two weeks before", -14),
    ("Go-live day", 0),
];

const GO_LIVE_PREFIXES: &[(&str, &str)] = &[
    ("General", "GEN"),
    ("Infrastructure", "INF"),
    ("Application", "APP"),
    ("Security", "SEC"),
    ("Testing", "TST"),
    ("Data", "DAT"),
    ("SEO", "SEO"),
    ("Training", "TRN"),
];

const GO_LIVE_ROWS: &[Row] = &[
    // Eight weeks before
    (0, "General", "Share the go-live plan",
     "Send the plan (date, scope, owners, key milestones) to the project team, operations, support and the business sponsors, and say where updates will be posted.", false),
    (0, "General", "Agree the rollback strategy",
     "Decide how the release is undone if go-live fails: what is rolled back, who takes the decision, and how long it takes. Rehearse it at least once.", true),
    (0, "Infrastructure", "Draw the network diagram",
     "Keep a current diagram of load balancers, application nodes, databases, queues and every external endpoint. It is the map everyone reads on the day and when something breaks.", false),
    (0, "Infrastructure", "Map third-party connections and routing",
     "List every third-party system the platform talks to: direction, protocol, the route it takes (VPN, private link, public internet) and who owns each end.", false),
    (0, "Infrastructure", "Decide the DNS strategy",
     "Decide which DNS records change at go-live, lower their TTL well in advance, and agree who can reach the DNS provider on the day.", false),
    (0, "Security", "Plan denial-of-service (DoS) protection",
     "Choose the DoS protection (CDN, web application firewall or the provider's shielding) and agree rate limits for the public endpoints.", false),
    (0, "Security", "Keep secrets out of config and git",
     "Check that no passwords, API keys, tokens or private keys sit in config files or anywhere in the git history. Move them into the secret store.", true),
    (0, "Security", "Legal and GDPR review",
     "Have legal review the privacy notice, cookie consent, data processing agreements and retention periods before real personal data arrives.", true),
    (0, "Application", "Upgrade dependencies",
     "Move frameworks and libraries to supported versions now, while there is still time to test the upgrade properly.", false),
    (0, "Testing", "Plan the acceptance tests",
     "Write the acceptance scenarios with the business users who will sign off, and agree what counts as a pass.", false),
    (0, "Data", "Plan the data migration",
     "List every data set to move with its source, owner, volume and transformation rules, and schedule trial runs.", false),
    (0, "SEO", "Map SEO redirects",
     "List every old URL that changes and map it to its new address with a permanent (301) redirect, so search rankings and bookmarks survive.", false),
    (0, "Training", "Plan internal training",
     "Train the support and operations teams on the new system, its runbooks and its escalation paths.", false),
    // Four weeks before
    (1, "Infrastructure", "Set up DNS records",
     "Create the production DNS records and TLS certificates ahead of time, ready to switch, and check them while the TTL is still low.", false),
    (1, "Infrastructure", "Allow-list proxies and firewalls",
     "Get the production addresses allow-listed on corporate proxies, partner firewalls and third-party APIs. Some partners need weeks, so ask early.", false),
    (1, "Infrastructure", "Track IP addresses",
     "Record every public and outbound IP address the platform uses, so partners can allow-list them and any change can be traced.", false),
    (1, "Infrastructure", "Create the production database",
     "Provision the production database with the agreed size, encryption, maintenance window and automated backups. Prove a restore works.", true),
    (1, "Infrastructure", "Configure log rotation",
     "Rotate and ship application and web server logs so disks never fill up, and keep them for the agreed period.", false),
    (1, "Infrastructure", "Set up performance monitoring and alerting",
     "Watch response times, error rates and resource use in production, with alerts that reach a person on call.", true),
    (1, "Application", "Apply security updates",
     "Install outstanding security patches for the operating system, runtime and libraries, and scan the dependencies for known vulnerabilities.", true),
    (1, "Application", "Define the environment variables",
     "Document every environment variable production needs and where its value comes from, then set them in the production environment.", false),
    (1, "Application", "Finish translations and emails",
     "Complete the translations for every supported language, including transactional email templates, and review them in context.", false),
    (1, "Security", "Create per-environment service accounts",
     "Give each environment its own service accounts and credentials, so a leaked test key can never open production.", false),
    (1, "Security", "Rotate secrets",
     "Rotate every secret that was used during development or shared during the project, and write down how to rotate them again.", true),
    (1, "Security", "Restrict administrator access",
     "Limit admin access to named people, require strong authentication, and remove accounts nobody needs any more.", true),
    (1, "Testing", "Run deployment tests",
     "Deploy to a production-like environment with the real pipeline and scripts, end to end, and time it.", false),
    (1, "Testing", "Run payment tests",
     "Test every payment method, refunds and failure cases against the provider's test mode, and plan one small live transaction.", false),
    (1, "Testing", "Run load and stress tests",
     "Replay the expected peak traffic, then push beyond it to find the breaking point. Record the figures.", false),
    (1, "Testing", "Run a penetration test",
     "Have an independent tester probe the production-like setup, and fix every finding that blocks go-live.", true),
    (1, "Data", "Rehearse the data migration",
     "Run the full migration against a copy of the real data, check record counts, spot-check records, and time it.", false),
    (1, "SEO", "Generate the sitemap",
     "Produce sitemap.xml for the new URL structure, ready to submit to search engines after go-live.", false),
    (1, "SEO", "Prepare robots.txt",
     "Write the production robots.txt, and make sure the staging rule that blocks all crawlers is not carried over.", false),
    (1, "SEO", "Add the favicon and app icons",
     "Add the favicon and touch icons in the sizes browsers and devices ask for.", false),
    (1, "Training", "Brief external partners",
     "Give external training to partners, resellers and agencies on what changes for them and when.", false),
    // Two weeks before
    (2, "General", "Start the code freeze",
     "From now on only fixes for go-live blockers are merged, and the release manager agrees every exception.", false),
    (2, "General", "Hold the go/no-go review",
     "Go through open risks, test results and this checklist with the decision makers, and record a go or no-go decision.", true),
    (2, "General", "Staff the go-live support team",
     "Name who is on duty before, during and after the switch, with phone numbers and the escalation order.", false),
    (2, "General", "Write the go-live-day runbook",
     "Write the plan for the day step by step: who does what and when, the checkpoints, and the point of no return.", true),
    (2, "General", "Agree the communication plan",
     "Decide who tells customers, staff and partners what and when; prepare the messages and the status page updates.", false),
    (2, "Infrastructure", "Switch third-party systems to production mode",
     "Point payment, email, analytics and other third-party services at their production accounts and keys.", false),
    (2, "Infrastructure", "Verify backups with a test restore",
     "Restore the latest production backup into a separate environment and check it is complete, so a rollback can rely on it.", true),
    (2, "Application", "Disable destructive pipelines",
     "Make sure no CI/CD job can reset, reseed or drop the production database; remove or guard such pipelines.", true),
    (2, "Testing", "Complete acceptance testing",
     "Run the acceptance scenarios on the release candidate and get written sign-off from the business.", true),
    (2, "Data", "Run analytics on a read replica",
     "Send reporting and analytics queries to a read replica so they never slow down the production database.", false),
    (2, "Data", "Import the real data",
     "Import the real master data (products, customers, prices) into production and have each data owner check it.", false),
    (2, "Training", "Prepare customer training",
     "Publish guides, short videos or FAQs for customers, and brief the service desk on the questions likely to come first.", false),
    // Go-live day
    (3, "Data", "Run the final data migration",
     "Run the final migration in the agreed window and reconcile the record counts with the source system.", false),
    (3, "Data", "Remove demo data and default users",
     "Delete demo content, test orders and default or shared accounts such as admin/admin before anyone outside the team gets in.", true),
    (3, "Infrastructure", "Switch DNS to production",
     "Change the DNS records to point at production and watch the change propagate.", false),
    (3, "Infrastructure", "Watch the monitoring",
     "Keep the dashboards open for the first hours and agree the thresholds that trigger the rollback.", false),
    (3, "Testing", "Smoke-test production",
     "Run the main user journeys on production right after the switch, including one real payment.", false),
    (3, "Application", "Lift email restrictions",
     "Remove the sandbox rule that only delivers email to the team, so customers receive their emails.", false),
    (3, "Security", "Remove basic auth",
     "Take down the basic auth or IP restriction that kept the site private before launch.", false),
    (3, "SEO", "Submit the sitemap and check indexing",
     "Submit the sitemap, confirm robots.txt allows crawling, and spot-check that the old URLs answer with 301 redirects.", false),
    (3, "General", "Announce the go-live",
     "Follow the communication plan: tell customers, staff and partners that the new system is live and where to get help.", false),
    (3, "General", "Keep the old system up for 72 hours",
     "Leave the previous system running, read-only if possible, for at least 72 hours in case a rollback or a lookup is needed.", false),
];

const CUTOVER_TIMEFRAMES: &[(&str, i32)] = &[
    ("Four weeks before", -28),
    ("Two weeks before", -14),
    ("One week before", -7),
    ("Cutover day", 0),
];

const CUTOVER_PREFIXES: &[(&str, &str)] = &[
    ("UAT", "UAT"),
    ("Permissions", "PRM"),
    ("Documentation", "DOC"),
    ("Help", "HLP"),
    ("Cutover", "CUT"),
];

const CUTOVER_ROWS: &[Row] = &[
    // Four weeks before: the UAT plan
    (0, "UAT", "Involve super-users",
     "Ask the people who use the processes every day to run the tests: they know the odd cases the project team does not.", false),
    (0, "UAT", "Review settings and mappings first",
     "Before testing any flow, check connection settings, field mappings and lookup tables against what production needs. Most UAT failures start here.", false),
    (0, "UAT", "Test complex multi-step scenarios with production-like data",
     "Run end-to-end scenarios that span several steps and systems, with data shaped like production: real volumes, special characters, incomplete records.", false),
    (0, "UAT", "Retest until results are consistent",
     "Repeat failed and fixed scenarios until they pass several times in a row. One lucky run is not a pass.", true),
    (0, "UAT", "Check every scheduled job's frequency",
     "List every scheduled job and confirm its frequency and time zone suit production rather than the test cadence.", false),
    // Two weeks before: permissions, documentation, help
    (1, "Permissions", "Apply least privilege",
     "Give each person and each integration account only the rights it needs in production.", true),
    (1, "Permissions", "Turn on the audit log",
     "Make sure every change in production is recorded with who made it and when, and that someone knows where to read it.", false),
    (1, "Permissions", "Enforce MFA and SSO",
     "Require multi-factor authentication and single sign-on for every production login.", true),
    (1, "Documentation", "Document the production setup",
     "Write down the environments, connections, schedules and the owner of every credential as they will be in production.", false),
    (1, "Documentation", "Document the cutover steps",
     "Write the cutover steps in order, with an owner for each, so anyone on the team can follow them.", false),
    (1, "Help", "Know where to get help",
     "Collect the vendor support contacts, the support plan level, community forums and internal experts, and share the list with the team.", false),
    (1, "Help", "Agree the escalation path",
     "Agree who to call, and in which order, if the cutover runs into trouble outside office hours.", false),
    // One week before: cutover preparation
    (2, "Cutover", "Clone the sandbox into production first",
     "Create production as a clone of the tested sandbox, so both share one structure and future pulls from the sandbox apply cleanly.", false),
    (2, "Cutover", "Set connection concurrency",
     "Set how many parallel connections each integration may open in production, so partner systems are not overloaded.", false),
    (2, "Cutover", "Dedicate connections to high-priority flows",
     "Give business-critical flows their own connections, so bulk jobs can never starve them.", false),
    (2, "Cutover", "Configure error notifications and auto-resolve",
     "Send integration errors to a monitored channel, and let transient errors resolve themselves after a successful retry so the alerts stay meaningful.", false),
    // Cutover day
    (3, "Cutover", "Take a snapshot before go-live",
     "Snapshot the production configuration right before the switch, so it can be compared or rolled back.", true),
    (3, "Cutover", "Switch on the production flows",
     "Enable the scheduled jobs and flows in production in the agreed order, and watch their first runs.", false),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_a_known_category_and_timeframe() {
        for (rows, prefixes, frames) in [
            (GO_LIVE_ROWS, GO_LIVE_PREFIXES, GO_LIVE_TIMEFRAMES),
            (CUTOVER_ROWS, CUTOVER_PREFIXES, CUTOVER_TIMEFRAMES),
        ] {
            for row in rows {
                assert!(prefixes.iter().any(|(c, _)| *c == row.1), "{}", row.2);
                assert!(row.0 < frames.len(), "{}", row.2);
            }
        }
    }
}
