//! Time values as the Batch API renders them (`batch-api.md` §1.4, `batch-semantics.md` §7):
//! epoch milliseconds → `2024-05-01T12:34:56.789Z`, Hail's humanized durations and its money
//! display (`cost_str`), and the calendar arithmetic the v2 query language's timestamps use.
//!
//! Everything here is pure arithmetic on integers; the calendar conversion is the proleptic
//! Gregorian algorithm of Howard Hinnant (`days_from_civil` / `civil_from_days`), so there is
//! no dependency on a date crate.

const MS_PER_DAY: i64 = 86_400_000;

/// Days since 1970-01-01 of the civil date `y-m-d` (proleptic Gregorian).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date `(y, m, d)` of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in month `m` (1–12) of year `y`; 0 for a month that does not exist.
pub(crate) fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Formats epoch milliseconds as the API's UTC timestamp, always with exactly three fractional
/// digits and a `Z`: `1714566896789` → `2024-05-01T12:34:56.789Z`.
pub(crate) fn format_timestamp(epoch_ms: i64) -> String {
    let days = epoch_ms.div_euclid(MS_PER_DAY);
    let ms_of_day = epoch_ms.rem_euclid(MS_PER_DAY);
    let (y, m, d) = civil_from_days(days);
    let (h, rest) = (ms_of_day / 3_600_000, ms_of_day % 3_600_000);
    let (min, rest) = (rest / 60_000, rest % 60_000);
    let (s, ms) = (rest / 1000, rest % 1000);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{ms:03}Z")
}

/// Parses what [`format_timestamp`] writes (`2024-05-01T12:00:00.123Z`, milliseconds
/// optional) back into epoch milliseconds; `None` for anything else.
pub(crate) fn parse_timestamp(text: &str) -> Option<i64> {
    let text = text.strip_suffix('Z')?;
    let (date, time) = text.split_once('T')?;
    let mut date = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (date.next()??, date.next()??, date.next()??);
    let (hms, ms) = time.split_once('.').unwrap_or((time, "0"));
    let mut hms = hms.splitn(3, ':').map(|p| p.parse::<i64>().ok());
    let (h, min, s) = (hms.next()??, hms.next()??, hms.next()??);
    let ms: i64 = ms.parse().ok()?;
    let valid = (1..=12).contains(&m)
        && (1..=days_in_month(y, m)).contains(&d)
        && (0..24).contains(&h)
        && (0..60).contains(&min)
        && (0..60).contains(&s)
        && (0..1000).contains(&ms);
    valid.then(|| days_from_civil(y, m, d) * MS_PER_DAY + ((h * 60 + min) * 60 + s) * 1000 + ms)
}

/// [`format_timestamp`] lifted over `Option`, for the many nullable time fields.
pub(crate) fn format_timestamp_opt(epoch_ms: Option<i64>) -> Option<String> {
    epoch_ms.map(format_timestamp)
}

/// Hail's humanized duration of a number of milliseconds (`hailtop.humanizex`): the largest unit
/// that fits, plus the next smaller unit when its amount is non-zero. Units `month` (30 days),
/// `week`, `day`, `hour`, `minute` are spaced and pluralised; `s`, `ms`, `μs` are glued and never
/// pluralised. `0` → `0μs`, `1234` → `1s 234ms`, `65000` → `1 minute 5s`, `90061000` →
/// `1 day 1 hour`. Negative values (clock skew) are treated as 0.
pub(crate) fn humanize_duration_ms(ms: i64) -> String {
    const US: i64 = 1;
    const MS: i64 = 1000 * US;
    const S: i64 = 1000 * MS;
    const MIN: i64 = 60 * S;
    const HOUR: i64 = 60 * MIN;
    const DAY: i64 = 24 * HOUR;
    const WEEK: i64 = 7 * DAY;
    const MONTH: i64 = 30 * DAY;
    // (size in μs, name, spaced-and-pluralised)
    const UNITS: [(i64, &str, bool); 8] = [
        (MONTH, "month", true),
        (WEEK, "week", true),
        (DAY, "day", true),
        (HOUR, "hour", true),
        (MIN, "minute", true),
        (S, "s", false),
        (MS, "ms", false),
        (US, "μs", false),
    ];
    fn part(n: i64, name: &str, spaced: bool) -> String {
        match (spaced, n) {
            (false, _) => format!("{n}{name}"),
            (true, 1) => format!("{n} {name}"),
            (true, _) => format!("{n} {name}s"),
        }
    }
    let us = ms.max(0).saturating_mul(1000);
    if us == 0 {
        return "0μs".to_owned();
    }
    let idx = UNITS
        .iter()
        .position(|u| u.0 <= us)
        .unwrap_or(UNITS.len() - 1);
    let (size, name, spaced) = UNITS[idx];
    let mut out = part(us / size, name, spaced);
    if let Some(&(minor_size, minor_name, minor_spaced)) = UNITS.get(idx + 1) {
        let minor = (us % size) / minor_size;
        if minor != 0 {
            out.push(' ');
            out.push_str(&part(minor, minor_name, minor_spaced));
        }
    }
    out
}

/// Hail's money display (`cost_str`), used in budget error messages and UIs: `0` → `$0.0000`,
/// below 0.0001 → `<$0.0001`, otherwise `$` and four decimals.
pub(crate) fn cost_str(cost: f64) -> String {
    if cost == 0.0 {
        "$0.0000".to_owned()
    } else if cost < 0.0001 {
        "<$0.0001".to_owned()
    } else {
        format!("${cost:.4}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_parse_back() {
        for ms in [0, 1_714_566_904_799, 951_782_400_000] {
            assert_eq!(
                super::parse_timestamp(&super::format_timestamp(ms)),
                Some(ms)
            );
        }
        assert_eq!(
            super::parse_timestamp("2024-05-01T12:00:00Z"),
            Some(1_714_564_800_000)
        );
        for bad in [
            "",
            "2024-05-01",
            "2024-13-01T00:00:00Z",
            "2024-02-30T00:00:00.000Z",
            "x",
        ] {
            assert_eq!(super::parse_timestamp(bad), None, "{bad}");
        }
    }

    use super::*;

    #[test]
    fn formats_timestamps() {
        let cases = [
            (0, "1970-01-01T00:00:00.000Z"),
            (1_714_566_896_789, "2024-05-01T12:34:56.789Z"),
            (1_714_566_896_000, "2024-05-01T12:34:56.000Z"),
            (1_714_566_920_120, "2024-05-01T12:35:20.120Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
            (4_102_444_800_000, "2100-01-01T00:00:00.000Z"),
        ];
        for (ms, text) in cases {
            assert_eq!(format_timestamp(ms), text, "{ms}");
        }
        assert_eq!(format_timestamp_opt(None), None);
    }

    #[test]
    fn humanizes_durations() {
        let cases = [
            (0, "0μs"),
            (-5, "0μs"),
            (5, "5ms"),
            (1234, "1s 234ms"),
            (3120, "3s 120ms"),
            (12_000, "12s"),
            (2900, "2s 900ms"),
            (15_321, "15s 321ms"),
            (65_000, "1 minute 5s"),
            (65_212, "1 minute 5s"),
            (120_000, "2 minutes"),
            (3_600_000, "1 hour"),
            (3_725_000, "1 hour 2 minutes"),
            (7_200_000, "2 hours"),
            (90_000_000, "1 day 1 hour"),
            (90_061_000, "1 day 1 hour"),
            (8 * 86_400_000, "1 week 1 day"),
            (45 * 86_400_000, "1 month 2 weeks"),
            (60 * 86_400_000, "2 months"),
        ];
        for (ms, text) in cases {
            assert_eq!(humanize_duration_ms(ms), text, "{ms}");
        }
    }

    #[test]
    fn formats_costs() {
        let cases = [
            (0.0, "$0.0000"),
            (0.00005, "<$0.0001"),
            (0.0001, "$0.0001"),
            (0.000412, "$0.0004"),
            (12.3456, "$12.3456"),
            (100.0, "$100.0000"),
        ];
        for (cost, text) in cases {
            assert_eq!(cost_str(cost), text, "{cost}");
        }
    }
}
