
use builtin;
use str;

set edit:completion:arg-completer[hailctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'hailctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'hailctl'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand config 'Manage Hail configuration'
            cand batch 'Manage batches running on the batch service managed by the Hail team, or on the embedded local Batch service'
            cand auth 'Manage Hail credentials'
            cand curl 'Issue authenticated curl requests to Hail infrastructure'
            cand completions 'Print a shell completion script'
            cand version 'Print version information and exit'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hailctl;config'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand set 'Set a Hail configuration parameter'
            cand unset 'Unset a Hail configuration parameter (restore to default behavior)'
            cand get 'Get the value of a Hail configuration parameter'
            cand config-location 'Print the location of the config file'
            cand list 'Lists every config variable in the section'
            cand profile 'Manage Hail configuration profiles'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hailctl;config;set'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;config;unset'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;config;get'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;config;config-location'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;config;list'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand --origin 'Show the effective value of every variable and where it comes from: a flag, an environment variable, a file, or the default'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;config;profile'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the available Hail configuration profiles'
            cand load 'Load a Hail configuration profile'
            cand create 'Create a new Hail configuration profile'
            cand delete 'Delete a Hail configuration profile'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hailctl;config;profile;list'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;config;profile;load'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;config;profile;create'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;config;profile;delete'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;config;profile;help'= {
            cand list 'List the available Hail configuration profiles'
            cand load 'Load a Hail configuration profile'
            cand create 'Create a new Hail configuration profile'
            cand delete 'Delete a Hail configuration profile'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hailctl;config;profile;help;list'= {
        }
        &'hailctl;config;profile;help;load'= {
        }
        &'hailctl;config;profile;help;create'= {
        }
        &'hailctl;config;profile;help;delete'= {
        }
        &'hailctl;config;profile;help;help'= {
        }
        &'hailctl;config;help'= {
            cand set 'Set a Hail configuration parameter'
            cand unset 'Unset a Hail configuration parameter (restore to default behavior)'
            cand get 'Get the value of a Hail configuration parameter'
            cand config-location 'Print the location of the config file'
            cand list 'Lists every config variable in the section'
            cand profile 'Manage Hail configuration profiles'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hailctl;config;help;set'= {
        }
        &'hailctl;config;help;unset'= {
        }
        &'hailctl;config;help;get'= {
        }
        &'hailctl;config;help;config-location'= {
        }
        &'hailctl;config;help;list'= {
        }
        &'hailctl;config;help;profile'= {
            cand list 'List the available Hail configuration profiles'
            cand load 'Load a Hail configuration profile'
            cand create 'Create a new Hail configuration profile'
            cand delete 'Delete a Hail configuration profile'
        }
        &'hailctl;config;help;profile;list'= {
        }
        &'hailctl;config;help;profile;load'= {
        }
        &'hailctl;config;help;profile;create'= {
        }
        &'hailctl;config;help;profile;delete'= {
        }
        &'hailctl;config;help;help'= {
        }
        &'hailctl;batch'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand submit 'Submit a batch with a single job that runs COMMAND, optionally with ARGS, or a whole batch described in a spec file (--file)'
            cand list 'List batches (newest first)'
            cand get 'Get a particular batch''s info'
            cand cancel 'Cancel a batch'
            cand delete 'Delete a batch'
            cand job 'Get the status and specification for a job'
            cand jobs 'List the jobs of a batch'
            cand log 'Get the log for a job'
            cand attempts 'Get the attempts for a job'
            cand wait 'Wait for a batch to complete, then print its status'
            cand rerun 'Submit a new batch with the jobs of BATCH_ID that failed, errored or were cancelled, and the jobs that depend on them'
            cand status 'Summarize a batch (state, counts, failed jobs and their logs); without a batch id, show the environment: backend, service, user, billing project, each with its source'
            cand regions 'The regions the Batch service supports, and its default region'
            cand ui 'Open the web UI in a browser, signed in: the batch list, or one batch'
            cand billing 'Manage billing projects'
            cand init 'Initialize a Hail Batch environment: sign in, choose or create a bucket for temporary files (with `gcloud`), a region and a query backend, and save them in the configuration'
            cand serve 'Run the local Batch service in the foreground (Hail''s Batch REST API on this machine)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hailctl;batch;submit'= {
            cand -f 'Submit the batch described in this spec file (YAML, TOML or JSON; `-` reads stdin)'
            cand --file 'Submit the batch described in this spec file (YAML, TOML or JSON; `-` reads stdin)'
            cand --image 'Docker image for the job [default: $HAIL_GENETICS_HAIL_IMAGE or hailgenetics/hail:0.2.139]'
            cand -v 'Copy a local file or directory into the job: SRC:DST (DST absolute; a trailing `/` on DST copies into it)'
            cand --name 'Name of the job (and of the batch)'
            cand --cpu 'CPU the job needs'
            cand --memory 'Memory the job needs (lowmem, standard, highmem, or a size like 4Gi)'
            cand --storage 'Storage the job needs'
            cand --machine-type 'Machine type (then --cpu and --memory are not sent)'
            cand --workdir 'Working directory of the command'
            cand --cloudfuse 'Mount a bucket: BUCKET:MOUNT:READ_ONLY'
            cand --env 'An environment variable for the job: NAME=VALUE'
            cand --attr 'An attribute of the batch and the job: NAME=VALUE'
            cand --billing-project 'Billing project [default: batch/billing_project]'
            cand --remote-tmpdir 'Scratch directory for files the job needs [default: batch/remote_tmpdir]'
            cand --requester-pays-project 'Google project to bill for requester-pays buckets'
            cand --region 'Region to run in (repeatable; `any_region` for any; replaces a spec file''s `regions`) [default: the spec file''s `regions`, else batch/regions, else the service''s default region]'
            cand --shell 'Shell that runs the command'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --callback 'URL the service POSTs the batch status to when the batch completes'
            cand --token 'Idempotency token: submitting again with the same token returns the same batch'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand --spot 'Run on spot (preemptible) machines'
            cand --no-spot 'Do not run on spot machines (undoes --spot)'
            cand --wait 'Wait for the batch to complete (exit status: 0 success, 3 failure, 4 cancelled)'
            cand --logs 'Wait for the batch, then print its summary and each job''s log (implies --wait)'
            cand --no-wait 'Do not wait for the batch (the default; undoes --wait)'
            cand -q 'No progress bar'
            cand --quiet 'No progress bar'
            cand --no-quiet 'Show progress bars on a terminal (the default; undoes --quiet)'
            cand --dry-run 'Print the job specs and the requests that would be sent, and send nothing'
            cand --verbose 'Print what is submitted'
            cand --delete-scratch 'Delete the batch''s scratch files when it completes (with --wait)'
            cand --open 'Open the batch''s page in a web browser'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;list'= {
            cand --query 'Query (Hail''s v1 query language, e.g. `user:alice running tag=nightly`)'
            cand --limit 'Number of batches to return'
            cand --before 'Start listing before this batch id'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand --full 'Show all fields of each batch'
            cand --no-full 'Only the id and state of each batch (the default; undoes --full)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;get'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand --open 'Open the batch''s page in a web browser'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;cancel'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;delete'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;job'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;jobs'= {
            cand --state 'Only jobs in this state (`live` = Ready, Creating or Running; `bad` = Error or Failed; `done` = any final state)'
            cand --exit-code 'Only jobs that exited with this code'
            cand --name 'Only jobs with this name'
            cand --limit 'Maximum number of jobs (0 or less: no limit)'
            cand --last-job-id 'Start after this job id'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;log'= {
            cand --container 'Only this container''s log, printed as is'
            cand --attempt 'The attempt to show (default: the latest). Needs --container'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand --raw 'Write the log bytes unchanged (no UTF-8 decoding). Needs --container'
            cand --no-raw 'Print the log as text (the default; undoes --raw)'
            cand -f 'Follow the log of a running job until it finishes (the main container unless --container says otherwise)'
            cand --follow 'Follow the log of a running job until it finishes (the main container unless --container says otherwise)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;attempts'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;wait'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -q 'Do not show a progress bar'
            cand --quiet 'Do not show a progress bar'
            cand --open 'Open the batch''s page in a web browser'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;rerun'= {
            cand --state 'Rerun only the jobs in these states (repeatable) [default: failed, error, cancelled]'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand --dry-run 'Print the requests that would be sent, and send nothing'
            cand --wait 'Wait for the new batch to complete (exit status: 0 success, 3 failure, 4 cancelled)'
            cand --logs 'Wait for the new batch, then print its summary and each job''s log (implies --wait)'
            cand -q 'No progress bar'
            cand --quiet 'No progress bar'
            cand --open 'Open the new batch''s page in a web browser'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;status'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand --open 'Open the batch''s page in a web browser'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;regions'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;ui'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand --no-open 'Only print the link; do not start a browser'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;billing'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List billing projects'
            cand get 'Get the billing information for the specified project'
            cand create 'Create a billing project (open, no limit, no members). Needs the developer role'
            cand add-user 'Make USER a member of a billing project. Needs the developer role'
            cand remove-user 'Remove USER from a billing project. Needs the developer role'
            cand close 'Close a billing project: no new batches. Needs the developer role'
            cand reopen 'Reopen a closed billing project. Needs the developer role'
            cand delete 'Delete a closed billing project. Needs the developer role'
            cand limit 'Set the spending limit of a billing project in dollars, or remove it with `none`. Needs the developer role'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hailctl;batch;billing;list'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;billing;get'= {
            cand -o 'Output format'
            cand --output 'Output format'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;billing;create'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;billing;add-user'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;billing;remove-user'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;billing;close'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;billing;reopen'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;billing;delete'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;billing;limit'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;billing;help'= {
            cand list 'List billing projects'
            cand get 'Get the billing information for the specified project'
            cand create 'Create a billing project (open, no limit, no members). Needs the developer role'
            cand add-user 'Make USER a member of a billing project. Needs the developer role'
            cand remove-user 'Remove USER from a billing project. Needs the developer role'
            cand close 'Close a billing project: no new batches. Needs the developer role'
            cand reopen 'Reopen a closed billing project. Needs the developer role'
            cand delete 'Delete a closed billing project. Needs the developer role'
            cand limit 'Set the spending limit of a billing project in dollars, or remove it with `none`. Needs the developer role'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hailctl;batch;billing;help;list'= {
        }
        &'hailctl;batch;billing;help;get'= {
        }
        &'hailctl;batch;billing;help;create'= {
        }
        &'hailctl;batch;billing;help;add-user'= {
        }
        &'hailctl;batch;billing;help;remove-user'= {
        }
        &'hailctl;batch;billing;help;close'= {
        }
        &'hailctl;batch;billing;help;reopen'= {
        }
        &'hailctl;batch;billing;help;delete'= {
        }
        &'hailctl;batch;billing;help;limit'= {
        }
        &'hailctl;batch;billing;help;help'= {
        }
        &'hailctl;batch;init'= {
            cand --remote-tmpdir 'The existing remote temporary directory (gs://bucket/path; an Azure https:// URL on Azure). Implies --no-create-bucket'
            cand --project 'The Google project of the new bucket'
            cand --bucket-region 'The region of the new bucket (where your data resides)'
            cand --lifecycle-days 'Delete files in the new bucket after this many days (0: no lifecycle policy)'
            cand --bucket-name 'The name of the new bucket'
            cand --tmpdir-region 'The region of the remote temporary directory (Azure)'
            cand --region 'The region jobs run in (one of the service''s regions)'
            cand --query-backend 'The backend of Hail Query: spark or batch'
            cand --port 'When init has to sign you in: the loopback port of the redirect (see `auth login`)'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -v 'Print gcloud commands being executed'
            cand --verbose 'Print gcloud commands being executed'
            cand --dry-run 'Show the gcloud commands that would change anything, and the configuration that would be written, without running or writing them (read-only gcloud queries still run)'
            cand --create-bucket 'Answer yes to "create a new bucket for temporary files?"'
            cand --no-create-bucket 'Answer no to "create a new bucket for temporary files?" (use --remote-tmpdir)'
            cand --grant-access 'Answer yes to "give the service account read/write access to the bucket?"'
            cand --no-grant-access 'Answer no to "give the service account read/write access to the bucket?"'
            cand --allow-unsupported-region 'Continue when --bucket-region is not one of the service''s regions'
            cand --update-existing-bucket 'Answer yes to "update the lifecycle rules and permissions" of a bucket you already own'
            cand --no-update-existing-bucket 'Answer no to "update the lifecycle rules and permissions" of a bucket you already own'
            cand --no-browser 'When init has to sign you in: do not try to start a browser (see `auth login`)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;serve'= {
            cand --addr 'Address to listen on. Port 0 lets the system choose a free port'
            cand --data-dir 'Where to keep the database and job logs [default: $XDG_DATA_HOME/hailctl/service]'
            cand --cores 'Number of cores jobs may use at once [default: the machine''s]'
            cand --max-log-mib 'The most MiB one container''s log of one attempt keeps: a longer log keeps its first and last halves, with a line saying so (held while the job writes) [default: 1024]'
            cand --region 'A region the service offers (repeat for several; the first is the default)'
            cand --runtime 'How jobs run: `builtin` runs each job in its container image, isolated from this machine by hailctl itself; `bubblewrap` does the same with bubblewrap; `podman` and `docker` have that engine run it; `host` runs jobs on this machine''s software, NOT isolated; `auto` is builtin where it works, else bubblewrap, podman, docker, and last host (with a warning)'
            cand --registry-mirror 'A Docker Hub mirror (http:// or https:// URL) to pull images from before Docker Hub, like Docker''s `registry-mirrors`; repeatable. HAILCTL_REGISTRY_MIRRORS (comma-separated) adds more'
            cand --user 'Name of the default user, whose token is in the state file [default: the OS user]'
            cand --users-file 'More users, with their tokens, roles and billing projects, from a TOML file that only its owner may read (see docs/local-service.md)'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand --images 'List the container images cached in the data directory, then exit'
            cand --prune-images 'Remove every cached container image from the data directory (the local service must be stopped), then exit'
            cand --status 'Show whether a local service is running, then exit'
            cand --start 'Start a local service in the background unless one of this version is already running, print its address, then exit'
            cand --stop 'Stop the running local service, then exit'
            cand --tls 'Serve HTTPS, with a certificate for localhost signed by a local certificate authority created on first use (`ca.pem` beside the state file). Hail''s Python client needs it'
            cand --python-env 'Print the shell `export` lines that point Hail''s Python client (hailtop) at the running local service, which must have been started with --tls, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;help'= {
            cand submit 'Submit a batch with a single job that runs COMMAND, optionally with ARGS, or a whole batch described in a spec file (--file)'
            cand list 'List batches (newest first)'
            cand get 'Get a particular batch''s info'
            cand cancel 'Cancel a batch'
            cand delete 'Delete a batch'
            cand job 'Get the status and specification for a job'
            cand jobs 'List the jobs of a batch'
            cand log 'Get the log for a job'
            cand attempts 'Get the attempts for a job'
            cand wait 'Wait for a batch to complete, then print its status'
            cand rerun 'Submit a new batch with the jobs of BATCH_ID that failed, errored or were cancelled, and the jobs that depend on them'
            cand status 'Summarize a batch (state, counts, failed jobs and their logs); without a batch id, show the environment: backend, service, user, billing project, each with its source'
            cand regions 'The regions the Batch service supports, and its default region'
            cand ui 'Open the web UI in a browser, signed in: the batch list, or one batch'
            cand billing 'Manage billing projects'
            cand init 'Initialize a Hail Batch environment: sign in, choose or create a bucket for temporary files (with `gcloud`), a region and a query backend, and save them in the configuration'
            cand serve 'Run the local Batch service in the foreground (Hail''s Batch REST API on this machine)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hailctl;batch;help;submit'= {
        }
        &'hailctl;batch;help;list'= {
        }
        &'hailctl;batch;help;get'= {
        }
        &'hailctl;batch;help;cancel'= {
        }
        &'hailctl;batch;help;delete'= {
        }
        &'hailctl;batch;help;job'= {
        }
        &'hailctl;batch;help;jobs'= {
        }
        &'hailctl;batch;help;log'= {
        }
        &'hailctl;batch;help;attempts'= {
        }
        &'hailctl;batch;help;wait'= {
        }
        &'hailctl;batch;help;rerun'= {
        }
        &'hailctl;batch;help;status'= {
        }
        &'hailctl;batch;help;regions'= {
        }
        &'hailctl;batch;help;ui'= {
        }
        &'hailctl;batch;help;billing'= {
            cand list 'List billing projects'
            cand get 'Get the billing information for the specified project'
            cand create 'Create a billing project (open, no limit, no members). Needs the developer role'
            cand add-user 'Make USER a member of a billing project. Needs the developer role'
            cand remove-user 'Remove USER from a billing project. Needs the developer role'
            cand close 'Close a billing project: no new batches. Needs the developer role'
            cand reopen 'Reopen a closed billing project. Needs the developer role'
            cand delete 'Delete a closed billing project. Needs the developer role'
            cand limit 'Set the spending limit of a billing project in dollars, or remove it with `none`. Needs the developer role'
        }
        &'hailctl;batch;help;billing;list'= {
        }
        &'hailctl;batch;help;billing;get'= {
        }
        &'hailctl;batch;help;billing;create'= {
        }
        &'hailctl;batch;help;billing;add-user'= {
        }
        &'hailctl;batch;help;billing;remove-user'= {
        }
        &'hailctl;batch;help;billing;close'= {
        }
        &'hailctl;batch;help;billing;reopen'= {
        }
        &'hailctl;batch;help;billing;delete'= {
        }
        &'hailctl;batch;help;billing;limit'= {
        }
        &'hailctl;batch;help;init'= {
        }
        &'hailctl;batch;help;serve'= {
        }
        &'hailctl;batch;help;help'= {
        }
        &'hailctl;auth'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand login 'Obtain Hail credentials'
            cand copy-paste-login 'Obtain Hail credentials with a copy paste token'
            cand logout 'Revoke Hail credentials'
            cand list 'List Hail credentials'
            cand user 'Get Hail user information'
            cand create-user 'Create a new Hail user with username USERNAME and login ID LOGIN_ID'
            cand delete-user 'Delete the Hail user with username USERNAME'
            cand add-role 'Add a system role to a user'
            cand remove-role 'Remove a system role from a user'
            cand list-roles 'List system roles for a user. Shows your own roles if no username is given'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hailctl;auth;login'= {
            cand --port 'The loopback port the browser is sent back to (with SSH port forwarding, the forwarded one; 0: any free port) [default: 8080, or any free port if it is taken]'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand --no-browser 'Do not try to start a browser; only print the URL (Microsoft then sends the code back in the address, so that it can be pasted)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;auth;copy-paste-login'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;auth;logout'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;auth;list'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;auth;user'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;auth;create-user'= {
            cand --hail-identity 'The cloud identity the user''s jobs run as (created by the auth service if absent)'
            cand --hail-credentials-secret-name 'The secret holding the credentials of --hail-identity'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand --service-account 'The user is a service account'
            cand --no-service-account 'The user is not a service account (the default; undoes --service-account)'
            cand --wait 'Wait until the user is active'
            cand --no-wait 'Do not wait (the default; undoes --wait)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;auth;delete-user'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand --wait 'Wait until the user is deleted'
            cand --no-wait 'Do not wait (the default; undoes --wait)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;auth;add-role'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;auth;remove-role'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;auth;list-roles'= {
            cand --username 'The Hail username of the user [default: you]'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;auth;help'= {
            cand login 'Obtain Hail credentials'
            cand copy-paste-login 'Obtain Hail credentials with a copy paste token'
            cand logout 'Revoke Hail credentials'
            cand list 'List Hail credentials'
            cand user 'Get Hail user information'
            cand create-user 'Create a new Hail user with username USERNAME and login ID LOGIN_ID'
            cand delete-user 'Delete the Hail user with username USERNAME'
            cand add-role 'Add a system role to a user'
            cand remove-role 'Remove a system role from a user'
            cand list-roles 'List system roles for a user. Shows your own roles if no username is given'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hailctl;auth;help;login'= {
        }
        &'hailctl;auth;help;copy-paste-login'= {
        }
        &'hailctl;auth;help;logout'= {
        }
        &'hailctl;auth;help;list'= {
        }
        &'hailctl;auth;help;user'= {
        }
        &'hailctl;auth;help;create-user'= {
        }
        &'hailctl;auth;help;delete-user'= {
        }
        &'hailctl;auth;help;add-role'= {
        }
        &'hailctl;auth;help;remove-role'= {
        }
        &'hailctl;auth;help;list-roles'= {
        }
        &'hailctl;auth;help;help'= {
        }
        &'hailctl;curl'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;completions'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand --dynamic 'Print a small script that asks `hailctl` for candidates at each TAB, which also completes profile names and the keys in your configuration files'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;version'= {
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;help'= {
            cand config 'Manage Hail configuration'
            cand batch 'Manage batches running on the batch service managed by the Hail team, or on the embedded local Batch service'
            cand auth 'Manage Hail credentials'
            cand curl 'Issue authenticated curl requests to Hail infrastructure'
            cand completions 'Print a shell completion script'
            cand version 'Print version information and exit'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hailctl;help;config'= {
            cand set 'Set a Hail configuration parameter'
            cand unset 'Unset a Hail configuration parameter (restore to default behavior)'
            cand get 'Get the value of a Hail configuration parameter'
            cand config-location 'Print the location of the config file'
            cand list 'Lists every config variable in the section'
            cand profile 'Manage Hail configuration profiles'
        }
        &'hailctl;help;config;set'= {
        }
        &'hailctl;help;config;unset'= {
        }
        &'hailctl;help;config;get'= {
        }
        &'hailctl;help;config;config-location'= {
        }
        &'hailctl;help;config;list'= {
        }
        &'hailctl;help;config;profile'= {
            cand list 'List the available Hail configuration profiles'
            cand load 'Load a Hail configuration profile'
            cand create 'Create a new Hail configuration profile'
            cand delete 'Delete a Hail configuration profile'
        }
        &'hailctl;help;config;profile;list'= {
        }
        &'hailctl;help;config;profile;load'= {
        }
        &'hailctl;help;config;profile;create'= {
        }
        &'hailctl;help;config;profile;delete'= {
        }
        &'hailctl;help;batch'= {
            cand submit 'Submit a batch with a single job that runs COMMAND, optionally with ARGS, or a whole batch described in a spec file (--file)'
            cand list 'List batches (newest first)'
            cand get 'Get a particular batch''s info'
            cand cancel 'Cancel a batch'
            cand delete 'Delete a batch'
            cand job 'Get the status and specification for a job'
            cand jobs 'List the jobs of a batch'
            cand log 'Get the log for a job'
            cand attempts 'Get the attempts for a job'
            cand wait 'Wait for a batch to complete, then print its status'
            cand rerun 'Submit a new batch with the jobs of BATCH_ID that failed, errored or were cancelled, and the jobs that depend on them'
            cand status 'Summarize a batch (state, counts, failed jobs and their logs); without a batch id, show the environment: backend, service, user, billing project, each with its source'
            cand regions 'The regions the Batch service supports, and its default region'
            cand ui 'Open the web UI in a browser, signed in: the batch list, or one batch'
            cand billing 'Manage billing projects'
            cand init 'Initialize a Hail Batch environment: sign in, choose or create a bucket for temporary files (with `gcloud`), a region and a query backend, and save them in the configuration'
            cand serve 'Run the local Batch service in the foreground (Hail''s Batch REST API on this machine)'
        }
        &'hailctl;help;batch;submit'= {
        }
        &'hailctl;help;batch;list'= {
        }
        &'hailctl;help;batch;get'= {
        }
        &'hailctl;help;batch;cancel'= {
        }
        &'hailctl;help;batch;delete'= {
        }
        &'hailctl;help;batch;job'= {
        }
        &'hailctl;help;batch;jobs'= {
        }
        &'hailctl;help;batch;log'= {
        }
        &'hailctl;help;batch;attempts'= {
        }
        &'hailctl;help;batch;wait'= {
        }
        &'hailctl;help;batch;rerun'= {
        }
        &'hailctl;help;batch;status'= {
        }
        &'hailctl;help;batch;regions'= {
        }
        &'hailctl;help;batch;ui'= {
        }
        &'hailctl;help;batch;billing'= {
            cand list 'List billing projects'
            cand get 'Get the billing information for the specified project'
            cand create 'Create a billing project (open, no limit, no members). Needs the developer role'
            cand add-user 'Make USER a member of a billing project. Needs the developer role'
            cand remove-user 'Remove USER from a billing project. Needs the developer role'
            cand close 'Close a billing project: no new batches. Needs the developer role'
            cand reopen 'Reopen a closed billing project. Needs the developer role'
            cand delete 'Delete a closed billing project. Needs the developer role'
            cand limit 'Set the spending limit of a billing project in dollars, or remove it with `none`. Needs the developer role'
        }
        &'hailctl;help;batch;billing;list'= {
        }
        &'hailctl;help;batch;billing;get'= {
        }
        &'hailctl;help;batch;billing;create'= {
        }
        &'hailctl;help;batch;billing;add-user'= {
        }
        &'hailctl;help;batch;billing;remove-user'= {
        }
        &'hailctl;help;batch;billing;close'= {
        }
        &'hailctl;help;batch;billing;reopen'= {
        }
        &'hailctl;help;batch;billing;delete'= {
        }
        &'hailctl;help;batch;billing;limit'= {
        }
        &'hailctl;help;batch;init'= {
        }
        &'hailctl;help;batch;serve'= {
        }
        &'hailctl;help;auth'= {
            cand login 'Obtain Hail credentials'
            cand copy-paste-login 'Obtain Hail credentials with a copy paste token'
            cand logout 'Revoke Hail credentials'
            cand list 'List Hail credentials'
            cand user 'Get Hail user information'
            cand create-user 'Create a new Hail user with username USERNAME and login ID LOGIN_ID'
            cand delete-user 'Delete the Hail user with username USERNAME'
            cand add-role 'Add a system role to a user'
            cand remove-role 'Remove a system role from a user'
            cand list-roles 'List system roles for a user. Shows your own roles if no username is given'
        }
        &'hailctl;help;auth;login'= {
        }
        &'hailctl;help;auth;copy-paste-login'= {
        }
        &'hailctl;help;auth;logout'= {
        }
        &'hailctl;help;auth;list'= {
        }
        &'hailctl;help;auth;user'= {
        }
        &'hailctl;help;auth;create-user'= {
        }
        &'hailctl;help;auth;delete-user'= {
        }
        &'hailctl;help;auth;add-role'= {
        }
        &'hailctl;help;auth;remove-role'= {
        }
        &'hailctl;help;auth;list-roles'= {
        }
        &'hailctl;help;curl'= {
        }
        &'hailctl;help;completions'= {
        }
        &'hailctl;help;version'= {
        }
        &'hailctl;help;help'= {
        }
    ]
    $completions[$command]
}
