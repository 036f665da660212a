//! Billing projects (`batch-semantics.md` §10): membership decides visibility of batches;
//! status and limit are checked when a batch is created. No costs accrue locally, so
//! `accrued_cost` is 0 and only a limit of exactly 0 blocks submissions (as in the reference).

use rusqlite::{Connection, OptionalExtension, params};

use super::types::BillingProjectRow;
use super::{Result, Store, StoreError};
use crate::server::api::messages;

fn unknown(name: &str) -> StoreError {
    StoreError::Forbidden(messages::unknown_billing_project(name))
}

fn does_not_exist(name: &str) -> StoreError {
    StoreError::NotFound(messages::billing_project_does_not_exist(name))
}

fn closed_unmodifiable(name: &str) -> StoreError {
    StoreError::Forbidden(messages::billing_project_closed_unmodifiable(name))
}

/// `(exact name, status)` of the project whose name equals `name` ignoring case (names are
/// unique case-insensitively; the exact spelling is preferred).
fn lookup_nocase(conn: &Connection, name: &str) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT name, status FROM billing_projects WHERE name = ?1 COLLATE NOCASE
             ORDER BY name = ?1 DESC LIMIT 1",
        )?
        .query_row(params![name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Status of the non-deleted project named exactly `name`; 404 otherwise.
fn existing_status(conn: &Connection, name: &str) -> Result<String> {
    conn.prepare_cached(
        "SELECT status FROM billing_projects WHERE name = ?1 AND status != 'deleted'",
    )?
    .query_row(params![name], |r| r.get(0))
    .optional()?
    .ok_or_else(|| does_not_exist(name))
}

/// Creates `name` (open) with `user` as member if no project of that name exists in any case;
/// adds `user` to an existing open project of exactly that name. Anything else (closed,
/// deleted, other case) is left for the caller's checks to refuse.
fn auto_join(conn: &Connection, user: &str, name: &str, now: i64) -> Result<()> {
    match lookup_nocase(conn, name)? {
        None => {
            conn.prepare_cached(
                "INSERT INTO billing_projects (name, status, time_created) VALUES (?1, 'open', ?2)",
            )?
            .execute(params![name, now])?;
        }
        Some((exact, status)) if exact == name && status == "open" => {}
        Some(_) => return Ok(()),
    }
    conn.prepare_cached(
        "INSERT OR IGNORE INTO billing_project_users (billing_project, user) VALUES (?1, ?2)",
    )?
    .execute(params![name, user])?;
    Ok(())
}

/// The batch-creation checks of §10.3, in order: membership (403 unknown), status (403
/// closed or deleted), budget (403 exceeded). With `auto` the project is joined first
/// (created at `now` if needed).
pub(super) fn check_new_batch(
    conn: &Connection,
    user: &str,
    name: &str,
    auto: bool,
    now: i64,
) -> Result<()> {
    if auto {
        auto_join(conn, user, name, now)?;
    }
    let found: Option<(String, Option<f64>)> = conn
        .prepare_cached(
            "SELECT p.status, p.limit_usd FROM billing_projects AS p
             JOIN billing_project_users AS u ON u.billing_project = p.name
             WHERE p.name = ?1 AND u.user = ?2",
        )?
        .query_row(params![name, user], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((status, limit)) = found else {
        return Err(unknown(name));
    };
    if status != "open" {
        return Err(StoreError::Forbidden(messages::billing_project_closed(
            name,
        )));
    }
    let accrued = 0.0;
    if let Some(limit) = limit.filter(|l| accrued >= *l) {
        return Err(StoreError::Forbidden(
            messages::billing_project_over_budget(name, accrued, limit),
        ));
    }
    Ok(())
}

fn project_row(
    conn: &Connection,
    name: &str,
    status: &str,
    limit: Option<f64>,
) -> Result<BillingProjectRow> {
    let status = status.parse().map_err(StoreError::Internal)?;
    let users = conn
        .prepare_cached(
            "SELECT user FROM billing_project_users WHERE billing_project = ?1 ORDER BY user",
        )?
        .query_map(params![name], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(BillingProjectRow {
        name: name.to_owned(),
        status,
        users,
        limit,
        accrued_cost: 0.0,
    })
}

impl Store {
    /// Creates billing project `name` on first use and makes `user` a member (regardless of
    /// the fixed mode: this is the administrative "provision" call). 403 if a project of that
    /// name exists in another case, or is closed/deleted and `user` is not a member.
    #[cfg(test)]
    pub(crate) fn ensure_billing_project(&self, name: &str, user: &str, now: i64) -> Result<()> {
        self.write(|tx| {
            auto_join(tx, user, name, now)?;
            let member: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM billing_project_users
                     WHERE billing_project = ?1 AND user = ?2)",
                )?
                .query_row(params![name, user], |r| r.get(0))?;
            if member {
                Ok(())
            } else {
                match lookup_nocase(tx, name)? {
                    Some((exact, status)) if exact == name && status == "closed" => {
                        Err(closed_unmodifiable(name))
                    }
                    _ => Err(unknown(name)),
                }
            }
        })
    }

    /// Creates an open project without members (created at `now`); no-op if one exists in any
    /// case.
    pub(crate) fn create_billing_project(&self, name: &str, now: i64) -> Result<()> {
        self.write(|tx| {
            if lookup_nocase(tx, name)?.is_none() {
                tx.prepare_cached(
                    "INSERT INTO billing_projects (name, status, time_created)
                     VALUES (?1, 'open', ?2)",
                )?
                .execute(params![name, now])?;
            }
            Ok(())
        })
    }

    /// Adds a member: 404 `Billing project <p> does not exist.`, 403 when closed.
    pub(crate) fn add_billing_project_user(&self, name: &str, user: &str) -> Result<()> {
        self.write(|tx| {
            if existing_status(tx, name)? == "closed" {
                return Err(closed_unmodifiable(name));
            }
            tx.prepare_cached(
                "INSERT OR IGNORE INTO billing_project_users (billing_project, user)
                 VALUES (?1, ?2)",
            )?
            .execute(params![name, user])?;
            Ok(())
        })
    }

    /// Removes a member (no-op if not one): 404 missing, 403 closed.
    pub(crate) fn remove_billing_project_user(&self, name: &str, user: &str) -> Result<()> {
        self.write(|tx| {
            if existing_status(tx, name)? != "open" {
                return Err(StoreError::Forbidden(
                    messages::billing_project_not_open_unmodifiable(name),
                ));
            }
            tx.prepare_cached(
                "DELETE FROM billing_project_users WHERE billing_project = ?1 AND user = ?2",
            )?
            .execute(params![name, user])?;
            Ok(())
        })
    }

    /// Closes a project (idempotent): 404 missing, 403 `Billing project <p> has running
    /// batches.` while a non-deleted batch of it is incomplete.
    pub(crate) fn close_billing_project(&self, name: &str) -> Result<()> {
        self.write(|tx| {
            existing_status(tx, name)?;
            let running: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM batches WHERE billing_project = ?1
                     AND deleted = 0 AND time_completed IS NULL)",
                )?
                .query_row(params![name], |r| r.get(0))?;
            if running {
                return Err(StoreError::Forbidden(
                    messages::billing_project_has_running_batches(name),
                ));
            }
            tx.prepare_cached("UPDATE billing_projects SET status = 'closed' WHERE name = ?1")?
                .execute(params![name])?;
            Ok(())
        })
    }

    /// Reopens a closed project (idempotent): 404 missing, 403 deleted.
    pub(crate) fn reopen_billing_project(&self, name: &str) -> Result<()> {
        self.change_status(
            name,
            "deleted",
            || messages::billing_project_deleted_cannot_reopen(name),
            "open",
        )
    }

    /// Moves the project named exactly `name` to `to` (a repeat is a no-op): 404 when there is
    /// none, 403 with `refusal` when it is in status `refused`.
    fn change_status(
        &self,
        name: &str,
        refused: &str,
        refusal: impl FnOnce() -> String,
        to: &str,
    ) -> Result<()> {
        self.write(|tx| {
            let status: Option<String> = tx
                .prepare_cached("SELECT status FROM billing_projects WHERE name = ?1")?
                .query_row(params![name], |r| r.get(0))
                .optional()?;
            match status.as_deref() {
                None => Err(does_not_exist(name)),
                Some(s) if s == refused => Err(StoreError::Forbidden(refusal())),
                Some(_) => {
                    tx.prepare_cached("UPDATE billing_projects SET status = ?2 WHERE name = ?1")?
                        .execute(params![name, to])?;
                    Ok(())
                }
            }
        })
    }

    /// Sets or clears the spending limit: 400 negative, 404 missing, 403 closed.
    pub(crate) fn set_billing_limit(&self, name: &str, limit: Option<f64>) -> Result<()> {
        if let Some(l) = limit.filter(|l| !l.is_finite() || *l < 0.0) {
            return Err(StoreError::BadRequest(messages::invalid_billing_limit(
                &l.to_string(),
            )));
        }
        self.write(|tx| {
            if existing_status(tx, name)? == "closed" {
                return Err(closed_unmodifiable(name));
            }
            tx.prepare_cached("UPDATE billing_projects SET limit_usd = ?2 WHERE name = ?1")?
                .execute(params![name, limit])?;
            Ok(())
        })
    }

    /// Deletes a closed project (idempotent): 404 `Billing project <p> does not exist.` when
    /// there is no project of exactly that name, 403 while it is open. A deleted project is
    /// invisible everywhere; its name stays taken (in any case), as in Hail.
    pub(crate) fn delete_billing_project(&self, name: &str) -> Result<()> {
        self.change_status(
            name,
            "open",
            || messages::billing_project_open_cannot_delete(name),
            "deleted",
        )
    }

    /// Every non-deleted project, by name (what a billing administrator sees).
    pub(crate) fn all_billing_projects(&self) -> Result<Vec<BillingProjectRow>> {
        self.read(|tx| {
            let found: Vec<(String, String, Option<f64>)> = tx
                .prepare_cached(
                    "SELECT name, status, limit_usd FROM billing_projects
                     WHERE status != 'deleted' ORDER BY name",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            found
                .into_iter()
                .map(|(name, status, limit)| project_row(tx, &name, &status, limit))
                .collect()
        })
    }

    /// One non-deleted project of exactly that name, member or not (administrators): 403
    /// `Unknown Hail Batch billing project <p>.` otherwise.
    pub(crate) fn any_billing_project(&self, name: &str) -> Result<BillingProjectRow> {
        self.read(|tx| {
            let found: Option<(String, Option<f64>)> = tx
                .prepare_cached(
                    "SELECT status, limit_usd FROM billing_projects
                     WHERE name = ?1 AND status != 'deleted'",
                )?
                .query_row(params![name], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((status, limit)) = found else {
                return Err(unknown(name));
            };
            project_row(tx, name, &status, limit)
        })
    }

    /// Non-deleted projects `user` is a member of, by name.
    pub(crate) fn billing_projects(&self, user: &str) -> Result<Vec<BillingProjectRow>> {
        self.read(|tx| {
            let found: Vec<(String, String, Option<f64>)> = tx
                .prepare_cached(
                    "SELECT p.name, p.status, p.limit_usd FROM billing_projects AS p
                     JOIN billing_project_users AS u ON u.billing_project = p.name
                     WHERE u.user = ?1 AND p.status != 'deleted' ORDER BY p.name",
                )?
                .query_map(params![user], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            found
                .into_iter()
                .map(|(name, status, limit)| project_row(tx, &name, &status, limit))
                .collect()
        })
    }

    /// One project `user` is a member of (exact name): 403 `Unknown Hail Batch billing
    /// project <p>.` otherwise.
    pub(crate) fn billing_project(&self, user: &str, name: &str) -> Result<BillingProjectRow> {
        self.read(|tx| {
            let found: Option<(String, Option<f64>)> = tx
                .prepare_cached(
                    "SELECT p.status, p.limit_usd FROM billing_projects AS p
                     JOIN billing_project_users AS u ON u.billing_project = p.name
                     WHERE p.name = ?1 AND u.user = ?2 AND p.status != 'deleted'",
                )?
                .query_row(params![name, user], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((status, limit)) = found else {
                return Err(unknown(name));
            };
            project_row(tx, name, &status, limit)
        })
    }
}
