"""Runs a pipeline written with Hail's `hailtop.batch` (Batch, ServiceBackend, bash jobs) on
the local Batch service, so that the scripts Hail generates for bash jobs run unchanged in the
jobs' image.

Run by tests/it/python_client.rs with the environment printed by `hailctl batch serve
--python-env`. Usage:

    python pipeline.py IMAGE

The pipeline has no input or output files (those would need a real bucket: remote_tmpdir is a
`gs://` path allow-listed, so that ServiceBackend does not ask Google about it). Exits 0 when
every check passed.
"""

import sys

import hailtop.batch as hb

BUCKET = 'hailctl-local-test'


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def main():
    image = sys.argv[1]
    backend = hb.ServiceBackend(
        billing_project='test',
        remote_tmpdir=f'gs://{BUCKET}/tmp',
        gcs_bucket_allow_list=[BUCKET],
    )
    b = hb.Batch(backend=backend, name='hailtop-batch-pipeline', default_image=image)
    first = b.new_job(name='first')
    # Hail's bash job script: `set -e`, the command, its environment; writes to the image's root.
    first.command('cat /etc/os-release')
    first.command('echo "from $HAIL_JOB_ID" > /tmp/note && cat /tmp/note')
    second = b.new_job(name='second')
    second.depends_on(first)
    second.env('GREETING', 'hello world')
    second.command('for i in 1 2 3; do echo "line $i"; done | tail -n 1')
    second.command('echo "$GREETING"; pwd; id -u')
    batch = b.run(wait=True, disable_progress_bar=True)
    check(batch is not None, 'b.run returned no batch')
    status = batch.status()
    check(status['state'] == 'success', f'batch state: {status}')
    jobs = {j['name']: j for j in batch.jobs()}
    check(set(jobs) == {'first', 'second'}, f'jobs: {sorted(jobs)}')
    first_log = batch.get_job_log(jobs['first']['job_id'])['main']
    check('hailctl test image' in first_log, f'the image\'s os-release: {first_log!r}')
    check(f'from {jobs["first"]["job_id"]}' in first_log, f'first job: {first_log!r}')
    second_log = batch.get_job_log(jobs['second']['job_id'])['main']
    check('line 3' in second_log and 'hello world' in second_log, f'second job: {second_log!r}')
    print('pipeline: all checks passed', flush=True)


if __name__ == '__main__':
    main()
