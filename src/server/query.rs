//! Hail Batch's two query languages (`q` of the batch and job listings), compiled to SQLite.
//!
//! This module owns the *meaning* of `q` (batch-semantics §8.1–§8.8, batch-api §2.2, §2.3,
//! §2.16): it parses a v1 or v2 query and returns a [`SqlFilter`], a boolean SQL expression with
//! positional `?` parameters that the store ANDs into its listing query. It does not own
//! visibility (billing-project membership, `deleted`), committed-ness, cursors or ordering: the
//! store applies those around the fragment.
//!
//! # SQL contract
//!
//! * Batch fragments may refer to `b` and `g` only, as in
//!   `FROM batches AS b JOIN job_groups AS g ON g.batch_id = b.id AND g.job_group_id = 0`
//!   (`g` is the root job group, which holds the batch's counters and cancel marker).
//! * Job fragments may refer to `j` only, as in `FROM jobs AS j`. A job's `name` attribute is
//!   `j.name` (NULL when it has none) and is not repeated in `job_attributes` (store
//!   migration 3); keys that differ from `name` in case only are ordinary attributes.
//! * Everything else is reached through correlated subqueries on `job_group_attributes`,
//!   `job_attributes` and `attempts`. User text is only ever bound as a parameter; operators are
//!   mapped from a fixed table, so nothing the user types is spliced into SQL.
//!
//! # Semantics kept from the reference
//!
//! * SQL three-valued logic: a comparison with a missing value (no attempt, running batch, no
//!   exit code) never matches, whatever the operator, except `exit_code != N`, which also matches
//!   jobs without an exit code.
//! * v2 attribute statements (`k != v`, `k !~ v`, …) require the attribute to exist; v1 `!k=v`
//!   is a plain `NOT` and so matches objects without `k`.
//! * Partial matches are `LIKE '%' || value || '%'`: `%` and `_` in the value are wildcards.
//!   Like MySQL (the reference database), a backslash in the value escapes the next character
//!   (`ESCAPE '\'`), so `a\_b` matches a literal underscore.
//! * The reference compares strings with MySQL's case-insensitive default collation (attribute
//!   keys and values, `user`, v2 `billing_project`, `instance`, `instance_collection`); v1
//!   `billing_project:` is case-sensitive. Keywords (`state` values, field names, v1 terms) are
//!   case-sensitive, as in the reference.
//!
//! # Deviations
//!
//! * Case-insensitivity is SQLite's `COLLATE NOCASE` for `=`/`!=` and SQLite's built-in `LIKE`,
//!   both of which fold **ASCII letters only**: `É` and `é` differ here, unlike MySQL. MySQL's
//!   accent-insensitivity and trailing-space padding are not reproduced either.
//! * A v2 timestamp without a zone is a 500 (failed assertion) in the reference; here it is the
//!   400 message `expected date, but found <word>`. Timestamps accept the calendar forms of
//!   `dateutil.isoparse` that carry a time (`YYYY-MM-DD` or `YYYYMMDD`, any one separator
//!   character, `hh[:mm[:ss[.f…]]]`, zone `Z` or `±hh[[:]mm]`); ISO week dates are not accepted.
//! * Local cost is always 0, so `cost` statements compare the constant `0.0`.
//! * A `q` made only of whitespace is "no filter" (the reference rejects it with
//!   `could not parse term ""`, which no client relies on).
//! * Numbers follow Python's `int()`/`float()` for ASCII input (sign, `_` between digits, `inf`,
//!   `nan`); integers beyond 64 bits are compared as floats instead of failing.

use rusqlite::types::Value;

use super::api::messages;
use super::store::SqlFilter;
use crate::format::time::{days_from_civil, days_in_month};

/// The query compiler's output is the store's [`SqlFilter`]: a complete, self-contained boolean
/// expression (at worst `1`) that the store splices as `… AND (<sql>)`, its `params` bound
/// after the store's own. These are the compiler's ways of building one.
impl SqlFilter {
    fn new(sql: impl Into<String>, params: Vec<Value>) -> Self {
        Self {
            sql: sql.into(),
            params,
        }
    }

    /// `(t1) AND (t2) AND …`; the empty conjunction keeps every row.
    fn all_of(terms: Vec<SqlFilter>) -> Self {
        if terms.is_empty() {
            return Self::all();
        }
        let sql = terms
            .iter()
            .map(|t| format!("({})", t.sql))
            .collect::<Vec<_>>()
            .join(" AND ");
        let params = terms.into_iter().flat_map(|t| t.params).collect();
        Self { sql, params }
    }

    fn negate(self) -> Self {
        Self {
            sql: format!("NOT ({})", self.sql),
            params: self.params,
        }
    }
}

/// Which query language `q` is written in: v1 for `/api/v1alpha/…`, v2 for `/api/v2alpha/…`
/// and the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QueryVersion {
    V1,
    V2,
}

/// A query the reference rejects with 400. The string is the message exactly as Hail words it;
/// the HTTP layer answers `400: <message>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub(crate) struct QueryError(pub String);

fn error(message: impl Into<String>) -> QueryError {
    QueryError(message.into())
}

/// Compiles the `q` of a batch listing for `user` (the requesting user).
///
/// `None` means the parameter was absent: the reference then uses `user:<me>` (v1) or
/// `user = <me>` (v2), which both mean "created by me". `Some("")` means no filter.
pub(crate) fn batch_filter(
    version: QueryVersion,
    q: Option<&str>,
    user: &str,
) -> Result<SqlFilter, QueryError> {
    if let Some(q) = q {
        refuse_nul(q)?;
    }
    let Some(q) = q else {
        // Built directly rather than by parsing `user:<me>`, so unusual user names cannot
        // turn the default into a parse error.
        return Ok(string_match("b.user", Op::Eq, user));
    };
    match version {
        QueryVersion::V1 => compile_v1(q, v1_batch_term),
        QueryVersion::V2 => compile_v2(q, Target::Batches),
    }
}

/// Compiles the `q` of a job listing. Absent and empty both mean no filter.
pub(crate) fn job_filter(version: QueryVersion, q: Option<&str>) -> Result<SqlFilter, QueryError> {
    let q = q.unwrap_or("");
    refuse_nul(q)?;
    match version {
        QueryVersion::V1 => compile_v1(q, v1_job_term),
        QueryVersion::V2 => compile_v2(q, Target::Jobs),
    }
}

// ---------------------------------------------------------------------------------------------
// Lexical helpers shared by both languages.

/// Python's `str.isspace()`, which is what `str.split()`/`str.strip()` use in the reference:
/// Unicode `White_Space` plus the four ASCII information separators.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

/// States of jobs named by a state keyword (v1 terms and v2 `state`). Lowercase only.
fn job_states(keyword: &str) -> Option<&'static [&'static str]> {
    Some(match keyword {
        "pending" => &["Pending"],
        "ready" => &["Ready"],
        "creating" => &["Creating"],
        "running" => &["Running"],
        "live" => &["Ready", "Creating", "Running"],
        "cancelled" => &["Cancelled"],
        "error" => &["Error"],
        "failed" => &["Failed"],
        "bad" => &["Error", "Failed"],
        "success" => &["Success"],
        "done" => &["Cancelled", "Error", "Failed", "Success"],
        _ => return None,
    })
}

/// `j.state IN (…)` for a keyword's states.
fn job_state_filter(states: &[&str]) -> SqlFilter {
    let marks = vec!["?"; states.len()].join(", ");
    SqlFilter::new(
        format!("j.state IN ({marks})"),
        states.iter().map(|s| text(s)).collect(),
    )
}

/// A batch state word (v1 term, v2 `state` value). These are *query* states, not the reported
/// state: `cancelled` is the explicit root cancel marker, `running` the internal state.
fn batch_state(word: &str) -> Option<&'static str> {
    Some(match word {
        "open" => "b.state = 'open'",
        "closed" => "b.state <> 'open'",
        "complete" => "b.state = 'complete'",
        "running" => "b.state = 'running'",
        "cancelled" => "g.cancelled <> 0",
        "failure" => "g.n_failed > 0",
        // `complete` is needed as well: a legacy open batch without jobs also has 0 = 0.
        "success" => "b.state = 'complete' AND g.n_succeeded = g.n_jobs",
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------------
// v1: whitespace-separated terms, AND-ed, `!` negates a whole term.

fn compile_v1(
    q: &str,
    term: fn(&str) -> Result<SqlFilter, QueryError>,
) -> Result<SqlFilter, QueryError> {
    let mut terms = Vec::new();
    for raw in q.split(is_py_space).filter(|t| !t.is_empty()) {
        let filter = match raw.strip_prefix('!') {
            // The error message of a negated term shows the term without its `!`, because the
            // reference reports the stripped term.
            Some(rest) => term(rest)?.negate(),
            None => term(raw)?,
        };
        terms.push(filter);
    }
    Ok(SqlFilter::all_of(terms))
}

/// SQLite's `LIKE` stops at a NUL in its pattern, so `%00` would match every batch (in Hail's
/// MySQL it matches literally): a query with NUL is refused rather than answered wrongly.
fn refuse_nul(q: &str) -> Result<(), QueryError> {
    if q.contains('\0') {
        Err(error(messages::query_with_nul()))
    } else {
        Ok(())
    }
}

fn invalid_v1_term(term: &str) -> QueryError {
    error(messages::invalid_search_term(term))
}

fn v1_batch_term(term: &str) -> Result<SqlFilter, QueryError> {
    // The order of the checks is the reference's: anything with `=` is an attribute, so
    // `user:a=b` is the attribute `user:a`.
    if let Some((key, value)) = term.split_once('=') {
        return Ok(batch_attribute(key, Some((Op::Eq, value))));
    }
    if let Some(key) = term.strip_prefix("has:") {
        return Ok(batch_attribute(key, None));
    }
    if let Some(user) = term.strip_prefix("user:") {
        return Ok(string_match("b.user", Op::Eq, user));
    }
    if let Some(project) = term.strip_prefix("billing_project:") {
        // The one case-sensitive string comparison (the reference uses a case-sensitive
        // column for it).
        return Ok(SqlFilter::new(
            "b.billing_project = ? COLLATE BINARY",
            vec![text(project)],
        ));
    }
    batch_state(term)
        .map(|sql| SqlFilter::new(sql, Vec::new()))
        .ok_or_else(|| invalid_v1_term(term))
}

fn v1_job_term(term: &str) -> Result<SqlFilter, QueryError> {
    if let Some((key, value)) = term.split_once('=') {
        if key == "job_id" {
            return Ok(SqlFilter::new("j.job_id = ?", vec![loose_number(value)]));
        }
        return Ok(job_attribute(key, Some((Op::Eq, value))));
    }
    if let Some(key) = term.strip_prefix("has:") {
        return Ok(job_attribute(key, None));
    }
    job_states(term)
        .map(job_state_filter)
        .ok_or_else(|| invalid_v1_term(term))
}

/// v1 `job_id=<v>` passes `v` unparsed to MySQL, which compares it numerically and never
/// fails. A number is bound as a number (so `017` finds job 17); anything else is bound as
/// text, which never equals an integer job id in SQLite.
fn loose_number(value: &str) -> Value {
    if let Ok(n) = value.parse::<i64>() {
        Value::Integer(n)
    } else if let Some(f) = value.parse::<f64>().ok().filter(|f| f.is_finite()) {
        Value::Real(f)
    } else {
        text(value)
    }
}

// ---------------------------------------------------------------------------------------------
// v2: one statement per line.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Batches,
    Jobs,
}

/// Operator symbols in the order the reference looks for them when padding a statement. The
/// order matters: `>=` must win over `>` and `=`, `!=` over `=`, and so on.
const PAD_ORDER: [&str; 9] = [">=", "<=", ">", "<", "!~", "=~", "!=", "==", "="];

fn compile_v2(q: &str, target: Target) -> Result<SqlFilter, QueryError> {
    let q = q.trim_matches(is_py_space);
    if q.is_empty() {
        return Ok(SqlFilter::all());
    }
    let mut statements = Vec::new();
    for line in q.split('\n') {
        let line = pad_operator(line);
        let tokens: Vec<&str> = line.split(is_py_space).filter(|t| !t.is_empty()).collect();
        let filter = match tokens.as_slice() {
            [word] => text_statement(target, word)?,
            [left, op, right] => match target {
                Target::Batches => batch_statement(left, op, right)?,
                Target::Jobs => job_statement(left, op, right)?,
            },
            // Includes blank lines between statements (`could not parse term ""`).
            _ => return Err(error(messages::could_not_parse_term(&line))),
        };
        statements.push(filter);
    }
    Ok(SqlFilter::all_of(statements))
}

/// Surrounds every occurrence of the first operator symbol found (in [`PAD_ORDER`]) with single
/// spaces, trimming the pieces, so `a=b`, `a = b` and `a  =b` lex alike.
fn pad_operator(line: &str) -> String {
    for symbol in PAD_ORDER {
        if line.contains(symbol) {
            return line
                .split(symbol)
                .map(|piece| piece.trim_matches(is_py_space))
                .collect::<Vec<_>>()
                .join(&format!(" {symbol} "));
        }
    }
    line.to_owned()
}

/// A v2 operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Ge,
    Le,
    Gt,
    Lt,
    /// `=` and `==`.
    Eq,
    Ne,
    /// `=~`: contains.
    Like,
    /// `!~`: does not contain.
    NotLike,
}

impl Op {
    fn parse(symbol: &str) -> Result<Op, QueryError> {
        Ok(match symbol {
            ">=" => Op::Ge,
            "<=" => Op::Le,
            ">" => Op::Gt,
            "<" => Op::Lt,
            "=" | "==" => Op::Eq,
            "!=" => Op::Ne,
            "=~" => Op::Like,
            "!~" => Op::NotLike,
            _ => return Err(error(messages::unknown_operator(symbol))),
        })
    }

    /// The SQL operator for value comparisons (the `LIKE` forms are built by
    /// [`string_match`]).
    fn sql(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Lt => "<",
            Op::Eq => "=",
            Op::Ne => "<>",
            Op::Like => "LIKE",
            Op::NotLike => "NOT LIKE",
        }
    }
}

/// The operator families of the reference, with their symbol sets printed as the reference
/// prints them (a Python set; the reference's element order is not stable, this one is).
#[derive(Debug, Clone, Copy)]
enum OpClass {
    Comparison,
    Exact,
    Match,
}

impl OpClass {
    fn admits(self, op: Op) -> bool {
        match self {
            OpClass::Comparison => !matches!(op, Op::Like | Op::NotLike),
            OpClass::Exact => matches!(op, Op::Eq | Op::Ne),
            OpClass::Match => matches!(op, Op::Eq | Op::Ne | Op::Like | Op::NotLike),
        }
    }

    fn symbols(self) -> &'static str {
        match self {
            OpClass::Comparison => "{'>=', '>', '<', '<=', '==', '=', '!='}",
            OpClass::Exact => "{'=', '!=', '=='}",
            OpClass::Match => "{'=', '!=', '!~', '=~', '=='}",
        }
    }
}

/// Parses `symbol` and checks that `class` allows it. Unknown symbols are reported first, as in
/// the reference, where every statement parser starts by looking the operator up.
fn operator(symbol: &str, class: OpClass) -> Result<Op, QueryError> {
    let op = Op::parse(symbol)?;
    if class.admits(op) {
        Ok(op)
    } else {
        Err(error(messages::unexpected_operator(
            symbol,
            class.symbols(),
        )))
    }
}

/// `<expr> <op> ?` for numbers and times.
fn compare(expr: &str, op: Op, value: Value) -> SqlFilter {
    SqlFilter::new(format!("{expr} {} ?", op.sql()), vec![value])
}

/// `<expr> <op> ?` for strings: case-insensitive equality, or a `LIKE` containment test in
/// which `%` and `_` stay wildcards and `\` escapes (MySQL's default).
fn string_match(expr: &str, op: Op, value: &str) -> SqlFilter {
    let sql = match op {
        Op::Like | Op::NotLike => format!("{expr} {} ('%' || ? || '%') ESCAPE '\\'", op.sql()),
        _ => format!("{expr} {} ? COLLATE NOCASE", op.sql()),
    };
    SqlFilter::new(sql, vec![text(value)])
}

fn text_statement(target: Target, word: &str) -> Result<SqlFilter, QueryError> {
    let (value, op) = if word.starts_with('"') {
        (parse_quoted(word)?, Op::Eq)
    } else {
        (parse_unquoted(word)?, Op::Like)
    };
    Ok(match target {
        Target::Batches => batch_text(op, value),
        Target::Jobs => job_text(op, value),
    })
}

/// A `"text"` token: exact match on the text between the quotes.
fn parse_quoted(word: &str) -> Result<&str, QueryError> {
    if word.chars().count() < 3 {
        return Err(error(messages::string_too_short(3, word)));
    }
    word.strip_prefix('"')
        .and_then(|w| w.strip_suffix('"'))
        .ok_or_else(|| error(messages::unterminated_string()))
}

/// A bare token: containment match. (The first-character check cannot fail when called from
/// [`text_statement`], which sends quoted tokens elsewhere; it is kept for parity.)
fn parse_unquoted(word: &str) -> Result<&str, QueryError> {
    if word.is_empty() {
        return Err(error(messages::string_too_short(1, word)));
    }
    if word.starts_with('"') {
        return Err(error(
            "expected the first character of the string to not be '\"'",
        ));
    }
    if word.ends_with('"') {
        return Err(error(
            "expected the last character of the string to not be '\"'",
        ));
    }
    Ok(word)
}

fn unknown_state(word: &str) -> QueryError {
    error(messages::unknown_state(word))
}

fn batch_statement(left: &str, symbol: &str, right: &str) -> Result<SqlFilter, QueryError> {
    Ok(match left {
        "batch_id" => {
            let op = operator(symbol, OpClass::Comparison)?;
            compare("b.id", op, parse_int(right)?)
        }
        "user" => string_match("b.user", operator(symbol, OpClass::Exact)?, right),
        "billing_project" => string_match(
            "b.billing_project",
            operator(symbol, OpClass::Exact)?,
            right,
        ),
        "state" => {
            let op = operator(symbol, OpClass::Exact)?;
            let sql = batch_state(right).ok_or_else(|| unknown_state(right))?;
            let filter = SqlFilter::new(sql, Vec::new());
            if op == Op::Ne {
                filter.negate()
            } else {
                filter
            }
        }
        "start_time" => {
            let op = operator(symbol, OpClass::Comparison)?;
            compare("b.time_created", op, Value::Integer(parse_date(right)?))
        }
        "end_time" => {
            let op = operator(symbol, OpClass::Comparison)?;
            compare("b.time_completed", op, Value::Integer(parse_date(right)?))
        }
        "duration" => {
            let op = operator(symbol, OpClass::Comparison)?;
            compare(
                "(b.time_completed - b.time_created)",
                op,
                seconds_to_ms(parse_float(right)?),
            )
        }
        "cost" => {
            let op = operator(symbol, OpClass::Comparison)?;
            compare("0.0", op, Value::Real(parse_cost(right)?))
        }
        key => {
            let op = operator(symbol, OpClass::Match)?;
            batch_attribute(key, Some((op, right)))
        }
    })
}

fn job_statement(left: &str, symbol: &str, right: &str) -> Result<SqlFilter, QueryError> {
    Ok(match left {
        "job_id" => {
            let op = operator(symbol, OpClass::Comparison)?;
            compare("j.job_id", op, parse_int(right)?)
        }
        "state" => {
            let op = operator(symbol, OpClass::Exact)?;
            let states = job_states(right).ok_or_else(|| unknown_state(right))?;
            let filter = job_state_filter(states);
            if op == Op::Ne {
                filter.negate()
            } else {
                filter
            }
        }
        "instance" => {
            let op = operator(symbol, OpClass::Match)?;
            some_attempt(string_match("t.instance_name", op, right))
        }
        "instance_collection" => {
            let op = operator(symbol, OpClass::Match)?;
            string_match("j.instance_collection", op, right)
        }
        "start_time" => {
            let op = operator(symbol, OpClass::Comparison)?;
            some_attempt(compare(
                "t.start_time",
                op,
                Value::Integer(parse_date(right)?),
            ))
        }
        "end_time" => {
            let op = operator(symbol, OpClass::Comparison)?;
            let cmp = compare("t.end_time", op, Value::Integer(parse_date(right)?));
            // Only the current attempt counts for the end time.
            some_attempt(SqlFilter::new(
                format!("t.attempt_id = j.attempt_id AND {}", cmp.sql),
                cmp.params,
            ))
        }
        "duration" => {
            let op = operator(symbol, OpClass::Comparison)?;
            // Unfinished attempts have a NULL end_time and so never match.
            some_attempt(compare(
                "(t.end_time - t.start_time)",
                op,
                seconds_to_ms(parse_float(right)?),
            ))
        }
        "cost" => {
            let op = operator(symbol, OpClass::Comparison)?;
            compare("0.0", op, Value::Real(parse_cost(right)?))
        }
        "exit_code" => exit_code_statement(symbol, right)?,
        key => {
            let op = operator(symbol, OpClass::Match)?;
            job_attribute(key, Some((op, right)))
        }
    })
}

fn exit_code_statement(symbol: &str, right: &str) -> Result<SqlFilter, QueryError> {
    let op = Op::parse(symbol)?;
    if right.eq_ignore_ascii_case("NULL") {
        return match op {
            Op::Eq => Ok(SqlFilter::new("j.exit_code IS NULL", Vec::new())),
            Op::Ne => Ok(SqlFilter::new("j.exit_code IS NOT NULL", Vec::new())),
            _ => Err(error(messages::unexpected_null_exit_code_operator(
                symbol,
                OpClass::Exact.symbols(),
            ))),
        };
    }
    let op = operator(symbol, OpClass::Comparison)?;
    let code = parse_int(right)?;
    Ok(if op == Op::Ne {
        // The documented exception to three-valued logic: "not N" includes "no exit code".
        SqlFilter::new("j.exit_code IS NULL OR j.exit_code <> ?", vec![code])
    } else {
        compare("j.exit_code", op, code)
    })
}

// ---------------------------------------------------------------------------------------------
// Correlated subqueries.

/// The batch has attribute `key` (case-insensitive), and, if given, its value matches.
fn batch_attribute(key: &str, value: Option<(Op, &str)>) -> SqlFilter {
    attribute_exists(
        "job_group_attributes AS a WHERE a.batch_id = b.id AND a.job_group_id = 0",
        key,
        value,
    )
}

/// The job has attribute `key` (case-insensitive), and, if given, its value matches.
fn job_attribute(key: &str, value: Option<(Op, &str)>) -> SqlFilter {
    let others = attribute_exists(
        "job_attributes AS a WHERE a.batch_id = j.batch_id AND a.job_id = j.job_id",
        key,
        value,
    );
    // `NOCASE` folds ASCII letters only, like `eq_ignore_ascii_case`.
    if !key.eq_ignore_ascii_case("name") {
        return others;
    }
    // The `name` attribute is `j.name` only (see the SQL contract). The test is never NULL,
    // so a v1 `!name=v` still matches jobs without a name.
    let mut sql = "(j.name IS NOT NULL".to_owned();
    let mut params = Vec::new();
    if let Some((op, value)) = value {
        let m = string_match("j.name", op, value);
        sql.push_str(" AND ");
        sql.push_str(&m.sql);
        params.extend(m.params);
    }
    sql.push_str(" OR ");
    sql.push_str(&others.sql);
    sql.push(')');
    params.extend(others.params);
    SqlFilter::new(sql, params)
}

fn attribute_exists(from_where: &str, key: &str, value: Option<(Op, &str)>) -> SqlFilter {
    let mut sql = format!("EXISTS (SELECT 1 FROM {from_where} AND a.key = ? COLLATE NOCASE");
    let mut params = vec![text(key)];
    if let Some((op, value)) = value {
        let m = string_match("a.value", op, value);
        sql.push_str(" AND ");
        sql.push_str(&m.sql);
        params.extend(m.params);
    }
    sql.push(')');
    SqlFilter::new(sql, params)
}

/// Some attempt of the job (alias `t`) satisfies `cond`.
fn some_attempt(cond: SqlFilter) -> SqlFilter {
    SqlFilter::new(
        format!(
            "EXISTS (SELECT 1 FROM attempts AS t WHERE t.batch_id = j.batch_id \
             AND t.job_id = j.job_id AND {})",
            cond.sql
        ),
        cond.params,
    )
}

/// A text term over batch attributes: some key or value matches.
fn batch_text(op: Op, value: &str) -> SqlFilter {
    let key = string_match("a.key", op, value);
    let val = string_match("a.value", op, value);
    SqlFilter::new(
        format!(
            "EXISTS (SELECT 1 FROM job_group_attributes AS a WHERE a.batch_id = b.id \
             AND a.job_group_id = 0 AND ({} OR {}))",
            key.sql, val.sql
        ),
        [key.params, val.params].concat(),
    )
}

/// A text term over jobs: some attribute key or value, or some attempt's instance name,
/// matches. The `name` attribute is `j.name` (see the SQL contract).
fn job_text(op: Op, value: &str) -> SqlFilter {
    let name_key = string_match("'name'", op, value);
    let name = string_match("j.name", op, value);
    let key = string_match("a.key", op, value);
    let val = string_match("a.value", op, value);
    let instance = some_attempt(string_match("t.instance_name", op, value));
    SqlFilter::new(
        format!(
            "(j.name IS NOT NULL AND ({} OR {})) \
             OR EXISTS (SELECT 1 FROM job_attributes AS a WHERE a.batch_id = j.batch_id \
             AND a.job_id = j.job_id AND ({} OR {})) OR {}",
            name_key.sql, name.sql, key.sql, val.sql, instance.sql
        ),
        [
            name_key.params,
            name.params,
            key.params,
            val.params,
            instance.params,
        ]
        .concat(),
    )
}

// ---------------------------------------------------------------------------------------------
// Values.

/// Removes the underscores Python allows in numeric literals (single ones, between digits);
/// `None` when an underscore is misplaced.
fn strip_digit_underscores(word: &str) -> Option<String> {
    let bytes = word.as_bytes();
    for (i, &c) in bytes.iter().enumerate() {
        if c == b'_' {
            let before = i.checked_sub(1).and_then(|p| bytes.get(p));
            let after = bytes.get(i + 1);
            if !(before.is_some_and(u8::is_ascii_digit) && after.is_some_and(u8::is_ascii_digit)) {
                return None;
            }
        }
    }
    Some(word.replace('_', ""))
}

/// Python's `int(word)` for ASCII input. Integers too large for SQLite are bound as floats,
/// which still compare correctly against the integer columns.
fn parse_int(word: &str) -> Result<Value, QueryError> {
    let invalid = || error(messages::expected_value("int", word));
    let cleaned = strip_digit_underscores(word).ok_or_else(invalid)?;
    let digits = cleaned.strip_prefix(['+', '-']).unwrap_or(cleaned.as_str());
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    match cleaned.parse::<i64>() {
        Ok(n) => Ok(Value::Integer(n)),
        Err(_) => cleaned
            .parse::<f64>()
            .map(Value::Real)
            .map_err(|_| invalid()),
    }
}

/// Python's `float(word)` for ASCII input (`1e3`, `.5`, `inf`, `nan`, `1_000.5`).
fn parse_float(word: &str) -> Result<f64, QueryError> {
    strip_digit_underscores(word)
        .and_then(|w| w.parse::<f64>().ok())
        .ok_or_else(|| error(messages::expected_value("float", word)))
}

/// A cost: a float with any number of leading `$` (the error shows the word without them, as
/// in the reference).
fn parse_cost(word: &str) -> Result<f64, QueryError> {
    parse_float(word.trim_start_matches('$'))
}

/// Seconds (as typed) to the integer milliseconds the reference compares against, truncating
/// like Python's `int()`. Non-finite values stay floats (NaN binds as NULL: never matches).
fn seconds_to_ms(seconds: f64) -> Value {
    let ms = seconds * 1000.0;
    if ms.is_finite() && ms.abs() < 9.0e18 {
        Value::Integer(ms.trunc() as i64)
    } else {
        Value::Real(ms)
    }
}

fn parse_date(word: &str) -> Result<i64, QueryError> {
    parse_timestamp_ms(word).ok_or_else(|| error(messages::expected_value("date", word)))
}

/// `n` ASCII digits at `pos`, as a number.
fn digits_at(s: &[u8], pos: usize, n: usize) -> Option<i64> {
    let field = s.get(pos..pos.checked_add(n)?)?;
    if !field.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        field
            .iter()
            .fold(0, |acc, d| acc * 10 + i64::from(d - b'0')),
    )
}

/// Parses an ISO-8601 timestamp **with** a zone into epoch milliseconds, following
/// `dateutil.parser.isoparse` (which the reference uses) for the forms that carry a time:
/// `YYYY-MM-DD` or `YYYYMMDD`, one separator character of any kind, `hh[[:]mm[[:]ss]]` with an
/// optional fraction (`.` or `,`, digits beyond microseconds ignored), `24:00:00` for the next
/// midnight, and a zone `Z`/`z`/`±hh`/`±hhmm`/`±hh:mm`. `None` when invalid or zone-less.
fn parse_timestamp_ms(word: &str) -> Option<i64> {
    if !word.is_ascii() {
        return None;
    }
    let s = word.as_bytes();

    // Date.
    let year = digits_at(s, 0, 4)?;
    let mut pos = 4;
    let dashed = s.get(pos) == Some(&b'-');
    if dashed {
        pos += 1;
    }
    let month = digits_at(s, pos, 2)?;
    pos += 2;
    if dashed {
        if s.get(pos) != Some(&b'-') {
            return None;
        }
        pos += 1;
    }
    let day = digits_at(s, pos, 2)?;
    pos += 2;
    if year < 1 || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }

    // One separator of any kind, then the time; a bare date has no zone.
    let time = s.get(pos + 1..).filter(|t| t.len() >= 2)?;
    let mut fields = [0_i64; 3];
    let mut micros = 0_i64;
    let mut offset_minutes = None;
    let mut pos = 0;
    let mut colons = false;
    // Mirrors dateutil's loop: components hour, minute, second, fraction, then only a zone.
    for component in 0..5 {
        let Some(&c) = time.get(pos) else { break };
        if matches!(c, b'-' | b'+' | b'Z' | b'z') {
            offset_minutes = Some(parse_zone(time.get(pos..)?)?);
            pos = time.len();
            break;
        }
        if component == 1 && c == b':' {
            colons = true;
            pos += 1;
        } else if component == 2 && colons {
            if c != b':' {
                return None;
            }
            pos += 1;
        }
        if let Some(field) = fields.get_mut(component) {
            *field = digits_at(time, pos, 2)?;
            pos += 2;
        } else if component == 3 && matches!(c, b'.' | b',') {
            let n = time
                .get(pos + 1..)?
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if n > 0 {
                let kept = n.min(6);
                let value = digits_at(time, pos + 1, kept)?;
                micros = value * 10_i64.pow(u32::try_from(6 - kept).ok()?);
                pos += 1 + n;
            }
        }
    }
    if pos < time.len() {
        return None;
    }
    let offset_minutes = offset_minutes?;

    let [hour, minute, second] = fields;
    let mut days = days_from_civil(year, month, day);
    if hour == 24 {
        // `24:00:00` is the midnight ending the day.
        if minute != 0 || second != 0 || micros != 0 {
            return None;
        }
        days += 1;
    } else if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let hour = hour % 24;
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset_minutes * 60;
    // Truncating division, like the reference's `int(timestamp * 1000)`.
    Some((seconds * 1_000_000 + micros) / 1_000)
}

/// A zone designator: `Z`, `z`, `±hh`, `±hhmm` or `±hh:mm`, as minutes east of UTC.
fn parse_zone(zone: &[u8]) -> Option<i64> {
    if zone == b"Z" || zone == b"z" {
        return Some(0);
    }
    if ![3, 5, 6].contains(&zone.len()) {
        return None;
    }
    let sign = match zone.first() {
        Some(b'-') => -1,
        Some(b'+') => 1,
        _ => return None,
    };
    let hours = digits_at(zone, 1, 2)?;
    let minutes = if zone.len() == 3 {
        0
    } else {
        let start = if zone.get(3) == Some(&b':') { 4 } else { 3 };
        digits_at(zone, start, zone.len() - start)?
    };
    if hours == 0 && minutes == 0 {
        return Some(0);
    }
    if minutes > 59 || hours > 23 {
        return None;
    }
    Some(sign * (hours * 60 + minutes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    // -----------------------------------------------------------------------------------------
    // Fixture: a real database from the shared schema, filled by plain SQL.

    /// 2023-02-24T17:15:25Z.
    const T0: i64 = 1_677_258_925_000;

    fn database() -> Connection {
        let conn = crate::server::store::schema_in_memory().expect("in-memory database");
        conn.execute_batch(
            "INSERT INTO billing_projects (name, time_created) VALUES
                ('Proj-A', 0), ('proj-a', 0), ('other', 0);",
        )
        .expect("billing projects");

        // (id, user, project, state, created, completed, cancelled, n_jobs, n_completed,
        //  n_succeeded, n_failed, n_cancelled, attributes)
        type Batch<'a> = (
            i64,
            &'a str,
            &'a str,
            &'a str,
            i64,
            Option<i64>,
            i64,
            [i64; 5],
            &'a [(&'a str, &'a str)],
        );
        let batches: [Batch; 5] = [
            // 1: finished, all succeeded, 10 s.
            (
                1,
                "alice",
                "Proj-A",
                "complete",
                T0 - 3_600_000,
                Some(T0 - 3_590_000),
                0,
                [2, 2, 2, 0, 0],
                &[("name", "b1"), ("tag", "nightly")],
            ),
            // 2: running, reports failure; holds the jobs below.
            (
                2,
                "alice",
                "other",
                "running",
                T0,
                None,
                0,
                [9, 5, 1, 3, 1],
                &[("name", "b2"), ("tag", "abc")],
            ),
            // 3: explicitly cancelled, finished after 125.5 s; key and value in capitals.
            (
                3,
                "bob",
                "proj-a",
                "complete",
                T0 + 60_000,
                Some(T0 + 185_500),
                1,
                [1, 1, 0, 0, 1],
                &[("name", "b3"), ("Tag", "7A1F")],
            ),
            // 4: legacy open batch, no attributes.
            (
                4,
                "bob",
                "Proj-A",
                "open",
                T0 + 120_000,
                None,
                0,
                [0, 0, 0, 0, 0],
                &[],
            ),
            // 5: no jobs (success, zero duration), values with wildcards and a backslash.
            (
                5,
                "carol",
                "Proj-A",
                "complete",
                T0 + 180_000,
                Some(T0 + 180_000),
                0,
                [0, 0, 0, 0, 0],
                &[("discount", "50%_off"), ("path", "a\\b")],
            ),
        ];
        for (id, user, project, state, created, completed, cancelled, n, attrs) in batches {
            conn.execute(
                "INSERT INTO batches (id, user, billing_project, token, state, time_created,
                     time_completed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                rusqlite::params![
                    id,
                    user,
                    project,
                    format!("t{id}"),
                    state,
                    created,
                    completed
                ],
            )
            .expect("batch");
            let group_state = if state == "complete" {
                "complete"
            } else {
                "running"
            };
            conn.execute(
                "INSERT INTO job_groups (batch_id, job_group_id, update_id, committed, state,
                     cancelled, n_jobs, n_completed, n_succeeded, n_failed, n_cancelled,
                     time_created, time_completed)
                 VALUES (?1, 0, 0, 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                rusqlite::params![
                    id,
                    group_state,
                    cancelled,
                    n[0],
                    n[1],
                    n[2],
                    n[3],
                    n[4],
                    created,
                    completed
                ],
            )
            .expect("root group");
            for (key, value) in attrs {
                conn.execute(
                    "INSERT INTO job_group_attributes VALUES (?1, 0, ?2, ?3)",
                    rusqlite::params![id, key, value],
                )
                .expect("batch attribute");
            }
        }

        // Jobs of batch 2: (id, state, exit code, pool, current attempt, attributes).
        type Job<'a> = (
            i64,
            &'a str,
            Option<i64>,
            &'a str,
            Option<&'a str>,
            &'a [(&'a str, &'a str)],
        );
        let jobs: [Job; 9] = [
            (
                1,
                "Success",
                Some(0),
                "standard",
                Some("a1"),
                &[("name", "align-1"), ("tag", "foo")],
            ),
            (
                2,
                "Failed",
                Some(1),
                "highmem",
                Some("b2"),
                &[("name", "align-2"), ("tag", "bar")],
            ),
            (3, "Pending", None, "standard", None, &[("name", "sort")]),
            (4, "Running", None, "standard", Some("d1"), &[]),
            (
                5,
                "Cancelled",
                None,
                "standard",
                None,
                &[("tag", "foo_bar")],
            ),
            (6, "Error", None, "standard", Some("f1"), &[("name", "x%y")]),
            (7, "Ready", None, "standard", None, &[("name", "INST-9")]),
            // A key that differs from `name` in case only: a separate attribute.
            (
                8,
                "Creating",
                None,
                "standard",
                Some("g1"),
                &[("Name", "vm-job")],
            ),
            (
                9,
                "Failed",
                Some(137),
                "standard-np",
                Some("h1"),
                &[("tag", "foo")],
            ),
        ];
        // As the store writes them: the `name` attribute in `jobs.name` only, the others in
        // `job_attributes`.
        for (id, state, exit_code, pool, attempt, attrs) in jobs {
            let name = attrs.iter().find(|(k, _)| *k == "name").map(|(_, v)| *v);
            conn.execute(
                "INSERT INTO jobs (batch_id, job_id, job_group_id, update_id, committed, state,
                     name, cores_mcpu, attempt_id, exit_code, instance_collection)
                 VALUES (2, ?1, 0, 1, 1, ?2, ?3, 1000, ?4, ?5, ?6)",
                rusqlite::params![id, state, name, attempt, exit_code, pool],
            )
            .expect("job");
            for (key, value) in attrs.iter().filter(|(k, _)| *k != "name") {
                conn.execute(
                    "INSERT INTO job_attributes VALUES (2, ?1, ?2, ?3)",
                    rusqlite::params![id, key, value],
                )
                .expect("job attribute");
            }
        }
        // A job of another batch with matching attributes: must never leak into batch 2.
        conn.execute_batch(
            "INSERT INTO jobs (batch_id, job_id, job_group_id, update_id, committed, state, name,
                 cores_mcpu) VALUES (1, 1, 0, 1, 1, 'Success', 'sort', 1000);
             INSERT INTO job_attributes VALUES (1, 1, 'tag', 'foo');",
        )
        .expect("other batch's job");

        // Attempts: (job, attempt, instance, start offset, end offset) relative to T0.
        type Attempt<'a> = (i64, &'a str, Option<&'a str>, i64, Option<i64>);
        let attempts: [Attempt; 8] = [
            (1, "a1", Some("inst-1"), 1_000, Some(6_000)),   // 5 s
            (2, "b1", Some("inst-2"), 2_000, Some(3_000)),   // 1 s, not current
            (2, "b2", Some("inst-3"), 10_000, Some(30_000)), // 20 s, current
            (4, "d1", Some("inst-1"), 5_000, None),          // still running
            (6, "f1", None, 7_000, Some(8_000)),             // 1 s, no instance
            (8, "g1", Some("special-vm"), 9_000, None),      // creating
            (9, "h1", Some("inst-2"), 40_000, Some(41_500)), // 1.5 s
            // An attempt of batch 1's job: must never leak into batch 2.
            (-1, "z1", Some("inst-2"), 0, Some(100_000)),
        ];
        for (job, attempt, instance, start, end) in attempts {
            let (batch, job) = if job < 0 { (1, 1) } else { (2, job) };
            conn.execute(
                "INSERT INTO attempts (batch_id, job_id, attempt_id, instance_name, start_time,
                     end_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![
                    batch,
                    job,
                    attempt,
                    instance,
                    T0 + start,
                    end.map(|e| T0 + e)
                ],
            )
            .expect("attempt");
        }
        conn
    }

    fn batch_ids(conn: &Connection, filter: &SqlFilter) -> Vec<i64> {
        let sql = format!(
            "SELECT b.id FROM batches AS b \
             JOIN job_groups AS g ON g.batch_id = b.id AND g.job_group_id = 0 \
             WHERE ({}) ORDER BY b.id",
            filter.sql
        );
        let mut stmt = conn.prepare(&sql).expect("prepare batch listing");
        stmt.query_map(rusqlite::params_from_iter(&filter.params), |r| r.get(0))
            .expect("run batch listing")
            .collect::<Result<_, _>>()
            .expect("read batch listing")
    }

    fn job_ids(conn: &Connection, filter: &SqlFilter) -> Vec<i64> {
        let sql = format!(
            "SELECT j.job_id FROM jobs AS j WHERE j.batch_id = 2 AND ({}) ORDER BY j.job_id",
            filter.sql
        );
        let mut stmt = conn.prepare(&sql).expect("prepare job listing");
        stmt.query_map(rusqlite::params_from_iter(&filter.params), |r| r.get(0))
            .expect("run job listing")
            .collect::<Result<_, _>>()
            .expect("read job listing")
    }

    fn batches(conn: &Connection, version: QueryVersion, q: &str) -> Vec<i64> {
        let filter = batch_filter(version, Some(q), "alice")
            .unwrap_or_else(|e| panic!("{q:?} should parse: {e}"));
        batch_ids(conn, &filter)
    }

    fn jobs(conn: &Connection, version: QueryVersion, q: &str) -> Vec<i64> {
        let filter =
            job_filter(version, Some(q)).unwrap_or_else(|e| panic!("{q:?} should parse: {e}"));
        job_ids(conn, &filter)
    }

    fn check_batches(version: QueryVersion, cases: &[(&str, &[i64])]) {
        let conn = database();
        for (q, expected) in cases {
            assert_eq!(
                batches(&conn, version, q),
                *expected,
                "batches {version:?} q={q:?}"
            );
        }
    }

    fn check_jobs(version: QueryVersion, cases: &[(&str, &[i64])]) {
        let conn = database();
        for (q, expected) in cases {
            assert_eq!(
                jobs(&conn, version, q),
                *expected,
                "jobs {version:?} q={q:?}"
            );
        }
    }

    const ALL_JOBS: &[i64] = &[1, 2, 3, 4, 5, 6, 7, 8, 9];

    // -----------------------------------------------------------------------------------------
    // Defaults.

    #[test]
    fn absent_q_means_my_batches_and_empty_q_means_all() {
        let conn = database();
        for version in [QueryVersion::V1, QueryVersion::V2] {
            let mine = batch_filter(version, None, "bob").expect("default");
            assert_eq!(batch_ids(&conn, &mine), [3, 4]);
            let all = batch_filter(version, Some(""), "bob").expect("empty");
            assert_eq!(all, SqlFilter::all());
            assert_eq!(batch_ids(&conn, &all), [1, 2, 3, 4, 5]);
            // Whitespace only is no filter either (see the module docs).
            let blank = batch_filter(version, Some(" \n\t "), "bob").expect("blank");
            assert_eq!(batch_ids(&conn, &blank), [1, 2, 3, 4, 5]);
            for q in [None, Some(""), Some("  ")] {
                let filter = job_filter(version, q).expect("no job filter");
                assert_eq!(job_ids(&conn, &filter), ALL_JOBS);
            }
        }
        // The default is the same as spelling it out.
        assert_eq!(batches(&conn, QueryVersion::V1, "user:alice"), [1, 2]);
        assert_eq!(batches(&conn, QueryVersion::V2, "user = alice"), [1, 2]);
    }

    // -----------------------------------------------------------------------------------------
    // v1.

    #[test]
    fn v1_batch_terms() {
        check_batches(
            QueryVersion::V1,
            &[
                ("tag=nightly", &[1]),
                ("TAG=NIGHTLY", &[1]),
                ("tag=7a1f", &[3]),
                ("!tag=nightly", &[2, 3, 4, 5]),
                ("has:tag", &[1, 2, 3]),
                ("!has:tag", &[4, 5]),
                ("user:alice", &[1, 2]),
                ("user:ALICE", &[1, 2]),
                ("!user:alice", &[3, 4, 5]),
                ("billing_project:Proj-A", &[1, 4, 5]),
                ("billing_project:proj-a", &[3]),
                ("billing_project:PROJ-A", &[]),
                ("open", &[4]),
                ("closed", &[1, 2, 3, 5]),
                ("complete", &[1, 3, 5]),
                ("!complete", &[2, 4]),
                ("running", &[2]),
                ("cancelled", &[3]),
                ("failure", &[2]),
                ("success", &[1, 5]),
                ("!success", &[2, 3, 4]),
                // §8.2 examples and multi-term AND.
                ("user:alice running", &[2]),
                ("!complete tag=nightly", &[]),
                ("!complete tag=abc", &[2]),
                ("has:name billing_project:other failure", &[2]),
                ("has:name billing_project:Proj-A failure", &[]),
                ("name=b2 tag=abc", &[2]),
                ("name=b2 tag=nightly", &[]),
                ("  user:bob \t complete  ", &[3]),
                // Split at the first `=`; `=` wins over prefixes.
                ("discount=50%_off", &[5]),
                ("discount=50%", &[]),
                ("user:bob=x", &[]),
            ],
        );
    }

    #[test]
    fn v1_job_terms() {
        check_jobs(
            QueryVersion::V1,
            &[
                ("pending", &[3]),
                ("ready", &[7]),
                ("creating", &[8]),
                ("running", &[4]),
                ("live", &[4, 7, 8]),
                ("cancelled", &[5]),
                ("error", &[6]),
                ("failed", &[2, 9]),
                ("bad", &[2, 6, 9]),
                ("success", &[1]),
                ("done", &[1, 2, 5, 6, 9]),
                ("!done", &[3, 4, 7, 8]),
                ("tag=foo", &[1, 9]),
                ("TAG=FOO", &[1, 9]),
                // `!k=v` is a plain NOT: jobs without `tag` match.
                ("!tag=foo", &[2, 3, 4, 5, 6, 7, 8]),
                ("has:tag", &[1, 2, 5, 9]),
                ("!has:tag", &[3, 4, 6, 7, 8]),
                ("has:tag !success", &[2, 5, 9]),
                ("live tag=foo", &[]),
                ("bad tag=foo", &[9]),
                ("job_id=7", &[7]),
                ("job_id=07", &[7]),
                ("!job_id=7", &[1, 2, 3, 4, 5, 6, 8, 9]),
                ("job_id=abc", &[]),
                ("name=x%y", &[6]),
                // `name` (kept in `jobs.name`) and other keys, case-insensitively.
                ("name=sort", &[3]),
                ("NAME=SORT", &[3]),
                ("Name=vm-job", &[8]),
                ("name=vm-job", &[8]),
                ("!name=sort", &[1, 2, 4, 5, 6, 7, 8, 9]),
                ("has:name", &[1, 2, 3, 6, 7, 8]),
                ("has:NAME", &[1, 2, 3, 6, 7, 8]),
                ("!has:name", &[4, 5, 9]),
                ("has:name has:tag", &[1, 2]),
                // `state=done` is an attribute term, not a state.
                ("state=done", &[]),
            ],
        );
    }

    // -----------------------------------------------------------------------------------------
    // v2 batches.

    #[test]
    fn v2_batch_fields() {
        check_batches(
            QueryVersion::V2,
            &[
                ("batch_id = 2", &[2]),
                ("batch_id == 2", &[2]),
                ("batch_id != 2", &[1, 3, 4, 5]),
                ("batch_id >= 3", &[3, 4, 5]),
                ("batch_id > 3", &[4, 5]),
                ("batch_id <= 2", &[1, 2]),
                ("batch_id < 2", &[1]),
                ("batch_id < 99999999999999999999", &[1, 2, 3, 4, 5]),
                ("user = alice", &[1, 2]),
                ("user == ALICE", &[1, 2]),
                ("user != alice", &[3, 4, 5]),
                ("billing_project = proj-a", &[1, 3, 4, 5]),
                ("billing_project != proj-a", &[2]),
                ("state = open", &[4]),
                ("state = closed", &[1, 2, 3, 5]),
                ("state = complete", &[1, 3, 5]),
                ("state = running", &[2]),
                ("state = cancelled", &[3]),
                ("state = failure", &[2]),
                ("state = success", &[1, 5]),
                ("state != complete", &[2, 4]),
                ("state == success", &[1, 5]),
                ("start_time >= 2023-02-24T17:15:25Z", &[2, 3, 4, 5]),
                ("start_time < 2023-02-24T17:15:25Z", &[1]),
                ("start_time = 2023-02-24T19:15:25+02:00", &[2]),
                ("start_time > 2023-02-24T17:15:25.001Z", &[3, 4, 5]),
                ("start_time >= 20230224T171625Z", &[3, 4, 5]),
                ("end_time < 3000-02-24T17:15:25Z", &[1, 3, 5]),
                ("end_time != 2000-01-01T00:00:00Z", &[1, 3, 5]),
                ("end_time > 2023-02-24T17:15:25Z", &[3, 5]),
                ("duration > 5", &[1, 3]),
                ("duration <= 0", &[5]),
                ("duration = 125.5", &[3]),
                ("duration != 10", &[3, 5]),
                ("duration < 1e9", &[1, 3, 5]),
                ("cost > $0.50", &[]),
                ("cost < $0.50", &[1, 2, 3, 4, 5]),
                ("cost = 0", &[1, 2, 3, 4, 5]),
                ("cost >= $$1", &[]),
            ],
        );
    }

    #[test]
    fn v2_batch_attributes_and_text() {
        check_batches(
            QueryVersion::V2,
            &[
                // §8.5 examples.
                ("tag = 7a1f", &[3]),
                ("name =~ b", &[1, 2, 3]),
                ("\"b2\"", &[2]),
                ("tag = nightly", &[1]),
                ("tag == abc", &[2]),
                // The attribute must exist, even for `!=` and `!~`.
                ("tag != nightly", &[2, 3]),
                ("name !~ 2", &[1, 3]),
                ("tag !~ zzz", &[1, 2, 3]),
                ("nope != x", &[]),
                // Quoted: exact on keys or values; unquoted: containment.
                ("\"tag\"", &[1, 2, 3]),
                ("\"TAG\"", &[1, 2, 3]),
                ("\"b\"", &[]),
                // Batch 5's `a\\b` contains a `b` too.
                ("b", &[1, 2, 3, 5]),
                ("NIGHT", &[1]),
                ("ag", &[1, 2, 3]),
                ("zzz", &[]),
                // `%` and `_` are LIKE wildcards in partial matches, literal in exact ones.
                ("discount =~ 50%", &[5]),
                ("%", &[1, 2, 3, 5]),
                ("_", &[1, 2, 3, 5]),
                ("b_", &[1, 2, 3]),
                ("discount = 50%", &[]),
                ("discount = 50%_off", &[5]),
                ("\"50%_off\"", &[5]),
                ("discount =~ 0%o", &[5]),
                // A backslash escapes, as in MySQL's LIKE.
                ("path =~ a\\\\b", &[5]),
                ("path =~ a\\b", &[]),
                ("path = a\\b", &[5]),
                ("discount =~ 50\\%", &[5]),
                ("discount =~ 0\\%o", &[]),
                // Operator padding.
                ("state=complete", &[1, 3, 5]),
                ("state  =complete", &[1, 3, 5]),
                ("tag!=nightly", &[2, 3]),
                ("name=~b", &[1, 2, 3]),
                ("batch_id>=3", &[3, 4, 5]),
                // Statements are lines, AND-ed; surrounding blank lines are trimmed.
                ("user = alice\nstate = complete", &[1]),
                ("user = alice\r\nstate = complete\r\n", &[1]),
                ("\n\nuser = alice\n\n", &[1, 2]),
                ("user = bob\nstate != complete\nbatch_id >= 1", &[4]),
            ],
        );
    }

    // -----------------------------------------------------------------------------------------
    // v2 jobs.

    #[test]
    fn v2_job_fields() {
        check_jobs(
            QueryVersion::V2,
            &[
                ("job_id >= 8", &[8, 9]),
                ("job_id = 3", &[3]),
                ("job_id != 3", &[1, 2, 4, 5, 6, 7, 8, 9]),
                ("state = bad", &[2, 6, 9]),
                ("state != done", &[3, 4, 7, 8]),
                ("state == live", &[4, 7, 8]),
                ("state=success", &[1]),
                ("exit_code > 0", &[2, 9]),
                ("exit_code < 1", &[1]),
                ("exit_code = 1", &[2]),
                ("exit_code == 137", &[9]),
                // `!= N` also matches jobs without an exit code.
                ("exit_code != 1", &[1, 3, 4, 5, 6, 7, 8, 9]),
                ("exit_code = NULL", &[3, 4, 5, 6, 7, 8]),
                ("exit_code == nUlL", &[3, 4, 5, 6, 7, 8]),
                ("exit_code != null", &[1, 2, 9]),
                ("instance_collection = standard", &[1, 3, 4, 5, 6, 7, 8]),
                ("instance_collection = STANDARD", &[1, 3, 4, 5, 6, 7, 8]),
                ("instance_collection != standard", &[2, 9]),
                ("instance_collection =~ np", &[9]),
                ("instance_collection !~ high", &[1, 3, 4, 5, 6, 7, 8, 9]),
                // Some attempt; jobs without attempts or without instance names never match.
                ("instance = inst-1", &[1, 4]),
                ("instance = INST-1", &[1, 4]),
                ("instance != inst-1", &[2, 8, 9]),
                ("instance =~ inst", &[1, 2, 4, 9]),
                ("instance !~ inst", &[8]),
                ("start_time >= 2023-02-24T17:15:35Z", &[2, 9]),
                ("start_time <= 2023-02-24T17:15:27Z", &[1, 2]),
                ("start_time <= 2023-02-24T19:15:27+02:00", &[1, 2]),
                // End time of the current attempt only.
                ("end_time > 2023-02-24T17:15:29Z", &[1, 2, 6, 9]),
                ("end_time <= 2023-02-24T17:15:28Z", &[]),
                ("end_time != 2000-01-01T00:00:00Z", &[1, 2, 6, 9]),
                // Some finished attempt.
                ("duration >= 5", &[1, 2]),
                ("duration < 1.2", &[2, 6]),
                ("duration > 1.4", &[1, 2, 9]),
                ("duration = 1.5", &[9]),
                ("cost > $0.50", &[]),
                ("cost = 0", ALL_JOBS),
                ("cost <= $0", ALL_JOBS),
            ],
        );
    }

    #[test]
    fn v2_job_attributes_and_text() {
        check_jobs(
            QueryVersion::V2,
            &[
                ("name =~ align", &[1, 2]),
                ("name !~ align", &[3, 6, 7, 8]),
                ("NaMe =~ ALIGN", &[1, 2]),
                ("NAME = sort", &[3]),
                ("name != sort", &[1, 2, 6, 7, 8]),
                ("name = vm-job", &[8]),
                ("name != vm-job", &[1, 2, 3, 6, 7]),
                ("tag = foo", &[1, 9]),
                // Only jobs that have `tag`, with another value.
                ("tag != foo", &[2, 5]),
                ("tag!=foo", &[2, 5]),
                ("tag =~ o_b", &[5]),
                ("tag =~ oo_", &[5]),
                ("name = x%y", &[6]),
                ("name =~ x%y", &[6]),
                ("name =~ %", &[1, 2, 3, 6, 7, 8]),
                // Quoted: exact key, value or instance name.
                ("\"inst-2\"", &[2, 9]),
                ("\"foo\"", &[1, 9]),
                ("\"TAG\"", &[1, 2, 5, 9]),
                ("\"x%y\"", &[6]),
                ("\"special\"", &[]),
                ("\"name\"", &[1, 2, 3, 6, 7, 8]),
                ("\"NAME\"", &[1, 2, 3, 6, 7, 8]),
                ("\"align-1\"", &[1]),
                ("\"SORT\"", &[3]),
                ("\"vm-job\"", &[8]),
                // Unquoted: containment in the same three places.
                ("foo", &[1, 5, 9]),
                ("inst-9", &[7]),
                ("special", &[8]),
                ("am", &[1, 2, 3, 6, 7, 8]),
                ("vm", &[8]),
                ("ali", &[1, 2]),
                ("x\\%", &[6]),
                ("inst-1", &[1, 4]),
                ("%", ALL_JOBS),
                // Multi-line, as `hailctl batch jobs --state bad --exit-code 137` sends.
                ("state=bad\nexit_code=137\ntag=foo", &[9]),
                ("state = bad\nexit_code > 0", &[2, 9]),
                ("state = done\ninstance = inst-2", &[2, 9]),
            ],
        );
    }

    #[test]
    fn user_text_is_never_spliced_into_sql() {
        let conn = database();
        for q in ["tag = x');DROP", "\"';DROP\"", "';DROP"] {
            let filter = job_filter(QueryVersion::V2, Some(q)).expect("parses");
            assert!(!filter.sql.contains("DROP"), "{q}: {}", filter.sql);
            assert_eq!(job_ids(&conn, &filter), Vec::<i64>::new());
        }
        let filter = batch_filter(QueryVersion::V1, Some("user:'--"), "x").expect("parses");
        assert!(!filter.sql.contains("--"));
        assert_eq!(batch_ids(&conn, &filter), Vec::<i64>::new());
    }

    /// Random queries built from meaningful pieces never panic, and whatever compiles runs.
    #[test]
    fn arbitrary_input_never_panics_and_always_yields_valid_sql() {
        const PIECES: [&str; 36] = [
            "state",
            "=",
            "==",
            "!=",
            ">=",
            "<=",
            "=~",
            "!~",
            "<",
            ">",
            "\"",
            "é",
            "tag",
            "exit_code",
            "NULL",
            "2023-02-24T17:15:25Z",
            "start_time",
            "end_time",
            "duration",
            "1.5",
            "$",
            "%",
            "_",
            "\\",
            " ",
            "\n",
            "!",
            "has:",
            "user:",
            "job_id",
            "cost",
            "instance",
            "T24:00",
            "+05:30",
            "x",
            "done",
        ];
        let conn = database();
        // A fixed linear congruential generator keeps the test deterministic.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap_or(0) % n
        };
        let mut compiled = 0;
        for _ in 0..3_000 {
            let len = 1 + next(6);
            let q: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
            for version in [QueryVersion::V1, QueryVersion::V2] {
                if let Ok(filter) = batch_filter(version, Some(&q), "alice") {
                    assert_eq!(
                        filter.sql.matches('?').count(),
                        filter.params.len(),
                        "{q:?}"
                    );
                    batch_ids(&conn, &filter);
                    compiled += 1;
                }
                if let Ok(filter) = job_filter(version, Some(&q)) {
                    assert_eq!(
                        filter.sql.matches('?').count(),
                        filter.params.len(),
                        "{q:?}"
                    );
                    job_ids(&conn, &filter);
                    compiled += 1;
                }
            }
        }
        assert!(compiled > 1_000, "only {compiled} queries compiled");
    }

    // -----------------------------------------------------------------------------------------
    // Errors (§8.8), verbatim.

    fn batch_error(version: QueryVersion, q: &str) -> String {
        match batch_filter(version, Some(q), "alice") {
            Ok(f) => panic!("{q:?} should fail, compiled to {}", f.sql),
            Err(e) => e.to_string(),
        }
    }

    fn job_error(version: QueryVersion, q: &str) -> String {
        match job_filter(version, Some(q)) {
            Ok(f) => panic!("{q:?} should fail, compiled to {}", f.sql),
            Err(e) => e.to_string(),
        }
    }

    const CMP: &str = "{'>=', '>', '<', '<=', '==', '=', '!='}";
    const EXACT: &str = "{'=', '!=', '=='}";
    const MATCH: &str = "{'=', '!=', '!~', '=~', '=='}";

    #[test]
    fn v1_errors() {
        let cases = [
            ("bogus", "Invalid search term: bogus."),
            ("!bogus", "Invalid search term: bogus."),
            ("!", "Invalid search term: ."),
            ("!!complete", "Invalid search term: !complete."),
            ("Complete", "Invalid search term: Complete."),
            ("user:alice nope", "Invalid search term: nope."),
        ];
        for (q, message) in cases {
            assert_eq!(batch_error(QueryVersion::V1, q), message, "{q:?}");
        }
        let cases = [
            ("Success", "Invalid search term: Success."),
            ("!failure", "Invalid search term: failure."),
            ("user:alice", "Invalid search term: user:alice."),
            ("open", "Invalid search term: open."),
        ];
        for (q, message) in cases {
            assert_eq!(job_error(QueryVersion::V1, q), message, "{q:?}");
        }
    }

    #[test]
    fn v2_errors_shared_by_batches_and_jobs() {
        let cases: Vec<(&str, String)> = vec![
            // Lines and tokens.
            (
                "user = alice\n\nstate = running",
                "could not parse term \"\"".into(),
            ),
            ("a b", "could not parse term \"a b\"".into()),
            ("tag = a = b", "could not parse term \"tag = a = b\"".into()),
            ("tag=a=b", "could not parse term \"tag = a = b\"".into()),
            ("=~foo", "could not parse term \" =~ foo\"".into()),
            ("a b c d", "could not parse term \"a b c d\"".into()),
            ("a b c", "unknown operator b".into()),
            ("tag ~ x", "unknown operator ~".into()),
            // Quoting.
            (
                "\"\"",
                "expected a string of minimum length 3. Found \"\"".into(),
            ),
            (
                "\"",
                "expected a string of minimum length 3. Found \"".into(),
            ),
            (
                "\"ab",
                "expected the last character of the string to be '\"'".into(),
            ),
            (
                "ab\"",
                "expected the last character of the string to not be '\"'".into(),
            ),
            // Operators not allowed for a field.
            (
                "tag >= a",
                format!("unexpected operator \">=\" expected one of {MATCH}"),
            ),
            (
                "state > done",
                format!("unexpected operator \">\" expected one of {EXACT}"),
            ),
            (
                "state =~ done",
                format!("unexpected operator \"=~\" expected one of {EXACT}"),
            ),
            (
                "cost =~ 1",
                format!("unexpected operator \"=~\" expected one of {CMP}"),
            ),
            (
                "duration !~ 1",
                format!("unexpected operator \"!~\" expected one of {CMP}"),
            ),
            (
                "start_time =~ x",
                format!("unexpected operator \"=~\" expected one of {CMP}"),
            ),
            (
                "end_time !~ x",
                format!("unexpected operator \"!~\" expected one of {CMP}"),
            ),
            // Values.
            ("duration > abc", "expected float, but found abc".into()),
            ("duration > 1__0", "expected float, but found 1__0".into()),
            ("cost > $x", "expected float, but found x".into()),
            ("cost > $", "expected float, but found ".into()),
            (
                "start_time > yesterday",
                "expected date, but found yesterday".into(),
            ),
            (
                "start_time > 2023-02-24T17:15:25",
                "expected date, but found 2023-02-24T17:15:25".into(),
            ),
            (
                "end_time < 2023-02-24",
                "expected date, but found 2023-02-24".into(),
            ),
            (
                "end_time < 2023-02-30T00:00:00Z",
                "expected date, but found 2023-02-30T00:00:00Z".into(),
            ),
        ];
        for (q, message) in &cases {
            assert_eq!(batch_error(QueryVersion::V2, q), *message, "batches {q:?}");
            assert_eq!(job_error(QueryVersion::V2, q), *message, "jobs {q:?}");
        }
        // Unreachable through the dispatcher (quoted tokens go elsewhere), kept for parity.
        assert_eq!(
            parse_unquoted("\"ab").map_err(|e| e.0),
            Err("expected the first character of the string to not be '\"'".to_owned())
        );
    }

    #[test]
    fn v2_batch_errors() {
        let cases: Vec<(&str, String)> = vec![
            (
                "batch_id =~ 5",
                format!("unexpected operator \"=~\" expected one of {CMP}"),
            ),
            (
                "user > a",
                format!("unexpected operator \">\" expected one of {EXACT}"),
            ),
            (
                "user =~ a",
                format!("unexpected operator \"=~\" expected one of {EXACT}"),
            ),
            (
                "billing_project !~ a",
                format!("unexpected operator \"!~\" expected one of {EXACT}"),
            ),
            ("batch_id = x", "expected int, but found x".into()),
            ("batch_id = 1.5", "expected int, but found 1.5".into()),
            ("batch_id = _1", "expected int, but found _1".into()),
            ("state = done", "unknown state \"done\"".into()),
            ("state = Running", "unknown state \"Running\"".into()),
            // The operator is checked before the value.
            ("batch_id ~~ x", "unknown operator ~~".into()),
            ("state != bogus", "unknown state \"bogus\"".into()),
        ];
        for (q, message) in &cases {
            assert_eq!(batch_error(QueryVersion::V2, q), *message, "{q:?}");
        }
    }

    #[test]
    fn v2_job_errors() {
        let cases: Vec<(&str, String)> = vec![
            (
                "job_id =~ 5",
                format!("unexpected operator \"=~\" expected one of {CMP}"),
            ),
            ("job_id = x", "expected int, but found x".into()),
            ("state = failure", "unknown state \"failure\"".into()),
            ("state = DONE", "unknown state \"DONE\"".into()),
            (
                "instance >= a",
                format!("unexpected operator \">=\" expected one of {MATCH}"),
            ),
            (
                "instance_collection < a",
                format!("unexpected operator \"<\" expected one of {MATCH}"),
            ),
            (
                "exit_code > NULL",
                format!("unexpected operator \">\" for NULL exit code, expected one of {EXACT}"),
            ),
            (
                "exit_code =~ null",
                format!("unexpected operator \"=~\" for NULL exit code, expected one of {EXACT}"),
            ),
            (
                "exit_code =~ 1",
                format!("unexpected operator \"=~\" expected one of {CMP}"),
            ),
            ("exit_code = one", "expected int, but found one".into()),
        ];
        for (q, message) in &cases {
            assert_eq!(job_error(QueryVersion::V2, q), *message, "{q:?}");
        }
    }

    // -----------------------------------------------------------------------------------------
    // Values.

    #[test]
    fn timestamps() {
        let ok = [
            ("2023-02-24T17:15:25Z", T0),
            ("2023-02-24T17:15:25z", T0),
            ("2023-02-24T17:15:25+00:00", T0),
            ("2023-02-24T17:15:25-00", T0),
            ("20230224T171525Z", T0),
            ("2023-02-24T1715Z", T0 - 25_000),
            ("2023-02-24T17Z", T0 - 15 * 60_000 - 25_000),
            ("2023-02-24T17:15:25.123+02:00", 1_677_251_725_123),
            ("2023-02-24T17:15:25,123456789-0530", 1_677_278_725_123),
            ("2023-02-24T17:15:25.5+05", T0 - 5 * 3_600_000 + 500),
            ("2023-02-24 17:15:25Z", T0),
            ("2023-02-24T24:00:00Z", 1_677_283_200_000),
            ("1970-01-01T00:00:00Z", 0),
            ("1969-12-31T23:59:59.5Z", -500),
            ("2000-02-29T00:00:00Z", 951_782_400_000),
            ("0001-01-01T00:00:00Z", -62_135_596_800_000),
        ];
        for (word, ms) in ok {
            assert_eq!(parse_timestamp_ms(word), Some(ms), "{word}");
        }
        let bad = [
            "2023-02-24T17:15:25",
            "2023-02-24",
            "2023-02-24T",
            "2023-02-24T1",
            "2023-02-29T00:00:00Z",
            "2023-13-01T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "2023-02-24T17:60:00Z",
            "2023-02-24T17:15:60Z",
            "2023-02-24T24:00:01Z",
            "2023-02-24T25:00:00Z",
            "2023-02-24T17:15:25+24:00",
            "2023-02-24T17:15:25+05:60",
            "2023-02-24T17:15:25+5",
            "2023-02-24T17:15:25 Z",
            "2023-02-24T17:1525Z",
            "2023-02-24T17:15:25.Z",
            "2023-02-24T17:15:25Zjunk",
            "2023-0224T17:15:25Z",
            "202302-24T17:15:25Z",
            "2023-02-24T17:15:25é",
            "1677258925",
            "",
        ];
        for word in bad {
            assert_eq!(parse_timestamp_ms(word), None, "{word}");
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
    }

    #[test]
    fn numbers_follow_python() {
        assert_eq!(parse_int("17"), Ok(Value::Integer(17)));
        assert_eq!(parse_int("+17"), Ok(Value::Integer(17)));
        assert_eq!(parse_int("-017"), Ok(Value::Integer(-17)));
        assert_eq!(parse_int("1_000"), Ok(Value::Integer(1000)));
        assert_eq!(parse_int("99999999999999999999"), Ok(Value::Real(1e20)));
        for bad in ["", "+", "1.0", "1e3", "1_", "_1", "1__0", "0x10", "١"] {
            assert!(parse_int(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_float("1_000.5"), Ok(1000.5));
        assert_eq!(parse_float(".5"), Ok(0.5));
        assert_eq!(parse_float("5."), Ok(5.0));
        assert_eq!(parse_float("1E3"), Ok(1000.0));
        assert_eq!(parse_float("-Infinity"), Ok(f64::NEG_INFINITY));
        assert!(parse_float("nan").is_ok_and(f64::is_nan));
        for bad in ["", ".", "e3", "1,5", "$1", "1_.5", "abc"] {
            assert!(parse_float(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_cost("$$0.5"), Ok(0.5));
        assert_eq!(seconds_to_ms(1.2345), Value::Integer(1234));
        assert_eq!(seconds_to_ms(-0.0009), Value::Integer(0));
        assert_eq!(seconds_to_ms(f64::INFINITY), Value::Real(f64::INFINITY));
    }

    #[test]
    fn padding_follows_the_reference_order() {
        assert_eq!(pad_operator("a>=b"), "a >= b");
        assert_eq!(pad_operator("a=>b"), "a= > b");
        assert_eq!(pad_operator("a!=b"), "a != b");
        assert_eq!(pad_operator("a==b"), "a == b");
        assert_eq!(pad_operator("a===b"), "a == =b");
        assert_eq!(pad_operator("a=~b=c"), "a =~ b=c");
        assert_eq!(pad_operator("  a  =  b  "), "a = b");
        assert_eq!(pad_operator("ab"), "ab");
    }

    #[test]
    fn fragments_compose_with_the_listing_query() {
        // Parameters are in order; the fragment is a self-contained expression.
        let filter = job_filter(QueryVersion::V2, Some("tag = foo\njob_id > 3")).expect("parses");
        assert_eq!(
            filter.params,
            [text("tag"), text("foo"), Value::Integer(3)].to_vec()
        );
        assert_eq!(filter.sql.matches('?').count(), filter.params.len());
        let conn = database();
        let sql = format!(
            "SELECT count(*) FROM jobs AS j WHERE j.batch_id = ? AND ({}) AND j.job_id > ?",
            filter.sql
        );
        let mut params = vec![Value::Integer(2)];
        params.extend(filter.params.iter().cloned());
        params.push(Value::Integer(0));
        let n: i64 = conn
            .query_row(&sql, rusqlite::params_from_iter(params), |r| r.get(0))
            .expect("composed query");
        assert_eq!(n, 1);
    }
}
