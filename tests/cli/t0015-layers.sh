#!/bin/sh
# t0015-layers.sh -- the layer rule of tools/codecheck (rule 3): the tree
# as it is passes; a copy of it with one upward include added fails, naming
# the file, the line and the include -- for each kind of step the rule
# forbids (kernel -> area, core -> kernel, web -> core, one family -> another,
# desk -> area, base -> store) -- and a file in a folder the layer table
# does not know fails too.  Run from the top of the tree after
# `make build/tools/codecheck`.
cd "$(dirname "$0")/../.." || exit 1
. tests/cli/lib.sh t0015
CC=$(pwd)/build/tools/codecheck

if [ ! -x "$CC" ]; then
  echo "FAIL: $CC not built (make build/tools/codecheck)"
  echo "0 passed, 1 failed"
  exit 1
fi

srcs() { (cd "$1" && ls src/*.c src/*/*.c src/*/*/*.c src/*.h src/*/*.h src/*/*/*.h 2>/dev/null); }

# the real tree passes, headers included
out=$("$CC" $(srcs .)); rc=$?
ok $rc "the tree passes the layer rule: $(echo "$out" | grep -v ' passed, ' | head -n 5)"

# bad FILE LINE WHAT: a fresh copy of src/ with LINE added at the top of
# FILE must fail, the report naming FILE (as the copy's path), the
# include, and "layer violation"; nothing else may be reported.
bad() {
  rm -rf "$T/tree"
  mkdir -p "$T/tree"
  cp -R src "$T/tree/src"
  { echo "$2"; cat "$T/tree/$1"; } >"$T/tree/f" && mv "$T/tree/f" "$T/tree/$1"
  out=$(cd "$T/tree" && "$CC" $(srcs .)); rc=$?
  [ $rc -eq 1 ]; ok $? "$3: exit $rc, expected 1"
  inc=$(echo "$2" | sed 's/^#include //')
  echo "$out" | grep -F "$1:1: #include $inc: layer violation" >/dev/null
  ok $? "$3: the report names $1:1 and $inc (got: $(echo "$out" | head -n 3))"
  n=$(echo "$out" | grep -c ': layer violation\|: layer: ')
  [ "$n" -eq 1 ]; ok $? "$3: exactly one violation reported (got $n)"
  echo "$out" | tail -n 1 | grep -qE '^[0-9]+ passed, 1 failed$'
  ok $? "$3: last line '$(echo "$out" | tail -n 1)'"
}

bad src/reg/reg.c '#include "../areas/legal/adviser.h"' "kernel includes an area"
bad src/reg/page.c '#include "../desk/user.h"' "kernel includes the desk"
bad src/core/app.c '#include "../reg/reg.h"' "core includes the kernel"
bad src/core/scope.c '#include "../areas/org/org.h"' "core includes an area"
bad src/web/html.c '#include "../core/app.h"' "web includes core"
bad src/web/req.c '#include "../store/db.h"' "web includes store (same layer)"
bad src/base/util.c '#include "../crypto/sm3.h"' "base includes crypto"
bad src/store/db.c '#include "../web/req.h"' "store includes web"
bad src/areas/schools/school.c '#include "../org/org.h"' "one family includes another"
bad src/areas/permits/permit.c '#include "../../desk/calendar.h"' "an area includes the desk"
bad src/desk/user.c '#include "../areas/org/org.h"' "the desk includes an area"
bad src/core/audit.h '#include "../desk/audit.h"' "a core header includes the desk"

# allowed: own folder, lower layers, the wiring at the top
rm -rf "$T/tree"; mkdir -p "$T/tree"; cp -R src "$T/tree/src"
{ echo '#include "../../reg/reg.h"'; echo '#include "../../core/scope.h"';
  echo '#include "../../web/html.h"'; echo '#include "school.h"';
  cat src/areas/schools/school.c; } >"$T/tree/src/areas/schools/school.c"
out=$(cd "$T/tree" && "$CC" $(srcs .)); rc=$?
ok $rc "a family includes its own folder, reg, core and web: $(echo "$out" | head -n 3)"

# a folder the table does not know
mkdir -p "$T/tree/src/misc"
printf '#include "../common.h"\n' >"$T/tree/src/misc/x.c"
out=$(cd "$T/tree" && "$CC" src/misc/x.c); rc=$?
[ $rc -eq 1 ]; ok $? "unknown folder: exit $rc, expected 1"
echo "$out" | grep -F "src/misc/x.c:1: layer: " >/dev/null; ok $? "unknown folder named: $out"
# an area file directly under areas/ (areas are family folders)
printf '#include "../common.h"\n' >"$T/tree/src/areas/y.c"
out=$(cd "$T/tree" && "$CC" src/areas/y.c); rc=$?
[ $rc -eq 1 ]; ok $? "areas/y.c outside a family folder: exit $rc, expected 1"

finish
