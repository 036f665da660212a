"""Drives the local Batch service with Hail's own Python client (hailtop.batch_client).

Run by tests/it/python_client.rs with the environment printed by `hailctl batch serve --python-env`
(HAIL_DEPLOY_CONFIG_FILE, HAIL_TOKENS_FILE, SSL_CERT_FILE). Usage:

    python interop.py USER

where USER is the user the service maps its token to. Every wait polls with a deadline; a
failed check raises AssertionError with a message saying what was expected and what was seen.
Exits 0 when everything passed.
"""

import sys
import time
import uuid

from hailtop.batch_client.client import BatchClient

IMAGE = 'ubuntu:24.04'
BILLING_PROJECT = 'test'
DEADLINE_SECONDS = 120
COMPLETE_JOB_STATES = {'Cancelled', 'Error', 'Failed', 'Success'}


def step(message):
    print(f'--- {message}', flush=True)


def poll(what, fetch, done, deadline=DEADLINE_SECONDS):
    """Calls fetch() until done(value) holds; fails after `deadline` seconds."""
    end = time.monotonic() + deadline
    delay = 0.05
    while True:
        value = fetch()
        if done(value):
            return value
        if time.monotonic() > end:
            raise AssertionError(f'timed out after {deadline}s waiting for {what}; last seen: {value!r}')
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def make_client():
    # Newer hailtop versions have BatchClient.create(...); 0.2.139 constructs directly.
    create = getattr(BatchClient, 'create', None)
    if callable(create):
        return create(BILLING_PROJECT)
    return BatchClient(BILLING_PROJECT)


def dependent_jobs(client, user, tag):
    step('batch 1: three dependent jobs a -> b -> c')
    batch = client.create_batch(attributes={'name': 'interop', 'interop_tag': tag})
    a = batch.create_job(IMAGE, ['/bin/bash', '-c', 'echo job-a says hello'], attributes={'name': 'a'})
    b = batch.create_job(IMAGE, ['/bin/bash', '-c', 'echo job-b after a'], parents=[a], attributes={'name': 'b'})
    c = batch.create_job(
        IMAGE, ['/bin/bash', '-c', 'echo job-c after b; echo to-stderr >&2'], parents=[b], attributes={'name': 'c'}
    )
    batch.submit()
    check(batch.id is not None and batch.id >= 1, f'submit gave no batch id: {batch.id!r}')
    print(f'submitted batch {batch.id}: jobs {a.job_id}, {b.job_id}, {c.job_id}', flush=True)
    check([a.job_id, b.job_id, c.job_id] == [1, 2, 3], f'job ids: {[a.job_id, b.job_id, c.job_id]}')

    status = poll(f'batch {batch.id} to complete', batch.status, lambda s: s['complete'])
    check(status['state'] == 'success', f'batch state: expected success, got {status["state"]!r} in {status}')
    check(status['n_jobs'] == 3, f'n_jobs: expected 3, got {status["n_jobs"]}')
    check(status['n_succeeded'] == 3, f'n_succeeded: expected 3, got {status.get("n_succeeded")}')
    check(status['user'] == user, f'batch user: expected {user!r}, got {status["user"]!r}')
    check(status['billing_project'] == BILLING_PROJECT, f'billing project: {status["billing_project"]!r}')
    check(
        status.get('attributes') == {'name': 'interop', 'interop_tag': tag}, f'attributes: {status.get("attributes")!r}'
    )

    expected_logs = {'a': 'job-a says hello\n', 'b': 'job-b after a\n', 'c': 'job-c after b\n'}
    times = {}
    for name, job in (('a', a), ('b', b), ('c', c)):
        job_status = job.status()
        check(job_status['state'] == 'Success', f'job {name}: expected Success, got {job_status["state"]!r}')
        check(job_status.get('exit_code') == 0, f'job {name}: exit code {job_status.get("exit_code")!r}')
        log = job.log()
        check(isinstance(log, dict) and 'main' in log, f'job {name}: log() should map containers, got {log!r}')
        check(
            log['main'].startswith(expected_logs[name]), f'job {name}: log()["main"] = {log["main"]!r}'
        )
        main = job.container_log('main')
        if isinstance(main, bytes):
            main = main.decode()
        check(main.startswith(expected_logs[name]), f'job {name}: container_log("main") = {main!r}')
        # The attempt's times (ms since the epoch), to check the order below.
        attempt = job_status.get('status') or {}
        start, end = attempt.get('start_time'), attempt.get('end_time')
        check(
            isinstance(start, int) and isinstance(end, int),
            f'job {name}: status.start_time/end_time should be integers, got {start!r}, {end!r}',
        )
        times[name] = (start, end)
        print(f'job {name}: {job_status["state"]}, log {log["main"]!r}', flush=True)
    check(times['a'][1] <= times['b'][0], f'b started before a ended: {times}')
    check(times['b'][1] <= times['c'][0], f'c started before b ended: {times}')
    return batch


def listings(client, user, tag, batch_id):
    step(f'list batches: v1 "user:{user}"')
    v1 = [b.id for b in client.list_batches(q=f'user:{user}')]
    check(batch_id in v1, f'v1 user:{user} should list batch {batch_id}, got {v1}')
    step(f'list batches: v2 "interop_tag = {tag}"')
    v2 = [b.id for b in client.list_batches(q=f'interop_tag = {tag}', version=2)]
    check(v2 == [batch_id], f'v2 interop_tag = {tag} should list exactly [{batch_id}], got {v2}')
    v2_none = [b.id for b in client.list_batches(q=f'interop_tag = no-{tag}', version=2)]
    check(v2_none == [], f'v2 query for a missing tag should list nothing, got {v2_none}')
    v2_user = [b.id for b in client.list_batches(q=f'user = {user}\nname = interop', version=2)]
    check(batch_id in v2_user, f'v2 "user = {user}" + "name = interop" should list {batch_id}, got {v2_user}')


def cancellation(client):
    step('batch 2: a long job, cancelled')
    batch = client.create_batch(attributes={'name': 'interop-cancel'})
    job = batch.create_job(IMAGE, ['/bin/bash', '-c', 'sleep 600'])
    batch.submit()
    poll(f'job {batch.id}/{job.job_id} to run', job.status, lambda s: s['state'] in {'Running'} | COMPLETE_JOB_STATES)
    batch.cancel()
    status = poll(f'cancelled batch {batch.id} to complete', batch.status, lambda s: s['complete'], deadline=60)
    check(status['state'] == 'cancelled', f'batch state: expected cancelled, got {status["state"]!r} in {status}')
    job_status = job.status()
    check(job_status['state'] == 'Cancelled', f'job state: expected Cancelled, got {job_status["state"]!r}')
    print(f'batch {batch.id}: {status["state"]}, job {job_status["state"]}', flush=True)


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: interop.py USER')
    user = sys.argv[1]
    tag = uuid.uuid4().hex[:12]
    client = make_client()
    try:
        batch = dependent_jobs(client, user, tag)
        listings(client, user, tag, batch.id)
        cancellation(client)
    finally:
        client.close()
    print('interop: all checks passed', flush=True)


if __name__ == '__main__':
    main()
