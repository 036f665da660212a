# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_hailctl_global_optspecs
    string join \n profile= h/help V/version
end

function __fish_hailctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_hailctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_hailctl_using_subcommand
    set -l cmd (__fish_hailctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c hailctl -n "__fish_hailctl_needs_command" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_needs_command" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_needs_command" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_needs_command" -f -a "config" -d 'Manage Hail configuration'
complete -c hailctl -n "__fish_hailctl_needs_command" -f -a "batch" -d 'Manage batches running on the batch service managed by the Hail team, or on the embedded local Batch service'
complete -c hailctl -n "__fish_hailctl_needs_command" -f -a "auth" -d 'Manage Hail credentials'
complete -c hailctl -n "__fish_hailctl_needs_command" -f -a "curl" -d 'Issue authenticated curl requests to Hail infrastructure'
complete -c hailctl -n "__fish_hailctl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c hailctl -n "__fish_hailctl_needs_command" -f -a "version" -d 'Print version information and exit'
complete -c hailctl -n "__fish_hailctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and not __fish_seen_subcommand_from set unset get config-location list profile help" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and not __fish_seen_subcommand_from set unset get config-location list profile help" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and not __fish_seen_subcommand_from set unset get config-location list profile help" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and not __fish_seen_subcommand_from set unset get config-location list profile help" -f -a "set" -d 'Set a Hail configuration parameter'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and not __fish_seen_subcommand_from set unset get config-location list profile help" -f -a "unset" -d 'Unset a Hail configuration parameter (restore to default behavior)'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and not __fish_seen_subcommand_from set unset get config-location list profile help" -f -a "get" -d 'Get the value of a Hail configuration parameter'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and not __fish_seen_subcommand_from set unset get config-location list profile help" -f -a "config-location" -d 'Print the location of the config file'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and not __fish_seen_subcommand_from set unset get config-location list profile help" -f -a "list" -d 'Lists every config variable in the section'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and not __fish_seen_subcommand_from set unset get config-location list profile help" -f -a "profile" -d 'Manage Hail configuration profiles'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and not __fish_seen_subcommand_from set unset get config-location list profile help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from set" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from unset" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from unset" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from unset" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from get" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from config-location" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from config-location" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from config-location" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from list" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from list" -l origin -d 'Show the effective value of every variable and where it comes from: a flag, an environment variable, a file, or the default'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from profile" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from profile" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from profile" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from profile" -f -a "list" -d 'List the available Hail configuration profiles'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from profile" -f -a "load" -d 'Load a Hail configuration profile'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from profile" -f -a "create" -d 'Create a new Hail configuration profile'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from profile" -f -a "delete" -d 'Delete a Hail configuration profile'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from profile" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set a Hail configuration parameter'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "unset" -d 'Unset a Hail configuration parameter (restore to default behavior)'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "get" -d 'Get the value of a Hail configuration parameter'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "config-location" -d 'Print the location of the config file'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "list" -d 'Lists every config variable in the section'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "profile" -d 'Manage Hail configuration profiles'
complete -c hailctl -n "__fish_hailctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -f -a "submit" -d 'Submit a batch with a single job that runs COMMAND, optionally with ARGS, or a whole batch described in a spec file (--file)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -f -a "list" -d 'List batches (newest first)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -f -a "get" -d 'Get a particular batch\'s info'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -f -a "cancel" -d 'Cancel a batch'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -f -a "delete" -d 'Delete a batch'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -f -a "job" -d 'Get the status and specification for a job'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -f -a "jobs" -d 'List the jobs of a batch'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -f -a "log" -d 'Get the log for a job'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -f -a "attempts" -d 'Get the attempts for a job'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -f -a "wait" -d 'Wait for a batch to complete, then print its status'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -f -a "rerun" -d 'Submit a new batch with the jobs of BATCH_ID that failed, errored or were cancelled, and the jobs that depend on them'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -f -a "status" -d 'Summarize a batch (state, counts, failed jobs and their logs); without a batch id, show the environment: backend, service, user, billing project, each with its source'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -f -a "regions" -d 'The regions the Batch service supports, and its default region'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -f -a "ui" -d 'Open the web UI in a browser, signed in: the batch list, or one batch'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -f -a "billing" -d 'Manage billing projects'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -f -a "init" -d 'Initialize a Hail Batch environment: sign in, choose or create a bucket for temporary files (with `gcloud`), a region and a query backend, and save them in the configuration'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -f -a "serve" -d 'Run the local Batch service in the foreground (Hail\'s Batch REST API on this machine)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from submit list get cancel delete job jobs log attempts wait rerun status regions ui billing init serve help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -s f -l file -d 'Submit the batch described in this spec file (YAML, TOML or JSON; `-` reads stdin)' -r -F
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l image -d 'Docker image for the job [default: $HAIL_GENETICS_HAIL_IMAGE or hailgenetics/hail:0.2.139]' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -s v -d 'Copy a local file or directory into the job: SRC:DST (DST absolute; a trailing `/` on DST copies into it)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l name -d 'Name of the job (and of the batch)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l cpu -d 'CPU the job needs' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l memory -d 'Memory the job needs (lowmem, standard, highmem, or a size like 4Gi)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l storage -d 'Storage the job needs' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l machine-type -d 'Machine type (then --cpu and --memory are not sent)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l workdir -d 'Working directory of the command' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l cloudfuse -d 'Mount a bucket: BUCKET:MOUNT:READ_ONLY' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l env -d 'An environment variable for the job: NAME=VALUE' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l attr -d 'An attribute of the batch and the job: NAME=VALUE' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l billing-project -d 'Billing project [default: batch/billing_project]' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l remote-tmpdir -d 'Scratch directory for files the job needs [default: batch/remote_tmpdir]' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l requester-pays-project -d 'Google project to bill for requester-pays buckets' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l region -d 'Region to run in (repeatable; `any_region` for any; replaces a spec file\'s `regions`) [default: the spec file\'s `regions`, else batch/regions, else the service\'s default region]' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l shell -d 'Shell that runs the command' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -s o -l output -d 'Output format' -r -f -a "text\t''
yaml\t''
json\t''"
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l callback -d 'URL the service POSTs the batch status to when the batch completes' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l token -d 'Idempotency token: submitting again with the same token returns the same batch' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l spot -d 'Run on spot (preemptible) machines'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l no-spot -d 'Do not run on spot machines (undoes --spot)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l wait -d 'Wait for the batch to complete (exit status: 0 success, 3 failure, 4 cancelled)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l logs -d 'Wait for the batch, then print its summary and each job\'s log (implies --wait)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l no-wait -d 'Do not wait for the batch (the default; undoes --wait)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -s q -l quiet -d 'No progress bar'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l no-quiet -d 'Show progress bars on a terminal (the default; undoes --quiet)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l dry-run -d 'Print the job specs and the requests that would be sent, and send nothing'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l verbose -d 'Print what is submitted'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l delete-scratch -d 'Delete the batch\'s scratch files when it completes (with --wait)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -l open -d 'Open the batch\'s page in a web browser'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from submit" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from list" -l query -d 'Query (Hail\'s v1 query language, e.g. `user:alice running tag=nightly`)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from list" -l limit -d 'Number of batches to return' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from list" -l before -d 'Start listing before this batch id' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "yaml\t''
json\t''
grid\t''
csv\t'Comma-separated values (header row, then one row per batch)'"
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from list" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from list" -l full -d 'Show all fields of each batch'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from list" -l no-full -d 'Only the id and state of each batch (the default; undoes --full)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from get" -s o -l output -d 'Output format' -r -f -a "yaml\t''
json\t''"
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from get" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from get" -l open -d 'Open the batch\'s page in a web browser'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from cancel" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from delete" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from job" -s o -l output -d 'Output format' -r -f -a "yaml\t''
json\t''"
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from job" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from job" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from job" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from jobs" -l state -d 'Only jobs in this state (`live` = Ready, Creating or Running; `bad` = Error or Failed; `done` = any final state)' -r -f -a "pending\t''
ready\t''
creating\t''
running\t''
live\t''
cancelled\t''
error\t''
failed\t''
bad\t''
success\t''
done\t''"
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from jobs" -l exit-code -d 'Only jobs that exited with this code' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from jobs" -l name -d 'Only jobs with this name' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from jobs" -l limit -d 'Maximum number of jobs (0 or less: no limit)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from jobs" -l last-job-id -d 'Start after this job id' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from jobs" -s o -l output -d 'Output format' -r -f -a "yaml\t''
json\t''"
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from jobs" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from jobs" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from jobs" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from log" -l container -d 'Only this container\'s log, printed as is' -r -f -a "input\t''
main\t''
output\t''"
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from log" -l attempt -d 'The attempt to show (default: the latest). Needs --container' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from log" -s o -l output -d 'Output format' -r -f -a "yaml\t''
json\t''"
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from log" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from log" -l raw -d 'Write the log bytes unchanged (no UTF-8 decoding). Needs --container'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from log" -l no-raw -d 'Print the log as text (the default; undoes --raw)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from log" -s f -l follow -d 'Follow the log of a running job until it finishes (the main container unless --container says otherwise)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from log" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from log" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from attempts" -s o -l output -d 'Output format' -r -f -a "yaml\t''
json\t''"
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from attempts" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from attempts" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from attempts" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from wait" -s o -l output -d 'Output format' -r -f -a "text\t''
yaml\t''
json\t''"
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from wait" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from wait" -s q -l quiet -d 'Do not show a progress bar'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from wait" -l open -d 'Open the batch\'s page in a web browser'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from wait" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from wait" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from rerun" -l state -d 'Rerun only the jobs in these states (repeatable) [default: failed, error, cancelled]' -r -f -a "failed\t''
error\t''
cancelled\t''"
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from rerun" -s o -l output -d 'Output format' -r -f -a "text\t''
yaml\t''
json\t''"
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from rerun" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from rerun" -l dry-run -d 'Print the requests that would be sent, and send nothing'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from rerun" -l wait -d 'Wait for the new batch to complete (exit status: 0 success, 3 failure, 4 cancelled)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from rerun" -l logs -d 'Wait for the new batch, then print its summary and each job\'s log (implies --wait)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from rerun" -s q -l quiet -d 'No progress bar'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from rerun" -l open -d 'Open the new batch\'s page in a web browser'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from rerun" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from rerun" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format' -r -f -a "text\t''
yaml\t''
json\t''"
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from status" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from status" -l open -d 'Open the batch\'s page in a web browser'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from regions" -s o -l output -d 'Output format' -r -f -a "text\t''
yaml\t''
json\t''"
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from regions" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from regions" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from regions" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from ui" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from ui" -l no-open -d 'Only print the link; do not start a browser'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from ui" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from ui" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from billing" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from billing" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from billing" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from billing" -f -a "list" -d 'List billing projects'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from billing" -f -a "get" -d 'Get the billing information for the specified project'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from billing" -f -a "create" -d 'Create a billing project (open, no limit, no members). Needs the developer role'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from billing" -f -a "add-user" -d 'Make USER a member of a billing project. Needs the developer role'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from billing" -f -a "remove-user" -d 'Remove USER from a billing project. Needs the developer role'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from billing" -f -a "close" -d 'Close a billing project: no new batches. Needs the developer role'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from billing" -f -a "reopen" -d 'Reopen a closed billing project. Needs the developer role'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from billing" -f -a "delete" -d 'Delete a closed billing project. Needs the developer role'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from billing" -f -a "limit" -d 'Set the spending limit of a billing project in dollars, or remove it with `none`. Needs the developer role'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from billing" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l remote-tmpdir -d 'The existing remote temporary directory (gs://bucket/path; an Azure https:// URL on Azure). Implies --no-create-bucket' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l project -d 'The Google project of the new bucket' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l bucket-region -d 'The region of the new bucket (where your data resides)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l lifecycle-days -d 'Delete files in the new bucket after this many days (0: no lifecycle policy)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l bucket-name -d 'The name of the new bucket' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l tmpdir-region -d 'The region of the remote temporary directory (Azure)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l region -d 'The region jobs run in (one of the service\'s regions)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l query-backend -d 'The backend of Hail Query: spark or batch' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l port -d 'When init has to sign you in: the loopback port of the redirect (see `auth login`)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -s v -l verbose -d 'Print gcloud commands being executed'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l dry-run -d 'Show the gcloud commands that would change anything, and the configuration that would be written, without running or writing them (read-only gcloud queries still run)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l create-bucket -d 'Answer yes to "create a new bucket for temporary files?"'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l no-create-bucket -d 'Answer no to "create a new bucket for temporary files?" (use --remote-tmpdir)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l grant-access -d 'Answer yes to "give the service account read/write access to the bucket?"'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l no-grant-access -d 'Answer no to "give the service account read/write access to the bucket?"'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l allow-unsupported-region -d 'Continue when --bucket-region is not one of the service\'s regions'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l update-existing-bucket -d 'Answer yes to "update the lifecycle rules and permissions" of a bucket you already own'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l no-update-existing-bucket -d 'Answer no to "update the lifecycle rules and permissions" of a bucket you already own'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -l no-browser -d 'When init has to sign you in: do not try to start a browser (see `auth login`)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l addr -d 'Address to listen on. Port 0 lets the system choose a free port' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l data-dir -d 'Where to keep the database and job logs [default: $XDG_DATA_HOME/hailctl/service]' -r -F
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l cores -d 'Number of cores jobs may use at once [default: the machine\'s]' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l max-log-mib -d 'The most MiB one container\'s log of one attempt keeps: a longer log keeps its first and last halves, with a line saying so (held while the job writes) [default: 1024]' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l region -d 'A region the service offers (repeat for several; the first is the default)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l runtime -d 'How jobs run: `builtin` runs each job in its container image, isolated from this machine by hailctl itself; `bubblewrap` does the same with bubblewrap; `podman` and `docker` have that engine run it; `host` runs jobs on this machine\'s software, NOT isolated; `auto` is builtin where it works, else bubblewrap, podman, docker, and last host (with a warning)' -r -f -a "auto\t'builtin where it works, else bubblewrap, podman, docker, and last host'
builtin\t'Each job in its container image, isolated by hailctl itself (Linux namespaces)'
bubblewrap\t'Each job in its container image, isolated with bubblewrap'
podman\t'Each job in its container image, run by Podman'
docker\t'Each job in its container image, run by Docker'
host\t'This machine\'s software, not isolated'"
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l registry-mirror -d 'A Docker Hub mirror (http:// or https:// URL) to pull images from before Docker Hub, like Docker\'s `registry-mirrors`; repeatable. HAILCTL_REGISTRY_MIRRORS (comma-separated) adds more' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l user -d 'Name of the default user, whose token is in the state file [default: the OS user]' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l users-file -d 'More users, with their tokens, roles and billing projects, from a TOML file that only its owner may read (see docs/local-service.md)' -r -F
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l images -d 'List the container images cached in the data directory, then exit'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l prune-images -d 'Remove every cached container image from the data directory (the local service must be stopped), then exit'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l status -d 'Show whether a local service is running, then exit'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l start -d 'Start a local service in the background unless one of this version is already running, print its address, then exit'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l stop -d 'Stop the running local service, then exit'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l tls -d 'Serve HTTPS, with a certificate for localhost signed by a local certificate authority created on first use (`ca.pem` beside the state file). Hail\'s Python client needs it'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l python-env -d 'Print the shell `export` lines that point Hail\'s Python client (hailtop) at the running local service, which must have been started with --tls, then exit'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "submit" -d 'Submit a batch with a single job that runs COMMAND, optionally with ARGS, or a whole batch described in a spec file (--file)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "list" -d 'List batches (newest first)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "get" -d 'Get a particular batch\'s info'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Cancel a batch'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a batch'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "job" -d 'Get the status and specification for a job'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "jobs" -d 'List the jobs of a batch'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "log" -d 'Get the log for a job'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "attempts" -d 'Get the attempts for a job'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "wait" -d 'Wait for a batch to complete, then print its status'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "rerun" -d 'Submit a new batch with the jobs of BATCH_ID that failed, errored or were cancelled, and the jobs that depend on them'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "status" -d 'Summarize a batch (state, counts, failed jobs and their logs); without a batch id, show the environment: backend, service, user, billing project, each with its source'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "regions" -d 'The regions the Batch service supports, and its default region'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "ui" -d 'Open the web UI in a browser, signed in: the batch list, or one batch'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "billing" -d 'Manage billing projects'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "init" -d 'Initialize a Hail Batch environment: sign in, choose or create a bucket for temporary files (with `gcloud`), a region and a query backend, and save them in the configuration'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Run the local Batch service in the foreground (Hail\'s Batch REST API on this machine)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and not __fish_seen_subcommand_from login copy-paste-login logout list user create-user delete-user add-role remove-role list-roles help" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and not __fish_seen_subcommand_from login copy-paste-login logout list user create-user delete-user add-role remove-role list-roles help" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and not __fish_seen_subcommand_from login copy-paste-login logout list user create-user delete-user add-role remove-role list-roles help" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and not __fish_seen_subcommand_from login copy-paste-login logout list user create-user delete-user add-role remove-role list-roles help" -f -a "login" -d 'Obtain Hail credentials'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and not __fish_seen_subcommand_from login copy-paste-login logout list user create-user delete-user add-role remove-role list-roles help" -f -a "copy-paste-login" -d 'Obtain Hail credentials with a copy paste token'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and not __fish_seen_subcommand_from login copy-paste-login logout list user create-user delete-user add-role remove-role list-roles help" -f -a "logout" -d 'Revoke Hail credentials'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and not __fish_seen_subcommand_from login copy-paste-login logout list user create-user delete-user add-role remove-role list-roles help" -f -a "list" -d 'List Hail credentials'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and not __fish_seen_subcommand_from login copy-paste-login logout list user create-user delete-user add-role remove-role list-roles help" -f -a "user" -d 'Get Hail user information'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and not __fish_seen_subcommand_from login copy-paste-login logout list user create-user delete-user add-role remove-role list-roles help" -f -a "create-user" -d 'Create a new Hail user with username USERNAME and login ID LOGIN_ID'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and not __fish_seen_subcommand_from login copy-paste-login logout list user create-user delete-user add-role remove-role list-roles help" -f -a "delete-user" -d 'Delete the Hail user with username USERNAME'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and not __fish_seen_subcommand_from login copy-paste-login logout list user create-user delete-user add-role remove-role list-roles help" -f -a "add-role" -d 'Add a system role to a user'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and not __fish_seen_subcommand_from login copy-paste-login logout list user create-user delete-user add-role remove-role list-roles help" -f -a "remove-role" -d 'Remove a system role from a user'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and not __fish_seen_subcommand_from login copy-paste-login logout list user create-user delete-user add-role remove-role list-roles help" -f -a "list-roles" -d 'List system roles for a user. Shows your own roles if no username is given'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and not __fish_seen_subcommand_from login copy-paste-login logout list user create-user delete-user add-role remove-role list-roles help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from login" -l port -d 'The loopback port the browser is sent back to (with SSH port forwarding, the forwarded one; 0: any free port) [default: 8080, or any free port if it is taken]' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from login" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from login" -l no-browser -d 'Do not try to start a browser; only print the URL (Microsoft then sends the code back in the address, so that it can be pasted)'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from login" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from copy-paste-login" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from copy-paste-login" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from copy-paste-login" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from logout" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from list" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from user" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from user" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from user" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from create-user" -l hail-identity -d 'The cloud identity the user\'s jobs run as (created by the auth service if absent)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from create-user" -l hail-credentials-secret-name -d 'The secret holding the credentials of --hail-identity' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from create-user" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from create-user" -l service-account -d 'The user is a service account'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from create-user" -l no-service-account -d 'The user is not a service account (the default; undoes --service-account)'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from create-user" -l wait -d 'Wait until the user is active'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from create-user" -l no-wait -d 'Do not wait (the default; undoes --wait)'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from create-user" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from create-user" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from delete-user" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from delete-user" -l wait -d 'Wait until the user is deleted'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from delete-user" -l no-wait -d 'Do not wait (the default; undoes --wait)'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from delete-user" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from delete-user" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from add-role" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from add-role" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from add-role" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from remove-role" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from remove-role" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from remove-role" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from list-roles" -l username -d 'The Hail username of the user [default: you]' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from list-roles" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from list-roles" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from list-roles" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "login" -d 'Obtain Hail credentials'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "copy-paste-login" -d 'Obtain Hail credentials with a copy paste token'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "logout" -d 'Revoke Hail credentials'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "list" -d 'List Hail credentials'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "user" -d 'Get Hail user information'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "create-user" -d 'Create a new Hail user with username USERNAME and login ID LOGIN_ID'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "delete-user" -d 'Delete the Hail user with username USERNAME'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "add-role" -d 'Add a system role to a user'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "remove-role" -d 'Remove a system role from a user'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "list-roles" -d 'List system roles for a user. Shows your own roles if no username is given'
complete -c hailctl -n "__fish_hailctl_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hailctl -n "__fish_hailctl_using_subcommand curl" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand curl" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hailctl -n "__fish_hailctl_using_subcommand curl" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand completions" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand completions" -l dynamic -d 'Print a small script that asks `hailctl` for candidates at each TAB, which also completes profile names and the keys in your configuration files'
complete -c hailctl -n "__fish_hailctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand version" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand version" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand version" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and not __fish_seen_subcommand_from config batch auth curl completions version help" -f -a "config" -d 'Manage Hail configuration'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and not __fish_seen_subcommand_from config batch auth curl completions version help" -f -a "batch" -d 'Manage batches running on the batch service managed by the Hail team, or on the embedded local Batch service'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and not __fish_seen_subcommand_from config batch auth curl completions version help" -f -a "auth" -d 'Manage Hail credentials'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and not __fish_seen_subcommand_from config batch auth curl completions version help" -f -a "curl" -d 'Issue authenticated curl requests to Hail infrastructure'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and not __fish_seen_subcommand_from config batch auth curl completions version help" -f -a "completions" -d 'Print a shell completion script'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and not __fish_seen_subcommand_from config batch auth curl completions version help" -f -a "version" -d 'Print version information and exit'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and not __fish_seen_subcommand_from config batch auth curl completions version help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "set" -d 'Set a Hail configuration parameter'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "unset" -d 'Unset a Hail configuration parameter (restore to default behavior)'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "get" -d 'Get the value of a Hail configuration parameter'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "config-location" -d 'Print the location of the config file'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "list" -d 'Lists every config variable in the section'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "profile" -d 'Manage Hail configuration profiles'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from batch" -f -a "submit" -d 'Submit a batch with a single job that runs COMMAND, optionally with ARGS, or a whole batch described in a spec file (--file)'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from batch" -f -a "list" -d 'List batches (newest first)'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from batch" -f -a "get" -d 'Get a particular batch\'s info'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from batch" -f -a "cancel" -d 'Cancel a batch'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from batch" -f -a "delete" -d 'Delete a batch'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from batch" -f -a "job" -d 'Get the status and specification for a job'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from batch" -f -a "jobs" -d 'List the jobs of a batch'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from batch" -f -a "log" -d 'Get the log for a job'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from batch" -f -a "attempts" -d 'Get the attempts for a job'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from batch" -f -a "wait" -d 'Wait for a batch to complete, then print its status'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from batch" -f -a "rerun" -d 'Submit a new batch with the jobs of BATCH_ID that failed, errored or were cancelled, and the jobs that depend on them'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from batch" -f -a "status" -d 'Summarize a batch (state, counts, failed jobs and their logs); without a batch id, show the environment: backend, service, user, billing project, each with its source'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from batch" -f -a "regions" -d 'The regions the Batch service supports, and its default region'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from batch" -f -a "ui" -d 'Open the web UI in a browser, signed in: the batch list, or one batch'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from batch" -f -a "billing" -d 'Manage billing projects'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from batch" -f -a "init" -d 'Initialize a Hail Batch environment: sign in, choose or create a bucket for temporary files (with `gcloud`), a region and a query backend, and save them in the configuration'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from batch" -f -a "serve" -d 'Run the local Batch service in the foreground (Hail\'s Batch REST API on this machine)'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "login" -d 'Obtain Hail credentials'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "copy-paste-login" -d 'Obtain Hail credentials with a copy paste token'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "logout" -d 'Revoke Hail credentials'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "list" -d 'List Hail credentials'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "user" -d 'Get Hail user information'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "create-user" -d 'Create a new Hail user with username USERNAME and login ID LOGIN_ID'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "delete-user" -d 'Delete the Hail user with username USERNAME'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "add-role" -d 'Add a system role to a user'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "remove-role" -d 'Remove a system role from a user'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "list-roles" -d 'List system roles for a user. Shows your own roles if no username is given'
