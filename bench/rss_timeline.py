#!/usr/bin/env python3
"""Resident memory of a command and all its descendants over time.

    bench/rss_timeline.py [--every 0.5] [--log FILE] -- CMD ARGS...

Samples /proc every --every seconds; prints the peak of the sum over the process tree, the
peak of any single process (what `/usr/bin/time -v` reports as "Maximum resident set size")
the peak of each kind of process (its command's first words past the program: `run`,
`__worker`, `__finish index` …) and, with --log, writes "seconds  sum_MB  largest_MB
largest_cmd" per sample. Linux only. MB here are 2^20 bytes, as in the bench table's peak RSS column
(`/usr/bin/time -v`'s KiB / 1024), so the two figures compare.
"""
import os, subprocess, sys, time

def children_map():
    kids = {}
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open(f'/proc/{pid}/stat') as f:
                parts = f.read().rsplit(')', 1)[1].split()
            kids.setdefault(int(parts[1]), []).append(int(pid))
        except OSError:
            pass
    return kids

def rss_mb(pid):
    try:
        with open(f'/proc/{pid}/statm') as f:
            return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE') / 2**20
    except OSError:
        return 0.0

def cmd_of(pid):
    try:
        with open(f'/proc/{pid}/cmdline', 'rb') as f:
            a = f.read().split(b'\0')
        return ' '.join(x.decode(errors='replace') for x in a[:3])
    except OSError:
        return '?'

def main():
    args = sys.argv[1:]
    every, log = 0.5, None
    while args and args[0] != '--':
        if args[0] == '--every':
            every = float(args[1]); args = args[2:]
        elif args[0] == '--log':
            log = args[1]; args = args[2:]
        else:
            sys.exit(__doc__)
    if not args or args[0] != '--' or len(args) < 2:
        sys.exit(__doc__)
    t0 = time.time()
    proc = subprocess.Popen(args[1:])
    peak_sum, peak_one, peak_cmd, rows = 0.0, 0.0, '', []
    by_kind = {}
    while proc.poll() is None:
        kids = children_map()
        tree, todo = [], [proc.pid]
        while todo:
            p = todo.pop()
            tree.append(p)
            todo.extend(kids.get(p, []))
        sizes = [(rss_mb(p), p) for p in tree]
        total = sum(s for s, _ in sizes)
        one, who = max(sizes)
        if total > peak_sum:
            peak_sum = total
        if one > peak_one:
            peak_one, peak_cmd = one, cmd_of(who)
        for s, p in sizes:
            words = cmd_of(p).split(' ')[1:]
            kind = ' '.join(words[:2] if words and words[0] == '__finish' else words[:1]) or '?'
            by_kind[kind] = max(by_kind.get(kind, 0.0), s)
        rows.append(f'{time.time() - t0:.1f}\t{total:.0f}\t{one:.0f}\t{cmd_of(who)}')
        time.sleep(every)
    if log:
        with open(log, 'w') as f:
            f.write('\n'.join(rows) + '\n')
    print(f'rss_timeline: wall {time.time() - t0:.1f} s; peak sum over processes {peak_sum:.0f} MB; '
          f'largest process {peak_one:.0f} MB ({peak_cmd})', file=sys.stderr)
    print('rss_timeline: peak by kind of process: ' +
          '; '.join(f'{k} {v:.0f} MB' for k, v in sorted(by_kind.items(), key=lambda kv: -kv[1])), file=sys.stderr)
    sys.exit(proc.returncode)

main()
