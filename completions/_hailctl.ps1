
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'hailctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'hailctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'hailctl' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Manage Hail configuration')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Manage batches running on the batch service managed by the Hail team, or on the embedded local Batch service')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Manage Hail credentials')
            [CompletionResult]::new('curl', 'curl', [CompletionResultType]::ParameterValue, 'Issue authenticated curl requests to Hail infrastructure')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print version information and exit')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hailctl;config' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a Hail configuration parameter')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Unset a Hail configuration parameter (restore to default behavior)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Get the value of a Hail configuration parameter')
            [CompletionResult]::new('config-location', 'config-location', [CompletionResultType]::ParameterValue, 'Print the location of the config file')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Lists every config variable in the section')
            [CompletionResult]::new('profile', 'profile', [CompletionResultType]::ParameterValue, 'Manage Hail configuration profiles')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hailctl;config;set' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;config;unset' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;config;get' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;config;config-location' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;config;list' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Show the effective value of every variable and where it comes from: a flag, an environment variable, a file, or the default')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;config;profile' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the available Hail configuration profiles')
            [CompletionResult]::new('load', 'load', [CompletionResultType]::ParameterValue, 'Load a Hail configuration profile')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a new Hail configuration profile')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a Hail configuration profile')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hailctl;config;profile;list' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;config;profile;load' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;config;profile;create' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;config;profile;delete' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;config;profile;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the available Hail configuration profiles')
            [CompletionResult]::new('load', 'load', [CompletionResultType]::ParameterValue, 'Load a Hail configuration profile')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a new Hail configuration profile')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a Hail configuration profile')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hailctl;config;profile;help;list' {
            break
        }
        'hailctl;config;profile;help;load' {
            break
        }
        'hailctl;config;profile;help;create' {
            break
        }
        'hailctl;config;profile;help;delete' {
            break
        }
        'hailctl;config;profile;help;help' {
            break
        }
        'hailctl;config;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a Hail configuration parameter')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Unset a Hail configuration parameter (restore to default behavior)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Get the value of a Hail configuration parameter')
            [CompletionResult]::new('config-location', 'config-location', [CompletionResultType]::ParameterValue, 'Print the location of the config file')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Lists every config variable in the section')
            [CompletionResult]::new('profile', 'profile', [CompletionResultType]::ParameterValue, 'Manage Hail configuration profiles')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hailctl;config;help;set' {
            break
        }
        'hailctl;config;help;unset' {
            break
        }
        'hailctl;config;help;get' {
            break
        }
        'hailctl;config;help;config-location' {
            break
        }
        'hailctl;config;help;list' {
            break
        }
        'hailctl;config;help;profile' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the available Hail configuration profiles')
            [CompletionResult]::new('load', 'load', [CompletionResultType]::ParameterValue, 'Load a Hail configuration profile')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a new Hail configuration profile')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a Hail configuration profile')
            break
        }
        'hailctl;config;help;profile;list' {
            break
        }
        'hailctl;config;help;profile;load' {
            break
        }
        'hailctl;config;help;profile;create' {
            break
        }
        'hailctl;config;help;profile;delete' {
            break
        }
        'hailctl;config;help;help' {
            break
        }
        'hailctl;batch' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('submit', 'submit', [CompletionResultType]::ParameterValue, 'Submit a batch with a single job that runs COMMAND, optionally with ARGS, or a whole batch described in a spec file (--file)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List batches (newest first)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Get a particular batch''s info')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a batch')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a batch')
            [CompletionResult]::new('job', 'job', [CompletionResultType]::ParameterValue, 'Get the status and specification for a job')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'List the jobs of a batch')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Get the log for a job')
            [CompletionResult]::new('attempts', 'attempts', [CompletionResultType]::ParameterValue, 'Get the attempts for a job')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Wait for a batch to complete, then print its status')
            [CompletionResult]::new('rerun', 'rerun', [CompletionResultType]::ParameterValue, 'Submit a new batch with the jobs of BATCH_ID that failed, errored or were cancelled, and the jobs that depend on them')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Summarize a batch (state, counts, failed jobs and their logs); without a batch id, show the environment: backend, service, user, billing project, each with its source')
            [CompletionResult]::new('regions', 'regions', [CompletionResultType]::ParameterValue, 'The regions the Batch service supports, and its default region')
            [CompletionResult]::new('ui', 'ui', [CompletionResultType]::ParameterValue, 'Open the web UI in a browser, signed in: the batch list, or one batch')
            [CompletionResult]::new('billing', 'billing', [CompletionResultType]::ParameterValue, 'Manage billing projects')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Initialize a Hail Batch environment: sign in, choose or create a bucket for temporary files (with `gcloud`), a region and a query backend, and save them in the configuration')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the local Batch service in the foreground (Hail''s Batch REST API on this machine)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hailctl;batch;submit' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Submit the batch described in this spec file (YAML, TOML or JSON; `-` reads stdin)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Submit the batch described in this spec file (YAML, TOML or JSON; `-` reads stdin)')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'Docker image for the job [default: $HAIL_GENETICS_HAIL_IMAGE or hailgenetics/hail:0.2.139]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Copy a local file or directory into the job: SRC:DST (DST absolute; a trailing `/` on DST copies into it)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name of the job (and of the batch)')
            [CompletionResult]::new('--cpu', '--cpu', [CompletionResultType]::ParameterName, 'CPU the job needs')
            [CompletionResult]::new('--memory', '--memory', [CompletionResultType]::ParameterName, 'Memory the job needs (lowmem, standard, highmem, or a size like 4Gi)')
            [CompletionResult]::new('--storage', '--storage', [CompletionResultType]::ParameterName, 'Storage the job needs')
            [CompletionResult]::new('--machine-type', '--machine-type', [CompletionResultType]::ParameterName, 'Machine type (then --cpu and --memory are not sent)')
            [CompletionResult]::new('--workdir', '--workdir', [CompletionResultType]::ParameterName, 'Working directory of the command')
            [CompletionResult]::new('--cloudfuse', '--cloudfuse', [CompletionResultType]::ParameterName, 'Mount a bucket: BUCKET:MOUNT:READ_ONLY')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'An environment variable for the job: NAME=VALUE')
            [CompletionResult]::new('--attr', '--attr', [CompletionResultType]::ParameterName, 'An attribute of the batch and the job: NAME=VALUE')
            [CompletionResult]::new('--billing-project', '--billing-project', [CompletionResultType]::ParameterName, 'Billing project [default: batch/billing_project]')
            [CompletionResult]::new('--remote-tmpdir', '--remote-tmpdir', [CompletionResultType]::ParameterName, 'Scratch directory for files the job needs [default: batch/remote_tmpdir]')
            [CompletionResult]::new('--requester-pays-project', '--requester-pays-project', [CompletionResultType]::ParameterName, 'Google project to bill for requester-pays buckets')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'Region to run in (repeatable; `any_region` for any; replaces a spec file''s `regions`) [default: the spec file''s `regions`, else batch/regions, else the service''s default region]')
            [CompletionResult]::new('--shell', '--shell', [CompletionResultType]::ParameterName, 'Shell that runs the command')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--callback', '--callback', [CompletionResultType]::ParameterName, 'URL the service POSTs the batch status to when the batch completes')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'Idempotency token: submitting again with the same token returns the same batch')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('--spot', '--spot', [CompletionResultType]::ParameterName, 'Run on spot (preemptible) machines')
            [CompletionResult]::new('--no-spot', '--no-spot', [CompletionResultType]::ParameterName, 'Do not run on spot machines (undoes --spot)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait for the batch to complete (exit status: 0 success, 3 failure, 4 cancelled)')
            [CompletionResult]::new('--logs', '--logs', [CompletionResultType]::ParameterName, 'Wait for the batch, then print its summary and each job''s log (implies --wait)')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Do not wait for the batch (the default; undoes --wait)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar')
            [CompletionResult]::new('--no-quiet', '--no-quiet', [CompletionResultType]::ParameterName, 'Show progress bars on a terminal (the default; undoes --quiet)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the job specs and the requests that would be sent, and send nothing')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print what is submitted')
            [CompletionResult]::new('--delete-scratch', '--delete-scratch', [CompletionResultType]::ParameterName, 'Delete the batch''s scratch files when it completes (with --wait)')
            [CompletionResult]::new('--open', '--open', [CompletionResultType]::ParameterName, 'Open the batch''s page in a web browser')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;list' {
            [CompletionResult]::new('--query', '--query', [CompletionResultType]::ParameterName, 'Query (Hail''s v1 query language, e.g. `user:alice running tag=nightly`)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Number of batches to return')
            [CompletionResult]::new('--before', '--before', [CompletionResultType]::ParameterName, 'Start listing before this batch id')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Show all fields of each batch')
            [CompletionResult]::new('--no-full', '--no-full', [CompletionResultType]::ParameterName, 'Only the id and state of each batch (the default; undoes --full)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;get' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('--open', '--open', [CompletionResultType]::ParameterName, 'Open the batch''s page in a web browser')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;cancel' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;delete' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;job' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;jobs' {
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Only jobs in this state (`live` = Ready, Creating or Running; `bad` = Error or Failed; `done` = any final state)')
            [CompletionResult]::new('--exit-code', '--exit-code', [CompletionResultType]::ParameterName, 'Only jobs that exited with this code')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Only jobs with this name')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Maximum number of jobs (0 or less: no limit)')
            [CompletionResult]::new('--last-job-id', '--last-job-id', [CompletionResultType]::ParameterName, 'Start after this job id')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;log' {
            [CompletionResult]::new('--container', '--container', [CompletionResultType]::ParameterName, 'Only this container''s log, printed as is')
            [CompletionResult]::new('--attempt', '--attempt', [CompletionResultType]::ParameterName, 'The attempt to show (default: the latest). Needs --container')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Write the log bytes unchanged (no UTF-8 decoding). Needs --container')
            [CompletionResult]::new('--no-raw', '--no-raw', [CompletionResultType]::ParameterName, 'Print the log as text (the default; undoes --raw)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Follow the log of a running job until it finishes (the main container unless --container says otherwise)')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Follow the log of a running job until it finishes (the main container unless --container says otherwise)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;attempts' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;wait' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Do not show a progress bar')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Do not show a progress bar')
            [CompletionResult]::new('--open', '--open', [CompletionResultType]::ParameterName, 'Open the batch''s page in a web browser')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;rerun' {
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Rerun only the jobs in these states (repeatable) [default: failed, error, cancelled]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the requests that would be sent, and send nothing')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait for the new batch to complete (exit status: 0 success, 3 failure, 4 cancelled)')
            [CompletionResult]::new('--logs', '--logs', [CompletionResultType]::ParameterName, 'Wait for the new batch, then print its summary and each job''s log (implies --wait)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar')
            [CompletionResult]::new('--open', '--open', [CompletionResultType]::ParameterName, 'Open the new batch''s page in a web browser')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;status' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('--open', '--open', [CompletionResultType]::ParameterName, 'Open the batch''s page in a web browser')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;regions' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;ui' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('--no-open', '--no-open', [CompletionResultType]::ParameterName, 'Only print the link; do not start a browser')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;billing' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List billing projects')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Get the billing information for the specified project')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a billing project (open, no limit, no members). Needs the developer role')
            [CompletionResult]::new('add-user', 'add-user', [CompletionResultType]::ParameterValue, 'Make USER a member of a billing project. Needs the developer role')
            [CompletionResult]::new('remove-user', 'remove-user', [CompletionResultType]::ParameterValue, 'Remove USER from a billing project. Needs the developer role')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close a billing project: no new batches. Needs the developer role')
            [CompletionResult]::new('reopen', 'reopen', [CompletionResultType]::ParameterValue, 'Reopen a closed billing project. Needs the developer role')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a closed billing project. Needs the developer role')
            [CompletionResult]::new('limit', 'limit', [CompletionResultType]::ParameterValue, 'Set the spending limit of a billing project in dollars, or remove it with `none`. Needs the developer role')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hailctl;batch;billing;list' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;billing;get' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;billing;create' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;billing;add-user' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;billing;remove-user' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;billing;close' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;billing;reopen' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;billing;delete' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;billing;limit' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;billing;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List billing projects')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Get the billing information for the specified project')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a billing project (open, no limit, no members). Needs the developer role')
            [CompletionResult]::new('add-user', 'add-user', [CompletionResultType]::ParameterValue, 'Make USER a member of a billing project. Needs the developer role')
            [CompletionResult]::new('remove-user', 'remove-user', [CompletionResultType]::ParameterValue, 'Remove USER from a billing project. Needs the developer role')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close a billing project: no new batches. Needs the developer role')
            [CompletionResult]::new('reopen', 'reopen', [CompletionResultType]::ParameterValue, 'Reopen a closed billing project. Needs the developer role')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a closed billing project. Needs the developer role')
            [CompletionResult]::new('limit', 'limit', [CompletionResultType]::ParameterValue, 'Set the spending limit of a billing project in dollars, or remove it with `none`. Needs the developer role')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hailctl;batch;billing;help;list' {
            break
        }
        'hailctl;batch;billing;help;get' {
            break
        }
        'hailctl;batch;billing;help;create' {
            break
        }
        'hailctl;batch;billing;help;add-user' {
            break
        }
        'hailctl;batch;billing;help;remove-user' {
            break
        }
        'hailctl;batch;billing;help;close' {
            break
        }
        'hailctl;batch;billing;help;reopen' {
            break
        }
        'hailctl;batch;billing;help;delete' {
            break
        }
        'hailctl;batch;billing;help;limit' {
            break
        }
        'hailctl;batch;billing;help;help' {
            break
        }
        'hailctl;batch;init' {
            [CompletionResult]::new('--remote-tmpdir', '--remote-tmpdir', [CompletionResultType]::ParameterName, 'The existing remote temporary directory (gs://bucket/path; an Azure https:// URL on Azure). Implies --no-create-bucket')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The Google project of the new bucket')
            [CompletionResult]::new('--bucket-region', '--bucket-region', [CompletionResultType]::ParameterName, 'The region of the new bucket (where your data resides)')
            [CompletionResult]::new('--lifecycle-days', '--lifecycle-days', [CompletionResultType]::ParameterName, 'Delete files in the new bucket after this many days (0: no lifecycle policy)')
            [CompletionResult]::new('--bucket-name', '--bucket-name', [CompletionResultType]::ParameterName, 'The name of the new bucket')
            [CompletionResult]::new('--tmpdir-region', '--tmpdir-region', [CompletionResultType]::ParameterName, 'The region of the remote temporary directory (Azure)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The region jobs run in (one of the service''s regions)')
            [CompletionResult]::new('--query-backend', '--query-backend', [CompletionResultType]::ParameterName, 'The backend of Hail Query: spark or batch')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'When init has to sign you in: the loopback port of the redirect (see `auth login`)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print gcloud commands being executed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print gcloud commands being executed')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the gcloud commands that would change anything, and the configuration that would be written, without running or writing them (read-only gcloud queries still run)')
            [CompletionResult]::new('--create-bucket', '--create-bucket', [CompletionResultType]::ParameterName, 'Answer yes to "create a new bucket for temporary files?"')
            [CompletionResult]::new('--no-create-bucket', '--no-create-bucket', [CompletionResultType]::ParameterName, 'Answer no to "create a new bucket for temporary files?" (use --remote-tmpdir)')
            [CompletionResult]::new('--grant-access', '--grant-access', [CompletionResultType]::ParameterName, 'Answer yes to "give the service account read/write access to the bucket?"')
            [CompletionResult]::new('--no-grant-access', '--no-grant-access', [CompletionResultType]::ParameterName, 'Answer no to "give the service account read/write access to the bucket?"')
            [CompletionResult]::new('--allow-unsupported-region', '--allow-unsupported-region', [CompletionResultType]::ParameterName, 'Continue when --bucket-region is not one of the service''s regions')
            [CompletionResult]::new('--update-existing-bucket', '--update-existing-bucket', [CompletionResultType]::ParameterName, 'Answer yes to "update the lifecycle rules and permissions" of a bucket you already own')
            [CompletionResult]::new('--no-update-existing-bucket', '--no-update-existing-bucket', [CompletionResultType]::ParameterName, 'Answer no to "update the lifecycle rules and permissions" of a bucket you already own')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'When init has to sign you in: do not try to start a browser (see `auth login`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;serve' {
            [CompletionResult]::new('--addr', '--addr', [CompletionResultType]::ParameterName, 'Address to listen on. Port 0 lets the system choose a free port')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Where to keep the database and job logs [default: $XDG_DATA_HOME/hailctl/service]')
            [CompletionResult]::new('--cores', '--cores', [CompletionResultType]::ParameterName, 'Number of cores jobs may use at once [default: the machine''s]')
            [CompletionResult]::new('--max-log-mib', '--max-log-mib', [CompletionResultType]::ParameterName, 'The most MiB one container''s log of one attempt keeps: a longer log keeps its first and last halves, with a line saying so (held while the job writes) [default: 1024]')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'A region the service offers (repeat for several; the first is the default)')
            [CompletionResult]::new('--runtime', '--runtime', [CompletionResultType]::ParameterName, 'How jobs run: `builtin` runs each job in its container image, isolated from this machine by hailctl itself; `bubblewrap` does the same with bubblewrap; `podman` and `docker` have that engine run it; `host` runs jobs on this machine''s software, NOT isolated; `auto` is builtin where it works, else bubblewrap, podman, docker, and last host (with a warning)')
            [CompletionResult]::new('--registry-mirror', '--registry-mirror', [CompletionResultType]::ParameterName, 'A Docker Hub mirror (http:// or https:// URL) to pull images from before Docker Hub, like Docker''s `registry-mirrors`; repeatable. HAILCTL_REGISTRY_MIRRORS (comma-separated) adds more')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Name of the default user, whose token is in the state file [default: the OS user]')
            [CompletionResult]::new('--users-file', '--users-file', [CompletionResultType]::ParameterName, 'More users, with their tokens, roles and billing projects, from a TOML file that only its owner may read (see docs/local-service.md)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('--images', '--images', [CompletionResultType]::ParameterName, 'List the container images cached in the data directory, then exit')
            [CompletionResult]::new('--prune-images', '--prune-images', [CompletionResultType]::ParameterName, 'Remove every cached container image from the data directory (the local service must be stopped), then exit')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Show whether a local service is running, then exit')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'Start a local service in the background unless one of this version is already running, print its address, then exit')
            [CompletionResult]::new('--stop', '--stop', [CompletionResultType]::ParameterName, 'Stop the running local service, then exit')
            [CompletionResult]::new('--tls', '--tls', [CompletionResultType]::ParameterName, 'Serve HTTPS, with a certificate for localhost signed by a local certificate authority created on first use (`ca.pem` beside the state file). Hail''s Python client needs it')
            [CompletionResult]::new('--python-env', '--python-env', [CompletionResultType]::ParameterName, 'Print the shell `export` lines that point Hail''s Python client (hailtop) at the running local service, which must have been started with --tls, then exit')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;batch;help' {
            [CompletionResult]::new('submit', 'submit', [CompletionResultType]::ParameterValue, 'Submit a batch with a single job that runs COMMAND, optionally with ARGS, or a whole batch described in a spec file (--file)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List batches (newest first)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Get a particular batch''s info')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a batch')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a batch')
            [CompletionResult]::new('job', 'job', [CompletionResultType]::ParameterValue, 'Get the status and specification for a job')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'List the jobs of a batch')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Get the log for a job')
            [CompletionResult]::new('attempts', 'attempts', [CompletionResultType]::ParameterValue, 'Get the attempts for a job')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Wait for a batch to complete, then print its status')
            [CompletionResult]::new('rerun', 'rerun', [CompletionResultType]::ParameterValue, 'Submit a new batch with the jobs of BATCH_ID that failed, errored or were cancelled, and the jobs that depend on them')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Summarize a batch (state, counts, failed jobs and their logs); without a batch id, show the environment: backend, service, user, billing project, each with its source')
            [CompletionResult]::new('regions', 'regions', [CompletionResultType]::ParameterValue, 'The regions the Batch service supports, and its default region')
            [CompletionResult]::new('ui', 'ui', [CompletionResultType]::ParameterValue, 'Open the web UI in a browser, signed in: the batch list, or one batch')
            [CompletionResult]::new('billing', 'billing', [CompletionResultType]::ParameterValue, 'Manage billing projects')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Initialize a Hail Batch environment: sign in, choose or create a bucket for temporary files (with `gcloud`), a region and a query backend, and save them in the configuration')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the local Batch service in the foreground (Hail''s Batch REST API on this machine)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hailctl;batch;help;submit' {
            break
        }
        'hailctl;batch;help;list' {
            break
        }
        'hailctl;batch;help;get' {
            break
        }
        'hailctl;batch;help;cancel' {
            break
        }
        'hailctl;batch;help;delete' {
            break
        }
        'hailctl;batch;help;job' {
            break
        }
        'hailctl;batch;help;jobs' {
            break
        }
        'hailctl;batch;help;log' {
            break
        }
        'hailctl;batch;help;attempts' {
            break
        }
        'hailctl;batch;help;wait' {
            break
        }
        'hailctl;batch;help;rerun' {
            break
        }
        'hailctl;batch;help;status' {
            break
        }
        'hailctl;batch;help;regions' {
            break
        }
        'hailctl;batch;help;ui' {
            break
        }
        'hailctl;batch;help;billing' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List billing projects')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Get the billing information for the specified project')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a billing project (open, no limit, no members). Needs the developer role')
            [CompletionResult]::new('add-user', 'add-user', [CompletionResultType]::ParameterValue, 'Make USER a member of a billing project. Needs the developer role')
            [CompletionResult]::new('remove-user', 'remove-user', [CompletionResultType]::ParameterValue, 'Remove USER from a billing project. Needs the developer role')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close a billing project: no new batches. Needs the developer role')
            [CompletionResult]::new('reopen', 'reopen', [CompletionResultType]::ParameterValue, 'Reopen a closed billing project. Needs the developer role')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a closed billing project. Needs the developer role')
            [CompletionResult]::new('limit', 'limit', [CompletionResultType]::ParameterValue, 'Set the spending limit of a billing project in dollars, or remove it with `none`. Needs the developer role')
            break
        }
        'hailctl;batch;help;billing;list' {
            break
        }
        'hailctl;batch;help;billing;get' {
            break
        }
        'hailctl;batch;help;billing;create' {
            break
        }
        'hailctl;batch;help;billing;add-user' {
            break
        }
        'hailctl;batch;help;billing;remove-user' {
            break
        }
        'hailctl;batch;help;billing;close' {
            break
        }
        'hailctl;batch;help;billing;reopen' {
            break
        }
        'hailctl;batch;help;billing;delete' {
            break
        }
        'hailctl;batch;help;billing;limit' {
            break
        }
        'hailctl;batch;help;init' {
            break
        }
        'hailctl;batch;help;serve' {
            break
        }
        'hailctl;batch;help;help' {
            break
        }
        'hailctl;auth' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Obtain Hail credentials')
            [CompletionResult]::new('copy-paste-login', 'copy-paste-login', [CompletionResultType]::ParameterValue, 'Obtain Hail credentials with a copy paste token')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Revoke Hail credentials')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List Hail credentials')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Get Hail user information')
            [CompletionResult]::new('create-user', 'create-user', [CompletionResultType]::ParameterValue, 'Create a new Hail user with username USERNAME and login ID LOGIN_ID')
            [CompletionResult]::new('delete-user', 'delete-user', [CompletionResultType]::ParameterValue, 'Delete the Hail user with username USERNAME')
            [CompletionResult]::new('add-role', 'add-role', [CompletionResultType]::ParameterValue, 'Add a system role to a user')
            [CompletionResult]::new('remove-role', 'remove-role', [CompletionResultType]::ParameterValue, 'Remove a system role from a user')
            [CompletionResult]::new('list-roles', 'list-roles', [CompletionResultType]::ParameterValue, 'List system roles for a user. Shows your own roles if no username is given')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hailctl;auth;login' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'The loopback port the browser is sent back to (with SSH port forwarding, the forwarded one; 0: any free port) [default: 8080, or any free port if it is taken]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Do not try to start a browser; only print the URL (Microsoft then sends the code back in the address, so that it can be pasted)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;auth;copy-paste-login' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;auth;logout' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;auth;list' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;auth;user' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;auth;create-user' {
            [CompletionResult]::new('--hail-identity', '--hail-identity', [CompletionResultType]::ParameterName, 'The cloud identity the user''s jobs run as (created by the auth service if absent)')
            [CompletionResult]::new('--hail-credentials-secret-name', '--hail-credentials-secret-name', [CompletionResultType]::ParameterName, 'The secret holding the credentials of --hail-identity')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The user is a service account')
            [CompletionResult]::new('--no-service-account', '--no-service-account', [CompletionResultType]::ParameterName, 'The user is not a service account (the default; undoes --service-account)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the user is active')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Do not wait (the default; undoes --wait)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;auth;delete-user' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the user is deleted')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Do not wait (the default; undoes --wait)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;auth;add-role' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;auth;remove-role' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;auth;list-roles' {
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'The Hail username of the user [default: you]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;auth;help' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Obtain Hail credentials')
            [CompletionResult]::new('copy-paste-login', 'copy-paste-login', [CompletionResultType]::ParameterValue, 'Obtain Hail credentials with a copy paste token')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Revoke Hail credentials')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List Hail credentials')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Get Hail user information')
            [CompletionResult]::new('create-user', 'create-user', [CompletionResultType]::ParameterValue, 'Create a new Hail user with username USERNAME and login ID LOGIN_ID')
            [CompletionResult]::new('delete-user', 'delete-user', [CompletionResultType]::ParameterValue, 'Delete the Hail user with username USERNAME')
            [CompletionResult]::new('add-role', 'add-role', [CompletionResultType]::ParameterValue, 'Add a system role to a user')
            [CompletionResult]::new('remove-role', 'remove-role', [CompletionResultType]::ParameterValue, 'Remove a system role from a user')
            [CompletionResult]::new('list-roles', 'list-roles', [CompletionResultType]::ParameterValue, 'List system roles for a user. Shows your own roles if no username is given')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hailctl;auth;help;login' {
            break
        }
        'hailctl;auth;help;copy-paste-login' {
            break
        }
        'hailctl;auth;help;logout' {
            break
        }
        'hailctl;auth;help;list' {
            break
        }
        'hailctl;auth;help;user' {
            break
        }
        'hailctl;auth;help;create-user' {
            break
        }
        'hailctl;auth;help;delete-user' {
            break
        }
        'hailctl;auth;help;add-role' {
            break
        }
        'hailctl;auth;help;remove-role' {
            break
        }
        'hailctl;auth;help;list-roles' {
            break
        }
        'hailctl;auth;help;help' {
            break
        }
        'hailctl;curl' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;completions' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('--dynamic', '--dynamic', [CompletionResultType]::ParameterName, 'Print a small script that asks `hailctl` for candidates at each TAB, which also completes profile names and the keys in your configuration files')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;version' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'hailctl;help' {
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Manage Hail configuration')
            [CompletionResult]::new('batch', 'batch', [CompletionResultType]::ParameterValue, 'Manage batches running on the batch service managed by the Hail team, or on the embedded local Batch service')
            [CompletionResult]::new('auth', 'auth', [CompletionResultType]::ParameterValue, 'Manage Hail credentials')
            [CompletionResult]::new('curl', 'curl', [CompletionResultType]::ParameterValue, 'Issue authenticated curl requests to Hail infrastructure')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print version information and exit')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'hailctl;help;config' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set a Hail configuration parameter')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Unset a Hail configuration parameter (restore to default behavior)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Get the value of a Hail configuration parameter')
            [CompletionResult]::new('config-location', 'config-location', [CompletionResultType]::ParameterValue, 'Print the location of the config file')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Lists every config variable in the section')
            [CompletionResult]::new('profile', 'profile', [CompletionResultType]::ParameterValue, 'Manage Hail configuration profiles')
            break
        }
        'hailctl;help;config;set' {
            break
        }
        'hailctl;help;config;unset' {
            break
        }
        'hailctl;help;config;get' {
            break
        }
        'hailctl;help;config;config-location' {
            break
        }
        'hailctl;help;config;list' {
            break
        }
        'hailctl;help;config;profile' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the available Hail configuration profiles')
            [CompletionResult]::new('load', 'load', [CompletionResultType]::ParameterValue, 'Load a Hail configuration profile')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a new Hail configuration profile')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a Hail configuration profile')
            break
        }
        'hailctl;help;config;profile;list' {
            break
        }
        'hailctl;help;config;profile;load' {
            break
        }
        'hailctl;help;config;profile;create' {
            break
        }
        'hailctl;help;config;profile;delete' {
            break
        }
        'hailctl;help;batch' {
            [CompletionResult]::new('submit', 'submit', [CompletionResultType]::ParameterValue, 'Submit a batch with a single job that runs COMMAND, optionally with ARGS, or a whole batch described in a spec file (--file)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List batches (newest first)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Get a particular batch''s info')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel a batch')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a batch')
            [CompletionResult]::new('job', 'job', [CompletionResultType]::ParameterValue, 'Get the status and specification for a job')
            [CompletionResult]::new('jobs', 'jobs', [CompletionResultType]::ParameterValue, 'List the jobs of a batch')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Get the log for a job')
            [CompletionResult]::new('attempts', 'attempts', [CompletionResultType]::ParameterValue, 'Get the attempts for a job')
            [CompletionResult]::new('wait', 'wait', [CompletionResultType]::ParameterValue, 'Wait for a batch to complete, then print its status')
            [CompletionResult]::new('rerun', 'rerun', [CompletionResultType]::ParameterValue, 'Submit a new batch with the jobs of BATCH_ID that failed, errored or were cancelled, and the jobs that depend on them')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Summarize a batch (state, counts, failed jobs and their logs); without a batch id, show the environment: backend, service, user, billing project, each with its source')
            [CompletionResult]::new('regions', 'regions', [CompletionResultType]::ParameterValue, 'The regions the Batch service supports, and its default region')
            [CompletionResult]::new('ui', 'ui', [CompletionResultType]::ParameterValue, 'Open the web UI in a browser, signed in: the batch list, or one batch')
            [CompletionResult]::new('billing', 'billing', [CompletionResultType]::ParameterValue, 'Manage billing projects')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Initialize a Hail Batch environment: sign in, choose or create a bucket for temporary files (with `gcloud`), a region and a query backend, and save them in the configuration')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the local Batch service in the foreground (Hail''s Batch REST API on this machine)')
            break
        }
        'hailctl;help;batch;submit' {
            break
        }
        'hailctl;help;batch;list' {
            break
        }
        'hailctl;help;batch;get' {
            break
        }
        'hailctl;help;batch;cancel' {
            break
        }
        'hailctl;help;batch;delete' {
            break
        }
        'hailctl;help;batch;job' {
            break
        }
        'hailctl;help;batch;jobs' {
            break
        }
        'hailctl;help;batch;log' {
            break
        }
        'hailctl;help;batch;attempts' {
            break
        }
        'hailctl;help;batch;wait' {
            break
        }
        'hailctl;help;batch;rerun' {
            break
        }
        'hailctl;help;batch;status' {
            break
        }
        'hailctl;help;batch;regions' {
            break
        }
        'hailctl;help;batch;ui' {
            break
        }
        'hailctl;help;batch;billing' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List billing projects')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Get the billing information for the specified project')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a billing project (open, no limit, no members). Needs the developer role')
            [CompletionResult]::new('add-user', 'add-user', [CompletionResultType]::ParameterValue, 'Make USER a member of a billing project. Needs the developer role')
            [CompletionResult]::new('remove-user', 'remove-user', [CompletionResultType]::ParameterValue, 'Remove USER from a billing project. Needs the developer role')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close a billing project: no new batches. Needs the developer role')
            [CompletionResult]::new('reopen', 'reopen', [CompletionResultType]::ParameterValue, 'Reopen a closed billing project. Needs the developer role')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a closed billing project. Needs the developer role')
            [CompletionResult]::new('limit', 'limit', [CompletionResultType]::ParameterValue, 'Set the spending limit of a billing project in dollars, or remove it with `none`. Needs the developer role')
            break
        }
        'hailctl;help;batch;billing;list' {
            break
        }
        'hailctl;help;batch;billing;get' {
            break
        }
        'hailctl;help;batch;billing;create' {
            break
        }
        'hailctl;help;batch;billing;add-user' {
            break
        }
        'hailctl;help;batch;billing;remove-user' {
            break
        }
        'hailctl;help;batch;billing;close' {
            break
        }
        'hailctl;help;batch;billing;reopen' {
            break
        }
        'hailctl;help;batch;billing;delete' {
            break
        }
        'hailctl;help;batch;billing;limit' {
            break
        }
        'hailctl;help;batch;init' {
            break
        }
        'hailctl;help;batch;serve' {
            break
        }
        'hailctl;help;auth' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Obtain Hail credentials')
            [CompletionResult]::new('copy-paste-login', 'copy-paste-login', [CompletionResultType]::ParameterValue, 'Obtain Hail credentials with a copy paste token')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'Revoke Hail credentials')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List Hail credentials')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Get Hail user information')
            [CompletionResult]::new('create-user', 'create-user', [CompletionResultType]::ParameterValue, 'Create a new Hail user with username USERNAME and login ID LOGIN_ID')
            [CompletionResult]::new('delete-user', 'delete-user', [CompletionResultType]::ParameterValue, 'Delete the Hail user with username USERNAME')
            [CompletionResult]::new('add-role', 'add-role', [CompletionResultType]::ParameterValue, 'Add a system role to a user')
            [CompletionResult]::new('remove-role', 'remove-role', [CompletionResultType]::ParameterValue, 'Remove a system role from a user')
            [CompletionResult]::new('list-roles', 'list-roles', [CompletionResultType]::ParameterValue, 'List system roles for a user. Shows your own roles if no username is given')
            break
        }
        'hailctl;help;auth;login' {
            break
        }
        'hailctl;help;auth;copy-paste-login' {
            break
        }
        'hailctl;help;auth;logout' {
            break
        }
        'hailctl;help;auth;list' {
            break
        }
        'hailctl;help;auth;user' {
            break
        }
        'hailctl;help;auth;create-user' {
            break
        }
        'hailctl;help;auth;delete-user' {
            break
        }
        'hailctl;help;auth;add-role' {
            break
        }
        'hailctl;help;auth;remove-role' {
            break
        }
        'hailctl;help;auth;list-roles' {
            break
        }
        'hailctl;help;curl' {
            break
        }
        'hailctl;help;completions' {
            break
        }
        'hailctl;help;version' {
            break
        }
        'hailctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
