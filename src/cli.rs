//! The command-line interface: every command, argument and flag, with its help text.
//!
//! Only definitions live here (parsed by clap); what a command does is in [`crate::commands`].
//! The names, argument order and defaults follow Hail's `hailctl` so that scripts written for the
//! Python tool keep working.

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCandidates;

use crate::config::completion::{config_key_candidates, profile_candidates};
use crate::config::variables::VARIABLES;

/// The image of jobs that name none when `--image` and `HAIL_GENETICS_HAIL_IMAGE` are unset
/// (Hail's, for `hailctl batch submit` and spec files alike).
pub(crate) const DEFAULT_IMAGE: &str = "hailgenetics/hail:0.2.139";
/// The environment variable that overrides [`DEFAULT_IMAGE`] (Hail's).
pub(crate) const IMAGE_ENV_VAR: &str = "HAIL_GENETICS_HAIL_IMAGE";

/// Manage Hail Batch and your Hail configuration: a fast, single-binary `hailctl`.
#[derive(Debug, Parser)]
#[command(
    name = "hailctl",
    version,
    propagate_version = true,
    arg_required_else_help = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Use this configuration profile for this command only, without changing config.ini
    /// (also: the HAILCTL_PROFILE environment variable; `default` means no profile).
    #[arg(
        long,
        global = true,
        value_name = "NAME",
        add = ArgValueCandidates::new(profile_candidates)
    )]
    pub profile: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage Hail configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Manage batches running on the batch service managed by the Hail team, or on the
    /// embedded local Batch service.
    #[command(subcommand)]
    Batch(BatchCommand),
    /// Manage Hail credentials.
    #[command(subcommand)]
    Auth(AuthCommand),
    /// Issue authenticated curl requests to Hail infrastructure.
    ///
    /// Runs `curl` with the credentials of NAMESPACE (`-H 'Authorization: Bearer ...'`), then
    /// CURL_ARGS, then the URL of PATH on SERVICE as the deploy config gives it.
    Curl(CurlArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print version information and exit.
    Version,
}

#[derive(Debug, Subcommand)]
#[command(arg_required_else_help = true)]
pub enum ConfigCommand {
    /// Set a Hail configuration parameter.
    Set {
        /// The parameter to set.
        #[arg(value_parser = variable_parser())]
        parameter: String,
        /// The new value (a value starting with `-` goes after `--`, as with Hail's tool).
        value: String,
    },
    /// Unset a Hail configuration parameter (restore to default behavior).
    Unset {
        /// `section/option`, or `option` for the global section.
        #[arg(add = ArgValueCandidates::new(config_key_candidates))]
        parameter: String,
    },
    /// Get the value of a Hail configuration parameter.
    Get {
        /// `section/option`, or `option` for the global section.
        #[arg(add = ArgValueCandidates::new(config_key_candidates))]
        parameter: String,
    },
    /// Print the location of the config file.
    ConfigLocation,
    /// Lists every config variable in the section.
    List {
        /// Only this section (default: all sections).
        section: Option<String>,
        /// Show the effective value of every variable and where it comes from: a flag, an
        /// environment variable, a file, or the default.
        #[arg(long)]
        origin: bool,
    },
    /// Manage Hail configuration profiles.
    #[command(subcommand)]
    Profile(ProfileCommand),
}

#[derive(Debug, Subcommand)]
#[command(arg_required_else_help = true)]
pub enum ProfileCommand {
    /// List the available Hail configuration profiles.
    List,
    /// Load a Hail configuration profile.
    Load {
        /// The profile's name.
        #[arg(default_value = "default", add = ArgValueCandidates::new(profile_candidates))]
        profile_name: String,
    },
    /// Create a new Hail configuration profile.
    Create {
        /// The profile's name.
        profile_name: String,
    },
    /// Delete a Hail configuration profile.
    Delete {
        /// The profile's name.
        #[arg(add = ArgValueCandidates::new(profile_candidates))]
        profile_name: String,
    },
}

#[derive(Debug, Subcommand)]
#[command(arg_required_else_help = true)]
pub enum AuthCommand {
    /// Obtain Hail credentials.
    ///
    /// Signs in with the deployment's identity provider (Google or Microsoft) in a browser.
    /// Without a browser (a remote machine), use --no-browser, open the printed URL anywhere,
    /// then paste the address the browser was sent to (or just its `code`) here.
    Login {
        /// Do not try to start a browser; only print the URL (Microsoft then sends the code back
        /// in the address, so that it can be pasted).
        #[arg(long)]
        no_browser: bool,
        /// The loopback port the browser is sent back to (with SSH port forwarding, the
        /// forwarded one; 0: any free port) [default: 8080, or any free port if it is taken].
        #[arg(long, value_name = "PORT")]
        port: Option<u16>,
    },
    /// Obtain Hail credentials with a copy paste token.
    CopyPasteLogin {
        /// The token the auth service's copy-paste page shows.
        copy_paste_token: String,
    },
    /// Revoke Hail credentials.
    Logout,
    /// List Hail credentials.
    List,
    /// Get Hail user information.
    User,
    /// Create a new Hail user with username USERNAME and login ID LOGIN_ID.
    CreateUser {
        /// The new user's Hail username.
        username: String,
        /// In Azure, the user's object ID in AAD. In GCP, the Google email.
        login_id: String,
        /// List of system roles to assign to the new user.
        system_roles: Vec<String>,
        /// The user is a service account.
        #[arg(long, overrides_with = "no_service_account")]
        service_account: bool,
        /// The user is not a service account (the default; undoes --service-account).
        #[arg(long)]
        no_service_account: bool,
        /// The cloud identity the user's jobs run as (created by the auth service if absent).
        #[arg(long)]
        hail_identity: Option<String>,
        /// The secret holding the credentials of --hail-identity.
        #[arg(long)]
        hail_credentials_secret_name: Option<String>,
        /// Wait until the user is active.
        #[arg(long, overrides_with = "no_wait")]
        wait: bool,
        /// Do not wait (the default; undoes --wait).
        #[arg(long)]
        no_wait: bool,
    },
    /// Delete the Hail user with username USERNAME.
    DeleteUser {
        /// The Hail username of the user to delete.
        username: String,
        /// Wait until the user is deleted.
        #[arg(long, overrides_with = "no_wait")]
        wait: bool,
        /// Do not wait (the default; undoes --wait).
        #[arg(long)]
        no_wait: bool,
    },
    /// Add a system role to a user.
    AddRole {
        /// The Hail username of the user.
        username: String,
        /// The system role to add, e.g. `developer`.
        role: String,
    },
    /// Remove a system role from a user.
    RemoveRole {
        /// The Hail username of the user.
        username: String,
        /// The system role to remove.
        role: String,
    },
    /// List system roles for a user. Shows your own roles if no username is given.
    ListRoles {
        /// The Hail username of the user [default: you].
        #[arg(long)]
        username: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct CurlArgs {
    /// The namespace whose credentials and URL are used (`default` in production).
    pub namespace: String,
    /// The service, e.g. `batch` or `auth`.
    pub service: String,
    /// The path on the service, e.g. `/api/v1alpha/batches`.
    pub path: String,
    /// More arguments for curl, placed before the URL.
    #[arg(
        value_name = "CURL_ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub curl_args: Vec<String>,
}

#[derive(Debug, Subcommand)]
#[command(arg_required_else_help = true)]
pub enum BatchCommand {
    /// Submit a batch with a single job that runs COMMAND, optionally with ARGS, or a whole batch
    /// described in a spec file (--file).
    Submit(Box<SubmitArgs>),
    /// List batches (newest first).
    List(ListArgs),
    /// Get a particular batch's info.
    Get(BatchIdArgs),
    /// Cancel a batch.
    Cancel {
        /// The batch's id.
        batch_id: i64,
    },
    /// Delete a batch.
    Delete {
        /// The batch's id.
        batch_id: i64,
    },
    /// Get the status and specification for a job.
    Job(JobArgs),
    /// List the jobs of a batch.
    Jobs(JobsArgs),
    /// Get the log for a job.
    Log(LogArgs),
    /// Get the attempts for a job.
    Attempts(JobArgs),
    /// Wait for a batch to complete, then print its status.
    ///
    /// Exits 0 only if the batch succeeded: 3 if it failed, 4 if it was cancelled, 5 if there is
    /// no such batch (see docs/exit-codes.md).
    Wait(WaitArgs),
    /// Submit a new batch with the jobs of BATCH_ID that failed, errored or were cancelled, and
    /// the jobs that depend on them.
    ///
    /// The jobs keep their specs and the dependencies among them; jobs that succeeded are not
    /// rerun. The new batch's attribute `rerun_of` names BATCH_ID. Exit status as `submit`:
    /// 0, or with --wait 0 success, 3 failure, 4 cancelled; 5 if BATCH_ID does not exist; 1 if
    /// there is nothing to rerun.
    Rerun(RerunArgs),
    /// Summarize a batch (state, counts, failed jobs and their logs); without a batch id, show
    /// the environment: backend, service, user, billing project, each with its source.
    Status(StatusArgs),
    /// The regions the Batch service supports, and its default region.
    Regions {
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = TextFormat::Text)]
        output: TextFormat,
    },
    /// Open the web UI in a browser, signed in: the batch list, or one batch.
    ///
    /// With the local service, prints a one-time sign-in link (valid for two minutes, usable
    /// once) and opens it; the browser then keeps a session until the service restarts. With
    /// `batch/backend = service`, opens the deployment's page.
    Ui(UiArgs),
    /// Manage billing projects.
    #[command(subcommand)]
    Billing(BillingCommand),
    /// Initialize a Hail Batch environment: sign in, choose or create a bucket for temporary
    /// files (with `gcloud`), a region and a query backend, and save them in the configuration.
    ///
    /// Every question can be answered by a flag instead, for scripts and CI.
    Init(Box<InitArgs>),
    /// Run the local Batch service in the foreground (Hail's Batch REST API on this machine).
    ///
    /// Without options, serves until interrupted (Ctrl-C or SIGTERM) and records its address and
    /// API token in the state file that other `hailctl` commands read. Commands that need the
    /// local service start one in the background by themselves when none is running.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Print gcloud commands being executed.
    #[arg(short, long)]
    pub verbose: bool,
    /// Show the gcloud commands that would change anything, and the configuration that would be
    /// written, without running or writing them (read-only gcloud queries still run).
    #[arg(long)]
    pub dry_run: bool,
    /// Answer yes to "create a new bucket for temporary files?".
    #[arg(long, overrides_with = "no_create_bucket")]
    pub create_bucket: bool,
    /// Answer no to "create a new bucket for temporary files?" (use --remote-tmpdir).
    #[arg(long)]
    pub no_create_bucket: bool,
    /// The existing remote temporary directory (gs://bucket/path; an Azure https:// URL on
    /// Azure). Implies --no-create-bucket.
    #[arg(long, value_name = "URL")]
    pub remote_tmpdir: Option<String>,
    /// Answer yes to "give the service account read/write access to the bucket?".
    #[arg(long, overrides_with = "no_grant_access")]
    pub grant_access: bool,
    /// Answer no to "give the service account read/write access to the bucket?".
    #[arg(long)]
    pub no_grant_access: bool,
    /// The Google project of the new bucket.
    #[arg(long)]
    pub project: Option<String>,
    /// The region of the new bucket (where your data resides).
    #[arg(long, value_name = "REGION")]
    pub bucket_region: Option<String>,
    /// Continue when --bucket-region is not one of the service's regions.
    #[arg(long)]
    pub allow_unsupported_region: bool,
    /// Delete files in the new bucket after this many days (0: no lifecycle policy).
    #[arg(long, value_name = "DAYS")]
    pub lifecycle_days: Option<i64>,
    /// The name of the new bucket.
    #[arg(long, value_name = "NAME")]
    pub bucket_name: Option<String>,
    /// Answer yes to "update the lifecycle rules and permissions" of a bucket you already own.
    #[arg(long, overrides_with = "no_update_existing_bucket")]
    pub update_existing_bucket: bool,
    /// Answer no to "update the lifecycle rules and permissions" of a bucket you already own.
    #[arg(long)]
    pub no_update_existing_bucket: bool,
    /// The region of the remote temporary directory (Azure).
    #[arg(long, value_name = "REGION")]
    pub tmpdir_region: Option<String>,
    /// The region jobs run in (one of the service's regions).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// The backend of Hail Query: spark or batch.
    #[arg(long, value_name = "BACKEND")]
    pub query_backend: Option<String>,
    /// When init has to sign you in: do not try to start a browser (see `auth login`).
    #[arg(long)]
    pub no_browser: bool,
    /// When init has to sign you in: the loopback port of the redirect (see `auth login`).
    #[arg(long, value_name = "PORT")]
    pub port: Option<u16>,
}

/// A yes/no answer given by a pair of flags (`--x` / `--no-x`), if either was.
pub(crate) fn flag_answer(yes: bool, no: bool) -> Option<bool> {
    match (yes, no) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    }
}

#[derive(Debug, Args)]
pub struct UiArgs {
    /// Open this batch's page instead of the batch list.
    pub batch_id: Option<i64>,
    /// Only print the link; do not start a browser.
    #[arg(long)]
    pub no_open: bool,
}

#[derive(Debug, Args)]
pub struct SubmitArgs {
    /// The command to run (its arguments follow it; options go before COMMAND).
    #[arg(
        value_name = "COMMAND",
        required_unless_present = "file",
        conflicts_with = "file"
    )]
    pub command: Option<String>,
    /// Arguments of COMMAND, passed as is.
    #[arg(
        value_name = "ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub args: Vec<String>,
    /// Submit the batch described in this spec file (YAML, TOML or JSON; `-` reads stdin).
    #[arg(long, short = 'f', value_name = "PATH")]
    pub file: Option<std::path::PathBuf>,
    #[arg(
        long,
        help = format!("Docker image for the job [default: ${IMAGE_ENV_VAR} or {DEFAULT_IMAGE}]")
    )]
    pub image: Option<String>,
    /// Copy a local file or directory into the job: SRC:DST (DST absolute; a trailing `/` on DST
    /// copies into it).
    #[arg(short = 'v', value_name = "SRC:DST")]
    pub volumes: Vec<String>,
    /// Name of the job (and of the batch).
    #[arg(long)]
    pub name: Option<String>,
    /// CPU the job needs.
    #[arg(long, default_value = "1")]
    pub cpu: String,
    /// Memory the job needs (lowmem, standard, highmem, or a size like 4Gi).
    #[arg(long, default_value = "standard")]
    pub memory: String,
    /// Storage the job needs.
    #[arg(long, default_value = "0Gi")]
    pub storage: String,
    /// Machine type (then --cpu and --memory are not sent).
    #[arg(long)]
    pub machine_type: Option<String>,
    /// Run on spot (preemptible) machines.
    #[arg(long, overrides_with = "no_spot")]
    pub spot: bool,
    /// Do not run on spot machines (undoes --spot).
    #[arg(long)]
    pub no_spot: bool,
    /// Working directory of the command.
    #[arg(long)]
    pub workdir: Option<String>,
    /// Mount a bucket: BUCKET:MOUNT:READ_ONLY.
    #[arg(long, value_name = "BUCKET:MOUNT:READ_ONLY")]
    pub cloudfuse: Vec<String>,
    /// An environment variable for the job: NAME=VALUE.
    #[arg(long, value_name = "NAME=VALUE")]
    pub env: Vec<String>,
    /// An attribute of the batch and the job: NAME=VALUE.
    #[arg(long, value_name = "NAME=VALUE")]
    pub attr: Vec<String>,
    /// Billing project [default: batch/billing_project].
    #[arg(long)]
    pub billing_project: Option<String>,
    /// Scratch directory for files the job needs [default: batch/remote_tmpdir].
    #[arg(long)]
    pub remote_tmpdir: Option<String>,
    /// Google project to bill for requester-pays buckets.
    #[arg(long)]
    pub requester_pays_project: Option<String>,
    /// Region to run in (repeatable; `any_region` for any; replaces a spec file's `regions`)
    /// [default: the spec file's `regions`, else batch/regions, else the service's default
    /// region].
    #[arg(long)]
    pub region: Vec<String>,
    /// Shell that runs the command.
    #[arg(long, default_value = "/bin/bash")]
    pub shell: String,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = TextFormat::Text)]
    pub output: TextFormat,
    /// Wait for the batch to complete (exit status: 0 success, 3 failure, 4 cancelled).
    #[arg(long, overrides_with = "no_wait")]
    pub wait: bool,
    /// Wait for the batch, then print its summary and each job's log (implies --wait).
    #[arg(long)]
    pub logs: bool,
    /// Do not wait for the batch (the default; undoes --wait).
    #[arg(long)]
    pub no_wait: bool,
    /// No progress bar.
    #[arg(long, short = 'q', overrides_with = "no_quiet")]
    pub quiet: bool,
    /// Show progress bars on a terminal (the default; undoes --quiet).
    #[arg(long)]
    pub no_quiet: bool,
    /// Print the job specs and the requests that would be sent, and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print what is submitted.
    #[arg(long)]
    pub verbose: bool,
    /// URL the service POSTs the batch status to when the batch completes.
    #[arg(long)]
    pub callback: Option<String>,
    /// Idempotency token: submitting again with the same token returns the same batch.
    #[arg(long)]
    pub token: Option<String>,
    /// Delete the batch's scratch files when it completes (with --wait).
    #[arg(long)]
    pub delete_scratch: bool,
    /// Open the batch's page in a web browser.
    #[arg(long)]
    pub open: bool,
}

/// `batch serve --runtime`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RuntimeArg {
    /// builtin where it works, else bubblewrap, podman, docker, and last host.
    Auto,
    /// Each job in its container image, isolated by hailctl itself (Linux namespaces).
    Builtin,
    /// Each job in its container image, isolated with bubblewrap.
    Bubblewrap,
    /// Each job in its container image, run by Podman.
    Podman,
    /// Each job in its container image, run by Docker.
    Docker,
    /// This machine's software, not isolated.
    Host,
}

/// `-o` of the commands that print structured data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StructuredFormat {
    Yaml,
    Json,
}

/// `-o` of `batch list`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Yaml,
    Json,
    Grid,
    /// Comma-separated values (header row, then one row per batch).
    Csv,
}

/// `-o` of `wait`, `regions` and `status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    Text,
    Yaml,
    Json,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Query (Hail's v1 query language, e.g. `user:alice running tag=nightly`).
    #[arg(long, default_value = "")]
    pub query: String,
    /// Number of batches to return.
    #[arg(long, default_value_t = 50, allow_negative_numbers = true)]
    pub limit: i64,
    /// Start listing before this batch id.
    #[arg(long)]
    pub before: Option<i64>,
    /// Show all fields of each batch.
    #[arg(long, overrides_with = "no_full")]
    pub full: bool,
    /// Only the id and state of each batch (the default; undoes --full).
    #[arg(long)]
    pub no_full: bool,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ListFormat::Grid)]
    pub output: ListFormat,
}

#[derive(Debug, Args)]
pub struct BatchIdArgs {
    /// The batch's id.
    pub batch_id: i64,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = StructuredFormat::Yaml)]
    pub output: StructuredFormat,
    /// Open the batch's page in a web browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct JobArgs {
    /// The batch's id.
    pub batch_id: i64,
    /// The job's id within the batch.
    pub job_id: i64,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = StructuredFormat::Yaml)]
    pub output: StructuredFormat,
}

/// Job states `batch jobs --state` accepts (Hail's v2 state keywords).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum JobStateFilter {
    Pending,
    Ready,
    Creating,
    Running,
    Live,
    Cancelled,
    Error,
    Failed,
    Bad,
    Success,
    Done,
}

#[derive(Debug, Args)]
pub struct JobsArgs {
    /// The batch's id.
    pub batch_id: i64,
    /// Only jobs in this state (`live` = Ready, Creating or Running; `bad` = Error or Failed;
    /// `done` = any final state).
    #[arg(long, value_enum)]
    pub state: Option<JobStateFilter>,
    /// Only jobs that exited with this code.
    #[arg(long, allow_negative_numbers = true)]
    pub exit_code: Option<i64>,
    /// Only jobs with this name.
    #[arg(long)]
    pub name: Option<String>,
    /// Maximum number of jobs (0 or less: no limit).
    #[arg(long, default_value_t = 50, allow_negative_numbers = true)]
    pub limit: i64,
    /// Start after this job id.
    #[arg(long)]
    pub last_job_id: Option<i64>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = StructuredFormat::Yaml)]
    pub output: StructuredFormat,
}

/// The containers of a job.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Container {
    Input,
    Main,
    Output,
}

impl Container {
    pub fn as_str(self) -> &'static str {
        match self {
            Container::Input => "input",
            Container::Main => "main",
            Container::Output => "output",
        }
    }
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The batch's id.
    pub batch_id: i64,
    /// The job's id within the batch.
    pub job_id: i64,
    /// Only this container's log, printed as is.
    #[arg(long, value_enum)]
    pub container: Option<Container>,
    /// The attempt to show (default: the latest). Needs --container.
    #[arg(long)]
    pub attempt: Option<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = StructuredFormat::Yaml)]
    pub output: StructuredFormat,
    /// Write the log bytes unchanged (no UTF-8 decoding). Needs --container.
    #[arg(long, overrides_with = "no_raw")]
    pub raw: bool,
    /// Print the log as text (the default; undoes --raw).
    #[arg(long)]
    pub no_raw: bool,
    /// Follow the log of a running job until it finishes (the main container unless
    /// --container says otherwise).
    #[arg(long, short = 'f')]
    pub follow: bool,
}

#[derive(Debug, Args)]
pub struct RerunArgs {
    /// The batch whose jobs to run again.
    pub batch_id: i64,
    /// Rerun only the jobs in these states (repeatable) [default: failed, error, cancelled].
    #[arg(long, value_enum)]
    pub state: Vec<RerunState>,
    /// Print the requests that would be sent, and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Wait for the new batch to complete (exit status: 0 success, 3 failure, 4 cancelled).
    #[arg(long)]
    pub wait: bool,
    /// Wait for the new batch, then print its summary and each job's log (implies --wait).
    #[arg(long)]
    pub logs: bool,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Open the new batch's page in a web browser.
    #[arg(long)]
    pub open: bool,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = TextFormat::Text)]
    pub output: TextFormat,
}

/// The final job states `rerun --state` selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RerunState {
    Failed,
    Error,
    Cancelled,
}

#[derive(Debug, Args)]
pub struct WaitArgs {
    /// The batch's id.
    pub batch_id: i64,
    /// Do not show a progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = TextFormat::Text)]
    pub output: TextFormat,
    /// Open the batch's page in a web browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The batch's id.
    pub batch_id: Option<i64>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = TextFormat::Text)]
    pub output: TextFormat,
    /// Open the batch's page in a web browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Subcommand)]
#[command(arg_required_else_help = true)]
pub enum BillingCommand {
    /// List billing projects.
    List {
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = StructuredFormat::Yaml)]
        output: StructuredFormat,
    },
    /// Get the billing information for the specified project.
    Get {
        /// The billing project's name.
        billing_project: String,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = StructuredFormat::Yaml)]
        output: StructuredFormat,
    },
    /// Create a billing project (open, no limit, no members). Needs the developer role.
    Create {
        /// The billing project's name.
        billing_project: String,
    },
    /// Make USER a member of a billing project. Needs the developer role.
    AddUser {
        /// The billing project's name.
        billing_project: String,
        /// The user's name.
        user: String,
    },
    /// Remove USER from a billing project. Needs the developer role.
    RemoveUser {
        /// The billing project's name.
        billing_project: String,
        /// The user's name.
        user: String,
    },
    /// Close a billing project: no new batches. Needs the developer role.
    Close {
        /// The billing project's name.
        billing_project: String,
    },
    /// Reopen a closed billing project. Needs the developer role.
    Reopen {
        /// The billing project's name.
        billing_project: String,
    },
    /// Delete a closed billing project. Needs the developer role.
    Delete {
        /// The billing project's name.
        billing_project: String,
    },
    /// Set the spending limit of a billing project in dollars, or remove it with `none`.
    /// Needs the developer role.
    Limit {
        /// The billing project's name.
        billing_project: String,
        /// A non-negative amount, or `none` for no limit.
        #[arg(
            value_name = "AMOUNT|none",
            allow_negative_numbers = true,
            value_parser = parse_limit_amount
        )]
        amount: LimitAmount,
    },
}

/// A `billing limit` amount: dollars (≥ 0), or `none` for no limit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LimitAmount(pub Option<f64>);

/// Parses `AMOUNT|none` (clap value parser: a bad value is a usage error).
fn parse_limit_amount(s: &str) -> Result<LimitAmount, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("none") {
        return Ok(LimitAmount(None));
    }
    let amount = s.strip_prefix('$').unwrap_or(s);
    match amount.parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(LimitAmount(Some(x))),
        _ => Err("expected a non-negative number of dollars, or `none`".to_owned()),
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Port 0 lets the system choose a free port.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:0")]
    pub addr: std::net::SocketAddr,
    /// Where to keep the database and job logs [default: $XDG_DATA_HOME/hailctl/service].
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<std::path::PathBuf>,
    /// Number of cores jobs may use at once [default: the machine's].
    #[arg(long, value_name = "N")]
    pub cores: Option<f64>,
    /// The most MiB one container's log of one attempt keeps: a longer log keeps its first
    /// and last halves, with a line saying so (held while the job writes) [default: 1024].
    #[arg(long, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_log_mib: Option<u64>,
    /// A region the service offers (repeat for several; the first is the default).
    #[arg(long, value_name = "REGION", default_value = crate::server::DEFAULT_REGION)]
    pub region: Vec<String>,
    /// How jobs run: `builtin` runs each job in its container image, isolated from this
    /// machine by hailctl itself; `bubblewrap` does the same with bubblewrap; `podman` and
    /// `docker` have that engine run it; `host` runs jobs on this machine's software, NOT
    /// isolated; `auto` is builtin where it works, else bubblewrap, podman, docker, and last
    /// host (with a warning).
    #[arg(
        long,
        value_enum,
        value_name = "RUNTIME",
        default_value = "auto",
        env = "HAILCTL_RUNTIME"
    )]
    pub runtime: RuntimeArg,
    /// A Docker Hub mirror (http:// or https:// URL) to pull images from before Docker Hub,
    /// like Docker's `registry-mirrors`; repeatable. HAILCTL_REGISTRY_MIRRORS (comma-separated)
    /// adds more.
    #[arg(long = "registry-mirror", value_name = "URL")]
    pub registry_mirrors: Vec<String>,
    /// List the container images cached in the data directory, then exit.
    #[arg(long, conflicts_with_all = ["status", "stop", "start", "prune_images"])]
    pub images: bool,
    /// Remove every cached container image from the data directory (the local service must be
    /// stopped), then exit.
    #[arg(long, conflicts_with_all = ["status", "stop", "start"])]
    pub prune_images: bool,
    /// Name of the default user, whose token is in the state file [default: the OS user].
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    /// More users, with their tokens, roles and billing projects, from a TOML file that only
    /// its owner may read (see docs/local-service.md).
    #[arg(long, value_name = "PATH")]
    pub users_file: Option<std::path::PathBuf>,
    /// Show whether a local service is running, then exit.
    #[arg(long, conflicts_with_all = ["stop", "start"])]
    pub status: bool,
    /// Start a local service in the background unless one of this version is already running,
    /// print its address, then exit.
    #[arg(long, conflicts_with_all = ["stop"])]
    pub start: bool,
    /// Stop the running local service, then exit.
    #[arg(long)]
    pub stop: bool,
    /// Serve HTTPS, with a certificate for localhost signed by a local certificate authority
    /// created on first use (`ca.pem` beside the state file). Hail's Python client needs it.
    #[arg(long)]
    pub tls: bool,
    /// Print the shell `export` lines that point Hail's Python client (hailtop) at the running
    /// local service, which must have been started with --tls, then exit.
    #[arg(long, conflicts_with_all = ["status", "stop", "start", "tls"])]
    pub python_env: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
    /// Print a small script that asks `hailctl` for candidates at each TAB, which also completes
    /// profile names and the keys in your configuration files.
    #[arg(long)]
    pub dynamic: bool,
}

/// Shells with completion support.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

impl Shell {
    pub const ALL: [Shell; 5] = [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::Powershell,
        Shell::Elvish,
    ];

    /// The file name of this shell's script in `completions/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Shell::Bash => "hailctl.bash",
            Shell::Zsh => "_hailctl",
            Shell::Fish => "hailctl.fish",
            Shell::Powershell => "_hailctl.ps1",
            Shell::Elvish => "hailctl.elv",
        }
    }
}

/// The 19 variables `config set` accepts, with their help texts.
fn variable_parser() -> PossibleValuesParser {
    PossibleValuesParser::new(
        VARIABLES
            .iter()
            .map(|v| PossibleValue::new(v.name).help(v.help)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn limit_amounts() {
        assert_eq!(parse_limit_amount("none"), Ok(LimitAmount(None)));
        assert_eq!(parse_limit_amount("None"), Ok(LimitAmount(None)));
        assert_eq!(parse_limit_amount("0"), Ok(LimitAmount(Some(0.0))));
        assert_eq!(parse_limit_amount("$12.5"), Ok(LimitAmount(Some(12.5))));
        assert!(parse_limit_amount("-1").is_err());
        assert!(parse_limit_amount("inf").is_err());
        assert!(parse_limit_amount("ten").is_err());
    }
}
