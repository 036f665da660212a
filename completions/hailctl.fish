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
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from serve help" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from serve help" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from serve help" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from serve help" -f -a "serve" -d 'Run the local Batch service in the foreground (Hail\'s Batch REST API on this machine)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and not __fish_seen_subcommand_from serve help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l addr -d 'Address to listen on. Port 0 lets the system choose a free port' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l data-dir -d 'Where to keep the database and job logs [default: $XDG_DATA_HOME/hailctl/service]' -r -F
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l cores -d 'Number of cores jobs may use at once [default: the machine\'s]' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l region -d 'Region reported to clients and jobs' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l no-sandbox -d 'Run jobs as plain processes even if bubblewrap is available'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l status -d 'Show whether a local service is running, then exit'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -l stop -d 'Stop the running local service, then exit'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from serve" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "serve" -d 'Run the local Batch service in the foreground (Hail\'s Batch REST API on this machine)'
complete -c hailctl -n "__fish_hailctl_using_subcommand batch; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hailctl -n "__fish_hailctl_using_subcommand completions" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand completions" -l dynamic -d 'Print a small script that asks `hailctl` for candidates at each TAB, which also completes profile names and the keys in your configuration files'
complete -c hailctl -n "__fish_hailctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand version" -l profile -d 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)' -r
complete -c hailctl -n "__fish_hailctl_using_subcommand version" -s h -l help -d 'Print help'
complete -c hailctl -n "__fish_hailctl_using_subcommand version" -s V -l version -d 'Print version'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and not __fish_seen_subcommand_from config batch completions version help" -f -a "config" -d 'Manage Hail configuration'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and not __fish_seen_subcommand_from config batch completions version help" -f -a "batch" -d 'Manage batches running on the batch service managed by the Hail team, or on the embedded local Batch service'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and not __fish_seen_subcommand_from config batch completions version help" -f -a "completions" -d 'Print a shell completion script'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and not __fish_seen_subcommand_from config batch completions version help" -f -a "version" -d 'Print version information and exit'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and not __fish_seen_subcommand_from config batch completions version help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "set" -d 'Set a Hail configuration parameter'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "unset" -d 'Unset a Hail configuration parameter (restore to default behavior)'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "get" -d 'Get the value of a Hail configuration parameter'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "config-location" -d 'Print the location of the config file'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "list" -d 'Lists every config variable in the section'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "profile" -d 'Manage Hail configuration profiles'
complete -c hailctl -n "__fish_hailctl_using_subcommand help; and __fish_seen_subcommand_from batch" -f -a "serve" -d 'Run the local Batch service in the foreground (Hail\'s Batch REST API on this machine)'
