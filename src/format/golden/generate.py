#!/usr/bin/env python3
"""Regenerates src/format/golden/cases.rs: golden outputs of the real Python formatters.

Run with the Python that has PyYAML, tabulate (without wcwidth) and orjson installed:

    /tmp/pyhail/bin/python src/format/golden/generate.py > src/format/golden/cases.rs

Each case's input is the JSON text the Rust side parses; the expected strings are what
json.dumps(indent=2), yaml.dump, repr, orjson.dumps, tabulate(..., 'grid') and the hailctl csv
formatter print for the same value (without print()'s newline).
"""
import csv
import io
import json
import random
import sys

import orjson
import tabulate
import yaml

LONG_WORDS = ' '.join(f'word{i}' for i in range(40))
SPEC_COMMAND = [
    '/bin/bash',
    '-c',
    "\nset -e\nmkdir -p /io/batch/caf5a8/submit-v3DVH\n\n{\n{\ncd /work\npython3 -c 'print(\"a b\")' 'it'\"'\"'s' '$HOME'\n}\n}\n",
]

BATCH = {
    'id': 2, 'user': 'alice', 'billing_project': 'test', 'token': 'tok2', 'state': 'success',
    'complete': True, 'closed': True, 'n_jobs': 3, 'n_completed': 3, 'n_succeeded': 3,
    'n_failed': 0, 'n_cancelled': 0, 'time_created': '2024-05-01T12:00:00.000Z',
    'time_closed': '2024-05-01T12:00:00.500Z', 'time_completed': None, 'duration_ms': None,
    'duration': None, 'msec_mcpu': 1234, 'cost': 0.0012,
    'cost_breakdown': [{'resource': 'compute/n1-preemptible/1', 'cost': 0.0012}],
    'attributes': {'name': 'second', 'team': 'x'},
}

JOB = {
    'batch_id': 109, 'job_id': 1, 'name': 'submit', 'user': 'alice', 'billing_project': 'test',
    'state': 'Success', 'exit_code': 0, 'end_time': '2024-05-01T12:00:59.000Z', 'duration': 1000,
    'cost': 0.0001, 'msec_mcpu': 500,
    'cost_breakdown': [{'resource': 'disk/local-ssd/1', 'cost': 0.0001},
                       {'resource': 'compute/n1-preemptible/1', 'cost': 1e-05}],
    'always_run': False, 'display_state': None,
    'status': {
        'worker': 'batch-worker-default-abc', 'batch_id': 109, 'job_id': 1, 'attempt_id': 'xYz12',
        'user': 'alice', 'state': 'succeeded', 'format_version': 7, 'start_time': 1714564800000,
        'end_time': 1714564859000, 'resources': [{'name': 'compute/n1-preemptible/1', 'quantity': 1000}],
        'region': 'us-central1',
        'container_statuses': {
            'input': None,
            'main': {'name': 'main', 'state': 'succeeded',
                     'timing': {'pulling': {'start_time': 1714564800100, 'finish_time': 1714564800200, 'duration': 100},
                                'running': {'start_time': 1714564800300, 'finish_time': 1714564858300, 'duration': 58000}},
                     'container_status': {'state': 'exited', 'started_at': '2024-05-01T12:00:00.300Z',
                                          'finished_at': '2024-05-01T12:00:58.300Z', 'out_of_memory': False,
                                          'exit_code': 0},
                     'short_error': None, 'error': None},
            'output': None,
        },
    },
    'spec': {
        'always_run': False, 'n_max_attempts': 20, 'always_copy_output': False, 'job_id': 1,
        'absolute_parent_ids': [], 'in_update_parent_ids': [],
        'process': {'command': SPEC_COMMAND, 'image': 'hailgenetics/hail:0.2.139', 'type': 'docker'},
        'in_update_job_group_id': 0,
        'env': [{'name': 'HAIL_GCS_BUCKET_ALLOW_LIST', 'value': 'mybucket'},
                {'name': 'HAIL_BATCH_REMOTE_TMPDIR', 'value': 'gs://mybucket/tmp/'},
                {'name': 'BATCH_TMPDIR', 'value': '/io/batch/caf5a8'}],
        'resources': {'cpu': '1', 'memory': 'standard', 'storage': '0Gi', 'preemptible': False},
        'attributes': {'name': 'submit'}, 'regions': ['us-central1'],
        'cloudfuse': [{'bucket': 'bkt', 'mount_path': '/mnt/b', 'read_only': True}],
        'input_files': [['gs://mybucket/tmp/1d8fcc/fb20948e/inputs/xem8p/file.txt',
                         '/io/batch/1d8fcc/inputs/xem8p/file.txt']],
    },
    'inst_coll': 'standard', 'attributes': {'name': 'submit'},
}

ATTEMPTS = [
    {'batch_id': 1, 'job_id': 1, 'attempt_id': 'abc123', 'instance_name': 'batch-worker-1',
     'start_time': '2024-05-01T12:00:00.000Z', 'end_time': '2024-05-01T12:00:59.000Z',
     'reason': None, 'rollup_time': '2024-05-01T12:01:00.000Z', 'start_time_ms': 1714564800000,
     'end_time_ms': 1714564859000, 'duration': '59 seconds', 'duration_ms': 59000},
    {'batch_id': 1, 'job_id': 1, 'attempt_id': 'def456', 'instance_name': 'batch-worker-2',
     'start_time': '2024-05-01T12:02:00.000Z', 'reason': 'preempted'},
]

BILLING = [
    {'billing_project': 'test', 'status': 'open', 'users': ['alice', 'bob'], 'limit': None, 'accrued_cost': 1.5},
    {'billing_project': 'other', 'status': 'closed', 'users': ['alice'], 'limit': 10.0, 'accrued_cost': 0.0},
]

TRICKY_STRINGS = [
    '', ' ', '  ', 'yes', 'Yes', 'YES', 'no', 'No', 'on', 'OFF', 'Off', 'y', 'n', 'true', 'False',
    'TRUE', 'tRue', 'null', 'Null', 'NULL', 'nULL', '~', '123', '-123', '+1', '0', '007', '08',
    '0o17', '0x1F', '0x', '0b101', '1_000', '1,000', '12:30:45', '1:20.5', '1.5', '.5', '5.',
    '1e5', '1.0e+5', '1.0e5', '1e+5', '.inf', '-.inf', '+.Inf', '.nan', '.NaN', 'inf', 'nan',
    'NaN', '2024-05-01', '2024-05-01T12:00:00.000Z', '2024-5-1 1:00:00', '2024-05-01 12:00:00 +01:00',
    '2024-05-01t12:00:00Z', '2024-05-0', '=', '<<', '<', '!', '&a', '*a', '!tag', '- a', '-a', '-',
    '--', '---', '--- x', '...', '....', 'a...', 'a: b', 'a:b', 'a:', ':', ':a', ': a', 'a #b',
    'a#b', '#a', '? x', '?x', '?', 'a, b', 'a,b', '[x]', 'x]', '{x}', 'x}', '@x', '`x', '%x', '|x',
    'x|', '>x', "'x", '"x', "x'", 'x"', "it's", 'say "hi"', "both ' and \"", 'back\\slash',
    'trailing ', ' leading', 'in  side', 'multi\nline', 'multi\n\nline\n', '\nleading newline',
    'trailing newline\n', 'space \nbreak', 'break\n space', 'x\n', '\n', '\n\n', 'a\r\nb', 'a\rb',
    'tab\there', '\t', 'caf\u00e9', '\u65e5\u672c\u8a9e', '\U0001f600', 'line\u2028sep', 'nel\x85x',
    'nb\xa0sp', 'bom\ufeffx', 'nul\x00x', 'bell\x07', 'esc\x1b[31mred', 'del\x7fx', 'zw\u200bsp',
    'tag\U000e0001', 'priv\ue000', '\\', '"', "'", "''", 'a "quoted" \'mix\'', 'hello world',
    'gs://bucket/path/to/file.txt', 'https://batch.hail.is/batches/1', 'key=value', 'a=b=c',
    '100%', '$HOME', '~user', 'a~', 'x: y: z', 'a - b', 'a -b', 'C:\\path', 'a\\nb',
]

NUMBERS = [0, -5, 1, 10 ** 18, 18446744073709551615, -9223372036854775808, 0.0, -0.0, 0.0012,
           1e-05, 1e-04, 10.0, 1e16, 1e15, 1.5e300, 1e-7, 123456.789, 0.1 + 0.2, 2.5e-5, 1e22,
           1234567.0, 123456.5, 1.5, 100.0, 3.14159265358979, 5e-324, 1.7976931348623157e308,
           9999999.0, 0.000123456, 12345678901234567.0, -1e-05]


def long_strings():
    return [
        LONG_WORDS,
        'x' * 300,
        'a: ' + LONG_WORDS,
        "quote's " + LONG_WORDS,
        LONG_WORDS + '\n' + LONG_WORDS,
        '\u00e9 ' + LONG_WORDS,
        'spaces   ' * 20,
        ' '.join(['a' * 79, 'b' * 5, 'c' * 90, 'd']),
        'tab\t' + LONG_WORDS,
        '\u00e9' * 100,
        ('\u00e9 ' * 60).strip(),
        '"' + 'w ' * 60,
        'k' * 75 + ' ' + 'v' * 10 + ' ' + 'w' * 10,
        ' ' * 100 + 'x',
        'x' + ' ' * 100 + 'y',
        'y' * 78 + '\u00e9\u00e9 tail words here and there',
        'z' * 81 + ' \n' + 'q' * 10,
    ]


def fixed_cases():
    cases = [
        BATCH, [BATCH], JOB, [JOB], ATTEMPTS, None, [], {}, BILLING, BILLING[0],
        {'input': None, 'main': 'hello world\nline2\n', 'output': None},
        [{'id': 3, 'state': 'Failure'}, {'id': 2, 'state': 'Running'}, {'id': 1, 'state': 'Success'}],
        [[]], [{}], {'a': []}, {'a': {}}, [[1, 2], [3, [4, []]]], [{'a': [{'b': 1, 'c': [{}]}]}],
        {'a': [[1, 2], {'x': None}]}, [[{'a': 1, 'b': 2}]],
        42, 'hello', '', 'yes', True, False, 1.5, 1e-05, 'x\ny', LONG_WORDS, 'caf\u00e9',
        TRICKY_STRINGS, {s: s for s in TRICKY_STRINGS}, NUMBERS, {str(i): n for i, n in enumerate(NUMBERS)},
        long_strings(), {'k': long_strings()}, {'a': {'b': {'c': {'d': long_strings()}}}},
        {'k' * 120: 1, 'j' * 122: 2, 'm' * 123: 3, 'n' * 130: {'x': 1}, 'multi\nkey': [1], '': 'empty key',
         'p' * 122 + '\u00e9': 4, 'a: b': 'c', '123': 456, 'null': None},
        {'spec': JOB['spec']}, {'command': SPEC_COMMAND},
        {'z': 1, 'a': 2, 'B': 3, '_': 4, '\u00e9': 5, '10': 6, '9': 7},
        ['- x', {'- y': '- z'}], {'nested': {'list': [{'k': 'v', 'l': [1, {'m': 'n'}]}]}},
    ]
    return cases


ALPHABET = list("aab  :#-'\"\n\t,?[{1.0e_~!&*|>%@`\\") + ['\u00e9', '\u2028', '\x00', 'yes', 'null', '12', 'x' * 12]


def random_string(rng):
    n = rng.choice([0, 1, 2, 3, 5, 8, 20, 40, 60])
    return ''.join(rng.choice(ALPHABET) for _ in range(n))


def random_value(rng, depth=0):
    kind = rng.random()
    if depth >= 3 or kind < 0.45:
        return rng.choice([
            lambda: random_string(rng), lambda: random_string(rng), lambda: random_string(rng),
            lambda: rng.randint(-10 ** 6, 10 ** 6),
            lambda: rng.choice(NUMBERS), lambda: None, lambda: rng.random() < 0.5,
            lambda: rng.uniform(-1000, 1000),
        ])()
    if kind < 0.7:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {random_string(rng): random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def random_rows(rng):
    keys = [random_string(rng) or 'k' for _ in range(rng.randint(1, 4))]
    column_kinds = {k: rng.choice(['int', 'float', 'str', 'num_str', 'bool', 'mixed', 'none']) for k in keys}

    def cell(kind):
        if rng.random() < 0.15:
            return None
        if kind == 'int':
            return rng.randint(-10 ** 5, 10 ** 7)
        if kind == 'float':
            return rng.choice([rng.uniform(-1000, 1000), rng.choice(NUMBERS), round(rng.uniform(0, 10), 3)])
        if kind == 'str':
            return random_string(rng)
        if kind == 'num_str':
            return rng.choice(['1', '22', '1,000', '3.5', ' 7 ', '1e3', 'nan', '-4', '1_0', '12.'])
        if kind == 'bool':
            return rng.choice([True, False, 'True'])
        if kind == 'none':
            return rng.choice([None, ''])
        return random_value(rng, 2)

    rows = []
    for _ in range(rng.randint(1, 4)):
        row = {k: cell(column_kinds[k]) for k in keys if rng.random() < 0.9}
        rows.append(row)
    return rows


def table_cases():
    full = {k: v for k, v in BATCH.items() if k != 'attributes'}
    full['state'] = 'Running'
    other = dict(full, id=3, state='Failure', complete=False, cost=1.5, msec_mcpu=None,
                 time_completed='2024-05-01T12:00:09.000Z', duration='1 minute', duration_ms=60000)
    return [
        [{'id': 3, 'state': 'Failure'}, {'id': 2, 'state': 'Running'}, {'id': 1, 'state': 'Success'}],
        [full, other],
        [{'a': 1, 'b': 1.5}, {'a': 22, 'b': 0.0012}, {'a': None, 'b': None}, {'a': -3, 'b': 10.0}],
        [{'f': 1234567.0}, {'f': 1e-05}, {'f': 123456.5}, {'f': 1e16}, {'f': -0.0}, {'f': 3}],
        [{'b': True}, {'b': False}, {'b': None}],
        [{'n': None}, {'n': None}],
        [{'s': '123'}, {'s': '1,000'}, {'s': '45'}],
        [{'s': '1.5'}, {'s': '1,000.25'}, {'s': 'nan'}, {'s': ' 2 '}],
        [{'m': 'abc'}, {'m': 1}, {'m': 2.5}],
        [{'t': True}, {'t': 1}], [{'t': True}, {'t': 1.5}],
        [{'u': 'caf\u00e9'}, {'u': '\u65e5\u672c\u8a9e\u65e5\u672c'}, {'u': '  padded  '}],
        [{'log': 'line1\nline2\nline3', 'id': 1}, {'log': 'single', 'id': 22}, {'log': '', 'id': None}],
        [{'multi\nheader': 1, 'x': 'a\r\nb'}],
        [{'a': 1}, {'b': 2}, {'a': 3, 'c': 'x'}],
        [{'nested': [{'resource': 'x', 'cost': 0.0012}], 'd': {'k': "it's"}}],
        [{'e': ''}, {'e': ''}], [{'e': ''}, {'e': 5}],
        [{'csv': 'a,b', 'q': 'say "hi"', 'nl': 'x\ny', 'cr': 'x\ry', 'sp': ' s '}],
        [{'only': ''}], [{'only': None}], [{}],
        [{'x': 1, 'y': 2}, {'y': 3, 'x': 4}],
    ]


def rust_str(s):
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch == '\\':
            out.append('\\\\')
        elif ch == '"':
            out.append('\\"')
        elif ch == '\n':
            out.append('\\n')
        elif ch == '\r':
            out.append('\\r')
        elif ch == '\t':
            out.append('\\t')
        elif 0x20 <= code < 0x7f:
            out.append(ch)
        else:
            out.append('\\u{%x}' % code)
    out.append('"')
    return ''.join(out)


def csv_format(rows):
    output = io.StringIO()
    writer = csv.writer(output, delimiter=',')
    writer.writerow(rows[0].keys())
    for d in rows:
        writer.writerow(d.values())
    return output.getvalue()


def main():
    rng = random.Random(20240501)
    values = fixed_cases() + [random_value(rng) for _ in range(200)]
    tables = table_cases() + [random_rows(rng) for _ in range(60)]
    w = sys.stdout.write
    w('//! Golden outputs of the real Python formatters. Generated by `generate.py`; do not edit.\n\n')
    w('use super::{TableCase, ValueCase};\n\n')
    w('#[rustfmt::skip]\npub(super) const VALUE_CASES: &[ValueCase] = &[\n')
    for v in values:
        w('    ValueCase {\n')
        w(f'        input: {rust_str(json.dumps(v))},\n')
        w(f'        json: {rust_str(json.dumps(v, indent=2))},\n')
        w(f'        yaml: {rust_str(yaml.dump(v))},\n')
        w(f'        repr: {rust_str(repr(v))},\n')
        w(f'        compact: {rust_str(orjson.dumps(v).decode())},\n')
        w('    },\n')
    w('];\n\n')
    w('#[rustfmt::skip]\npub(super) const TABLE_CASES: &[TableCase] = &[\n')
    for rows in tables:
        w('    TableCase {\n')
        w(f'        input: {rust_str(json.dumps(rows))},\n')
        w(f'        grid: {rust_str(tabulate.tabulate(rows, headers="keys", tablefmt="grid"))},\n')
        w(f'        csv: {rust_str(csv_format(rows))},\n')
        w('    },\n')
    w('];\n')




if __name__ == '__main__':
    main()
