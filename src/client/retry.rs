//! Hail's retry policy for transient errors (`retry_transient_errors`, reference §7.2), with one
//! deliberate difference: a total deadline.
//!
//! Hail retries transient errors forever, so with no network the Python tool hangs. Here every
//! retried call stops once the next attempt would start later than [`RetryPolicy::deadline`]
//! after the first one (default [`DEFAULT_DEADLINE`], overridable with
//! [`DEADLINE_ENV_VAR`]), and fails with an error naming the URL and the last error.
//!
//! The schedule is Hail's: after the n-th failure the delay is a uniformly random duration in
//! `[c/2, c]` with `c = base × 2^n` (base 1 s), capped at 60 s.

use std::time::Duration;

use rand::Rng;

use crate::env::Env;

/// The environment variable that overrides the retry deadline, in seconds (a decimal number;
/// `0` disables retries).
pub(crate) const DEADLINE_ENV_VAR: &str = "HAILCTL_RETRY_DEADLINE_SECONDS";

/// The default total time a request may keep being retried.
pub(crate) const DEFAULT_DEADLINE: Duration = Duration::from_secs(120);

/// When and for how long failed requests are retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// `c` for the first failure is `2 × base`; Hail's base is 1 s.
    pub base: Duration,
    /// No single delay is longer than this (Hail: 60 s).
    pub cap: Duration,
    /// No retry starts later than this after the first attempt.
    pub deadline: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            base: Duration::from_secs(1),
            cap: Duration::from_secs(60),
            deadline: DEFAULT_DEADLINE,
        }
    }
}

/// A value of [`DEADLINE_ENV_VAR`] that is not a non-negative number of seconds.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{DEADLINE_ENV_VAR}={0:?} is not a non-negative number of seconds")]
pub struct BadDeadline(pub String);

impl RetryPolicy {
    /// Hail's schedule with the deadline from [`DEADLINE_ENV_VAR`] if it is set and non-empty.
    pub fn from_env(env: &Env) -> Result<RetryPolicy, BadDeadline> {
        let mut policy = RetryPolicy::default();
        if let Some(text) = env.get(DEADLINE_ENV_VAR).filter(|t| !t.trim().is_empty()) {
            policy.deadline = text
                .trim()
                .parse::<f64>()
                .ok()
                .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
                .ok_or(BadDeadline(text))?;
        }
        Ok(policy)
    }

    /// The range `[c/2, c]` (each end capped) from which the delay after the `failures`-th
    /// failure is drawn.
    pub fn delay_bounds(&self, failures: u32) -> (Duration, Duration) {
        // Hail stops doubling at 2^30; the cap is reached long before.
        let c = self.base.saturating_mul(1u32 << failures.min(30));
        ((c / 2).min(self.cap), c.min(self.cap))
    }

    /// A random delay for the `failures`-th failure (1-based), uniform in [`Self::delay_bounds`]
    /// at millisecond precision like Hail's `random.randint`.
    pub fn delay(&self, failures: u32) -> Duration {
        let (low, high) = self.delay_bounds(failures);
        let (low_us, high_us) = (low.as_micros(), high.as_micros());
        if high_us <= low_us {
            return high;
        }
        let picked = rand::rng().random_range(low_us..=high_us);
        Duration::from_micros(u64::try_from(picked).unwrap_or(u64::MAX))
    }
}

/// How a failed call is treated by the retry loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Retry {
    /// Transient: retried, with Hail's warning on the second failure.
    Transient,
    /// Rate limited (429, 403 `rateLimitExceeded`): retried silently.
    RateLimited,
    /// Hail's "limited retries" errors: retried up to 5 failures.
    Limited,
    /// Raised at once.
    Never,
}

/// The classification of an HTTP error status with its body, per §7.2.
pub(crate) fn classify_status(status: u16, body: &str, retry_500: bool) -> Retry {
    match status {
        429 => Retry::RateLimited,
        403 if body.contains("rateLimitExceeded") => Retry::RateLimited,
        408 | 502 | 503 | 504 => Retry::Transient,
        500 if retry_500 => Retry::Transient,
        400 if body.contains("User project specified in the request is invalid.")
            || body.contains("Invalid grant: account not found") =>
        {
            Retry::Limited
        }
        _ => Retry::Never,
    }
}

/// Hail's warning on the second transient failure (§7.2; the spelling is Hail's).
pub(crate) fn transient_warning(failures: u32, next_delay: Duration, error: &str) -> String {
    format!(
        "A transient error occured. We will automatically retry. Do not be alarmed. We have thus \
         far seen {failures} transient errors (next delay: {:.3}s). The most recent error was \
         {error}. ",
        next_delay.as_secs_f64()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_matches_hail() {
        let policy = RetryPolicy::default();
        let secs = |d: Duration| d.as_secs_f64();
        let expected = [(1, 1.0, 2.0), (2, 2.0, 4.0), (3, 4.0, 8.0), (4, 8.0, 16.0)];
        for (n, low, high) in expected {
            let (l, h) = policy.delay_bounds(n);
            assert_eq!((secs(l), secs(h)), (low, high), "failure {n}");
        }
        assert_eq!(
            policy.delay_bounds(5),
            (Duration::from_secs(16), Duration::from_secs(32))
        );
        // From the 6th failure the cap bites: 32–60, then 60.
        assert_eq!(
            policy.delay_bounds(6),
            (Duration::from_secs(32), Duration::from_secs(60))
        );
        assert_eq!(
            policy.delay_bounds(7),
            (Duration::from_secs(60), Duration::from_secs(60))
        );
        assert_eq!(
            policy.delay_bounds(500),
            (Duration::from_secs(60), Duration::from_secs(60))
        );
        for n in 1..10 {
            let (low, high) = policy.delay_bounds(n);
            for _ in 0..50 {
                let d = policy.delay(n);
                assert!(low <= d && d <= high, "{d:?} not in [{low:?}, {high:?}]");
            }
        }
    }

    #[test]
    fn short_policies_scale() {
        let policy = RetryPolicy {
            base: Duration::from_millis(1),
            cap: Duration::from_millis(5),
            deadline: Duration::from_millis(100),
        };
        assert_eq!(
            policy.delay_bounds(1),
            (Duration::from_millis(1), Duration::from_millis(2))
        );
        assert_eq!(policy.delay_bounds(4).1, Duration::from_millis(5));
    }

    #[test]
    fn deadline_from_env() {
        let policy = RetryPolicy::from_env(&Env::default()).expect("default");
        assert_eq!(policy.deadline, DEFAULT_DEADLINE);
        let env = Env::from_pairs([(DEADLINE_ENV_VAR, "2.5")]);
        assert_eq!(
            RetryPolicy::from_env(&env).expect("set").deadline,
            Duration::from_millis(2500)
        );
        let env = Env::from_pairs([(DEADLINE_ENV_VAR, "0")]);
        assert_eq!(
            RetryPolicy::from_env(&env).expect("zero").deadline,
            Duration::ZERO
        );
        for bad in ["-1", "soon", "inf", "NaN"] {
            let env = Env::from_pairs([(DEADLINE_ENV_VAR, bad)]);
            assert!(RetryPolicy::from_env(&env).is_err(), "{bad}");
        }
    }

    #[test]
    fn statuses_are_classified_like_hail() {
        for s in [408, 502, 503, 504] {
            assert_eq!(classify_status(s, "", true), Retry::Transient);
        }
        assert_eq!(classify_status(500, "", true), Retry::Transient);
        assert_eq!(classify_status(500, "", false), Retry::Never);
        assert_eq!(classify_status(429, "", true), Retry::RateLimited);
        assert_eq!(
            classify_status(403, "{\"reason\": \"rateLimitExceeded\"}", true),
            Retry::RateLimited
        );
        assert_eq!(
            classify_status(400, "Invalid grant: account not found", true),
            Retry::Limited
        );
        for s in [400, 401, 403, 404, 409, 501, 505] {
            assert_eq!(classify_status(s, "nope", true), Retry::Never, "{s}");
        }
    }

    #[test]
    fn warning_text() {
        assert_eq!(
            transient_warning(2, Duration::from_millis(3969), "E"),
            "A transient error occured. We will automatically retry. Do not be alarmed. We have \
             thus far seen 2 transient errors (next delay: 3.969s). The most recent error was E. "
        );
    }
}
