//! `hailctl batch status` without a batch id: where batches go and who submits them, each
//! setting with the source it comes from.

use anyhow::Result;
use serde_json::{Map, Value, json};

use super::Context;
use crate::cli::TextFormat;
use crate::config::UserConfig;
use crate::config::resolve::{Resolved, resolve_variable};
use crate::format;
use crate::server::daemon::{self, Status};
use crate::server::state::ServicePaths;

/// One line of the report.
struct Item {
    key: &'static str,
    value: String,
    source: String,
}

fn item(key: &'static str, resolved: Option<Resolved>) -> Item {
    match resolved {
        Some(r) => Item {
            key,
            value: r.value,
            source: r.source.to_string(),
        },
        None => Item {
            key,
            value: "(not set)".into(),
            source: String::new(),
        },
    }
}

pub(crate) async fn environment_status(ctx: &Context, output: TextFormat) -> Result<()> {
    let config = UserConfig::load(&ctx.env, &ctx.profile)?;
    let mut items = Vec::new();
    let backend = resolve_variable("batch/backend", None, &ctx.env, &config)?;
    let backend_name = backend
        .as_ref()
        .map(|r| r.value.clone())
        .unwrap_or_else(|| "local".into());
    items.push(item("backend", backend));
    if backend_name == "service" {
        match crate::client::BatchClient::for_backend(&ctx.env, &config).await {
            Ok(client) => {
                let answers = client.healthcheck().await;
                items.push(Item {
                    key: "service",
                    value: format!(
                        "{} ({})",
                        client.base_url(),
                        if answers {
                            "answers"
                        } else {
                            "does not answer"
                        }
                    ),
                    source: "deploy config".into(),
                });
                let user = match client.userinfo().await {
                    Ok(info) => info["username"].as_str().unwrap_or("?").to_string(),
                    Err(e) => format!("not signed in ({e})"),
                };
                items.push(Item {
                    key: "user",
                    value: user,
                    source: "auth service".into(),
                });
            }
            Err(e) => items.push(Item {
                key: "service",
                value: format!("unusable: {e}"),
                source: "deploy config".into(),
            }),
        }
    } else {
        let paths = ServicePaths::locate(&ctx.env);
        let (service, user) = match daemon::status(&paths)? {
            Status::Running(state) => (
                format!(
                    "{} (answers; pid {}, data in {})",
                    state.base_url(),
                    state.pid,
                    state.data_dir.display()
                ),
                state.user,
            ),
            Status::Stale(_) | Status::NotRunning => (
                "no local service is running (batch commands start one)".to_string(),
                crate::server::state::os_user_name(&ctx.env),
            ),
        };
        items.push(Item {
            key: "service",
            value: service,
            source: paths.state_file().display().to_string(),
        });
        items.push(Item {
            key: "user",
            value: user,
            source: "OS user".into(),
        });
    }
    for (key, name) in [
        ("billing_project", "batch/billing_project"),
        ("remote_tmpdir", "batch/remote_tmpdir"),
        ("regions", "batch/regions"),
        ("domain", "domain"),
    ] {
        items.push(item(key, resolve_variable(name, None, &ctx.env, &config)?));
    }
    items.push(match &config.profile {
        Some(p) => Item {
            key: "profile",
            value: p.name.clone(),
            source: p.source.to_string(),
        },
        None => Item {
            key: "profile",
            value: "default".into(),
            source: String::new(),
        },
    });
    match output {
        TextFormat::Text => {
            let width = items.iter().map(|i| i.key.len()).max().unwrap_or(0);
            let lines: Vec<String> = items
                .iter()
                .map(|i| {
                    let source = if i.source.is_empty() {
                        String::new()
                    } else {
                        format!("  ({})", i.source)
                    };
                    format!(
                        "{:width$}  {}{source}",
                        format!("{}:", i.key),
                        i.value,
                        width = width + 1
                    )
                })
                .collect();
            ctx.printer.line(&lines.join("\n"))?;
        }
        TextFormat::Json | TextFormat::Yaml => {
            let mut map = Map::new();
            for i in &items {
                map.insert(
                    i.key.to_string(),
                    json!({"value": i.value, "source": if i.source.is_empty() { Value::Null } else { json!(i.source) }}),
                );
            }
            let value = Value::Object(map);
            let text = if output == TextFormat::Json {
                format::python_json(&value)
            } else {
                format::python_yaml(&value)
            };
            ctx.printer.line(&text)?;
        }
    }
    Ok(())
}
