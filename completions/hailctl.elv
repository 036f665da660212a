
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
            cand serve 'Run the local Batch service in the foreground (Hail''s Batch REST API on this machine)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hailctl;batch;serve'= {
            cand --addr 'Address to listen on. Port 0 lets the system choose a free port'
            cand --data-dir 'Where to keep the database and job logs [default: $XDG_DATA_HOME/hailctl/service]'
            cand --cores 'Number of cores jobs may use at once [default: the machine''s]'
            cand --region 'Region reported to clients and jobs'
            cand --profile 'Use this configuration profile for this command only, without changing config.ini (also: the HAILCTL_PROFILE environment variable; `default` means no profile)'
            cand --no-sandbox 'Run jobs as plain processes even if bubblewrap is available'
            cand --status 'Show whether a local service is running, then exit'
            cand --stop 'Stop the running local service, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'hailctl;batch;help'= {
            cand serve 'Run the local Batch service in the foreground (Hail''s Batch REST API on this machine)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'hailctl;batch;help;serve'= {
        }
        &'hailctl;batch;help;help'= {
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
            cand serve 'Run the local Batch service in the foreground (Hail''s Batch REST API on this machine)'
        }
        &'hailctl;help;batch;serve'= {
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
