//! Peak memory of parse + diff on the two 50k-leaf documents of the diff
//! bench (`make bench-memory`; goal: at most 3x the size of the inputs).
//!
//! Each case runs in a fresh process, so that memory freed by one case
//! cannot hide the next one's. Two figures per case:
//! - *heap*: the most bytes held at once, counted by an allocator wrapper
//!   (what the code asks for, whatever the allocator);
//! - *RSS*: the process's peak resident set above where it stood just
//!   before, so it includes glibc's per-allocation headers and rounding.
//!
//! Cases: `app` reads, parses and drops each text in turn as the app does
//! ([`parse_then_diff`]); `texts-held` keeps both texts for the whole run.
use peakmem_alloc::{PeakMemAlloc, PeakMemAllocTrait, INSTRUMENTED_SYSTEM};
use preflight_core::demo::large::{memory_texts, parse_then_diff};
use preflight_core::diff::{diff, DiffOptions};
use preflight_core::formats::{parse, Format};
use std::alloc::System;
use std::path::{Path, PathBuf};
use std::process::Command;

#[global_allocator]
static HEAP: &PeakMemAlloc<System> = &INSTRUMENTED_SYSTEM;

type Outcome = Result<(), Box<dyn std::error::Error>>;

const CASES: [&str; 2] = ["app", "texts-held"];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench/memory")
}

/// A `/proc/self/status` field in bytes (`VmRSS`, `VmHWM`).
fn status(field: &str) -> Result<usize, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string("/proc/self/status")?;
    let kb = text
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse::<usize>().ok())
        .ok_or_else(|| format!("no {field} in /proc/self/status"))?;
    Ok(kb * 1024)
}

/// One case, in this process: prints `bytes heap rss changes`.
fn run_case(case: &str) -> Outcome {
    let read = |i: usize| std::fs::read_to_string(dir().join(["a.json", "b.json"][i]));
    // Page in the parse and diff code first: it is not memory the inputs cost.
    let warm = |t: &str| parse(t, Format::Json);
    diff(
        &warm(r#"{"a":[{"id":1}],"b":"x"}"#)?,
        &warm(r#"{"a":[{"id":2}],"c":[1]}"#)?,
        &DiffOptions::default(),
    );
    let rss_before = status("VmRSS")?;
    HEAP.reset_peak_memory();
    let (bytes, changes) = match case {
        "app" => parse_then_diff(|i| Ok::<_, Box<dyn std::error::Error>>(read(i)?))?,
        _ => {
            let (ta, tb) = (read(0)?, read(1)?);
            let (a, b) = (parse(&ta, Format::Json)?, parse(&tb, Format::Json)?);
            (
                ta.len() + tb.len(),
                diff(&a, &b, &DiffOptions::default()).len(),
            )
        }
    };
    let heap = HEAP.get_peak_memory();
    let rss = status("VmHWM")?.saturating_sub(rss_before);
    println!("{bytes} {heap} {rss} {changes}");
    Ok(())
}

fn main() -> Outcome {
    if let Ok(case) = std::env::var("PREFLIGHT_MEMORY_CASE") {
        return run_case(&case);
    }
    std::fs::create_dir_all(dir())?;
    let (a, b) = memory_texts();
    std::fs::write(dir().join("a.json"), a)?;
    std::fs::write(dir().join("b.json"), b)?;
    let mut report = String::new();
    for case in CASES {
        let out = Command::new(std::env::current_exe()?)
            .env("PREFLIGHT_MEMORY_CASE", case)
            .output()?;
        let line = String::from_utf8_lossy(&out.stdout);
        let n: Vec<f64> = line
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        let [bytes, heap, rss, changes] = n[..] else {
            return Err(format!(
                "case {case} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        };
        let mb = |x: f64| x / 1_048_576.0;
        report += &format!(
            "{case:<10} input {:.1} MiB, {changes} changes: heap peak {:.1} MiB = {:.2}x, RSS peak {:.1} MiB = {:.2}x\n",
            mb(bytes),
            mb(heap),
            heap / bytes,
            mb(rss),
            rss / bytes
        );
    }
    print!("{report}");
    std::fs::write(dir().join("figures.txt"), report)?;
    Ok(())
}
