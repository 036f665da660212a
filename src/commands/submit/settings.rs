//! The settings of one submission, each resolved once and carrying its source, as
//! [`crate::config::resolve`] resolves one configuration variable. The first layer that has a
//! value wins:
//!
//! | setting | flag | spec file | configuration (environment, files) | otherwise |
//! |---|---|---|---|---|
//! | billing project | `--billing-project` | `billing_project` | `batch/billing_project` | `local` with the local service, else Hail's error |
//! | regions | `--region` | `regions` | `batch/regions` | the service's default region |
//! | image | `--image` | | `HAIL_GENETICS_HAIL_IMAGE` (unless empty) | [`DEFAULT_IMAGE`] |
//! | token | `--token` | | | a fresh random token |
//!
//! A flag replaces the spec file's top-level value (`--region` its `regions`). Regions and the
//! image are those of the jobs that name none: a spec file's job keeps its own `regions`, and
//! its own or `defaults.image` (the planner merged that into the job). Regions must be among
//! the service's supported regions, checked here before anything is sent, a spec file's at
//! their line; `any_region` means any region.

use std::path::PathBuf;

use anyhow::Result;
use futures::future::{Either, OptionFuture};
use serde_json::Value;

use super::Context;
use crate::cli::{DEFAULT_IMAGE, IMAGE_ENV_VAR, SubmitArgs};
use crate::client::BatchClient;
use crate::config::UserConfig;
use crate::config::resolve::{Resolved, Source, resolve_variable};
use crate::error::{Reported, WithHint};
use crate::spec::{ANY_REGION, BatchPlan, STDIN_PATH};

/// What a submission is sent with.
pub(super) struct Settings {
    /// The batch's billing project.
    pub billing_project: Resolved,
    /// The regions of jobs that name none; `None`: any region.
    pub regions: Option<Vec<String>>,
    /// Where [`Settings::regions`] come from.
    pub regions_source: Source,
    /// The image of jobs that name none.
    pub image: Resolved,
    /// The batch's idempotency token.
    pub token: String,
}

fn resolved(value: impl Into<String>, source: Source) -> Resolved {
    let value = value.into();
    Resolved { value, source }
}

impl Settings {
    /// Resolves every setting of a submission while `load_spec` reads and plans its spec file
    /// (if any), whose plan comes back beside the settings.
    ///
    /// The service's regions are asked for meanwhile: for a big spec file that hides the round
    /// trips (and the connection set-up). A spec error is reported as soon as it is found,
    /// without waiting for the answers.
    pub(super) async fn resolve(
        ctx: &Context,
        client: &BatchClient,
        config: &UserConfig,
        args: &SubmitArgs,
        load_spec: impl Future<Output = Result<Option<BatchPlan>>>,
    ) -> Result<(Option<BatchPlan>, Settings)> {
        // Without `--region`, `batch/regions` is needed first: it decides whether the service's
        // default region may be needed.
        let configured_regions = match args.region.is_empty() {
            true => resolve_variable("batch/regions", None, &ctx.env, config)?,
            false => None,
        };
        let need_default_region = args.region.is_empty() && configured_regions.is_none();
        let default_region = need_default_region.then(|| client.default_region());
        // Each answer is used only if needed, so an error of one that is not needed is no error.
        let asking = std::pin::pin!(async {
            futures::join!(
                OptionFuture::from(default_region),
                client.supported_regions()
            )
        });
        let loading = std::pin::pin!(load_spec);
        let (spec_plan, (default_region, supported_regions)) =
            match futures::future::select(loading, asking).await {
                Either::Left((plan, asking)) => (plan?, asking.await),
                Either::Right((answers, loading)) => (loading.await?, answers),
            };
        let spec = spec_plan.as_ref();
        let flag = |name: &str| Source::Flag(name.to_string());
        let spec_file = || match args.file.as_deref() {
            Some(path) if path.as_os_str() != STDIN_PATH => Source::File(path.to_path_buf()),
            _ => Source::File(PathBuf::from("<stdin>")),
        };

        let from_spec = spec.and_then(|plan| plan.billing_project.as_ref());
        let configured = resolve_variable("batch/billing_project", None, &ctx.env, config)?;
        let billing_project = args
            .billing_project
            .as_ref()
            .map(|value| resolved(value, flag("--billing-project")))
            .or_else(|| from_spec.map(|value| resolved(value, spec_file())))
            .or(configured);
        let billing_project = match billing_project {
            Some(value) => value,
            // The local service accepts any billing project; a first run needs no configuration.
            None if client.is_local() => resolved("local", Source::Default),
            None => {
                return Err(Reported::failure(
                    "error: the billing_project parameter of ServiceBackend must be set or run \
                     `hailctl config set batch/billing_project MY_BILLING_PROJECT`",
                )
                .into());
            }
        };

        // `--region` replaces the spec's `regions` (not a job's own `regions`).
        let from_spec = spec.and_then(|plan| plan.regions.as_ref());
        let regions_from_spec = args.region.is_empty() && from_spec.is_some();
        let (regions, regions_source) = if !args.region.is_empty() {
            (args.region.clone(), flag("--region"))
        } else if let Some(regions) = from_spec {
            (regions.clone(), spec_file())
        } else if let Some(r) = configured_regions {
            (r.value.split(',').map(str::to_string).collect(), r.source)
        } else {
            let default = match default_region {
                Some(default) => default?,
                None => client.default_region().await?,
            };
            (vec![default], Source::Default)
        };
        // `any_region` means any region (Hail's tool falls back to the default region instead).
        let regions = Some(regions).filter(|r| r != &[ANY_REGION.to_string()]);
        // Every region is checked before anything is sent: the service's refusal names neither
        // the file nor the job. A spec's are refused at their line in the file.
        let job_regions = spec.is_some_and(|plan| plan.jobs.iter().any(|j| j.regions.is_some()));
        if regions.is_some() || job_regions {
            let supported = supported_regions?;
            let supported: Vec<&str> = supported
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let choose = || format!("choose from: {}", supported.join(", "));
            let is_supported = |region: &str| supported.contains(&region);
            if let Some(plan) = spec {
                plan.check_regions(regions_from_spec, is_supported, unsupported)
                    .map_err(|e| WithHint {
                        message: e.to_string(),
                        hint: choose(),
                    })?;
            }
            if let Some(regions) = regions.as_deref().filter(|_| !regions_from_spec) {
                let refused: Vec<&str> = regions
                    .iter()
                    .map(String::as_str)
                    .filter(|r| !is_supported(r))
                    .collect();
                if !refused.is_empty() {
                    let message = unsupported(&refused);
                    let hint = choose();
                    return Err(WithHint { message, hint }.into());
                }
            }
        }

        let from_env = ctx.env.get(IMAGE_ENV_VAR).filter(|v| !v.is_empty());
        let image = args
            .image
            .as_ref()
            .map(|value| resolved(value, flag("--image")))
            .or_else(|| from_env.map(|value| resolved(value, Source::Env(IMAGE_ENV_VAR.into()))))
            .unwrap_or_else(|| resolved(DEFAULT_IMAGE, Source::Default));

        // An empty token would make every such submission the same batch.
        if args.token.as_deref().is_some_and(|t| t.trim().is_empty()) {
            return Err(crate::commands::usage_error(
                "Invalid value for '--token': the token must not be empty",
            ));
        }
        // A fresh token, as Hail's client makes one (`secrets.token_urlsafe(32)`).
        let token = args.token.clone().unwrap_or_else(crate::random::token);
        let settings = Settings {
            billing_project,
            regions,
            regions_source,
            image,
            token,
        };
        Ok((spec_plan, settings))
    }

    /// The settings and their sources, one line each, for `--verbose`.
    pub(super) fn describe(&self) -> String {
        let regions = self
            .regions
            .as_ref()
            .map_or("any".to_string(), |r| r.join(", "));
        let (billing_project, image) = (&self.billing_project, &self.image);
        format!(
            "billing project: {} ({})\nregions: {regions} ({})\nimage: {} ({})",
            billing_project.value,
            billing_project.source,
            self.regions_source,
            image.value,
            image.source
        )
    }
}

/// What is wrong with regions the service does not support.
fn unsupported(refused: &[&str]) -> String {
    let quoted: Vec<String> = refused.iter().map(|r| format!("{r:?}")).collect();
    format!(
        "the Batch service does not support the region(s) {}",
        quoted.join(", ")
    )
}
