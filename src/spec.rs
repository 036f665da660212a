//! Batch spec files (YAML, TOML, JSON) describing many jobs and their dependencies, for
//! `hailctl batch submit --file` (issue 5).
