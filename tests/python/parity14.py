"""The three behaviours of Hail's own service tests that the local service lacked, checked with
Hail's Python client (run by tests/it/python_client.rs with `serve --python-env`'s environment):

- `test_batch::test_list_jobs_v2`: `instance =~ batch-worker` finds the jobs;
- `test_batch::test_authorized_users_only`: a UI page without a session answers 302;
- the auth service's userinfo (what `hailctl auth user` calls) answers for the token's user.

Usage: python parity14.py USER HAILCTL   (HAILCTL: Hail's Python hailctl). Exits 0 when all passed.
"""

import json
import subprocess
import sys
import time

import requests
from hailtop.batch_client.client import BatchClient
from hailtop.config import get_deploy_config

user, hailctl = sys.argv[1], sys.argv[2]
create = getattr(BatchClient, 'create', None)
client = create('test') if callable(create) else BatchClient('test')

batch = client.create_batch(attributes={'name': 'parity14'})
job = batch.create_job('ubuntu:24.04', ['true'])
batch.submit()
end = time.monotonic() + 120
while not batch.status()['complete']:
    assert time.monotonic() < end, 'batch did not complete'
    time.sleep(0.1)
# `instance =~ ...` is the v2 query language (hailtop 0.2.139 takes `version`).
if 'version' in batch.jobs.__code__.co_varnames:
    found = list(batch.jobs(q='instance =~ batch-worker', version=2))
else:
    found = list(batch.jobs(q='instance =~ batch-worker'))
assert len(found) == 1, f'instance =~ batch-worker found {found!r}'
print('instance names: ok', flush=True)

url = get_deploy_config().url('batch', '/batches')
answer = requests.get(url, allow_redirects=False, timeout=30)
assert answer.status_code == 302, f'GET {url} without a session: {answer.status_code}'
print('UI 302: ok', flush=True)

shown = subprocess.run([hailctl, 'auth', 'user'], capture_output=True, text=True, timeout=120)
assert shown.returncode == 0, f'hailctl auth user: {shown.returncode} {shown.stdout} {shown.stderr}'
info = json.loads(shown.stdout)
assert info['username'] == user, f'auth user: {info!r}'
print('userinfo: ok', flush=True)
print('parity14: all checks passed', flush=True)
