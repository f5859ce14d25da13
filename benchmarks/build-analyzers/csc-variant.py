#!/usr/bin/env python3
"""One project compiled by csc exactly as a build compiled it, with the analyzers main gave the compiler or the branch's.

Usage: csc-variant.py DIAG_LOG VARIANT PROJECT_FOLDER [ASSEMBLY]
  DIAG_LOG        a build's log at detailed verbosity (dotnet msbuild build.binlog -noconlog -flp:"v:d;logfile=diag.log"),
                  which holds each project's compiler command line
  VARIANT         main:   the command line as logged (the build's own analyzers: a build of main's head)
                  branch: without the code-style analyzers, the COM-interface and JavaScript-interop generators, and (but in
                          the API) Microsoft.AspNetCore.OpenApi's XML-comment generator — what round 55's build leaves out
                  mid:    branch with the OpenAPI generator kept (its output alone is then what tells the assemblies apart)
  PROJECT_FOLDER  where the build ran csc, e.g. src/RelationsLedger.Domain (the sources are relative to it)
  ASSEMBLY        the assembly's name when it is not the folder's (ledger for src/RelationsLedger.Cli)

Writes the dll and pdb to ./out (one path for every variant: the pdb's path is written into the dll) and copies them to
./VARIANT/, so that two variants' outputs can be compared with cmp; prints the exit code, the wall, the compiler's CPU
(user + system) and the 1-minute load at the start. docs/performance.md, round 55.
"""
import os
import resource
import shlex
import shutil
import subprocess
import sys
import time

log, variant, folder = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3])
name = sys.argv[4] if len(sys.argv) > 4 else os.path.basename(folder)
command = next(l.strip() for l in open(log, encoding='utf-8')
               if '/csc /noconfig' in l and f'/out:obj/Release/net10.0/{name}.dll' in l)
args = shlex.split(command)


def dropped(a):
    if variant == 'main' or not a.startswith('/analyzer:'):
        return False
    f = os.path.basename(a)
    if '/codestyle/' in a:
        return True
    if f in ('Microsoft.Interop.ComInterfaceGenerator.dll', 'Microsoft.Interop.JavaScript.JSImportGenerator.dll'):
        return True
    return variant == 'branch' and f == 'Microsoft.AspNetCore.OpenApi.SourceGenerators.dll' and name != 'RelationsLedger.Api'


out = os.path.abspath('out')
kept = []
for a in args[1:]:
    if a == '/reportanalyzer' or dropped(a):
        continue
    if a.startswith('/out:'):
        a = f'/out:{out}/{name}.dll'
    elif a.startswith('/refout:'):
        a = f'/refout:{out}/ref-{name}.dll'
    elif a.startswith('/embed:') and ',' in a:
        a = '/embed:"' + a[len('/embed:'):] + '"'
    elif ',' in a and not a.startswith('/'):
        a = '"' + a + '"'  # csc splits a source path on commas unless it is quoted
    kept.append(a)
os.makedirs(out, exist_ok=True)
os.makedirs(variant, exist_ok=True)

load = open('/proc/loadavg').read().split()[0]
started = time.time()
run = subprocess.run([args[0]] + kept, cwd=folder, capture_output=True, text=True)
wall = time.time() - started
used = resource.getrusage(resource.RUSAGE_CHILDREN)
for f in (f'{name}.dll', f'{name}.pdb'):
    if os.path.exists(os.path.join(out, f)):
        shutil.copy(os.path.join(out, f), os.path.join(variant, f))
if run.returncode != 0:
    sys.stderr.write(run.stdout + run.stderr)
print(f'{variant} {name} exit {run.returncode} wall {wall:.1f} s cpu {used.ru_utime + used.ru_stime:.2f} s load {load}')
