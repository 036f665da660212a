//! `hailctl batch init` (hailctl-cli §7): sign in if needed, choose or create a bucket for
//! temporary files through `gcloud`, choose a region and a query backend, and write the result
//! with `config set` semantics (so into the active profile), as Hail's tool does.
//!
//! Beyond Hail: every question can be answered by a flag (a flag's answer is not asked), and
//! `--dry-run` shows the `gcloud` commands that would change anything and the settings that
//! would be written, without running or writing them (read-only queries, `gcloud version`,
//! `config get-value` and `buckets describe`, still run: the questions depend on them).
//! Messages are Hail's, without colours.

use std::process::Command;

use anyhow::Result;
use serde_json::Value;

use super::Context;
use super::auth;
use super::config;
use super::prompt::{self, aborted};
use crate::cli::{InitArgs, flag_answer};
use crate::client::auth_service::AuthService;
use crate::client::{BatchClient, ClientError, ClientOptions};
use crate::config::UserConfig;
use crate::error::Reported;
use crate::format::python::{list_of, str_repr};

const GCLOUD_MISSING: &str = "Have you installed gcloud? For directions see https://cloud.google.com/sdk/docs/install To log into gcloud run:\n> gcloud auth application-default login";

pub(crate) fn run(ctx: &Context, args: &InitArgs) -> Result<()> {
    super::block_on(init(ctx, args))
}

/// What the bucket set-up decided.
struct TmpDir {
    remote_tmpdir: String,
    region: String,
    warnings: bool,
}

async fn init(ctx: &Context, args: &InitArgs) -> Result<()> {
    let config = UserConfig::load(&ctx.env, &ctx.profile)?;
    let service = AuthService::new(&ctx.env, &config)?;

    // 1. Only missing credentials count as "not logged in" (as in Hail).
    let auth = service.credentials().await?;
    match service.userinfo(&auth, true).await {
        Err(ClientError::NotLoggedIn(_)) => {
            ctx.printer.line(
                "You are not currently logged in to Hail. Redirecting you to a login screen.",
            )?;
            let options = auth::LoginOptions {
                open_browser: !args.no_browser,
                port: args.port,
            };
            auth::login(ctx, &service, options).await?;
            ctx.printer
                .line("In the future, you can use `hailctl auth login` to login to Hail.")?;
        }
        Err(e) => return Err(e.into()),
        Ok(_) => ctx.printer.line(&format!(
            "You are currently logged in to Hail at domain {}.",
            service.deploy.domain
        ))?,
    }

    // 2. Who the user is.
    let auth = service.credentials().await?;
    let Some(user) = service.userinfo(&auth, true).await? else {
        return Err(Reported::failure(
            "error: the deployment does not accept your credentials (HTTP 401 from userinfo); \
             run `hailctl auth login`",
        )
        .into());
    };
    let text = |name: &str| {
        user.get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let (username, hail_identity, trial_bp_name) = (
        text("username"),
        text("hail_identity"),
        text("trial_bp_name"),
    );

    // 3. The deployment's cloud and regions.
    let batch = BatchClient::service(&ctx.env, &config, ClientOptions::from_env(&ctx.env)?).await?;
    let cloud = batch.cloud().await?;
    let regions: Vec<String> = match batch.supported_regions().await? {
        Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    if regions.is_empty() {
        return Err(Reported::failure(
            "error: the deployment supports no regions (empty supported_regions)",
        )
        .into());
    }

    let gcloud = Gcloud {
        ctx,
        verbose: args.verbose,
        dry_run: args.dry_run,
    };
    let tmp = if cloud == "gcp" {
        initialize_gcp(&gcloud, args, &username, &hail_identity, &regions)?
    } else {
        let remote_tmpdir = match &args.remote_tmpdir {
            Some(dir) => dir.clone(),
            None => prompt::ask(
                ctx,
                "Enter a path to an existing remote temporary directory (ex: https://myaccount.blob.core.windows.net/mycontainer/batch/tmp)",
                None,
                None,
            )?,
        };
        ctx.printer.line(&format!(
            "WARNING: You will need to grant read/write access to {remote_tmpdir} for account {hail_identity}"
        ))?;
        let region = match &args.tmpdir_region {
            Some(region) => region.clone(),
            None => prompt::ask(
                ctx,
                "Which region is your remote temporary directory in? (Example: eastus)",
                None,
                None,
            )?,
        };
        TmpDir {
            remote_tmpdir,
            region,
            warnings: false,
        }
    };
    let mut warnings = tmp.warnings;

    let compute_region = match &args.region {
        Some(region) if regions.contains(region) => region.clone(),
        Some(region) => {
            return Err(Reported::failure(format!(
                "error: --region {region} is not one of the deployment's regions {}",
                list_of(regions.iter().map(String::as_str))
            ))
            .into());
        }
        None => prompt::ask(
            ctx,
            "Which region do you want your jobs to run in?",
            None,
            Some(&regions),
        )?,
    };
    if tmp.region != compute_region && !compute_region.starts_with(&tmp.region) {
        ctx.printer.line(&format!(
            "WARNING: remote temporary directory \"{}\" is not located in the selected compute region for Batch jobs \"{compute_region}\". Found {}.",
            tmp.remote_tmpdir, tmp.region
        ))?;
        warnings = true;
    }

    let set = |parameter: &str, value: &str| -> Result<()> {
        if args.dry_run {
            ctx.printer
                .line(&format!("(dry run) would set {parameter}={value}"))?;
            Ok(())
        } else {
            config::set(ctx, parameter, value)
        }
    };
    // An explicit value wins over the configuration: the trial project always replaces it.
    if !trial_bp_name.is_empty() {
        set("batch/billing_project", &trial_bp_name)?;
    }
    if !tmp.remote_tmpdir.is_empty() {
        set("batch/remote_tmpdir", &tmp.remote_tmpdir)?;
    }
    set("batch/regions", &compute_region)?;
    set("batch/backend", "service")?;
    let backends = ["spark".to_string(), "batch".to_string()];
    let query_backend = match &args.query_backend {
        Some(backend) if backends.contains(backend) => backend.clone(),
        Some(backend) => {
            return Err(Reported::failure(format!(
                "error: --query-backend {backend} is not one of spark, batch"
            ))
            .into());
        }
        None => prompt::ask(
            ctx,
            "Which backend do you want to use for Hail Query?",
            None,
            Some(&backends),
        )?,
    };
    set("query/backend", &query_backend)?;

    ctx.printer.line("--------------------")?;
    ctx.printer.line("FINAL CONFIGURATION:")?;
    ctx.printer.line("--------------------")?;
    if args.dry_run {
        ctx.printer
            .line("(dry run) nothing was changed: no gcloud command that changes anything ran, and no setting was written")?;
    } else {
        config::list(ctx, None, false)?;
    }
    if warnings {
        ctx.printer.line(
            "WARNING: The currently specified configuration will result in additional fees when using Hail Batch.",
        )?;
    }
    Ok(())
}

/// The Google branch (§7 step 4).
fn initialize_gcp(
    gcloud: &Gcloud<'_>,
    args: &InitArgs,
    username: &str,
    service_account: &str,
    regions: &[String],
) -> Result<TmpDir> {
    let ctx = gcloud.ctx;
    if !gcloud.installed() {
        ctx.printer.line(GCLOUD_MISSING)?;
        return Err(aborted());
    }
    let create = match flag_answer(args.create_bucket, args.no_create_bucket) {
        Some(answer) => answer,
        None if args.remote_tmpdir.is_some() => false,
        None => prompt::confirm(
            ctx,
            "Do you want to create a new bucket for temporary files generated by Hail?",
        )?,
    };
    if create {
        new_bucket(gcloud, args, username, service_account, regions)
    } else {
        existing_bucket(gcloud, args, service_account)
    }
}

/// `gs://bucket/path` → `bucket`.
fn gcs_bucket(url: &str) -> Result<String> {
    match url.strip_prefix("gs://") {
        Some(rest) => Ok(rest.split('/').next().unwrap_or_default().to_string()),
        None => Err(Reported::failure(format!(
            "error: {} is not a Google Cloud Storage path (gs://bucket/path)",
            str_repr(url)
        ))
        .into()),
    }
}

fn existing_bucket(gcloud: &Gcloud<'_>, args: &InitArgs, service_account: &str) -> Result<TmpDir> {
    let ctx = gcloud.ctx;
    let remote_tmpdir = match &args.remote_tmpdir {
        Some(dir) => dir.clone(),
        None => prompt::ask(
            ctx,
            "Enter a path to an existing remote temporary directory (ex: gs://my-bucket/batch/tmp)",
            None,
            None,
        )?,
    };
    let bucket = gcs_bucket(&remote_tmpdir)?;
    let gs_bucket = format!("gs://{bucket}");
    let describe = gcloud.run(
        &[
            "storage",
            "buckets",
            "describe",
            &gs_bucket,
            "--format=\"json\"",
        ],
        false,
    )?;
    if !describe.ok {
        if describe
            .stderr
            .contains("does not have storage.buckets.get access to the Google Cloud Storage bucket")
        {
            ctx.printer.line(&format!(
                "ERROR: You do not have sufficient permissions to get information about bucket {bucket} or it does not exist. If the bucket exists, ask a project administrator to give you the permission \"storage.buckets.get\" or assign you the StorageAdmin role in Google Cloud Storage."
            ))?;
            return Err(aborted());
        }
        return Err(describe.failure());
    }
    let info: Value = serde_json::from_str(&describe.stdout).map_err(|e| {
        Reported::failure(format!(
            "error: `gcloud storage buckets describe {gs_bucket}` did not print JSON: {e}"
        ))
    })?;
    let field = |name: &str| {
        info.get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let mut warnings = false;
    if field("locationType") != "region" {
        ctx.printer.line(&format!(
            "WARNING: remote temporary directory {remote_tmpdir} is multi-regional. Using this bucket with the Batch Service will incur additional network fees."
        ))?;
        warnings = true;
    }
    if field("storageClass").to_uppercase() != "STANDARD" {
        ctx.printer.line(&format!(
            "WARNING: remote temporary directory {remote_tmpdir} does not have storage class \"STANDARD\". Additional data recovery charges will occur when accessing data."
        ))?;
        warnings = true;
    }
    let grant = match flag_answer(args.grant_access, args.no_grant_access) {
        Some(answer) => answer,
        None => prompt::confirm(
            ctx,
            &format!(
                "Do you want to give service account {service_account} read/write access to bucket {bucket}?"
            ),
        )?,
    };
    if grant {
        gcloud.grant(&bucket, service_account, "roles/storage.objectAdmin")?;
        ctx.printer.line(&format!(
            "Granted service account {service_account} read and write access to {bucket}."
        ))?;
    } else {
        ctx.printer.line(&format!(
            "WARNING: Please verify service account {service_account} has the role \"roles/storage.objectAdmin\" or both \"roles/storage.objectViewer\" and \"roles/storage.objectCreator\" roles for bucket {bucket}."
        ))?;
        warnings = true;
    }
    Ok(TmpDir {
        remote_tmpdir,
        region: field("location").to_lowercase(),
        warnings,
    })
}

fn new_bucket(
    gcloud: &Gcloud<'_>,
    args: &InitArgs,
    username: &str,
    service_account: &str,
    regions: &[String],
) -> Result<TmpDir> {
    let ctx = gcloud.ctx;
    let token = random_token();
    let default_project = gcloud
        .run(&["config", "get-value", "project"], false)
        .ok()
        .filter(|out| out.ok)
        .map(|out| crate::format::python::strip(&out.stdout).to_string());
    let project = match &args.project {
        Some(project) => project.clone(),
        None => prompt::ask(
            ctx,
            "Which google project should the bucket be created in? This project will incur costs for storing your Hail generated data.",
            default_project.as_deref(),
            None,
        )?,
    };
    let default_region = if regions.iter().any(|r| r == "us-central1") {
        "us-central1"
    } else {
        regions[0].as_str()
    };
    let bucket_region = match &args.bucket_region {
        Some(region) => region.clone(),
        None => prompt::ask(
            ctx,
            "Which region does your data reside in?",
            Some(default_region),
            None,
        )?,
    };
    if !regions.contains(&bucket_region) {
        ctx.printer.line(&format!(
            "The region where your data lives ({bucket_region}) is not in one of the supported regions of the Batch Service ({}). Creating a bucket in {bucket_region} will incur additional network fees when using the Batch Service.",
            list_of(regions.iter().map(String::as_str))
        ))?;
        let go_on = args.allow_unsupported_region
            || prompt::confirm(
                ctx,
                &format!(
                    "Do you wish to continue setting up the new bucket in region {bucket_region}?"
                ),
            )?;
        if !go_on {
            return Err(aborted());
        }
    }
    let lifecycle_days = match args.lifecycle_days {
        Some(0) => None,
        Some(days) => Some(days),
        None => {
            if prompt::confirm(
                ctx,
                "Do you want to set a lifecycle policy (automatically delete files after a time period) on the bucket?",
            )? {
                Some(prompt::ask_int(
                    ctx,
                    "After how many days should files be automatically deleted from bucket?",
                    7,
                )?)
            } else {
                None
            }
        }
    };
    if let Some(days) = lifecycle_days
        && days <= 0
    {
        ctx.printer
            .line(&format!("Invalid value for lifecycle rule in days {days}"))?;
        return Err(aborted());
    }
    let days_suffix = lifecycle_days.map_or(String::new(), |d| format!("-{d}day"));
    let suggested = format!("hail-batch-{username}-{project}-{token}{days_suffix}");
    let bucket = match &args.bucket_name {
        Some(name) => name.clone(),
        None => prompt::ask(
            ctx,
            "What is the name of the new bucket?",
            Some(&suggested),
            None,
        )?,
    };
    let remote_tmpdir = format!("gs://{bucket}/batch/tmp");
    let gs_bucket = format!("gs://{bucket}");
    let location = format!("--location={bucket_region}");

    let created = gcloud.bucket_update(&project, &["create", &gs_bucket, &location])?;
    let created = if created.ok {
        gcloud.bucket_update(&project, &["update", "--clear-soft-delete", &gs_bucket])?
    } else {
        created
    };
    if created.ok {
        ctx.printer
            .line(&format!("Created bucket {bucket} in project {project}."))?;
    } else if created
        .stderr
        .contains("does not have storage.buckets.create access to the Google Cloud project")
    {
        ctx.printer.line(&format!(
            "ERROR: You do not have the necessary permissions to create buckets in project {project}. Ask a project administrator to give you the permission \"storage.buckets.create\" or assign you the StorageAdmin role or ask them to create the bucket {bucket} on your behalf."
        ))?;
        return Err(aborted());
    } else if created.stderr.contains(
        "Your previous request to create the named bucket succeeded and you already own it",
    ) {
        ctx.printer
            .line(&format!("WARNING: Bucket {bucket} was previously created."))?;
        let update = match flag_answer(args.update_existing_bucket, args.no_update_existing_bucket)
        {
            Some(answer) => answer,
            None => prompt::confirm(
                ctx,
                &format!(
                    "Do you wish to continue updating the lifecycle rules and permissions on bucket {bucket}?"
                ),
            )?,
        };
        if !update {
            ctx.printer.line(&format!(
                "WARNING: The lifecycle rules and permissions on bucket {bucket} were not updated. You will have to manually configure these yourself."
            ))?;
            return Ok(TmpDir {
                remote_tmpdir,
                region: bucket_region,
                warnings: true,
            });
        }
    } else {
        return Err(created.failure());
    }

    // Lifecycle and labels.
    let labels = format!("bucket={bucket},owner={username},data_type=temporary");
    let update_failed = |out: &GcloudOutput| -> Result<()> {
        if out.ok {
            return Ok(());
        }
        if out
            .stderr
            .contains("does not have storage.buckets.get access to the Google Cloud Storage bucket")
        {
            let mut message = format!(
                "ERROR: You do not have the necessary permissions to update bucket {bucket} in project {project}. Ask a project administrator to assign you the StorageAdmin role in Google Cloud Storage for bucket {bucket} or ask them to update the bucket {bucket} on your behalf."
            );
            if let Some(days) = lifecycle_days {
                message.push_str(&format!(
                    "Update the bucket to have a lifecycle policy of {days} days."
                ));
            }
            message.push_str(&format!("Update the bucket to have labels: {labels}"));
            ctx.printer.line(&message)?;
            return Err(aborted());
        }
        Err(out.failure())
    };
    if let Some(days) = lifecycle_days {
        let policy = format!(
            "{{\"rule\": [{{\"action\": {{\"type\": \"Delete\"}}, \"condition\": {{\"age\": {days}}}}}]}}"
        );
        let file = std::env::temp_dir().join(format!(
            "hailctl-lifecycle-{}.json",
            crate::random::suffix()
        ));
        std::fs::write(&file, policy)?;
        let flag = format!("--lifecycle-file={}", file.display());
        let out = gcloud.bucket_update(&project, &["update", &flag, &gs_bucket]);
        let _ = std::fs::remove_file(&file);
        update_failed(&out?)?;
    }
    let labels_flag = format!("--update-labels={labels}");
    let out = gcloud.bucket_update(&project, &["update", &labels_flag, &gs_bucket])?;
    update_failed(&out)?;
    ctx.printer.line(&format!(
        "Updated bucket {bucket} in project {project} with lifecycle rule set to {} days and labels {{'bucket': {}, 'owner': {}, 'data_type': 'temporary'}}.",
        lifecycle_days.map_or("None".to_string(), |d| d.to_string()),
        str_repr(&bucket),
        str_repr(username)
    ))?;
    gcloud.grant(&bucket, service_account, "roles/storage.objectAdmin")?;
    gcloud.grant(&bucket, service_account, "roles/storage.legacyBucketOwner")?;
    ctx.printer.line(&format!(
        "Granted service account {service_account} read and write access to {bucket} in project {project}."
    ))?;
    Ok(TmpDir {
        remote_tmpdir,
        region: bucket_region,
        warnings: false,
    })
}

/// 5 random lower-case letters and digits (Hail's bucket-name token,
/// `secret_alnum_string(5).lower()`: bucket names allow no capitals).
fn random_token() -> String {
    crate::random::string(crate::random::LOWER_ALNUM, 5)
}

/// Runs `gcloud` from `PATH`, echoing commands with `--verbose` and holding back the ones that
/// change anything with `--dry-run`.
struct Gcloud<'a> {
    ctx: &'a Context,
    verbose: bool,
    dry_run: bool,
}

/// How one `gcloud` command ended.
struct GcloudOutput {
    argv: Vec<String>,
    ok: bool,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl GcloudOutput {
    /// A failure no message of Hail's covers: the command, its status and its stderr.
    fn failure(&self) -> anyhow::Error {
        Reported::failure(format!(
            "error: {} failed ({}): {}",
            list_of(self.argv.iter().map(String::as_str)),
            self.code
                .map_or("killed by a signal".to_string(), |c| format!(
                    "exit status {c}"
                )),
            self.stderr.trim()
        ))
        .into()
    }
}

impl Gcloud<'_> {
    /// `gcloud version` succeeds (never echoed).
    fn installed(&self) -> bool {
        Command::new("gcloud")
            .arg("version")
            .stdin(std::process::Stdio::null())
            .output()
            .is_ok_and(|out| out.status.success())
    }

    /// Runs `gcloud ARGS`; with `changes` and `--dry-run`, only shows it.
    fn run(&self, args: &[&str], changes: bool) -> Result<GcloudOutput> {
        let mut argv = vec!["gcloud".to_string()];
        argv.extend(args.iter().map(|a| a.to_string()));
        let shown = list_of(argv.iter().map(String::as_str));
        if changes && self.dry_run {
            self.ctx
                .printer
                .line(&format!("(dry run) would run: {shown}"))?;
            return Ok(GcloudOutput {
                argv,
                ok: true,
                code: Some(0),
                stdout: String::new(),
                stderr: String::new(),
            });
        }
        if self.verbose {
            self.ctx.printer.line(&shown)?;
        }
        let output = Command::new("gcloud")
            .args(args)
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| Reported::failure(format!("error: cannot run gcloud: {e}")))?;
        Ok(GcloudOutput {
            argv,
            ok: output.status.success(),
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        })
    }

    /// `gcloud --project PROJECT storage buckets ARGS`, which changes the bucket.
    fn bucket_update(&self, project: &str, args: &[&str]) -> Result<GcloudOutput> {
        let mut full = vec!["--project", project, "storage", "buckets"];
        full.extend_from_slice(args);
        self.run(&full, true)
    }

    /// Gives `service_account` `role` on `bucket`.
    fn grant(&self, bucket: &str, service_account: &str, role: &str) -> Result<()> {
        let member = format!("serviceAccount:{service_account}");
        let gs_bucket = format!("gs://{bucket}");
        let out = self.run(
            &[
                "storage",
                "buckets",
                "add-iam-policy-binding",
                &gs_bucket,
                "--member",
                &member,
                "--role",
                role,
            ],
            true,
        )?;
        if out.ok {
            return Ok(());
        }
        if out.stderr.contains(
            "does not have storage.buckets.getIamPolicy access to the Google Cloud Storage bucket",
        ) {
            self.ctx.printer.line(&format!(
                "ERROR: You do not have the necessary permissions to set permissions for bucket {bucket}. Ask a project administrator to assign you the StorageIAMAdmin role in Google Cloud Storage or ask them to update the permissions on your behalf by giving service account {service_account} the role \"{role}\" for bucket {bucket}."
            ))?;
            return Err(aborted());
        }
        Err(out.failure())
    }
}
