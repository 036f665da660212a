//! Resource requests of a job (`batch-api.md` §3.7, `batch-semantics.md` §6.5): parsing of the
//! `cpu` / `memory` / `storage` strings, the validity rule for cpu, pool selection with Hail's
//! GCP n1 worker table, job-private machine types, and the normalised numbers stored in the job
//! spec (`cores_mcpu`, `memory_bytes`, `storage_gib`) together with the instance collection name.
//!
//! The error messages that mention the job (`bad resource request for job (b, j)...`) are built
//! by [`crate::server::api::spec`], which knows the ids; this module only computes.

use std::sync::LazyLock;

use regex::Regex;

/// Hail's cpu pattern, as printed in `must match regex:` messages.
pub(crate) const CPU_PATTERN: &str = r"[+]?((?:[0-9]*[.])?[0-9]+)([m])?";
/// Hail's memory and storage pattern, as printed in `must match regex:` messages.
pub(crate) const MEMORY_PATTERN: &str = r"[+]?((?:[0-9]*[.])?[0-9]+)([KMGTP][i]?)?B?";

/// Full-match versions of the patterns (Python's `re.fullmatch`).
pub(crate) static CPU_RE: LazyLock<Regex> = LazyLock::new(|| anchored(CPU_PATTERN));
pub(crate) static MEMORY_RE: LazyLock<Regex> = LazyLock::new(|| anchored(MEMORY_PATTERN));

fn anchored(pattern: &str) -> Regex {
    // The patterns are constants known to compile; a failure here is a programming error.
    Regex::new(&format!("^(?:{pattern})$")).expect("constant regex")
}

/// Default cpu request when `resources.cpu` is absent (a deployment setting in Hail).
pub(crate) const DEFAULT_CPU: &str = "1";
/// Default memory request when `resources.memory` is absent.
pub(crate) const DEFAULT_MEMORY: &str = "standard";
/// Default storage request when `resources.storage` is absent.
pub(crate) const DEFAULT_STORAGE: &str = "0Gi";
/// Cores of a pool worker in the default deployment (16-core n1 workers).
pub(crate) const DEFAULT_WORKER_CORES: i64 = 16;

const MIB: i64 = 1024 * 1024;
const GIB: i64 = 1024 * MIB;

/// Parses a cpu string to millicores: `"0.25"` and `"250m"` → 250, `"1"` → 1000
/// (⌊number × 1000⌋, after ÷ 1000 for the `m` suffix). `None` if the pattern does not match.
pub(crate) fn parse_cpu_mcpu(cpu: &str) -> Option<i64> {
    let caps = CPU_RE.captures(cpu)?;
    let mut number: f64 = caps.get(1)?.as_str().parse().ok()?;
    if caps.get(2).is_some() {
        number /= 1000.0;
    }
    // `as` saturates on overflow, so absurd inputs cannot panic.
    Some((number * 1000.0) as i64)
}

/// Parses a memory or storage string to bytes: ⌈number × unit⌉ with SI (`K` = 10³ … `P` =
/// 10¹⁵) or binary (`Ki` = 2¹⁰ … `Pi` = 2⁵⁰) units and an optional trailing `B`; no unit means
/// bytes. `None` if the pattern does not match (including `lowmem` / `standard` / `highmem`).
pub(crate) fn parse_memory_bytes(memory: &str) -> Option<i64> {
    let caps = MEMORY_RE.captures(memory)?;
    let number: f64 = caps.get(1)?.as_str().parse().ok()?;
    let factor: f64 = match caps.get(2).map(|m| m.as_str()) {
        None => 1.0,
        Some("K") => 1e3,
        Some("M") => 1e6,
        Some("G") => 1e9,
        Some("T") => 1e12,
        Some("P") => 1e15,
        Some("Ki") => 1024f64,
        Some("Mi") => 1024f64.powi(2),
        Some("Gi") => 1024f64.powi(3),
        Some("Ti") => 1024f64.powi(4),
        Some("Pi") => 1024f64.powi(5),
        Some(_) => return None,
    };
    Some((number * factor).ceil() as i64)
}

/// Hail's `is_valid_cores_mcpu`: positive and a power-of-two number of quarter cores.
pub(crate) fn is_valid_cores_mcpu(mcpu: i64) -> bool {
    if mcpu <= 0 {
        return false;
    }
    let quarter = mcpu.saturating_mul(4);
    if quarter % 1000 != 0 {
        return false;
    }
    let q = quarter / 1000;
    q & (q - 1) == 0
}

/// A worker family of the pools (GCP n1 names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WorkerType {
    /// `highcpu`: 924 MiB per core (named memory `lowmem`).
    Highcpu,
    /// `standard`: 3840 MiB per core (named memory `standard`).
    Standard,
    /// `highmem`: 6656 MiB per core (named memory `highmem`).
    Highmem,
}

impl WorkerType {
    /// All worker types, cheapest per core first (the tie-break order of the cost choice).
    pub(crate) const ALL: [WorkerType; 3] = [
        WorkerType::Highcpu,
        WorkerType::Standard,
        WorkerType::Highmem,
    ];

    /// The worker type selected by a named memory request.
    pub(crate) fn from_memory_name(name: &str) -> Option<WorkerType> {
        match name {
            "lowmem" => Some(WorkerType::Highcpu),
            "standard" => Some(WorkerType::Standard),
            "highmem" => Some(WorkerType::Highmem),
            _ => None,
        }
    }

    /// The family name (`highcpu`, `standard`, `highmem`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            WorkerType::Highcpu => "highcpu",
            WorkerType::Standard => "standard",
            WorkerType::Highmem => "highmem",
        }
    }

    /// Memory granted per core, in bytes.
    pub(crate) fn memory_per_core_bytes(self) -> i64 {
        match self {
            WorkerType::Highcpu => 924 * MIB,
            WorkerType::Standard => 3840 * MIB,
            WorkerType::Highmem => 6656 * MIB,
        }
    }

    /// Relative hourly price of one core with its memory (GCP n1 on-demand vCPU and GiB rates),
    /// used only to pick the cheapest pool for a numeric memory request.
    fn cost_per_core(self) -> f64 {
        const VCPU: f64 = 0.031_611;
        const GIB_HOUR: f64 = 0.004_237;
        VCPU + GIB_HOUR * (self.memory_per_core_bytes() as f64 / GIB as f64)
    }

    /// Pool (instance collection) name: the family, with `-np` when not preemptible.
    pub(crate) fn pool_name(self, preemptible: bool) -> String {
        if preemptible {
            self.as_str().to_owned()
        } else {
            format!("{}-np", self.as_str())
        }
    }
}

/// Rounds millicores up to a power-of-two number of cores, at least 0.25
/// (`adjust_cores_for_packability`).
pub(crate) fn pack_cores_mcpu(mcpu: i64) -> i64 {
    let mut cores = 250i64;
    while cores < mcpu {
        cores = cores.saturating_mul(2);
    }
    cores
}

/// Cores (millicores) a pool of `worker` grants for the request, and the memory that comes with
/// them: max(requested, ⌈memory ÷ memory-per-core⌉), packed to a power of two.
pub(crate) fn pool_grant(
    worker: WorkerType,
    req_mcpu: i64,
    req_memory_bytes: Option<i64>,
) -> (i64, i64) {
    let per_core = i128::from(worker.memory_per_core_bytes());
    let for_memory = req_memory_bytes.map_or(0, |m| {
        let need = i128::from(m.max(0)) * 1000;
        i64::try_from((need + per_core - 1) / per_core).unwrap_or(i64::MAX)
    });
    let mcpu = pack_cores_mcpu(req_mcpu.max(for_memory));
    let memory = i128::from(mcpu) * per_core / 1000;
    (mcpu, i64::try_from(memory).unwrap_or(i64::MAX))
}

/// Largest storage a job may request, in GiB (64 TiB on GCP, 32 TiB on Azure).
pub(crate) fn max_storage_gib(cloud: &str) -> i64 {
    if cloud == "azure" {
        32 * 1024
    } else {
        64 * 1024
    }
}

/// Storage granted, in whole GiB: 0 stays 0 on pools (`zero_allowed`), anything else is raised
/// to at least 10 GiB and rounded up.
pub(crate) fn storage_gib(bytes: i64, zero_allowed: bool) -> i64 {
    if bytes <= 0 && zero_allowed {
        return 0;
    }
    let bytes = bytes.max(0);
    let gib = bytes / GIB + i64::from(bytes % GIB != 0);
    gib.max(10)
}

/// A job-private machine type: cores and memory of the VM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MachineShape {
    /// Cores of the machine.
    pub cores: i64,
    /// Memory of the machine in bytes.
    pub memory_bytes: i64,
}

/// Looks up a GCP machine type of `batch-api.md` §3.7. Memory follows the GCP families
/// (n1: 3840 / 6656 / 924 MiB per core; n2 and g2: 4 / 8 / 1 GiB per core; a2: the published
/// totals). `None` for an unknown type or another cloud.
pub(crate) fn machine_shape(cloud: &str, machine_type: &str) -> Option<MachineShape> {
    if cloud != "gcp" {
        return None;
    }
    let shape = |cores: i64, memory_bytes: i64| {
        Some(MachineShape {
            cores,
            memory_bytes,
        })
    };
    let base = machine_type.strip_suffix("+nvidia-tesla-t4+1");
    let (name, gpu_suffix) = match base {
        Some(b) => (b, true),
        None => (machine_type, false),
    };
    let parts: Vec<&str> = name.split('-').collect();
    let [family, kind, size] = parts.as_slice() else {
        return None;
    };
    if gpu_suffix && *family != "n1" {
        return None;
    }
    let allowed: &[i64] = match (*family, *kind) {
        ("n1", "standard") => &[1, 2, 4, 8, 16, 32, 64],
        ("n1", "highmem" | "highcpu") => &[2, 4, 8, 16, 32, 64, 96],
        ("n2", "standard" | "highmem") => &[2, 4, 8, 16, 32, 48, 64, 80, 96, 128],
        ("n2", "highcpu") => &[2, 4, 8, 16, 32, 48, 64, 80, 96],
        ("g2", "standard") => &[4, 8, 12, 16, 24, 32, 48, 96],
        ("a2", "highgpu") => &[1, 2, 4, 8],
        ("a2", "megagpu") => &[16],
        ("a2", "ultragpu") => &[1, 2, 4, 8],
        _ => return None,
    };
    let n: i64 = if *family == "a2" {
        size.strip_suffix('g')?.parse().ok()?
    } else {
        size.parse().ok()?
    };
    // Reject spellings such as `n1-standard-08` that parse to an allowed number.
    let canonical = if *family == "a2" {
        format!("{n}g")
    } else {
        n.to_string()
    };
    if !allowed.contains(&n) || canonical != *size {
        return None;
    }
    match (*family, *kind) {
        ("n1", k) => {
            let worker = WorkerType::from_memory_name(match k {
                "highcpu" => "lowmem",
                other => other,
            })?;
            shape(n, n * worker.memory_per_core_bytes())
        }
        ("n2" | "g2", "standard") => shape(n, n * 4 * GIB),
        ("n2", "highmem") => shape(n, n * 8 * GIB),
        ("n2", "highcpu") => shape(n, n * GIB),
        ("a2", "highgpu") => shape(12 * n, 85 * n * GIB),
        ("a2", "megagpu") => shape(96, 1360 * GIB),
        ("a2", "ultragpu") => shape(12 * n, 170 * n * GIB),
        _ => None,
    }
}

/// Memory request of a pool job: a worker family by name, or a byte count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MemoryRequest {
    /// `lowmem` / `standard` / `highmem`.
    Named(WorkerType),
    /// A byte quantity (`"5Gi"`).
    Bytes(i64),
}

/// Picks the pool for a job without `machine_type`: the named family, or for a byte request the
/// cheapest family whose worker can hold it. Returns the worker type and the granted
/// `(cores_mcpu, memory_bytes)`, or `None` when no pool fits (unsatisfiable).
pub(crate) fn select_pool(
    req_mcpu: i64,
    memory: MemoryRequest,
    worker_cores: i64,
) -> Option<(WorkerType, i64, i64)> {
    let max_mcpu = worker_cores.saturating_mul(1000);
    let candidates: &[WorkerType] = match memory {
        MemoryRequest::Named(w) => match w {
            WorkerType::Highcpu => &[WorkerType::Highcpu],
            WorkerType::Standard => &[WorkerType::Standard],
            WorkerType::Highmem => &[WorkerType::Highmem],
        },
        MemoryRequest::Bytes(_) => &WorkerType::ALL,
    };
    let bytes = match memory {
        MemoryRequest::Named(_) => None,
        MemoryRequest::Bytes(b) => Some(b),
    };
    let mut best: Option<(WorkerType, i64, i64, f64)> = None;
    for &w in candidates {
        let (mcpu, mem) = pool_grant(w, req_mcpu, bytes);
        if mcpu > max_mcpu {
            continue;
        }
        let cost = mcpu as f64 * w.cost_per_core();
        if best.is_none_or(|b| cost < b.3) {
            best = Some((w, mcpu, mem, cost));
        }
    }
    best.map(|(w, mcpu, mem, _)| (w, mcpu, mem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cpu() {
        let cases = [
            ("1", Some(1000)),
            ("0.25", Some(250)),
            ("250m", Some(250)),
            ("+2", Some(2000)),
            (".5", Some(500)),
            ("1.5", Some(1500)),
            ("1m", Some(1)),
            ("abc", None),
            ("1 ", None),
            ("-1", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_cpu_mcpu(s), want, "{s}");
        }
    }

    #[test]
    fn parses_memory() {
        let cases = [
            ("100", Some(100)),
            ("1K", Some(1000)),
            ("1Ki", Some(1024)),
            ("1KiB", Some(1024)),
            ("1.5Gi", Some(1_610_612_736)),
            ("2Gi", Some(2_147_483_648)),
            ("10Gi", Some(10_737_418_240)),
            ("0.1", Some(1)),
            ("1P", Some(1_000_000_000_000_000)),
            ("standard", None),
            ("1Gb", None),
            ("", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_memory_bytes(s), want, "{s}");
        }
    }

    #[test]
    fn validates_cores() {
        for ok in [250, 500, 1000, 2000, 4000, 16000, 64000] {
            assert!(is_valid_cores_mcpu(ok), "{ok}");
        }
        for bad in [0, -250, 100, 750, 1500, 3000, 1001] {
            assert!(!is_valid_cores_mcpu(bad), "{bad}");
        }
    }

    #[test]
    fn selects_pools() {
        let gib = |x: f64| (x * GIB as f64) as i64;
        // Named memory: the family is fixed.
        assert_eq!(
            select_pool(1000, MemoryRequest::Named(WorkerType::Standard), 16),
            Some((WorkerType::Standard, 1000, 4_026_531_840))
        );
        assert_eq!(
            select_pool(250, MemoryRequest::Named(WorkerType::Highcpu), 16),
            Some((WorkerType::Highcpu, 250, 242_221_056))
        );
        // Cheapest family (Hail's test_pool_*_instance_cheapest).
        let pick = |mcpu, mem| select_pool(mcpu, MemoryRequest::Bytes(mem), 16).map(|p| p.0);
        assert_eq!(pick(1000, gib(5.0)), Some(WorkerType::Highmem));
        assert_eq!(pick(1000, gib(2.5)), Some(WorkerType::Standard));
        assert_eq!(pick(250, 50 * MIB), Some(WorkerType::Highcpu));
        // Cores raised for memory, then packed: 10 GiB on highmem needs 2 cores.
        assert_eq!(
            select_pool(1000, MemoryRequest::Bytes(gib(10.0)), 16),
            Some((WorkerType::Highmem, 2000, 2 * 6656 * MIB))
        );
        // Unsatisfiable.
        assert_eq!(
            select_pool(32_000, MemoryRequest::Named(WorkerType::Standard), 16),
            None
        );
        assert_eq!(
            select_pool(1000, MemoryRequest::Bytes(gib(200.0)), 16),
            None
        );
        assert_eq!(pack_cores_mcpu(1), 250);
        assert_eq!(pack_cores_mcpu(3000), 4000);
    }

    #[test]
    fn storage_rounding() {
        assert_eq!(storage_gib(0, true), 0);
        assert_eq!(storage_gib(0, false), 10);
        assert_eq!(storage_gib(1, true), 10);
        assert_eq!(storage_gib(10 * GIB, true), 10);
        assert_eq!(storage_gib(20 * GIB + 1, true), 21);
        assert_eq!(max_storage_gib("gcp"), 65_536);
    }

    #[test]
    fn machine_types() {
        let cases = [
            ("n1-standard-8", Some((8, 8 * 3840 * MIB))),
            ("n1-highmem-2+nvidia-tesla-t4+1", Some((2, 2 * 6656 * MIB))),
            ("n1-highcpu-96", Some((96, 96 * 924 * MIB))),
            ("n2-highmem-128", Some((128, 1024 * GIB))),
            ("g2-standard-12", Some((12, 48 * GIB))),
            ("a2-highgpu-2g", Some((24, 170 * GIB))),
            ("a2-megagpu-16g", Some((96, 1360 * GIB))),
            ("n1-standard-3", None),
            ("n1-standard-08", None),
            ("n1-highcpu-1", None),
            ("n2-standard-2+nvidia-tesla-t4+1", None),
            ("e2-medium", None),
            ("", None),
        ];
        for (mt, want) in cases {
            let got = machine_shape("gcp", mt).map(|s| (s.cores, s.memory_bytes));
            assert_eq!(got, want, "{mt}");
        }
        assert_eq!(machine_shape("azure", "n1-standard-8"), None);
    }
}
