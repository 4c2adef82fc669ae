#!/bin/sh
# t0009-docs.sh -- the documentation stands alone (issue 7 §6): no tracked
# file points outside the repository (a shared folder, DESIGN.md, UI.md),
# docs/ARCHITECTURE.md exists and README.md and docs/STYLE.md point to it,
# and every repository path it names in backquotes exists.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh t0009
hits=$(git ls-files | grep -v '^tests/cli/t0009-docs.sh$' \
       | xargs grep -nE '/work/|\.\./shared|shared/(DESIGN|UI|reference|seed)|DESIGN\.md|UI\.md' 2>/dev/null)
[ -z "$hits" ]; ok $? "no file refers outside the repository: $hits"
[ -s docs/ARCHITECTURE.md ]; ok $? "docs/ARCHITECTURE.md exists"
grep -q "docs/ARCHITECTURE.md" README.md; ok $? "README.md points to docs/ARCHITECTURE.md"
grep -q "docs/ARCHITECTURE.md" docs/STYLE.md; ok $? "docs/STYLE.md points to docs/ARCHITECTURE.md"
for s in Layers request Threads Failure Scope Audit "Data folder"; do
  grep -qi "^## .*$s" docs/ARCHITECTURE.md; ok $? "ARCHITECTURE.md has a section on $s"
done
for p in $(grep -oE '`(src|docs|tests|scripts|tools|bench|data)/[A-Za-z0-9_./-]+`' docs/ARCHITECTURE.md \
           | tr -d '`' | sort -u); do
  case $p in *NNNN*) continue;; esac
  [ -e "$p" ]; ok $? "ARCHITECTURE.md names $p, which exists"
done
finish
