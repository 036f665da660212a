//! `hailctl batch billing ...`: Hail's `list` and `get`, and billing project administration
//! (`create|add-user|remove-user|close|reopen|delete|limit`, `batch-semantics.md` §10.2), which
//! Hail's tool lacks; these call the same administrative endpoints Hail's Python client does, so
//! they work against the local service and, with the permission, a real one.
//!
//! A refusal prints the service's own message as `error: <message>` and exits 1, or 5 when
//! the project does not exist (404), like other "not found" answers (docs/exit-codes.md).

use anyhow::Result;

use super::Context;
use super::batch_ops::print_structured;
use crate::cli::BillingCommand;
use crate::client::{BatchClient, ClientError};
use crate::error::{EXIT_FAILURE, EXIT_NOT_FOUND, Reported};

/// The service's refusal as the user should see it: `error: <message>` (without Hail's
/// `<code>: ` prefix), exit 5 for a missing project, else 1.
fn refusal(err: ClientError) -> anyhow::Error {
    match err {
        ClientError::NotAuthenticated => Reported::failure(
            "error: the service refused (401 Unauthorized): billing administration needs the \
             developer role",
        )
        .into(),
        ClientError::Http { status, body, .. } => {
            let body = body.trim();
            let prefix = format!("{status}: ");
            let message = body.strip_prefix(&prefix).unwrap_or(body);
            let code = if status == 404 {
                EXIT_NOT_FOUND
            } else {
                EXIT_FAILURE
            };
            Reported::with_code(format!("error: {message}"), code).into()
        }
        other => other.into(),
    }
}

/// Runs one `billing` subcommand.
pub(crate) async fn run(
    ctx: &Context,
    client: &BatchClient,
    command: &BillingCommand,
) -> Result<()> {
    let line = match command {
        BillingCommand::List { output } => {
            return print_structured(ctx, *output, &client.billing_projects().await?);
        }
        BillingCommand::Get {
            billing_project: p,
            output,
        } => {
            return print_structured(ctx, *output, &client.billing_project(p).await?);
        }
        BillingCommand::Create { billing_project: p } => {
            client.create_billing_project(p).await.map_err(refusal)?;
            format!("Created billing project {p}.")
        }
        BillingCommand::AddUser {
            billing_project: p,
            user,
        } => {
            client
                .add_billing_project_user(p, user)
                .await
                .map_err(refusal)?;
            format!("Added user {user} to billing project {p}.")
        }
        BillingCommand::RemoveUser {
            billing_project: p,
            user,
        } => {
            client
                .remove_billing_project_user(p, user)
                .await
                .map_err(refusal)?;
            format!("Removed user {user} from billing project {p}.")
        }
        BillingCommand::Close { billing_project: p } => {
            client.close_billing_project(p).await.map_err(refusal)?;
            format!("Closed billing project {p}.")
        }
        BillingCommand::Reopen { billing_project: p } => {
            client.reopen_billing_project(p).await.map_err(refusal)?;
            format!("Reopened billing project {p}.")
        }
        BillingCommand::Delete { billing_project: p } => {
            client.delete_billing_project(p).await.map_err(refusal)?;
            format!("Deleted billing project {p}.")
        }
        BillingCommand::Limit {
            billing_project: p,
            amount,
        } => {
            client
                .edit_billing_limit(p, amount.0)
                .await
                .map_err(refusal)?;
            match amount.0 {
                Some(x) => format!("Set the limit of billing project {p} to ${x:.2}."),
                None => format!("Removed the limit of billing project {p}."),
            }
        }
    };
    ctx.printer.line(&line)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_show_the_service_message() {
        let err = refusal(ClientError::Http {
            status: 403,
            url: "http://x".into(),
            body: "403: Billing project p is open and cannot be deleted.".into(),
        });
        let reported = err.downcast_ref::<Reported>().expect("reported");
        assert_eq!(
            reported.message,
            "error: Billing project p is open and cannot be deleted."
        );
        assert_eq!(reported.code, EXIT_FAILURE);
        let err = refusal(ClientError::Http {
            status: 404,
            url: "http://x".into(),
            body: "404: Billing project q does not exist.".into(),
        });
        assert_eq!(
            err.downcast_ref::<Reported>().expect("reported").code,
            EXIT_NOT_FOUND
        );
    }
}
